"""Checks on model folders before anything is loaded: which files, which format, how big."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from studio.engines.errors import ModelFilesError

PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl")


def safetensors_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.safetensors"))


def pickle_weight_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in PICKLE_SUFFIXES and p.is_file())


def check_model_folder(folder: Path, allow_pickle: bool) -> str:
    """Say which weights will load ("safetensors" or "pickle"), or raise a clear error."""
    if not folder.is_dir():
        raise ModelFilesError(f"The model folder {folder} does not exist.")
    if not (folder / "config.json").is_file():
        raise ModelFilesError(
            f"{folder} is not a model folder: it has no config.json. Point at the folder that "
            "holds config.json and the weights."
        )
    if safetensors_files(folder):
        index = folder / "model.safetensors.index.json"
        if index.is_file():
            shards = set(json.loads(index.read_text()).get("weight_map", {}).values())
            missing = sorted(s for s in shards if not (folder / s).is_file())
            if missing:
                raise ModelFilesError(
                    f"{folder} is missing weight files: {', '.join(missing)}. The download may "
                    "be incomplete; pull the model again."
                )
        return "safetensors"
    pickles = pickle_weight_files(folder)
    if pickles:
        if allow_pickle:
            return "pickle"
        raise ModelFilesError(
            f"{folder} only has pickle weights ({pickles[0].name}). Pickle files can run code "
            "when loaded, so Lyra Studio loads only safetensors by default. Convert the model "
            "to safetensors, or allow pickle weights for this model if you trust its source."
        )
    raise ModelFilesError(f"{folder} has a config.json but no weight files.")


def weights_bytes(folder: Path) -> int:
    files = safetensors_files(folder) or pickle_weight_files(folder)
    return sum(p.stat().st_size for p in files)


def weights_fingerprint(folder: Path, cache_file: Path | None = None) -> str:
    """SHA-256 over the weight files (names and contents), cached by size and mtime.
    ``folder`` may also be a single weights file (a GGUF)."""
    if folder.is_file():
        files = [folder]
    else:
        files = safetensors_files(folder) or pickle_weight_files(folder)
    stamp = [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in files]
    cache: dict = {}
    if cache_file is not None and cache_file.is_file():
        try:
            cache = json.loads(cache_file.read_text())
        except ValueError:
            cache = {}
    entry = cache.get(str(folder.resolve()))
    if entry and entry.get("stamp") == stamp:
        return entry["sha256"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
    value = digest.hexdigest()
    if cache_file is not None:
        cache[str(folder.resolve())] = {"stamp": stamp, "sha256": value}
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        from studio.core.atomic import atomic_write_text

        atomic_write_text(cache_file, json.dumps(cache, indent=1))
    return value
