"""The Bible panel: characters, places and lore entries."""

from __future__ import annotations

from studio.ui.panels.text_document import TextDocumentPanel


class BiblePanel(TextDocumentPanel):
    placeholder_text = "Who or what is this? Appearance, history, voice, secrets…"
