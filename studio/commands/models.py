"""`lyra models list|pull|import|remove`: manage local models without the GUI."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser("models", help="list, download, import and remove models")
    actions = models.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="installed models and the catalog")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--catalog", action="store_true", help="show the catalog too")
    pull = actions.add_parser("pull", help="download a catalog model or a hub repo id")
    pull.add_argument("name")
    pull.add_argument(
        "--progress-json",
        action="store_true",
        help="print progress as JSON lines (for the studio's Models dialog)",
    )
    imported = actions.add_parser("import", help="use a local model folder or GGUF file")
    imported.add_argument("path", type=Path)
    imported.add_argument("--name")
    imported.add_argument(
        "--allow-pickle",
        action="store_true",
        help="accept .bin/.pt weights (they can run code: trust the source)",
    )
    remove = actions.add_parser("remove", help="forget an import or delete a download")
    remove.add_argument("name")


def _store():
    from studio.config import Paths
    from studio.engines.models import ModelStore

    return ModelStore(Paths.default().data)


_PRINT_LOCK = threading.Lock()


def _json_progress(done: int, total: int) -> None:
    """One JSON line per update; downloads run on several threads, so lines are locked."""
    with _PRINT_LOCK:
        sys.stdout.write(json.dumps({"done": done, "total": total}) + "\n")
        sys.stdout.flush()


def run(options: argparse.Namespace) -> int:
    from studio.engines.errors import EngineError
    from studio.engines.models import load_catalog

    store = _store()
    try:
        if options.action == "list":
            installed = store.installed()
            catalog = load_catalog()
            if options.json:
                print(
                    json.dumps(
                        {
                            "installed": [
                                {
                                    "name": m.name,
                                    "source": m.source,
                                    "path": str(m.path),
                                    "size_bytes": m.size_bytes,
                                    "origin": m.origin,
                                    "backend": m.backend,
                                }
                                for m in installed
                            ],
                            "catalog": [entry.__dict__ for entry in catalog],
                        },
                        indent=2,
                    )
                )
                return 0
            print("Installed:" if installed else "No models installed yet.")
            for model in installed:
                print(f"  {model.name:<40} {model.size_bytes / 1e6:>9,.0f} MB  {model.origin}")
            if options.catalog or not installed:
                print("\nCatalog (lyra models pull ID):")
                for entry in catalog:
                    print(
                        f"  {entry.id:<24} {entry.kind:<6} {entry.download_mb:>6,} MB  "
                        f"RAM {entry.ram_gb:>4} GB  {entry.license}"
                    )
            return 0
        if options.action == "pull":
            folder = store.pull(options.name, _json_progress if options.progress_json else None)
            print(f"Downloaded {options.name} to {folder}")
            return 0
        if options.action == "import":
            model = store.import_path(options.path, options.name, options.allow_pickle)
            print(f"Imported {model.name} ({model.backend}) from {model.path}")
            return 0
        print(store.remove(options.name))
        return 0
    except EngineError as error:
        print(f"lyra: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nlyra: stopped; run the same command again to resume.", file=sys.stderr)
        return 130
