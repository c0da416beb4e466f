"""The Lyrics panel: lyric sheets (analysis and rhyme tools arrive with the lyrics issue)."""

from __future__ import annotations

from studio.ui.panels.text_document import TextDocumentPanel


class LyricsPanel(TextDocumentPanel):
    placeholder_text = "[Verse 1]\nWrite your lyric here, one line per sung line…"
