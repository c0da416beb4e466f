"""The main window: open, edit, save, autosave, find/replace, themes, layout, outside changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from studio.builtins import register_builtins
from studio.config import Paths, Preferences
from studio.core.documents import DocumentKind, Section
from studio.core.project import Project
from studio.registry import ExtensionRegistry
from studio.ui.dialogs.prompts import Choice
from studio.ui.main_window import MainWindow


def make_window(qtbot) -> MainWindow:
    paths = Paths.default()
    preferences = Preferences.load(paths)
    preferences["backup_on_close"] = True
    registry = ExtensionRegistry()
    register_builtins(registry)
    window = MainWindow(preferences, paths, registry)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def window(qtbot, prompts) -> MainWindow:
    created = make_window(qtbot)
    yield created
    created.close()


def first_of(window: MainWindow, kind: DocumentKind) -> str:
    return next(d.id for d in window.session.project.active_documents() if d.kind is kind)


def type_into_editor(qtbot, window: MainWindow, text: str) -> None:
    editor = window.current_panel().editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, text)


def test_starts_on_the_welcome_page_without_a_project(window: MainWindow) -> None:
    assert window.current_panel() is None
    assert window.windowTitle() == "Lyra Studio"
    assert not window.save_action.isEnabled()


def test_open_edit_save_writes_the_scene(window: MainWindow, sample_copy: Path, qtbot) -> None:
    assert window.actions_.open_folder(sample_copy)
    scene = first_of(window, DocumentKind.SCENE)
    assert window.current_doc_id == scene  # the first document opens
    type_into_editor(qtbot, window, " The end.")
    assert window.session.project.is_modified or window.current_panel()._commit_timer.isActive()
    window.save_action.trigger()
    text = (sample_copy / "story" / f"{scene}.md").read_text(encoding="utf-8")
    assert text.endswith("one more night.*\n The end.")
    assert not window.session.project.is_modified
    assert "The Lighthouse Keeper" in window.windowTitle()


def test_word_counts_follow_typing(window: MainWindow, sample_copy: Path, qtbot) -> None:
    window.actions_.open_folder(sample_copy)
    before = window.session.project_words()
    type_into_editor(qtbot, window, " three more words")
    window.current_panel().commit()
    assert window.session.project_words() == before + 3
    label = window.word_count.text()
    assert f"Project {before + 3:,}" in label and "Session +3" in label


def test_undo_from_the_edit_menu_is_per_document(
    window: MainWindow, sample_copy: Path, qtbot
) -> None:
    window.actions_.open_folder(sample_copy)
    editor = window.current_panel().editor
    original = editor.toPlainText()
    type_into_editor(qtbot, window, "X")
    lyric = first_of(window, DocumentKind.LYRIC)
    window.open_document(lyric)
    window.open_document(first_of(window, DocumentKind.SCENE))
    window.binder.tree.setFocus()  # the menu action, not the editor's own shortcut
    window._panel_call("undo")
    assert window.current_panel().editor.toPlainText() == original


def test_find_and_replace_all_is_one_undo_step(window: MainWindow, sample_copy: Path) -> None:
    window.actions_.open_folder(sample_copy)
    panel = window.current_panel()
    panel.open_find(replace=True)
    panel.find_bar.find_field.setText("the")
    panel.find_bar.replace_field.setText("THE")
    panel.find_bar.words_box.setChecked(True)
    original = panel.editor.toPlainText()
    count = panel.find_bar.replace_all()
    assert count == original.lower().split().count("the")
    assert " the " not in panel.editor.toPlainText()
    panel.undo()
    assert panel.editor.toPlainText() == original
    assert panel.find_bar.find_next()
    assert panel.editor.textCursor().selectedText().lower() == "the"


def test_autosave_saves_changed_documents(window: MainWindow, sample_copy: Path, qtbot) -> None:
    window.actions_.open_folder(sample_copy)
    scene = first_of(window, DocumentKind.SCENE)
    type_into_editor(qtbot, window, " Autosaved.")
    window.autosave_timer.timeout.emit()
    assert "Autosaved." in (sample_copy / "story" / f"{scene}.md").read_text()


def test_autosave_pauses_on_outside_change_and_save_asks(
    window: MainWindow, sample_copy: Path, qtbot, prompts
) -> None:
    window.actions_.open_folder(sample_copy)
    scene = first_of(window, DocumentKind.SCENE)
    path = sample_copy / "story" / f"{scene}.md"
    theirs = path.read_text() + "Their edit.\n"
    path.write_text(theirs)
    type_into_editor(qtbot, window, " Mine.")
    window.autosave_timer.timeout.emit()
    assert path.read_text() == theirs
    assert window.actions_.autosave_paused
    assert prompts.called("resolve_outside_change") == []  # autosave never pops a dialog
    prompts.answer("resolve_outside_change", Choice.RELOAD)
    window.save_action.trigger()
    assert window.current_panel().editor.toPlainText().endswith("Their edit.\n")
    assert path.read_text() == theirs


def test_overwrite_choice_keeps_the_studio_version(
    window: MainWindow, sample_copy: Path, qtbot, prompts
) -> None:
    window.actions_.open_folder(sample_copy)
    scene = first_of(window, DocumentKind.SCENE)
    path = sample_copy / "story" / f"{scene}.md"
    path.write_text(path.read_text() + "Their edit.\n")
    type_into_editor(qtbot, window, " Mine.")
    prompts.answer("resolve_outside_change", Choice.OVERWRITE)
    window.save_action.trigger()
    assert "Mine." in path.read_text() and "Their edit." not in path.read_text()


def test_clean_documents_reload_when_the_studio_is_activated(
    window: MainWindow, sample_copy: Path
) -> None:
    window.actions_.open_folder(sample_copy)
    scene = first_of(window, DocumentKind.SCENE)
    path = sample_copy / "story" / f"{scene}.md"
    path.write_text(path.read_text() + "Edited elsewhere.\n")
    window._application_state_changed(Qt.ApplicationState.ApplicationActive)
    assert window.current_panel().editor.toPlainText().endswith("Edited elsewhere.\n")


def test_stale_lock_is_offered_to_be_broken(window: MainWindow, sample_copy: Path, prompts) -> None:
    (sample_copy / ".lyra.lock").write_text(
        json.dumps(
            {
                "pid": 999999999,
                "host": __import__("socket").gethostname(),
                "user": "u",
                "since": "yesterday",
            }
        )
    )
    assert not window.actions_.open_folder(sample_copy)  # the stub declines
    assert "not closed cleanly" in prompts.called("confirm")[0][1]
    prompts.answer("confirm", True)
    assert window.actions_.open_folder(sample_copy)


def test_future_format_shows_a_message_not_a_traceback(
    window: MainWindow, sample_copy: Path, prompts
) -> None:
    manifest = sample_copy / "lyra-project.toml"
    manifest.write_text(manifest.read_text().replace("format_version = 1", "format_version = 2"))
    assert not window.actions_.open_folder(sample_copy)
    [(_parent, _title, text)] = prompts.called("warn")
    assert "newer Lyra Studio" in text
    assert window.session.project is None


def test_damaged_files_are_listed_when_opening(
    window: MainWindow, sample_copy: Path, prompts
) -> None:
    lyric_file = next((sample_copy / "lyrics").iterdir())
    lyric_file.write_text("---\nkind: [\n---\nwords\n")
    assert window.actions_.open_folder(sample_copy)
    [(_parent, _title, _text, details)] = prompts.called("warn")
    assert lyric_file.name in details
    lyric = window.session.project.order(Section.LYRICS)[0]
    window.open_document(lyric)
    assert window.current_panel().editor.isReadOnly()
    assert window.current_panel().problem_banner.isVisibleTo(window)


def test_new_project_from_the_dialog(window: MainWindow, tmp_path: Path, prompts) -> None:
    prompts.answer("ask_new_project", (tmp_path / "Fresh", "Fresh", "Me", "gothic-mystery"))
    assert window.actions_.new_project()
    assert window.session.project.title == "Fresh"
    assert (tmp_path / "Fresh" / "lyra-project.toml").exists()
    assert str((tmp_path / "Fresh").resolve()) == window.preferences.recent_projects[0]
    project = window.session.project
    assert project.manifest.settings["memory"].startswith("A gothic mystery")
    bible = [project.documents[i].title for i in project.order(Section.BIBLE)]
    assert bible == ["The Protagonist", "The Keeper of Secrets", "The House"]
    assert not project.is_modified  # the template is saved with the new project


def test_close_saves_backs_up_and_unlocks(
    window: MainWindow, sample_copy: Path, qtbot, lyra_home: Path
) -> None:
    window.actions_.open_folder(sample_copy)
    type_into_editor(qtbot, window, " Closing words.")
    assert (sample_copy / ".lyra.lock").exists()
    window.close_action.trigger()
    assert window.session.project is None
    assert not (sample_copy / ".lyra.lock").exists()
    scene = Project.open(sample_copy, lock=False)
    assert any("Closing words." in d.body for d in scene.documents.values())
    assert list((lyra_home / "data" / "backups").rglob("*.zip"))


def test_save_as_continues_in_the_copy(
    window: MainWindow, sample_copy: Path, tmp_path: Path, prompts
) -> None:
    window.actions_.open_folder(sample_copy)
    prompts.answer("choose_project_folder", tmp_path / "copy")
    window.save_as_action.trigger()
    assert window.session.folder == tmp_path / "copy"
    assert not (sample_copy / ".lyra.lock").exists()


def test_theme_switch_changes_the_palette(window: MainWindow) -> None:
    app = QApplication.instance()
    window.set_theme("dark")
    dark = app.palette().color(app.palette().ColorRole.Window).lightness()
    window.set_theme("light")
    light = app.palette().color(app.palette().ColorRole.Window).lightness()
    assert dark < 80 < light
    assert Preferences.load(window.paths)["theme"] == "light"


def test_window_layout_is_remembered(qtbot, prompts) -> None:
    first = make_window(qtbot)
    first.resize(700, 500)
    first.binder_dock.hide()
    first.close()
    second = make_window(qtbot)
    assert (second.width(), second.height()) == (700, 500)
    assert second.binder_dock.isHidden()
    second.close()


def test_registered_commands_appear_in_the_tools_menu(
    window: MainWindow, sample_copy: Path, prompts
) -> None:
    window.actions_.open_folder(sample_copy)
    [action] = [a for a in window.tools_menu.actions() if a.text() == "Project Statistics…"]
    action.trigger()
    [(_parent, _title, text)] = prompts.called("inform")
    assert f"{window.session.project_words():,} words" in text


def test_markdown_export_runs_in_the_background(
    window: MainWindow, sample_copy: Path, tmp_path: Path, prompts, qtbot
) -> None:
    window.actions_.open_folder(sample_copy)
    target = tmp_path / "book.md"
    prompts.answer("choose_save_file", target)
    window.export_with(window.registry.exporters["markdown"])
    qtbot.waitUntil(target.exists, timeout=5000)
    text = target.read_text()
    assert text.startswith("% The Lighthouse Keeper")
    assert "# The Light Goes Out" in text and "# Salt and Brass" in text


def test_distraction_free_hides_everything_but_the_text_and_comes_back(
    window: MainWindow, sample_copy: Path
) -> None:
    window.actions_.open_folder(sample_copy)
    window.focus_action.trigger()
    assert window.binder_dock.isHidden() and window.menuBar().isHidden()
    assert window.statusBar().isHidden() and window.current_panel().toolbar.isHidden()
    assert window.current_panel().editor.isVisible()
    window.focus_action.trigger()
    assert window.binder_dock.isVisible() and window.menuBar().isVisible()
    assert window.current_panel().toolbar.isVisible()


def test_scene_synopsis_status_and_tags_are_saved_in_front_matter(
    window: MainWindow, sample_copy: Path
) -> None:
    window.actions_.open_folder(sample_copy)
    panel = window.current_panel()
    scene = window.current_doc_id
    assert panel.synopsis.text().startswith("The barometer")
    panel.synopsis.setText("Mara senses the storm.")
    panel.synopsis.editingFinished.emit()
    panel.status_box.setCurrentText("revised")
    panel.tags.setText("storm, dread")
    panel.tags.editingFinished.emit()
    window.save_action.trigger()
    reread = Project.open(sample_copy, lock=False).documents[scene]
    assert reread.meta["synopsis"] == "Mara senses the storm."
    assert reread.meta["status"] == "revised" and reread.meta["tags"] == ["storm", "dread"]


def test_markdown_is_highlighted_but_saved_as_plain_text(
    window: MainWindow, sample_copy: Path, qtbot
) -> None:
    window.actions_.open_folder(sample_copy)
    panel = window.current_panel()
    panel.editor.setPlainText("# Title\n\nSome *soft* and **hard** words.\n\n* * *\n")
    qtbot.wait(20)  # the highlighter formats in the event loop
    document = panel.editor.document()
    heading = document.findBlockByNumber(0).layout().formats()
    assert any(f.format.fontWeight() == 700 for f in heading)
    words = document.findBlockByNumber(2)
    formats = {
        (f.start, f.length): (f.format.fontItalic(), f.format.fontWeight())
        for f in words.layout().formats()
    }
    assert formats[(5, 6)] == (True, 400) and formats[(16, 8)] == (False, 700)
    panel.commit()
    assert window.session.project.documents[window.current_doc_id].body.startswith("# Title")


def test_preferences_explain_what_each_precision_trades(qtbot) -> None:
    from PySide6.QtCore import Qt

    from studio.ui.dialogs.preferences import PreferencesDialog

    dialog = PreferencesDialog(Preferences.load(Paths.default()))
    qtbot.addWidget(dialog)
    combo = dialog.editors["text_precision"]
    int8 = combo.findData("int8")
    assert "faster" in combo.itemData(int8, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(int8)
    dialog.accept()
    assert dialog.preferences["text_precision"] == "int8"
