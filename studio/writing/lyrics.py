"""Lyric analysis by sound: syllables, stress, rhymes of several kinds, rhyme schemes.

Pronunciations come from the CMU Pronouncing Dictionary (the `pronouncing` package), a
per-project dictionary the writer can edit, and a spelling-based estimate for words neither
knows (names, slang, invented words). No Qt, no ML.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_VOWEL_PHONE = re.compile(r"\b[A-Z]+[012]\b")  # CMU vowels carry a stress digit
_SECTION = re.compile(r"^\s*\[[^\]]+\]\s*$")


@functools.cache
def _cmu(word: str) -> tuple[str, ...]:
    import pronouncing

    return tuple(pronouncing.phones_for_word(word))


def estimate_syllables(word: str) -> int:
    """Syllables from spelling, for words the dictionaries lack."""
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s$", "", word)
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye", "ie")) and count > 1:
        count -= 1  # silent e: "stone", "home" (but "melodie", "Porgie" sound it)
    elif re.search(r"[^aeiousxzgc]es$", word) and not word.endswith("ies") and count > 1:
        count -= 1  # silent e before s: "toves", "stones"
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "walked", "rained"
    if re.search(r"[^aeiou]le$", word) and count == 0:
        count = 1
    return max(1, count)


#: Poetic elisions the dictionary lacks.
ELISIONS = {
    "o'er": "OW1 R",
    "e'er": "EH1 R",
    "ne'er": "N EH1 R",
    "e'en": "IY1 N",
    "'tis": "T IH1 Z",
    "'twas": "T W AH1 Z",
    "heav'n": "HH EH1 V N",
    "ev'ry": "EH1 V R IY0",
    "whate'er": "W AH0 T EH1 R",
    "where'er": "W EH0 R EH1 R",
    "baa": "B AA1",
}
#: Endings whose stem the dictionary may know: (ending, the ending's sounds).
_SUFFIXES = (
    ("'d", "D"),
    ("less", "L AH0 S"),
    ("ness", "N AH0 S"),
    ("ful", "F AH0 L"),
    ("ly", "L IY0"),
    ("s", "Z"),
)


def _derived_phones(word: str) -> str | None:
    """Phones for an elided or suffixed form of a word the dictionary knows:
    ruin'd -> ruined, slumbers -> slumber + Z, palely -> pale + L IY0."""
    word = word if word.startswith("'") else word.strip("'")
    if word in ELISIONS:
        return ELISIONS[word]
    if word.endswith("'d"):
        full = _cmu(word[:-2] + "ed")
        if full:
            return full[0]
    if "'" in word:
        joined = _cmu(word.replace("'", ""))
        if joined:
            return joined[0]
    for ending, sounds in _SUFFIXES:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3:
            for candidate in (stem, stem + "e"):
                found = _cmu(candidate)
                if found:
                    return f"{found[0]} {sounds}"
    return None


def _estimate_phones(word: str) -> str:
    """A stand-in pronunciation: stress on the first syllable, vowels as written."""
    count = estimate_syllables(word)
    return " ".join(["AH1"] + ["AH0"] * (count - 1))


@dataclass
class Pronouncer:
    """Word -> phones: the writer's own dictionary first, then CMU, then an estimate."""

    user: dict[str, str] = field(default_factory=dict)

    def phones(self, word: str) -> tuple[str, bool]:
        """(phones, known): ``known`` is False for an estimate."""
        key = word.lower().replace("’", "'")
        if key in self.user:
            return self.user[key], True
        found = _cmu(key)
        if found:
            return found[0], True
        derived = _derived_phones(key)
        if derived:
            return derived, True
        return _estimate_phones(key), False

    def syllables(self, word: str) -> int:
        phones, known = self.phones(word)
        return len(_VOWEL_PHONE.findall(phones)) if known else estimate_syllables(word)

    def stress(self, word: str) -> str:
        phones, _known = self.phones(word)
        return "".join(p[-1] for p in phones.split() if p[-1].isdigit())

    def rhyme_part(self, word: str) -> str:
        """From the last stressed vowel to the end (CMU's rhyming part), or from the last
        vowel group of the spelling for unknown words."""
        phones, known = self.phones(word)
        if not known:
            match = re.search(r"[aeiouy]+[^aeiouy]*$", word.lower())
            return "~" + (match.group(0) if match else word.lower())
        parts = phones.split()
        stressed = [i for i, p in enumerate(parts) if p[-1] in "12"]
        start = (
            stressed[-1]
            if stressed
            else max((i for i, p in enumerate(parts) if p[-1].isdigit()), default=0)
        )
        return " ".join(parts[start:])


class RhymeKind(StrEnum):
    IDENTICAL = "identical"  # the same word: flagged, not a true rhyme
    PERFECT = "perfect"
    FEMININE = "feminine"  # a perfect rhyme over two or more syllables (mul-ti-syl-la-bic)
    SLANT = "slant"  # same stressed vowel family and close endings
    ASSONANCE = "assonance"  # same stressed vowel, different consonants
    CONSONANCE = "consonance"  # same final consonants, different vowel
    EYE = "eye"  # spelt alike, sounds close: love / remove, come / home (counted in schemes)


def _strip_stress(phones: str) -> list[str]:
    return [re.sub(r"\d", "", p) for p in phones.split()]


def rhyme_kind(first: str, second: str, pronouncer: Pronouncer) -> RhymeKind | None:
    """How two words rhyme, if they do (by sound, not spelling)."""
    a, b = first.lower().strip("'’"), second.lower().strip("'’")
    if a == b:
        return RhymeKind.IDENTICAL
    part_a, part_b = pronouncer.rhyme_part(a), pronouncer.rhyme_part(b)
    if part_a != part_b and _variants_rhyme(a, b):
        part_b = part_a  # another listed pronunciation rhymes: estimate / determinate
        vowels = len(_VOWEL_PHONE.findall(part_a))
        return RhymeKind.FEMININE if vowels >= 2 else RhymeKind.PERFECT
    if part_a.startswith("~") or part_b.startswith("~"):
        return None
    sa, sb = _strip_stress(part_a), _strip_stress(part_b)
    if sa == sb:
        vowels = len(_VOWEL_PHONE.findall(part_a))
        return RhymeKind.FEMININE if vowels >= 2 else RhymeKind.PERFECT
    vowel_a, vowel_b = sa[0], sb[0]
    tail_a, tail_b = sa[1:], sb[1:]
    if vowel_a == vowel_b:
        if tail_a and tail_b and (tail_a[-1] == tail_b[-1] or _close(tail_a, tail_b)):
            return RhymeKind.SLANT
        return RhymeKind.ASSONANCE
    if tail_a and tail_a == tail_b:
        if _spelt_ending(a) == _spelt_ending(b):
            return RhymeKind.EYE
        return RhymeKind.CONSONANCE if len(sa) == len(sb) else RhymeKind.SLANT
    if _last_syllable(pronouncer.phones(a)[0]) == _last_syllable(pronouncer.phones(b)[0]):
        return RhymeKind.SLANT  # a weak rhyme on a final unstressed syllable: me / Immortality
    return None


def _spelt_ending(word: str) -> str:
    match = re.search(r"[aeiouy]+[^aeiouy]*$", word)
    return match.group(0) if match else word


def _variants_rhyme(a: str, b: str) -> bool:
    """Whether any dictionary pronunciations of the two words share a rhyming part."""
    import pronouncing

    parts_a = {pronouncing.rhyming_part(p) for p in _cmu(a)}
    parts_b = {pronouncing.rhyming_part(p) for p in _cmu(b)}
    return bool(parts_a & parts_b)


def _last_syllable(phones: str) -> list[str]:
    """The last vowel and what follows it, without stress."""
    parts = phones.split()
    vowels = [i for i, p in enumerate(parts) if p[-1].isdigit()]
    return _strip_stress(" ".join(parts[vowels[-1] :])) if vowels else parts


_CONSONANT_FAMILIES = [
    {"M", "N", "NG"},
    {"P", "B"},
    {"T", "D"},
    {"K", "G"},
    {"F", "V"},
    {"S", "Z"},
    {"TH", "DH"},
    {"SH", "ZH"},
    {"CH", "JH"},
]


def _close(tail_a: list[str], tail_b: list[str]) -> bool:
    """Endings that differ only by voicing or nasal place (time / mine, cup / tub)."""
    if len(tail_a) != len(tail_b):
        return False
    return all(
        x == y or any(x in f and y in f for f in _CONSONANT_FAMILIES)
        for x, y in zip(tail_a, tail_b, strict=True)
    )


#: Kinds that count as rhymes when a stanza's scheme is read.
SCHEME_KINDS = {
    RhymeKind.PERFECT,
    RhymeKind.FEMININE,
    RhymeKind.SLANT,
    RhymeKind.IDENTICAL,
    RhymeKind.EYE,
}


@dataclass
class LineAnalysis:
    text: str
    words: list[str]
    syllables: int
    stress: str
    rhyme: str = ""  # the scheme letter; "" for a section header
    meter: str = ""  # e.g. "iambic pentameter", where the stress allows a guess


@dataclass
class StanzaAnalysis:
    header: str
    lines: list[LineAnalysis]

    @property
    def scheme(self) -> str:
        return "".join(line.rhyme for line in self.lines)


def analyze_line(text: str, pronouncer: Pronouncer) -> LineAnalysis:
    words = _WORD.findall(text)
    stress = "".join(pronouncer.stress(w) for w in words)
    # A one-syllable word's stress bends to the meter in verse: a soft guess, weak (u) for
    # function words and strong (s) for the rest.
    flexible = "".join(
        ("u" if w.lower() in _FUNCTION_WORDS else "s")
        if len(pronouncer.stress(w)) == 1
        else pronouncer.stress(w)
        for w in words
    )
    return LineAnalysis(
        text=text,
        words=words,
        syllables=sum(pronouncer.syllables(w) for w in words),
        stress=stress,
        meter=guess_meter(flexible),
    )


_FUNCTION_WORDS = set(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "so",
        "yet",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "that",
        "this",
        "than",
        "then",
        "if",
        "when",
        "while",
        "where",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "there",
        "here",
        "not",
        "no",
        "do",
        "does",
        "did",
        "shall",
        "should",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "has",
        "have",
        "had",
        "o",
        "oh",
        "thy",
        "thee",
        "thou",
    ]
)


def _fit(got: str, want: str) -> float:
    """How well one syllable's stress fits the pattern's: soft guesses count half when off."""
    if got in "?2":
        return 1.0
    if got in "us":
        return 1.0 if (got == "s") == (want == "1") else 0.5
    return 1.0 if (got == "1") == (want == "1") else 0.0


_FEET = {"iambic": "01", "trochaic": "10", "anapestic": "001", "dactylic": "100"}
_LENGTHS = [
    "monometer",
    "dimeter",
    "trimeter",
    "tetrameter",
    "pentameter",
    "hexameter",
    "heptameter",
    "octameter",
]


def guess_meter(stress: str, threshold: float = 0.85) -> str:
    """The meter a stress string fits best, or "" when none fits. The string holds 0, 1 and
    2 from the dictionary, and u / s for soft guesses (one-syllable words), ? for either.

    Secondary stress counts as either; a last foot may be short (catalexis), as in
    "Tyger Tyger, burning bright" (trochaic tetrameter). On equal fits the two-syllable
    feet win: they are far more common in song and verse.
    """
    if len(stress) < 2:
        return ""
    best, best_score = "", 0.0
    for name, foot in _FEET.items():
        pattern = (foot * (len(stress) // len(foot) + 2))[: len(stress)]
        fits = sum(_fit(got, want) for got, want in zip(stress, pattern, strict=True))
        score = fits / len(stress)
        if score > best_score + 1e-9:
            best, best_score = name, score
    if best_score < threshold:
        return ""
    feet = -(-len(stress) // len(_FEET[best]))
    return f"{best} {_LENGTHS[feet - 1]}" if feet <= len(_LENGTHS) else best


def assign_scheme(lines: list[LineAnalysis], pronouncer: Pronouncer) -> None:
    """Letters by end-word rhyme: a line rhyming with an earlier one takes its letter."""
    letters: list[tuple[str, str]] = []  # (end word, letter)
    next_letter = 0
    for line in lines:
        if not line.words:
            line.rhyme = "-"
            continue
        end = line.words[-1]
        letter = next(
            (
                lt
                for word, lt in reversed(letters)
                if rhyme_kind(word, end, pronouncer) in SCHEME_KINDS
            ),
            None,
        )
        if letter is None:
            letter = _letter(next_letter)
            next_letter += 1
        letters.append((end, letter))
        line.rhyme = letter


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else f"Z{index - 25}"


def split_stanzas(text: str) -> list[tuple[str, list[str]]]:
    """(header, lines) per stanza: blank lines separate stanzas; a [Section] line starts one."""
    stanzas: list[tuple[str, list[str]]] = []
    header, current = "", []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _SECTION.match(line):
            if current:
                stanzas.append((header, current))
            header = line if line else ""
            current = []
            continue
        current.append(line)
    if current:
        stanzas.append((header, current))
    return stanzas


def analyze_lyrics(text: str, pronouncer: Pronouncer | None = None) -> list[StanzaAnalysis]:
    pronouncer = pronouncer or Pronouncer()
    result = []
    for header, lines in split_stanzas(text):
        analyzed = [analyze_line(line, pronouncer) for line in lines]
        assign_scheme(analyzed, pronouncer)
        result.append(StanzaAnalysis(header, analyzed))
    return result
