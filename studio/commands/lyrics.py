"""`lyra lyrics analyze FILE|-`: syllables, stress and rhyme scheme of a lyric, per stanza."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_parser(commands: argparse._SubParsersAction) -> None:
    lyrics = commands.add_parser("lyrics", help="analyse lyrics")
    actions = lyrics.add_subparsers(dest="action", required=True)
    analyze = actions.add_parser("analyze", help="syllables, stress and rhyme scheme")
    analyze.add_argument("file", help="a text file, or - for standard input")
    analyze.add_argument("--json", action="store_true")


def run(options: argparse.Namespace) -> int:
    from studio.writing.lyrics import analyze_lyrics

    try:
        text = (
            sys.stdin.read()
            if options.file == "-"
            else Path(options.file).read_text(encoding="utf-8")
        )
    except (OSError, UnicodeDecodeError) as error:
        print(f"lyra: cannot read {options.file}: {error}", file=sys.stderr)
        return 1
    stanzas = analyze_lyrics(text)
    if options.json:
        print(
            json.dumps(
                {
                    "stanzas": [
                        {
                            "header": stanza.header,
                            "scheme": stanza.scheme,
                            "lines": [
                                {
                                    "text": line.text,
                                    "syllables": line.syllables,
                                    "stress": line.stress,
                                    "rhyme": line.rhyme,
                                    "meter": line.meter,
                                }
                                for line in stanza.lines
                            ],
                        }
                        for stanza in stanzas
                    ]
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    for stanza in stanzas:
        print(f"{stanza.header or '(stanza)'}  {stanza.scheme}")
        for line in stanza.lines:
            print(
                f"  {line.rhyme:<2} {line.syllables:>3}  {line.stress:<16} {line.text}"
                + (f"   ({line.meter})" if line.meter else "")
            )
        print()
    return 0
