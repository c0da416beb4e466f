"""Documents of a project: kinds, sections, and their Markdown-with-front-matter files."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml


class Section(StrEnum):
    """The binder's top-level groups."""

    STORY = "story"
    LYRICS = "lyrics"
    MUSIC = "music"
    BIBLE = "bible"

    @property
    def label(self) -> str:
        return {"story": "Story", "lyrics": "Lyrics", "music": "Music", "bible": "Bible"}[self]


class DocumentKind(StrEnum):
    CHAPTER = "chapter"
    SCENE = "scene"
    LYRIC = "lyric"
    COMPOSITION = "composition"
    CHARACTER = "character"
    PLACE = "place"
    LORE = "lore"

    @property
    def section(self) -> Section:
        return _SECTION_OF_KIND[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


_SECTION_OF_KIND = {
    DocumentKind.CHAPTER: Section.STORY,
    DocumentKind.SCENE: Section.STORY,
    DocumentKind.LYRIC: Section.LYRICS,
    DocumentKind.COMPOSITION: Section.MUSIC,
    DocumentKind.CHARACTER: Section.BIBLE,
    DocumentKind.PLACE: Section.BIBLE,
    DocumentKind.LORE: Section.BIBLE,
}

#: Which kinds may sit directly under a section, and which kinds a document may contain.
TOP_LEVEL_KINDS: dict[Section, tuple[DocumentKind, ...]] = {
    Section.STORY: (DocumentKind.CHAPTER,),
    Section.LYRICS: (DocumentKind.LYRIC,),
    Section.MUSIC: (DocumentKind.COMPOSITION,),
    Section.BIBLE: (DocumentKind.CHARACTER, DocumentKind.PLACE, DocumentKind.LORE),
}
CHILD_KINDS: dict[DocumentKind, tuple[DocumentKind, ...]] = {
    DocumentKind.CHAPTER: (DocumentKind.SCENE,),
}


class DocumentState(StrEnum):
    OK = "ok"
    MISSING = "missing"  # listed in the manifest, no file on disk
    DAMAGED = "damaged"  # the file exists but cannot be parsed; never written over


def new_document_id() -> str:
    return secrets.token_hex(6)


def relative_path_for(doc_id: str, kind: DocumentKind) -> str:
    """Where a document's file lives inside the project folder (always with '/')."""
    section = kind.section
    if section is Section.MUSIC:
        return f"music/{doc_id}/composition.md"
    return f"{section.value}/{doc_id}.md"


@dataclass
class Document:
    """One binder item: its front matter fields and its Markdown body."""

    id: str
    kind: DocumentKind
    title: str
    body: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    state: DocumentState = DocumentState.OK
    problem: str = ""

    @property
    def relative_path(self) -> str:
        return relative_path_for(self.id, self.kind)

    @property
    def writable(self) -> bool:
        return self.state is DocumentState.OK


class DocumentParseError(ValueError):
    """A document file that cannot be read as front matter plus Markdown."""


_FENCE = "---"


def serialize_document(document: Document) -> str:
    """The file text: YAML front matter (id, kind, title, then the rest), a blank line, the
    body exactly as written."""
    metadata: dict[str, Any] = {"id": document.id, "kind": document.kind.value}
    metadata["title"] = document.title
    metadata.update({k: v for k, v in document.meta.items() if k not in metadata})
    header = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100)
    return f"{_FENCE}\n{header}{_FENCE}\n\n{document.body}"


def _split_front_matter(text: str) -> tuple[str, str]:
    if not text.startswith(_FENCE + "\n"):
        raise DocumentParseError("it does not start with front matter (a '---' line)")
    end = text.find("\n" + _FENCE + "\n", len(_FENCE))
    if end < 0:
        if text.endswith("\n" + _FENCE):
            end = len(text) - len(_FENCE) - 1
        else:
            raise DocumentParseError("its front matter has no closing '---' line")
    header = text[len(_FENCE) + 1 : end + 1]
    body = text[end + len(_FENCE) + 2 :]
    return header, body[1:] if body.startswith("\n") else body


def parse_document(text: str, expected_id: str) -> Document:
    """Read a document file's text; raise DocumentParseError with a reason when damaged."""
    header, body = _split_front_matter(text.replace("\r\n", "\n"))
    try:
        metadata = yaml.safe_load(header)
    except yaml.YAMLError as error:
        raise DocumentParseError(f"its front matter is not valid YAML ({error})") from error
    if not isinstance(metadata, dict):
        raise DocumentParseError("its front matter is not a set of 'key: value' lines")
    try:
        kind = DocumentKind(str(metadata.pop("kind")))
    except KeyError:
        raise DocumentParseError("its front matter has no 'kind'") from None
    except ValueError as error:
        raise DocumentParseError(f"its kind is unknown ({error})") from error
    doc_id = str(metadata.pop("id", expected_id))
    if doc_id != expected_id:
        raise DocumentParseError(f"its id {doc_id!r} does not match its file name")
    title = str(metadata.pop("title", "") or "Untitled")
    return Document(id=doc_id, kind=kind, title=title, body=body, meta=metadata)
