"""Project format v1: create, open, edit the binder, save safely, survive damaged files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from studio.core.documents import DocumentKind, DocumentState, Section
from studio.core.errors import (
    FutureFormatError,
    OutsideChangeError,
    ProjectError,
    ProjectFormatError,
    ProjectNotFoundError,
)
from studio.core.manifest import MANIFEST_NAME
from studio.core.project import KEPT_ASIDE, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    created = Project.create(tmp_path / "novel", "The Novel", "A. Writer")
    yield created
    created.release()


def reopen(project: Project) -> Project:
    project.release()
    return Project.open(project.folder)


def test_create_writes_manifest_and_one_chapter_with_a_scene(project: Project) -> None:
    manifest = tomllib.loads((project.folder / MANIFEST_NAME).read_text())
    assert manifest["format_version"] == 1
    assert manifest["title"] == "The Novel" and manifest["author"] == "A. Writer"
    [chapter] = project.order(Section.STORY)
    [scene] = project.children(chapter)
    assert project.documents[scene].kind is DocumentKind.SCENE
    assert (project.folder / "story" / f"{scene}.md").is_file()


def test_create_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(ProjectError, match="not empty"):
        Project.create(tmp_path / "busy", "X")
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"


def test_documents_of_every_kind_round_trip(project: Project) -> None:
    chapter = project.order(Section.STORY)[0]
    scene = project.add_document(DocumentKind.SCENE, "Night", parent=chapter, body="Dark.\n")
    lyric = project.add_document(DocumentKind.LYRIC, "Song", body="[Chorus]\nLa la\n")
    piece = project.add_document(DocumentKind.COMPOSITION, "Waltz", body="In 3/4.")
    person = project.add_document(DocumentKind.CHARACTER, "Mara", body="Keeper.")
    scene.meta["tags"] = ["storm", "sea"]
    project.mark_dirty(scene.id)
    project.save()
    again = reopen(project)
    try:
        assert again.documents[scene.id].body == "Dark.\n"
        assert again.documents[scene.id].meta["tags"] == ["storm", "sea"]
        assert again.documents[lyric.id].body == "[Chorus]\nLa la\n"
        assert (again.folder / "music" / piece.id / "composition.md").is_file()
        assert again.order(Section.BIBLE) == [person.id]
        assert again.children(chapter)[-1] == scene.id
        assert again.problems == []
    finally:
        again.release()


def test_rename_reorder_trash_restore_and_empty(project: Project) -> None:
    first = project.order(Section.STORY)[0]
    second = project.add_document(DocumentKind.CHAPTER, "Two").id
    third = project.add_document(DocumentKind.CHAPTER, "Three").id
    project.rename(second, "  Second  ")
    assert project.documents[second].title == "Second"
    with pytest.raises(ProjectError):
        project.rename(second, "   ")
    project.move(third, None, 0)
    assert project.order(Section.STORY) == [third, first, second]
    project.move(third, None, 3)  # to the end: the index counts the item itself
    assert project.order(Section.STORY) == [first, second, third]
    scene = project.children(first)[0]
    project.move(scene, second, 0)
    assert project.children(second) == [scene] and project.children(first) == []
    with pytest.raises(ProjectError):
        project.move(scene, None, 0)  # a scene cannot sit at the top of Story
    with pytest.raises(ProjectError):
        project.move(second, first, 0)  # chapters do not nest
    project.move_to_trash(second)
    assert project.in_trash(second) and project.in_trash(scene)
    assert second not in project.order(Section.STORY)
    project.save()
    again = reopen(project)
    try:
        assert again.trash_ids() == [second]
        assert again.documents[second].title == "Second"
        again.restore_from_trash(second)
        assert again.order(Section.STORY)[-1] == second
        again.move_to_trash(second)
        removed = again.empty_trash()
        assert set(removed) == {second, scene}
        assert not (again.folder / "story" / f"{second}.md").exists()
        assert not (again.folder / "story" / f"{scene}.md").exists()
        again.save()
        assert second not in tomllib.loads((again.folder / MANIFEST_NAME).read_text())["documents"]
    finally:
        again.release()


def test_outside_change_is_never_overwritten_silently(project: Project) -> None:
    scene = project.children(project.order(Section.STORY)[0])[0]
    path = project.folder / "story" / f"{scene}.md"
    outside = path.read_text().replace("\n---\n\n", "\n---\n\nWritten in another editor.\n")
    path.write_text(outside)
    assert project.outside_changes() == [path]
    project.set_body(scene, "Written in the studio.\n")
    with pytest.raises(OutsideChangeError) as raised:
        project.save()
    assert raised.value.paths == [path]
    assert path.read_text() == outside  # nothing was written
    assert project.is_modified
    project.save(overwrite_outside_changes=True)
    assert "Written in the studio." in path.read_text()
    assert project.outside_changes() == []


def test_outside_change_can_be_reloaded(project: Project) -> None:
    scene = project.children(project.order(Section.STORY)[0])[0]
    path = project.folder / "story" / f"{scene}.md"
    path.write_text(path.read_text() + "Their line.\n")
    document = project.reload_document(scene)
    assert document.body.endswith("Their line.\n")
    assert project.outside_changes() == []
    project.set_body(scene, document.body + "My line.\n")
    project.save()
    assert path.read_text().endswith("Their line.\nMy line.\n")


def test_corrupt_manifest_is_reported_by_name_and_left_alone(project: Project) -> None:
    project.release()
    manifest = project.folder / MANIFEST_NAME
    manifest.write_text('format_version = 1\ntitle = "unterminated\n')
    before = manifest.read_bytes()
    with pytest.raises(ProjectFormatError, match=MANIFEST_NAME):
        Project.open(project.folder)
    assert manifest.read_bytes() == before
    assert not (project.folder / ".lyra.lock").exists()


def test_future_format_is_refused_with_a_clear_message(project: Project) -> None:
    project.release()
    manifest = project.folder / MANIFEST_NAME
    manifest.write_text(manifest.read_text().replace("format_version = 1", "format_version = 7"))
    before = manifest.read_bytes()
    with pytest.raises(FutureFormatError) as raised:
        Project.open(project.folder)
    assert "newer Lyra Studio (project format 7)" in str(raised.value)
    assert "Update Lyra Studio" in str(raised.value)
    assert manifest.read_bytes() == before


def test_missing_manifest_says_there_is_no_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFoundError, match="No Lyra project"):
        Project.open(tmp_path)


def test_damaged_document_is_kept_aside_shown_read_only_and_never_overwritten(
    project: Project,
) -> None:
    chapter = project.order(Section.STORY)[0]
    scene = project.children(chapter)[0]
    path = project.folder / "story" / f"{scene}.md"
    damaged = "---\nid: [unclosed\n---\n\nPrecious words.\n"
    path.write_text(damaged)
    again = reopen(project)
    try:
        document = again.documents[scene]
        assert document.state is DocumentState.DAMAGED
        assert "Precious words." in document.body
        assert [p.relative_path for p in again.problems] == [f"story/{scene}.md"]
        assert f"story/{scene}.md" in again.problems[0].message
        kept = list((again.folder / KEPT_ASIDE).iterdir())
        assert len(kept) == 1 and kept[0].read_text() == damaged
        with pytest.raises(ProjectError):
            again.set_body(scene, "overwrite")
        again.rename(chapter, "Renamed")  # other edits still save
        again.save()
        assert path.read_text() == damaged
        assert scene in again.children(chapter)
    finally:
        again.release()


def test_missing_document_keeps_its_binder_place(project: Project) -> None:
    chapter = project.order(Section.STORY)[0]
    scene = project.children(chapter)[0]
    (project.folder / "story" / f"{scene}.md").unlink()
    again = reopen(project)
    try:
        assert again.documents[scene].state is DocumentState.MISSING
        assert "missing" in again.problems[0].message
        again.add_document(DocumentKind.LYRIC, "New song")
        again.save()
        assert not (again.folder / "story" / f"{scene}.md").exists()
        assert (
            scene
            in tomllib.loads((again.folder / MANIFEST_NAME).read_text())["binder"]["children"][
                chapter
            ]
        )
    finally:
        again.release()


def test_close_makes_rotating_backups(project: Project, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    made = []
    for _ in range(4):
        again = Project.open(project.folder) if made else project
        made.append(again.close(backups, keep_backups=3))
    remaining = sorted(p for p in backups.rglob("*.zip"))
    assert len(remaining) == 3
    assert made[0] not in remaining and made[-1] in remaining
    import zipfile

    names = zipfile.ZipFile(made[-1]).namelist()
    assert MANIFEST_NAME in names and ".lyra.lock" not in names


def test_save_as_copies_unsaved_work_and_leaves_the_original(
    project: Project, tmp_path: Path
) -> None:
    scene = project.children(project.order(Section.STORY)[0])[0]
    original_text = (project.folder / "story" / f"{scene}.md").read_text()
    project.set_body(scene, "Only in the copy.\n")
    copy = project.save_as(tmp_path / "copy")
    try:
        assert copy.documents[scene].body == "Only in the copy.\n"
        assert (project.folder / "story" / f"{scene}.md").read_text() == original_text
        assert not (project.folder / ".lyra.lock").exists()
        assert (copy.folder / ".lyra.lock").exists()
    finally:
        copy.release()
