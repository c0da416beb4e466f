"""Co-writing end to end with the tiny model: Continue streams into the scene as one undo
step, Stop cancels, provenance is recorded and AI spans follow edits across save/reload."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from studio.core.documents import DocumentKind
from studio.core.provenance import ProvenanceLedger
from tests.ui.test_main_window import first_of, make_window

pytestmark = pytest.mark.slow


@pytest.fixture
def story(qtbot, prompts, sample_copy: Path, tiny_model: Path):
    window = make_window(qtbot)
    window.preferences["text_model"] = str(tiny_model)
    window.preferences["text_precision"] = "float32"
    window.preferences["continue_tokens"] = 24
    assert window.actions_.open_folder(sample_copy)
    window.open_document(first_of(window, DocumentKind.SCENE))
    panel = window.current_panel()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    yield window, panel
    window.close()


def as_editor_text(text: str) -> str:
    """``text`` as a Qt editor holds it (line breaks normalised), for comparing a record's
    text, which is the model's own, with the document."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setPlainText(text)
    return document.toPlainText()


def run_continue(qtbot, panel) -> None:
    panel.continue_action.trigger()
    assert panel.cowriter.running and panel.editor.isReadOnly()
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)


def test_continue_streams_in_records_provenance_and_undoes_as_one_step(story, qtbot) -> None:
    window, panel = story
    original = panel.editor.toPlainText()
    run_continue(qtbot, panel)
    text = panel.editor.toPlainText()
    assert text.startswith(original) and len(text) > len(original)
    added = text[len(original) :]
    [record] = ProvenanceLedger(window.session.folder).records()
    assert record.action == "continue" and record.start == len(original)
    assert record.text_sha256 == hashlib.sha256(record.text.encode()).hexdigest()
    assert as_editor_text(record.text) == added
    assert record.context_sha256 == panel.cowriter.last_context.digest
    assert record.seed is not None and record.params["max_new_tokens"] == 24
    assert len(record.weights_sha256) == 64
    [span] = panel.cowriter.authorship[window.current_doc_id].spans
    assert (span.start, span.end, span.origin.value) == (len(original), len(text), "ai")
    assert len(panel.editor.extraSelections()) == 1  # AI text is coloured
    panel.open_inspector()
    assert panel.inspector.text.toPlainText() == panel.cowriter.last_context.text
    assert original.strip()[-20:] in panel.inspector.text.toPlainText()
    panel.undo()
    assert panel.editor.toPlainText() == original
    assert panel.cowriter.authorship[window.current_doc_id].spans == []


def test_spans_follow_edits_through_save_and_reload(story, qtbot, sample_copy: Path) -> None:
    window, panel = story
    doc_id = window.current_doc_id
    run_continue(qtbot, panel)
    total = len(panel.editor.toPlainText())
    [span] = panel.cowriter.authorship[doc_id].spans
    start, end = span.start, span.end
    cursor = panel.editor.textCursor()
    cursor.setPosition(0)
    cursor.insertText("Prologue. ")
    [span] = panel.cowriter.authorship[doc_id].spans
    assert (span.start, span.end) == (start + 10, end + 10)
    cursor.setPosition(span.start + 1)
    cursor.insertText("X")  # the writer edits the AI text
    assert panel.cowriter.authorship[doc_id].spans[0].origin.value == "ai-edited"
    window.save_action.trigger()
    window.close_action.trigger()
    assert window.actions_.open_folder(sample_copy)
    window.open_document(doc_id)
    panel = window.current_panel()
    [span] = panel.cowriter.authorship[doc_id].spans
    assert (span.start, span.end, span.origin.value) == (start + 10, end + 11, "ai-edited")
    assert len(panel.editor.toPlainText()) == total + 11


def test_stop_keeps_what_was_written_as_one_undo_step(story, qtbot) -> None:
    window, panel = story
    window.preferences["continue_tokens"] = 4000
    original = panel.editor.toPlainText()
    panel.continue_action.trigger()
    qtbot.waitUntil(lambda: panel.editor.toPlainText() != original, timeout=180000)
    panel.stop_action.trigger()
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=10000)
    assert not panel.editor.isReadOnly()
    [record] = ProvenanceLedger(window.session.folder).records()
    assert record.action == "continue (cancelled)"
    assert "Stopped" in panel.ai_status.text()
    panel.undo()
    assert panel.editor.toPlainText() == original


def test_without_a_model_it_says_what_to_do(qtbot, prompts, sample_copy: Path) -> None:
    window = make_window(qtbot)
    window.actions_.open_folder(sample_copy)
    window.open_document(first_of(window, DocumentKind.SCENE))
    panel = window.current_panel()
    panel.continue_action.trigger()
    assert not panel.cowriter.running
    assert "Choose a writing model" in panel.ai_status.text()
    window.close()


def test_rewrite_replaces_the_selection_and_undo_restores_it(story, qtbot) -> None:
    window, panel = story
    original = panel.editor.toPlainText()
    cursor = panel.editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(24, cursor.MoveMode.KeepAnchor)
    selected = cursor.selectedText()
    panel.editor.setTextCursor(cursor)
    panel.selection_menu.actions()[0].trigger()  # Rewrite
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    text = panel.editor.toPlainText()
    [record] = ProvenanceLedger(window.session.folder).records()
    assert record.action == "rewrite"
    assert text[:4] == original[:4] and text[record.end :] == original[24:]
    assert record.start == 4
    assert text[4 : record.end] == as_editor_text(record.text)
    assert text[4 : record.end] != selected
    panel.undo()
    assert panel.editor.toPlainText() == original


def test_retry_replaces_the_last_generation_and_links_it(story, qtbot) -> None:
    window, panel = story
    window.preferences["continue_tokens"] = 12
    original = panel.editor.toPlainText()
    run_continue(qtbot, panel)
    panel.retry_action.trigger()
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    first, second = ProvenanceLedger(window.session.folder).records()
    assert second.parent == first.id
    text = panel.editor.toPlainText()
    assert text.startswith(original)
    assert text[len(original) :] == as_editor_text(second.text)
    [span] = panel.cowriter.authorship[window.current_doc_id].spans
    assert span.record == second.id


def test_replaying_a_record_reproduces_its_text(story, qtbot) -> None:
    window, panel = story
    window.preferences["continue_tokens"] = 16
    run_continue(qtbot, panel)
    [record] = ProvenanceLedger(window.session.folder).records()
    before = panel.editor.toPlainText()
    panel.cowriter.replay(record)
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    replayed, text, same = panel.cowriter.last_replay
    assert replayed == record and same, text
    assert panel.editor.toPlainText() == before  # a replay never touches the document


def test_memory_and_authors_note_reach_the_model_and_the_preset_sets_sampling(story, qtbot) -> None:
    from studio.ui.dialogs.story_context import StoryContextDialog

    window, panel = story
    dialog = StoryContextDialog(window.session, window)
    dialog.memory.setPlainText("A gothic tale told by Mara.")
    dialog.note.setPlainText("Keep the dread rising.")
    dialog.depth.setValue(1)
    dialog.preset.setCurrentIndex(dialog.preset.findData("deterministic"))
    dialog.accept()
    assert window.session.project.is_modified  # saved with the project
    run_continue(qtbot, panel)
    sent = panel.cowriter.last_context.text
    assert sent.startswith("A gothic tale told by Mara.")
    assert "[Author's note: Keep the dread rising.]" in sent
    [record] = ProvenanceLedger(window.session.folder).records()
    assert record.params["temperature"] == 0.0
    window.save_action.trigger()
    from studio.core.project import Project

    reread = Project.open(window.session.folder, lock=False)
    assert reread.manifest.settings["memory"] == "A gothic tale told by Mara."
    assert reread.manifest.settings["sampling_preset"] == "deterministic"


def test_bible_entries_fire_on_their_keys(story, qtbot) -> None:
    _window, panel = story
    run_continue(qtbot, panel)
    fired = [p.label for p in panel.cowriter.last_context.fired]
    assert "Mara Quill" in fired  # a character fires on her first name too
    assert "Greyhaven Light" in fired  # the scene names the lighthouse
    assert "The Drowned Bell" not in fired  # not mentioned in this scene


def test_brainstorm_fills_the_side_list_and_leaves_the_text(story, qtbot) -> None:
    window, panel = story
    window.preferences["continue_tokens"] = 40
    original = panel.editor.toPlainText()
    panel.brainstorm_action.trigger()
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    assert panel.editor.toPlainText() == original
    assert panel.cowriter.authorship[window.current_doc_id].spans == []
    ideas = [panel.ideas_list.item(i).text() for i in range(panel.ideas_list.count())]
    assert all(idea.strip() for idea in ideas)
    assert panel.ideas_list.isVisibleTo(panel) == bool(ideas)


def test_fill_in_writes_between_two_passages(story, qtbot) -> None:
    window, panel = story
    original = panel.editor.toPlainText()
    middle = original.index("\n\n") + 2
    cursor = panel.editor.textCursor()
    cursor.setPosition(middle)
    panel.editor.setTextCursor(cursor)
    panel.fill_action.trigger()
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    assert "[Continues with:" in panel.cowriter.last_context.text
    [record] = ProvenanceLedger(window.session.folder).records()
    assert record.action == "fill-in" and record.start == middle
    text = panel.editor.toPlainText()
    assert text[:middle] == original[:middle] and text[record.end :] == original[middle:]


def test_parse_ideas_drops_bullets_and_numbers() -> None:
    from studio.ui.cowriter import parse_ideas

    assert parse_ideas("1. A storm\n- The bell rings\n\n• Mara leaves\n2) Dawn") == [
        "A storm",
        "The bell rings",
        "Mara leaves",
        "Dawn",
    ]


def test_history_nests_retries_and_restores_an_earlier_alternative(story, qtbot) -> None:
    window, panel = story
    window.preferences["continue_tokens"] = 12
    original = panel.editor.toPlainText()
    run_continue(qtbot, panel)
    first_text = panel.editor.toPlainText()[len(original) :]
    panel.retry_action.trigger()
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    panel.open_history()
    history = panel.history
    assert history.tree.topLevelItemCount() == 1
    top = history.tree.topLevelItem(0)
    assert top.childCount() == 1 and top.child(0).text(1) == "continue"
    history.tree.setCurrentItem(top)
    assert history.preview.toPlainText() == first_text
    cursor = panel.editor.textCursor()
    cursor.setPosition(0)
    panel.editor.setTextCursor(cursor)
    history.restore_selected()
    assert panel.editor.toPlainText().startswith(first_text)
    first_id = top.data(0, 0x0100)
    spans = panel.cowriter.authorship[window.current_doc_id].spans
    assert (spans[0].start, spans[0].end, spans[0].record) == (0, len(first_text), first_id)


def test_statistics_report_the_share_of_ai_text(story, qtbot, prompts) -> None:
    window, panel = story
    run_continue(qtbot, panel)
    [action] = [a for a in window.tools_menu.actions() if a.text() == "Project Statistics…"]
    action.trigger()
    [(_parent, _title, text)] = prompts.called("inform")
    assert "AI-written text:" in text and "% AI" in text


def test_three_alternatives_side_by_side_and_the_chosen_one_goes_in(story, qtbot) -> None:
    window, panel = story
    window.preferences["continue_tokens"] = 10
    original = panel.editor.toPlainText()
    panel.open_alternatives(3)
    dialog = panel.alternatives_dialog
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    assert panel.editor.toPlainText() == original  # nothing goes in before a choice
    records = ProvenanceLedger(window.session.folder).records()
    assert [r.action for r in records] == ["alternative"] * 3
    assert len({r.seed for r in records}) == 3
    assert [p.toPlainText() for p in dialog.panes] == [as_editor_text(r.text) for r in records]
    assert all(b.isEnabled() for b in dialog.buttons)
    dialog.choose(1)
    text = panel.editor.toPlainText()
    chosen = as_editor_text(records[1].text)
    assert text == original[: records[1].start] + chosen + original[records[1].start :]
    [span] = panel.cowriter.authorship[window.current_doc_id].spans
    assert span.record == records[1].id


def test_earlier_chapters_are_summarized_once_and_again_after_a_change(story, qtbot) -> None:
    window, panel = story
    project = window.session.project
    first_chapter, second_chapter = project.order(
        project.documents[window.current_doc_id].kind.section
    )
    window.open_document(project.children(second_chapter)[0])  # "Rowing Out", chapter 2
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    run_continue(qtbot, panel)
    actions = [r.action for r in ProvenanceLedger(window.session.folder).records()]
    assert actions == ["summary", "continue"]
    summary = ProvenanceLedger(window.session.folder).records()[0]
    assert summary.document_id == first_chapter
    assert f"[Summary of The Light Goes Out: {summary.text}]" in panel.cowriter.last_context.text
    assert (window.session.folder / "provenance" / "summaries.json").is_file()
    run_continue(qtbot, panel)  # the chapter has not changed: no new summary
    assert [r.action for r in ProvenanceLedger(window.session.folder).records()].count(
        "summary"
    ) == 1
    scene_of_chapter_one = project.children(first_chapter)[0]
    window.session.set_body(scene_of_chapter_one, "The storm changed everything.\n")
    run_continue(qtbot, panel)
    assert [r.action for r in ProvenanceLedger(window.session.folder).records()].count(
        "summary"
    ) == 2


@pytest.mark.parametrize("action", ["rewrite", "expand", "shorten", "describe", "instruction"])
def test_every_selection_action_runs_end_to_end_and_the_inspector_shows_the_request(
    story, qtbot, prompts, action: str
) -> None:
    from studio.core.provenance import RequestStore
    from studio.ui.cowriter import request_text

    window, panel = story
    original = panel.editor.toPlainText()
    cursor = panel.editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(40, cursor.MoveMode.KeepAnchor)
    panel.editor.setTextCursor(cursor)
    panel.open_inspector()
    if action == "instruction":
        prompts.answer("ask_text", "Make it rain.")
        panel.ask_instruction()
    else:
        panel.cowriter.run_on_selection(action)
    qtbot.waitUntil(lambda: not panel.cowriter.running, timeout=180000)
    [record] = ProvenanceLedger(window.session.folder).records()
    assert record.action == action
    sent = RequestStore(window.session.folder).get(record.request_sha256)
    assert panel.inspector.text.toPlainText() == request_text(sent)
    assert original[:40] in sent["messages"][1]["content"]
    if action == "instruction":
        assert "Make it rain." in sent["messages"][1]["content"]
    panel.undo()
    assert panel.editor.toPlainText() == original
