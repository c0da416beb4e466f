"""Central-area panels, one per kind of document, plus the binder."""
