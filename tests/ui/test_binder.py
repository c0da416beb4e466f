"""The binder: add, rename, reorder by drag and drop, delete to trash, restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView

from studio.core.documents import DocumentKind, Section
from studio.core.project import Project
from studio.ui.panels.binder import ID_ROLE, BinderPanel
from studio.ui.session import ProjectSession

Indicator = QAbstractItemView.DropIndicatorPosition


@pytest.fixture
def binder(qtbot, sample_copy: Path, prompts) -> BinderPanel:
    session = ProjectSession()
    panel = BinderPanel(session)
    qtbot.addWidget(panel)
    panel.resize(300, 600)
    panel.show()
    session.attach(Project.open(sample_copy))
    yield panel
    session.project.release()


def titles(panel: BinderPanel, section_row: int) -> list[str]:
    root = panel.tree.topLevelItem(section_row)
    return [root.child(i).text(0) for i in range(root.childCount())]


def drop(
    panel: BinderPanel,
    dragged: str,
    onto: str,
    position: Indicator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Drive BinderTree.dropEvent as Qt does at the end of a drag."""
    panel.select(dragged)
    target = (
        panel.item_for(onto)
        if onto in panel.session.project.documents
        else next(
            panel.tree.topLevelItem(i)
            for i in range(panel.tree.topLevelItemCount())
            if panel.tree.topLevelItem(i).text(0) == onto
        )
    )
    point = panel.tree.visualItemRect(target).center()
    monkeypatch.setattr(panel.tree, "dropIndicatorPosition", lambda: position)
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.MoveAction,
        QMimeData(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.tree.dropEvent(event)


def test_tree_shows_sections_and_documents_in_binder_order(binder: BinderPanel) -> None:
    roots = [binder.tree.topLevelItem(i).text(0) for i in range(binder.tree.topLevelItemCount())]
    assert roots == ["Story", "Lyrics", "Music", "Bible", "Trash"]
    assert titles(binder, 0) == ["The Light Goes Out", "Salt and Brass"]
    assert titles(binder, 3) == ["Mara Quill", "Greyhaven Light", "The Drowned Bell"]


def test_add_scene_goes_into_selected_chapter_and_opens(binder: BinderPanel, qtbot) -> None:
    project = binder.session.project
    chapter = project.order(Section.STORY)[1]
    binder.select(chapter)
    with qtbot.waitSignal(binder.open_requested) as opened:
        new_id = binder.add_document(DocumentKind.SCENE)
    assert opened.args == [new_id]
    assert project.children(chapter)[-1] == new_id
    assert binder.item_for(new_id).parent().data(0, ID_ROLE) == chapter


def test_rename_through_the_tree_editor(binder: BinderPanel) -> None:
    project = binder.session.project
    lyric = project.order(Section.LYRICS)[0]
    item = binder.item_for(lyric)
    item.setText(0, "Lamp Song")  # what the inline editor does when the user confirms
    assert project.documents[lyric].title == "Lamp Song"
    assert project.is_modified


def test_drag_reorders_chapters_and_moves_scenes_between_chapters(
    binder: BinderPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = binder.session.project
    first, second = project.order(Section.STORY)
    drop(binder, second, first, Indicator.AboveItem, monkeypatch)
    assert project.order(Section.STORY) == [second, first]
    assert titles(binder, 0) == ["Salt and Brass", "The Light Goes Out"]
    scene = project.children(first)[0]
    drop(binder, scene, second, Indicator.OnItem, monkeypatch)
    assert project.children(second)[-1] == scene
    assert binder.item_for(scene).parent().data(0, ID_ROLE) == second


def test_drops_that_break_the_structure_are_refused(
    binder: BinderPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = binder.session.project
    chapter = project.order(Section.STORY)[0]
    scene = project.children(chapter)[0]
    lyric = project.order(Section.LYRICS)[0]
    before = (
        project.order(Section.STORY),
        project.order(Section.LYRICS),
        project.children(chapter),
    )
    drop(binder, scene, "Lyrics", Indicator.OnItem, monkeypatch)  # scene into Lyrics
    drop(binder, lyric, chapter, Indicator.OnItem, monkeypatch)  # lyric into a chapter
    drop(binder, chapter, "Trash", Indicator.OnItem, monkeypatch)  # trash is not a drop target
    after = (project.order(Section.STORY), project.order(Section.LYRICS), project.children(chapter))
    assert after == before


def test_delete_moves_to_trash_and_restore_brings_back(binder: BinderPanel, qtbot) -> None:
    project = binder.session.project
    place = project.order(Section.BIBLE)[1]
    binder.select(place)
    qtbot.keyClick(binder.tree, Qt.Key.Key_Delete)
    assert project.trash_ids() == [place]
    assert titles(binder, 4) == ["Greyhaven Light"]
    binder.select(place)
    binder.restore_selected()
    assert project.order(Section.BIBLE)[-1] == place
    assert titles(binder, 4) == []


def test_empty_trash_asks_first(binder: BinderPanel, prompts) -> None:
    project = binder.session.project
    lore = project.order(Section.BIBLE)[2]
    path = project.folder / project.documents[lore].relative_path
    binder.session.move_to_trash(lore)
    binder.empty_trash()  # the stub answers "Cancel"
    assert path.exists() and project.trash_ids() == [lore]
    prompts.answer("confirm", True)
    binder.empty_trash()
    assert not path.exists() and project.trash_ids() == []
    assert len(prompts.called("confirm")) == 2
