"""Turning a growing list of token ids into text pieces, and cutting at stop strings."""

from __future__ import annotations

from collections.abc import Callable, Sequence


class TextStream:
    """Decodes the generated ids so far and hands out only the new, finished text.

    Text that could still be the start of a stop string is held back until it cannot be;
    a half-decoded multi-byte character (U+FFFD at the end) is held back too.
    """

    def __init__(self, decode: Callable[[Sequence[int]], str], stop: Sequence[str] = ()) -> None:
        self.decode = decode
        self.stop = tuple(s for s in stop if s)
        self.emitted = ""
        self.text = ""
        self.stopped = False

    def _held_back(self, text: str) -> int:
        """Characters at the end of ``text`` that are a proper prefix of some stop string."""
        longest = 0
        for stop in self.stop:
            for size in range(min(len(stop) - 1, len(text)), longest, -1):
                if text.endswith(stop[:size]):
                    longest = size
                    break
        return longest

    def update(self, ids: Sequence[int]) -> str:
        """New text to show after ``ids`` (all generated ids so far)."""
        text = self.decode(ids)
        if text.endswith("\ufffd"):
            return ""
        self.text = text
        for stop in self.stop:
            at = text.find(stop, max(0, len(self.emitted) - len(stop)))
            if at >= 0:
                self.stopped = True
                self.text = text[:at]
                break
        visible = (
            self.text if self.stopped else self.text[: len(self.text) - self._held_back(self.text)]
        )
        piece = visible[len(self.emitted) :]
        self.emitted = visible if len(visible) > len(self.emitted) else self.emitted
        return piece

    def finish(self) -> str:
        """Whatever was held back, at the end of generation."""
        piece = self.text[len(self.emitted) :] if not self.stopped else ""
        self.emitted += piece
        return piece
