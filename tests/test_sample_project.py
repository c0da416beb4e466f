"""The bundled sample project opens cleanly and saves byte-for-byte unchanged."""

from __future__ import annotations

from pathlib import Path

from studio.core.documents import serialize_document
from studio.core.manifest import MANIFEST_NAME
from studio.core.project import Project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_sample_opens_without_problems(sample_copy: Path) -> None:
    project = Project.open(sample_copy, lock=False)
    assert project.problems == []
    kinds = {d.kind.value for d in project.documents.values()}
    assert kinds == {"chapter", "scene", "lyric", "composition", "character", "place", "lore"}


def test_every_file_serializes_back_to_the_same_bytes(sample_copy: Path) -> None:
    project = Project.open(sample_copy, lock=False)
    for document in project.documents.values():
        on_disk = (sample_copy / document.relative_path).read_text(encoding="utf-8")
        assert serialize_document(document) == on_disk, document.relative_path
    assert project.manifest.to_toml() == (sample_copy / MANIFEST_NAME).read_text()


def test_open_and_save_in_the_studio_leaves_files_unchanged(
    qtbot, sample_copy: Path, prompts
) -> None:
    from studio.builtins import register_builtins
    from studio.config import Paths, Preferences
    from studio.registry import ExtensionRegistry
    from studio.ui.main_window import MainWindow

    before = snapshot(sample_copy)
    registry = ExtensionRegistry()
    register_builtins(registry)
    window = MainWindow(Preferences.load(Paths.default()), Paths.default(), registry)
    qtbot.addWidget(window)
    window.show()
    assert window.actions_.open_folder(sample_copy)
    for doc_id in list(window.session.project.documents):
        window.open_document(doc_id)  # every panel loads its document
    window.save_action.trigger()
    window.close_action.trigger()
    assert snapshot(sample_copy) == before
