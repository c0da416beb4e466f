"""The page shown when no project is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomePage")
        title = QLabel("Lyra Studio", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel(
            "Stories, lyrics and music, co-written with models on your own machine.", self
        )
        tagline.setEnabled(False)
        buttons = []
        for text, signal in (
            ("New Project…", self.new_requested),
            ("Open Project…", self.open_requested),
            ("Open the Sample Project", self.sample_requested),
        ):
            button = QPushButton(text, self)
            button.setMinimumWidth(260)
            button.clicked.connect(signal.emit)
            buttons.append(button)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(tagline, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        for button in buttons:
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
