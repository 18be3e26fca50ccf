"""Issue #8, themes: four bundled theme files, a user's own theme file, selection by flag,
config and command palette, persistence of the choice, and NO_COLOR → the monochrome theme."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from console import cli
from console import config as cfgmod
from console.ui.app import OpsConsoleApp
from console.ui.replay import ReplayFeed
from console.ui.themes import BUNDLED, load_themes

BUNDLED_NAMES = {
    "opsconsole-dark",
    "opsconsole-light",
    "opsconsole-high-contrast",
    "opsconsole-mono",
}
SIZE = (120, 40)


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty config dir of our own: nothing from the machine's real config leaks in."""
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("OPSCONSOLE_CONFIG_DIR", str(folder))
    monkeypatch.setenv("OPSCONSOLE_CONFIG", str(folder / "config.toml"))
    for name in ("NO_COLOR", "OPSCONSOLE_THEME", "OPSCONSOLE_UI_THEME"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _app(feed: ReplayFeed, theme: str | None, persist: bool = True) -> OpsConsoleApp:
    return OpsConsoleApp(feed, theme=theme, persist_theme=persist)


def _theme_from_cli(argv: list[str]) -> str:
    args = cli.build_parser().parse_args(argv)
    return cli._theme(args, cfgmod.load())


def _saved_theme(folder: Path) -> str | None:
    path = folder / "config.toml"
    if not path.exists():
        return None
    return tomllib.loads(path.read_text(encoding="utf-8")).get("ui", {}).get("theme")


def test_the_four_bundled_themes_load_from_their_files(config_dir: Path) -> None:
    files = {p.stem for p in BUNDLED.glob("*.toml")}
    assert files >= BUNDLED_NAMES
    themes = {t.name: t for t in load_themes()}
    assert set(themes) == BUNDLED_NAMES
    for name in BUNDLED_NAMES:
        data = tomllib.loads((BUNDLED / f"{name}.toml").read_text(encoding="utf-8"))
        theme = themes[name]
        assert theme.dark is data["dark"]
        for key in ("primary", "success", "warning", "error", "background", "foreground"):
            assert str(getattr(theme, key)).lower() == data[key].lower(), (name, key)
    assert themes["opsconsole-light"].dark is False


def test_a_user_theme_is_picked_up_and_a_broken_one_is_skipped(config_dir: Path) -> None:
    user = config_dir / "themes"
    user.mkdir()
    mine = (BUNDLED / "opsconsole-dark.toml").read_text(encoding="utf-8")
    mine = mine.replace('name = "opsconsole-dark"', 'name = "night-shift"')
    mine = mine.replace('error = "#E5534B"', 'error = "#FF0066"')
    (user / "night-shift.toml").write_text(mine, encoding="utf-8")
    (user / "broken.toml").write_text('name = "broken"\nprimary = [unclosed\n', encoding="utf-8")
    (user / "no-primary.toml").write_text('name = "no-primary"\ndark = true\n', encoding="utf-8")
    (user / "not-utf8.toml").write_bytes(b'name = "\xff\xfe"\nprimary = "#000000"\n')

    names = [t.name for t in load_themes()]
    assert "night-shift" in names
    assert set(names) >= BUNDLED_NAMES
    assert not {"broken", "no-primary"} & set(names)
    night = next(t for t in load_themes() if t.name == "night-shift")
    assert str(night.error).lower() == "#ff0066"


async def test_a_user_theme_can_be_chosen_in_the_app(
    config_dir: Path, healthy_feed: ReplayFeed
) -> None:
    user = config_dir / "themes"
    user.mkdir()
    text = (BUNDLED / "opsconsole-light.toml").read_text(encoding="utf-8")
    (user / "day-shift.toml").write_text(
        text.replace('name = "opsconsole-light"', 'name = "day-shift"'), encoding="utf-8"
    )
    (user / "broken.toml").write_text("this is not toml = = =\n", encoding="utf-8")
    app = _app(healthy_feed, _theme_from_cli(["replay", "x.db", "--theme", "day-shift"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "day-shift"
        assert app.current_theme.dark is False


@pytest.mark.parametrize("name", sorted(BUNDLED_NAMES))
async def test_theme_flag_selects_each_bundled_theme(
    config_dir: Path, healthy_feed: ReplayFeed, name: str
) -> None:
    chosen = _theme_from_cli(["replay", "x.db", "--theme", name])
    assert chosen == name
    app = _app(healthy_feed, chosen)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == name
        data = tomllib.loads((BUNDLED / f"{name}.toml").read_text(encoding="utf-8"))
        assert str(app.current_theme.background).lower() == data["background"].lower()
        # the screen is painted with it
        assert app.screen.styles.background.hex.lower() == data["background"].lower()
    # choosing a theme with a flag is not a change of preference: nothing is written
    assert _saved_theme(config_dir) is None


async def test_config_file_selects_the_theme_and_the_flag_wins(
    config_dir: Path, healthy_feed: ReplayFeed
) -> None:
    (config_dir / "config.toml").write_text('[ui]\ntheme = "opsconsole-high-contrast"\n')
    assert _theme_from_cli(["replay", "x.db"]) == "opsconsole-high-contrast"
    assert _theme_from_cli(["replay", "x.db", "--theme", "opsconsole-light"]) == "opsconsole-light"
    app = _app(healthy_feed, _theme_from_cli(["replay", "x.db"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "opsconsole-high-contrast"


def test_environment_overrides_the_config_file(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / "config.toml").write_text('[ui]\ntheme = "opsconsole-high-contrast"\n')
    monkeypatch.setenv("OPSCONSOLE_THEME", "opsconsole-light")
    assert _theme_from_cli(["replay", "x.db"]) == "opsconsole-light"


def test_no_color_picks_the_monochrome_theme(
    config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / "config.toml").write_text('[ui]\ntheme = "opsconsole-light"\n')
    monkeypatch.setenv("NO_COLOR", "1")
    assert _theme_from_cli(["replay", "x.db"]) == "opsconsole-mono"
    assert _theme_from_cli(["demo"]) == "opsconsole-mono"
    # an explicit flag is still obeyed
    assert _theme_from_cli(["demo", "--theme", "opsconsole-dark"]) == "opsconsole-dark"


async def test_switching_theme_persists_to_the_config_file(
    config_dir: Path, healthy_feed: ReplayFeed
) -> None:
    path = config_dir / "config.toml"
    path.write_text("[gates]\nalert_after = 120.0\n", encoding="utf-8")
    app = _app(healthy_feed, "opsconsole-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "opsconsole-light"
        await pilot.pause()
        assert _saved_theme(config_dir) == "opsconsole-light"
        app.theme = "opsconsole-mono"
        await pilot.pause()
    assert _saved_theme(config_dir) == "opsconsole-mono"
    cfg = cfgmod.load()
    assert cfg.ui.theme == "opsconsole-mono"
    assert cfg.gates.alert_after == 120.0  # the rest of the user's file is kept
    # and the next start picks it up
    assert _theme_from_cli(["replay", "x.db"]) == "opsconsole-mono"


async def test_persist_off_writes_nothing(config_dir: Path, healthy_feed: ReplayFeed) -> None:
    app = _app(healthy_feed, "opsconsole-dark", persist=False)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "opsconsole-light"
        await pilot.pause()
    assert _saved_theme(config_dir) is None


async def test_command_palette_lists_and_switches_themes(
    config_dir: Path, healthy_feed: ReplayFeed
) -> None:
    app = _app(healthy_feed, "opsconsole-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"theme")
        await _wait_options(pilot, lambda prompts: any("Theme" in p for p in prompts))
        await pilot.press("enter")  # the "Theme" system command: Textual's theme provider
        prompts = await _wait_options(pilot, lambda p: set(p) >= BUNDLED_NAMES)
        assert set(prompts) >= BUNDLED_NAMES
        await pilot.press(*"opsconsole-light")
        await _wait_options(pilot, lambda p: bool(p) and p[0] == "opsconsole-light")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "opsconsole-light"
        assert not isinstance(app.screen, CommandPalette)
    assert _saved_theme(config_dir) == "opsconsole-light"


async def _wait_options(
    pilot: Pilot[Any], check: Callable[[list[str]], bool], tries: int = 100
) -> list[str]:
    """The palette searches in a worker: poll its option list until ``check`` holds."""
    prompts: list[str] = []
    for _ in range(tries):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, CommandPalette):
            options = screen.query_one(OptionList)
            prompts = [
                str(options.get_option_at_index(i).prompt).split("\n")[0].strip()
                for i in range(options.option_count)
            ]
            if check(prompts):
                return prompts
    raise AssertionError(f"the palette never showed what was expected: {prompts}")
