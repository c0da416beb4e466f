"""The Models dialog: the catalog, installed models, downloads with progress, load and unload."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.engines.errors import EngineError
from studio.engines.models import CatalogEntry, InstalledModel, ModelStore, load_catalog
from studio.engines.models import memory_warning as check_memory
from studio.engines.protocol import LoadModel, ModelSpec, StatusRequest, Unload
from studio.ui.dialogs import prompts


def _size(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB" if size >= 2**20 else f"{size / 2**10:,.0f} KiB"


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ModelsDialog(QDialog):
    """Everything `lyra models` does, plus what the engine has loaded and its memory."""

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.resize(900, 620)
        self.services = services
        self.store = ModelStore(services.paths.data)
        self.catalog = load_catalog()
        self.installed_models: list[InstalledModel] = []
        self.download: QProcess | None = None
        self.download_name = ""
        self._output = b""

        self.installed_table = _table(["Installed model", "Where", "Size", "Backend"], self)
        self.catalog_table = _table(["Recommended", "Kind", "Download", "RAM", "License"], self)
        self.loaded_label = QLabel("Engine: not started", self)
        self.loaded_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.progress_label = QLabel(self)

        buttons = {}
        for key, text in (
            ("import", "Import Folder…"),
            ("gguf", "Import GGUF…"),
            ("remove", "Remove"),
            ("load", "Load"),
            ("unload", "Unload All"),
            ("download", "Download"),
            ("cancel", "Cancel Download"),
            ("close", "Close"),
        ):
            buttons[key] = QPushButton(text, self)
        self.buttons = buttons
        buttons["cancel"].hide()

        installed_row = QHBoxLayout()
        for key in ("import", "gguf", "remove", "load", "unload"):
            installed_row.addWidget(buttons[key])
        installed_row.addStretch(1)
        catalog_row = QHBoxLayout()
        catalog_row.addWidget(buttons["download"])
        catalog_row.addWidget(self.progress, 1)
        catalog_row.addWidget(self.progress_label)
        catalog_row.addWidget(buttons["cancel"])
        layout = QVBoxLayout(self)
        layout.addWidget(self.installed_table, 2)
        layout.addLayout(installed_row)
        layout.addWidget(self.catalog_table, 3)
        layout.addLayout(catalog_row)
        layout.addWidget(self.loaded_label)
        layout.addWidget(buttons["close"], alignment=Qt.AlignmentFlag.AlignRight)

        buttons["import"].clicked.connect(self.import_folder)
        buttons["gguf"].clicked.connect(self.import_gguf)
        buttons["remove"].clicked.connect(self.remove_selected)
        buttons["load"].clicked.connect(self.load_selected)
        buttons["unload"].clicked.connect(self.unload_all)
        buttons["download"].clicked.connect(self.download_selected)
        buttons["cancel"].clicked.connect(self.cancel_download)
        buttons["close"].clicked.connect(self.accept)
        engine = services.engine()
        engine.status.connect(self._show_status)
        engine.done.connect(lambda *_: self._ask_status())
        engine.failed.connect(self._engine_failed)
        engine.loading.connect(
            lambda _job, fraction, message: self.loaded_label.setText(
                f"Loading: {message} ({fraction:.0%})"
            )
        )
        self.refresh()
        if engine.client.pid is not None:
            self._ask_status()

    # ----------------------------------------------------------------- tables
    def refresh(self) -> None:
        try:
            self.installed_models = self.store.installed()
        except OSError as error:
            self.installed_models = []
            self.progress_label.setText(f"The model cache could not be read: {error}")
        self.installed_table.setRowCount(len(self.installed_models))
        for row, model in enumerate(self.installed_models):
            cells = [
                model.name,
                str(model.path),
                f"{model.size_bytes / 1e6:,.0f} MB",
                model.backend,
            ]
            for column, text in enumerate(cells):
                self.installed_table.setItem(row, column, QTableWidgetItem(text))
        installed_names = {m.name for m in self.installed_models}
        self.catalog_table.setRowCount(len(self.catalog))
        for row, entry in enumerate(self.catalog):
            mark = "  ✓ installed" if entry.repo in installed_names else ""
            cells = [
                entry.name + mark,
                entry.kind,
                f"{entry.download_mb:,} MB",
                f"{entry.ram_gb:g} GB",
                entry.license,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.notes)
                self.catalog_table.setItem(row, column, item)

    def selected_installed(self) -> InstalledModel | None:
        row = self.installed_table.currentRow()
        return self.installed_models[row] if 0 <= row < len(self.installed_models) else None

    def selected_catalog(self) -> CatalogEntry | None:
        row = self.catalog_table.currentRow()
        return self.catalog[row] if 0 <= row < len(self.catalog) else None

    # ----------------------------------------------------------------- import and remove
    def import_folder(self) -> None:
        folder = prompts.choose_project_folder(self, "Import a model folder", Path.home())
        if folder is not None:
            self._import(folder)

    def import_gguf(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import a GGUF file", str(Path.home()), "GGUF models (*.gguf)"
        )
        if name:
            self._import(Path(name))

    def _import(self, path: Path) -> None:
        try:
            self.store.import_path(path)
        except (EngineError, OSError) as error:
            prompts.warn(self, "Import", str(error))
            return
        self.refresh()

    def remove_selected(self) -> None:
        model = self.selected_installed()
        if model is None:
            return
        what = (
            "forget this import (its files stay)"
            if model.origin == "imported"
            else "delete its downloaded files"
        )
        if not prompts.confirm(
            self, "Remove Model", f"Remove {model.name}? This will {what}.", "Remove"
        ):
            return
        try:
            self.progress_label.setText(self.store.remove(model.name))
        except (EngineError, OSError) as error:
            prompts.warn(self, "Remove", str(error))
        self.refresh()

    # ----------------------------------------------------------------- engine
    def load_selected(self) -> None:
        model = self.selected_installed()
        if model is None:
            return
        warning = check_memory(model.size_bytes)
        if warning and not prompts.confirm(self, "Not enough memory?", warning, "Load Anyway"):
            return
        self.services.engine().submit(LoadModel(model=ModelSpec(model.source, model.backend)))
        self.loaded_label.setText(f"Loading {model.name}…")

    def unload_all(self) -> None:
        self.services.engine().submit(Unload())

    def _ask_status(self) -> None:
        self.services.engine().submit(StatusRequest())

    def _show_status(self, status) -> None:
        if not status.loaded:
            self.loaded_label.setText(f"Engine (process {status.pid}): no model loaded.")
            return
        parts = [
            f"{Path(m.get('folder') or m.get('model', '?')).name} — "
            f"{_size(m.get('memory_bytes', 0))}, {m.get('precision')} on "
            f"{m.get('device')}"
            for m in status.loaded
        ]
        self.loaded_label.setText(f"Engine (process {status.pid}) has loaded: " + "; ".join(parts))

    def _job_done(self, _job: str, _result: dict) -> None:
        self._ask_status()

    def _loading(self, _job: str, fraction: float, message: str) -> None:
        self.loaded_label.setText(f"Loading: {message} ({fraction:.0%})")

    def _engine_failed(self, _job: str, message: str, details: str) -> None:
        self.loaded_label.setText(f"Engine: {message}")

    # ----------------------------------------------------------------- downloads
    def download_selected(self) -> None:
        entry = self.selected_catalog()
        if entry is None or self.download is not None:
            return
        self.download_name = entry.name
        process = QProcess(self)
        process.setProgram(sys.executable)
        process.setArguments(["-m", "studio", "models", "pull", entry.id, "--progress-json"])
        process.readyReadStandardOutput.connect(self._read_progress)
        process.finished.connect(self._download_finished)
        self._output = b""
        self.download = process
        self.progress.setRange(0, 0)
        self.progress.show()
        self.buttons["cancel"].show()
        self.buttons["download"].setEnabled(False)
        self.progress_label.setText(f"Downloading {entry.name}…")
        process.start()

    def _read_progress(self) -> None:
        assert self.download is not None
        self._output += bytes(self.download.readAllStandardOutput().data())
        *lines, self._output = self._output.split(b"\n")
        for line in lines:
            try:
                progress = json.loads(line)
            except ValueError:
                continue
            total = max(1, progress["total"])
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * progress["done"] / total))
            self.progress_label.setText(
                f"{progress['done'] / 1e6:,.0f} of {progress['total'] / 1e6:,.0f} MB"
            )

    def cancel_download(self) -> None:
        if self.download is not None:
            self.download.kill()  # partial files stay; the next download resumes them

    def _download_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_progress()  # lines that arrived with the exit
        process, self.download = self.download, None
        assert process is not None
        error = bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip()
        self.progress.hide()
        self.buttons["cancel"].hide()
        self.buttons["download"].setEnabled(True)
        if status == QProcess.ExitStatus.CrashExit:
            self.progress_label.setText(
                f"Download of {self.download_name} cancelled; starting "
                "it again resumes where it stopped."
            )
        elif code != 0:
            self.progress_label.setText("")
            prompts.warn(
                self,
                "Download failed",
                error.splitlines()[-1] if error else f"The download stopped (exit code {code}).",
            )
        else:
            self.progress_label.setText(f"Downloaded {self.download_name}.")
        self.refresh()

    def done(self, result: int) -> None:
        self.cancel_download()
        super().done(result)
