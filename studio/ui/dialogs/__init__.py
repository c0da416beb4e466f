"""Dialogs; every modal question goes through prompts.py so tests can answer it."""
