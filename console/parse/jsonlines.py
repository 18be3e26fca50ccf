"""JSON-lines service logs and change events, as events.

A service log line keeps its level and message as the LogLine's, its timestamp (under any of
the common keys) as the event time, and every other field in ``LogLine.fields`` (nested
objects as dotted keys). Fields that are measurements become samples (measures.py says which
and in what unit); ``{"kind": "deployment"|"config_change", ...}`` lines also become
Deployment / ConfigChange events. Every logger's keys are looked up in one table, in one pass
over the record's own fields: a record has a handful of fields, the table a hundred names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import orjson

from console import events as ev
from console.parse import anytime, levels
from console.parse.logline import log_line
from console.parse.measures import (
    AUTO,
    DURATION,
    DURATION_UNITS,
    GAUGE,
    HTTP_STATUS,
    LEVEL,
    MESSAGE,
    MS,
    NS,
    REQUEST_DURATIONS,
    ROLES,
    SCOPE,
    SERVICE,
    SLOG_AUTO,
    STATUS,
    STEP_MS,
    TEXT,
    TIME,
    WORD,
    WRAPPED_RANK,
    WRAPPERS,
    S,
    duration_ms,
    gauge,
    lambda_duration,
    no_status_sent,
    statement_duration,
    status_code,
    unanswered,
)
from console.parse.timestamps import (
    following,
    loose_cached,
    parse_clf,
    parse_epoch,
    parse_time_value,
)

_ANSI: Final = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SCOPES: Final = frozenset({"blue", "green"})
# A level string as written, its name and whether it is that name already (a log has a
# handful of level strings, and every line has one). One table per scale: "4" is a warning
# under journald's PRIORITY, a trace under OTel's severityNumber.
_WORD_LEVELS: Final[dict[str, dict[str, tuple[str, bool]]]] = {}
_FLAT_DEPTH: Final = 4
_DICT: Final = dict


# An ISO time's second and zone (its text without the fraction) -> whole epoch seconds, or
# None when it is no time or no whole second: a service logs many lines a second, and
# datetime's parse costs more than the rest of the time's reading.
_SECONDS: Final[dict[str, int | None]] = {}
_UNSEEN: Final[Any] = object()
_DIGITS: Final = "0123456789"
_US_SCALE: Final = (0, 100_000, 10_000, 1_000, 100, 10, 1)
_BIG_EPOCH: Final = 1 << 62  # below it an int is a float without OverflowError


def _time_value(value: Any) -> float | None:
    """``parse_time_value(value)``, with the second of an ISO time remembered: the same
    float, as datetime computes it (whole microseconds over 10**6, rounded once)."""
    if type(value) is str and len(value) >= 21 and value[19] == "." and value[4] == "-":
        # The zones loggers write ("Z", "+00:00"): the second looked up without more ado.
        # A key is only ever stored by _iso_time, which checked its text.
        if value[-1] == "Z":
            frac, key = value[20:-1], value[:19] + "Z"
        elif value[-3] == ":":
            frac, key = value[20:-6], value[:19] + value[-6:]
        else:
            return _iso_time(value)
        whole = _SECONDS.get(key)
        if whole is not None and 0 < len(frac) <= 6 and frac.isdigit() and frac.isascii():
            return (whole * 1_000_000 + int(frac) * _US_SCALE[len(frac)]) / 1_000_000
        return _iso_time(value)
    if type(value) is float:
        return parse_epoch(value)  # zap's "ts": as parse_time_value reads it, one call less
    if type(value) is int and value < _BIG_EPOCH:
        return parse_epoch(float(value))  # pino's "time" (ms): likewise
    return parse_time_value(value)


def _iso_time(value: str) -> float | None:
    """An ISO time with a fraction of a second (``_time_value``'s), its second remembered."""
    zone = value[20:].lstrip(_DIGITS)
    digits = len(value) - 20 - len(zone)
    if not 0 < digits <= 6 or not value[0].isdigit():
        return parse_time_value(value)
    if zone and zone != "Z" and not (zone[0] in "+-" and zone[1:].replace(":", "").isdigit()):
        return parse_time_value(value)  # a zone's name: parse_iso_zoned's own path
    key = value[:19] + zone
    whole = _SECONDS.get(key, _UNSEEN)
    if whole is _UNSEEN:
        base = parse_time_value(key)
        whole = int(base) if base is not None and base == int(base) else None
        if len(_SECONDS) >= 4096:
            _SECONDS.clear()
        _SECONDS[key] = whole
    if whole is None:
        return parse_time_value(value)
    micros = int(value[20 : 20 + digits]) * _US_SCALE[digits]
    return (whole * 1_000_000 + micros) / 1_000_000


def _flatten(obj: dict[str, Any], prefix: str, out: dict[str, Any], depth: int) -> None:
    """Nested objects as dotted keys (ECS's ``{"log": {"level": ...}}`` is ``log.level``)."""
    for key, value in obj.items():
        name = prefix + key
        if isinstance(value, dict) and value and depth < _FLAT_DEPTH:
            _flatten(value, name + ".", out, depth + 1)
        else:
            out[name] = value


# A message template's hole: {Name}, {@Name}, {$Name}, {Name:0.0000}, {Name,-10}.
_HOLE: Final = re.compile(r"\{\{|\}\}|\{[@$]?([A-Za-z0-9_]+)(?:,-?\d+)?(?::[^{}]*)?\}")


def _rendered(template: str, fields: dict[str, Any]) -> str:
    """Serilog's CLEF record without ``@m``: its template ``@mt`` with the record's
    properties in its holes (as Serilog renders it, but formats: the value as written)."""

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name is None:
            return m.group(0)[0]  # {{ and }} stand for a brace
        # the property itself, else an object's, flattened to dotted keys; at the top or in
        # Serilog JsonFormatter's Properties (a destructured {@Order} too)
        keys = (name, "Properties." + name)
        key = next((k for k in keys if k in fields), None)
        if key is not None:
            value = fields[key]
        else:
            value = m.group(0)
            for lead in (keys[0] + ".", keys[1] + "."):
                parts = {k[len(lead) :]: v for k, v in fields.items() if k.startswith(lead)}
                if parts:
                    value = parts
                    break
        return value if isinstance(value, str) else orjson.dumps(value).decode()

    return _HOLE.sub(fill, template)


# A unit written right after a template's hole ("... in {Elapsed:0.0000} ms", Serilog.AspNetCore's
# request line): the unit of that property's value, whatever its name's convention says.
_HOLE_UNIT: Final = re.compile(
    r"\{[@$]?([A-Za-z0-9_]+)(?:,-?\d+)?(?::[^{}]*)?\} ?"
    r"(ns|us|µs|μs|ms|s|sec|secs|seconds|millis|milliseconds|microseconds|nanoseconds)\b"
)
# Every word _HOLE_UNIT reads: the units' symbols and their words, as the other readers spell them.
_TEMPLATE_WORDS: Final = {**DURATION_UNITS, **anytime.UNIT_WORDS}
_TEMPLATE_UNITS: Final[dict[str, dict[str, float]]] = {}


_NO_UNITS: Final[dict[str, float]] = {}


# The properties a Serilog event names its request by (ASP.NET's RequestPath and RequestMethod,
# Umbraco's RequestUrl)
_REQUEST_PROPERTIES: Final = ("RequestPath", "RequestUrl", "RequestMethod", "RequestUri")


def _property(fields: dict[str, Any], name: str) -> bool:
    """Has a Serilog event the property, at the top (CLEF) or under Properties (its
    JsonFormatter's)?"""
    return name in fields or "Properties." + name in fields


def _template_request(fields: dict[str, Any]) -> bool:
    """Does a templated event name one request: a property of one, or the word in its
    template ("Request {Path} took {Duration} ms", Umbraco's "End request [{HttpRequestId}]:
    ...", "HTTP {Method} {Path} responded ...")? ("Processed {Count} requests" counts many.)"""
    if any(_property(fields, k) for k in _REQUEST_PROPERTIES):
        return True
    template = fields.get("@mt", fields.get("MessageTemplate"))
    return type(template) is str and _A_REQUEST.search(template) is not None


_A_REQUEST: Final = re.compile(r"(?i:\brequest\b)|\bHTTP \{")


def _template_units(fields: dict[str, Any]) -> dict[str, float]:
    """The properties whose unit a record's message template writes after their hole
    (Serilog's ``MessageTemplate``, CLEF's ``@mt``), by name; remembered per template."""
    template = fields.get("MessageTemplate")
    if type(template) is not str:
        template = fields.get("@mt")
        if type(template) is not str:
            return {}
    units = _TEMPLATE_UNITS.get(template)
    if units is None:
        units = {m.group(1): _TEMPLATE_WORDS[m.group(2)] for m in _HOLE_UNIT.finditer(template)}
        if len(_TEMPLATE_UNITS) >= 1024:
            _TEMPLATE_UNITS.clear()
        _TEMPLATE_UNITS[template] = units
    return units


# The level words a "type" key may hold: the common names only ("alert", "log", "detail",
# "success" under "type" are kinds of record as often as levels).
_TYPE_LEVELS: Final = frozenset(
    {"trace", "debug", "info", "notice", "warn", "warning", "error", "err", "critical"}
    | {"fatal", "severe"}
)


def _level_of(value: Any, scale: str) -> str:
    if isinstance(value, str):
        if not value:
            return "INFO"
        if scale != WORD and value.isdigit() and value.isascii() and len(value) < 6:
            return _level_number(int(value), scale)
        return levels.word(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _level_number(value, scale)
    if isinstance(value, float) and math.isfinite(value):
        return _level_number(int(value), scale)
    return "INFO"


# Nextcloud's and ownCloud's levels (0 debug ... 4 fatal).
_NEXTCLOUD: Final = ("DEBUG", "INFO", "WARNING", "ERROR", "FATAL")


def _owncloud_shape(fields: dict[str, Any]) -> bool:
    """ownCloud's record before it wrote a reqId (6 and 7: app, message, level, time, and
    at most two keys more; its time already taken off here), not another logger's with an
    "app" beside a small level (go-logr's funcr writes "msg" and its V-levels)."""
    return "app" in fields and "message" in fields and "msg" not in fields and len(fields) <= 5


def _small_level(n: int, fields: dict[str, Any]) -> str:
    """A ``level`` below bunyan's and pino's 10: GELF's is syslog's severity, Nextcloud's
    its own 0-4; otherwise a trace level on pino's scale."""
    if "short_message" in fields:  # GELF (Graylog, Docker's gelf driver)
        return levels.number(n, levels.SYSLOG_SCALE)
    if n < 5 and ("reqId" in fields or _owncloud_shape(fields)):
        return _NEXTCLOUD[n]
    return levels.number(n, levels.PINO)


def _level_number(n: int, scale: str) -> str:
    if scale == "pino":
        return levels.number(n, levels.PINO)
    if scale == "otel":
        return levels.number(n, levels.OTEL)
    if scale == "syslog":
        return levels.number(n, levels.SYSLOG_SCALE)
    if scale == "python":
        return levels.number(n, levels.PYTHON)
    if scale == "logback":
        return levels.number(n, levels.LOGBACK)
    return levels.number(n, levels.PINO)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(b, int) for b in value):
        try:  # journald writes a message that is not UTF-8 as its bytes
            # (a terminal's colours are what usually makes it so: not kept)
            return _ANSI.sub("", bytes(value).decode("utf-8", "replace"))
        except (ValueError, TypeError, OverflowError):
            pass
    return str(value)


def json_events(
    obj: dict[str, Any],
    line: str,
    fallback_ts: float,
    source: str,
    out: list[ev.Event],
    fresh: Callable[[ev.Event], bool] | None = None,
) -> float:
    """Append the events of one JSON object line to ``out``; return the event time.

    ``obj`` is the parser's own (just decoded): it may be changed. ``fresh``: asked about a
    change event before it is appended (False: a repeat, dropped).
    """
    if "resourceLogs" in obj:
        return otlp_events(obj, line, fallback_ts, source, out)
    batch = records_of(obj)
    if batch is not None:
        ts = fallback_ts
        for rec in batch:
            text = orjson.dumps(rec).decode()
            ts = record_events(rec, text, ts, source, out, "json", fresh)
        return ts
    if "severityNumber" in obj or "timeUnixNano" in obj:
        obj = otlp_record(obj, None, None)
        return record_events(obj, line, fallback_ts, source, out, "json", fresh)
    # No "{" after the first: no nested object to flatten (no need to look at each value).
    flat = line.find("{", 1) < 0
    return record_events(obj, line, fallback_ts, source, out, "json", fresh, flat)


def record_events(
    fields: dict[str, Any],
    line: str,
    fallback_ts: float,
    source: str,
    out: list[ev.Event],
    fmt: str,
    fresh: Callable[[ev.Event], bool] | None = None,
    flat: bool = False,
) -> float:
    """The events of one structured record (a JSON object, a logfmt line's pairs): time,
    level, message and measurements found by each field's name (see measures.py), the
    other fields kept. ``fields`` is changed: it becomes the LogLine's. ``flat``: no value
    is an object."""
    ts, level, message, kept, samples, kind = read_record(fields, line, fallback_ts, flat)
    change_event = bool(kind)
    out.append(log_line(ts, source, level, message, (), fmt, () if change_event else samples, kept))
    if change_event:
        change = _change(kind, ts, kept or {}, source)
        if fresh is None or fresh(change):
            out.append(change)
        # After the change, as samples of their own: the order of facts is kept.
        out.extend(
            ev.MetricSample(ts=ts, source=source, name=n, value=v, scope=sc) for n, v, sc in samples
        )
    return ts


def _date_and_time(fields: dict[str, Any]) -> float | None:
    """FortiGate's and IIS's ``date=2024-10-14 time=13:46:40 tz="-0700"``: a date and a time
    of day under two keys, made one (both keys then dropped); None if they do not make one."""
    date, tod, tz = fields["date"], fields["time"], fields.get("tz", "")
    if not (isinstance(date, str) and isinstance(tod, str) and len(date) == 10 and ":" in tod):
        return None
    zone = tz if isinstance(tz, str) and len(tz) == 5 and tz[0] in "+-" else ""
    whole = parse_time_value(date + "T" + tod + zone)
    if whole is not None:
        del fields["date"], fields["time"]
    return whole


# A record's keys (in order) -> what its fields with a role are (see _plan_of). Loggers
# write the same keys on every line, so a record's roles are looked up once per shape,
# not once per field per line.
_Plan = tuple[
    str,  # the preferred time key ("" none)
    tuple[str, ...],  # every time key, by (rank, key): tried when the preferred is no time
    str,  # the level key
    str,  # its scale
    tuple[str, ...],  # message keys, preferred first (the first not null is the message)
    tuple[tuple[str, int, str, float], ...],  # measurements, in field order
    tuple[str, ...],  # service keys, preferred first
    tuple[str, ...],  # scope keys, in field order
]
_PLANS: Final[dict[tuple[str, ...], _Plan]] = {}
_PLANS_MAX: Final = 4096


def _wrapped_role(key: str) -> tuple[int, int, str, float] | None:
    """The role of a known name inside a wrapper object (measures.WRAPPERS), ranked after
    the same name at the top level."""
    if "." not in key:
        return None
    for w in WRAPPERS:
        if key.startswith(w):
            r = ROLES.get(key[len(w) :])
            if r is None:
                return None
            return (r[0], r[1] + WRAPPED_RANK, r[2], r[3])
    return None


def _zerolog(keys: tuple[str, ...]) -> bool:
    """A record in zerolog's default field names: ``level``, ``time`` and ``message``
    (zap, logrus, slog, pino and bunyan write ``msg``; zap ``ts``)."""
    ks = set(keys)
    return {"level", "time", "message"} <= ks and not ks & {"msg", "ts"}


def _slog(keys: tuple[str, ...]) -> bool:
    """A record in Go slog's JSONHandler order: ``time``, ``level``, (``source``,) ``msg``
    (logrus sorts its keys, zap writes ``ts``, zerolog ``level`` first). Its level in
    capitals (Level.String: ``INFO``, ``WARN+2``) is checked per record (_slog_unit)."""
    return len(keys) > 3 and keys[0] == "time" and keys[1] == "level" and "msg" in keys[2:4]


# A duration of AUTO's reading in a record of slog's shape (measures.SLOG_AUTO): slog's
# appendJSONValue writes a time.Duration as integer nanoseconds (KindDuration, "what
# json.Marshal does"), however small, where AUTO reads an integer under 100000 as ms.


def _npm_http(fields: dict[str, Any], level_key: str) -> bool:
    """Is the record at npm's "http" level (winston's, between info and verbose)?"""
    level = fields.get(level_key) if level_key else None
    return type(level) is str and level.lower() == "http"


def _slog_unit(value: Any, fields: dict[str, Any]) -> float:
    level = fields.get("level")
    if type(value) is int and type(level) is str and level.isupper():
        return NS
    return AUTO


# An object of settings, by its name (rule in _plan_of).
_CONFIG_PATH: Final = re.compile(r"(?i)config|settings|options")


def _plan_of(keys: tuple[str, ...]) -> _Plan:
    roles = ROLES
    t_rank = 99
    t_key = ""
    times: list[tuple[int, str]] = []
    level_rank = 99
    level_key = ""
    level_scale = ""
    msgs: list[tuple[int, int, str]] = []
    measures: list[tuple[str, int, str, float]] = []
    guessed: list[tuple[str, int, str, float]] = []
    services: list[tuple[int, int, str]] = []
    scopes: list[str] = []
    for at, key in enumerate(keys):
        r = roles.get(key)
        if r is None and "." in key and _CONFIG_PATH.search(key.rpartition(".")[0]):
            # a setting inside a configuration the record dumps (Traefik's debug record of
            # its "staticConfiguration": "terminatingStatusCode": 503, "certificatesDuration":
            # 2160): a value configured, not a measurement
            continue
        if r is None:
            r = _wrapped_role(key)
            if r is None:
                g = anytime.guess_role(key)  # a status or duration by its words (remembered)
                if g is not None:
                    guessed.append((key, g[0], g[2], g[3]))
                elif anytime.spent_time_key(key):
                    # winston's "processingTime":"23027ms": a string with its unit only
                    guessed.append((key, DURATION, "duration_ms", TEXT))
                continue
        role = r[0]
        if role == TIME:
            times.append((r[1], key))
            if r[1] < t_rank:
                t_rank, t_key = r[1], key
        elif role == LEVEL:
            if r[1] < level_rank:
                level_rank, level_key, level_scale = r[1], key, r[2]
        elif role == MESSAGE:
            msgs.append((r[1], at, key))
        elif role in (DURATION, GAUGE, STATUS):
            measures.append((key, role, r[2], r[3]))
        elif role == SERVICE:
            services.append((r[1], at, key))
        elif role == SCOPE:
            scopes.append(key)
    # After the known names (GitLab's target_duration_s is no duration_s), and never a second
    # value under a name a known key gave (Lambda's billedDurationMs beside its durationMs).
    named = {m[2] for m in measures if m[1] == DURATION}
    measures += [g for g in guessed if g[1] != DURATION or g[2] not in named]
    if "cost" in keys:
        measures += _request_cost(keys, measures)
    elif "Cost" in keys:
        # the same middleware's fields named as Go's struct fields ("Status", "Method",
        # "Path", "Cost"): read as the lower-case ones are
        measures += _request_cost(tuple(k.lower() for k in keys), measures, "Cost")
    if "record.elapsed.seconds" in keys:
        # loguru's serialized record: its "elapsed" is the time since the program started
        measures = [m for m in measures if not m[0].startswith("record.elapsed")]
    if "Elapsed" in keys and "Action" in keys and "Package" in keys:
        # go test -json (test2json's TestEvent): Elapsed is float seconds, not Serilog's ms
        measures = [(k, r, w, S if k == "Elapsed" else u) for k, r, w, u in measures]
    if "time_ms" in keys and "duration" in keys:
        # Grafana's "Request Completed": time_ms the request's time in whole milliseconds,
        # duration the same time to the microsecond ("636.978µs"): the exact one first
        measures.sort(key=lambda m: m[0] == "time_ms")
    # Logstash's grok names (COMBINEDAPACHELOG: request, verb, response, bytes), as the
    # records made of access lines carry them: "response" is the status.
    grok = "response" in keys and ("request" in keys or "verb" in keys)
    if grok and not any(m[1] == STATUS for m in measures):
        measures.append(("response", STATUS, HTTP_STATUS, 0.0))
    elif "code" in keys and "request" in keys and not any(m[1] == STATUS for m in measures):
        # django-structlog's request_finished (code=200 request=<WSGIRequest: GET '/x'>, or
        # request='GET /x'): "code" is the response's status beside the request (elsewhere
        # an error's or a process's code)
        measures.append(("code", STATUS, HTTP_STATUS, 0.0))
    if _zerolog(keys):
        # zerolog's Dur fields are milliseconds (DurationFieldUnit), a float or, whole, an
        # integer: not seconds nor nanoseconds as AUTO reads the other Go loggers' numbers.
        measures = [(k, r, w, MS if u == AUTO else u) for k, r, w, u in measures]
    elif _slog(keys):
        measures = [(k, r, w, SLOG_AUTO if u == AUTO else u) for k, r, w, u in measures]
    elif "duration" in keys and "response_code" in keys and "start_time" in keys:
        # Envoy's JSON access log: %DURATION% is ms, written as a string before typed JSON.
        measures = [
            (k, r, w, MS if k == "duration" and u == AUTO else u) for k, r, w, u in measures
        ]
    elif "duration" in keys and (
        "view" in keys or "db" in keys or ("handler" in keys and "date_time" in keys)
    ):
        # Rails' lograge (GitLab before duration_s, Discourse): duration, view and db in ms;
        # Elixir's plug_logger_json (handler, date_time, duration: ms to the microsecond).
        measures = [
            (k, r, w, MS if k == "duration" and u == AUTO else u) for k, r, w, u in measures
        ]
    plan: _Plan = (
        t_key,
        tuple(k for _r, k in sorted(times)) if len(times) > 1 else (),
        level_key,
        level_scale,
        tuple(k for _r, _a, k in sorted(msgs)),
        tuple(measures),
        tuple(k for _r, _a, k in sorted(services)),
        tuple(scopes),
    )
    if len(_PLANS) >= _PLANS_MAX:
        _PLANS.clear()
    _PLANS[keys] = plan
    return plan


_GIN_ZAP_KEYS: Final = frozenset({"method", "path", "query", "ip", "user-agent", "errors", "cost"})


def _request_cost(
    keys: tuple[str, ...], measures: list[tuple[str, int, str, float]], key: str = "cost"
) -> list[tuple[str, int, str, float]]:
    """``cost`` as a request's time: the Gin middleware of the common Gin+zap template
    (``zap.Duration("cost", time.Since(start))`` beside status, method, path); elsewhere it
    is as often a price (a charge, a credit pack). Only in a request record (an HTTP status,
    a method or a path, no other duration), its unit told: by zap's production encoder
    (``ts``, ``caller``, ``msg``: its SecondsDurationEncoder writes float seconds; the
    template's own config renames ``ts`` to ``time`` for ISO8601TimeEncoder and keeps the
    seconds; its console encoder the same), else by the value (``"1.5ms"``): another
    encoder's float may be seconds or milliseconds (MillisDurationEncoder writes floats
    too). ``key``: the name it is under (Go's struct field name, "Cost", read with the keys
    lower-cased)."""
    if not ("method" in keys or "path" in keys) or any(m[1] == DURATION for m in measures):
        return []
    template = _GIN_ZAP_KEYS.issubset(keys)  # its keys whole tell it, a status dropped or not
    if not template and not any(m[1] == STATUS for m in measures):
        return []
    # (zap's console encoder: its time, level, caller and message are tab-separated
    # columns, the fields a JSON object after them; read with the columns' level, caller, msg;
    # the template's own record is zap's, its caller left out of the encoder or not)
    zap = template or (
        ("ts" in keys or "time" in keys or "level" in keys) and "caller" in keys and "msg" in keys
    )
    return [(key, DURATION, "latency_ms", AUTO if zap else TEXT)]


def _named_entry(fields: dict[str, Any]) -> dict[str, Any] | None:
    """A record whose message only names the object it carries (CloudNativePG: ``"msg":
    "record"`` beside ``"record": {...}``, each PostgreSQL log record in the operator's
    record): the object is the entry, its time, level and message the entry's; the outer
    ones (the operator's, always info) give way to those it has, the other keys (logger,
    pod) stay. An object with none of the three, or an answer's body with a message alone,
    is a part of the record, not its entry."""
    name = fields.get("msg")
    if type(name) is not str:
        name = fields.get("message")
        if type(name) is not str:
            return None
    inner = fields.get(name) if 0 < len(name) < 32 else None
    if type(inner) is not dict:
        return None
    own = {
        ROLES[k][0]
        for k, v in inner.items()
        if k in ROLES and (ROLES[k][0] != MESSAGE or (type(v) is str and v))
    } & _ENTRY_ROLES  # (a message that is no text, or empty, says nothing)
    if not own or (own == _MESSAGE_ONLY and name in _ANSWERS):
        # {"msg": "response", "response": {"statusCode": 200}}: a part, no entry; so is an
        # answer's body with a message of its own and no time or level (a Gin app's logrus
        # "response" record: {"code": 1500, "message": "Failed to fetch user data"} beside
        # the record's status 500). An error object's message is the record's
        # ({"msg": "error", "error": {"message": "connect ECONNREFUSED ..."}}).
        return None
    entry = {
        k: v for k, v in fields.items() if k != name and (k not in ROLES or ROLES[k][0] not in own)
    }
    entry.update(inner)
    return entry


_ENTRY_ROLES: Final = frozenset({TIME, LEVEL, MESSAGE})
_MESSAGE_ONLY: Final = frozenset({MESSAGE})
_ANSWERS: Final = frozenset({"response", "res", "body", "data", "result"})
# SMTP's commands: a mail client's error (Nodemailer's, logged whole by winston: "command":
# "AUTH PLAIN", "responseCode": 535) carries the server's reply code, no HTTP status
_SMTP_COMMANDS: Final = frozenset(
    {"CONN", "EHLO", "HELO", "LHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "RSET", "QUIT"}
)


def _watched(fields: dict[str, Any]) -> bool:
    """Is the record Suricata's EVE (its own, Wazuh's "data." or Filebeat's "suricata.eve."):
    traffic a sensor watched, whose HTTP status no request it served?"""
    if "event_type" in fields:
        return "flow_id" in fields or "src_ip" in fields
    if "data.event_type" in fields:
        return "data.flow_id" in fields or "data.src_ip" in fields
    return "suricata.eve.event_type" in fields


def _smtp_reply(fields: dict[str, Any]) -> bool:
    command = fields.get("command")
    return type(command) is str and command.split(" ", 1)[0] in _SMTP_COMMANDS


def read_record(
    fields: dict[str, Any], line: str, fallback_ts: float, flat: bool = False, dated: bool = False
) -> tuple[float, str, str, dict[str, Any] | None, tuple[tuple[str, float, str], ...], str]:
    """A record's (time, level, message, other fields, samples, change kind or "").
    ``flat``: nested objects are dotted keys already (or there are none). ``dated``: the line
    around the record gave its time (``fallback_ts``), so no key of an unknown name is looked
    for one."""
    kind = fields.get("kind")
    change_event = kind == "deployment" or kind == "config_change"
    if not (flat or change_event) and _DICT in set(map(type, fields.values())):
        body = fields.get("message")
        if type(body) is dict and "message" not in body and "msg" not in body:
            # winston logging an object ("logger.info({method, url, status, duration})"):
            # the object is the record's body, its keys the record's (the outer level and
            # time win); with no message of its own, its request says what it is
            merged = {k: v for k, v in fields.items() if k != "message"}
            return read_record({**body, **merged}, line, fallback_ts, False, dated)
        entry = _named_entry(fields)
        if entry is not None:
            return read_record(entry, line, fallback_ts, False, dated)
        dotted: dict[str, Any] = {}
        _flatten(fields, "", dotted, 0)
        return read_record(dotted, line, fallback_ts, True, dated)
    keys = tuple(fields)
    plan = _PLANS.get(keys)
    if plan is None:
        plan = _plan_of(keys)
    t_key, times, level_key, level_scale, msgs, measures, services, scopes = plan
    status = 0
    none_sent = False
    samples: list[tuple[str, float, str]] = []
    hole_units: dict[str, float] | None = None
    for key, role, what, unit in measures:
        value = fields[key]
        if role == DURATION:
            if hole_units is None:  # (a call only for a record with a template)
                templated = "MessageTemplate" in fields or "@mt" in fields
                hole_units = _template_units(fields) if templated else _NO_UNITS
            if hole_units:  # the template's word after the property's hole is its unit
                name = key.rpartition(".")[2]
                unit = hole_units.get(name, unit)
                if name == "Duration":
                    # a template's {Duration}: Umbraco's profiler's ("{EndMessage}
                    # ({Duration}ms) [Timing {TimingId}]") a step of a request or of its
                    # start, never a request's time; beside no request, the work the event
                    # names, not Traefik's request's (its JSON access log's key)
                    if _property(fields, "TimingId"):
                        what = STEP_MS
                    elif not _template_request(fields):
                        what = "duration_ms"
            if unit == SLOG_AUTO:
                unit = _slog_unit(value, fields)
            elif unit == AUTO and what == "response_time_ms" and _npm_http(fields, level_key):
                # a request record at npm's "http" level: morgan's through winston, its
                # :response-time milliseconds (a float with a fraction all the same)
                unit = MS
            d = duration_ms(value, unit)
            if d is not None:
                samples.append((what, d, ""))
        elif role == GAUGE:
            g = gauge(value)
            if g is not None:
                samples.append((what, g, ""))
        elif not status:
            code = status_code(value)
            if code is not None:
                status = code
                samples.append((HTTP_STATUS, float(code), ""))
            elif no_status_sent(key, value, "QTime" in fields):
                none_sent = True
    msg_key = ""
    for key in msgs:
        if fields[key] is not None:
            msg_key = key
            break
    said = fields[msg_key] if msg_key else None
    if (
        status
        and "url" in fields
        and type(said) is str
        and (said in _CALLS_MADE or (said in _CLIENT_COMPLETED and "response_length" in fields))
        and _absolute(fields["url"])
    ) or (status and type(said) is str and said.startswith(_DATA_SOURCE_ANSWERS)):
        # gitlab-shell's client (Gitaly's hooks calling Rails: "url":"http://unix/api/v4/
        # internal/allowed"; its failures "Internal API error" and "Internal API returned a
        # client error"), client-go's structured "Response" (verb, url, status,
        # milliseconds), mautrix-go's ("Request completed", "url":"http://synapse:8008/
        # _matrix/...", with its "response_length"; a server's record of the same words
        # may name its own whole URL, str(request.url)); Grafana's data-source clients
        # ("Response received from loki" statusCode=200, stage=databaseRequest; "Error
        # received from loki" statusCode=400, before 10 status=429): the answer to a call
        # it made
        status = 0
        samples = []
    if not status and "code" in fields and _django_request(fields):
        # django-structlog's request middleware: "request_finished" (and "request_failed")
        # with the response's status under "code"
        code = fields["code"]
        if type(code) is int and 100 <= code < 600:
            status = code
            samples.append((HTTP_STATUS, float(code), ""))
    if none_sent and not status:
        unanswered(samples)  # a request with no status sent: its time a served one's
    if samples and "ctx" in fields and "c" in fields and "s" in fields and "id" in fields:
        said = fields.get("msg")
        if type(said) is str and said[:5] != "Slow ":
            # MongoDB's log (4.4+: t, s, c, id, ctx, msg, attr; its own keys, not an app's
            # "id" and "ctx" alone): its operations' times come as "Slow query" (and "Slow
            # WT transaction"); a start-up's ("WiredTiger opened", attr.durationMillis) and a
            # connection's age ("Received first command ...", attr.elapsedMillis) are none
            samples = [x for x in samples if x[0] == HTTP_STATUS]
    if status and (
        (anytime.pushed(fields[msg_key]) if msg_key else anytime.transferred(line))
        # (docker-modem's error quoted, "(HTTP code 404) no such container", beside the
        # same statusCode: the Docker engine's answer to the program's call)
        or (type(said) is str and "(HTTP code " in said and f"(HTTP code {status}) " in said)
        or kind == "exporter"
        or fields.get("otelcol.component.kind") == "exporter"
        or _smtp_reply(fields)
        or _watched(fields)
    ):
        # Promtail's and Grafana Agent's Loki client ("error sending batch, will retry"
        # status=429): the store's answer to a push, no request this program served; an
        # OpenTelemetry Collector's exporter's ("Received non-OK response", "status": "403
        # Forbidden"): the backend's answer to what it sent; a mail client's SMTP reply
        # (_smtp_reply); Suricata's record of HTTP it watched (_watched)
        status = 0
        samples = [x for x in samples if x[0] != HTTP_STATUS]
    service = ""
    for key in services:
        value = fields[key]
        if isinstance(value, str) and value:
            service = value
            break
    scope = ""
    for key in scopes:
        value = fields[key]
        if type(value) is str and value in _SCOPES:
            scope = value
            break
    ts: float | None = None
    timeless = False  # no key gave a time: the fallback's
    if t_key == "time" and "date" in fields:
        ts = _date_and_time(fields)
    if t_key and ts is None:
        t = _time_value(fields[t_key])
        if t is not None and times and type(fields[t_key]) in (int, float):
            # A bare number beside a written date is more likely something else's: hclog's
            # "time":4959141198 (a raft timer in ns) beside its "@timestamp".
            for key in times:
                if key != t_key and type(fields[key]) is str:
                    written = _time_value(fields[key])
                    if written is not None:
                        t, t_key = written, key
                        break
        # (a name of its own: the compiled build types "written" above as a float)
        time_text = fields[t_key]
        if t is not None and type(time_text) is str and time_text > "@" and fallback_ts > 0:
            # a year-less date, a letter first ("Jul 23 07:41:41", Asterisk's JSON; rsyslog's
            # %timestamp%) placed after the file's last time, as a text line's is, not today
            t = loose_cached(time_text, following(fallback_ts))
        if t is None and type(time_text) is str and not dated:
            # a time in a layout of the logger's own (winston's format option: "17-04-2024
            # 07:39:04.638 PM"), read as the fallback reads one, before a lower key's (a
            # record's "data.createdAt", the user's, not the line's)
            found = anytime.record_time({t_key: time_text})
            t = None if found is None else found[1]
        if t is not None:
            ts = t
            del fields[t_key]
        else:  # the preferred one is no time: the next that is
            for key in times:
                t = _time_value(fields[key])
                if t is not None:
                    ts = t
                    del fields[key]
                    break
    if ts is None:
        # no known key gave a time (docs: General fallbacks)
        found = None if dated else anytime.record_time(fields)
        if found is None:
            ts = fallback_ts
            timeless = True
        else:
            ts = found[1]
            if found[0] != msg_key:  # auditd's msg=audit(...): the time and the message
                del fields[found[0]]
    elif t_key in _NANOS_OF:
        nanos = fields.pop(_NANOS_OF[t_key], 0)
        if type(nanos) is int and 0 < nanos < 1_000_000_000 and ts == int(ts):
            ts += nanos / 1e9
    if len(times) > 1 and not any(x[0] != HTTP_STATUS for x in samples):
        # a time key holding a time spent, its unit written, beside the record's own time
        # (winston's {"message": "job completed", "time": "22149ms", "timestamp": ...})
        for key in times:
            value = fields.get(key)
            if type(value) is str and value[:1].isdigit() and value[-1:] == "s":
                spent = anytime.duration_text(value)
                if spent is not None:
                    samples.append(("duration_ms", spent, ""))
                    break
    if level_key == "level" and "auditID" in fields and fields.get("kind") == "Event":
        # Kubernetes' audit events: "level" is how much was recorded (Metadata, Request,
        # RequestResponse), no severity; the response's status is the event's.
        level_key = ""
    if not level_key and ("type" in fields or "log_type" in fields):
        # no level key, a "type" naming one: a bot's own records ({"time", "type": "ERROR",
        # "message"}); its other types (COMMAND, UPDATE) are kinds of record, no levels.
        # plug_logger_json's "log_type": "error" for a crash (its requests' is "http")
        key = "type" if "type" in fields else "log_type"
        raw = fields[key]
        if isinstance(raw, str) and raw.lower() in _TYPE_LEVELS:
            level_key, level_scale = key, WORD
    if level_key:
        raw = fields[level_key]
        if isinstance(raw, str):
            if "\x1b" in raw:
                # a coloured level in the record (a console formatter's colours kept by
                # the JSON one: "\u001b[31mERROR\u001b[0m"): the word between
                raw = _ANSI.sub("", raw)
            cache = _WORD_LEVELS.get(level_scale)
            if cache is None:
                cache = _WORD_LEVELS[level_scale] = {}
            known = cache.get(raw)
            if known is None:
                level = _level_of(raw, level_scale)
                same = raw.upper() == level
                if len(cache) < 1000:
                    cache[raw] = (level, same)
            else:
                level, same = known
            if same:
                del fields[level_key]  # the original says nothing more than the name
        elif level_scale == "pino" and type(raw) is int and 0 <= raw < 10:
            worded = anytime.record_level(fields)  # a word says its scale, a small number not
            level = _small_level(raw, fields) if worded is None else worded[1]
        elif level_scale == "pino" and type(raw) is int and raw > 60:
            # past pino's scale: another logger's number beside its name (Monolog's JSON,
            # "level":200,"level_name":"INFO"), which says it
            worded = anytime.record_level(fields)
            level = _level_of(raw, level_scale) if worded is None else worded[1]
        else:
            level = _level_of(raw, level_scale)
        # (a 5xx record below ERROR naming its request's method: asked once, for the tests
        # below, and only of such a record: an error's own 5xx needs no look)
        method = (
            status >= 500
            and (level == "HTTP" or level in levels.QUIET)
            and any(_is_method(k, fields[k]) for k in fields)
        )
        if (
            status >= 500
            and (
                # winston's "http" level: the npm level its access records (morgan's) are written
                # at, whatever their message ("incoming-request")
                (level == "HTTP" and method)
                or (
                    level in levels.QUIET
                    and (
                        # no message: the request's method, or at INFO its response's time (a
                        # FastAPI middleware's {"response": {"status_code": 500, "response_time":
                        # ...}})
                        (
                            method
                            or (
                                level == "INFO"
                                and any(k[:9] == "response." for k in fields)
                                and any(x[0] in REQUEST_DURATIONS for x in samples)
                            )
                        )
                        if not (msg_key and fields[msg_key])
                        else (
                            _response_record(fields[msg_key], fields)
                            or (
                                _request_completed(fields[msg_key])
                                # (django-structlog's request_finished: the request's repr)
                                and ("responseTime" in fields or method or _django_request(fields))
                            )
                        )
                        # a Gin middleware's zap record: its message the request's path, beside
                        # status, method, path, query, ip, user-agent, errors and cost (or latency)
                        or (method and fields[msg_key] in (fields.get("path"), fields.get("Path")))
                        # express-winston's: its message the request ("HTTP {{req.method}}
                        # {{req.url}}", its default msg), "level": "info" whatever the answer
                        or (
                            method
                            and level == "INFO"
                            and _request_line(fields[msg_key])
                            and any(k[:9] == "meta.res." or k[:4] == "res." for k in fields)
                        )
                    )
                )
            )
        ):
            # an access record, nothing but the request, its logger writing one level
            # whatever the answer (Traefik's JSON access log: "level":"info", "msg":"" on a
            # 502; Fastify's "request completed" at 30 on a 500, its error logged apart at
            # 50, the request itself in its "incoming request" record before, only its
            # responseTime beside the answer): the 5xx is its severity, as an access line's
            # is; the logger's word kept.
            # Grafana's "Request Completed" (logfmt, lvl=info on a 502 before Grafana 8) the same.
            # (pino-http's "request errored" at info keeps its level: the error beside it.)
            fields[level_key] = raw
            level = "ERROR"
    elif msg_key == "@mt" or msg_key == "@m":
        level = "INFO"  # Serilog's CLEF leaves out @l for Information
    elif (msg_key == "RenderedMessage" or msg_key == "MessageTemplate") and type(
        fields.get("Level")
    ) is str:
        # Serilog's JsonFormatter writes its Level always: the record's, as CLEF's @l is,
        # whatever a status in its Properties (Serilog.AspNetCore's "responded 404" at
        # Information)
        level = levels.word(fields["Level"])
    elif status:
        level = levels.from_status(status)  # an access record: its status is its severity
    elif _klog_error(fields):
        level = "ERROR"
    elif fields.get("Action") in _GO_TEST_FAILS and ("Package" in fields or "ImportPath" in fields):
        level = "ERROR"  # go test -json's (test2json) failed test or package, or its build
    elif (
        type(job := fields.get("JobState")) is str and job in _SLURM_JOB_ENDS and "JobId" in fields
    ):
        # Slurm's job completion record (jobcomp/filetxt): a job that failed an error, one
        # that ran out of its time limit a warning
        level = _SLURM_JOB_ENDS[job]
    elif (worded := anytime.record_level(fields)) is not None:
        level = worded[1]
    elif (
        line[:1] == "{"
        and type(said := fields.get("status")) is str
        and (outcome := _OUTCOMES.get(said)) is not None
    ):
        # no level but a level's name under "status", capitalised (a hand-rolled JSON log's
        # "status":"Failure" beside "Info"): its severity. A state in lower case ("failed",
        # JSend's "error") is the thing's the record reports, not the record's
        level = outcome
    else:
        level = "INFO"
    if msg_key:
        message = _text(fields.pop(msg_key))
        if "\x1b[" in message:
            # a terminal's colours in the text (morgan's "dev" format through winston's
            # stream: "\x1b[0mGET / \x1b[33m404 \x1b[0m2.115 ms - 139"): not kept
            message = _ANSI.sub("", message)
        if (msg_key == "@mt" or msg_key == "MessageTemplate") and "{" in message:
            message = _rendered(message, fields)
        if msg_key == "log" and message.endswith("\n"):
            message = message[:-1]  # docker's json-file keeps the line's newline
    elif status and line[:1] == "{":
        # a JSON access record with no message key (nginx's JSON log_format): its request
        # and status say what the line is, the rest stays in its fields (a text layout read
        # as a record, CloudFront's or W3C's tab-separated line, keeps its line)
        message = _request_summary(fields, status) or line
    else:
        message = line  # nothing to call the message: show the line as it is
    if not message and status:
        message = _request_summary(fields, status) or line  # Traefik's access "msg": ""
    if status >= 500 and level in levels.QUIET and message.startswith(_ASPNET_FINISHED):
        # ASP.NET Core's hosting diagnostics (event 2): its access record, at Information
        # whatever the answer, in CLEF (no @l) or any JSON sink; the 5xx its severity, as
        # its text line's is
        level = "ERROR"
    if not status and msg_key and (message[:7] == "[HTTP] " or message[3:7] == " - /"):
        # go-zero's access record: its status in the message, its time under "duration" (or,
        # before 1.2, at the message's end: "200 - /x - 10.0.0.4:5123 - curl/8.0 - 0.3ms")
        said = anytime.request_in_message(message)
        if said is not None:
            status = said[0]
            samples = _request_samples(status, None if samples else said[1]) + samples
            if not level_key:
                level = levels.from_status(status)
    if not samples and level_key == "error_severity":
        samples = list(statement_duration(message))  # PostgreSQL's jsonlog: its stderr words
    elif not samples and msg_key and message[:7] == "REPORT ":
        took = lambda_duration(message)  # Lambda's REPORT line in CloudWatch's JSON events
        if took is not None:
            samples = [("response_time_ms", took, "")]
    elif (
        not samples
        and msg_key
        and message[:10] == "Completed "
        and (done := _COMPLETED.match(message)) is not None
    ):
        # a framework's request completed, as its text layout writes it, through a JSON
        # encoder (logstash-logback-encoder): Spring's DispatcherServlet at DEBUG ("Completed
        # 500 INTERNAL_SERVER_ERROR"), Rails' ("Completed 200 OK in 12ms (Views: ...)")
        status = int(done.group(1))
        samples = _request_samples(status, float(done.group(2)) if done.group(2) else None)
        if not level_key:
            level = levels.from_status(status)
    elif (
        not samples
        and msg_key
        and "|" in message[:48]
        and (row := _STATUS_LATENCY_ROW.match(message)) is not None
    ):
        # Gin's or Fiber's access row sent through a logger (logrus' msg="| 200 | 1.2ms |
        # ..."): its status and latency, as the row read alone gives them
        status = int(row.group(1))
        samples = _request_samples(status, anytime.duration_text(row.group(2)))
        if not level_key:
            level = levels.from_status(status)
    elif (
        not samples
        and msg_key
        and (says := _says_request(message, level))
        and not anytime.client_channel(fields)  # (Monolog's JSON: a call the app made)
    ):
        # A record whose message is a request line and its status: winston carrying morgan's
        # "GET /api/x 200 12.345 ms - 512" or its combined line, or a warning saying one in
        # words ("request failed: 401 Unauthorized"), read as the text line is (section 7).
        said = anytime.request_in_message(message)
        if timeless and says == _REQUEST_LINE and " [" in message:
            # winston's JSON with no timestamp format, morgan's combined line its message:
            # the access line's time is the record's
            i = message.find(" [")
            clf = parse_clf(message[i + 2 : message.find("]", i)])
            if clf is not None:
                ts = clf
        if said is not None:
            timed = says in (_REQUEST_LINE, _FAILURE_TIMED)
            samples = _request_samples(said[0], said[1] if timed else None)
            if not level_key:
                level = levels.from_status(said[0])
            elif says == _REQUEST_LINE and said[0] >= 500 and level in _BELOW_ERROR:
                # an access line carried below error (winston's stream for morgan, at whatever
                # level the app gave it: "http", "debug"; weaveworks' middleware in Loki and
                # Cortex logs a 5xx at warn): its 5xx is its severity, as the same line's is
                # in a text log; the logger's word kept
                if level_key not in fields:
                    fields[level_key] = level.lower()
                level = "ERROR"
    elif not samples and msg_key and ("took " in message or "Duration " in message):
        # A record whose message says its time in words, no key timing it: logrus's
        # msg="sandbox set key processing took 49.8ms for container ..." (dockerd); aiogram's
        # "Update id=1 is handled. Duration 41 ms ..." through structlog
        took = anytime.operation_took(message)
        if took is None:
            took = anytime.prose_took(message)
        if took is not None:
            samples = [("duration_ms", took, "")]
    elif not samples and msg_key and "=" in message:
        # A message of pairs, as a text line's would be read (a Java service's "TXN_SUMMARY |
        # txnId=... | duration=108ms" through logstash-logback-encoder)
        paired = anytime.pair_duration(message)
        if paired is not None:
            samples = [(paired[0], paired[1], "")]
    elif (
        status
        and msg_key
        and "ms" in message
        and len(samples) == 1
        and (said := anytime.request_in_message(message)) is not None
        and said[0] == status
        and said[1] is not None
    ):
        # a request filter's record: its status under a key, its time only in the message
        # ("Request completed successfully: POST /auth/login - Status: 200 - Duration: 620ms"
        # beside "http_status": "200", through logstash-logback-encoder)
        samples = _request_samples(status, said[1])
    if samples and not status and not any(x[0] == HTTP_STATUS for x in samples):
        # (a record with a status is a request's, its message's or its key's: timed)
        no_run = _NO_RUN_SEEN.get(message)  # (a logger repeats its messages: asked once)
        if no_run is None:
            no_run = _NO_RUN.search(message) is not None
            if len(_NO_RUN_SEEN) < 4096:
                _NO_RUN_SEEN[message] = no_run
        if no_run:
            samples = []
    if service and not isinstance(fields.get("service"), str):
        fields["service"] = service  # what `--service` compares
    if scope and samples:
        samples = [(n, v, scope) for n, v, _s in samples]
    return (
        ts,
        level,
        message,
        fields or None,
        tuple(samples),
        str(kind) if change_event else "",
    )


# A record whose time is no run of work: a connection's lifetime when it ends (Grafana Live's
# msg="Client disconnected" elapsed=22.4s: the disconnection the message's subject and verb,
# not a cause, "job failed: redis disconnected" its job's time) or a start-up's step
# (msg="State cache has been initialized" duration=321.701µs; Prometheus' "WAL replay
# completed", "On-disk memory mappable chunks replay completed"; etcd's "opened backend db"
# took=200µs; InfluxDB's start-up traces, "Open store (end)", "loading changes (end)"
# op_elapsed=50.797ms; Grafana's "Plugins loaded"): kept in its fields, no duration. A
# record with a status is a request's (499, "client disconnected"): timed.
_NO_RUN: Final = re.compile(
    r"^(?:[\w.-]+ ){1,2}[Dd]isconnected\b|\b[Ii]nitiali[sz]ed\.?$"
    r"|\b[Rr]eplay (?:completed|done|finished)\b|^[Oo]pened |\b[Oo]pened$"
    r"|^(?:[Oo]pen|[Ll]oading) \w+(?: \w+)? \(end\)$"
    # Grafana's start-up: "Plugins loaded", "Restored cache from database" (its migrations'
    # run is work the answer writers time: two sets against one)
    r"|^[Pp]lugins loaded\b|^[Rr]estored cache\b"
    # Gitaly's start-up steps: "finished initializing cgroups", "finished unpacking auxiliary
    # binaries", "finished initializing bootstrap"
    r"|^[Ff]inished (?:initiali[sz]ing|unpacking|bootstrapping)\b"
)


_NO_RUN_SEEN: dict[str, bool] = {}
# ASP.NET Core's "Request finished in 12.3ms 200 ..." (2.x to 5), "Request finished HTTP/1.1
# GET http://x/ - 200 ..." (6 on)
_ASPNET_FINISHED: Final = ("Request finished in ", "Request finished HTTP/")
# The levels a logger carries its access lines at, below any verdict of its own: the quiet
# ones, winston's npm levels "http" and "silly" ("verbose" reads as TRACE), and warn.
_BELOW_ERROR: Final = levels.QUIET | {"HTTP", "SILLY", "WARNING"}


def _is_method(key: str, value: object) -> bool:
    """Is ``key``: ``value`` a request's method ("RequestMethod": "GET"; not "payment_method":
    "card")?"""
    return key[-6:].lower() == "method" and type(value) is str and value.upper() in _METHODS


# A message starting with a request's method is looked at for a request's status.
_METHODS: Final = frozenset(anytime.HTTP_METHODS)
# The levels whose messages are read for a status said in words (any three-digit number is
# a candidate there): a failed call's, worth the look; the INFO record, the common one, not.
_SAYS_FAILURE: Final = frozenset({"WARNING", "ERROR", "CRITICAL", "FATAL"})


_REQUEST_LINE: Final = 1
# An access row's first cells, the status then the latency as Go prints a time.Duration:
# Gin's LoggerWithFormatter default ("[GIN] 2024/03/05 - 10:00:01 | 201 |   3.5ms | ip |
# PUT ...") and Fiber's ("10:00:01 | 201 |  3.5ms | ip | PUT | /x |"), behind any head of
# no bar, or a custom row that opens with the bar ("| 201 | 3.5ms | ip | PUT | /x |").
_STATUS_LATENCY_ROW: Final = re.compile(
    r"[^|]{0,40}\| *([1-5]\d\d) +\| +((?:\d+(?:\.\d+)?(?:h|m|s|ms|µs|us|ns))+) +\|"
)
_FAILURE_SAID: Final = 2
_FAILURE_TIMED: Final = 3  # a request named at WARNING or worse: its time too, its level kept
_PADDED_METHOD: Final = re.compile(
    r"(?:\s\s|\|)\s*(?:" + "|".join(anytime.HTTP_METHODS) + r")(?:\s\s|\s*\|)"
)


def _request_line(message: Any) -> bool:
    """A message that is its request and nothing more: ``HTTP POST /signup`` (express-winston's
    default), ``GET /api/orders``."""
    if type(message) is not str or len(message) > 2100:
        return False
    verb, _, rest = message[5:].partition(" ") if message[:5] == "HTTP " else message.partition(" ")
    return verb in _METHODS and rest[:1] == "/" and " " not in rest


def _response_record(message: Any, fields: dict[str, Any]) -> bool:
    """Is a record's message its response's, the word first ("Response Server error",
    "response: sent", an app's own logger writing each answer at info with its status)? Not
    a client's of an answer it got ("Response received", "Response from upstream", a whole
    URL beside: axios' interceptors) nor a response's time ("Response time exceeded ...")."""
    if type(message) is not str or message[:8].lower() != "response":
        return False
    # (the word alone too: a Gin middleware's logrus "msg":"response")
    if message[8:9] not in (" ", ":", ""):
        return False
    word = message[9:].lstrip(" :").split(" ", 1)[0].rstrip(":,.;").lower()
    if word in _RESPONSE_NOT_SERVED:
        return False
    return not any(_absolute(fields.get(k)) for k in ("url", "uri", "href", "endpoint"))


_RESPONSE_NOT_SERVED: Final = frozenset(
    {"received", "from", "time", "times", "timed", "took", "body", "headers"}
)


def _request_completed(message: Any) -> bool:
    """Fastify's "request completed", Grafana's "Request Completed"; a Gin middleware's zap
    record of each request, "HTTP Request" (its method, path, status and duration beside); a
    structlog event's name for it ("request_complete", "request_end")."""
    return (
        type(message) is str
        and len(message) < 24
        and message.lower().replace("_", " ") in _REQUEST_RECORDS
    )


_DJANGO_STRUCTLOG_REQUEST: Final = frozenset({"request_finished", "request_failed"})
# Slurm's job states at a job's end that say it did not run to its end (job_state_string,
# src/common/slurm_protocol_defs.c: COMPLETED and CANCELLED are none).
_SLURM_JOB_ENDS: Final = {
    "FAILED": "ERROR",
    "NODE_FAIL": "ERROR",
    "BOOT_FAIL": "ERROR",
    "OUT_OF_MEMORY": "ERROR",
    "TIMEOUT": "WARNING",
    "DEADLINE": "WARNING",
    "PREEMPTED": "WARNING",
}
# A level's name under a record's "status" where it has no level (capitalised, as a
# hand-rolled logger names its levels).
_OUTCOMES: Final = {
    "Failure": "ERROR",
    "Error": "ERROR",
    "Fatal": "CRITICAL",
    "Warning": "WARNING",
    "Info": "INFO",
    "Success": "INFO",
}


def _django_request(fields: dict[str, Any]) -> bool:
    """Is the record django-structlog's request middleware's (its event's name, a string)?"""
    event = fields.get("event")
    return type(event) is str and event in _DJANGO_STRUCTLOG_REQUEST


_REQUEST_RECORDS: Final = frozenset(
    {
        "request completed",
        "request complete",
        "request finished",
        "request end",
        "request done",
        "completed request",
        "finished request",
        "http request",
        "access",
    }
)


# "Completed NNN", a reason phrase or none, and "in T ms" (Rails, Spring, a Java service's own).
# ("Completed 250 tasks" is a count: a status is followed by its end, "in" or a reason phrase.)
_COMPLETED: Final = re.compile(
    r"Completed ([1-5]\d\d)(?=$| in | [A-Z])(?:[A-Za-z_ ]{0,40}? in (\d+(?:\.\d+)?) ?ms\b)?"
)


_GO_TEST_FAILS: Final = ("fail", "build-fail")
_CALLS_MADE: Final = frozenset(
    {
        "Finished HTTP request",
        "Internal API error",
        "Internal API returned a client error",
        "Response",
    }
)
_CLIENT_COMPLETED: Final = frozenset({"Request completed", "Request failed"})
_DATA_SOURCE_ANSWERS: Final = ("Response received from ", "Error received from ")


def _absolute(url: Any) -> bool:
    """Is a record's URL a whole one, its scheme and host (a call made to it)?"""
    return type(url) is str and url[:7] in ("http://", "https:/")


def _request_samples(status: int, took: float | None) -> list[tuple[str, float, str]]:
    """A request a record's message says: its status, and its time when it says one."""
    samples = [(HTTP_STATUS, float(status), "")]
    if took is not None:
        samples.append(("response_time_ms", took, ""))
    return samples


def _says_request(message: str, level: str) -> int:
    """Is a record's message worth reading for a request: a request line (``GET /x 200 1.2
    ms``) or an access line in Common or Combined Log Format (``host - user [time] "GET /x
    HTTP/1.1" 200 512``), its status and time (``_REQUEST_LINE``); a message at WARNING or
    worse naming a request's method and path, its status and time, its level as logged
    (``_FAILURE_TIMED``: a slow-request log's "Slow request: GET /ping took 1009.5 ms
    (status=204)", read as the same line is in a text log); any other message at WARNING
    or worse, or one naming a status, its status alone (``_FAILURE_SAID``: a time read from
    failures only would skew the latency charts toward them, the INFO records' times
    unread); else 0."""
    if message[:8].split(" ", 1)[0] in _METHODS:
        return _REQUEST_LINE
    sp = message.find(" ", 0, 48)
    if sp > 6 and message[sp + 1 : sp + 9].split(" ", 1)[0] in _METHODS:
        # the client's address first (a morgan format of ":remote-addr :method :url
        # :status ..." through winston: "::ffff:127.0.0.1 GET / 304 - - 197.236 ms\n")
        head = message[:sp]
        if head.count(".") == 3 or head.count(":") >= 2:
            return _REQUEST_LINE
    if '] "' in message and " HTTP/" in message:
        return _REQUEST_LINE
    if message[:11] == 'Response: "' and message[11:14].isdigit():
        # Symfony's HttpClient at INFO through Monolog's JsonFormatter: the call's status
        # and time, as its text line gives them (anytime._request_read)
        return _REQUEST_LINE
    if ("  " in message or "|" in message) and _PADDED_METHOD.search(message) is not None:
        # a request logger's cells, padded or piped (gin's LoggerWithFormatter through
        # logrus: msg=" 200       18.504µs        127.0.0.1  OPTIONS  /api/v1/x")
        return _REQUEST_LINE
    if "s " in message and " /" in message and anytime.IRIS_REQUEST.match(message):
        # Iris' request line through a logger (logrus' Infof: msg=" 2022-11-04 11:45:16.71
        # 200    46.87542ms 127.0.0.1:64896 POST /api/x"), read as the text line is
        return _REQUEST_LINE
    if level in _SAYS_FAILURE:
        return _FAILURE_TIMED if _METHOD_PATH.search(message) is not None else _FAILURE_SAID
    # At INFO too when the message names a status ("Response status: 200 for GET /x", a
    # Java interceptor's "Request completed - Method: POST, URI: /x, Status: 200"): as a text
    # line's message is read; with the method named too, every such record is a request's
    # summary, its time read as well ("uri /x method POST duration 73.898µs status 200").
    if "tatus" not in message:
        return 0
    return _REQUEST_LINE if _NAMES_METHOD.search(message) is not None else _FAILURE_SAID


_NAMES_METHOD: Final = re.compile(r"\b(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b")
_METHOD_PATH: Final = re.compile(r"\b(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) /")


def _request_summary(fields: dict[str, Any], status: int) -> str:
    """``GET /favicon.ico 499``: an access record's request, where its message is empty
    (Traefik's JSON access log writes ``"msg": ""``) or it has no message key (nginx's JSON
    ``log_format``), from the keys naming the method and the path (``RequestMethod``/
    ``RequestPath``, ``method``/``uri``, ``http.request.method``) or the request line
    (``request``)."""
    method = target = ""
    for key, value in fields.items():
        if not isinstance(value, str) or not value:
            continue
        low = key.lower()
        if not method and low.endswith("method"):
            method = value
        elif not target and low.endswith(("path", "uri", "url")) and value[:1] in "/h":
            target = value
        elif not target and low.endswith("request") and value.partition(" ")[0] in _METHODS:
            target = value  # nginx's $request, the whole request line: "GET /x HTTP/1.1"
    return f"{method} {target} {status}".strip() if method or target else ""


# Whole seconds under one key, their nanoseconds under another (log4j2, GCP).
_NANOS_OF: Final = {
    "instant.epochSecond": "instant.nanoOfSecond",
    "timestampSeconds": "timestampNanos",
    "timestamp.seconds": "timestamp.nanos",
}


def _klog_error(fields: dict[str, Any]) -> bool:
    """Kubernetes' JSON logs (klog's ``--logging-format=json``) write no level: an info
    record has its verbosity ``v``, an ErrorS record none but the error under ``err``."""
    err = fields.get("err")
    if err is None or err == "" or err == 0 or err == "0":  # a result code of none: success
        return False
    return "v" not in fields and "msg" in fields


# --- OpenTelemetry log records (OTLP JSON, the collector's file exporter) -----------------


def any_value(v: Any) -> Any:
    """An OTLP AnyValue (``{"stringValue": "x"}``, ``{"intValue": "200"}``, ...) as Python."""
    if not isinstance(v, dict):
        return v
    if "stringValue" in v:
        return v["stringValue"]
    if "intValue" in v:
        try:
            return int(v["intValue"])
        except (TypeError, ValueError):
            return v["intValue"]
    if "doubleValue" in v:
        return v["doubleValue"]
    if "boolValue" in v:
        return v["boolValue"]
    if "arrayValue" in v:
        a = v["arrayValue"]
        values = a.get("values") if isinstance(a, dict) else None
        return [any_value(x) for x in values] if isinstance(values, list) else []
    if "kvlistValue" in v:
        kv = v["kvlistValue"]
        return attributes(kv.get("values") if isinstance(kv, dict) else None)
    if "bytesValue" in v:
        return v["bytesValue"]
    return v


def attributes(items: Any) -> dict[str, Any]:
    """OTLP attributes (a list of ``{"key", "value"}``) as a dict; a dict as it is."""
    if isinstance(items, dict):
        return items
    out: dict[str, Any] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                out[item["key"]] = any_value(item.get("value"))
    return out


def otlp_record(
    rec: dict[str, Any], resource: dict[str, Any] | None, scope: str | None
) -> dict[str, Any]:
    """One OTLP logRecord as a flat record: its attributes beside its own fields, the
    resource's as ``resource.<key>``, the body as text."""
    out: dict[str, Any] = {}
    for key, value in rec.items():
        if key == "attributes":
            for k, v in attributes(value).items():
                out.setdefault(k, v)
        elif key == "body":
            body = any_value(value)
            out["body"] = body if isinstance(body, str) else orjson.dumps(body).decode()
        elif key == "timeUnixNano" and (value == "0" or value == 0):
            continue  # unset: the observed time stands in
        elif key == "resource" and isinstance(value, dict):
            for k, v in attributes(value.get("attributes", value)).items():
                out["resource." + k] = v
        else:
            out[key] = value
    if resource:
        for k, v in resource.items():
            out["resource." + k] = v
    if scope:
        out["scope"] = scope
    return out


def otlp_events(
    obj: dict[str, Any], line: str, fallback_ts: float, source: str, out: list[ev.Event]
) -> float:
    """An OTLP export (``{"resourceLogs": [...]}``): one LogLine per log record, the first
    carrying the line (several records in one line are still one line read)."""
    ts = fallback_ts
    n = 0
    for rl in _dicts(obj.get("resourceLogs", [obj])):
        res = rl.get("resource")
        resource = attributes(res.get("attributes")) if isinstance(res, dict) else {}
        for sl in _dicts(rl.get("scopeLogs", rl.get("instrumentationLibraryLogs", [rl]))):
            sc = sl.get("scope", sl.get("instrumentationLibrary"))
            scope_name = sc.get("name") if isinstance(sc, dict) else None
            for rec in _dicts(sl.get("logRecords", [])):
                flat = otlp_record(
                    rec, resource, scope_name if isinstance(scope_name, str) else None
                )
                ts = record_events(flat, line, ts, source, out, "json")
                n += 1
    if not n:  # an export with no records: still a line
        out.append(log_line(ts, source, "INFO", line, (), "json", (), None))
    return ts


# The one key of an object that carries a batch of records: CloudTrail's and S3 event
# notifications' "Records", Azure's diagnostic logs' "records", a JSON array read as one.
_BATCH_KEYS: Final = frozenset({"Records", "records", "logs", "events", "entries"})
# A list response beside its own metadata: Kubernetes' (``"kind": "EventList"``/``"List"``,
# its records under "items", as ``kubectl get events -o json`` writes) and Azure's REST
# list (``{"value": [...], "nextLink": ...}``).
_AZURE_LIST_KEYS: Final = frozenset({"value", "nextLink", "@odata.context", "@odata.nextLink"})


def records_of(obj: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The records of a batch (its one key holds a list of objects only, or a list
    response's), else None."""
    if len(obj) == 1:
        key = next(iter(obj))
        value = obj[key]
        if key not in _BATCH_KEYS:
            return None
    else:
        kind = obj.get("kind")
        if isinstance(kind, str) and kind.endswith("List") and "apiVersion" in obj:
            value = obj.get("items")
        elif "value" in obj and obj.keys() <= _AZURE_LIST_KEYS:
            value = obj["value"]
        elif "logEvents" in obj and "logGroup" in obj:
            # CloudWatch Logs' subscription payload (to Lambda, Kinesis, Firehose): its
            # events, each {"id", "timestamp" (epoch ms), "message"}
            return _cloudwatch_events(obj["logEvents"])
        else:
            return None
    if not isinstance(value, list) or not value:
        return None
    return value if all(isinstance(v, dict) for v in value) else None


def _cloudwatch_events(events: Any) -> list[dict[str, Any]] | None:
    """CloudWatch Logs' events, each as cloudwatch_event reads it."""
    if not isinstance(events, list) or not events:
        return None
    if not all(isinstance(event, dict) for event in events):
        return None
    return [cloudwatch_event(event) for event in events]


# The keys of a CloudWatch Logs event beside its timestamp and message (the subscription
# payload's "id"; filter-log-events' and get-log-events' stream, ingestion time, event id).
_CLOUDWATCH_KEYS: Final = frozenset({"id", "eventId", "logStreamName", "ingestionTime"})


# Every key a CloudWatch Logs event may have (with the level cloudwatch_event gives it).
_CLOUDWATCH_EVENT: Final = _CLOUDWATCH_KEYS | {"timestamp", "message", "level"}


def _cloudwatch_shaped(obj: dict[str, Any]) -> bool:
    """A time, a message and one key of CloudWatch's own at least."""
    return (
        "timestamp" in obj
        and type(obj.get("message")) is str
        and not _CLOUDWATCH_KEYS.isdisjoint(obj)
    )


def is_cloudwatch_event(obj: dict[str, Any]) -> bool:
    """Is ``obj`` a CloudWatch Logs event, its message a program's own line?"""
    return _cloudwatch_shaped(obj) and _CLOUDWATCH_EVENT.issuperset(obj)


def cloudwatch_event(event: dict[str, Any]) -> dict[str, Any]:
    """A CloudWatch Logs event (``timestamp`` in epoch ms, ``message``) with the level of a
    Lambda runtime's line in its message ("2020-03-05T16:30:36.113Z <request id> ERROR
    <message>", tab-separated); any other record as it is."""
    if (
        _cloudwatch_shaped(event)
        and "level" not in event
        and event["message"].count("\t", 0, 80) >= 2
    ):
        word = event["message"].split("\t", 3)[2]
        if word.lower() in levels.WORDS:
            return {**event, "level": word}
    return event


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _changes(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, Any] = {}
    for k, v in value.items():
        out[str(k)] = dict(v) if isinstance(v, Mapping) else {"after": v}
    return out


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _change(kind: str, ts: float, f: dict[str, Any], source: str) -> ev.Event:
    if kind == "deployment":
        return ev.Deployment(
            ts=ts,
            source=source,
            service=_opt(f.get("service")),
            version=_opt(f.get("version")),
            environment=_opt(f.get("environment") or f.get("env")),
            changes=_changes(f.get("changes")),
        )
    return ev.ConfigChange(
        ts=ts,
        source=source,
        service=_opt(f.get("service")),
        changes=_changes(f.get("changes")),
        resource=_opt(f.get("resource")),
    )


# pino-pretty's (and pino-http's through it) fields under an entry's line: ``    key: value``
# at one indentation, an object's JSON (two spaces a level) on the lines after its key
# down to the brace that closes it at the key's indentation.
_INDENTED_KEY: Final = re.compile(r"( {2,8})([A-Za-z_$@][\w$@.\-]*): ?(.*)")


def indented_record(detail: list[str] | tuple[str, ...]) -> dict[str, Any] | None:
    """The fields pino-pretty writes under an entry, as a record; None when the lines are
    something else (a traceback, prose). An object whose text is no JSON (an error's stack
    printed raw) is left out."""
    record: dict[str, Any] = {}
    margin = ""
    i, n = 0, len(detail)
    while i < n:
        line = detail[i]
        i += 1
        if not line.strip():
            continue
        m = _INDENTED_KEY.fullmatch(line)
        if m is None or (margin and m.group(1) != margin):
            return None
        margin, key, value = m.group(1), m.group(2), m.group(3).strip()
        if value in ("{", "["):
            close = margin + ("}" if value == "{" else "]")
            body = [value]
            while i < n and detail[i].rstrip() != close:
                body.append(detail[i])
                i += 1
            if i == n:
                return None  # never closed: not this layout
            body.append(close)
            i += 1
            try:
                record[key] = orjson.loads("\n".join(body))
            except orjson.JSONDecodeError:
                continue
        else:
            try:
                record[key] = orjson.loads(value)
            except orjson.JSONDecodeError:
                record[key] = value
    return record or None


# A message that says the object after it is a configuration (Traefik's ``Static
# configuration loaded {...}``, ``provider configuration: {...}``): its numbers are settings
# (``certificatesDuration``: hours a certificate lasts), no measurement of the line.
# The word is among the last three before the object: ``Request to /config completed {...}``
# (a path) or ``options changed, request done {...}`` (a word further off) print a request's.
_CONFIG_WORDS: Final = frozenset(("config", "configuration", "settings", "options"))


def configuration_dump(message: str) -> bool:
    """Whether a message's closing object is a configuration it prints (rule above)."""
    brace = message.find(" {")
    if brace < 0:
        return False
    return any(w.rstrip(":,").lower() in _CONFIG_WORDS for w in message[:brace].split()[-3:])


def trailing_object(message: str) -> dict[str, Any] | None:
    """A JSON object closing a text line's message, as pino-pretty's singleLine, winston's
    simple format and many hand-rolled loggers append the record's other fields:
    ``request completed {"res":{"statusCode":200},"responseTime":10}``."""
    if message[-1:] != "}":
        return None
    at = message.find(" {")
    for _ in range(3):  # braces in the message's own words first ("tpl {name} ...")
        if at < 0:
            return None
        try:
            obj = orjson.loads(message[at + 1 :])
        except orjson.JSONDecodeError:
            at = message.find(" {", at + 2)
            continue
        return obj if isinstance(obj, dict) and obj else None
    return None
