"""Provenance: the append-only ledger, and AI spans that follow the writer's edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.core.provenance import (
    LEDGER_NAME,
    Authorship,
    GenerationRecord,
    Origin,
    ProvenanceLedger,
    Span,
    load_authorship,
    save_authorship,
)


def record(doc: str = "d1", parent: str | None = None) -> GenerationRecord:
    return GenerationRecord(
        document_id=doc,
        action="continue",
        start=0,
        end=5,
        text_sha256="t" * 64,
        model="tiny",
        weights_sha256="w" * 64,
        backend="transformers",
        params={"temperature": 0.8},
        seed=42,
        context_sha256="c" * 64,
        parent=parent,
    )


def test_ledger_appends_and_reads_back_in_order(tmp_path: Path) -> None:
    ledger = ProvenanceLedger(tmp_path)
    first = record()
    second = record(parent=first.id)
    ledger.append(first)
    ledger.append(record(doc="other"))
    ledger.append(second)
    assert [r.id for r in ledger.history("d1")] == [first.id, second.id]
    assert ledger.history("d1")[1].parent == first.id
    assert ledger.records()[0] == first


def test_a_torn_last_line_is_reported_and_earlier_records_survive(tmp_path: Path) -> None:
    ledger = ProvenanceLedger(tmp_path)
    kept = record()
    ledger.append(kept)
    with (tmp_path / LEDGER_NAME).open("a") as handle:
        handle.write('{"document_id": "d1", "act')  # a crash mid-append
    assert ledger.records() == [kept]
    assert "line 2" in ledger.problems[0]


def spans(authorship: Authorship) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.origin.value) for s in authorship.spans]


@pytest.fixture
def ai_in_the_middle() -> Authorship:
    """Body "Writer. AI text here. Writer." with the AI part at 8..21."""
    authorship = Authorship()
    authorship.add_generation(8, 13, "r1")
    return authorship


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ((0, 0, 3), [(11, 24, "ai")]),  # typing before: the span moves
        ((30, 0, 3), [(8, 21, "ai")]),  # typing after: nothing changes
        ((21, 0, 4), [(8, 21, "ai")]),  # typing right after the AI text is the writer's own
        ((8, 0, 2), [(10, 23, "ai")]),  # typing right before it too
        ((12, 0, 5), [(8, 26, "ai-edited")]),  # typing inside: edited, and it grows
        ((10, 4, 1), [(8, 18, "ai-edited")]),  # replacing inside
        ((15, 10, 0), [(8, 15, "ai-edited")]),  # deleting the tail and beyond
        ((5, 6, 2), [(7, 17, "ai-edited")]),  # replacing across the head
        ((6, 20, 3), []),  # deleting all of it
    ],
    ids=[
        "before",
        "after",
        "adjacent-after",
        "adjacent-before",
        "inside",
        "replace-inside",
        "cut-tail",
        "cut-head",
        "all-gone",
    ],
)
def test_spans_follow_edits(
    ai_in_the_middle: Authorship, edit: tuple[int, int, int], expected: list[tuple[int, int, str]]
) -> None:
    ai_in_the_middle.apply_edit(*edit)
    assert spans(ai_in_the_middle) == expected


def test_share_of_ai_text(ai_in_the_middle: Authorship) -> None:
    assert ai_in_the_middle.share(26) == pytest.approx(13 / 26)
    assert Authorship().share(100) == 0.0


def test_spans_survive_save_and_reload_and_notice_outside_changes(tmp_path: Path) -> None:
    body = "Writer. AI text here. Writer."
    authorship = Authorship([Span(8, 21, Origin.AI_EDITED, "r1")])
    save_authorship(tmp_path, "d1", body, authorship)
    loaded, problem = load_authorship(tmp_path, "d1", body)
    assert problem == "" and spans(loaded) == [(8, 21, "ai-edited")]
    changed, problem = load_authorship(tmp_path, "d1", body + " More.")
    assert changed.spans == [] and "changed outside" in problem
    save_authorship(tmp_path, "d1", body, Authorship())
    assert not (tmp_path / "provenance" / "d1.json").exists()


def test_unreadable_span_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "provenance").mkdir()
    (tmp_path / "provenance" / "d1.json").write_text(json.dumps({"spans": [[1]]}))
    loaded, problem = load_authorship(tmp_path, "d1", "x")
    assert loaded.spans == [] and "unreadable" in problem
