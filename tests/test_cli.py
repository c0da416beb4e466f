"""The `lyra` command: new, info, --version, and the GUI smoke check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio import __version__
from studio.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_new_then_info_json_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "Book"
    assert main(["new", str(folder), "--title", "Sea Book", "--author", "Mara"]) == 0
    capsys.readouterr()
    assert main(["info", str(folder), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["title"] == "Sea Book" and info["author"] == "Mara"
    assert info["format_version"] == 1
    assert [d["kind"] for d in info["documents"]] == ["chapter", "scene"]
    assert info["documents"][1]["parent"] == info["documents"][0]["id"]
    assert info["words"]["total"] == 0
    assert not (folder / ".lyra.lock").exists()  # `lyra new` does not keep the project locked


def test_info_counts_words_of_the_sample(sample_copy: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["info", str(sample_copy), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["title"] == "The Lighthouse Keeper"
    assert sum(d["words"] for d in info["documents"]) == info["words"]["total"] > 200
    assert set(info["words"]["by_section"]) == {"story", "lyrics", "music", "bible"}
    assert main(["info", str(sample_copy)]) == 0
    assert "Storm Warning" in capsys.readouterr().out


def test_info_on_a_plain_folder_fails_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["info", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lyra: No Lyra project") and "Traceback" not in err


def test_new_refuses_an_existing_project(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["new", str(tmp_path / "p"), "--title", "One"]) == 0
    assert main(["new", str(tmp_path / "p"), "--title", "Two"]) == 1
    assert "already holds a Lyra project" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out.strip() == f"lyra-studio {__version__}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        [str(ROOT / ".venv" / "bin" / "lyra")],
        [sys.executable, str(ROOT / "main.py")],
        [sys.executable, "-m", "studio"],
    ],
    ids=["lyra", "main.py", "python -m studio"],
)
def test_quit_after_start_paints_and_exits_zero(command: list[str], sample_copy: Path) -> None:
    if not Path(command[0]).exists():
        pytest.skip("the lyra console script is installed by the README's commands")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [*command, "--quit-after-start", str(sample_copy)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not (sample_copy / ".lyra.lock").exists()  # the project was opened and closed
