"""The Composition panel: for now the composition's notes; scores arrive with the music issue."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from studio.ui.panels.text_document import TextDocumentPanel


class CompositionPanel(TextDocumentPanel):
    placeholder_text = "Notes on this piece: key, feel, instruments, structure…"

    def add_header_widgets(self, layout: QVBoxLayout) -> None:
        note = QLabel(
            "Score, piano roll and generated takes will appear here. "
            "Until then, keep your notes on the piece below.",
            self,
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
