"""Plugins register through the same registry as the built-ins; failures never stop the studio."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from studio.builtins import register_builtins
from studio.plugin_api import API_VERSION
from studio.plugin_host.loader import PluginHost
from studio.registry import CommandSpec, ExtensionRegistry, RegistrationError


def write_plugin(root: Path, plugin_id: str, body: str, api: str = "1") -> Path:
    folder = root / plugin_id
    folder.mkdir(parents=True)
    (folder / "plugin.toml").write_text(
        textwrap.dedent(f"""
        id = "{plugin_id}"
        name = "{plugin_id.title()}"
        version = "0.1"
        api = ["{api}"]
        entry = "plugin"
    """)
    )
    (folder / "plugin.py").write_text(textwrap.dedent(body))
    return folder


GOOD = """
def enable(api):
    api.register_command("shout", "Shout", lambda services: None, menu="Tools/Fun")
    api.register_exporter("txt", "Plain text", "txt", lambda project, target: None)
"""


def test_a_plugin_registers_commands_and_exporters(tmp_path: Path) -> None:
    write_plugin(tmp_path, "good", GOOD)
    registry = ExtensionRegistry()
    [record] = PluginHost(registry).load_all([tmp_path])
    assert record.enabled and record.error == ""
    assert registry.commands["good.shout"].menu == "Tools/Fun"
    assert registry.exporters["good.txt"].owner == "good"


def test_a_failing_plugin_is_recorded_and_its_registrations_removed(tmp_path: Path) -> None:
    write_plugin(
        tmp_path,
        "broken",
        """
        def enable(api):
            api.register_command("half", "Half done", lambda services: None)
            raise RuntimeError("boom")
    """,
    )
    write_plugin(tmp_path, "good", GOOD)
    registry = ExtensionRegistry()
    broken, good = PluginHost(registry).load_all([tmp_path])
    assert not broken.enabled and "boom" in broken.error and "RuntimeError" in broken.details
    assert "broken.half" not in registry.commands
    assert good.enabled


def test_unsupported_api_and_bad_manifests_are_refused(tmp_path: Path) -> None:
    write_plugin(tmp_path, "future", GOOD, api="99")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "plugin.toml").write_text("id = 'Bad Id'")
    registry = ExtensionRegistry()
    future, junk = PluginHost(registry).load_all([tmp_path])
    assert not future.enabled and API_VERSION in future.error
    assert junk.manifest is None and "lacks" in junk.error
    assert registry.commands == {}


def test_duplicate_ids_are_refused() -> None:
    registry = ExtensionRegistry()
    register_builtins(registry)
    with pytest.raises(RegistrationError, match="taken"):
        registry.add_command(CommandSpec("statistics", "Again", lambda s: None, owner="x"))


@pytest.mark.parametrize("safe_mode", [False, True])
def test_safe_mode_starts_without_plugins(qtbot, lyra_home: Path, safe_mode: bool) -> None:
    from studio.app import Studio

    write_plugin(lyra_home / "data" / "plugins", "good", GOOD)
    studio = Studio(["lyra"], safe_mode=safe_mode, project=None, quit_after_start=False)
    qtbot.addWidget(studio.window)
    studio.finish_startup()
    assert ("good.shout" in studio.registry.commands) is (not safe_mode)
    assert "statistics" in studio.registry.commands  # built-ins always register
    assert ("(safe mode)" in studio.window.windowTitle()) is safe_mode


CHECKER = """
import re
from studio.plugin_api import TextIssue

def enable(api):
    def check(text):
        return [TextIssue(m.start(), 3, "Did you mean 'the'?", ("the",))
                for m in re.finditer(r"\\bteh\\b", text)]
    api.register_text_checker("typos", "Typos", check)
    api.register_text_checker("broken", "Broken", lambda text: 1 / 0)
"""


def test_a_plugins_text_checker_underlines_in_the_editor(
    qtbot, lyra_home: Path, sample_copy: Path
) -> None:
    from studio.app import Studio

    write_plugin(lyra_home / "data" / "plugins", "speller", CHECKER)
    studio = Studio(["lyra"], safe_mode=False, project=sample_copy, quit_after_start=False)
    qtbot.addWidget(studio.window)
    studio.finish_startup()
    panel = studio.window.current_panel()
    panel.editor.setPlainText("Into teh dark went teh keeper.")
    issues = panel.run_text_checkers()
    assert [(i.start, i.message) for i in issues] == [
        (5, "Did you mean 'the'?"),
        (19, "Did you mean 'the'?"),
    ]
    underlined = [
        s
        for s in panel.editor.extraSelections()
        if s.format.underlineStyle() != s.format.UnderlineStyle.NoUnderline
    ]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in underlined] == [
        (5, 8),
        (19, 22),
    ]
    assert "Broken" in panel.editor.toolTip()  # the failing checker is named, not fatal
    studio.window.close()
