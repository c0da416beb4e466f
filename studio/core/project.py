"""An open project: documents, binder order, and safe saving to its folder."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.core.atomic import atomic_write_text, remove_stale_temp_files
from studio.core.backup import make_backup
from studio.core.documents import (
    CHILD_KINDS,
    TOP_LEVEL_KINDS,
    Document,
    DocumentKind,
    DocumentParseError,
    DocumentState,
    Section,
    new_document_id,
    parse_document,
    relative_path_for,
    serialize_document,
)
from studio.core.errors import OutsideChangeError, ProjectError, ProjectNotFoundError
from studio.core.lock import ProjectLock
from studio.core.manifest import MANIFEST_NAME, Manifest, parse_manifest

KEPT_ASIDE = "kept-aside"


@dataclass(frozen=True)
class LoadProblem:
    """A file that could not be read when the project opened; shown to the user by name."""

    relative_path: str
    message: str


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_project_folder(folder: Path) -> bool:
    return (Path(folder) / MANIFEST_NAME).is_file()


class Project:
    """A project folder opened for editing. Create with ``Project.create`` or ``Project.open``."""

    def __init__(self, folder: Path, manifest: Manifest, lock: ProjectLock | None) -> None:
        self.folder = Path(folder)
        self.manifest = manifest
        self.documents: dict[str, Document] = {}
        self.problems: list[LoadProblem] = []
        self._lock = lock
        self._disk_digest: dict[str, str | None] = {}  # relative path -> digest we last saw
        self._dirty: set[str] = set()
        self._manifest_dirty = False

    # ----------------------------------------------------------------- opening and closing
    @classmethod
    def create(
        cls, folder: Path | str, title: str, author: str = "", *, lock: bool = True
    ) -> Project:
        """Make a new project folder with one chapter holding one scene."""
        folder = Path(folder)
        if is_project_folder(folder):
            raise ProjectError(f"{folder} already holds a Lyra project; open it instead.")
        if folder.exists() and any(folder.iterdir()):
            raise ProjectError(
                f"{folder} is not empty. Choose an empty or new folder for the project."
            )
        folder.mkdir(parents=True, exist_ok=True)
        manifest = Manifest(title=title, author=author, created=_now())
        project = cls(folder, manifest, ProjectLock(folder) if lock else None)
        if project._lock:
            project._lock.acquire()
        project._manifest_dirty = True
        chapter = project.add_document(DocumentKind.CHAPTER, "Chapter 1")
        project.add_document(DocumentKind.SCENE, "Scene 1", parent=chapter.id)
        project.save()
        return project

    @classmethod
    def open(
        cls, folder: Path | str, *, lock: bool = True, break_stale_lock: bool = False
    ) -> Project:
        """Open a project folder. Raises ProjectError subclasses the user can act on;
        damaged or missing documents are listed in ``problems``, never dropped."""
        folder = Path(folder)
        manifest_path = folder / MANIFEST_NAME
        if not manifest_path.is_file():
            raise ProjectNotFoundError(
                f"No Lyra project in {folder} (it has no {MANIFEST_NAME}). "
                "Choose the project's folder, or create a new project."
            )
        manifest_bytes = manifest_path.read_bytes()
        try:
            manifest_text = manifest_bytes.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProjectError(f"{MANIFEST_NAME} is not UTF-8 text ({error}).") from error
        manifest = parse_manifest(manifest_text, manifest_path)
        project_lock = ProjectLock(folder) if lock else None
        if project_lock:
            if break_stale_lock:
                project_lock.break_and_acquire()
            else:
                project_lock.acquire()
        project = cls(folder, manifest, project_lock)
        try:
            project._disk_digest[MANIFEST_NAME] = _digest(manifest_bytes)
            project._load_documents()
            remove_stale_temp_files(folder)
            if manifest.migrated_from is not None:
                project._manifest_dirty = True
        except BaseException:
            project.release()
            raise
        return project

    def _load_documents(self) -> None:
        for doc_id in self.all_ids():
            kind_name = self.manifest.kinds.get(doc_id, "")
            try:
                kind = DocumentKind(kind_name)
            except ValueError:
                self.problems.append(
                    LoadProblem(doc_id, f"Binder item {doc_id} has an unknown kind {kind_name!r}.")
                )
                continue
            self.documents[doc_id] = self._read_document(doc_id, kind)

    def _read_document(self, doc_id: str, kind: DocumentKind) -> Document:
        relative = relative_path_for(doc_id, kind)
        path = self.folder / relative
        placeholder = Document(id=doc_id, kind=kind, title=f"{kind.label} {doc_id}")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._disk_digest[relative] = None
            placeholder.state = DocumentState.MISSING
            placeholder.problem = f"{relative} is missing; the binder keeps its place."
            self.problems.append(LoadProblem(relative, placeholder.problem))
            return placeholder
        self._disk_digest[relative] = _digest(data)
        try:
            document = parse_document(data.decode("utf-8"), doc_id)
            if document.kind.section is not kind.section:
                raise DocumentParseError(f"its kind {document.kind} does not belong here")
            return document
        except (UnicodeDecodeError, DocumentParseError) as error:
            aside = self._keep_aside(relative, data)
            placeholder.state = DocumentState.DAMAGED
            placeholder.body = data.decode("utf-8", errors="replace")
            placeholder.problem = (
                f"{relative} could not be read: {error}. It is shown read-only and will not be "
                f"overwritten; a copy was kept as {aside}."
            )
            self.problems.append(LoadProblem(relative, placeholder.problem))
            return placeholder

    def _keep_aside(self, relative: str, data: bytes) -> str:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{relative.replace('/', '_')}.{stamp}"
        target = self.folder / KEPT_ASIDE / name
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(data)
        return f"{KEPT_ASIDE}/{name}"

    def release(self) -> None:
        """Give up the lock without saving (saving is the caller's decision)."""
        if self._lock:
            self._lock.release()

    def close(self, backup_root: Path | None = None, keep_backups: int = 10) -> Path | None:
        """Release the project; with ``backup_root``, zip it there first (rotating)."""
        backup = None
        try:
            if backup_root is not None:
                backup = make_backup(self.folder, backup_root, keep_backups)
        finally:
            self.release()
        return backup

    # ----------------------------------------------------------------- reading the binder
    @property
    def title(self) -> str:
        return self.manifest.title

    def set_title(self, title: str) -> None:
        self.manifest.title = title
        self._manifest_dirty = True

    def set_setting(self, key: str, value: object) -> None:
        """A per-project option (Memory, Author's Note, sampling preset…) in the manifest."""
        if self.manifest.settings.get(key) != value:
            self.manifest.settings[key] = value
            self._manifest_dirty = True

    def set_author(self, author: str) -> None:
        self.manifest.author = author
        self._manifest_dirty = True

    def order(self, section: Section) -> list[str]:
        """Top-level ids of a section, in binder order."""
        return list(self.manifest.order[section])

    def children(self, doc_id: str) -> list[str]:
        return list(self.manifest.children.get(doc_id, []))

    def trash_ids(self) -> list[str]:
        return list(self.manifest.trash)

    def all_ids(self) -> Iterator[str]:
        """Every id the binder knows, trash included, each once, in binder order."""
        seen: set[str] = set()
        roots = [i for s in Section for i in self.manifest.order[s]] + self.manifest.trash
        stack = list(reversed(roots))
        while stack:
            doc_id = stack.pop()
            if doc_id in seen:
                continue
            seen.add(doc_id)
            yield doc_id
            stack.extend(reversed(self.manifest.children.get(doc_id, [])))

    def in_trash(self, doc_id: str) -> bool:
        return doc_id in self.manifest.trash or self.parent_of(doc_id) in self.manifest.trash

    def parent_of(self, doc_id: str) -> str | None:
        for parent, kids in self.manifest.children.items():
            if doc_id in kids:
                return parent
        return None

    def active_documents(self) -> Iterator[Document]:
        """Documents outside the trash, in binder order."""
        for doc_id in self.all_ids():
            if doc_id in self.documents and not self.in_trash(doc_id):
                yield self.documents[doc_id]

    # ----------------------------------------------------------------- changing the binder
    def add_document(
        self,
        kind: DocumentKind,
        title: str,
        *,
        parent: str | None = None,
        index: int | None = None,
        body: str = "",
    ) -> Document:
        document = Document(id=new_document_id(), kind=kind, title=title, body=body)
        document.meta["created"] = _now()
        siblings = self._sibling_list(kind, parent)
        siblings.insert(len(siblings) if index is None else index, document.id)
        self.documents[document.id] = document
        self.manifest.kinds[document.id] = kind.value
        self._dirty.add(document.id)
        self._manifest_dirty = True
        return document

    def _sibling_list(self, kind: DocumentKind, parent: str | None) -> list[str]:
        """The list a document of ``kind`` goes into under ``parent`` (None: its section)."""
        if parent is None:
            if kind not in TOP_LEVEL_KINDS[kind.section]:
                raise ProjectError(f"A {kind.value} must go inside a chapter.")
            return self.manifest.order[kind.section]
        parent_doc = self.documents.get(parent)
        if parent_doc is None or kind not in CHILD_KINDS.get(parent_doc.kind, ()):
            where = parent_doc.kind.value if parent_doc else "that item"
            raise ProjectError(f"A {kind.value} cannot go inside a {where}.")
        return self.manifest.children.setdefault(parent, [])

    def can_move(self, doc_id: str, parent: str | None, section: Section | None = None) -> bool:
        kind = self.documents[doc_id].kind
        if parent is None:
            return section in (None, kind.section) and kind in TOP_LEVEL_KINDS[kind.section]
        parent_doc = self.documents.get(parent)
        return parent_doc is not None and kind in CHILD_KINDS.get(parent_doc.kind, ())

    def move(self, doc_id: str, parent: str | None, index: int) -> None:
        """Put a document at ``index`` under ``parent`` (None: the top of its section)."""
        document = self.documents[doc_id]
        if not self.can_move(doc_id, parent):
            raise ProjectError(f"{document.title!r} cannot be moved there.")
        old_list = self._containing_list(doc_id)
        new_list = self._sibling_list(document.kind, parent)
        old_index = old_list.index(doc_id)
        old_list.remove(doc_id)
        if old_list is new_list and old_index < index:
            index -= 1
        new_list.insert(max(0, min(index, len(new_list))), doc_id)
        self._manifest_dirty = True

    def _containing_list(self, doc_id: str) -> list[str]:
        for ids in [*self.manifest.order.values(), self.manifest.trash]:
            if doc_id in ids:
                return ids
        for kids in self.manifest.children.values():
            if doc_id in kids:
                return kids
        raise KeyError(doc_id)

    def rename(self, doc_id: str, title: str) -> None:
        title = title.strip()
        if not title:
            raise ProjectError("A title cannot be empty.")
        self.documents[doc_id].title = title
        self.mark_dirty(doc_id)

    def set_meta(self, doc_id: str, key: str, value: object) -> None:
        """A front-matter field (synopsis, status, tags, keys…); empty values are removed."""
        document = self.documents[doc_id]
        if not document.writable:
            raise ProjectError(document.problem or f"{document.title} is read-only.")
        if value in ("", [], None):
            if key not in document.meta:
                return
            del document.meta[key]
        elif document.meta.get(key) == value:
            return
        else:
            document.meta[key] = value
        self.mark_dirty(doc_id)

    def set_body(self, doc_id: str, body: str) -> None:
        document = self.documents[doc_id]
        if not document.writable:
            raise ProjectError(document.problem or f"{document.title} is read-only.")
        if document.body != body:
            document.body = body
            self.mark_dirty(doc_id)

    def mark_dirty(self, doc_id: str) -> None:
        document = self.documents[doc_id]
        if document.writable:
            document.meta["modified"] = _now()
            self._dirty.add(doc_id)

    def move_to_trash(self, doc_id: str) -> None:
        """Move a document (with its children) to the trash; files stay until emptied."""
        self._containing_list(doc_id).remove(doc_id)
        self.manifest.trash.append(doc_id)
        self._manifest_dirty = True

    def restore_from_trash(self, doc_id: str) -> None:
        """Put a trashed document back at the end of where it can live."""
        kind = self.documents[doc_id].kind
        if kind not in TOP_LEVEL_KINDS[kind.section]:
            raise ProjectError(f"Drag the {kind.value} into a chapter to restore it.")
        self.manifest.trash.remove(doc_id)
        self.manifest.order[kind.section].append(doc_id)
        self._manifest_dirty = True

    def empty_trash(self) -> list[str]:
        """Delete trashed documents and their files for good; returns the removed ids."""
        removed: list[str] = []
        for root in list(self.manifest.trash):
            stack = [root]
            while stack:
                doc_id = stack.pop()
                stack.extend(self.manifest.children.pop(doc_id, []))
                removed.append(doc_id)
        for doc_id in removed:
            document = self.documents.pop(doc_id, None)
            self.manifest.kinds.pop(doc_id, None)
            self._dirty.discard(doc_id)
            if document is None or document.state is DocumentState.DAMAGED:
                continue  # a damaged file is never deleted behind the user's back
            path = self.folder / document.relative_path
            path.unlink(missing_ok=True)
            self._disk_digest.pop(document.relative_path, None)
            if document.kind is DocumentKind.COMPOSITION and not any(path.parent.iterdir()):
                path.parent.rmdir()
        self.manifest.trash.clear()
        self._manifest_dirty = True
        return removed

    # ----------------------------------------------------------------- saving
    def has_unsaved(self, doc_id: str) -> bool:
        return doc_id in self._dirty

    @property
    def is_modified(self) -> bool:
        return bool(self._dirty) or self._manifest_dirty

    def _pending_writes(self) -> dict[str, str]:
        writes = {
            self.documents[doc_id].relative_path: serialize_document(self.documents[doc_id])
            for doc_id in self._dirty
            if doc_id in self.documents and self.documents[doc_id].writable
        }
        if self._manifest_dirty:
            writes[MANIFEST_NAME] = self.manifest.to_toml()
        return writes

    def outside_changes(self, relatives: list[str] | None = None) -> list[Path]:
        """Files whose content on disk differs from what this studio last read or wrote."""
        changed = []
        for relative in relatives if relatives is not None else list(self._disk_digest):
            path = self.folder / relative
            try:
                current = _digest(path.read_bytes())
            except FileNotFoundError:
                continue  # deleted outside: writing it back loses nothing
            if current != self._disk_digest.get(relative):
                changed.append(path)
        return changed

    def save(self, *, overwrite_outside_changes: bool = False) -> list[str]:
        """Write every changed file atomically; returns the relative paths written.

        Before anything is written, the files about to be replaced are compared with what
        was read: a file changed outside the studio raises OutsideChangeError and nothing
        is written, unless ``overwrite_outside_changes`` says the user chose to.
        """
        writes = self._pending_writes()
        if not overwrite_outside_changes:
            conflicts = self.outside_changes(list(writes))
            if conflicts:
                raise OutsideChangeError(conflicts)
        # Documents first, manifest last: a crash in between leaves a manifest that only
        # names files that exist.
        for relative in sorted(writes, key=lambda r: r == MANIFEST_NAME):
            text = writes[relative]
            atomic_write_text(self.folder / relative, text)
            self._disk_digest[relative] = _digest(text.encode("utf-8"))
        self._dirty.clear()
        self._manifest_dirty = False
        return sorted(writes)

    def reload_document(self, doc_id: str) -> Document:
        """Replace a document with what is on disk now (after an outside change)."""
        kind = self.documents[doc_id].kind
        self.problems = [
            p for p in self.problems if p.relative_path != relative_path_for(doc_id, kind)
        ]
        self.documents[doc_id] = self._read_document(doc_id, kind)
        self._dirty.discard(doc_id)
        return self.documents[doc_id]

    def document_for_path(self, path: Path) -> Document | None:
        for document in self.documents.values():
            if self.folder / document.relative_path == path:
                return document
        return None

    def snapshot(self) -> Project:
        """A detached copy (no lock, no saving) for readers on another thread, e.g. exports."""
        copy = Project(self.folder, deepcopy(self.manifest), lock=None)
        copy.documents = deepcopy(self.documents)
        return copy

    def save_as(self, new_folder: Path | str) -> Project:
        """Copy the project, with unsaved changes, into an empty folder and open the copy.

        This project is left as it was on disk (unsaved changes go only to the copy) and
        released; the caller continues with the returned project.
        """
        new_folder = Path(new_folder)
        if new_folder.exists() and any(new_folder.iterdir()):
            raise ProjectError(f"{new_folder} is not empty. Choose an empty or new folder.")
        if new_folder.resolve().is_relative_to(self.folder.resolve()):
            raise ProjectError("A project cannot be copied into its own folder.")
        shutil.copytree(
            self.folder,
            new_folder,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".lyra.lock", ".*.tmp"),
        )
        for relative, text in self._pending_writes().items():
            atomic_write_text(new_folder / relative, text)
        self.release()
        return Project.open(new_folder)


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
