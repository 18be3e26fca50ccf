"""One TOML config file under the XDG config dir; environment overrides it; flags override both.

Every section is a typed dataclass below, each setting with the sentence `opsconsole config
show` prints beside it. A file is checked on load: an unknown section or key, or a value of
the wrong type, is one line naming the file, the section and the key.

Environment: OPSCONSOLE_<SECTION>_<KEY> (e.g. OPSCONSOLE_UI_THEME=opsconsole-light), plus the
shorthands OPSCONSOLE_THEME and OPSCONSOLE_DB.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from console.errors import ConfigError


def setting(default: Any, doc: str) -> Any:
    """A field with its (immutable) default and the sentence that explains it."""
    return field(default=default, metadata={"doc": doc})


@dataclass(slots=True)
class UiConfig:
    """[ui]: how the console looks and how often it repaints."""

    theme: str = setting(
        "opsconsole-dark", "a bundled theme or the name of a file in <config dir>/themes/"
    )
    refresh: float = setting(0.2, "seconds between repaints")
    low_bandwidth: bool = setting(False, "repaint at most once a second (slow SSH links)")


@dataclass(slots=True)
class GatesConfig:
    """[gates]: how gates wait for a decision."""

    alert_after: float = setting(300.0, "seconds a gate may wait before the console alerts")
    auto: bool = setting(False, "approve every gate whose checks pass (unattended runs)")
    auto_rollback: bool = setting(False, "roll back at a gate whose checks fail")


@dataclass(slots=True)
class HooksConfig:
    """[hooks]: shell commands that carry decisions to agents without the protocol."""

    on_approve: str = setting("", "run on Approve (the gate's details in the environment)")
    on_hold: str = setting("", "run on Hold")
    on_rollback: str = setting("", "run on Rollback")


@dataclass(slots=True)
class AgentConfig:
    """[agent]: the deployment agent `watch` follows when --agent is not given."""

    url: str = setting("", "the agent's base URL, e.g. http://127.0.0.1:8765")
    token_file: str = setting("", "a file holding the agent's bearer token")


@dataclass(slots=True)
class PrometheusConfig:
    """[prometheus]: the metrics source."""

    url: str = setting("", "the Prometheus base URL, e.g. http://127.0.0.1:9090")
    interval: float = setting(5.0, "seconds between polls")
    backfill: float = setting(900.0, "seconds of history read when the watch starts")
    verify_tls: bool = setting(True, "check the server's certificate on https")
    preset: str = setting("", "an exporter preset (docs/prometheus.md); empty: detected")
    match: str = setting("", 'label matchers scoping every preset query, e.g. job="checkout"')
    split_label: str = setting("", "the label telling blue from green; empty: found")
    blue: str = setting("", "a regex of split_label's blue values; empty: told apart")
    green: str = setting("", "a regex of split_label's green values; empty: told apart")
    window: str = setting("1m", "the rate window; at least four scrape intervals")
    queries: dict[str, str] = field(
        default_factory=dict, metadata={"doc": "PromQL per panel, replacing the defaults"}
    )


@dataclass(slots=True)
class StoreConfig:
    """[store]: where sessions are recorded."""

    db: str = setting("", "the session database (default: the user data dir)")


@dataclass(slots=True)
class Config:
    ui: UiConfig = field(default_factory=UiConfig)
    gates: GatesConfig = field(default_factory=GatesConfig)
    hooks: HooksConfig = field(default_factory=HooksConfig)
    agent: AgentConfig = field(default_factory=AgentConfig)
    prometheus: PrometheusConfig = field(default_factory=PrometheusConfig)
    store: StoreConfig = field(default_factory=StoreConfig)


SHORTHANDS = {"OPSCONSOLE_THEME": ("ui", "theme"), "OPSCONSOLE_DB": ("store", "db")}


def config_dir() -> Path:
    from platformdirs import user_config_path

    env = os.environ.get("OPSCONSOLE_CONFIG_DIR")
    return Path(env) if env else user_config_path("opsconsole")


def config_path() -> Path:
    env = os.environ.get("OPSCONSOLE_CONFIG")
    return Path(env) if env else config_dir() / "config.toml"


def _types(section: Any) -> dict[str, Any]:
    return typing.get_type_hints(type(section))


def _check(value: Any, kind: Any, where: str) -> Any:
    """``value`` as the setting's type, or ConfigError naming ``where``."""
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{where} has the wrong type: expected true or false, got {value!r}")
    if kind is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise ConfigError(f"{where} has the wrong type: expected a number, got {value!r}")
    if kind is str:
        if isinstance(value, str):
            return value
        raise ConfigError(f"{where} has the wrong type: expected a string, got {value!r}")
    # dict[str, str]: a table of strings
    if isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        return dict(value)
    raise ConfigError(f"{where} has the wrong type: expected a table of strings")


def _coerce(text: str, kind: Any, name: str) -> Any:
    """An environment variable's text as the setting's type."""
    if kind is bool:
        low = text.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off", ""):
            return False
    elif kind is float:
        try:
            return float(text)
        except ValueError:
            pass
    elif kind is str:
        return text
    kinds = {bool: "bool", float: "float", str: "str"}
    raise ConfigError(f"{name}={text!r} is not a valid {kinds.get(kind, 'value')}")


def load(path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Defaults, then the file (if any), then the environment."""
    cfg = Config()
    path = path or config_path()
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}); fix or remove the file") from None
        except OSError as exc:
            raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
        sections = {f.name for f in dataclasses.fields(cfg)}
        for name, values in data.items():
            if name not in sections or not isinstance(values, dict):
                known = ", ".join(sorted(sections))
                raise ConfigError(f"{path}: unknown section [{name}] (known: {known})")
            section = getattr(cfg, name)
            types = _types(section)
            for key, value in values.items():
                if key not in types:
                    known = ", ".join(types)
                    raise ConfigError(f"{path}: unknown key {key!r} in [{name}] (known: {known})")
                setattr(section, key, _check(value, types[key], f"{path}: [{name}] {key}"))
    environ = os.environ if env is None else env
    for var, (name, key) in SHORTHANDS.items():
        if environ.get(var):
            setattr(getattr(cfg, name), key, environ[var])
    for f in dataclasses.fields(cfg):
        section = getattr(cfg, f.name)
        for key, kind in _types(section).items():
            var = f"OPSCONSOLE_{f.name}_{key}".upper()
            if var in environ and kind in (bool, float, str):
                setattr(section, key, _coerce(environ[var], kind, var))
    return cfg


def as_tables(cfg: Config) -> dict[str, dict[str, Any]]:
    """The config as TOML's nested tables."""
    return {name: dict(values) for name, values in dataclasses.asdict(cfg).items()}


def dumps(cfg: Config | dict[str, dict[str, Any]]) -> str:
    """The config as TOML; for a Config, each setting follows its sentence as a comment."""
    docs: dict[tuple[str, str], str] = {}
    if isinstance(cfg, Config):
        for f in dataclasses.fields(cfg):
            for sf in dataclasses.fields(getattr(cfg, f.name)):
                docs[(f.name, sf.name)] = sf.metadata.get("doc", "")
        cfg = as_tables(cfg)
    lines: list[str] = []
    for section, values in cfg.items():
        nested = {k: v for k, v in values.items() if isinstance(v, dict)}
        lines.append(f"[{section}]")
        for key, value in values.items():
            if not isinstance(value, dict):
                if docs.get((section, key)):
                    lines.append(f"# {docs[(section, key)]}")
                lines.append(f"{key} = {_toml_value(value)}")
        lines.append("")
        for key, table in nested.items():
            if docs.get((section, key)):
                lines.append(f"# {docs[(section, key)]}")
            lines.append(f"[{section}.{key}]")
            lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table.items())
            lines.append("")
    return "\n".join(lines)


def _toml_key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else _toml_value(key)


def masked(cfg: Config) -> Config:
    """The config as `config show` prints it: credentials in URLs and hook commands (a
    password in a URL, a bearer header, ``TOKEN=...``) redacted. Never written back."""
    from console.redact import redact

    shown = copy.deepcopy(cfg)
    for f in dataclasses.fields(shown):
        section = getattr(shown, f.name)
        for key, value in dataclasses.asdict(section).items():
            if isinstance(value, str):
                setattr(section, key, redact(value))
            elif isinstance(value, dict):
                setattr(section, key, {k: redact(v) for k, v in value.items()})
    return shown


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
    # 0600: the file may hold hook commands and URLs with credentials.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(dumps(current))
    tmp.replace(path)
