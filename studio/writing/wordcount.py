"""Word counts for Markdown text, as writers count them."""

from __future__ import annotations

import re

# Words are runs of letters/digits that may hold apostrophes or hyphens (don't, well-known).
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_FRONT_SYNTAX = re.compile(r"^\s{0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+[.)]\s)", re.MULTILINE)
_SCENE_BREAK = re.compile(r"^\s*(?:\*\s*\*\s*\*|-{3,}|#\s*#\s*#)\s*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def count_words(markdown_text: str) -> int:
    """Words in Markdown prose; markup, scene breaks and HTML comments do not count."""
    text = _COMMENT.sub(" ", markdown_text)
    text = _SCENE_BREAK.sub(" ", text)
    text = _FRONT_SYNTAX.sub(" ", text)
    return len(_WORD.findall(text))
