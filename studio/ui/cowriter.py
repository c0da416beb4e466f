"""Co-writing in a text panel: Continue at the cursor, streamed in as one undo step, with
cancel, provenance, and AI text kept apart from the writer's own."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from studio.core.atomic import atomic_write_text
from studio.core.provenance import (
    Authorship,
    GenerationRecord,
    Origin,
    ProvenanceLedger,
    RequestStore,
    Span,
    load_authorship,
    save_authorship,
)
from studio.engines.models import ModelStore
from studio.engines.protocol import GenerateText, ModelSpec, SamplingParams
from studio.engines.tokens import context_length, counter_for
from studio.presets import DEFAULT_SAMPLING, sampling_values
from studio.writing.context import (
    AssembledContext,
    ContextTooLargeError,
    SummaryCache,
    assemble_context,
    trim_to_tokens,
)
from studio.writing.story_context import SAMPLING_PRESET, build_request, stale_chapters

SELECTION_ACTIONS = {
    "rewrite": "Rewrite the passage. Keep its meaning, point of view and tense; make the "
    "prose better.",
    "expand": "Expand the passage to about twice its length with more detail, action and "
    "inner life, in the same voice.",
    "shorten": "Shorten the passage to about half its length, keeping what matters.",
    "describe": "Rewrite the passage with vivid sensory detail: what is seen, heard, smelled, "
    "touched and tasted.",
}
SUMMARIES_FILE = "provenance/summaries.json"
SUMMARY_TOKENS = 160
CHAT_WRAPPER_TOKENS = 96  # room for the system message, the task and the chat template
_STREAMING = "streaming"  # the record id of a span still being written
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")


def request_text(request: dict[str, Any]) -> str:
    """A request as the writer reads it: the prompt, or each chat message under its role."""
    if request.get("messages"):
        return "\n\n".join(f"[{m['role']}]\n{m['content']}" for m in request["messages"])
    return str(request.get("prompt") or "")


def parse_ideas(text: str) -> list[str]:
    """One idea per non-empty line, without bullets or numbers."""
    return [_LIST_MARK.sub("", line).strip() for line in text.splitlines() if line.strip()]


AI_COLOURS = {Origin.AI: QColor(120, 90, 220, 60), Origin.AI_EDITED: QColor(230, 150, 40, 60)}


class CoWriter(QObject):
    """Runs AI actions for one editor; one generation at a time."""

    running_changed = Signal(bool)
    status = Signal(str)
    context_assembled = Signal(object)  # AssembledContext: what the Context Inspector shows
    request_sent = Signal(dict)  # exactly what the engine is asked: prompt or messages
    ideas = Signal(list)  # brainstormed ideas, as they arrive
    alternative_text = Signal(int, str)  # which alternative, its text so far
    alternatives_ready = Signal(list)  # the GenerationRecords to choose from

    def __init__(
        self, services: Any, editor: QPlainTextEdit, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.show_selections: Callable[[list], None] = editor.setExtraSelections
        self.doc_id: str | None = None
        self.authorship: dict[str, Authorship] = {}
        self.show_ai_text = True
        self.last_context: AssembledContext | None = None
        self.last_request: dict[str, Any] | None = None
        self.job: str | None = None
        self._spec: ModelSpec | None = None
        self._insert_at = 0
        self._inserted = 0
        self.last_record: GenerationRecord | None = None
        self.last_replay: tuple[GenerationRecord, str, bool] | None = None
        self._last_start: tuple | None = None
        self._replaying: GenerationRecord | None = None
        self._parent: str | None = None
        self._removing = 0
        self._action = "continue"
        self._request_sha = ""
        self._brainstorming = False
        self._ideas_text = ""
        self._choices: dict[str, Any] | None = None
        self._summaries: SummaryCache | None = None
        self._summaries_folder = None
        self._summarizing: tuple[str, str] | None = None
        self._summary_buffer = ""
        self._after_summaries: Callable[[], str | None] | None = None
        self._engine_connected = False
        services.session.saved.connect(self._save_authorship)
        services.session.closed.connect(self._forget)

    # ----------------------------------------------------------------- documents
    def attach(self, doc_id: str, text_document: QTextDocument) -> None:
        """Follow the edits of a document's (new) text; its AI spans come from the project."""
        project = self.services.session.project
        authorship, problem = load_authorship(project.folder, doc_id, text_document.toPlainText())
        self.authorship[doc_id] = authorship
        if problem:
            self.status.emit(problem)
        text_document.contentsChange.connect(
            lambda position, removed, added, d=doc_id: self._edited(d, position, removed, added)
        )

    def show(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.refresh_colours()

    def _edited(self, doc_id: str, position: int, removed: int, added: int) -> None:
        self.authorship[doc_id].apply_edit(position, removed, added)
        if doc_id == self.doc_id:
            self.refresh_colours()

    def refresh_colours(self) -> None:
        selections = []
        authorship = self.authorship.get(self.doc_id or "")
        if self.show_ai_text and authorship is not None:
            for span in authorship.spans:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = QTextCursor(self.editor.document())
                selection.cursor.setPosition(span.start)
                selection.cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
                text_format = QTextCharFormat()
                text_format.setBackground(AI_COLOURS[span.origin])
                selection.format = text_format
                selections.append(selection)
        self.show_selections(selections)

    def set_show_ai_text(self, shown: bool) -> None:
        self.show_ai_text = shown
        self.refresh_colours()

    def ai_share(self, doc_id: str, length: int) -> float:
        authorship = self.authorship.get(doc_id)
        return authorship.share(length) if authorship else 0.0

    def _save_authorship(self, _written: list) -> None:
        project = self.services.session.project
        if project is None:
            return
        for doc_id, authorship in self.authorship.items():
            document = project.documents.get(doc_id)
            if document is not None and document.writable:
                save_authorship(project.folder, doc_id, document.body, authorship)

    def _forget(self) -> None:
        self.cancel()
        self.authorship.clear()
        self.doc_id = None

    # ----------------------------------------------------------------- the model
    def model_spec(self) -> ModelSpec | None:
        preferences = self.services.preferences
        name = preferences["text_model"]
        if not name:
            return None
        source, backend = name, "transformers"
        if name.startswith(("http://", "https://")):
            backend = "openai"
        else:
            installed = ModelStore(self.services.paths.data).find(name)
            if installed is not None:
                source, backend = installed.source, installed.backend
        return ModelSpec(source, backend, precision=preferences["text_precision"])

    # ----------------------------------------------------------------- actions
    @property
    def running(self) -> bool:
        return self.job is not None

    def continue_at_cursor(self, params: SamplingParams | None = None) -> str | None:
        """Generate at the cursor; returns the job id, or None with a status message."""
        if not self._ready():
            return None
        if (job := self._summaries_first(lambda: self.continue_at_cursor(params))) is not None:
            return job
        text = self.editor.document().toPlainText()
        position = self.editor.textCursor().position()
        context = self._context(text[:position], text[position:], params)
        if context is None:
            return None
        return self._start(
            "continue", {"prompt": context.text, "messages": None}, position, 0, params
        )

    def fill_in(self, params: SamplingParams | None = None) -> str | None:
        """Write what goes between the text before the cursor and the text after it."""
        if not self._ready():
            return None
        if (job := self._summaries_first(lambda: self.fill_in(params))) is not None:
            return job
        text = self.editor.document().toPlainText()
        position = self.editor.textCursor().position()
        if not text[position:].strip():
            self.status.emit("Put the cursor between two passages to fill in the gap.")
            return None
        context = self._context(
            text[:position], text[position:], params, fill_in=True, reserve=CHAT_WRAPPER_TOKENS
        )
        if context is None:
            return None
        messages = [
            {
                "role": "system",
                "content": "You are a skilled co-writer helping a novelist. "
                "Reply with the missing passage only.",
            },
            {
                "role": "user",
                "content": "Write the passage that belongs where the text "
                "breaks off, so that it leads into what follows.\n\n" + context.text,
            },
        ]
        return self._start("fill-in", {"prompt": None, "messages": messages}, position, 0, params)

    def alternatives(self, count: int = 3) -> str | None:
        """Write ``count`` continuations at the cursor with different seeds, one after the
        other (the shared prompt is computed once), for the writer to choose from."""
        if not self._ready():
            return None
        if (job := self._summaries_first(lambda: self.alternatives(count))) is not None:
            return job
        text = self.editor.document().toPlainText()
        position = self.editor.textCursor().position()
        context = self._context(text[:position], text[position:], None)
        if context is None:
            return None
        self._choices = {"count": count, "records": [], "buffer": ""}
        return self._start(
            "alternative", {"prompt": context.text, "messages": None}, position, 0, None
        )

    def use_alternative(self, record: GenerationRecord) -> bool:
        """Insert the chosen alternative where it was written for."""
        cursor = self.editor.textCursor()
        cursor.setPosition(min(record.start, len(self.editor.document().toPlainText())))
        self.editor.setTextCursor(cursor)
        return self.restore(record)

    def brainstorm(self, count: int = 5) -> str | None:
        """Ideas for what could happen next, into the side list; the text is not touched."""
        if not self._ready():
            return None
        if (job := self._summaries_first(lambda: self.brainstorm(count))) is not None:
            return job
        text = self.editor.document().toPlainText()
        position = self.editor.textCursor().position()
        context = self._context(text[:position], "", None, reserve=CHAT_WRAPPER_TOKENS)
        if context is None:
            return None
        messages = [
            {"role": "system", "content": "You are a brainstorming partner for a novelist."},
            {
                "role": "user",
                "content": f"The story so far:\n{context.text}\n\nSuggest "
                f"{count} different ideas for what could happen next, "
                "one per line, each in one sentence.",
            },
        ]
        self._brainstorming = True
        return self._start("brainstorm", {"prompt": None, "messages": messages}, position, 0, None)

    def run_on_selection(
        self, action: str, instruction: str = "", params: SamplingParams | None = None
    ) -> str | None:
        """Rewrite / expand / shorten / describe the selection, or apply a free instruction;
        the result replaces the selection as it streams in."""
        if not self._ready():
            return None
        if (
            job := self._summaries_first(lambda: self.run_on_selection(action, instruction, params))
        ) is not None:
            return job
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            self.status.emit("Select the passage first.")
            return None
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        text = self.editor.document().toPlainText()
        passage_tokens = counter_for(self.model_spec().source).count(text[start:end])
        context = self._context(
            text[:start], text[end:], params, reserve=CHAT_WRAPPER_TOKENS + passage_tokens
        )
        if context is None:
            return None
        task = instruction.strip() if action == "instruction" else SELECTION_ACTIONS[action]
        messages = [
            {
                "role": "system",
                "content": "You are a skilled co-writer helping a novelist. "
                "Reply with the new passage only.",
            },
            {
                "role": "user",
                "content": f"The story so far:\n{context.text}\n\n"
                f"{task}\n\nPassage:\n{text[start:end]}",
            },
        ]
        return self._start(
            action, {"prompt": None, "messages": messages}, start, end - start, params
        )

    def retry(self) -> str | None:
        """Undo the last generation (if it is still the last change) and run it again."""
        record, last = self.last_record, self._last_start
        if self.running or record is None or last is None or record.document_id != self.doc_id:
            self.status.emit("Nothing to retry.")
            return None
        text = self.editor.document().toPlainText()
        current = hashlib.sha256(text[record.start : record.end].encode("utf-8")).hexdigest()
        if current != record.text_sha256:
            self.status.emit("The text changed since the last generation; nothing to retry.")
            return None
        self.editor.undo()
        action, request, position, removed, params = last
        self._parent = record.id
        return self._start(action, request, position, removed, params)

    def restore(self, record: GenerationRecord) -> bool:
        """Insert an earlier generation's text at the cursor, marked as that generation's."""
        if self.running or not record.text or self.doc_id is None:
            return False
        cursor = self.editor.textCursor()
        start = cursor.selectionStart()
        cursor.beginEditBlock()
        cursor.insertText(record.text)  # replaces a selection, if there is one
        cursor.endEditBlock()
        authorship = self.authorship[self.doc_id]
        authorship.add_generation(start, len(record.text), record.id)
        # The insertion itself was counted as the writer's (it is an edit like any other):
        # drop that reading of the restored range and keep only the generation's span.
        authorship.spans = [
            s
            for s in authorship.spans
            if s.record == record.id or s.end <= start or s.start >= start + len(record.text)
        ]
        self.services.session.set_body(self.doc_id, self.editor.document().toPlainText())
        self.refresh_colours()
        self.status.emit("Restored an earlier generation.")
        return True

    def replay(self, record: GenerationRecord) -> str | None:
        """Run a recorded generation again with its model, parameters, seed and request;
        the status says whether the text came out the same. Nothing is inserted.

        The replay computes the whole prompt afresh. A generation that reused a cached
        prefix computed part of it in other steps, and floating-point sums in another order
        can tip a sampled token, so only cold generations replay exactly."""
        request = RequestStore(self.services.session.project.folder).get(record.request_sha256)
        if request is None or self.running:
            self.status.emit("This generation cannot be replayed: its request was not kept.")
            return None
        fields = SamplingParams.__dataclass_fields__
        values = {k: v for k, v in record.params.items() if k in fields}
        values["stop"] = tuple(values.get("stop", ()))
        values["seed"] = record.seed
        spec = ModelSpec(record.model, record.backend, precision=record.precision or "auto")
        self._connect_engine()
        self._replaying = record
        self.job = self.services.engine().submit(
            GenerateText(
                model=spec,
                prompt=request["prompt"] or "",
                messages=request["messages"],
                params=SamplingParams(**values),
                reuse_prefix=False,  # a cold run, as the first generation of a session
            )
        )
        self.running_changed.emit(True)
        self.status.emit("Replaying…")
        return self.job

    def default_params(self) -> SamplingParams:
        """The project's sampling preset with the user's length per generation."""
        project = self.services.session.project
        preset = project.manifest.settings.get(SAMPLING_PRESET, DEFAULT_SAMPLING)
        return SamplingParams(
            max_new_tokens=self.services.preferences["continue_tokens"],
            **sampling_values(str(preset)),
        )

    # ----------------------------------------------------------------- chapter summaries
    def summary_cache(self) -> SummaryCache:
        project = self.services.session.project
        if self._summaries is None or self._summaries_folder != project.folder:
            path = project.folder / SUMMARIES_FILE
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            self._summaries = SummaryCache.from_json(data)
            self._summaries_folder = project.folder
        return self._summaries

    def _summaries_first(self, run: Callable[[], str | None]) -> str | None:
        """When earlier chapters lack an up-to-date summary, make those first (one job each)
        and run the action after; returns the first summary job, or None to go ahead now."""
        project = self.services.session.project
        stale = stale_chapters(project, self.doc_id, self.summary_cache())
        if not stale:
            return None
        self._after_summaries = run
        return self._summarize(*next(iter(stale.items())))

    def _summarize(self, chapter_id: str, text: str) -> str:
        project = self.services.session.project
        title = project.documents[chapter_id].title
        spec = self.model_spec()
        window = context_length(spec.source) or self.services.preferences["context_tokens"]
        budget = max(
            64,
            min(window, self.services.preferences["context_tokens"])
            - SUMMARY_TOKENS
            - CHAT_WRAPPER_TOKENS,
        )
        excerpt = trim_to_tokens(text, budget, counter_for(spec.source))
        messages = [
            {"role": "system", "content": "You summarize chapters of a novel for its author."},
            {
                "role": "user",
                "content": "Summarize this chapter in at most four sentences: "
                "who, where, what happens, what changes.\n\n" + excerpt,
            },
        ]
        self._summarizing = (chapter_id, text)
        self.status.emit(f"Summarizing “{title}” for the context…")
        return self._start(
            "summary",
            {"prompt": None, "messages": messages},
            0,
            0,
            SamplingParams(max_new_tokens=SUMMARY_TOKENS, temperature=0.3),
        )

    def _summary_done(self, result: dict[str, Any], how: str) -> None:
        chapter_id, text = self._summarizing
        self._summarizing = None
        summary = (result.get("text") or self._summary_buffer).strip()
        self._summary_buffer = ""
        project = self.services.session.project
        if how or not summary:
            self._after_summaries = None
            self.running_changed.emit(False)
            return
        cache = self.summary_cache()
        cache.put(chapter_id, text, summary)
        atomic_write_text(
            project.folder / SUMMARIES_FILE,
            json.dumps(cache.to_json(), indent=1, ensure_ascii=False) + "\n",
        )
        ProvenanceLedger(project.folder).append(
            self._record(chapter_id, "summary", 0, 0, summary, result, context_sha256="")
        )
        stale = stale_chapters(project, self._generating_doc, cache)
        if stale:
            self._summarize(*next(iter(stale.items())))
            return
        run, self._after_summaries = self._after_summaries, None
        self.running_changed.emit(False)
        if run is not None:
            run()

    # ----------------------------------------------------------------- running a job
    def _ready(self) -> bool:
        if self.running or self.services.session.project is None or self.doc_id is None:
            return False
        if self.model_spec() is None:
            self.status.emit(
                "Choose a writing model first: Edit ▸ Preferences, or install "
                "one in Tools ▸ Models…."
            )
            return False
        return True

    def _context(
        self,
        before: str,
        after: str,
        params: SamplingParams | None,
        fill_in: bool = False,
        reserve: int = 0,
    ) -> AssembledContext | None:
        """The context for a request; ``reserve`` tokens stay free for the instructions and
        passage an action wraps around it."""
        spec = self.model_spec()
        preferences = self.services.preferences
        new_tokens = params.max_new_tokens if params else preferences["continue_tokens"]
        window = min(
            preferences["context_tokens"],
            context_length(spec.source) or preferences["context_tokens"],
        )
        budget = max(64, window - new_tokens - 16 - reserve)  # 16: special tokens
        request = build_request(
            self.services.session.project,
            self.doc_id,
            before,
            after,
            budget,
            fill_in=fill_in,
            summaries=self.summary_cache(),
        )
        try:
            context = assemble_context(request, counter_for(spec.source))
        except ContextTooLargeError as error:
            self.status.emit(str(error))
            return None
        self.last_context = context
        self.context_assembled.emit(context)
        return context

    def _connect_engine(self) -> None:
        if self._engine_connected:
            return
        engine = self.services.engine()
        engine.token.connect(self._token)
        engine.done.connect(self._finished)
        engine.cancelled.connect(self._cancelled)
        engine.failed.connect(self._failed)
        engine.loading.connect(self._loading)
        self._engine_connected = True

    def _start(
        self,
        action: str,
        request: dict[str, Any],
        position: int,
        removed: int,
        params: SamplingParams | None,
    ) -> str:
        spec = self.model_spec()
        assert spec is not None
        params = params or self.default_params()
        self._connect_engine()
        self._last_start = (action, request, position, removed, params)
        self._action = action
        self._request_sha = RequestStore(self.services.session.project.folder).put(request)
        self.last_request = request
        self.request_sent.emit(request)
        self._spec = spec
        self._insert_at, self._inserted, self._removing = position, 0, removed
        self._generating_doc = self.doc_id
        self.editor.setReadOnly(True)  # the whole change stays one undo step
        self.job = self.services.engine().submit(
            GenerateText(
                model=spec,
                prompt=request["prompt"] or "",
                messages=request["messages"],
                params=params,
            )
        )
        self.running_changed.emit(True)
        self.status.emit("Writing…")
        return self.job

    def cancel(self) -> None:
        if self.job is not None:
            self.services.engine().cancel(self.job)

    # ----------------------------------------------------------------- engine events
    def _loading(self, job: str, fraction: float, message: str) -> None:
        if job == self.job:
            self.status.emit("Writing…" if fraction >= 1 else f"{message} ({fraction:.0%})")

    def _token(self, job: str, text: str) -> None:
        if job != self.job or self._replaying is not None:
            return
        if self._brainstorming:
            self._ideas_text += text
            self.ideas.emit(parse_ideas(self._ideas_text))
            return
        if self._summarizing is not None:
            self._summary_buffer += text
            return
        if self._choices is not None:
            self._choices["buffer"] += text
            self.alternative_text.emit(len(self._choices["records"]), self._choices["buffer"])
            return
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self._insert_at + self._inserted)
        if self._inserted == 0:
            cursor.beginEditBlock()
            if self._removing:  # the selection goes in the same undo step as its rewrite
                cursor.setPosition(
                    self._insert_at + self._removing, QTextCursor.MoveMode.KeepAnchor
                )
                cursor.removeSelectedText()
                self._removing = 0
        else:
            cursor.joinPreviousEditBlock()
        cursor.insertText(text)  # _edited shifts the spans after it, as for any insertion
        cursor.endEditBlock()
        authorship = self.authorship[self._generating_doc]
        if self._inserted == 0:
            authorship.add_generation(self._insert_at, len(text), _STREAMING)
        else:
            self._live_span(authorship).end += len(text)
        self._inserted += len(text)
        self.refresh_colours()

    @staticmethod
    def _live_span(authorship: Authorship) -> Span:
        return next(s for s in authorship.spans if s.record == _STREAMING)

    def _end(self, result: dict[str, Any], how: str = "") -> None:
        """Record what was written (even if cancelled part-way) and hand the editor back."""
        self.job = None
        if self._replaying is not None:
            record, self._replaying = self._replaying, None
            text = result.get("text", "")
            same = hashlib.sha256(text.encode("utf-8")).hexdigest() == record.text_sha256
            self.last_replay = (record, text, same)
            self.status.emit(
                "Replay: the same text as recorded."
                if same
                else "Replay: the text differs from the recording (another device or "
                "model version?)."
            )
            self.running_changed.emit(False)
            return
        self.editor.setReadOnly(False)
        if self._brainstorming:
            self._brainstorming = False
            self.ideas.emit(parse_ideas(result.get("text") or self._ideas_text))
            self._ideas_text = ""
            self.running_changed.emit(False)
            return
        if self._choices is not None:
            self._alternative_done(result, how)
            return
        if self._summarizing is not None:
            self._summary_done(result, how)
            return
        self._removing = 0
        doc_id = self._generating_doc
        if self._inserted:
            start, end = self._insert_at, self._insert_at + self._inserted
            # What the model wrote, as it wrote it (the editor may normalise line breaks);
            # the editor's text where the job ended without a result.
            text = result.get("text") or self.editor.document().toPlainText()[start:end]
            record = self._record(
                doc_id, self._action + how, start, end, text, result, parent=self._parent
            )
            ProvenanceLedger(self.services.session.project.folder).append(record)
            self._live_span(self.authorship[doc_id]).record = record.id
            self.last_record = record
        self._parent = None
        self.services.session.set_body(doc_id, self.editor.document().toPlainText())
        self.refresh_colours()
        self.running_changed.emit(False)

    def _record(
        self,
        document_id: str,
        action: str,
        start: int,
        end: int,
        text: str,
        result: dict[str, Any],
        parent: str | None = None,
        context_sha256: str | None = None,
    ) -> GenerationRecord:
        """The provenance record of a finished job (appended to the ledger by the caller)."""
        model = result.get("model", {})
        if context_sha256 is None:
            context_sha256 = self.last_context.digest if self.last_context else ""
        return GenerationRecord(
            document_id=document_id,
            action=action,
            start=start,
            end=end,
            text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            model=model.get("folder") or model.get("model") or self._spec.source,
            weights_sha256=model.get("weights_sha256"),
            backend=self._spec.backend,
            params=result.get("params", {}),
            seed=result.get("seed"),
            context_sha256=context_sha256,
            parent=parent,
            request_sha256=self._request_sha,
            precision=model.get("precision", ""),
            reused_prefix_tokens=result.get("reused_prefix_tokens", 0),
            text=text,
        )

    def _alternative_done(self, result: dict[str, Any], how: str) -> None:
        choices = self._choices
        assert choices is not None
        if choices["buffer"]:
            record = self._record(
                self._generating_doc,
                "alternative" + how,
                self._insert_at,
                self._insert_at,
                choices["buffer"],
                result,
            )
            ProvenanceLedger(self.services.session.project.folder).append(record)
            choices["records"].append(record)
        choices["buffer"] = ""
        if not how and len(choices["records"]) < choices["count"]:
            action, request, position, removed, params = self._last_start
            self._start(action, request, position, removed, params)
            return
        self._choices = None
        self.alternatives_ready.emit(choices["records"])
        self.running_changed.emit(False)

    def _finished(self, job: str, result: dict) -> None:
        if job == self.job:
            self._end(result)
            speed = result.get("tokens_per_s", 0.0)
            self.status.emit(f"Wrote {result.get('tokens', 0)} tokens ({speed:.1f}/s).")

    def _cancelled(self, job: str, partial: dict) -> None:
        if job == self.job:
            self._end(partial if "params" in partial else {}, " (cancelled)")
            self.status.emit("Stopped. Undo removes what was written.")

    def _failed(self, job: str, message: str, _details: str) -> None:
        if job == self.job:
            self._end({}, " (failed)")
            self.status.emit(message)
