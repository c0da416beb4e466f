"""Lyric analysis: syllables, stress, rhyme kinds, schemes, the fallback and the CLI."""

from __future__ import annotations

import json

import pytest

from studio.cli import main
from studio.writing.lyrics import (
    Pronouncer,
    RhymeKind,
    analyze_lyrics,
    estimate_syllables,
    rhyme_kind,
    split_stanzas,
)

P = Pronouncer()


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("lantern", 2),
        ("beautiful", 3),
        ("the", 1),
        ("seventeen", 3),
        ("lighthouse", 2),
        ("rhythm", 2),
    ],
)
def test_syllables_from_the_dictionary(word: str, count: int) -> None:
    assert P.syllables(word) == count


@pytest.mark.parametrize(
    ("word", "count"),
    [("Greyhaven", 3), ("snickersnee", 3), ("brillig", 2), ("stone", 1), ("rained", 1)],
)
def test_unknown_words_are_estimated_from_spelling(word: str, count: int) -> None:
    assert P.phones(word)[1] is False or P.syllables(word) == count
    assert estimate_syllables(word) == count


def test_stress_patterns() -> None:
    assert P.stress("lantern") == "10"
    assert P.stress("tomorrow") == "012"
    assert P.stress("lighthouse") == "12"


def test_the_writers_own_pronunciation_wins() -> None:
    mine = Pronouncer({"greyhaven": "G R EY1 HH EY2 V AH0 N"})
    assert mine.syllables("Greyhaven") == 3 and mine.stress("Greyhaven") == "120"
    assert rhyme_kind("Greyhaven", "raven", mine) == RhymeKind.FEMININE  # -haven / raven
    assert rhyme_kind("Greyhaven", "raven", P) is None  # unknown to CMU: spelling only


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("night", "light", RhymeKind.PERFECT),
        ("keeper", "sleeper", RhymeKind.FEMININE),
        ("flower", "power", RhymeKind.FEMININE),
        ("time", "mine", RhymeKind.SLANT),
        ("night", "knife", RhymeKind.ASSONANCE),
        ("blood", "flowed", RhymeKind.CONSONANCE),
        ("love", "move", RhymeKind.EYE),  # spelt alike: counted in schemes, as poets meant
        ("sea", "sea", RhymeKind.IDENTICAL),
        ("through", "blue", RhymeKind.PERFECT),  # by sound, not spelling
        ("cough", "bough", None),  # spelt alike, sound different
    ],
)
def test_rhyme_kinds_by_sound(a: str, b: str, kind: RhymeKind | None) -> None:
    assert rhyme_kind(a, b, P) == kind


@pytest.mark.parametrize(
    ("stanza", "scheme"),
    [
        (
            "Twinkle, twinkle, little star,\nHow I wonder what you are!\n"
            "Up above the world so high,\nLike a diamond in the sky.",
            "AABB",
        ),
        ("Roses are red,\nViolets are blue,\nSugar is sweet,\nAnd so are you.", "ABCB"),
        (
            "The woods are lovely, dark and deep,\nBut I have promises to keep,\n"
            "And miles to go before I sleep,\nAnd miles to go before I sleep.",
            "AAAA",
        ),
        (
            "There was an Old Man with a beard,\nWho said, 'It is just as I feared!\n"
            "Two Owls and a Hen,\nFour Larks and a Wren,\n"
            "Have all built their nests in my beard!'",
            "AABBA",
        ),
        (
            "Because I could not stop for Death,\nHe kindly stopped for me;\n"
            "The Carriage held but just Ourselves,\nAnd Immortality.",
            "ABCB",
        ),
    ],
    ids=["couplets", "ballad", "frost", "limerick", "dickinson"],
)
def test_schemes(stanza: str, scheme: str) -> None:
    [analysis] = analyze_lyrics(stanza)
    assert analysis.scheme == scheme


def test_sections_and_blank_lines_split_stanzas() -> None:
    text = "[Verse 1]\nline one\nline two\n\nthird\n[Chorus]\nla la\n"
    assert split_stanzas(text) == [
        ("[Verse 1]", ["line one", "line two"]),
        ("", ["third"]),
        ("[Chorus]", ["la la"]),
    ]


def test_cli_analyzes_stdin_as_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import io

    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO("[Chorus]\nKeep the lantern burning low\nTill the grey tide turns to go\n"),
    )
    assert main(["lyrics", "analyze", "-", "--json"]) == 0
    [stanza] = json.loads(capsys.readouterr().out)["stanzas"]
    assert stanza["header"] == "[Chorus]" and stanza["scheme"] == "AA"
    assert [line["syllables"] for line in stanza["lines"]] == [7, 7]
    assert stanza["lines"][0]["stress"] == "1010101"
    assert stanza["lines"][0]["meter"] == "trochaic tetrameter"


def test_cli_reads_files_and_reports_missing_ones(tmp_path, capsys) -> None:
    song = tmp_path / "song.txt"
    song.write_text("Roses are red,\nViolets are blue,\n")
    assert main(["lyrics", "analyze", str(song)]) == 0
    assert "AB" in capsys.readouterr().out
    assert main(["lyrics", "analyze", str(tmp_path / "none.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("line", "meter"),
    [
        ("Shall I compare thee to a summer's day?", "iambic pentameter"),
        ("The woods are lovely, dark and deep", "iambic tetrameter"),
        ("Tyger Tyger, burning bright", "trochaic tetrameter"),
        ("And the sound of a voice that is still", "anapestic trimeter"),
        ("This is the forest primeval. The murmuring pines and the hemlocks", "dactylic hexameter"),
    ],
)
def test_meter_guess(line: str, meter: str) -> None:
    [stanza] = analyze_lyrics(line)
    assert stanza.lines[0].meter == meter


def test_no_meter_is_claimed_for_irregular_lines() -> None:
    [stanza] = analyze_lyrics("Thou art more lovely and more temperate")
    assert stanza.lines[0].meter == ""
