"""Context assembly: triggers, the budget's cut order, the Author's Note depth, summaries."""

from __future__ import annotations

import pytest

from studio.writing.context import (
    ApproxTokenCounter,
    ChapterSummary,
    ContextRequest,
    ContextTooLargeError,
    LoreEntry,
    SummaryCache,
    assemble_context,
    why_entry_fires,
)


class WordCounter:
    """One token per whitespace-separated word: easy to reason about in tests."""

    def count(self, text: str) -> int:
        return len(text.split())


STORY = (
    "Mara climbed the stairs of the lighthouse.\n\n"
    "The storm rolled in from the west.\n\n"
    "Below, the harbour lights went out one by one.\n\n"
    "She heard the bell."
)


def entry(**fields) -> LoreEntry:
    return LoreEntry(
        id=fields.pop("id", "e"),
        title=fields.pop("title", "Entry"),
        text=fields.pop("text", "Some lore."),
        **fields,
    )


@pytest.mark.parametrize(
    ("lore", "fires"),
    [
        (entry(keys=["mara"]), "key “mara”"),  # case-insensitive
        (entry(keys=["Mar"]), None),  # whole words only
        (entry(keys=["storm"], secondary_keys=["bell"]), "key “storm” with “bell”"),
        (entry(keys=["storm"], secondary_keys=["dragon"]), None),
        (entry(keys=["storm"], not_keys=["harbour"]), None),
        (entry(patterns=[r"light\w+"]), "pattern /light\\w+/ matched “lighthouse”"),
        (entry(patterns=["[unclosed"]), None),  # a broken pattern never fires nor fails
        (entry(always_on=True, not_keys=["Mara"]), "always on"),
        (entry(keys=[]), None),
    ],
    ids=[
        "key",
        "whole-word",
        "secondary",
        "secondary-missing",
        "not-key",
        "regex",
        "bad-regex",
        "always-on",
        "no-keys",
    ],
)
def test_every_trigger_kind(lore: LoreEntry, fires: str | None) -> None:
    assert why_entry_fires(lore, STORY) == fires


def test_everything_fits_in_a_generous_budget() -> None:
    request = ContextRequest(
        story_before=STORY,
        budget_tokens=500,
        memory="A gothic sea story.",
        lore=[
            entry(title="Mara", text="The keeper.", keys=["Mara"]),
            entry(title="Dragon", text="Not here.", keys=["dragon"]),
        ],
    )
    context = assemble_context(request, WordCounter())
    assert context.text.startswith("A gothic sea story.\n[Mara: The keeper.]\n\n")
    assert context.text.endswith("She heard the bell.")
    assert [p.label for p in context.fired] == ["Mara"]
    dragon = next(p for p in context.pieces if p.label == "Dragon")
    assert not dragon.included and dragon.dropped_because == "no key matched"
    story = next(p for p in context.pieces if p.kind == "story")
    assert story.reason == "the whole story so far"
    assert context.tokens <= context.budget


def test_tight_budget_drops_lowest_priority_first_then_trims_story_start() -> None:
    # Word tokens: memory 2, each entry 16, budget 50 -> a quarter (12) is kept for the story,
    # so two entries fit in the remaining 36.
    lore = [
        entry(id="a", title="Low", text="low " * 15, always_on=True, priority=0),
        entry(id="b", title="High", text="high " * 15, always_on=True, priority=5),
        entry(id="c", title="Mid", text="mid " * 15, always_on=True, priority=2),
    ]
    request = ContextRequest(story_before=STORY, budget_tokens=50, memory="Memory here.", lore=lore)
    context = assemble_context(request, WordCounter())
    included = {p.label for p in context.pieces if p.kind == "lore" and p.included}
    assert included == {"High", "Mid"}
    low = next(p for p in context.pieces if p.label == "Low")
    assert "budget" in low.dropped_because
    story = next(p for p in context.pieces if p.kind == "story")
    assert story.text.endswith("She heard the bell.")
    assert not story.text.startswith("Mara climbed")  # the oldest text went first
    assert context.tokens <= 50


def test_summaries_compete_by_priority_and_older_ones_go_first_on_ties() -> None:
    summaries = [
        ChapterSummary("c1", "Chapter 1", "one " * 12),
        ChapterSummary("c2", "Chapter 2", "two " * 12),
    ]
    request = ContextRequest(story_before=STORY, budget_tokens=40, summaries=summaries)
    context = assemble_context(request, WordCounter())
    kept = [p.label for p in context.pieces if p.kind == "summary" and p.included]
    assert kept == ["Chapter 2"]


def test_authors_note_goes_depth_paragraphs_from_the_end() -> None:
    for depth, before in [
        (1, "She heard the bell."),
        (2, "Below, the harbour"),
        (4, "Mara climbed"),
    ]:
        request = ContextRequest(
            story_before=STORY,
            budget_tokens=500,
            authors_note="Dread builds.",
            authors_note_depth=depth,
        )
        text = assemble_context(request, WordCounter()).text
        assert f"[Author's note: Dread builds.]\n\n{before}" in text
    at_end = assemble_context(
        ContextRequest(
            story_before=STORY, budget_tokens=500, authors_note="Now.", authors_note_depth=0
        ),
        WordCounter(),
    ).text
    assert at_end.endswith("[Author's note: Now.]")


def test_memory_that_cannot_fit_is_refused_with_a_reason() -> None:
    request = ContextRequest(story_before=STORY, budget_tokens=5, memory="word " * 10)
    with pytest.raises(ContextTooLargeError, match="Shorten"):
        assemble_context(request, WordCounter())


def test_fill_in_keeps_the_text_after_the_gap() -> None:
    request = ContextRequest(
        story_before="The door opened.", story_after="She was gone.", budget_tokens=100
    )
    text = assemble_context(request, WordCounter()).text
    assert text == "The door opened.\n\n[Continues with: She was gone.]"


def test_only_recent_text_triggers_entries() -> None:
    old = "Mara was born here. " + "Waves. " * 2000
    lore = [entry(title="Mara", keys=["Mara"])]
    request = ContextRequest(story_before=old, budget_tokens=100000, lore=lore, scan_chars=500)
    assert assemble_context(request, ApproxTokenCounter()).fired == []


def test_summary_cache_invalidates_when_the_chapter_changes() -> None:
    cache = SummaryCache()
    cache.put("c1", "Chapter text.", "A summary.")
    assert cache.get("c1", "Chapter text.") == "A summary."
    assert cache.stale({"c1": "Chapter text.", "c2": "New."}) == ["c2"]
    assert cache.get("c1", "Chapter text, edited.") is None
    assert cache.stale({"c1": "Chapter text, edited."}) == ["c1"]


def test_digest_changes_with_what_is_sent() -> None:
    first = assemble_context(ContextRequest(story_before="A.", budget_tokens=50), WordCounter())
    second = assemble_context(ContextRequest(story_before="B.", budget_tokens=50), WordCounter())
    assert first.digest != second.digest and len(first.digest) == 64
