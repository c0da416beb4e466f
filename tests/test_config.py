"""Settings: declared with types and defaults; preferences apart from window state."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.config import SETTINGS, Paths, Preferences, WindowState


def test_defaults_come_from_the_declarations() -> None:
    preferences = Preferences.load(Paths.default())
    for setting in SETTINGS:
        assert preferences[setting.key] == setting.default
        assert isinstance(setting.default, setting.type)


def test_lyra_home_redirects_every_location(lyra_home: Path) -> None:
    paths = Paths.default()
    for folder in (paths.config, paths.data, paths.state, paths.cache):
        assert folder.is_relative_to(lyra_home)


def test_preferences_and_window_state_live_in_separate_files() -> None:
    paths = Paths.default()
    preferences = Preferences.load(paths)
    preferences["theme"] = "dark"
    preferences.add_recent(Path("/tmp/a"))
    preferences.save()
    state = WindowState.load(paths)
    state.values["geometry"] = "abc"
    state.save()
    assert paths.settings_file != paths.window_state_file
    assert "geometry" not in paths.settings_file.read_text()
    assert "dark" not in paths.window_state_file.read_text()
    again = Preferences.load(paths)
    assert again["theme"] == "dark" and again.recent_projects == [str(Path("/tmp/a").resolve())]


def test_invalid_values_are_refused_when_set() -> None:
    preferences = Preferences.load(Paths.default())
    with pytest.raises(ValueError):
        preferences["theme"] = "purple"
    with pytest.raises(ValueError):
        preferences["autosave_seconds"] = "often"


def test_a_bad_value_in_the_file_falls_back_to_its_default() -> None:
    paths = Paths.default()
    paths.settings_file.parent.mkdir(parents=True)
    paths.settings_file.write_text(
        '[preferences]\ntheme = "purple"\nautosave_seconds = 30\nunknown = 1\n'
    )
    preferences = Preferences.load(paths)
    assert preferences["theme"] == "system"
    assert preferences["autosave_seconds"] == 30


def test_an_unreadable_settings_file_is_kept_and_reported() -> None:
    paths = Paths.default()
    paths.settings_file.parent.mkdir(parents=True)
    paths.settings_file.write_text("this is [not toml")
    preferences = Preferences.load(paths)
    assert preferences["theme"] == "system"
    assert "could not be read" in preferences.load_problem
    assert paths.settings_file.with_suffix(".toml.unreadable").read_text() == "this is [not toml"


def test_recent_projects_are_capped_and_deduplicated() -> None:
    preferences = Preferences.load(Paths.default())
    preferences["recent_projects_kept"] = 3
    for name in ["a", "b", "c", "a", "d"]:
        preferences.add_recent(Path("/tmp") / name)
    assert [Path(p).name for p in preferences.recent_projects] == ["d", "a", "c"]
