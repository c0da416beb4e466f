"""Lyra Studio: a local, offline studio for stories, lyrics and music."""

__version__ = "0.1.0"
