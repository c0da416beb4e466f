"""Accuracy of the lyric analyzer (studio/writing/lyrics.py) against a hand-checked set.

Loads tests/data/lyrics/stanzas.toml (public-domain stanzas with their published rhyme schemes
and hand-counted syllables), runs `analyze_lyrics` on each stanza's text, and reports:

  * the share of lines whose syllable count is exactly right (goal >= 95%);
  * the share of stanzas whose rhyme scheme string is exactly right (goal >= 90%);
  * every miss, with the per-word counts and end words, so the analyzer can be fixed.

The data is the reference: when they disagree, fix the analyzer, not the data.

Run: .venv/bin/python bench/lyrics_accuracy.py [--json] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.writing.lyrics import Pronouncer, analyze_lyrics  # noqa: E402

DATA = ROOT / "tests" / "data" / "lyrics" / "stanzas.toml"
SYLLABLE_GOAL = 95.0
SCHEME_GOAL = 90.0


@dataclass
class SyllableMiss:
    source: str
    line: str
    expected: int
    got: int
    words: str  # "word=count" per word; "*" marks a spelling estimate (not in any dictionary)


@dataclass
class SchemeMiss:
    source: str
    expected: str
    got: str
    end_words: list[str]


@dataclass
class Report:
    stanzas: int = 0
    lines: int = 0
    lines_exact: int = 0
    schemes_exact: int = 0
    syllable_misses: list[SyllableMiss] = field(default_factory=list)
    scheme_misses: list[SchemeMiss] = field(default_factory=list)

    @property
    def syllable_pct(self) -> float:
        return 100.0 * self.lines_exact / self.lines if self.lines else 0.0

    @property
    def scheme_pct(self) -> float:
        return 100.0 * self.schemes_exact / self.stanzas if self.stanzas else 0.0

    def summary(self) -> str:
        return (
            f"lyrics accuracy: syllables {self.syllable_pct:.1f}% of {self.lines} lines exact "
            f"(goal >= {SYLLABLE_GOAL:.0f}%), schemes {self.scheme_pct:.1f}% of "
            f"{self.stanzas} stanzas exact (goal >= {SCHEME_GOAL:.0f}%)"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "stanzas": self.stanzas,
            "lines": self.lines,
            "lines_exact": self.lines_exact,
            "syllables_pct": round(self.syllable_pct, 2),
            "syllables_goal_pct": SYLLABLE_GOAL,
            "schemes_exact": self.schemes_exact,
            "schemes_pct": round(self.scheme_pct, 2),
            "schemes_goal_pct": SCHEME_GOAL,
            "syllable_misses": [asdict(m) for m in self.syllable_misses],
            "scheme_misses": [asdict(m) for m in self.scheme_misses],
            "summary": self.summary(),
        }


def load_stanzas(path: Path) -> list[dict[str, Any]]:
    """The [[stanza]] entries, checked for shape: one count and one scheme letter a line."""
    with path.open("rb") as handle:
        stanzas = tomllib.load(handle)["stanza"]
    for entry in stanzas:
        lines = [line for line in entry["text"].splitlines() if line.strip()]
        source = entry["source"]
        if len(entry["syllables"]) != len(lines):
            raise ValueError(f"{source}: {len(lines)} lines but {len(entry['syllables'])} counts")
        if len(entry["scheme"]) != len(lines):
            raise ValueError(f"{source}: {len(lines)} lines but scheme {entry['scheme']!r}")
    return stanzas


def word_counts(words: list[str], pronouncer: Pronouncer) -> str:
    parts = []
    for word in words:
        _phones, known = pronouncer.phones(word)
        parts.append(f"{word}={pronouncer.syllables(word)}{'' if known else '*'}")
    return " ".join(parts)


def evaluate(stanzas: list[dict[str, Any]]) -> Report:
    pronouncer = Pronouncer()
    report = Report()
    for entry in stanzas:
        source = entry["source"]
        analyzed = analyze_lyrics(entry["text"], pronouncer)
        lines = [line for stanza in analyzed for line in stanza.lines]
        got_scheme = "".join(stanza.scheme for stanza in analyzed)
        if len(analyzed) != 1:
            got_scheme += f" (split into {len(analyzed)} stanzas)"
        report.stanzas += 1
        if got_scheme == entry["scheme"]:
            report.schemes_exact += 1
        else:
            ends = [line.words[-1] if line.words else "" for line in lines]
            report.scheme_misses.append(SchemeMiss(source, entry["scheme"], got_scheme, ends))
        for line, expected in zip(lines, entry["syllables"], strict=True):
            report.lines += 1
            if line.syllables == expected:
                report.lines_exact += 1
            else:
                report.syllable_misses.append(
                    SyllableMiss(
                        source,
                        line.text,
                        expected,
                        line.syllables,
                        word_counts(line.words, pronouncer),
                    )
                )
    return report


def print_report(report: Report) -> None:
    print(f"Syllable misses ({len(report.syllable_misses)}), word=count, * = spelling estimate:")
    for miss in report.syllable_misses:
        print(f"  {miss.source}")
        print(f"    {miss.line!r}: expected {miss.expected}, got {miss.got}")
        print(f"    {miss.words}")
    print(f"\nScheme misses ({len(report.scheme_misses)}):")
    for scheme_miss in report.scheme_misses:
        print(f"  {scheme_miss.source}")
        print(f"    expected {scheme_miss.expected}, got {scheme_miss.got}")
        print(f"    end words: {' / '.join(scheme_miss.end_words)}")
    print()
    print(report.summary())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the stanzas TOML file")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    report = evaluate(load_stanzas(args.data))
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
