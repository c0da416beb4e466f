"""The `lyra` command: the studio by default; subcommands for headless work."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from studio import __version__

SUBCOMMANDS = ("new", "info")


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lyra",
        description="Lyra Studio: co-write stories, lyrics and music with local AI models.",
        epilog="Headless commands: lyra new PATH --title T; lyra info PATH [--json]. "
        "Run `lyra COMMAND --help` for each.",
    )
    parser.add_argument("project", nargs="?", type=Path, help="a project folder to open")
    parser.add_argument("--version", action="version", version=f"lyra-studio {__version__}")
    parser.add_argument("--safe-mode", action="store_true", help="start with plugins off")
    parser.add_argument(
        "--quit-after-start",
        action="store_true",
        help="open the window, paint it once, and exit 0 (a smoke check)",
    )
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lyra")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="create a project folder")
    new.add_argument("path", type=Path)
    new.add_argument("--title", required=True)
    new.add_argument("--author", default="")
    info = commands.add_parser("info", help="describe a project")
    info.add_argument("path", type=Path)
    info.add_argument("--json", action="store_true", help="print JSON")
    return parser


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


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        options = _command_parser().parse_args(args)
        if options.command == "new":
            return command_new(options.path, options.title, options.author)
        return command_info(options.path, options.json)
    options = _gui_parser().parse_args(args)
    from studio.app import run_gui

    return run_gui(
        [sys.argv[0], *args],
        safe_mode=options.safe_mode,
        project=options.project,
        quit_after_start=options.quit_after_start,
    )


if __name__ == "__main__":
    sys.exit(main())
