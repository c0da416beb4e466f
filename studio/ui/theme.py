"""Light and dark themes on the Fusion style; "system" follows the desktop's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_LIGHT = {
    "window": "#f3f1ee",
    "base": "#fffdfa",
    "alternate": "#f0ece6",
    "text": "#1f1d1a",
    "button": "#ebe7e1",
    "highlight": "#6b4fbb",
    "highlighted_text": "#ffffff",
    "mid": "#c9c3ba",
    "link": "#5b3fab",
    "tooltip_base": "#fffbe6",
    "placeholder": "#8a847b",
}
_DARK = {
    "window": "#23222a",
    "base": "#1b1a20",
    "alternate": "#2a2932",
    "text": "#e8e6ef",
    "button": "#2f2e37",
    "highlight": "#8b74d9",
    "highlighted_text": "#ffffff",
    "mid": "#4a4856",
    "link": "#b4a4f0",
    "tooltip_base": "#2f2e37",
    "placeholder": "#8d8a99",
}


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve_theme(choice: str) -> str:
    """'light' or 'dark' for a preference of 'system', 'light' or 'dark'."""
    if choice in ("light", "dark"):
        return choice
    return "dark" if system_prefers_dark() else "light"


def build_palette(name: str) -> QPalette:
    colours = _DARK if name == "dark" else _LIGHT
    palette = QPalette()
    role = QPalette.ColorRole
    pairs = {
        role.Window: "window",
        role.WindowText: "text",
        role.Base: "base",
        role.AlternateBase: "alternate",
        role.Text: "text",
        role.Button: "button",
        role.ButtonText: "text",
        role.Highlight: "highlight",
        role.HighlightedText: "highlighted_text",
        role.Mid: "mid",
        role.Link: "link",
        role.ToolTipBase: "tooltip_base",
        role.ToolTipText: "text",
        role.PlaceholderText: "placeholder",
        role.BrightText: "highlighted_text",
    }
    for palette_role, key in pairs.items():
        palette.setColor(palette_role, QColor(colours[key]))
    disabled = QColor(colours["placeholder"])
    for palette_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, palette_role, disabled)
    return palette


def apply_theme(app: QApplication, choice: str) -> str:
    """Apply a theme preference; returns the theme actually shown."""
    name = resolve_theme(choice)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(build_palette(name))
    app.setProperty("lyra_theme", name)
    return name
