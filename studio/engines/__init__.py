"""AI engines; heavy imports happen only inside backends (no Qt)."""
