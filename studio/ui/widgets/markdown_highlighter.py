"""Markdown-aware highlighting for the editors: headings, emphasis, scene breaks, comments."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_HEADING = re.compile(r"^(#{1,6})\s+.*$")
_SCENE_BREAK = re.compile(r"^\s*(?:\*\s*\*\s*\*|-{3,}|#\s*#\s*#)\s*$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*_\w])")
_COMMENT = re.compile(r"<!--.*?-->")


def _format(
    *, bold: bool = False, italic: bool = False, scale: float = 1.0, colour: QColor | None = None
) -> QTextCharFormat:
    text_format = QTextCharFormat()
    if bold:
        text_format.setFontWeight(QFont.Weight.Bold)
    if italic:
        text_format.setFontItalic(True)
    if scale != 1.0:
        text_format.setProperty(QTextCharFormat.Property.FontSizeAdjustment, round(scale))
    if colour is not None:
        text_format.setForeground(colour)
    return text_format


class MarkdownHighlighter(QSyntaxHighlighter):
    """Shows Markdown's structure while keeping the text plain (what is saved is Markdown)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        muted = QColor(128, 128, 128)
        self.heading = _format(bold=True, scale=1)
        self.marker = _format(colour=muted)
        self.strong = _format(bold=True)
        self.emphasis = _format(italic=True)
        self.scene_break = _format(colour=muted, bold=True)
        self.comment = _format(italic=True, colour=muted)

    def highlightBlock(self, text: str) -> None:
        if _SCENE_BREAK.match(text):
            self.setFormat(0, len(text), self.scene_break)
            return
        heading = _HEADING.match(text)
        if heading:
            self.setFormat(0, len(text), self.heading)
            self.setFormat(0, len(heading.group(1)), self.marker)
            return
        for match in _STRONG.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.strong)
        for match in _EMPHASIS.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.emphasis)
        for match in _COMMENT.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.comment)
