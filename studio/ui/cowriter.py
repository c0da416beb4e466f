"""Co-writing in a text panel: Continue at the cursor, streamed in as one undo step, with
cancel, provenance, and AI text kept apart from the writer's own."""

from __future__ import annotations

import hashlib
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from studio.core.provenance import (
    Authorship,
    GenerationRecord,
    Origin,
    ProvenanceLedger,
    Span,
    load_authorship,
    save_authorship,
)
from studio.engines.models import ModelStore
from studio.engines.protocol import GenerateText, ModelSpec, SamplingParams
from studio.engines.tokens import counter_for
from studio.writing.context import AssembledContext, ContextTooLargeError, assemble_context
from studio.writing.story_context import build_request

_STREAMING = "streaming"  # the record id of a span still being written
AI_COLOURS = {Origin.AI: QColor(120, 90, 220, 60), Origin.AI_EDITED: QColor(230, 150, 40, 60)}


class CoWriter(QObject):
    """Runs AI actions for one editor; one generation at a time."""

    running_changed = Signal(bool)
    status = Signal(str)
    context_assembled = Signal(object)  # AssembledContext: what the Context Inspector shows

    def __init__(
        self, services: Any, editor: QPlainTextEdit, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.editor = editor
        self.doc_id: str | None = None
        self.authorship: dict[str, Authorship] = {}
        self.show_ai_text = True
        self.last_context: AssembledContext | None = None
        self.job: str | None = None
        self._spec: ModelSpec | None = None
        self._insert_at = 0
        self._inserted = 0
        self.last_record: GenerationRecord | None = None
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
        self.editor.setExtraSelections(selections)

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
        project = self.services.session.project
        if self.running or project is None or self.doc_id is None:
            return None
        spec = self.model_spec()
        if spec is None:
            self.status.emit(
                "Choose a writing model first: Edit ▸ Preferences, or install "
                "one in Tools ▸ Models…."
            )
            return None
        preferences = self.services.preferences
        params = params or SamplingParams(max_new_tokens=preferences["continue_tokens"])
        text = self.editor.document().toPlainText()
        position = self.editor.textCursor().position()
        budget = max(64, preferences["context_tokens"] - params.max_new_tokens)
        request = build_request(project, self.doc_id, text[:position], text[position:], budget)
        try:
            context = assemble_context(request, counter_for(spec.source))
        except ContextTooLargeError as error:
            self.status.emit(str(error))
            return None
        self.last_context = context
        self.context_assembled.emit(context)
        engine = self.services.engine()
        if not self._engine_connected:
            engine.token.connect(self._token)
            engine.done.connect(self._finished)
            engine.cancelled.connect(self._cancelled)
            engine.failed.connect(self._failed)
            engine.loading.connect(self._loading)
            self._engine_connected = True
        self._spec = spec
        self._insert_at, self._inserted = position, 0
        self._generating_doc = self.doc_id
        self.editor.setReadOnly(True)  # the whole insertion stays one undo step
        self.job = engine.submit(GenerateText(model=spec, prompt=context.text, params=params))
        self.running_changed.emit(True)
        self.status.emit("Writing…")
        return self.job

    def cancel(self) -> None:
        if self.job is not None:
            self.services.engine().cancel(self.job)

    # ----------------------------------------------------------------- engine events
    def _loading(self, job: str, fraction: float, message: str) -> None:
        if job == self.job:
            self.status.emit(f"{message} ({fraction:.0%})")

    def _token(self, job: str, text: str) -> None:
        if job != self.job:
            return
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self._insert_at + self._inserted)
        if self._inserted == 0:
            cursor.beginEditBlock()
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
        self.editor.setReadOnly(False)
        doc_id = self._generating_doc
        if self._inserted:
            start, end = self._insert_at, self._insert_at + self._inserted
            text = self.editor.document().toPlainText()[start:end]
            model = result.get("model", {})
            record = GenerationRecord(
                document_id=doc_id,
                action="continue" + how,
                start=start,
                end=end,
                text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                model=model.get("folder") or model.get("model") or self._spec.source,
                weights_sha256=model.get("weights_sha256"),
                backend=self._spec.backend,
                params=result.get("params", {}),
                seed=result.get("seed"),
                context_sha256=self.last_context.digest if self.last_context else "",
            )
            ProvenanceLedger(self.services.session.project.folder).append(record)
            live = self._live_span(self.authorship[doc_id])
            live.record = record.id
            self.last_record = record
        self.services.session.set_body(doc_id, self.editor.document().toPlainText())
        self.refresh_colours()
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
