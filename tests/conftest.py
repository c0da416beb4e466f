"""Test set-up: offscreen Qt, config redirected to a temp folder, modal dialogs answered."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PROJECT = ROOT / "assets" / "sample-project"


@pytest.fixture(autouse=True)
def lyra_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own settings, state and data folders."""
    home = tmp_path_factory.mktemp("lyra-home")
    monkeypatch.setenv("LYRA_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight causal LM with its own tokenizer, saved like a download."""
    from tests.engines.tiny_models import build_tiny_causal_lm

    return build_tiny_causal_lm(tmp_path_factory.mktemp("models") / "tiny-qwen2")


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled sample project."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE_PROJECT, target)
    return target


@dataclass
class PromptRecorder:
    """Stands in for studio.ui.dialogs.prompts: records each question, gives set answers."""

    answers: dict[str, list[Any]] = field(default_factory=dict)
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def answer(self, name: str, *values: Any) -> None:
        self.answers.setdefault(name, []).extend(values)

    def called(self, name: str) -> list[tuple[Any, ...]]:
        return [args for call, args in self.calls if call == name]

    def _make(self, name: str, default: Any) -> Any:
        def stub(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args))
            queue = self.answers.get(name)
            return queue.pop(0) if queue else default

        return stub


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Iterator[PromptRecorder]:
    """Answer every modal dialog; unanswered questions get a safe default (cancel / no)."""
    from studio.ui.dialogs import prompts as module

    recorder = PromptRecorder()
    defaults = {
        "inform": None,
        "warn": None,
        "confirm": False,
        "resolve_outside_change": module.Choice.CANCEL,
        "choose_project_folder": None,
        "choose_save_file": None,
        "ask_text": None,
        "ask_new_project": None,
        "edit_preferences": False,
        "edit_story_context": False,
    }
    for name, default in defaults.items():
        monkeypatch.setattr(module, name, recorder._make(name, default))
    yield recorder
