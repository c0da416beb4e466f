"""Text analysis and story context: no Qt, no ML."""
