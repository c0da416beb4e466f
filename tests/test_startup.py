"""Start-up stays light: no torch, transformers or music21 before the window is up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "music21", "llama_cpp", "audiocraft", "huggingface_hub")

PROBE = """
import json, sys
from studio.cli import main
code = main(["--quit-after-start"] + sys.argv[1:])
import studio.app
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.mark.slow
def test_window_start_imports_nothing_heavy(sample_copy: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(sample_copy)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    modules = set(report["modules"])
    assert "studio.ui.main_window" in modules  # the window really was built
    assert "studio.ui.panels.story" in modules  # and the sample's scene opened in its panel
    loaded_heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert loaded_heavy == []
    assert "PySide6.QtMultimedia" not in modules
