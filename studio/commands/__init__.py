"""The headless subcommands of `lyra`, one module per group."""
