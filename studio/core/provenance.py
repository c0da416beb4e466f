"""The provenance ledger: an append-only record of every AI contribution, and the spans of
AI text in each document, kept in step with the writer's edits.

`provenance.jsonl` in the project holds one JSON record per generation (which document and
span, which model and a hash of its weights, sampling parameters and seed, a hash of the
context, when, and which generation it came from). `provenance/<doc id>.json` holds a
document's AI spans with a hash of the text they refer to, so a change made outside the
studio is noticed instead of mis-colouring the text.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from studio.core.atomic import atomic_write_text

LEDGER_NAME = "provenance.jsonl"
SPANS_FOLDER = "provenance"


@dataclass(frozen=True)
class GenerationRecord:
    """One AI generation that put text into a document."""

    document_id: str
    action: str  # continue | rewrite | expand | … | lyric-line
    start: int  # character offsets in the document body when it was inserted
    end: int
    text_sha256: str
    model: str
    weights_sha256: str | None
    backend: str
    params: dict[str, Any]
    seed: int | None
    context_sha256: str
    parent: str | None = None  # the generation this one retried or continued
    request_sha256: str = ""  # the exact prompt or messages, kept in provenance/requests
    precision: str = ""
    reused_prefix_tokens: int = 0  # > 0: part of the prompt came from a cache (see replay)
    text: str = ""  # what was generated, so an earlier alternative can be restored
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    time: str = field(
        default_factory=lambda: datetime.now().astimezone().isoformat(timespec="seconds")
    )


class RequestStore:
    """The exact prompts sent to models, content-addressed and compressed, for replay."""

    def __init__(self, project_folder: Path) -> None:
        self.folder = Path(project_folder) / SPANS_FOLDER / "requests"

    def put(self, request: dict[str, Any]) -> str:
        data = json.dumps(request, ensure_ascii=False, sort_keys=True).encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        path = self.folder / f"{digest}.json.gz"
        if not path.exists():
            import gzip

            from studio.core.atomic import atomic_write_bytes

            atomic_write_bytes(path, gzip.compress(data, mtime=0))
        return digest

    def get(self, digest: str) -> dict[str, Any] | None:
        import gzip

        path = self.folder / f"{digest}.json.gz"
        try:
            return json.loads(gzip.decompress(path.read_bytes()))
        except (OSError, ValueError):
            return None


class ProvenanceLedger:
    """Appends records to provenance.jsonl; reads them back, skipping a torn last line."""

    def __init__(self, project_folder: Path) -> None:
        self.path = Path(project_folder) / LEDGER_NAME
        self.problems: list[str] = []

    def append(self, record: GenerationRecord) -> None:
        line = json.dumps(asdict(record), ensure_ascii=False, sort_keys=True) + "\n"
        # One write of one line with O_APPEND: a crash leaves at most a torn last line,
        # never a damaged earlier record.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def records(self) -> list[GenerationRecord]:
        self.problems = []
        if not self.path.exists():
            return []
        records = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(GenerationRecord(**json.loads(line)))
            except (ValueError, TypeError) as error:
                self.problems.append(f"{LEDGER_NAME} line {number} is unreadable ({error}).")
        return records

    def history(self, document_id: str) -> list[GenerationRecord]:
        return [r for r in self.records() if r.document_id == document_id]


class Origin(StrEnum):
    AI = "ai"
    AI_EDITED = "ai-edited"  # AI text the writer has since changed


@dataclass
class Span:
    start: int
    end: int
    origin: Origin
    record: str  # the GenerationRecord id


@dataclass
class Authorship:
    """Which characters of a document's body came from the AI. Everything else is the
    writer's own."""

    spans: list[Span] = field(default_factory=list)

    def add_generation(self, start: int, length: int, record: str) -> None:
        """Text the AI inserted at ``start`` (after ``apply_edit`` made room for it)."""
        self.spans.append(Span(start, start + length, Origin.AI, record))
        self.spans.sort(key=lambda s: s.start)

    def apply_edit(self, position: int, removed: int, inserted: int) -> None:
        """The writer replaced ``removed`` characters at ``position`` with ``inserted`` ones.

        Text typed next to AI text is the writer's own; text typed inside it makes the span
        "AI, edited"; removed AI text leaves the span.
        """
        edit_end = position + removed
        delta = inserted - removed
        kept: list[Span] = []
        for span in self.spans:
            if span.end <= position:  # before the edit (typing right after it included)
                kept.append(span)
            elif span.start >= edit_end:  # after the edit (typing right before it included)
                kept.append(Span(span.start + delta, span.end + delta, span.origin, span.record))
            elif span.start < position and span.end > edit_end:  # the edit is inside
                kept.append(Span(span.start, span.end + delta, Origin.AI_EDITED, span.record))
            elif span.start < position:  # the edit covers the span's tail
                kept.append(Span(span.start, position, Origin.AI_EDITED, span.record))
            elif span.end > edit_end:  # the edit covers the span's head
                kept.append(
                    Span(position + inserted, span.end + delta, Origin.AI_EDITED, span.record)
                )
            # else: the whole span was removed
        self.spans = sorted(kept, key=lambda s: s.start)

    def share(self, length: int) -> float:
        """Fraction of a body of ``length`` characters that is AI text (edited or not)."""
        if length <= 0:
            return 0.0
        return min(1.0, sum(s.end - s.start for s in self.spans) / length)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_authorship(
    project_folder: Path, document_id: str, body: str, authorship: Authorship
) -> None:
    path = Path(project_folder) / SPANS_FOLDER / f"{document_id}.json"
    if not authorship.spans:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    data = {
        "body_sha256": _digest(body),
        "spans": [[s.start, s.end, s.origin.value, s.record] for s in authorship.spans],
    }
    atomic_write_text(path, json.dumps(data, indent=1) + "\n")


def load_authorship(project_folder: Path, document_id: str, body: str) -> tuple[Authorship, str]:
    """A document's spans, and a problem message when they no longer match its text."""
    path = Path(project_folder) / SPANS_FOLDER / f"{document_id}.json"
    if not path.exists():
        return Authorship(), ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        spans = [Span(int(a), int(b), Origin(o), str(r)) for a, b, o, r in data["spans"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Authorship(), f"{path.name} is unreadable ({error}); AI text is not marked."
    if data.get("body_sha256") != _digest(body):
        return Authorship(), (
            "The text changed outside Lyra Studio, so which parts came from the AI is no "
            "longer known for this document; the generation records are kept."
        )
    return Authorship(spans), ""
