"""`lyra new` and `lyra info`: create and describe projects."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _fail(message: str) -> int:
    print(f"lyra: {message}", file=sys.stderr)
    return 1


def command_new(path: Path, title: str, author: str) -> int:
    from studio.core.errors import ProjectError
    from studio.core.project import Project

    try:
        project = Project.create(path, title, author)
    except (ProjectError, OSError) as error:
        return _fail(str(error))
    project.release()
    print(f"Created {project.title!r} in {path}")
    return 0


def project_info(path: Path) -> dict:
    """What `lyra info` reports, as plain data."""
    from studio.core.manifest import FORMAT_VERSION
    from studio.core.project import Project
    from studio.writing.wordcount import count_words

    project = Project.open(path, lock=False)
    documents = []
    for doc_id in project.all_ids():
        document = project.documents.get(doc_id)
        if document is None:
            continue
        documents.append(
            {
                "id": document.id,
                "kind": document.kind.value,
                "section": document.kind.section.value,
                "title": document.title,
                "path": document.relative_path,
                "parent": project.parent_of(doc_id),
                "in_trash": project.in_trash(doc_id),
                "state": document.state.value,
                "words": count_words(document.body),
            }
        )
    active = [d for d in documents if not d["in_trash"]]
    words_by_section: dict[str, int] = {}
    for document in active:
        words_by_section[document["section"]] = (
            words_by_section.get(document["section"], 0) + document["words"]
        )
    return {
        "path": str(project.folder.resolve()),
        "title": project.title,
        "author": project.manifest.author,
        "created": project.manifest.created,
        "format_version": FORMAT_VERSION,
        "documents": documents,
        "words": {"total": sum(d["words"] for d in active), "by_section": words_by_section},
        "problems": [p.message for p in project.problems],
    }


def command_info(path: Path, as_json: bool) -> int:
    from studio.core.errors import ProjectError

    try:
        info = project_info(path)
    except (ProjectError, OSError) as error:
        return _fail(str(error))
    if as_json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
        return 0
    print(f"{info['title']}" + (f" by {info['author']}" if info["author"] else ""))
    print(f"  folder: {info['path']}  (format {info['format_version']})")
    print(
        f"  {info['words']['total']:,} words in "
        f"{sum(not d['in_trash'] for d in info['documents'])} documents"
    )
    for document in info["documents"]:
        indent = "      " if document["parent"] else "    "
        flag = "" if document["state"] == "ok" else f"  [{document['state']}]"
        trash = "  (trash)" if document["in_trash"] else ""
        print(
            f"{indent}{document['kind']:<11} {document['title']}  "
            f"{document['words']:,} words{trash}{flag}"
        )
    for problem in info["problems"]:
        print(f"  ! {problem}")
    return 0
