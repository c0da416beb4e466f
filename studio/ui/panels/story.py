"""The Story panel: chapters and scenes (the AI tools arrive with the co-writing issue)."""

from __future__ import annotations

from studio.ui.panels.text_document import TextDocumentPanel


class StoryPanel(TextDocumentPanel):
    placeholder_text = "Write your scene in Markdown: # headings, *emphasis*, and * * * for breaks."
