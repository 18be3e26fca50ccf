"""Log levels, each scheme read on its own scale, to one set of names.

The names: TRACE, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, FATAL (the last three count
as errors, ``events.ERROR_LEVELS``). A number means different things to different loggers:
30 is info to bunyan and pino but warning to Python, 3 is an error to syslog and debug to
OpenTelemetry, so each reader says which scale its number is on.
"""

from __future__ import annotations

from typing import Final

# Words, lower-case, of every scheme (syslog's short forms, Java's SEVERE/FINE, Serilog's
# Verbose/Information, PostgreSQL's LOG/DETAIL, zap's dpanic, GCP's DEFAULT, glog letters).
WORDS: Final[dict[str, str]] = {
    "trace": "TRACE",
    "trc": "TRACE",
    "finest": "TRACE",
    "finer": "TRACE",
    "verbose": "TRACE",
    "debug": "DEBUG",
    "ddebug": "DEBUG",  # dnf's own level below DEBUG (dnf/logging.py), a debug's detail
    "dbg": "DEBUG",
    "fine": "DEBUG",
    "config": "DEBUG",
    "debug1": "DEBUG",
    "debug2": "DEBUG",
    "debug3": "DEBUG",
    "debug4": "DEBUG",
    "debug5": "DEBUG",
    "debg": "DEBUG",  # supervisord's four letters: CRIT ERRO WARN INFO DEBG
    "d1": "DEBUG",  # MongoDB 4.4+'s "s": D1-D5, debug's verbosity levels
    "d2": "DEBUG",
    "d3": "DEBUG",
    "d4": "DEBUG",
    "d5": "DEBUG",
    "info": "INFO",
    "inf": "INFO",
    "information": "INFO",
    "informational": "INFO",
    "default": "INFO",
    "log": "INFO",
    "statement": "INFO",
    "detail": "INFO",
    "hint": "INFO",
    "context": "INFO",
    "location": "INFO",
    "success": "INFO",  # loguru's SUCCESS (25, between INFO's 20 and WARNING's 30)
    "stat": "INFO",  # go-zero's logx: its statistics lines ("stat"), slow calls ("slow")
    "notice": "NOTICE",
    "warn": "WARNING",
    "warning": "WARNING",
    "wrn": "WARNING",
    "slow": "WARNING",
    "err": "ERROR",
    "error": "ERROR",
    "eror": "ERROR",
    "erro": "ERROR",
    # logrus' terminal and GoFrame's glog, four letters: DEBU INFO NOTI WARN ERRO CRIT
    # PANI FATA
    "debu": "DEBUG",
    "noti": "NOTICE",
    "pani": "FATAL",
    "fata": "FATAL",
    # some Go loggers' long prefixes: [EMER] [ALRT] [CRIT] [EROR] [WARN] [NOTC] [INFO] [DEBG]
    "emer": "FATAL",
    "alrt": "CRITICAL",
    "notc": "NOTICE",
    "severe": "ERROR",
    "failure": "ERROR",
    "crit": "CRITICAL",
    "critical": "CRITICAL",
    "alert": "CRITICAL",
    "dpanic": "CRITICAL",
    "emerg": "FATAL",
    "emergency": "FATAL",
    "fatal": "FATAL",
    "panic": "FATAL",
    "ftl": "FATAL",
}

# The names every scheme's words are read as (a logger's severities, no other word).
NAMES: Final = frozenset(WORDS.values())

# The levels below any verdict: an access record written at one of them, whatever its
# answer, takes its severity from its status (a 5xx an error).
QUIET: Final = frozenset({"INFO", "DEBUG", "TRACE", "NOTICE"})

# glog/klog's first letter.
LETTERS: Final[dict[str, str]] = {
    "I": "INFO",
    "W": "WARNING",
    "E": "ERROR",
    "F": "FATAL",
    "D": "DEBUG",
    "T": "TRACE",
    "V": "TRACE",
}
# logcat's priority letters: glog's, and "A" (ASSERT, Log.wtf), above ERROR.
LOGCAT: Final[dict[str, str]] = {**LETTERS, "A": "FATAL"}
# Syslog severities 0..7 (RFC 5424 6.2.1), also journald's PRIORITY.
SYSLOG: Final[tuple[str, ...]] = (
    "FATAL",  # emerg
    "CRITICAL",  # alert
    "CRITICAL",  # crit
    "ERROR",  # err
    "WARNING",
    "NOTICE",
    "INFO",
    "DEBUG",
)
SYSLOG_NAMES: Final[tuple[str, ...]] = (
    "emerg",
    "alert",
    "crit",
    "err",
    "warning",
    "notice",
    "info",
    "debug",
)

# The schemes a number can be on.
PINO: Final = 0  # bunyan and pino: 10 trace .. 60 fatal
PYTHON: Final = 1  # logging: 10 debug .. 50 critical
OTEL: Final = 2  # severityNumber 1..24, four per level
SYSLOG_SCALE: Final = 3  # 0 emerg .. 7 debug
LOGBACK: Final = 4  # logstash-logback-encoder's level_value: 5000 trace .. 40000 error


def word(text: str) -> str:
    """A level word of any scheme (``warn``, ``Information``, ``E``, ``local.ERROR``)."""
    known = WORDS.get(text.lower())
    if known is not None:
        return known
    if len(text) == 1:
        letter = LETTERS.get(text.upper())
        if letter is not None:
            return letter
    dot = text.rfind(".")
    if 0 < dot < len(text) - 1:  # Monolog's channel.LEVEL
        known = WORDS.get(text[dot + 1 :].lower())
        if known is not None:
            return known
    if text.isdigit() and text.isascii() and len(text) < 3:
        return number(int(text), SYSLOG_SCALE)  # journald's PRIORITY is a string
    offset = _slog_offset(text)
    if offset is not None:
        return offset
    up = text.upper()
    return "WARNING" if up == "WARN" else up


# Go slog's levels are integers four apart (DEBUG -4, INFO 0, WARN 4, ERROR 8); one between
# or beyond them is written as the nearest below and its distance: "WARN+2", "ERROR+4".
_SLOG: Final = (("ERROR", 8), ("WARN", 4), ("INFO", 0), ("DEBUG", -4))


def _slog_offset(text: str) -> str | None:
    sign = max(text.rfind("+"), text.rfind("-"))
    if sign < 4 or not text[sign + 1 :].isdigit() or len(text) - sign > 4:
        return None
    base = dict(_SLOG).get(text[:sign].upper())
    if base is None:
        return None
    n = base + int(text[sign:])
    for name, at in _SLOG:
        if n >= at:
            return word(name)
    return "DEBUG"


def number(n: int, scale: int) -> str:
    """A numeric level on its scheme's scale."""
    if scale == PINO:
        # a custom level between two of the scale's is the lower one's severity (pino's
        # customLevels: a "notice" at 45 is above warn, no error: errors are >= 50)
        if n < 20:
            return "TRACE"
        if n < 30:
            return "DEBUG"
        if n < 40:
            return "INFO"
        if n < 50:
            return "WARNING"
        return "ERROR" if n < 60 else "FATAL"
    if scale == PYTHON:
        if n >= 50:
            return "CRITICAL"
        if n >= 40:
            return "ERROR"
        if n >= 30:
            return "WARNING"
        return "INFO" if n >= 20 else "DEBUG"
    if scale == OTEL:
        if n <= 0:
            return "INFO"  # SEVERITY_NUMBER_UNSPECIFIED
        if n <= 4:
            return "TRACE"
        if n <= 8:
            return "DEBUG"
        if n <= 12:
            return "INFO"
        if n <= 16:
            return "WARNING"
        return "ERROR" if n <= 20 else "FATAL"
    if scale == SYSLOG_SCALE:
        return SYSLOG[n] if 0 <= n <= 7 else "INFO"
    # LOGBACK
    if n >= 40000:
        return "ERROR"
    if n >= 30000:
        return "WARNING"
    if n >= 20000:
        return "INFO"
    return "DEBUG" if n >= 10000 else "TRACE"


def from_status(status: int) -> str:
    """An access record's level: its HTTP status (5xx an error, 4xx a warning). HTTP's
    codes end at 599 (RFC 9110, 15): a 6xx a server wrote is no class of error."""
    if status >= 600:
        return "INFO"
    if status >= 500:
        return "ERROR"
    return "WARNING" if status >= 400 else "INFO"
