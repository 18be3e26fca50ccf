"""Themes are TOML files users can copy and edit: the project's themes/ and the user's own."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

from console.config import config_dir

BUNDLED = Path(__file__).resolve().parents[2] / "themes"
FIELDS = (
    "primary",
    "secondary",
    "accent",
    "success",
    "warning",
    "error",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)


def theme_dirs() -> list[Path]:
    return [BUNDLED, config_dir() / "themes"]


def load_theme(path: Path) -> Theme:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    colours = {k: str(data[k]) for k in FIELDS if k in data}
    theme = Theme(
        name=str(data.get("name") or path.stem),
        primary=colours.pop("primary"),
        dark=bool(data.get("dark", True)),
        variables={str(k): str(v) for k, v in dict(data.get("variables", {})).items()},
    )
    for key, value in colours.items():
        setattr(theme, key, value)
    return theme


def load_themes() -> list[Theme]:
    """Every readable theme file; a broken user file is skipped, never fatal."""
    themes: list[Theme] = []
    for folder in theme_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                themes.append(load_theme(path))
            except (OSError, ValueError, KeyError, TypeError, tomllib.TOMLDecodeError):
                continue
    return themes
