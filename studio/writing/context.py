"""Assembling what the model reads: Memory, story-bible entries, chapter summaries, the story
so far, and the Author's Note, cut to a token budget.

No Qt, no ML: token counts come through the TokenCounter protocol (a real tokenizer in the
studio, a word-based estimate in tests or before a model is chosen). The result lists every
piece with its tokens and why it is in (or out), which is what the Context Inspector shows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Protocol


class TokenCounter(Protocol):
    def count(self, text: str) -> int: ...


class ApproxTokenCounter:
    """About 4 characters a token (English prose): for when no tokenizer is at hand."""

    def count(self, text: str) -> int:
        return (len(text) + 3) // 4


@dataclass
class LoreEntry:
    """A story-bible entry and the rules that put it into the context."""

    id: str
    title: str
    text: str
    keys: list[str] = field(default_factory=list)
    secondary_keys: list[str] = field(default_factory=list)  # one of these must match too
    not_keys: list[str] = field(default_factory=list)  # any of these keeps it out
    patterns: list[str] = field(default_factory=list)  # regular expressions
    always_on: bool = False
    priority: int = 0  # higher survives a tight budget longer


@dataclass
class ChapterSummary:
    chapter_id: str
    title: str
    text: str
    priority: int = -10  # summaries go before most lore when the budget is tight


@dataclass
class ContextRequest:
    story_before: str
    budget_tokens: int
    story_after: str = ""  # for fill-in: the text after the gap
    memory: str = ""
    authors_note: str = ""
    authors_note_depth: int = 3  # paragraphs from the end of the story text
    lore: list[LoreEntry] = field(default_factory=list)
    summaries: list[ChapterSummary] = field(default_factory=list)
    scan_chars: int = 4000  # how much of the recent story can trigger entries


@dataclass
class ContextPiece:
    kind: str  # memory | summary | lore | story | authors_note
    label: str
    text: str
    tokens: int
    reason: str
    included: bool = True
    dropped_because: str = ""


@dataclass
class AssembledContext:
    text: str
    pieces: list[ContextPiece]
    tokens: int
    budget: int

    @property
    def fired(self) -> list[ContextPiece]:
        """Bible entries whose triggers matched and that fit the budget."""
        return [p for p in self.pieces if p.kind == "lore" and p.included]

    @property
    def triggered(self) -> list[ContextPiece]:
        """Bible entries whose triggers matched, whether or not they fit."""
        return [p for p in self.pieces if p.kind == "lore" and p.reason]

    @property
    def digest(self) -> str:
        """A hash of exactly what is sent: provenance records it."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class ContextTooLargeError(ValueError):
    """Memory and the Author's Note alone do not fit the budget."""


def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(word.strip())}(?!\w)", re.IGNORECASE)


def _first_match(words: list[str], text: str) -> str | None:
    return next((w for w in words if w.strip() and _word_pattern(w).search(text)), None)


def why_entry_fires(entry: LoreEntry, scanned: str) -> str | None:
    """The reason an entry goes in, or None. NOT-keys win over everything but always-on."""
    if entry.always_on:
        return "always on"
    blocked = _first_match(entry.not_keys, scanned)
    if blocked:
        return None
    key = _first_match(entry.keys, scanned)
    reason = f"key “{key}”" if key else None
    if reason is None:
        for pattern in entry.patterns:
            try:
                found = re.search(pattern, scanned, re.IGNORECASE)
            except re.error:
                continue
            if found:
                reason = f"pattern /{pattern}/ matched “{found.group(0)}”"
                break
    if reason is None:
        return None
    if entry.secondary_keys:
        secondary = _first_match(entry.secondary_keys, scanned)
        if secondary is None:
            return None
        reason += f" with “{secondary}”"
    return reason


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=\n)\n+", text) if p]


def trim_to_tokens(text: str, budget: int, counter: TokenCounter) -> str:
    """The longest tail of ``text`` within ``budget``, cut at a paragraph or sentence start."""
    if counter.count(text) <= budget:
        return text
    paragraphs = _paragraphs(text)
    kept: list[str] = []
    for paragraph in reversed(paragraphs):
        if counter.count("".join([paragraph, *kept])) > budget:
            sentences = re.split(r"(?<=[.!?…])\s+", paragraph)
            tail: list[str] = []
            for sentence in reversed(sentences):
                candidate = " ".join([sentence, *tail])
                if counter.count("".join([candidate, *kept])) > budget:
                    break
                tail.insert(0, sentence)
            if tail:
                kept.insert(0, " ".join(tail))
            break
        kept.insert(0, paragraph)
    return "".join(kept)


def _insert_authors_note(story: str, note: str, depth: int) -> str:
    """Put the note before the last ``depth`` paragraphs of the story text."""
    if not note:
        return story
    block = f"[Author's note: {note.strip()}]\n\n"
    starts = [0] + [m.end() for m in re.finditer(r"\n\n+", story)]
    starts = [s for s in starts if s < len(story)] or [0]
    at = starts[max(0, len(starts) - depth)] if depth > 0 else len(story)
    if depth <= 0:
        return story.rstrip("\n") + "\n\n" + block.rstrip("\n")
    return story[:at] + block + story[at:]


def assemble_context(request: ContextRequest, counter: TokenCounter) -> AssembledContext:
    """Fit Memory, fired entries, summaries and the story into the budget.

    Memory and the Author's Note always go in. Then entries and summaries by priority while
    at least a quarter of the budget stays for the story; the lowest priority is dropped
    first (on ties: the later bible entry, the older chapter summary). The story fills what
    is left, cut from its start.
    """
    budget = request.budget_tokens
    pieces: list[ContextPiece] = []
    memory = request.memory.strip()
    fixed = counter.count(memory) + counter.count(request.authors_note)
    if fixed > budget:
        raise ContextTooLargeError(
            f"Memory and the Author's Note take {fixed} tokens; the model's budget is {budget}. "
            "Shorten them."
        )
    scanned = (
        request.story_before[-request.scan_chars :]
        + "\n"
        + request.story_after[: request.scan_chars // 4]
    )
    candidates: list[tuple[int, int, ContextPiece]] = []
    for order, summary in enumerate(request.summaries):
        text = f"[Summary of {summary.title}: {summary.text.strip()}]"
        piece = ContextPiece(
            "summary", summary.title, text, counter.count(text), "summary of an earlier chapter"
        )
        candidates.append((summary.priority, order, piece))  # recent chapters stay longer
    for order, entry in enumerate(request.lore):
        reason = why_entry_fires(entry, scanned)
        text = f"[{entry.title}: {entry.text.strip()}]"
        piece = ContextPiece("lore", entry.title, text, counter.count(text), reason or "")
        if reason is None:
            piece.included = False
            piece.dropped_because = "no key matched"
            pieces.append(piece)
            continue
        candidates.append((entry.priority, -order, piece))  # earlier entries stay longer
    min_story = max(1, budget // 4)
    room = budget - fixed - min_story
    for _priority, _order, piece in sorted(candidates, key=lambda c: (c[0], c[1]), reverse=True):
        if piece.tokens <= room:
            room -= piece.tokens
        else:
            piece.included = False
            piece.dropped_because = "over the token budget (lower priority than what stayed)"
        pieces.append(piece)
    used = fixed + sum(p.tokens for p in pieces if p.included)
    after = request.story_after.strip()
    after_block = f"\n\n[Continues with: {after}]" if after else ""
    story_budget = budget - used - counter.count(after_block) - 8  # 8: joins and brackets
    story = trim_to_tokens(request.story_before, max(0, story_budget), counter)
    story_reason = (
        "the whole story so far"
        if story == request.story_before
        else "the most recent part that fits"
    )
    story_with_note = _insert_authors_note(story, request.authors_note, request.authors_note_depth)

    ordered: list[ContextPiece] = []
    if memory:
        ordered.append(
            ContextPiece("memory", "Memory", memory, counter.count(memory), "always at the top")
        )
    ordered += [p for p in pieces if p.kind == "summary"]
    ordered += [p for p in pieces if p.kind == "lore"]
    ordered.append(ContextPiece("story", "Story", story, counter.count(story), story_reason))
    if request.authors_note:
        ordered.append(
            ContextPiece(
                "authors_note",
                "Author's Note",
                request.authors_note,
                counter.count(request.authors_note),
                f"inserted {request.authors_note_depth} paragraph(s) from the end",
            )
        )
    head = "\n".join(
        p.text for p in ordered if p.included and p.kind in ("memory", "summary", "lore")
    )
    text = (head + "\n\n" if head else "") + story_with_note + after_block
    return AssembledContext(text=text, pieces=ordered, tokens=counter.count(text), budget=budget)


@dataclass
class SummaryCache:
    """Chapter summaries made by the model, kept while the chapter's text is unchanged."""

    entries: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (digest, summary)

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, chapter_id: str, chapter_text: str) -> str | None:
        cached = self.entries.get(chapter_id)
        return cached[1] if cached and cached[0] == self.digest(chapter_text) else None

    def put(self, chapter_id: str, chapter_text: str, summary: str) -> None:
        self.entries[chapter_id] = (self.digest(chapter_text), summary)

    def to_json(self) -> dict[str, list[str]]:
        return {cid: [digest, summary] for cid, (digest, summary) in self.entries.items()}

    @classmethod
    def from_json(cls, data: object) -> SummaryCache:
        cache = cls()
        if isinstance(data, dict):
            for cid, value in data.items():
                if isinstance(value, list) and len(value) == 2:
                    cache.entries[str(cid)] = (str(value[0]), str(value[1]))
        return cache

    def stale(self, chapters: dict[str, str]) -> list[str]:
        """Chapters (id -> text) whose summary is missing or older than their text."""
        return [cid for cid, text in chapters.items() if self.get(cid, text) is None]
