"""The Models dialog: import, download with progress, load into the engine, remove."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.config import Paths, Preferences
from studio.registry import ExtensionRegistry
from studio.ui.dialogs.models_dialog import ModelsDialog
from studio.ui.jobs import JobRunner
from studio.ui.services import StudioServices
from studio.ui.session import ProjectSession


@pytest.fixture
def dialog(qtbot, prompts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModelsDialog:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    paths = Paths.default()
    services = StudioServices(
        ProjectSession(), Preferences.load(paths), paths, ExtensionRegistry(), JobRunner(), None
    )
    created = ModelsDialog(services)
    qtbot.addWidget(created)
    yield created
    created.done(0)
    services.shutdown_engine()


def installed_names(dialog: ModelsDialog) -> list[str]:
    table = dialog.installed_table
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def test_catalog_lists_the_recommended_models(dialog: ModelsDialog) -> None:
    names = [dialog.catalog_table.item(r, 0).text() for r in range(dialog.catalog_table.rowCount())]
    assert "Qwen2.5 0.5B Instruct" in names and "MusicGen Melody" in names
    assert dialog.catalog_table.item(0, 4).text() == "Apache-2.0"


@pytest.mark.slow
def test_import_load_and_remove(dialog: ModelsDialog, tiny_model: Path, prompts, qtbot) -> None:
    prompts.answer("choose_project_folder", tiny_model)
    dialog.import_folder()
    assert installed_names(dialog) == [tiny_model.name]
    dialog.installed_table.selectRow(0)
    dialog.load_selected()
    qtbot.waitUntil(lambda: "has loaded" in dialog.loaded_label.text(), timeout=120000)
    assert tiny_model.name in dialog.loaded_label.text() and "iB," in dialog.loaded_label.text()
    prompts.answer("confirm", True)
    dialog.remove_selected()
    assert installed_names(dialog) == []
    assert tiny_model.is_dir()


@pytest.mark.slow
def test_download_shows_progress_and_lists_the_model(
    dialog: ModelsDialog,
    tiny_model: Path,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.commands.hub_stand_in import HubStandIn

    entry = dialog.catalog[0]
    monkeypatch.setenv("HF_HUB_DISABLE_XET", "1")
    with HubStandIn(entry.repo, tiny_model) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        dialog.catalog_table.selectRow(0)
        dialog.download_selected()
        assert dialog.progress.isVisibleTo(dialog)
        qtbot.waitUntil(lambda: dialog.download is None, timeout=120000)
    assert dialog.progress_label.text() == f"Downloaded {entry.name}."
    assert entry.repo in installed_names(dialog)
    assert dialog.progress.value() == 1000
