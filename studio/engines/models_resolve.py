"""Finding a model's folder from what the user gave: a path, or a repo id in the HF cache."""

from __future__ import annotations

import os
from pathlib import Path

from studio.engines.errors import ModelFilesError


def resolve_model_folder(source: str) -> Path:
    """A local folder as it is; a Hugging Face repo id from the local cache (never the
    network: downloading is `lyra models pull`)."""
    path = Path(source).expanduser()
    if path.exists():
        return path
    if source.count("/") == 1 and not source.startswith((".", "/", "~")):
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import LocalEntryNotFoundError

        try:
            return Path(
                snapshot_download(
                    source, local_files_only=True, cache_dir=os.environ.get("HF_HUB_CACHE") or None
                )
            )
        except LocalEntryNotFoundError:
            raise ModelFilesError(
                f"{source} is not downloaded yet. Pull it first (Models ▸ Download, or "
                f"`lyra models pull {source}`)."
            ) from None
    raise ModelFilesError(f"No model at {source}: the folder does not exist.")
