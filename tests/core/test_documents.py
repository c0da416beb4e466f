"""Document files: YAML front matter and a Markdown body, read back exactly."""

from __future__ import annotations

import pytest

from studio.core.documents import (
    Document,
    DocumentKind,
    DocumentParseError,
    parse_document,
    serialize_document,
)


def test_round_trip_keeps_body_bytes_and_extra_fields() -> None:
    document = Document(
        "abc123",
        DocumentKind.SCENE,
        "Title: with colon",
        body="Line one\n\n---\n\n  indented\n",
        meta={"status": "draft"},
    )
    text = serialize_document(document)
    assert text.startswith("---\nid: abc123\nkind: scene\n")
    assert parse_document(text, "abc123") == document


def test_windows_line_endings_are_read() -> None:
    text = "---\r\nid: a\r\nkind: lyric\r\ntitle: Song\r\n---\r\n\r\nLa\r\n"
    assert parse_document(text, "a").body == "La\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("no front matter", "does not start with front matter"),
        ("---\nid: a\nkind: scene\n", "no closing"),
        ("---\nid: a\ntitle: [x\n---\n", "not valid YAML"),
        ("---\n- a list\n---\n", "not a set of"),
        ("---\nid: a\ntitle: T\n---\n", "no 'kind'"),
        ("---\nid: a\nkind: poem\n---\n", "kind is unknown"),
        ("---\nid: b\nkind: scene\n---\n", "does not match"),
    ],
)
def test_damaged_files_raise_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DocumentParseError, match=reason):
        parse_document(text, "a")
