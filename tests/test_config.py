"""Config: defaults, then the TOML file, then the environment; bad files get one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from console import config


def test_file_then_environment_override_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[ui]\ntheme = "opsconsole-light"\nrefresh = 1\n[gates]\nauto = true\n')
    cfg = config.load(path, env={"OPSCONSOLE_UI_REFRESH": "0.5"})
    assert cfg.ui.theme == "opsconsole-light"
    assert cfg.ui.refresh == 0.5
    assert cfg.gates.auto is True
    assert cfg.gates.alert_after == config.GatesConfig().alert_after


def test_shorthand_environment(tmp_path: Path) -> None:
    cfg = config.load(tmp_path / "missing.toml", env={"OPSCONSOLE_THEME": "opsconsole-mono"})
    assert cfg.ui.theme == "opsconsole-mono"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[ui\n", "not valid TOML"),
        ("[nope]\nx = 1\n", "unknown section"),
        ("[ui]\ncolour = 1\n", "unknown key"),
        ("[gates]\nauto = 'yes'\n", "wrong type"),
    ],
)
def test_bad_files_are_one_clear_line(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(config.ConfigError) as err:
        config.load(path, env={})
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_bad_environment_value(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="OPSCONSOLE_UI_REFRESH"):
        config.load(tmp_path / "none.toml", env={"OPSCONSOLE_UI_REFRESH": "fast"})


def test_save_value_keeps_the_rest_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[gates]\nalert_after = 60.0\n")
    config.save_value("ui", "theme", "opsconsole-high-contrast", path)
    cfg = config.load(path, env={})
    assert cfg.ui.theme == "opsconsole-high-contrast"
    assert cfg.gates.alert_after == 60.0
    assert "[ui]" in config.dumps(cfg)


def test_settings_are_typed_and_a_bad_one_names_file_section_and_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[prometheus]\ninterval = 'soon'\n")
    with pytest.raises(config.ConfigError) as err:
        config.load(path, env={})
    assert str(err.value) == (
        f"{path}: [prometheus] interval has the wrong type: expected a number, got 'soon'"
    )
    path.write_text("[prometheus]\ninterval = 10\n[prometheus.queries]\nerror_rate = 'x'\n")
    cfg = config.load(path, env={})
    assert cfg.prometheus.interval == 10.0 and isinstance(cfg.prometheus.interval, float)
    assert cfg.prometheus.queries == {"error_rate": "x"}


def test_an_unknown_key_lists_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[gates]\nauto_approve = true\n")
    with pytest.raises(config.ConfigError, match=r"unknown key 'auto_approve' in \[gates\]") as err:
        config.load(path, env={})
    assert "(known: alert_after, auto, auto_rollback)" in str(err.value)


def test_config_show_explains_every_setting() -> None:
    text = config.dumps(config.Config())
    assert "# seconds a gate may wait before the console alerts\nalert_after = 300.0" in text
    settings = [line for line in text.splitlines() if " = " in line and not line.startswith("#")]
    comments = [line for line in text.splitlines() if line.startswith("# ")]
    assert len(comments) == len(settings) + 1  # and one for the [prometheus.queries] table
