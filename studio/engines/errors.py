"""Errors the engines raise with messages meant for the user."""


class EngineError(Exception):
    """A problem the user can act on (bad model folder, refused weights, no memory…)."""


class ModelFilesError(EngineError):
    """A model folder is missing files, or holds weights we do not load by default."""
