"""Renders the main window with the sample project offscreen into docs/screenshots/*.png."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


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
        from studio.ui.dialogs.models_dialog import ModelsDialog

        dialog = ModelsDialog(window.services, window)
        dialog.show()
        for _ in range(5):
            app.processEvents()
        dialog.grab().save(str(OUT / "models-dialog.png"))
        print(f"wrote {OUT / 'models-dialog.png'}")
        dialog.done(0)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
