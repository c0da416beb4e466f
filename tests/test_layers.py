"""The layering rule: core, writing and music import neither Qt nor ML libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

STUDIO = Path(__file__).resolve().parents[1] / "studio"
FORBIDDEN = ("PySide6", "PyQt6", "torch", "transformers", "audiocraft", "llama_cpp")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "package",
    ["core", "writing", "music", "registry.py", "config.py", "plugin_api.py", "plugin_host"],
)
def test_inner_layers_import_no_qt_and_no_ml(package: str) -> None:
    target = STUDIO / package
    files = [target] if target.is_file() else sorted(target.rglob("*.py"))
    offenders = {
        f"{path.relative_to(STUDIO)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert offenders == set()


def test_the_rule_checker_sees_nested_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from PySide6.QtWidgets import QWidget\n    import torch\n")
    assert {"PySide6.QtWidgets", "torch"} <= imported_modules(module)
