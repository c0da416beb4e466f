"""The `lyra` command: the studio by default; subcommands for headless work."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from studio import __version__
from studio.commands import generate, lyrics, models, project

SUBCOMMANDS = ("new", "info", "models", "generate", "lyrics")


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lyra",
        description="Lyra Studio: co-write stories, lyrics and music with local AI models.",
        epilog="Headless commands: new, info, models, generate, lyrics. "
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
    models.add_parser(commands)
    generate.add_parser(commands)
    lyrics.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _dispatch(argv)
    except BrokenPipeError:  # `lyra info … | head`: the reader left; that is not an error
        sys.stderr.close()
        return 0


def _dispatch(argv: Sequence[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        options = _command_parser().parse_args(args)
        if options.command == "new":
            return project.command_new(options.path, options.title, options.author)
        if options.command == "info":
            return project.command_info(options.path, options.json)
        if options.command == "models":
            return models.run(options)
        if options.command == "lyrics":
            return lyrics.run(options)
        return generate.run(options)
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
