"""Model management: the catalog, what is installed, imports, removal and downloads.

No torch here: this runs in the GUI process and the CLI. Downloads go through
huggingface_hub, which resumes interrupted files; weights are safetensors unless the user
imports something else.
"""

from __future__ import annotations

import contextlib
import os
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from studio.core.atomic import atomic_write_text
from studio.engines.errors import EngineError, ModelFilesError
from studio.engines.weights import check_model_folder, weights_bytes

CATALOG_FILE = Path(__file__).resolve().parents[2] / "presets" / "models.toml"
#: What a pull fetches: configs, tokenizers and safetensors weights, never pickles.
PULL_PATTERNS = [
    "*.json",
    "*.safetensors",
    "*.txt",
    "*.model",
    "*.tiktoken",
    "*.py.txt",
    "tokenizer*",
    "*.jinja",
    "README.md",
    "LICENSE*",
]


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    repo: str
    kind: str  # text | music
    download_mb: int
    ram_gb: float
    license: str
    notes: str = ""


@dataclass(frozen=True)
class InstalledModel:
    name: str  # catalog id, repo id, or the name given at import
    source: str  # what ModelSpec.source takes: a repo id or a path
    path: Path
    size_bytes: int
    origin: str  # "hub-cache" | "imported"
    backend: str = "transformers"


def load_catalog(path: Path = CATALOG_FILE) -> list[CatalogEntry]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [CatalogEntry(**entry) for entry in data.get("model", [])]


def find_in_catalog(name: str) -> CatalogEntry | None:
    for entry in load_catalog():
        if name in (entry.id, entry.repo):
            return entry
    return None


class ModelStore:
    """Installed models: the Hugging Face cache plus folders and GGUF files the user imported."""

    def __init__(self, data_dir: Path) -> None:
        self.registry_file = data_dir / "models.toml"

    # ----------------------------------------------------------------- imported
    def _imported(self) -> dict[str, dict[str, str]]:
        if not self.registry_file.is_file():
            return {}
        try:
            return dict(tomllib.loads(self.registry_file.read_text()).get("imported", {}))
        except (OSError, tomllib.TOMLDecodeError):
            return {}

    def _write_imported(self, imported: dict[str, dict[str, str]]) -> None:
        atomic_write_text(self.registry_file, tomli_w.dumps({"imported": imported}))

    def import_path(
        self, path: Path, name: str | None = None, allow_pickle: bool = False
    ) -> InstalledModel:
        """Remember a local model folder or GGUF file (checked first; nothing is copied)."""
        path = path.expanduser().resolve()
        if path.is_file() and path.suffix.lower() == ".gguf":
            backend = "llama_cpp"
            if path.read_bytes()[:4] != b"GGUF":
                raise ModelFilesError(f"{path.name} is not a GGUF file (wrong header).")
        else:
            check_model_folder(path, allow_pickle)
            backend = "transformers"
        name = name or path.stem
        imported = self._imported()
        imported[name] = {"path": str(path), "backend": backend}
        self._write_imported(imported)
        return self._imported_model(name, imported[name])

    def _imported_model(self, name: str, entry: dict[str, str]) -> InstalledModel:
        path = Path(entry["path"])
        size = (
            path.stat().st_size if path.is_file() else (weights_bytes(path) if path.is_dir() else 0)
        )
        return InstalledModel(
            name, str(path), path, size, "imported", entry.get("backend", "transformers")
        )

    # ----------------------------------------------------------------- hub cache
    def _hub_models(self) -> list[InstalledModel]:
        from huggingface_hub import scan_cache_dir
        from huggingface_hub.errors import CacheNotFound

        try:
            cache = scan_cache_dir(_hub_cache())
        except CacheNotFound:
            return []
        models = []
        for repo in cache.repos:
            if repo.repo_type != "model" or not repo.revisions:
                continue
            newest = max(repo.revisions, key=lambda r: r.last_modified)
            if not (Path(newest.snapshot_path) / "config.json").is_file():
                continue
            models.append(
                InstalledModel(
                    repo.repo_id,
                    repo.repo_id,
                    Path(newest.snapshot_path),
                    repo.size_on_disk,
                    "hub-cache",
                )
            )
        return models

    def installed(self) -> list[InstalledModel]:
        imported = [self._imported_model(n, e) for n, e in self._imported().items()]
        return sorted(self._hub_models(), key=lambda m: m.name.lower()) + imported

    def find(self, name: str) -> InstalledModel | None:
        entry = find_in_catalog(name)
        wanted = {name, entry.repo if entry else name}
        return next((m for m in self.installed() if m.name in wanted), None)

    # ----------------------------------------------------------------- remove and pull
    def remove(self, name: str) -> str:
        """Forget an imported model (its files stay) or delete a downloaded one."""
        imported = self._imported()
        if name in imported:
            del imported[name]
            self._write_imported(imported)
            return f"Forgot {name}; its files were left where they are."
        entry = find_in_catalog(name)
        repo_id = entry.repo if entry else name
        from huggingface_hub import scan_cache_dir
        from huggingface_hub.errors import CacheNotFound

        with contextlib.suppress(CacheNotFound):
            cache = scan_cache_dir(_hub_cache())
            for repo in cache.repos:
                if repo.repo_id == repo_id and repo.repo_type == "model":
                    hashes = [revision.commit_hash for revision in repo.revisions]
                    strategy = cache.delete_revisions(*hashes)
                    strategy.execute()
                    return f"Deleted {repo_id} ({strategy.expected_freed_size_str})."
        raise EngineError(f"No installed model is called {name}. See `lyra models list`.")

    def pull(self, name: str, on_progress: Callable[[int, int], None] | None = None) -> Path:
        """Download a catalog model or any repo id into the Hugging Face cache (resumable).
        ``on_progress(bytes_done, bytes_total)`` is called as bytes arrive."""
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import (
            GatedRepoError,
            HfHubHTTPError,
            LocalEntryNotFoundError,
            RepositoryNotFoundError,
        )

        entry = find_in_catalog(name)
        repo_id = entry.repo if entry else name
        if repo_id.count("/") != 1:
            raise EngineError(f"{name} is neither a catalog model nor a repo id like org/name.")
        try:
            folder = Path(
                snapshot_download(
                    repo_id,
                    allow_patterns=PULL_PATTERNS,
                    cache_dir=_hub_cache(),
                    tqdm_class=_progress_class(on_progress) if on_progress else None,
                )
            )
        except GatedRepoError:
            raise EngineError(
                f"{repo_id} is gated: accept its license on huggingface.co and log in "
                "(`hf auth login`) first."
            ) from None
        except RepositoryNotFoundError:
            raise EngineError(f"{repo_id} does not exist on the Hugging Face hub.") from None
        except LocalEntryNotFoundError:
            raise EngineError(
                f"{repo_id} could not be downloaded: the hub cannot be reached "
                f"({'offline mode is on' if os.environ.get('HF_HUB_OFFLINE') else 'no network'})."
            ) from None
        except HfHubHTTPError as error:
            raise EngineError(f"Downloading {repo_id} failed: {error}") from None
        check_model_folder(folder, allow_pickle=False)
        return folder


def _progress_class(on_progress: Callable[[int, int], None]) -> type:
    """A tqdm that reports the byte counts of a snapshot download instead of drawing bars."""
    from tqdm.auto import tqdm

    lock = threading.Lock()
    bars: dict[int, tuple[int, int]] = {}

    class Reporter(tqdm):  # type: ignore[misc, valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            kwargs["disable"] = False
            kwargs["file"] = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the bar
            super().__init__(*args, **kwargs)

        def update(self, n: float | None = 1) -> bool | None:
            shown = super().update(n)
            if self.unit == "B":
                # huggingface_hub keeps two byte bars (bytes received, bytes written), updated
                # from several threads: report the furthest one, in order, under one lock.
                with lock:
                    bars[id(self)] = (int(self.n), int(self.total or 0))
                    on_progress(*max(bars.values()))
            return shown

        def close(self) -> None:
            super().close()
            self.fp.close()

    return Reporter


def _hub_cache() -> str | None:
    """The hub cache folder, read when used (HF_HUB_CACHE may change after import)."""
    return os.environ.get("HF_HUB_CACHE") or None


def memory_warning(size_bytes: int, precision_factor: float = 1.2) -> str | None:
    """A warning when a model of this size probably does not fit in free memory."""
    available = _available_memory()
    if available is None:
        return None
    needed = int(size_bytes * precision_factor)
    if needed <= available:
        return None
    return (
        f"This model needs about {needed / 2**30:.1f} GB of memory and "
        f"{available / 2**30:.1f} GB is free. Loading may fail or slow the machine down; "
        "close other programs or pick a smaller model."
    )


def _available_memory() -> int | None:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is a dependency
        return None
    return int(psutil.virtual_memory().available)
