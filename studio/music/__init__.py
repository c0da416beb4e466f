"""Symbolic music: scores, generators, synthesis and file IO (no Qt, no ML)."""
