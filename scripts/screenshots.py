"""Renders the main window with the sample project offscreen into docs/screenshots/*.png."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def wait(app, condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)


def side_by_side(left, right, target: Path) -> None:
    """The window with a dialog beside it, as a person would arrange them."""
    from PySide6.QtGui import QColor, QPainter, QPixmap

    canvas = QPixmap(left.width() + right.width() + 16, max(left.height(), right.height()))
    canvas.fill(QColor(90, 90, 100))
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, left)
    painter.drawPixmap(left.width() + 16, 0, right)
    painter.end()
    canvas.save(str(target))
    print(f"wrote {target}")


def story_shots(window, project, temp: Path, app) -> None:
    """The Story panel mid-generation, with AI text coloured, and the Context Inspector.
    The model is the tests' tiny one, taught the test corpus for a few seconds."""
    from studio.core.documents import DocumentKind

    model = temp / "tiny-writer"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; "
            "from tests.engines.tiny_models import build_tiny_causal_lm, train_on_corpus; "
            "train_on_corpus(build_tiny_causal_lm(Path(sys.argv[1])))",
            str(model),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    window.preferences["text_model"] = str(model)
    window.preferences["text_precision"] = "float32"
    window.preferences["continue_tokens"] = 300
    window.session.set_setting("memory", "A gothic sea story, told close to Mara Quill.")
    window.session.set_setting("authors_note", "Keep the dread rising; short sentences.")
    scene = [d.id for d in project.active_documents() if d.kind is DocumentKind.SCENE][1]
    window.open_document(scene)
    panel = window.current_panel()
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    before = len(panel.editor.toPlainText())
    panel.continue_action.trigger()
    wait(app, lambda: len(panel.editor.toPlainText()) > before + 120)
    window.grab().save(str(OUT / "story-generating.png"))
    print(f"wrote {OUT / 'story-generating.png'}")
    wait(app, lambda: not panel.cowriter.running)
    panel.open_inspector()
    for _ in range(5):
        app.processEvents()
    inspector = panel.inspector.grab()
    inspector.save(str(OUT / "context-inspector.png"))
    print(f"wrote {OUT / 'context-inspector.png'}")
    side_by_side(window.grab(), inspector, OUT / "story-with-inspector.png")
    panel.inspector.close()
    window.grab().save(str(OUT / "story-ai-text.png"))
    print(f"wrote {OUT / 'story-ai-text.png'}")


def main() -> int:
    with tempfile.TemporaryDirectory() as temp:
        os.environ["LYRA_HOME"] = str(Path(temp) / "home")
        os.environ["HF_HUB_CACHE"] = str(Path(temp) / "hub")  # the same empty list for everyone
        project_folder = Path(temp) / "The Lighthouse Keeper"
        shutil.copytree(ROOT / "assets" / "sample-project", project_folder)

        from PySide6.QtWidgets import QApplication

        from studio.app import Studio
        from studio.core.documents import DocumentKind

        studio = Studio(
            [sys.argv[0]], safe_mode=False, project=project_folder, quit_after_start=False
        )
        studio.preferences["backup_on_close"] = False
        window = studio.window
        window.resize(1280, 800)
        window.show()
        studio.finish_startup()
        app = QApplication.instance()
        project = window.session.project
        assert project is not None
        OUT.mkdir(parents=True, exist_ok=True)

        def first(kind: DocumentKind) -> str:
            return next(d.id for d in project.active_documents() if d.kind is kind)

        shots = [
            ("main-light.png", "light", first(DocumentKind.SCENE)),
            ("main-dark.png", "dark", first(DocumentKind.SCENE)),
            ("lyrics-light.png", "light", first(DocumentKind.LYRIC)),
        ]
        for name, theme, doc_id in shots:
            window.set_theme(theme)
            window.open_document(doc_id)
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(OUT / name))
            print(f"wrote {OUT / name}")
        window.set_theme("light")
        story_shots(window, project, Path(temp), app)
        from studio.ui.dialogs.models_dialog import ModelsDialog

        dialog = ModelsDialog(window.services, window)
        dialog.show()
        for _ in range(5):
            app.processEvents()
        dialog.grab().save(str(OUT / "models-dialog.png"))
        print(f"wrote {OUT / 'models-dialog.png'}")
        dialog.done(0)
        window.close()
        # Tear the widgets down while Qt is still alive (PySide6 can crash when the
        # interpreter collects them during its own shutdown).
        dialog.deleteLater()
        window.deleteLater()
        app.processEvents()
        del dialog, window, studio
    return 0


if __name__ == "__main__":
    sys.exit(main())
