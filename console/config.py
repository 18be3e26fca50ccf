"""One TOML config file under the XDG config dir; environment overrides it; flags override both.

    [ui]          theme, refresh (seconds between repaints), low_bandwidth
    [gates]       alert_after (seconds a gate may wait before it alerts), auto, auto_rollback
    [hooks]       on_approve, on_hold, on_rollback: shell commands for agents without the protocol
    [agent]       url, token_file
    [prometheus]  url, interval, backfill, verify_tls, preset, match, split_label, blue, green,
                  window, and [prometheus.queries] per panel
    [store]       db

Environment: OPSCONSOLE_<SECTION>_<KEY> (e.g. OPSCONSOLE_UI_THEME=light), plus the
shorthands OPSCONSOLE_THEME and OPSCONSOLE_DB.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

from console.errors import ConfigError

DEFAULTS: dict[str, dict[str, Any]] = {
    "ui": {"theme": "opsconsole-dark", "refresh": 0.2, "low_bandwidth": False},
    "gates": {"alert_after": 300.0, "auto": False, "auto_rollback": False},
    "hooks": {"on_approve": "", "on_hold": "", "on_rollback": ""},
    "agent": {"url": "", "token_file": ""},
    "prometheus": {
        "url": "",
        "interval": 5.0,
        "backfill": 900.0,
        "verify_tls": True,
        "preset": "",  # an exporter preset (docs/prometheus.md); empty: detect it
        "match": "",  # label matchers scoping every preset query, e.g. job="checkout"
        "split_label": "",  # the label telling blue from green; empty: find it
        "blue": "",  # regexes of split_label's blue and green values; empty: tell them apart
        "green": "",
        "window": "1m",  # the rate window; at least four scrape intervals
        "queries": {},
    },
    "store": {"db": ""},
}
SHORTHANDS = {"OPSCONSOLE_THEME": ("ui", "theme"), "OPSCONSOLE_DB": ("store", "db")}


def config_dir() -> Path:
    from platformdirs import user_config_path

    env = os.environ.get("OPSCONSOLE_CONFIG_DIR")
    return Path(env) if env else user_config_path("opsconsole")


def config_path() -> Path:
    env = os.environ.get("OPSCONSOLE_CONFIG")
    return Path(env) if env else config_dir() / "config.toml"


def _coerce(value: str, like: Any, name: str) -> Any:
    try:
        if isinstance(like, bool):
            low = value.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(value)
        if isinstance(like, float):
            return float(value)
        if isinstance(like, int):
            return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a valid {type(like).__name__}") from None
    return value


def load(path: Path | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Defaults, then the file (if any), then the environment."""
    cfg = copy.deepcopy(DEFAULTS)
    path = path or config_path()
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}); fix or remove the file") from None
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
        for section, values in data.items():
            if section not in cfg or not isinstance(values, dict):
                raise ConfigError(f"{path}: unknown section [{section}]")
            for key, value in values.items():
                if key not in cfg[section]:
                    raise ConfigError(f"{path}: unknown key {key!r} in [{section}]")
                default = cfg[section][key]
                if isinstance(default, dict) != isinstance(value, dict) or (
                    isinstance(default, bool) and not isinstance(value, bool)
                ):
                    raise ConfigError(f"{path}: [{section}] {key} has the wrong type")
                if isinstance(default, float) and isinstance(value, int):
                    value = float(value)
                cfg[section][key] = value
    environ = os.environ if env is None else env
    for name, (section, key) in SHORTHANDS.items():
        if environ.get(name):
            cfg[section][key] = environ[name]
    for section, values in cfg.items():
        for key, default in values.items():
            if isinstance(default, dict):
                continue
            name = f"OPSCONSOLE_{section}_{key}".upper()
            if name in environ:
                cfg[section][key] = _coerce(environ[name], default, name)
    return cfg


def dumps(cfg: dict[str, Any]) -> str:
    """The effective config as TOML (for `opsconsole config show`)."""
    lines: list[str] = []
    for section, values in cfg.items():
        nested = {k: v for k, v in values.items() if isinstance(v, dict)}
        lines.append(f"[{section}]")
        for key, value in values.items():
            if not isinstance(value, dict):
                lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
        for key, table in nested.items():
            lines.append(f"[{section}.{key}]")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in table.items())
            lines.append("")
    return "\n".join(lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save_value(section: str, key: str, value: Any, path: Path | None = None) -> None:
    """Persist one value (e.g. the theme chosen in the command palette), keeping the rest."""
    path = path or config_path()
    current: dict[str, Any] = {}
    if path.exists():
        try:
            current = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError):
            return  # never clobber a file the user is editing by hand
    current.setdefault(section, {})[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(dumps(current), encoding="utf-8")
    tmp.replace(path)
