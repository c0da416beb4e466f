"""Engine events reach the GUI thread as signals; the GUI process never imports torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

GUI_PROCESS = textwrap.dedent("""
    import json, sys, threading
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication
    from studio.engines.protocol import GenerateText, ModelSpec, SamplingParams
    from studio.ui.engine_bridge import EngineBridge

    app = QApplication([])
    bridge = EngineBridge()
    seen = {"tokens": [], "threads": set(), "result": None}
    gui_thread = QThread.currentThread()

    def on_token(job, text):
        seen["tokens"].append(text)
        seen["threads"].add(QThread.currentThread() is gui_thread)

    def on_done(job, result):
        seen["result"] = result
        app.quit()

    def on_failed(job, message, details):
        seen["result"] = {"error": message, "details": details}
        app.quit()

    bridge.token.connect(on_token)
    bridge.done.connect(on_done)
    bridge.failed.connect(on_failed)
    bridge.submit(GenerateText(model=ModelSpec(sys.argv[1], precision="float32"),
                               prompt="The sea", params=SamplingParams(max_new_tokens=12, seed=1)))
    app.exec()
    bridge.shutdown()
    print(json.dumps({
        "tokens": seen["tokens"], "on_gui_thread": sorted(seen["threads"]),
        "text": (seen["result"] or {}).get("text"), "error": (seen["result"] or {}).get("error"),
        "heavy": sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "transformers")),
    }))
""")


def test_generation_streams_to_the_gui_thread_without_torch_in_the_gui(tiny_model: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", GUI_PROCESS, str(tiny_model)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["error"] is None
    assert report["tokens"] and "".join(report["tokens"]) == report["text"]
    assert report["on_gui_thread"] == [True]
    assert report["heavy"] == []
