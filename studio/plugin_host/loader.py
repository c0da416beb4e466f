"""Discovers plugin folders and enables them; a failing plugin is recorded, never fatal."""

from __future__ import annotations

import importlib.util
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from studio.plugin_api import API_VERSION, PluginApi
from studio.plugin_host.manifest import (
    MANIFEST_FILE,
    PluginManifest,
    PluginManifestError,
    read_manifest,
)
from studio.registry import ExtensionRegistry

BUNDLED_PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


@dataclass
class PluginRecord:
    folder: Path
    manifest: PluginManifest | None = None
    enabled: bool = False
    error: str = ""
    details: str = ""


@dataclass
class PluginHost:
    registry: ExtensionRegistry
    records: list[PluginRecord] = field(default_factory=list)

    def discover(self, folders: list[Path]) -> list[PluginRecord]:
        """Read every ``*/plugin.toml`` under the folders (bad manifests are recorded)."""
        found = []
        for root in folders:
            if not root.is_dir():
                continue
            for folder in sorted(p for p in root.iterdir() if (p / MANIFEST_FILE).is_file()):
                record = PluginRecord(folder)
                try:
                    record.manifest = read_manifest(folder)
                except PluginManifestError as error:
                    record.error = str(error)
                found.append(record)
        self.records.extend(found)
        return found

    def enable(self, record: PluginRecord) -> bool:
        manifest = record.manifest
        if manifest is None:
            return False
        major = API_VERSION.split(".")[0]
        if not any(str(api).split(".")[0] == major for api in manifest.api):
            record.error = (
                f"{manifest.name} supports plugin API {', '.join(manifest.api)}; "
                f"this studio offers {API_VERSION}."
            )
            return False
        if any(r.enabled and r.manifest and r.manifest.id == manifest.id for r in self.records):
            record.error = f"Another plugin with the id {manifest.id} is already enabled."
            return False
        module_name = f"lyra_plugins.{manifest.id}"
        try:
            spec = importlib.util.spec_from_file_location(
                module_name, manifest.folder / f"{manifest.entry}.py"
            )
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
            module.enable(PluginApi(manifest.id, self.registry))
        except Exception as error:  # any plugin failure is the plugin's, not the studio's
            sys.modules.pop(module_name, None)
            self.registry.remove_owner(manifest.id)
            record.error = f"{manifest.name} failed to start: {error}"
            record.details = traceback.format_exc()
            return False
        record.enabled = True
        return True

    def load_all(self, folders: list[Path]) -> list[PluginRecord]:
        records = self.discover(folders)
        for record in records:
            self.enable(record)
        return records
