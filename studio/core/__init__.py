"""The project model and its storage: no Qt, no ML."""
