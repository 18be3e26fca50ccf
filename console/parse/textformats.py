"""Text log formats: what a line is, when it is not the agent's and not JSON.

Each reader looks at fixed positions first and gives up at the first character that doesn't
fit, so a line pays for the readers that could be its format and little for the others:

* syslog: RFC 3164 (``<34>Nov  3 09:23:38 host prog[12]: msg``, the PRI optional), RFC 5424
  (``<165>1 2024-05-16T09:23:38.003Z host app 12 ID47 [sd] msg``), and rsyslog's RFC 3339
  layout (``2024-05-16T09:23:38.003+02:00 host prog[12]: msg``);
* access logs: Common and Combined Log Format (nginx, Apache), with any ``key=value`` or
  number nginx/Apache configurations append (``rt=0.120``, Apache's ``%D`` microseconds);
* klog/glog: ``E0517 09:23:38.123456   12345 file.go:42] msg``;
* a timestamp and a level in any of the usual layouts: Python's logging
  (``2024-05-16 09:23:38,123 - app - ERROR - msg``), Java's log4j/logback and Spring Boot
  (``2024-05-16 09:23:38,123 ERROR [main] c.e.Foo - msg``), Go's log, nginx's error log
  (``2024/05/16 09:23:38 [error] 123#0: *1 msg``), Tomcat's ``16-May-2024 09:23:38.123 SEVERE``;
* PostgreSQL: ``2024-05-16 09:23:38.123 UTC [123] LOG:  msg``;
* Python's basicConfig without a time (``ERROR:root:msg``), Ruby's Logger
  (``E, [2024-05-16T09:23:38.123456 #12] ERROR -- : msg``), Apache's error log
  (``[Thu May 16 09:23:38.123456 2024] [core:error] [pid 12] msg``);
* logfmt (``time=... level=... msg=...``, Heroku's router lines): read as a record, as JSON is.

Monolog/Laravel (``[2024-05-16 09:23:38] local.ERROR: msg``) starts like an agent entry and is
told apart by the parser (``monolog``). A year-less date takes its year from ``ref`` (the last
time the log gave, else the file's modification time).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from http import HTTPStatus
from itertools import pairwise
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from console.parse import (
    anytime,
    artifactory,
    cishapes,
    cmtrace,
    condorlog,
    devconsoles,
    julxml,
    levels,
    log4jxml,
    netdevices,
    rubylog,
    testtimes,
    toolheads,
)
from console.parse.jsonlines import read_record
from console.parse.measures import (
    CONNECTION_MS,
    DELAYED_JOB_WORKER,
    DURATION,
    HTTP_STATUS,
    LAMBDA_REPORT,
    MS,
    NS,
    REQUEST_DURATIONS,
    RESPONSE_BYTES,
    ROLES,
    RUN_MS,
    SERVED_OK_MS,
    TASK_MS,
    UNANSWERED_MS,
    US,
    S,
    duration_ms,
    duration_text,
    lambda_duration,
    quotes_a_line,
    statement_duration,
    status_code,
    unanswered,
)
from console.parse.timestamps import (
    DAY,
    LOCALE_MONTHS,
    MONTHS,
    ZONES,
    following,
    fraction_end,
    loose_cached,
    midnight,
    month_day_time,
    month_number,
    parse_clf,
    parse_iso,
    parse_time_value,
    years_on,
)


class Text:
    """What a reader found: ``ts`` < 0 when the line gives no time. ``multiline``: lines
    that fit no format after it are its continuation (a Java or Python traceback)."""

    __slots__ = (
        "fields",
        "fmt",
        "header_clock",
        "level",
        "message",
        "multiline",
        "record",
        "samples",
        "stamped",
        "summary",
        "tod",
        "ts",
        "utc_epoch",
        "whole_time",
        "year_guessed",
    )

    def __init__(
        self,
        ts: float,
        level: str,
        message: str,
        fmt: str,
        fields: dict[str, Any] | None = None,
        samples: tuple[tuple[str, float, str], ...] = (),
        multiline: bool = False,
    ) -> None:
        self.ts = ts
        self.level = level
        self.message = message
        self.fmt = fmt
        self.fields = fields
        self.samples = samples
        self.multiline = multiline
        # A logfmt line's pairs: a record for jsonlines.record_events, not a text line.
        self.record: dict[str, Any] | None = None
        # A time of day without a date (``ts`` < 0): the parser places it (``on_day``).
        self.tod = -1.0
        # An access line's lone whole-number time (%D or %T, unit unsaid): the parser may
        # read it again by what the stream's other such times show (``reread_whole_time``).
        self.whole_time = -1
        # A date whose log left out the year (syslog's), the year placed by ``ref`` alone.
        self.year_guessed = False
        # The time is a run's dated summary's (``anytime.summary_time``): the parser takes it
        # only in output whose lines carry no time of their own.
        self.summary = False
        # A record behind a year-less header on the header's clock (``_local_record_time``):
        # the header's time stands, the record's own time keys do not replace it.
        self.header_clock = False
        # A record behind a UTC stamp (_on_stamp): its own time keys taken only within
        # STAMP_WINDOW of the stamp's time.
        self.stamped = False
        # An epoch time (UTC) among lines on the host's local clock (Redis' signal handler):
        # the parser moves it by the zone's offset its neighbours show (``on_local_clock``).
        self.utc_epoch = False


def on_local_clock(ts: float, last: float) -> float:
    """An epoch ``ts`` on the clock of the line before it (``last``, local time read as
    UTC) when the two are a zone's whole quarter-hours apart, to a minute; else ``ts``."""
    offset = round((last - ts) / 900.0) * 900.0
    if offset and abs(offset) <= 14 * 3600 and abs(last - ts - offset) <= 60:
        return ts + offset
    return ts


# Level words as they stand in text layouts. Words like "log" or "detail", levels in
# PostgreSQL's scheme, are ordinary words in a message: only these count as a level token.
TOKEN_LEVELS: Final = frozenset(
    {
        "trace",
        "debug",
        "ddebug",
        "info",
        "information",
        "notice",
        "warn",
        "warning",
        "error",
        "err",
        "crit",
        "critical",
        "fatal",
        "severe",
        "alert",
        "emerg",
        "panic",
        "dpanic",
        "fine",
        "finer",
        "finest",
        "verbose",
        "wrn",  # Serilog's three letters
        "inf",
        "dbg",
        "ftl",
        "erro",  # supervisord's four letters (CRIT ERRO WARN INFO DEBG; not its TRAC and
        "debg",  # BLAT, which as words of a message would name other things)
    }
)
# logrus' terminal and GoFrame's glog write four letters (DEBU INFO NOTI WARN ERRO CRIT PANI
# FATA), some Go loggers' long prefixes others (EMER ALRT CRIT EROR WARN NOTC INFO DEBG, a
# game server's in set 541; stock beego writes [M] [A] ... [D]): the ones that are
# words of other things in lower case ("pani puri") count only in capitals, in brackets
# ("[DEBU]", "[EMER]").
CAPS_LEVELS: Final = frozenset({"DEBU", "NOTI", "PANI", "FATA", "EMER", "ALRT", "NOTC", "EROR"})
_PG_LEVELS: Final = frozenset(
    {
        "LOG",
        "ERROR",
        "FATAL",
        "PANIC",
        "WARNING",
        "NOTICE",
        "INFO",
        "DEBUG",
        "DEBUG1",
        "DEBUG2",
        "DEBUG3",
        "DEBUG4",
        "DEBUG5",
        "DETAIL",
        "HINT",
        "STATEMENT",
        "CONTEXT",
        "LOCATION",
        "QUERY",
    }
)
_PY_LEVELS: Final = frozenset({"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
_GO_PREFIX_LEVELS: Final = {
    "WARN": "WARNING",
    "FATA": "FATAL",
    "ERRO": "ERROR",
    "DEBU": "DEBUG",
    "TRAC": "TRACE",
    "PANI": "PANIC",
    "FATAL": "FATAL",
}
# "alert" and "information" are common words in prose ("alert sent"); bracketed they are a
# tag (HAProxy's "[ALERT] 049/041157 (4436) : msg", nginx's "[alert]", ClickHouse's
# "<Information>").
_LEVEL_WORD: Final = re.compile(
    r"\b(ERROR|ERR|EROR|WARNING|WARN|WRN|INFO|INF|DEBUG|DBG|CRITICAL|CRIT|FATAL|FTL|TRACE|NOTICE"
    r"|SEVERE|PANIC|EMERG)\b|[\[<](ALERT|INFORMATION)[\]>]",
    re.I,
)
# One regex for the whole access line: its quoted fields may hold anything. A custom
# layout may leave out the ident and user (nginx's "$remote_addr [$time_local] ..."), or
# put two spaces between them (a log_format written "$remote_user  $http_x_real_ip").
# A quoted field is matched unrolled, runs of plain characters between escapes
# ('"[^"\\]*(?:\\.[^"\\]*)*"'), here and below: the same strings as an alternation per
# character ('(?:[^"\\]|\\.)*'), which costs a step of the regex engine per character
# (a combined line's agent and request: 5 us a line of the 7 its reading took).
_CLF: Final = re.compile(
    r'(\S+) +(?:(\S+) +)?(?:(\S+) +)?\[([^\]]{20,40})\] "([^"\\]*(?:\\.[^"\\]*)*)" '
    r"(\d{3}|0|-|HTTPStatus\.\w+) (\d+|-)"
    r'(?: "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)")?(.*)'
)
_ANSI: Final = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# (l2met's measure#name; a plural's parentheses before the "=", dockerd's "graphdriver(s)=")
_LOGFMT_KEY: Final = re.compile(r"[A-Za-z_@][A-Za-z0-9_.\-/@#]*(?:\(\w{1,3}\)(?==))?")


PY_TRACEBACK: Final = "Traceback (most recent call last):"
_TRACE_STARTS: Final = (
    "Traceback (",
    "Caused by",
    "Caused: ",  # Jenkins' traces (Functions.printThrowable: the cause, then each wrapper)
    "Stack trace",
    "[stacktrace]",
    "[previous exception] ",  # Monolog's LineFormatter: the cause's, after a blank line
    "During handling of the above",
    "The above exception",
    "Suppressed:",
    "... ",
    "goroutine ",
    "panic: ",
    "[signal ",  # Go's runtime, after a panic: "[signal SIGSEGV: segmentation violation ...]"
    '"}',
    'File "',  # a Python traceback's frame, written unindented (vdsm)
    # Reactor's assembly traceback inside a Java trace (Spring WebFlux): its checkpoints,
    # then the trace it interrupted
    "Error has been observed at the following site(s):",
    "Original Stack Trace:",
    # SQLAlchemy's StatementError, after its exception's line: the statement, its
    # parameters, then the link to its error's page
    "[SQL: ",
    "[parameters: ",
    "(Background on this error at: ",
)
# SqlClient's SqlException.ToString(), after its frames: "ClientConnectionId:<guid>" (with
# Azure's routing "ClientConnectionId before routing:<guid>", "Routing Destination:..."), then
# "Error Number:2,State:0,Class:20": its shapes exactly (an ASP page's "Error Number: 53" none)
_SQLCLIENT_TRAILER: Final = re.compile(
    r"ClientConnectionId(?: before routing)?:[0-9a-fA-F-]{36}$|Routing Destination:\S+$"
    r"|Error Number:\d+,State:\d+,Class:\d+$"
)
# A Go stack frame as the runtime prints it: the function (no space), then its arguments,
# words in hex or decimal, "...", "{...}" (Go 1.17 on), "?" for an unsure one.
_GO_FRAME: Final = re.compile(
    r"[\w./*()-]+\((?:(?:0x[0-9a-f]+|\d+|\.\.\.|\{[^}]*\})\??(?:, |(?=\))))*\)$"
)
_GO_CREATED: Final = re.compile(r"created by [\w./*()-]+\.[\w*()-]+(?: in goroutine \d+)?$")
_EXCEPTION_ENDS: Final = ("Error", "Exception", "Exit", "Interrupt", "Warning", "Throwable")


# A file's extension: "main.go", "main.tf", "runtime.txt" name a file, no Go function (a
# function named "go" cannot be: a keyword).
_FILE_EXTENSIONS: Final = frozenset(
    {"go", "mod", "sum", "py", "js", "ts", "rs", "rb", "c", "h", "cc", "cpp", "java", "kt",
     "tf", "sh", "txt", "md", "log", "yml", "yaml", "json", "toml", "ini", "cfg", "conf",
     "xml", "html", "css", "o", "so", "a", "exe", "bin", "zip", "gz", "tar", "jar"}
)  # fmt: skip


def _go_own_frame(line: str) -> bool:
    """Is ``line`` (opening "runtime." or "main.") a frame of Go's own packages as
    pkg/errors prints one, the function's name alone ("runtime.goexit", "main.main",
    "main.init.0"), not a file's name ("main.go")?"""
    return (
        line[-1:].isalnum()
        and " " not in line
        and "\t" not in line
        and line.rpartition(".")[2] not in _FILE_EXTENSIONS
    )


# Kubernetes' utiltrace before 1.12, its steps under the "Trace "List /api/v1/nodes" (started
# ...):" line: "[756.482095ms] [756.468611ms] Listing from storage done" (since the start,
# since the step before), closed by '"List /api/v1/nodes" [1.416315181s] [997ns] END'.
_TRACE_STEP: Final = re.compile(r'(?:"[^"]{1,200}" )?\[\d+(?:\.\d+)?(?:ns|µs|us|ms|s|m)\] \[')


def trace_step(line: str) -> bool:
    """Is the line a step of a Kubernetes request trace (rule above)?"""
    return (line[:1] == "[" or line[:1] == '"') and _TRACE_STEP.match(line) is not None


def continues(line: str) -> bool:
    """Does a line that fits no format read as the rest of a traceback (Java's exception
    line and ``Caused by:``, Python's ``Traceback``, PHP's ``#0 ...``, Go's ``goroutine``)?
    Only those join the entry before them; any other line stands on its own."""
    if not line:
        return False  # (vLLM's head with no message after it)
    if line.startswith(_TRACE_STARTS):
        return True
    if (line[0] == "C" or line[0] == "E" or line[0] == "R") and _SQLCLIENT_TRAILER.match(line):
        return True
    if line[0] == "#" and line[1:2].isdigit():
        return True
    if line.startswith("Error #") and line[7:9].isdigit() and line[9:11] == ": ":
        return True  # Gin's errors of the request logged on the line before ("Error #01: ...")
    if " " not in line and "\t" not in line and "." in line and ("/" in line or "(" in line):
        return True  # a Go or Java frame: one token, a package path (not a row of columns)
    if line.startswith(("runtime.", "main.")) and _go_own_frame(line):
        return True  # Go's frames of its own packages, no path: "runtime.goexit", "main.main"
    if line[-1] == ")" and _GO_FRAME.match(line) is not None:
        return (
            True  # a Go frame with its arguments: "pkg.(*T).F(0xc000a0, 0x1)", "panic(0x2c, 0x52)"
        )
    if line.startswith("created by ") and _GO_CREATED.match(line) is not None:
        return True  # the goroutine's creator, closing its frames
    end = line.find(":")
    head = line[:end] if end > 0 else line
    if head[-1:] == ")" and head[-13:-11] == " (" and head[-11:-9] == "0x":
        # .NET's exception with its HRESULT ("System.Web.HttpException (0x80004005): msg",
        # Exception.ToString() for a COM, Win32 or HTTP exception)
        head = head[:-13]
    if not head or " " in head or len(head) > 200:
        return False
    return head.endswith(_EXCEPTION_ENDS)


_GO_TRACE_STARTS: Final = ("goroutine ", "panic: ", "[signal ")


def go_trace_line(line: str) -> bool:
    """Does a line at the margin (of no format) read as a Go stack's or panic's, continues()'
    Go rules only? After a logfmt or log15 line, a Go program's, only those are its entry's:
    not a PHP frame's ``#0 ...`` (BuildKit's progress after compose's logrus warning is
    ``#1 [internal] load ...``), a file's absolute path or a URL (one token, a dot and a
    slash, as a package path is: no function's name opens with "/" or holds "://")."""
    if line.startswith(_GO_TRACE_STARTS):
        return True
    if " " not in line and "\t" not in line and "." in line:
        if "(" in line:
            return True  # "main.(*Client).run", "pkg.F(0xc000a0, 0x1)"
        if "/" in line:
            return line[0] != "/" and "://" not in line  # "example.com/op/pkg.Func"
        return line.startswith(("runtime.", "main.")) and _go_own_frame(line)
    if line[-1] == ")" and _GO_FRAME.match(line) is not None:
        return True
    return line.startswith("created by ") and _GO_CREATED.match(line) is not None


# An Oracle error stated: ``ORA-01157: cannot identify/lock data file 4``, and the alert
# log's ``ORA-1157 signalled during: ALTER DATABASE OPEN...`` (an error raised by a statement).
_ORACLE_ERROR: Final = re.compile(r"ORA-\d{1,5}(?::| signalled during:)")
# uWSGI's uwsgi_error(): the failed call, strerror's words and the C source's place ("bind():
# Address already in use [core/socket.c line 769]"), its log's only mark of an error
_UWSGI_ERROR: Final = re.compile(r"\S[^\[]{0,160}: [^\[]+ \[[\w/.-]+\.c line \d+\]")


# Next.js' console marks (its build/output log: error, warn, event, ready, info).
NEXT_MARKS: Final = {"⨯": "ERROR", "⚠": "WARNING", "✓": "INFO", "○": "INFO", "▲": "INFO"}
# Meteor's run output (tools/runners: run-app.js, its "=> " status lines): the app failed to
# build or start, or crashed; its other "=> " lines ("=> Started proxy.") say none.
_METEOR_FAILED: Final = (
    "=> Errors prevented startup",
    "=> Your application is crashing",
    "=> Exited from signal",
    *(f"=> Exited with code: {n}" for n in range(1, 10)),
)
# apt's (and apt-get's) message prefixes: E: an error, W: a warning, N: a notice.
_APT_LETTERS: Final = {"E": "ERROR", "W": "WARNING", "N": "NOTICE"}
# Gitea's logger: the caller's file, line and function, then the level's letter bracketed;
# before 1.2 the caller in brackets of its own ("[...routers/repo/http.go:137 HTTP()] [E] ")
_GITEA_LEVEL: Final = re.compile(r"\.go:\d+[: ][\w.()*]*\(\)\]? \[([TDIWEFC])\] ")
# glog's letters and C for CRITICAL (Gitea's, tornado's and Jupyter's, spdlog's as Ray writes it)
_LETTERS_C: Final = {**levels.LETTERS, "C": "CRITICAL"}
# Xorg's markers that say a severity (the others say where a setting came from)
_XORG_LEVELS: Final = frozenset({"EE", "WW", "II", "!!", "DB"})
# Telegraf's logger (before 1.28's words): a letter and "!" before the message
_TELEGRAF_LETTERS: Final = {"E": "ERROR", "W": "WARNING", "I": "INFO", "D": "DEBUG"}


_RELAYED_PRI: Final = re.compile(r"[\w.:-]{1,64} <(\d{1,3})>(?:1 \d|[A-Z][a-z]{2} [ \d]\d )")


def _aer_level(text: str) -> str:
    """The kernel's PCIe AER report (drivers/pci/pcie/aer.c) prints a corrected error at
    KERN_WARNING ("AER: Corrected error received", "PCIe Bus Error: severity=Corrected",
    then "device [8086:f1a6] error status/mask=..."), an uncorrected one at KERN_ERR; ""
    for a line of no such report. Since Linux 6.16 its words are the specification's:
    "severity=Correctable", "Uncorrectable (Fatal)", "Correctable error message received
    from ..."; several errors at once, "Multiple Corrected error received". (The status
    line of an uncorrected report is at its head's level: the parser carries it.)"""
    if "PCIe Bus Error: severity=" in text:
        return "WARNING" if "severity=Correct" in text else "ERROR"
    if "] error status/mask=" in text:
        return "WARNING"
    if "AER: " in text:
        if "Corrected error received" in text or "Correctable error message rec" in text:
            return "WARNING"
        if "AER: Uncorrect" in text or "AER: Multiple Uncorrect" in text:
            return "ERROR"
    return ""


# A line of the AER report after its "PCIe Bus Error: severity=..." head: its status/mask,
# its errors' bits ("   [ 0] RxErr  (First)", "   [ 0] Receiver Error  (First)"), the TLP's
# header, printed at the head's level (aer_print_error, __aer_print_error).
_AER_REST: Final = re.compile(
    r": {2,}(?:device \[[0-9a-f]{4}:[0-9a-f]{4}\] error status/mask=|\[[ \d]\d\] |TLP Header: )"
)


def aer_report_rest(message: str) -> bool:
    """Is ``message`` (a kernel line's) a line of an AER report after its head?"""
    return ":  " in message and _AER_REST.search(message) is not None


def aer_report_line(message: str) -> bool:
    """Is ``message`` a line of an AER report, its head or a line after it?"""
    return "PCIe Bus Error: severity=" in message or aer_report_rest(message)


# A sign a program puts before a level (an emoji, a cross, a warning sign), not a dash
_SIGN: Final = re.compile(r"[\u2190-\u2bff\U0001f300-\U0001faff]")
# Words that say a severity wherever they stand ("Kernel panic - not syncing", "Received fatal
# alert"): the common nouns (error, warning, info, debug, trace, notice) are the ones a
# sentence uses for other things.
_SEVERE_WORDS: Final = frozenset({"fatal", "panic", "critical", "crit", "severe", "emerg", "ftl"})


# The common nouns' severity (levels.word's names), to tell a milder word after a skipped one
_RANK: Final = {"TRACE": 0, "DEBUG": 1, "INFO": 2, "NOTICE": 3, "WARNING": 4, "ERROR": 5}


def _skipped(m: re.Match[str], skipped: list[int]) -> bool:
    """Note a word skipped as a sentence's (the severest so far); True, to skip it."""
    rank = _RANK.get(levels.word(m.group(1)), 0)
    if not skipped:
        skipped.append(rank)
    elif rank > skipped[0]:
        skipped[0] = rank
    return True


def _in_prose(text: str, m: re.Match[str]) -> bool:
    """Is a level word not in capitals one of a sentence's words, not where a layout or a
    program's wording puts a level? Where one does: the message's start, in brackets, a
    key and its value ('level=error', '"level":"error"', 'daemon.info', 'err=49'), after a
    bracketed head or a column's bar ('] error:', '| warn'), in a padded or tabbed column, a
    program's name before it ('initdb: warning:'), a name in capitals ('BTRFS error'), a
    sign ('🚨 Error:'), PHP's 'PHP Parse error:', a kind named with a capital ('Internal
    Server Error: /x', 'failed, Error: 503'), an errno after it ('error -110'), a message of
    a few words naming it ('Uncorrected error'), and any word of the kernel's. Elsewhere it
    is the sentence's: "Fontconfig error: ...", "returned an error", "import error)", "a
    spawning error occurred". The common nouns only: the severe words (panic, fatal,
    critical) say a severity wherever they stand."""
    word = m.group(1)
    if word is None or word.isupper() or word.lower() in _SEVERE_WORDS:
        return False
    i, j = m.start(), m.end()
    if i < 2 or text[i - 1] in '[<("=:.\t':
        return False
    after = text[j : j + 2]
    if text[i - 1] in "|,;" and after[:1] in ("|", ",", ";"):
        return False  # a delimited column: NLog's "...|error|logger|msg", a CSV's ",warning,"
    if i == 4 and text[:4] == "npm ":
        return False  # npm 10's "npm error code ERESOLVE", "npm warn deprecated ..."
    if after[:1] in ("]", ">", "\t", "=") or after == "  " or after == " |":
        return False
    if text[i - 2 : i] in ("] ", "| ", "> ", "[ ") or text.find("PHP ", max(0, i - 16), i) >= 0:
        return False
    if text[:1] == "[" and _UPTIME.match(text) is not None:
        return False  # the kernel's words are its levels ("Unhandled error code")
    if text[i - 1] == " " and _SIGN.match(text, i - 2) is not None:
        return False  # a sign for it before ("🚨 Error: ...", "❌ error: ..."), a CI step's
    if after[:1] == ":" and text[i - 2 : i] == ": " and " " not in text[: i - 2]:
        return False  # a program's name, then its level: GNU's error() style
    before = text[text.rfind(" ", 0, i - 1) + 1 : i - 1]  # the word before it
    if before.isupper() and before.isalpha():
        return False  # a subsystem's or product's name in capitals ("BTRFS error (device")
    if word[0].isupper() and after in (": ", ". ") and not before[:1].islower():
        return False  # a kind named with a capital, not after a sentence's lower-case word
    if word == "Error" and after[:1] == "[" and not _indexed(text, m):
        return False  # an error list's entry heading the line (_indexed)
    if word[0].isupper() and after[:1] == ":" and before[-1:] == ",":
        return False  # a clause of its own: console.error("Upload failed, Error:", status)
    if after == " -" and text[j + 2 : j + 3].isdigit():
        return False  # an errno after it (the kernel's "read/64, error -110")
    # a message of a word or two naming it ("Uncorrected error"), else the sentence's
    return text[i - 1] != " " or text.count(" ", 0, i) >= 2 or j < len(text.rstrip(" .!"))


def _brackets_end(text: str) -> int:
    """Where the bracketed groups opening ``text`` end (nested brackets counted), 1000 at
    most."""
    depth = 0
    end = 0
    for i, c in enumerate(text[:1000]):
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                end = i + 1
        elif depth == 0 and c != " ":
            break
    return end


# Next.js 13's prefixes (build/output/log.ts), before its 14's marks
_NEXT13_PREFIXES: Final = {
    "error": "ERROR",
    "warn": "WARNING",
    "info": "INFO",
    "ready": "INFO",
    "event": "INFO",
    "wait": "INFO",
    "trace": "TRACE",
}


# Pi-hole FTL's log (v5.x, v6: "2024-05-09 02:36:19.067 [71314M] DEBUG_QUERIES: ..."): the
# process and thread in brackets, then its level, a debug line's the flag that enabled it.
_FTL_DEBUG: Final = re.compile(r"\[\d+(?:M|/T\d+|/F\d+)?\] DEBUG_[A-Z_]+: ")


def level_in(text: str, kernel: bool = True, worded: bool = False) -> str:
    """The first level word in a line's first 200 characters, or UNKNOWN. ``kernel``: may
    the line be the kernel's (a kernel report's opening, in its wording, an error)? A syslog
    line's is only when its program is ``kernel``. ``worded``: the line is the kernel's
    (dmesg's, a syslog line of program ``kernel``), whose words are its levels ("EXT4-fs
    error (device sda1)", "blk_update_request: I/O error"): no word of it is prose."""
    if text[:4] == "ORA-" and _ORACLE_ERROR.match(text):
        return "ERROR"
    if text[-1:] == "]" and " line " in text[-20:] and _UWSGI_ERROR.fullmatch(text):
        return "ERROR"
    if text[1:2] == " " and text[:1] in NEXT_MARKS:
        return NEXT_MARKS[text[0]]  # Next.js' "⨯ unhandledRejection: ...", "⚠ ...", "✓ ..."
    if text[:3] == "=> " and text.startswith(_METEOR_FAILED):
        return "ERROR"
    if text[:2] == "- " and (next13 := _NEXT13_PREFIXES.get(text[2:9].split(" ", 1)[0])):
        # Next.js 13's dev server: "- error ./app/page.tsx:10:0", "- ready started ...";
        # its error says a path, a sentence or a name (a list's "- error handling" none)
        said = text[text.find(" ", 2) + 1 :].split(" ", 1)[0]
        if (
            next13 != "ERROR"
            or said[:1].isupper()
            or said[:1] in (".", "/")
            or any(c in said for c in ":/.(")
        ):
            return next13  # ("- error unhandledRejection: ...", "- error node_modules/x.js")
    if text[1:3] == ": " and text[:1] in _APT_LETTERS:
        return _APT_LETTERS[text[0]]  # apt's "E: Failed to fetch ...", "W: An error occurred"
    if text[:1] == "(" and text[4:5] == " " and text[3:4] == ")" and text[1:3] in _XORG_LEVELS:
        return _XORG_MARKS[text[:4]]  # Xorg's "(EE) ..." relayed (gdm's journal, a display log)
    if text.find("()", 0, 160) > 0 and (gitea := _GITEA_LEVEL.search(text, 0, 160)) is not None:
        return _LETTERS_C[gitea.group(1)]  # Gitea's "...file.go:96:Func() [E] msg"
    if text[1:3] == "! " and text[:1] in _TELEGRAF_LETTERS:
        return _TELEGRAF_LETTERS[text[0]]  # Telegraf's "E! [inputs.x] ...", "W! ...", "I! ..."
    if text[:1] == "[" and text[2:4] == "] " and text[1] in _BRACKET_LETTERS:
        return _BRACKET_LETTERS[text[1]]  # "[E] something went wrong"
    if text[:1] == "[" and "] DEBUG_" in text[:32] and _FTL_DEBUG.match(text) is not None:
        return "DEBUG"  # Pi-hole FTL's debug flags, each its own level word: "DEBUG_QUERIES: "
    if text[6:8] == ": " and text[5] == " " and _padded_not_level(text):
        return "UNKNOWN"
    if kernel and "rror" in text and (aer := _aer_level(text)):
        return aer
    if kernel and "Direct firmware load " in text:
        # the firmware loader's miss (_request_firmware's dev_warn, "Direct firmware load for
        # x.bin failed with error -2", 3.x's without the name): a warning, the driver says
        # if it cannot do without
        return "WARNING"
    if "<" in text[:70] and (relayed := _RELAYED_PRI.match(text)) is not None:
        # a syslog receiver's line: the sender, then the message as it came, its <PRI>
        # first ("172.22.0.1 <3>Jun 15 22:54:01 host kernel: ..."): its severity
        return levels.number(int(relayed.group(1)) & 7, levels.SYSLOG_SCALE)
    # (past a head of brackets longer than that: a trace context's, SkyWalking's
    # "[SW_CTX:[service,instance,trace,segment,span]] [thread] ERROR ...")
    limit = 200 if text[:1] != "[" or len(text) < 200 else max(200, _brackets_end(text) + 60)
    skipped: list[int] = []  # the severest word skipped as a sentence's (its rank)
    m = _LEVEL_WORD.search(text, 0, limit)
    while m is not None and (
        _quoted_value(text, m.start(), m.end())
        or _indexed(text, m)
        or _lock_named(text, m)
        or _qualifies_findings(text, m)
        or _zero_key(text, m.end())
        or _counted_key(text, m.start(), m.end())
        or _assigned_key(text, m.start(), m.end())
        or _function_named(text, m)
        or _negated(text, m.start())
        or _thrown(text, m.start())
        or _adjective(text, m.start(), m.end())
        or _feature_named(text, m.start(), m.end())
        or (text[m.end() : m.end() + 1] in ".:" and _name_segment(text, m.start(), m.end()))
        or _hyphen_joined(text, m.start(), m.end())
        or _mid_sentence(text, m.start(), m.end())
        or _xml_tag(text, m.start(), m.end())
        or _error_doing(text, m.end())
        or (not worded and _in_prose(text, m) and _skipped(m, skipped))
    ):
        m = _LEVEL_WORD.search(text, m.end(), limit)
    if m is not None and skipped and _RANK.get(levels.word(m.group(1) or ""), 9) < skipped[0]:
        # a later, milder word of the sentence that had the skipped one ("upload failed with
        # error, enable DEBUG logging for details"): no level either
        m = None
    if text.find("FINE", 0, 200) >= 0 or text.find("CONFIG: ", 0, 200) >= 0:
        jul = _jul_after_logger(text, m.start() if m else 200)
        if jul:
            return jul
    if m is None:
        if text.startswith("Information: "):  # .NET's console logger's word, at the start
            return "INFO"
        if text[:1] == "=" and text.startswith(_ERLANG_REPORTS):
            # Erlang's error_logger (and lager's crash.log): a process's crash and a
            # supervisor's report are errors, a progress report is information
            return "INFO" if text[1:9] == "PROGRESS" else "ERROR"
        if text[-4:] == "====" and text.endswith(_ERLANG_REPORTS):
            # lager's crash.log, a report's title glued behind the message before it (written
            # with no newline: '...options for "x.erl"2013-12-19 22:22:41 =CRASH REPORT===='),
            # the line read as that report, as its "=ERROR REPORT====" is by its word
            return "INFO" if text.endswith("=PROGRESS REPORT====") else "ERROR"
        if text.startswith(UNCAUGHT):
            # the runtime's report of an exception nothing caught: Python's traceback
            # (print_exc, an uncaught one's), a dead thread's in Python ("Exception in thread
            # django-main-thread:") and in Java ('Exception in thread "main" java.lang...')
            return "ERROR"
        if ruby_uncaught(text):
            return "ERROR"  # Ruby's own report of an exception nothing rescued, as Python's
        if text[:1].isupper() and _RAILS_RESCUE.match(text) is not None:
            # a client's error Rails answers 4xx for is the request's, not the app's
            return "WARNING" if rails_client_error(text) else "ERROR"
        return kernel_report(text) if kernel else "UNKNOWN"
    if (
        kernel
        and m.group(1) == "INFO"
        and "blocked for more" in text
        and _HUNG_TASK.search(text, 0, 200)
    ):
        return "ERROR"  # hung_task's report, printed at KERN_ERR under its "INFO: " title
    return levels.word(m.group(1) or m.group(2))


_ERLANG_REPORTS: Final = ("=CRASH REPORT====", "=SUPERVISOR REPORT====", "=PROGRESS REPORT====")


# The runtime's report of an exception nothing caught, opening a line: Python's traceback,
# a dead thread's header (Python's and Java's).
UNCAUGHT: Final = (PY_TRACEBACK, "Exception in thread ")


# The opening line of a Linux kernel report, in the kernel's own wording: lib/bug.c's "kernel
# BUG at f.c:12!", arch/x86/mm/fault.c's "BUG: kernel NULL pointer dereference" / "BUG: unable
# to handle page fault" and die()'s "Oops: 0000 [#1]" (powerpc's "Oops: Kernel access of bad
# area, sig: 11 [#1]"), traps.c's "general protection fault: 0000 [#1]" (or ", probably for
# non-canonical address ...: 0000 [#1]"; a user process's "general protection fault ip:" has
# no "[#N]"), ARM's and arm64's die(), "Internal error: Oops: 17 [#1]" ("Oops - BUG: ..."),
# ARM's "Unable to handle kernel paging request", and the "BUG: " titles the kernel gives
# (KASAN's, soft lockups', might_sleep()'s ...). A program's "Oops: retrying" or a test's
# "BUG: expected 3 items" is none. At the message's head: after a dmesg stamp, a caller id or
# a syslog "kernel: " tag (printk writes them at KERN_ALERT, KERN_EMERG or KERN_ERR).
_KERNEL_REPORT: Final = re.compile(
    r"(?:^|\] |: )(?:"
    r"(?:Internal error: )?Oops(?:\[#\d+\]|(?:: | - )[^\[\n]{0,120}\[#\d+\])"
    r"|Internal error: [^\[\n]{1,80}\[#\d+\]"
    r"|general protection fault[:,][^\[\n]{0,120}\[#\d+\]"
    r"|kernel BUG at \S+:\d+"
    r"|Unable to handle kernel "
    r"|BUG: (?:kernel |unable to handle|KASAN: |KFENCE: |KCSAN: |KMSAN: |soft lockup"
    r"|scheduling while atomic|sleeping function|Bad page|Bad rss-counter|workqueue lockup"
    r"|spinlock |rwlock |using smp_processor_id|using __this_cpu|TASK stack guard"
    r"|stack guard page|Invalid wait context|held lock freed|looking up invalid subclass"
    r"|Dentry |MAX_LOCK|non-zero pgtables_bytes|recent printk recursion)"
    r")"
)
# The exception Rails' rescue logs for a request (ActionDispatch's DebugExceptions, Rails 2's
# log_error, at FATAL, in a layout without levels): "ActionController::RoutingError (No route
# matches ...):", its message in parentheses, the backtrace indented under it.
_RAILS_RESCUE: Final = re.compile(r"(?:[A-Z]\w*::)*[A-Z]\w*(?:Error|Exception|Invalid|NotFound) \(")
# The exceptions Rails answers with a 4xx (ActionDispatch::ExceptionWrapper's
# rescue_responses, with Active Record's): a request's fault, logged at FATAL all the same.
_RAILS_CLIENT_ERRORS: Final = frozenset(
    {
        "ActionController::RoutingError",
        "AbstractController::ActionNotFound",
        "ActionController::MethodNotAllowed",
        "ActionController::UnknownHttpMethod",
        "ActionController::UnknownFormat",
        "ActionController::BadRequest",
        "ActionController::ParameterMissing",
        "ActionController::InvalidAuthenticityToken",
        "ActionController::InvalidCrossOriginRequest",
        "ActionController::MissingExactTemplate",
        "ActionController::UnknownController",
        "ActionDispatch::Http::Parameters::ParseError",
        "ActionDispatch::Http::MimeNegotiation::InvalidType",
        "ActiveRecord::RecordNotFound",
        "ActiveRecord::RecordInvalid",
        "ActiveRecord::RecordNotSaved",
        "ActiveRecord::StaleObjectError",
        "Rack::QueryParser::ParameterTypeError",
        "Rack::QueryParser::InvalidParameterError",
    }
)
# The report of the exception a request failed with, as Rails' rescue writes it after the
# request's "Completed 500 ..." line (a blank or two between): the exception's class, a
# qualified constant ("ActionView::MissingTemplate (...") or one named as _RAILS_RESCUE's,
# then its message in parentheses, to a line ending "):", then the trace's frames at the
# margin ("app/controllers/orders_controller.rb:3:in `show'").
_RAILS_REPORT: Final = re.compile(
    r"(?:[A-Z]\w*::)+[A-Z]\w* \(|[A-Z]\w*(?:Error|Exception|Invalid|NotFound) \("
)
_RUBY_FRAME: Final = re.compile(r"\S+:\d+:in [`']")


def rails_report_opens(line: str) -> bool:
    """Does ``line`` open Rails' report of the exception a request failed with?"""
    return line[:1].isupper() and _RAILS_REPORT.match(line) is not None


def rails_client_error(report: str) -> bool:
    """Is the exception of Rails' report (``ActiveRecord::RecordNotFound (...):``) one its
    ExceptionWrapper answers 4xx for? Any other is answered 500."""
    return report.partition(" (")[0] in _RAILS_CLIENT_ERRORS


def ruby_frame(line: str) -> bool:
    """Is ``line`` a frame of a Ruby backtrace (``app/models/order.rb:12:in `total'``)?"""
    return _RUBY_FRAME.match(line) is not None


# A Ruby backtrace's frame closing a line (``... WARN: /app/worker.rb:165:in `perform'``;
# Ruby 3.4 quotes ``'Worker#perform'``), and Ruby's own report of an exception nothing
# rescued (eval_error.c's error_print): ``app.rb:3:in `load': <message's first line>
# (SyntaxError)``, the message's other lines, then the frames, each ``\tfrom <frame>``.
_RUBY_FRAME_END: Final = re.compile(r"\S+:\d+:in [`'][^`']*'$")
_RUBY_UNCAUGHT: Final = re.compile(r"\S+:\d+:in [`'][^`']*': .* \((?:[A-Z]\w*::)*[A-Z]\w*\)$")


def ends_ruby_frame(text: str) -> bool:
    """Does ``text`` (a line, or an entry's message after its head) close with a frame of
    a Ruby backtrace, so that the frames at the margin after it are its trace's?"""
    return text[-1:] == "'" and _RUBY_FRAME_END.search(text, max(0, len(text) - 400)) is not None


def ruby_uncaught(line: str) -> bool:
    """Does ``line`` open Ruby's report of an exception nothing rescued (above)?"""
    return line[-1:] == ")" and ":in " in line and _RUBY_UNCAUGHT.match(line) is not None


_HUNG_TASK: Final = re.compile(r"(?:^|\] |: )INFO: task \S+ blocked for more than \d+ seconds")


# An operating system's panic, as its kernel prints it: Linux's kernel/panic.c ("Kernel panic
# - not syncing: ..."), FreeBSD's trap_fatal() ("Fatal trap 12: page fault while in kernel
# mode"), XNU's ("panic(cpu 1 caller 0x...): ...", its kernel_trap's "CPU 1 panic trap number
# 0xe, ..."). Not a bare "panic: ": Go's runtime writes that too, its goroutines after it.
_PANIC_OPENS: Final = re.compile(
    r"Kernel panic - not syncing|Fatal trap \d+: |panic\(cpu \d+ caller |CPU \d+ panic trap "
)


def panic_opens(line: str) -> bool:
    """Does ``line`` open an OS's panic report (``_PANIC_OPENS``) at its start, or a Linux
    kernel report (``kernel_report``, hung_task's) at its head?"""
    return (
        _PANIC_OPENS.match(line) is not None
        or kernel_report(line) == "ERROR"
        or ("blocked for more" in line and _HUNG_TASK.search(line, 0, 200) is not None)
    )


def report_opens(message: str) -> bool:
    """Does a dated kernel line's message open a report: ``kernel_report``'s wording (ARM's
    die() ``Internal error: Oops: 17 [#1]`` too), hung_task's or a panic?"""
    return "Kernel panic - not syncing" in message or panic_opens(message)


# A line of a kernel report after its opening (a dated one's: dmesg's, syslog's "kernel: "):
# what die(), show_regs(), dump_stack() and panic() print. x86's "CPU: 2 PID: ..", "Hardware
# name:", "RIP:", register rows ("RAX: ..", "FS:  ..", "CR2: .."), "Call Trace:", "<TASK>",
# frames (" ? f+0x1a/0x30", "[<ffff..>]"), "Code:", "Modules linked in:", "Workqueue:", page
# table walks ("PGD 0 P4D 0"), fault.c's "#PF: "; ARM's "PC is at", "Backtrace:", "Stack:",
# "Exception stack(", "Function entered at"; arm64's "pc : ", "x29: " rows, "Mem abort info:";
# hung_task's "task:" and its "echo 0 > ..." hint; panic()'s "---[ end ... ]---", "Kernel
# Offset:", "CPU1: stopping", "SMP: stopping"; lockdep's held locks. Indented lines too (frames,
# ESR fields), a blank one, the sanitizers' ("=====" rules, KASAN's "Write of size 1 at",
# "Allocated by task", "The buggy address ...", its shadow rows; KFENCE's), old kernels' ("Pid:
# 1473, comm:", "last sysfs file:", "RIP  [<..>]", "<0> ffff.." stack rows). Not a device's
# own line within the report's 2 s ("usb 1-1: new ...", "ata1.00: failed command", "e1000e
# ...: NIC Link is Down"): an entry of its own.
_REPORT_LINE: Final = re.compile(
    r"$|[ \t=]|>[0-9a-f]{8}"
    r"|(?:Read|Write) of size |(?:Corrupted memory|Out-of-bounds \w+|Use-after-free \w+) at "
    r"|Invalid free of |kfence-#|(?:[Aa]llocated|[Ff]reed) by task |The buggy address "
    r"|Memory state around|page:|flags: |raw: |head: |page dumped because|Last potentially"
    r"|Second to last|Disabling lock debugging|last sysfs file:|CPU \d+$|Pid: \d+, comm:"
    r"|R[IS]P  ?[\[<]|<\d> |[0-9a-f]{4,16}: +[0-9a-f]{8}|[0-9a-f]{16} [0-9a-f]{16}|pgd = "
    r"|CPU\d*: |Hardware name: |Call [Tt]race:|</?(?:TASK|IRQ|NMI|EOI|SOFTIRQ)>"
    r"|Code: |Modules linked in:|---\[ end |Workqueue: |[PGUM4]{2,3}D |PTE |#PF: |Stack:"
    r"|Backtrace:|Exception stack\(|Function entered at|(?:PC|LR) is at |task:"
    r"|\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\""
    r"|Mem abort info:|Data abort info:|user pgtable:|swapper pgtable:|Kernel Offset:"
    r"|SMP: stopping|Shutting down cpus|Dumping ftrace|irq event stamp:|hardirqs last"
    r"|softirqs last|(?:\d+ locks?|no locks) held by|#\d+: |Showing all locks|note: "
    r"|Tainted: |Process \S+ \(pid:|Flags: |Control: |Table: |DAC: |Preemption disabled"
    r"|in_atomic\(\): |INFO: lockdep|Call trace|Kernel panic - not syncing"
    r"|\[<[0-9a-f]{8,16}>\]|\[[0-9a-f]{16}\] |\S+\+0x[0-9a-f]+/0x[0-9a-f]+"
    r"|[A-Z][A-Z0-9]{1,6}: +[0-9a-f]{2}|(?:x\d{1,2}|pc|lr|sp|fp|ip|r\d{1,2}|psr|pstate) ?: "
)


def report_line(message: str) -> bool:
    """Is a dated kernel line's message a line of a report (``_REPORT_LINE``)?"""
    return _REPORT_LINE.match(message) is not None


def kernel_report(text: str) -> str:
    """ERROR when ``text`` opens a kernel report (``_KERNEL_REPORT``), else UNKNOWN."""
    if (
        "BUG" in text or "Oops" in text or "fault" in text or "Unable" in text or "error: " in text
    ) and (_KERNEL_REPORT.search(text, 0, 200) is not None):
        return "ERROR"
    return "UNKNOWN"


_JS_FRAME: Final = re.compile(r"\s*at \S+ \((?:.*:\d+:\d+|<anonymous>|native)\)\s*$")


def _function_named(text: str, m: re.Match[str]) -> bool:
    """Is the level word a function's name in a kernel's or Go's stack frame, a line giving code
    offsets (``panic+0x43/0x2a0``, ``(panic) from [<c05946f4>]``, BSD's ``panic(ffff) at
    panic+0x270``)? A frame of the report says no level of its own."""
    after = text[m.end() : m.end() + 3]
    if after[:1] == "(" and text[m.start() - 1 : m.start()] == ".":
        return True  # a Go frame's function: "k8s.io/klog/v2.Fatal(...)" in a goroutine dump
    if after[:2] == " (" and text[m.start() - 1 : m.start()] == "." and _JS_FRAME.match(text):
        # a V8 frame's function ("    at Promise.tap.then.catch.err (/app/x.js:136:19)"),
        # written a line each (Heroku's router gives each its own time)
        return True
    return after[:1] in "+()" and after != "" and "+0x" in text


def _thrown(text: str, at: int) -> bool:
    """Is the level word the value a ``throw`` statement throws? Node prints the source line
    that threw an uncaught exception above its ``^`` marker (``throw err;``): code, no level."""
    return text[at - 6 : at] == "throw " and (at == 6 or text[at - 7] in " \t")


def _padded_not_level(text: str) -> bool:
    """rclone's console layout is ``LEVEL : msg``, the level padded to six columns (``%-6s:``:
    ``INFO  :``, ``ERROR :``, ``NOTICE:``); a word there that is no level (bisync's test
    harness writes its step, ``(07)  : test 3. ... should fail critical.``) says the line
    states none, whatever words its message holds; unless a level word in capitals opens
    what follows the column (a name padded there, ``main  : ERROR: could not open ...``)."""
    head = text[:6].rstrip(" ")
    if not head or " " in head or head.lower() in TOKEN_LEVELS:
        return False
    m = _LEVEL_WORD.match(text, 8)
    return m is None or not m.group(0).isupper()


# A level letter in brackets opening a line ("[I] starting up", "[W] ..."): glog's letters,
# and "V" (verbose) as logcat's.
_BRACKET_LETTERS: Final = {**levels.LETTERS, "V": "TRACE", "T": "TRACE", "D": "DEBUG"}
_TIMED_LETTERS: Final = {
    **_BRACKET_LETTERS,
    "M": levels.word("emerg"),
    "A": levels.word("alert"),
    "C": levels.word("crit"),
    "N": levels.word("notice"),
}


# java.util.logging's levels below INFO, in capitals after the logger's dotted name and
# before a colon: New Relic's Java agent writes "[pid tid] com.newrelic.agent.Foo FINE: msg",
# a layout naming its level after the logger as JUL's SimpleFormatter names it on its second
# line ("FINE: msg"). SEVERE, WARNING and INFO are level words anywhere already.
_JUL_AFTER_LOGGER: Final = re.compile(r"(?<=[\w$] )(FINEST|FINER|FINE|CONFIG)(?=: )")


def _jul_after_logger(text: str, before: int) -> str:
    """The level of a ``logger LEVEL:`` before position ``before``, or ""."""
    for j in _JUL_AFTER_LOGGER.finditer(text, 0, min(before, 200) + 8):
        if j.start() >= before:
            break
        sp = text.rfind(" ", 0, j.start() - 1)
        logger = text[sp + 1 : j.start() - 1]
        if "." in logger.strip(".") and logger.replace(".", "").replace("$", "").isidentifier():
            return levels.word(j.group(1))
    return ""


def _lock_named(text: str, m: re.Match[str]) -> bool:
    """A "critical section" (not in capitals) is a lock's region of code (MongoDB's chunk
    migration: ``About to enter migrate critical section``), no severity."""
    return text.startswith(" section", m.end()) and not m.group(0).isupper()


# A level word not in capitals before a plural of findings qualifies them: the line speaks
# of such findings ("stopping because of one or more critical errors", "3 critical
# updates"), at no level of its own (a count's line is read by the words it has besides).
_FINDINGS: Final = re.compile(
    r" (?:errors|warnings|issues|problems|failures|updates|alerts|vulnerabilities)\b"
)


def _qualifies_findings(text: str, m: re.Match[str]) -> bool:
    """Is the word of ``m`` (not in capitals) an adjective before a plural of findings, or
    a count's ("found 89 vulnerabilities (6 low, 41 moderate, 35 high, 7 critical)", npm
    audit's; "1 error, 2 warnings")?"""
    if m.group(0).isupper():
        return False
    start = m.start()
    if (
        start > 1
        and text[start - 1] == " "
        and text[start - 2].isdigit()
        and text[text.rfind(" ", 0, start - 1) + 1 : start - 1].isdigit()
    ):
        return True  # a number of them (not a time of day before a level: "11:24:16 err")
    return text[m.end() : m.end() + 1] == " " and _FINDINGS.match(text, m.end()) is not None


# "No Error", "not a software error": the word said absent (mcelog's "MCA: No Error", its
# "This is not a software error." over a corrected machine check); "non-fatal", "non-critical"
# (the prefix says it: "ignoring non-fatal error" is at most its next word's).
# (and an imperative's: freshclam's "DON'T PANIC! Read https://docs.clamav.net/...", at INFO)
_NEGATION: Final = re.compile(
    r"(?:^|\W)(?:(?:no|not|not an?(?: [\w-]+)?|don[’']?t|do not) |non-)$", re.I
)


def _negated(text: str, start: int) -> bool:
    """Is the level word at ``start`` negated by the words right before it?"""
    return start > 2 and _NEGATION.search(text, max(0, start - 24), start) is not None


# A failure named by its kind, a capitalised word before "error" mid-message: "disconnected:
# Protocol error." (mosquitto, at NOTICE), Go net/http's "http: Accept error: ... retrying
# in 5ms", a driver's "BRCMF_C_DOWN error -52". The kind in lower case ("a network error",
# "syntax error") or opening the message (mcelog's "Uncorrected error") keeps the level.
_PROSE_WORDS: Final = frozenset({"error", "err"})
# Words before "error" that name no kind: the failure itself ("Unknown error -1", an
# "Internal error", sd's "Unhandled error code"), not a kind of it.
_NO_KIND: Final = frozenset(
    {"Fatal", "Critical", "Internal", "Unknown", "Unexpected", "Unhandled", "Unrecoverable"}
)
# A client's connection ended by its reason, in lower case (mosquitto at NOTICE, 1.6 and
# 2.x: "Client <unknown> disconnected due to protocol error."): the peer's failure, not the
# server's; a program's own connection lost so ("Connection to replica disconnected due to
# network error") keeps its level.
_DISCONNECT_REASON: Final = " disconnected due to "


# A sentence that opens with "Error" and says what was being done: ``Error releasing name
# org.gnome.ScreenSaver: ...`` (gnome-session through syslog), ``Error grabbing logs: ...``
# (docker compose), ``Error processing image ...`` (a print): the noun of a line with no level,
# not a level token (those stand alone: ``Error: ...``, ``[Error] ...``, ``Error  msg``).
_DOING: Final = re.compile(r" [a-z]{2,}ing\b")


def _error_doing(text: str, end: int) -> bool:
    word = text[end - 5 : end]
    if word == "error":
        # BIND's resolver on a query's answer, "error (unexpected RCODE SERVFAIL) resolving
        # 'x.in-addr.arpa/PTR/IN': 193.0.9.3#53" ("network unreachable", "FORMERR"): its
        # lame-servers category's, logged at info, the level syslog leaves out
        return _QUERY_ERROR.match(text, end) is not None
    return word == "Error" and _DOING.match(text, end) is not None


_QUERY_ERROR: Final = re.compile(r" \([^()\n]{1,60}\) resolving '")


_PEER_FAILURES: Final = ("protocol synchronization ", "SMTP protocol ", "SMTP syntax ")
_XML_ATTRIBUTE: Final = re.compile(r" +[\w:-]+=[\"']")


def _xml_tag(text: str, start: int, end: int) -> bool:
    """Is the level word an XML element's name (XMPP's ``<stream:error><system-shutdown
    .../></stream:error>`` quoted by Jicofo, ``<error code="500">...</error>``) in a line of
    no layout? A namespace's prefix before it, its own closing tag after, or an attribute; a
    level in angle brackets alone is a level (NetworkManager's ``<error> [1712.3] ...``)."""
    after = text[end : end + 1]
    if after not in (">", "/", " "):
        return False
    opened = text.rfind("<", max(0, start - 24), start)
    if opened < 0:
        return False
    name = text[opened + 1 : start]
    if name == "/":
        return True  # a closing tag: "</error>"
    name = name.lstrip("/")
    if name[-1:] == ":" and name[:-1].replace("-", "").isalnum():
        return True  # a namespace's element: "<stream:error>"
    if name:
        return False
    if after == " " and _XML_ATTRIBUTE.match(text, end) is not None:
        return True  # an element with attributes: '<error code="500">'
    # an element its own closing tag closes, others of its name nested in it counted
    # (ClickHouse's "<Error> ... <Error><Code>NoSuchKey</Code></Error>": the first a level)
    depth = 1
    for tag in re.finditer(r"<(/?)" + re.escape(text[start:end]) + r"[>\s/]", text[end:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return True
    return False


def _mid_sentence(text: str, start: int, end: int) -> bool:
    """Is a lower-case "error" the second word of a failure's name, mid-message (above)?
    PHP's error types are levels in two words ("PHP Parse error:") and stay so."""
    if text[start:end] in _PROSE_WORDS and (
        text[end:] == " ignored" or text[end : end + 9] == " ignored:"
    ):
        # a failure the program says it let go: Exim's "x@host: error ignored", "error
        # ignored: RFC 3461 DSN, failure notify not requested"
        return True
    if start < 2 or text[start - 1] != " " or text[start:end] not in _PROSE_WORDS:
        return False
    if text[end : end + 1] == "=":
        return False  # a key (389-DS's "RESULT err=49")
    if " on connection " in text[end : end + 40] or text.endswith(_PEER_FAILURES, 0, start):
        # a peer's failure a mail server notes, no level (Exim's mainlog: "TLS error on
        # connection from [194.169.175.17] (recv): ...", 4.97's "TLS error (SSL_read): on
        # connection from", "SMTP protocol synchronization error (input sent without
        # waiting for greeting)", "SMTP syntax error in ...": a client's or a scanner's)
        return True
    if text[start - 4 : start] == "rpc " and text.startswith(": code = ", end):
        # gRPC's status as Go prints it (status.Error: "rpc error: code = Unavailable desc
        # = ..."), quoted in a line of no level: the call's answer, not the line's level
        return True
    ws = text.rfind(" ", 0, start - 1)
    kind = text[ws + 1 : start - 1]
    if (
        kind.isalpha()
        and kind.islower()
        and len(kind) > 2
        and ws > 0
        and text[ws - 1].isalpha()
        and text[end : end + 2] == ": "
    ):
        # a kind of failure in lower case naming what follows, mid-sentence, no level:
        # "socket shutdown error: [Errno 9]" (python-engineio), "symbol lookup error: ..."
        # (ld.so), "Create booking error: Error 1265" (an app's own words); a failure said
        # in prose ("hit a critical error in worker 3", "... due to network error") stays one
        return True
    if not kind[:1].isupper():
        i = ws + 1 - len(_DISCONNECT_REASON)
        if i < 8 or not text.startswith(_DISCONNECT_REASON, i):
            return False
        sp = text.rfind(" ", 0, i)  # the client's id before it: "Client <id> disconnected"
        return sp >= 6 and text[sp - 6 : sp] == "Client"
    if ws < 0 or not kind.replace("_", "").isalnum() or kind in _NO_KIND:
        return False  # the message's first word, a tag ("AM]", "X:"), no kind named
    if text[ws - 1 : ws] == "]" or text.startswith((" detected", " occurred"), end):
        # the message's first word after a stamp or a tag (the kernel's "[ 12.3] BTRFS
        # error (device ...)", "[sda] Unhandled error code"); an error reported as
        # happening (iwlwifi's "Microcode SW error detected.")
        return False
    return text[ws - 3 : ws] != "PHP"


def _adjective(text: str, start: int, end: int) -> bool:
    """ "critical" in lower case between two lower-case words is prose describing a thing
    ("ensuring critical schema columns exist", "a critical section"), not a level; after a
    tag or a colon ("thermal_zone0: critical temperature reached") it keeps its level. So is
    "fatal" before "signal" (the kernel's "potentially unexpected fatal signal 11", printed
    at KERN_INFO); before any other word it says a failure ("Received fatal alert:
    handshake_failure", TLS's alert that ends the connection; "exiting on fatal exception").
    "panic" naming a notifier is the thing's name (the kernel's "drm: registered panic
    notifier" at boot), no panic."""
    word = text[start:end]
    if word == "panic" or word == "Panic":
        return text.startswith(" notifier", end)
    if word not in ("critical", "fatal") or start < 2 or text[start - 1] != " ":
        return False
    if word == "fatal" and not text.startswith(" signal", end):
        return False
    return (
        text[start - 2].islower()
        and text[end : end + 1] == " "
        and text[end + 1 : end + 2].islower()
    )


# The things "error" names when it qualifies them, a state said after: a device's or a
# system's features and settings ("pcieport 0000:00:1c.0: DPC: error containment
# capabilities: ...", "EDAC MC0: error correction enabled", "AER: error reporting enabled"),
# no failure. "error reporting metrics to statsd: ...", "error correction failed" and
# gunicorn's "Error handling request /x" are failures.
_FEATURE_NOUNS: Final = re.compile(
    r" (?:containment|correction|detection|reporting|injection)"
    r"(?: capabilit(?:y|ies)| enabled| disabled| supported| not supported| mode|:)"
)


def _feature_named(text: str, start: int, end: int) -> bool:
    """Is "error" (lower case, or capitalised opening its clause) a feature's name's first
    word (``_FEATURE_NOUNS``)?"""
    word = text[start:end]
    return (word == "error" or word == "Error") and _FEATURE_NOUNS.match(text, end) is not None


def _hyphen_joined(text: str, start: int, end: int) -> bool:
    """Is the level word joined by a hyphen to a lower-case word, a name's part: a package's
    or a component's (ybd's ``[libgpg-error]``, ``[error-handler]``)?"""
    if not text[start:end].islower():
        return False  # Python's "%(asctime)s-%(name)s-%(levelname)s-%(message)s": "-ERROR-"
    if start > 1 and text[start - 1] == "-" and text[start - 2].islower():
        return True
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].islower()


def _name_segment(text: str, start: int, end: int) -> bool:
    """Is the level word a segment of a dotted name, a dot on each side and a word after
    it: a D-Bus error's name (``org.freedesktop.DBus.Error.UnknownMethod``, which a program
    quotes as the reason a call failed), a package's (``com.example.error.Handler``)? A name
    says no level; Monolog's ``app.ERROR:`` (the level last) keeps its."""
    if not (
        text[end : end + 1] in (".", ":")
        and start > 1
        and text[start - 1] == "."
        and text[start - 2].isalnum()
        and text[end + 1 : end + 2].isalpha()
    ):
        return False
    if text[end] == ".":
        return True
    # GLib's "GDBus.Error:org.freedesktop...": a colon, then the name goes on dotted, no
    # space; a sentence's full stop before "Error:" and its text is no name ("start
    # failed.Error:dial tcp ...", Go's Errorf("... failed.Error:%v", err), nor a word of
    # prose before it: "failed.error:java.net.ConnectException: ..."
    if text[max(0, start - 12) : start - 1].rpartition(" ")[2].islower():
        return False
    word_end = text.find(" ", end + 1, end + 120)
    return text.find(".", end + 1, word_end if word_end > 0 else end + 120) > 0


def _zero_key(text: str, end: int) -> bool:
    """A level word as a key whose value is zero or none is a count or a result code of
    none, no severity: an LDAP server's ``RESULT err=0`` (389-DS, OpenLDAP: result code 0 is
    success, RFC 4511), a tool's ``error=0``, hclog's ``error=<nil>``. A non-zero code
    (``err=49``) keeps the word's level; a kernel's boot parameter (``panic=-1`` on its
    command line) has none; nor a result of none in parentheses (the kernel's ``Unknown
    symbol dmi_check_system (err 0)``, a warning: kernel/module.c's pr_warn)."""
    after = text[end + 2 : end + 3]
    if text[end : end + 1] == "=" and (
        text.find("ommand line: ", 0, end) >= 0
        or text.find("console=", 0, end) >= 0
        or text.find("boot_args", 0, end) >= 0
        or text.find("reboot=", 0, end) >= 0
    ):
        # a boot parameter (the kernel's "Command line: ... panic=-1 ...", Firecracker's
        # boot source: '{"boot_args":"console=ttyS0 reboot=k panic=1 pci=off", ...}')
        return True
    if text[end : end + 3] == " 0)" and text[end - 4 : end - 3] == "(":
        return True
    if text[end : end + 1] == "=" and _NO_VALUE.match(text, end + 1) is not None:
        return True  # Go's nil error printed as a pair (hclog's "error=<nil>"), a null's
    return text[end : end + 2] == "=0" and not after.isdigit() and after != "."


# A key's value that says there is none: Go's nil (``<nil>``), JSON's null, Python's None.
_NO_VALUE: Final = re.compile(r"(?:<nil>|nil|null|None|\(nil\))(?![\w.])")


def _counted_key(text: str, start: int, end: int) -> bool:
    """A level word as a key of a printed object, its value a number, is a count: Node's
    ``statusCounts = { Complete: 3168, Error: 3 }`` (util.inspect's layout). After a comma
    only inside the object's braces: a sentence's ``failed, Error: 503`` says its level."""
    return (
        text[end : end + 2] == ": "
        and text[end + 2 : end + 3].isdigit()
        and (
            text[start - 2 : start] == "{ "
            or (
                text[start - 2 : start] == ", "
                and text.rfind("{ ", 0, start) > text.rfind("}", 0, start)
            )
        )
    )


def _assigned_key(text: str, start: int, end: int) -> bool:
    """A level word in lower case as a key, its value after `` = ``: lm-sensors' limits
    (``Core 0:  +58.0°C  (high = +80.0°C, crit = +100.0°C)``, ``crit low = -40.0°C``), a
    setting (sysctl's ``kernel.panic = 10``, ``debug = false``). Not a failure's errno
    after its word (the kernel's ``preresume failed, error = -22``)."""
    return (
        text[start : start + 1].islower()
        and _KEY_ASSIGNED.match(text, end) is not None
        and _FAILED_BEFORE.search(text, max(0, start - 24), start) is None
    )


_KEY_ASSIGNED: Final = re.compile(r"(?: (?:low|min|max|hyst))? = ")
_FAILED_BEFORE: Final = re.compile(r"(?i)\bfail(?:ed|ure|s)?\b")


def _indexed(text: str, m: re.Match[str]) -> bool:
    """A word not in capitals right before ``[`` names a thing (Kubernetes' utiltrace
    ``Trace[1917639367]:``), where logrus's terminal ``ERRO[0001]`` is a level, and so is
    an error list's entry heading the line (Mosquitto's ``OpenSSL Error[0]: error:...``, each
    of the library's queued errors logged at MOSQ_LOG_ERR)."""
    if text[m.end() : m.end() + 1] != "[" or m.group(0).isupper():
        return False
    close = text.find("]: ", m.end(), m.end() + 6)
    listed = close > 0 and m.start() < 40 and text[m.end() + 1 : close].isdigit()
    return not (listed and m.group(0) == "Error")


def _quoted_value(text: str, start: int, end: int) -> bool:
    """Is a level word quoted in prose, a value spoken of ("level limit changed to 'error'"),
    not the line's level? A quoted word after ``=`` or ``:`` is a key's level, kept, but for
    D-Bus' ``type="error"`` (below)."""
    q = text[start - 1 : start] if start else ""
    if q not in ("'", '"') or text[end : end + 1] != q:
        # or inside a command quoted in backticks (Heroku's "Starting process with command
        # `heroku logs --tail | grep "Error"`"): the command's words
        if text.count("`", 0, start) % 2 == 1 and text.find("`", end) > 0:
            return True
        # or the text a shell's echo is given (a CI script's source traced: 'echo "[ERROR]
        # push failed"'), not yet echoed
        opened = text.rfind('"', 0, start)
        return opened >= 5 and text[opened - 5 : opened] == "echo " and text.find('"', end) > 0
    before = text[: start - 1].rstrip(" ")
    if before[-1:] not in ("=", ":"):
        return True
    # a key's level, but for D-Bus' message type: its refusal of a message ('Rejected send
    # message, 1 matched rules; type="error", sender=...') names an error reply, no failure
    # of the daemon's (Kubernetes' event type="Warning" is the event's severity)
    key = before[:-1].rstrip(" ")
    if text[start:end] != "error" or key[-4:] != "type":
        return False
    c = key[-5:-4]  # the key "type" itself, not "event_type", "subtype"
    return c == "" or not (c.isalnum() or c in ("_", "."))


def strip_ansi(line: str) -> str:
    """The line without a terminal's escape sequences (colours, erase-line)."""
    return _ANSI.sub("", line)


_BUILD_DATES: Final = (
    "Built on ",
    "Built at ",
    "Build date",
    "Build time",
    "Compiled on ",
    "Compiled at ",
)


def parse_text(line: str, ref: float) -> Text | None:
    """The line's format and what it says, or None for a line of no known format."""
    t = _parse_text(line, ref)
    c = line[:1]
    if t is None and c not in (" ", "\t", "#", "{"):  # continuation, directive, cut JSON
        if "\t" in line[:160] and (gh := _gh_run_log(line, ref)) is not None:
            return gh
        if line[:2] == "2 ":
            v = _vpc_flow(line)
            if v is not None:
                return v
        if line.find(":", 0, 48) > 0:  # a device's buffer line has its time or code there
            n = _network(line, ref)
            if n is not None:
                return n
        tool = _tool_head(line, ref)
        if tool is not None:
            return tool
        if c == "e" and devconsoles.rom_banner(line):
            return None  # the ROM's build date, no time of the log: a plain line
        if (c == "B" or c == "C") and line.startswith(_BUILD_DATES):
            # a program's build date in its banner (Impala's "Built on Wed, 30 Mar 2016
            # 14:13:37 PST" under its version line): no time of the log, a plain line
            return None
        if line[8:9] in (" ", ".") and (slapd := _slapd_debug(line)) is not None:
            return slapd
        if c == "*" and line[:7] == "*** SIG":
            return _abseil_signal(line)
        if c == "%" and line[2:3] == "|":
            return _librdkafka(line)
        if line[-1:] == "}" and c.islower():
            simple = _winston_simple(line)
            if simple is not None:
                return simple
        return _time_in_head(line, ref)
    return t


# Ubuntu's apport.log: "ERROR: apport (pid 641546) 2026-02-01 22:36:45,049: msg" (logging's
# "%(levelname)s: apport (pid %(process)d) %(asctime)s: %(message)s", since 2.25); before,
# its error_log wrote every line so, "ERROR: apport (pid 1234) Mon Feb  1 22:36:45 2021:
# called for pid 5" (time.asctime()), whatever it said: that "ERROR" no level, its words'.
_APPORT: Final = re.compile(
    r"([A-Z]{4,8}): ([\w.-]+) \(pid (\d+)\) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d{3})?"
    r"|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}): "
)


def _apport(line: str) -> Text | None:
    m = _APPORT.match(line)
    if m is None or m.group(1).lower() not in TOKEN_LEVELS:
        return None
    when = m.group(4)
    ts = parse_iso(when.replace(",", ".")) if when[:1].isdigit() else anytime.loose_head(when, 0.0)
    if ts is None:
        return None
    fields = {"program": m.group(2), "pid": m.group(3)}
    msg = line[m.end() :]
    level = levels.word(m.group(1)) if when[:1].isdigit() else _msg_level(msg)
    return Text(ts, level, msg, "text", fields, (), True)


# OpenLDAP's debug output (slapd -d, the osixia/openldap image's log): the time in hex
# first, 2.4's seconds (lutil_debug: "5a031fe9 conn=1000 fd=12 ACCEPT from ..."), 2.5 on its
# seconds and nanoseconds then the thread ("63c8f8b5.2b6d4b5e 0x7f8f6e5fe640 slapd starting").
_SLAPD_DEBUG: Final = re.compile(r"([0-9a-f]{8})(?:\.([0-9a-f]{8}) (0x[0-9a-f]{4,16}))? (\S.*)")
# (2.4's bare seconds: a short hash opens a line as well, "5a031fe9 daemon: handle SIGHUP";
# its own marks then: a connection's and an operation's, a function's entry and exit, a
# backend's function, its banner)
_SLAPD_WORDS: Final = re.compile(
    r"(?:conn=\d+ |=> \w|<= \w|(?:bdb|mdb|hdb|ldif|slap|slapd)_\w|@\(#\) \$OpenLDAP)"
)


def _slapd_debug(line: str) -> Text | None:
    m = _SLAPD_DEBUG.fullmatch(line)
    if m is None:
        return None
    seconds = int(m.group(1), 16)
    if not 0x4B000000 <= seconds < 0x70000000:  # 2009 to 2029
        return None
    rest = m.group(4)
    if m.group(2) is None:
        if _SLAPD_WORDS.match(rest) is None:
            return None
        return Text(float(seconds), level_in(rest), rest, "slapd")
    ts = seconds + int(m.group(2), 16) / 1e9
    return Text(ts, level_in(rest), rest, "slapd", {"thread": m.group(3)})


def _gh_run_log(line: str, ref: float) -> Text | None:
    """``gh run view --log`` (and ``--log-failed``): the job's and the step's names, tabs
    after each, then the runner's line as its raw log writes it (``2026-04-17T01:45:21.77Z
    ##[error]...``, the first one behind a byte-order mark): read as that line, the job and
    the step in fields."""
    parts = line.split("\t", 2)
    if len(parts) != 3 or parts[0].lower() in levels.WORDS:  # a level's column: a TSV log's
        return None
    rest = parts[2].lstrip("\ufeff")
    if not (rest[:4].isdigit() and rest[10:11] == "T" and rest[19:20] in (".", "Z")):
        return None
    t = _parse_text(rest, ref)
    if t is None or t.ts < 0:
        return None
    t.fields = {**(t.fields or {}), "job": parts[0], "step": parts[1]}
    return t


# winston's format.simple(): "level: message {rest as JSON}", the time in the JSON when a
# timestamp() format came before it ("error: No properties sent {"timestamp":"2023-..."}").
_WINSTON_SIMPLE: Final = re.compile(r"(error|warn|info|http|verbose|debug|silly): (.*?) (\{.*\})$")


def _winston_simple(line: str) -> Text | None:
    m = _WINSTON_SIMPLE.match(line)
    if m is None:
        return None
    try:
        record = orjson.loads(m.group(3))
    except orjson.JSONDecodeError:
        return None
    found = anytime.record_time(record) if isinstance(record, dict) else None
    if found is None:
        return None  # no time in it: a line of no layout, as before
    del record[found[0]]
    return Text(found[1], levels.word(m.group(1)), m.group(2), "text", record or None)


# librdkafka's own log line (rd_kafka_log_print: "%%%i|%u.%03u|%s|%s| %s"), on the stderr of
# every client built on it (confluent-kafka for Python and Go, node-rdkafka, kcat): the
# syslog severity, the epoch and its milliseconds, the facility, the client's name, the
# message ("%3|1508927830.936|FAIL|rdkafka#consumer-1| [thrd:...]: Connect ... failed").
_RDKAFKA: Final = re.compile(r"%([0-7])\|(\d{9,10}\.\d{3})\|([A-Z0-9_]+)\|([^|]{0,120})\| ")


def _librdkafka(line: str) -> Text | None:
    m = _RDKAFKA.match(line)
    if m is None:
        return None
    severity = int(m.group(1))
    named = {"severity": severity, "facility": m.group(3), "client": m.group(4)}
    level = levels.number(severity, levels.SYSLOG_SCALE)
    return Text(float(m.group(2)), level, line[m.end() :], "librdkafka", named)


# Abseil's failure signal handler (absl/debugging/failure_signal_handler.cc), in any C++
# program built on it (gRPC, TensorFlow, ...): "*** SIGABRT received at time=1659371660 on
# cpu 9 ***", then the stack. The epoch seconds are the crash's time; the process dies of it.
_ABSEIL_SIGNAL: Final = re.compile(r"\*\*\* (SIG[A-Z]+) received at time=(\d{10})\b")


def _abseil_signal(line: str) -> Text | None:
    m = _ABSEIL_SIGNAL.match(line)
    if m is None:
        return None
    return Text(float(m.group(2)), "ERROR", line, "text", {"signal": m.group(1)})


def _coredns(t: Text) -> None:
    """A CoreDNS query line (its log plugin): the query's time as the request's."""
    q = toolheads.coredns_query(t.message)
    if q is not None:
        t.fmt = "coredns"
        t.fields = q[0]
        t.samples = (("response_time_ms", q[1], ""),)  # a query served


def _tool_head(line: str, ref: float) -> Text | None:
    """strace's, CUPS', Robot Framework's and Nextflow's line heads (see toolheads); CoreDNS'
    query lines as kubectl logs shows them, no time."""
    c = line[:1]
    close = line.find("] ", 1, 9) if c == "[" else -1
    if close > 0:
        word = line[1:close]
        if word in ("INFO", "ERROR", "WARNING", "DEBUG"):
            q = Text(-1.0, levels.word(word), line[close + 2 :], "text", None, (), True)
            _coredns(q)
            if q.fmt == "coredns":
                return q
    t: Text | None
    if c.isdigit() or c == "[":
        pid = toolheads.strace_pid(line)
        if pid is not None:
            t = _parse_text(line[pid[1] :], ref)
            if t is not None:
                t.fields = {**t.fields, "pid": pid[0]} if t.fields else {"pid": pid[0]}
                t.fmt = "strace"
            return t
        head = toolheads.compact_date(line)
        if head is not None:
            t = _dated_rest(line, head[1], head[0])
            failed = line[head[1] : head[1] + 9] == " - FAIL -"
            if t is not None and t.level == "UNKNOWN" and failed:
                t.level = "ERROR"  # Robot Framework's failed keyword or test
            return t
        return None
    if c == "@":
        head = toolheads.tai64n(line)
        if head is None:
            return None
        rest = line[head[1] :]  # the program's own line: multilog and svlogd add no host
        inner = _parse_text(rest, ref) if rest else None
        if inner is None:
            return Text(head[0], level_in(rest), rest, "text")
        if inner.ts < 0:
            inner.ts = head[0]
        return inner
    level = toolheads.cups_level(line)
    if level is not None:
        close = line.find("] ", 12, 40)
        ts = parse_clf(line[3:close]) if close > 0 else None
        if ts is not None:
            return Text(ts, level, line[close + 2 :], "cups", {"cups_level": line[0]})
    if line[3:4] == "-" and c.isupper():
        head = toolheads.month_dash_day(line, ref)
        if head is not None:
            t = _dated_rest(line, head[1], head[0])
            if t is not None:
                t.year_guessed = True
            return t
    return None


def _condor_event(line: str, ref: float) -> Text | None:
    """An HTCondor job event log's event head (condorlog); its detail and its ``...`` closer
    are the entry's (the parser's)."""
    head = condorlog.event_head(line, ref)
    if head is None:
        return None
    ts, year_written, level, fields, text = head
    t = Text(ts, level, text, "condor", fields)
    t.year_guessed = not year_written
    return t


# An AWS VPC flow log record in the default (version 2) format: version account-id
# interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action
# log-status; start and end are epoch seconds, the record's time its window's start.
_VPC_FLOW: Final = re.compile(
    r"2 (?:\d{12}|unknown) (?:eni-\w+|-)(?: \S+){7} (\d{9,10}|-) (\d{9,10}|-) "
    r"(ACCEPT|REJECT|-) (OK|NODATA|SKIPDATA)$"
)


def _log4j_event(line: str) -> Text | None:
    """An event's head in log4j's XMLLayout (log4jxml): its message, when not on this line,
    and its closing tag follow on the next lines (the parser joins them)."""
    head = log4jxml.event_head(line)
    if head is None:
        return None
    ts, level, fields, message = head
    return Text(ts, level, message, "log4j-xml", fields or None)


def _cmtrace_record(line: str) -> Text | None:
    """A CMTrace record (cmtrace): whole on its line, or its head, the message going on over
    the next lines, the time after its last (the parser joins them: no time here, ts < 0)."""
    parts = cmtrace.split(line)
    if parts is None:
        return Text(-1.0, "INFO", line[len(cmtrace.HEAD) :], "cmtrace")
    got = cmtrace.attributes(parts[1])
    if got is None:
        return None
    ts, level, fields = got
    return Text(ts, level, parts[0][len(cmtrace.HEAD) :], "cmtrace", fields or None)


def csv_duration_column(line: str) -> tuple[int, str, float] | None:
    """A CSV header row's first column named for a duration (as a record's key: Process
    Monitor's ``"Duration"``, seconds by the unitless name's convention), as (its index, the
    sample's name, the unit); None for a row of no such column or no header (a cell empty
    or opening with a digit)."""
    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    if len(cells) < 3 or any(not c or c[0].isdigit() for c in cells):
        return None
    for i, name in enumerate(cells):
        role = ROLES.get(name.lower()) or anytime.guess_role(name)
        if role is not None and role[0] == DURATION:
            return i, role[2], role[3]
    return None


def csv_duration(line: str, column: tuple[int, str, float]) -> tuple[tuple[str, float, str], ...]:
    """A CSV record's duration, in the column its header named (csv_duration_column)."""
    try:
        cells = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return ()
    at, name, unit = column
    if len(cells) <= at:
        return ()
    d = duration_ms(cells[at], unit)
    return () if d is None else ((name, d, ""),)


def _vpc_flow(line: str) -> Text | None:
    m = _VPC_FLOW.match(line)
    if m is None or m.group(1) == "-":
        return None
    fields = {"action": m.group(3), "log_status": m.group(4), "end": int(m.group(2) or 0)}
    return Text(float(m.group(1)), "INFO", line, "vpc-flow", fields)


# A full time near the start of a line of no known layout, in the notations logs use: ISO
# (a space before its offset, an unpadded hour), an access log's, ctime's and RFC 1123's
# (its zone a name, an offset, or Go's stand-in for a zone with no name: time.RFC1123 in
# Asia/Tashkent writes "Tue, 26 Oct 2021 01:57:29 +05").
_HEAD_TIME: Final = re.compile(
    # (Windows Update's classic log: a tab between them, the milliseconds after a colon; a
    # script's `date +%F@%T`: "[ 2017-10-01@20:06:48 ]")
    r"(?P<iso>\d{4}-\d\d-\d\d[T \t@] ?\d\d?:\d\d:\d\d(?:[.,]\d+|:\d{3}(?!\d))?"
    r"(?: ?(?:Z|[+-]\d\d:?\d\d)\b)?)"
    r"|(?P<clf>\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?)"
    r"|(?P<words>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? (?:\d\d? [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d"
    r"(?:\.\d+)?(?: [A-Z]{3}| [+-]\d{4}| [+-](?:0\d|1[0-4])\b)?"
    r"|[A-Z][a-z]{2} +\d\d? \d\d:\d\d:\d\d \d{4}))"
)


_MARKS: Final = frozenset({"AM", "PM", "am", "pm"})
# A bracketed group before a line's time is one word of its prefix, whatever its spaces
# (Suricata's "[8492 - Suricata-Main] 2024-12-17 21:10:49 Notice: ...").
_BRACKETS: Final = re.compile(r"\[[^\]\[]{0,40}\]")


def _meridiem(ts: float, text: str, after: str) -> float | None:
    """``ts`` read from ``text`` (an ISO date and a time of no zone) on a 12-hour clock,
    ``after`` (what follows the time and a space) its AM or PM: winston's and moment's
    ``YYYY-MM-DD hh:mm:ss A`` (``[2025-07-22 11:38:04 PM] info: ...``), 12 AM midnight's
    hour, 12 PM noon's. None when ``after`` is no such marker of such a time."""
    mark = after[:2]  # as moment's "A" and "a" write it ("Am I ...": a word)
    if mark not in _MARKS or after[2:3].isalnum() or text[-1:] == "Z":
        return None
    mark = mark.upper()
    hour = text[11:13]
    if not hour.isdigit() or not 1 <= int(hour) <= 12 or text[19:].lstrip(".,0123456789"):
        return None  # a 24-hour clock's hour, or a zone written
    if mark == "PM" and hour != "12":
        return ts + 12 * 3600.0
    if mark == "AM" and hour == "12":
        return ts - 12 * 3600.0
    return ts


# Java's pattern "yyyy-MM-DD" (DD the day of the year, a well-known slip for dd): a day of
# the year in three digits, its month beside it ("2025-08-225 09:19" is 13 August), the time
# with or without its seconds
_DAY_OF_YEAR: Final = re.compile(
    r"(\d{4})-(\d\d)-(\d{2,3}) (\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,6}))?)?(?: ([AP]M))? "
)


def _day_of_year_date(line: str) -> tuple[float, int] | None:
    """The time of a line opening with such a date (above), and where its message starts."""
    m = _DAY_OF_YEAR.match(line)
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if len(m.group(3)) == 2 and day <= 31:
        return None  # a day of the month as written: the common reading's, not this
    hour = int(m.group(4))
    if m.group(8):  # "hh:mm a": 12 AM midnight's hour, 12 PM noon's
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group(8) == "PM" else 0)
    try:
        date = datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=day - 1)
        clock = time(hour, int(m.group(5)), int(m.group(6) or 0))
    except (ValueError, OverflowError):
        return None
    if date.year != year or date.month != month:
        return None  # the day is no day of that year in that month: no such slip
    fraction = float("0." + m.group(7)) if m.group(7) else 0.0
    return datetime.combine(date.date(), clock, UTC).timestamp() + fraction, m.end()


def _head_words(head: str) -> int:
    """How many words stand before a line's time, a bracket's one; CLF's client, ident and
    user one (``127.0.0.1 - - 18/Jan/2021:16:37:21 +0100 "GET ..."``: Quarkus's access log
    before 2.0 wrote its time unbracketed)."""
    words = _BRACKETS.sub("[]", head).split()
    if len(words) == 3 and words[1] == "-" and words[0] != "-":
        return 1
    return len(words)


def _time_in_head(line: str, ref: float) -> Text | None:
    """A line of no known layout with a full time in its first 48 characters (NestJS,
    vsftpd's ctime, Samba's audit, a level before the time, a client's address before
    PostgreSQL's prefix): that time, and a level word if the line has one. Not a line that
    continues a traceback."""
    if anytime.env_assignment(line):
        return None
    m = _HEAD_TIME.search(line, 0, 80)
    if m is not None and m.start() > 0 and anytime.date_shown(line, m.start()):
        return None  # a date shown as data: an expiry, curl's "< Expires: ..." header
    if m is None or m.start() > 48 or continues(line):
        if continues(line):
            return None
        if line[4:5] == "-" and line[7:8] == "-" and " " in line[10:12]:
            doy = _day_of_year_date(line)
            if doy is not None:
                t = _found(doy[0], line)
                t.message = line[doy[1] :]
                return t
        found = anytime.dated_head(line, ref)  # any other common notation (section 7)
        if found is not None:
            t = _found(found[0], line)
            t.year_guessed = not found[1]  # Bacula's "23-Jan 12:18": held for a year (section 4)
            if t.fmt == "text" and t.message is line:
                end = anytime.head_end(line)
                if end > 0 and line[end : end + 1] == " ":
                    # the line opens with it (Plex's "Feb 06, 2026 12:48:39.813 [tid] DEBUG -
                    # ..."): the message is what follows, as under any layout's time, and
                    # after a thread's bracket and a level's word when they come first
                    t.message = line[end:].lstrip(" ")
                    lead = _THREAD_LEVEL_DASH.match(t.message)
                    if lead is not None and lead.group(2).lower() in TOKEN_LEVELS:
                        if lead.group(1):
                            t.fields = {**(t.fields or {}), "thread": lead.group(1)}
                        t.message = t.message[lead.end() :]
            return t
        ts = anytime.summary_time(line, ref)  # a build's "Finished at: <date>" (section 7)
        if ts is not None:
            return _summary(ts, line)
        ts = anytime.quoted_column_time(line)  # a CSV record's date column (section 7)
        if ts is None:
            ts = anytime.keyed_time(line)  # past the head: CEF's key=, an XML attribute
        if ts is None:
            ts = anytime.loose_head(line, ref)  # any notation dateutil reads (section 7)
        if ts is None:
            ts = anytime.tail_time(line)  # morgan's ":date[iso]" last (section 7)
        return None if ts is None else _found(ts, line)
    head = line[: m.start()]
    if head[-1:] == "=" and anytime.key_run_in(line, m.start()):
        return None  # data under a key run into a value (anytime.key_run_in)
    if head and head[-1] not in "[(" and _head_words(head) > 2:
        # a date in a sentence ("next run 2020-01-01 10:00"), not the line's; unless a run's
        # dated summary ("Test Suite 'X' started at 2018-01-22 03:03:22.064")
        ts = anytime.summary_time(line, ref)
        if ts is None:
            ts = anytime.tail_time(line)  # morgan's ":date[iso]" last (section 7)
            return None if ts is None else _found(ts, line)
        return _summary(ts, line)
    iso = m.group("iso")
    if iso is not None:
        text = iso.replace("T ", "T").replace("  ", " ").replace("\t", " ").replace("@", "T")
        if text[19:20] == ":" and text[16:17] == ":":
            text = text[:19] + "." + text[20:]  # "03:07:48:216": its milliseconds
        if text[11:13].endswith(":"):  # "2021-11-09 5:13:12": the hour unpadded
            text = text[:11] + "0" + text[11:]
        zone = text[-6:]
        if text[-7:-6] == " " and zone[0] in "+-":  # Serilog's "... 21:53:37.311 -05:00"
            text = text[:-7] + zone
        ts = parse_iso(text)
        if ts is not None and line[m.end() : m.end() + 1] == " ":
            twelve = _meridiem(ts, text, line[m.end() + 1 : m.end() + 4])
            if twelve is not None:
                ts = twelve
    elif m.group("clf") is not None:
        clf = m.group("clf")
        if "." in clf:  # HAProxy's "[14/Jan/2015:12:48:57.127]": milliseconds, no zone
            base, _, rest = clf.partition(".")
            ms = rest.split(" ", 1)[0]
            ts = parse_clf(base + (" " + rest.split(" ", 1)[1] if " " in rest else ""))
            ts = None if ts is None else ts + float("0." + ms)
        else:
            ts = parse_clf(clf)
            rest = line[m.end() :]
            if ts is not None and m.start() == 0 and rest[:8] == " [ERROR ":
                caddy = _caddy1_error(ts, rest)
                if caddy is not None:
                    return caddy
            if ts is not None and rest[:1] == " " and rest.lstrip(" ")[:1].isdigit():
                result = rest.split(None, 3)[2:3]
                if result and result[0][:4] in _SQUID_RESULTS:
                    # Squid's native line with %tl for its time (a site's own logformat)
                    squid = _squid_native(ts, rest.lstrip(" "))
                    if squid is not None:
                        return squid
    else:
        ts = loose_cached(m.group("words"), ref)
    if ts is None:
        return None
    return _found(ts, line)


# Caddy 1's errors log (caddyhttp/errors: "%s [ERROR %d %s] %v", the time in CLF's notation):
# the status it answered the request with (0 when the answer was already on its way), the
# request's path, the error.
_CADDY1_ERROR: Final = re.compile(r" \[ERROR (\d{1,3}) (\S*)\] ")


def _caddy1_error(ts: float, rest: str) -> Text | None:
    m = _CADDY1_ERROR.match(rest)
    if m is None:
        return None
    status = int(m.group(1))
    fields: dict[str, Any] = {"path": m.group(2)}
    t = Text(ts, "ERROR", rest[m.end() :], "caddy", fields)
    if 100 <= status <= 599:
        fields["status"] = status
        t.samples = ((HTTP_STATUS, float(status), ""),)
    return t


# MongoDB 2.x writes no level: a failed check is its message's first words after the thread's
# name (util/assert_util.cpp: "Assertion: 10334:...", "User Assertion: 11000:...",
# "Assertion failure expr file line"; a query's "assertion 13435 not master ...").
_ASSERTION: Final = re.compile(
    r"\] (?:(?:User )?Assertion: \d+:|Assertion failure |assertion \d+ )"
)
_TIME_THEN_SPACE: Final = re.compile(r"\d\d:\d\d:\d\d(?:[.,]\d+)? ")


# logcat -v tag's "E/Tag: msg" (a priority letter, a tag of two characters or more: not
# "I/O: ..."), as a layout of its own writes it behind its time and pid.
_LOGCAT_TAG: Final = re.compile(r"(?<!\S)([VDIWEF])/[A-Za-z][\w.$-]{1,63}: ")


def _summary(ts: float, line: str) -> Text:
    """A run's dated summary line (``Finished at: <date>``), marked as such."""
    t = _found(ts, line)
    t.summary = True
    return t


_THREAD_LEVEL_DASH: Final = re.compile(r"(?:\[([^\]\s]{1,40})\] )?([A-Za-z]{3,8}) +- ")


def _found(ts: float, line: str) -> Text:
    """A line of no known layout with a time: a level word, and a request it reports."""
    level = toolheads.sssd_level(line) or level_in(line)
    if level == "UNKNOWN":
        m = _TIME_THEN_SPACE.search(line, 0, 48)
        letter = _severity_letter(line[m.end() :]) if m is not None else None
        if letter is not None:  # MongoDB with --timeStampFormat ctime: "Wed Dec 31 ... E NETWORK"
            level = letter[0]
        elif _ASSERTION.search(line, 0, 160) is not None:
            level = "ERROR"
        else:
            tag = _LOGCAT_TAG.search(line, 0, 100)
            if tag is not None:  # logcat's tag layout behind a time: "... E/Tag: msg"
                level = levels.LETTERS[tag.group(1)]
    t = Text(ts, level, line, "text", None, (), True)
    b = line.find('] "', 0, 80)
    if b > 0 and " HTTP/" in line:  # Envoy's line behind a word ("ACCESS [time] ...")
        e = envoy(line[b + 2 :])
        # envoy() takes only its response flags after the status: a number there is CLF's
        # size, a combined line with an ISO time in its brackets (_access_layout's).
        if e is not None:
            e.ts, e.fmt = ts, "envoy"
            return e
    if " HTTP/" in line or _other_protocol(line):
        a = _access_layout(ts, line)  # nginx's log_format, Apache's LogFormat of its own
        if a is not None and _ANSWER_QUOTED.search(line) is not None:
            return a  # (a call's answer quoted: "Response from inventory: "GET /x ..." 500")
        if a is not None:
            # an access line inside (werkzeug's, uvicorn's, Django's runserver's through a
            # logging format at INFO: "... INFO 127.0.0.1 - - [21/Jul/2014 21:45:20] "GET /x
            # HTTP/1.1" 500 -"): its status's level below
            t = a
        else:
            http_in_text(t)
    if not t.samples and "] " in line[:64]:
        _haproxy(t, t.level in ("UNKNOWN", "INFO"))  # HAProxy's HTTP log without syslog
    if not t.samples and " req" in line:
        timed: list[tuple[str, float, str]] = []
        if _colon_pairs(line, {}, timed):  # a layout's "req_s:0.08" label, the line unread
            t.samples = tuple(timed)
    if not t.samples and "\t" in line:
        _tsv_status(t)
    if not t.samples:
        data = anytime.event_data(line)
        if data is not None:  # an XML event's named values, read as a record's keys
            t.samples = anytime.data_samples(data)
    if t.samples and t.level in ("UNKNOWN", "INFO") and t.samples[0][0] == HTTP_STATUS:
        t.level = levels.from_status(int(t.samples[0][1]))
    return t


# A request quoted after words that say it was a call's answer (from, upstream, received ...)
_ANSWER_QUOTED: Final = re.compile(
    r'(?i)\b(?:from|response|upstream|answered|returned|said|got|received)\b[^"]{0,40}"[A-Z]{3,7} '
)
# A status column then its reason phrase column, in a row of tab-separated columns.
_TSV_STATUS: Final = re.compile(r"\t([1-5]\d\d)\t([A-Za-z][A-Za-z' -]{1,40})(?=\t|$)")


def _tsv_status(t: Text) -> None:
    """Zeek's (Bro's) http.log without its ``#fields`` line (``... 0\t5\t200\tOK\t...``):
    a status is a column that its standard reason phrase follows."""
    for m in _TSV_STATUS.finditer(t.message):
        code = int(m.group(1))
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            continue
        if phrase.lower() == m.group(2).lower():
            _set_request(t, code, None)
            return


# Go chi's middleware.Logger (its DefaultLogFormatter) behind Go's log time: the request
# line quoted with the scheme and host, the client, the status, the bytes, the elapsed time.
_CHI: Final = re.compile(r'"[A-Z]+ \S+ HTTP/[\d.]+" from \S+ - ([1-5]\d\d) (\d+)B in (\S+)$')


def request_in(
    ts: float, level: str, message: str, fmt: str, fields: dict[str, Any] | None
) -> tuple[str, dict[str, Any] | None, tuple[tuple[str, float, str], ...]]:
    """An entry's level, fields and samples once its message is read for a request or a
    duration it says (said_request): unchanged, with no samples, when it says none; else
    the status's level, the fields it names merged over ``fields``."""
    said = Text(ts, level, message, fmt)
    said_request(said)
    if not said.samples:
        return level, fields, ()
    if said.fields:
        fields = {**fields, **said.fields} if fields else said.fields
    if said.level == "HTTP" and said.samples[0][0] == HTTP_STATUS and said.samples[0][1] >= 500:
        # npm's http level (winston's printf of morgan's lines): a 5xx is the line's
        # severity, the logger's word kept, as a JSON record's at it is
        return "ERROR", {**(fields or {}), "level": "http"}, said.samples
    return said.level, fields, said.samples


# GORM v2's logger (logger.go's traceStr): "[2.629ms] [rows:1] SELECT ...", the statement's
# time and the rows it touched ("-" when unknown), on the line after its caller's.
_GORM_TRACE: Final = re.compile(r"\[(\d+(?:\.\d+)?)ms\] \[rows:(?:-|\d+)\] ")
# A statement's time in brackets before it, padded (GoFrame's gdb: "[%3d ms] %s", later
# with its group and rows in brackets too: "[  3 ms] [default] [rows:1] SELECT ...").
_BRACKETED_SQL_TIME: Final = re.compile(
    r"\[ *(\d+(?:\.\d+)?) ?ms\](?: \[[^\]]{1,40}\])* (?i:SELECT|INSERT|UPDATE|DELETE|SHOW"
    r"|REPLACE|CREATE|ALTER|DROP|BEGIN|COMMIT|ROLLBACK|WITH|SET)\b"
)
_TELEGRAM_CALL: Final = "Telegram API was unsuccessful. Error code: "


# (with TRACE on, the response's headers after it: ", headers={...}")
_SPRING_COMPLETED: Final = re.compile(
    r"(?:^|\] )Completed ([1-5]\d\d) ([A-Z][A-Z_]+)(?:, headers=\{.*\})?$"
)
# Spring's HttpStatus names where Python's differ.
_SPRING_NAMES: Final = {
    413: "PAYLOAD_TOO_LARGE",
    414: "URI_TOO_LONG",
    418: "I_AM_A_TEAPOT",
    422: "UNPROCESSABLE_ENTITY",
    507: "INSUFFICIENT_STORAGE",
}


def _spring_completed(msg: str) -> int | None:
    """The status of Spring's "Completed <code> <HttpStatus name>", the name the code's."""
    m = _SPRING_COMPLETED.search(msg, 0, 4000)
    if m is None:
        return None
    code, name = int(m.group(1)), m.group(2)
    try:
        known = HTTPStatus(code).name
    except ValueError:
        return None
    return code if name in (known, _SPRING_NAMES.get(code)) else None


_METHOD_PATH_TOOK: Final = re.compile(r"[A-Z]{3,7} /\S* - (\d+(?:\.\d+)?)ms")
_ARTISAN_SERVED: Final = re.compile(r" \.{3,} ~ (\d+(?:\.\d+)?(?:ms|s))$")


def said_request(t: Text) -> None:
    """A status and duration the message says in words (``Completed 200 in 27ms``,
    ``took 8ms and returned 401``), else a duration closing it (docs: General fallbacks);
    a line at INFO or without a level then takes its status's level. For a text line whose
    layout found no request in it."""
    msg = t.message
    if quotes_a_line(msg):
        return  # another log's line quoted: its request and its time are that log's
    if msg[-1:] == "s" and " ~ " in msg[-16:] and (served := _ARTISAN_SERVED.search(msg)):
        # Laravel's `php artisan serve` (10+): "/orders/7 ........... ~ 500.45ms"
        t.samples = (("response_time_ms", duration_text(served.group(1)) or 0.0, ""),)
        return
    at = msg.find(_EF_COMMANDS[0], 0, 200)
    if at < 0:
        at = msg.find(_EF_COMMANDS[1], 0, 200)
    if at == 0 or (at > 0 and msg[at - 1] == " "):
        # (behind its logger's name in NLog's default layout, "${longdate} ${level} ${logger}
        # ${message}": "... Microsoft.EntityFrameworkCore.Database.Command Executed DbCommand")
        t.samples = ef_command(msg[at:])
        if t.samples:
            return
    if msg[:1] == "[" and "ms] [rows:" in msg[:28]:
        gorm = _GORM_TRACE.match(msg)
        if gorm is not None:  # GORM v2's SQL trace under its caller's line
            t.samples = (("query_ms", float(gorm.group(1)), ""),)
            return
    if msg[:1] == "[" and "ms] " in msg[:16]:
        sql = _BRACKETED_SQL_TIME.match(msg)
        if sql is not None:  # GoFrame's gdb: "[  3 ms] SHOW FULL COLUMNS FROM `user`"
            t.samples = (("query_ms", float(sql.group(1)), ""),)
            return
    if msg[:1] == '"' and '" from ' in msg:
        m = _CHI.match(msg)
        if m is not None:
            _set_request(t, int(m.group(1)), duration_text(m.group(3)))
            return
    if msg[-1:] == "}" and ": {" in msg and _embedded_record(t):
        return
    if "Completed " in msg and (spring := _spring_completed(msg)):
        # Spring's DispatcherServlet (5.x, FrameworkServlet.logResult): "Completed 500
        # INTERNAL_SERVER_ERROR", at DEBUG: the request it served
        _set_request(t, spring, None)
        _served_quietly(t)
        return
    if "router: completed " in msg and (gitea := _GITEA_UNANSWERED.search(msg)) is not None:
        # Gitea's (and Forgejo's) router log with no status written, "0 " in its place
        # (a request its handler took over, a push's git-receive-pack): served, unanswered
        t.samples = ((UNANSWERED_MS, float(gitea.group(1)), ""),)
        return
    if " returned with HTTP " in msg and (ours := _OPENSTACK_RETURNED.search(msg)) is not None:
        # OpenStack's API services (nova's, cinder's wsgi Resource: "%(url)s returned with
        # HTTP %(status)d"): the status it answered, its own endpoint's URL; its level kept,
        # as eventlet's access line for the same request ("status: 500 len: ... time: ...")
        # follows it in nova-api.log and is that request's error
        _status_only(t, int(ours.group(1)))
        return
    if " rid=" in msg and (mm := _MATTERMOST_ERROR.search(msg, 0, 300)) is not None:
        # Mattermost's AppError (1.x to 3.x, l4g's text log): "/api/v1/users/login code=401
        # rid=... uid=... ip=... Login failed [details: ...]", the status its API answered
        # with; its level kept (its [EROR] for a 4xx too, the line's own verdict)
        _status_only(t, int(mm.group(1)))
        return
    if "Internal server error, for (" in msg and (play := _PLAY_500.search(msg)) is not None:
        # Play's default error handler ("! @7c1hg8e1j - Internal server error, for (GET) [/]
        # ->"): the request it answered with a 500
        _set_request(t, 500, None, method=play.group(1), path=play.group(2))
        return
    if msg[:10] == "Rendering " and msg[-1:] == ")" and "rescues/layout" in msg:
        # Rails 2's rescue page for an exception it did not handle ("Rendering rescues/layout
        # (internal_server_error)", 2.3's the template's whole path: ".../templates/rescues/
        # layout.erb (not_found)"), its status's symbol: the request's answer, no Completed
        # line after it; the exception's report above is the error, this its status
        rescue = _RAILS_RESCUE_PAGE.search(msg)
        rescued = _RACK_STATUS.get(rescue.group(1)) if rescue is not None else None
        if rescued is not None:
            _status_only(t, rescued)
        return
    if _status_said(t):
        if anytime.served_summary(msg):
            _served_quietly(t)
        return
    if msg[:1].isdigit() or msg[:1] == " " or msg[:1] == "[":
        stated = anytime.statement_first(msg)
        if stated is not None:
            t.samples = (("query_ms", stated, ""),)
            return
    code = msg
    if msg[:5] != "code " and "] code " in msg:
        # the same under http.server's own head, "%s - - [%s] %s" (the client, its date)
        at = msg.find(" - - [", 0, 48)
        end = msg.find("] code ", at, at + 40) if at > 0 else -1
        code = msg[end + 2 :] if end > 0 else ""
    if code[:5] == "code " and code[8:18] == ", message " and code[5:8].isdigit():
        # Python's http.server (Django's runserver, werkzeug) on a request it refuses itself,
        # send_error's log_error("code %d, message %s"): the status it answered
        refused = int(code[5:8])
        if 100 <= refused < 600:
            _set_request(t, refused, None)
            return
    at = msg.find(_TELEGRAM_CALL)
    if at >= 0:
        # pyTelegramBotAPI's ApiTelegramException: "A request to the Telegram API was
        # unsuccessful. Error code: 400. Description: ...": the Bot API's error_code, the
        # number its server (tdlib/telegram-bot-api, HttpConnection) writes in the status line
        code = msg[at + len(_TELEGRAM_CALL) : at + len(_TELEGRAM_CALL) + 4]
        if code[:3].isdigit() and code[3:] == "." and 100 <= int(code[:3]) < 600:
            _set_request(t, int(code[:3]), None)
            return
    if msg[:4] == "==> ":
        # a build tool's step line (Render's deploy, Homebrew's, makepkg's): "==> Uploaded in
        # 3.8s. Compression took 0.9s" times the build's steps, no request
        return
    at = msg.find(" took_millis[")
    if at > 0:  # Elasticsearch's slow logs: "took[1.5s], took_millis[1500]," as its JSON's took
        end = msg.find("]", at + 13, at + 30)
        if end > 0 and msg[at + 13 : end].isdigit():
            t.samples = (("duration_ms", float(msg[at + 13 : end]), ""),)
            return
    at = msg.find(":took_in_nanos=>")
    if at > 0:  # Logstash's slow log: "{..., :took_in_nanos=>10477, :took_in_millis=>0, ...}"
        end = at + 16
        while end < len(msg) and msg[end].isdigit():
            end += 1
        if end > at + 16:
            t.samples = (("duration_ms", int(msg[at + 16 : end]) / 1e6, ""),)
            return
    took = anytime.operation_took(msg)
    if took is None:
        took = anytime.build_total(msg)  # Maven's, sbt's "Total time: 40.152 s"
    if took is not None:
        t.samples = (("duration_ms", took, ""),)
        return
    timed = anytime.program_timed(msg)
    if timed is not None:  # a GC's pause, a slow MongoDB operation, a ping's reply
        t.samples = ((timed[0], timed[1], ""),)
        return
    took = anytime.page_total(msg)  # CodeIgniter's "Total execution time: 0.5588"
    if took is not None:
        t.samples = (("response_time_ms", took, ""),)
        return
    took = anytime.packagekit_took(msg)  # a transaction a user asked for: a task's
    if took is not None:
        t.samples = ((TASK_MS, took, ""),)
        return
    took = anytime.gradle_result(msg)  # "BUILD FAILED in 1s": the whole build's run
    if took is not None:
        t.samples = ((RUN_MS, took, ""),)
        return
    took = testtimes.dbt_sql_time(msg)  # dbt's "[OK in 0.12s]": its node's SQL ran so long
    if took is not None:
        t.samples = (("query_ms", took, ""),)
        return
    ran = testtimes.runner_time(msg)  # a test's, a test run's, a module's: "PASSED [0.15s]"
    if ran is not None:
        t.samples = ((RUN_MS if ran[1] else TASK_MS, ran[0], ""),)
        return
    took = anytime.transfer_took(msg)  # "294 bytes, 0.014 secs (21000 bytes/sec)"
    if took is not None:
        t.samples = (("duration_ms", took, ""),)
        return
    took = anytime.duration_at_end(msg)
    if took is None and msg[-2:] == "ms" and msg[:3] in _METHOD_HEADS:
        # a Koa app's request line through log4js ("GET /users/info/admin - 17ms"): its
        # time, no status written
        m = _METHOD_PATH_TOOK.fullmatch(msg)
        took = float(m.group(1)) if m is not None else None
    if took is None:
        took = anytime.job_took(msg)
    if took is not None:
        t.samples = (("response_time_ms", took, ""),)
        return
    if msg[-1:].isdigit() and " webapp=" in msg and " path=/dataimport" not in msg:
        # (a DataImportHandler's import runs on after its request answered: its summary's
        # time is the whole import's, since the request came)
        solr = _SOLR_UPDATE.search(msg, max(0, len(msg) - 24))
        if solr is not None:  # Solr's update summary: its status 0 (success) and its ms
            t.samples = ((SERVED_OK_MS, float(solr.group(1)), ""),)
            return
    paired = anytime.pair_duration(msg)
    if paired is None:
        paired = anytime.listed_duration(msg)  # HDFS's clienttrace, "key: value, " pairs
    if paired is not None:
        name = paired[0]
        if name in REQUEST_DURATIONS and _NO_STATUS_PAIR.search(msg) is not None:
            name = UNANSWERED_MS  # kube-apiserver's httplog "... latency=... resp=0"
        elif name in REQUEST_DURATIONS and " status=0 QTime=" in msg:
            name = SERVED_OK_MS  # Solr's request line: status 0 its success (HTTP's 200)
            if " webapp=null path=null params={" in msg and _SOLR_WARMING.search(msg):
                # its own searcher's warming query (QuerySenderListener: "params={event=
                # firstSearcher&q=...}", newSearcher's), no client's: the core's own work,
                # timed as no request or work is (Solr 7's logger, "o.a.s.c.S.Request",
                # names a request)
                return
        t.samples = ((name, paired[1], ""),)
        return
    took = anytime.said_duration(msg)
    if took is None:
        took = anytime.prose_took(msg)
    if took is None and msg[-8:] == " seconds":
        took = cishapes.verdict_seconds(msg.lstrip(" "))  # a test's, "PASS - t in 0.1 seconds"
        if took is not None:
            took *= 1000.0
    if took is not None:
        t.samples = (("duration_ms", took, ""),)


_GITEA_UNANSWERED: Final = re.compile(
    r"router: completed [A-Z]+ \S+ for \S+, 0 +in (\d+(?:\.\d+)?)ms"
)
_OPENSTACK_RETURNED: Final = re.compile(r"://\S+ returned with HTTP ([1-5]\d\d)$")
_MATTERMOST_ERROR: Final = re.compile(r"(?:^|\] )/\S* code=([1-5]\d\d) rid=")
_PLAY_500: Final = re.compile(r"Internal server error, for \(([A-Z]+)\) \[(.*?)\](?: ->|$)")


# Rack's status symbols (Rack::Utils::SYMBOL_TO_STATUS_CODE), the reason phrases' words
# (its members with their aliases: 3.13 renamed UNPROCESSABLE_ENTITY, Rack's word)
_RACK_STATUS: Final = {name.lower(): int(code) for name, code in HTTPStatus.__members__.items()}
_RAILS_RESCUE_PAGE: Final = re.compile(r"rescues/layout(?:\.erb)? \((\w+)\)$")


# Solr's LogUpdateProcessor summary (``webapp=/solr path=/update params={...}{add=[...]} 0
# 1763``): what the update did, then " 0 " and the request's elapsed ms (its
# getLogStringAndClearRspToLog), no QTime label as its search requests have.
_SOLR_UPDATE: Final = re.compile(r"\} 0 (\d+)$")
# A searcher's warming query's parameter (QuerySenderListener's firstSearcher and newSearcher
# events), wherever the map's order put it: "params={start=0&event=newSearcher&q=...}"
_SOLR_WARMING: Final = re.compile(r"[{&]event=(?:first|new)Searcher[&}]")


# A request's status pair saying none was sent (measures.UNANSWERED_MS): kube-apiserver's
# httplog writes ``resp=0`` for a request whose handler wrote no header, Grafana
# ``status=-1``; a bare ``status=0`` is Solr's success.
_NO_STATUS_PAIR: Final = re.compile(r"(?<![\w.-])(?:resp=(?:0|-1)|status=-1)(?![\w.])")


# Tornado's LogFormatter (its default, tornado.log): "[%(levelname)1.1s %(asctime)s
# %(module)s:%(lineno)d] %(message)s", the date "%y%m%d %H:%M:%S", no zone.
_TORNADO: Final = re.compile(r"\[([DIWEC]) (\d{6}) (\d\d:\d\d:\d\d)(?:[.,]\d+)? ([\w.]+):(\d+)\] ")
# Jupyter's (traitlets' LogFormatter, Jupyter Server, JupyterHub; configurable-http-proxy
# writes the same): the letter, an ISO date and its time to the millisecond, the logger's
# name and, JupyterHub's, its module and line ("[E 2025-08-05 20:55:30.200 JupyterHub
# app:3502] ...", "[W 2025-08-05 20:54:40,258 tornado.access] ...").
_JUPYTER: Final = re.compile(
    r"\[([DIWEC]) (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:[.,]\d+)?) ([\w.-]+)(?: ([\w.-]+):(\d+))?\] ?"
)
# Notebook 6's (its log_datefmt "%H:%M:%S", the ms after: "[C 11:35:39.921 LabApp] received
# signal 15, stopping"): a time of day alone, the parser's to place
_JUPYTER_TOD: Final = re.compile(r"\[([DIWEC]) (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))? ([\w.-]+)\] ?")


def _jupyter_tod(line: str) -> Text | None:
    j = _JUPYTER_TOD.match(line)
    if j is None:
        return None
    tod = _day_seconds(j.group(2), j.group(3), j.group(4), j.group(5))
    if tod is None:
        return None
    named = {"logger": j.group(6)}
    t = Text(-1.0, _LETTERS_C[j.group(1)], line[j.end() :], "text", named, (), True)
    t.tod = tod
    return t


def _tornado(line: str) -> Text | None:
    if line[13:14] == " ":
        j = _JUPYTER.match(line)
        if j is None:
            return None
        ts = parse_iso(f"{j.group(2)}T{j.group(3).replace(',', '.')}")
        if ts is None:
            return None
        named = {"logger": j.group(4)}
        if j.group(5):
            named |= {"module": j.group(5), "lineno": j.group(6)}
        return Text(ts, _LETTERS_C[j.group(1)], line[j.end() :], "text", named, (), True)
    m = _TORNADO.match(line)
    if m is None:
        return None
    d = m.group(2)
    ts = parse_iso(f"20{d[:2]}-{d[2:4]}-{d[4:6]}T{m.group(3)}")
    if ts is None:
        return None
    named = {"module": m.group(4), "lineno": m.group(5)}
    return Text(ts, _LETTERS_C[m.group(1)], line[m.end() :], "text", named, (), True)


# Kamailio's (and OpenSER's) stderr log: its process number right-aligned in two columns, its
# index in the process table, the level, then the module ("<core>", "tm") and its source
# (" 1(8) ERROR: rtpengine [rtpengine.c:3070]: send_rtpp_command(): can't send ..."); no
# time, the file's clock its.
# (src/core/dprint.h: "%2d(%d) %s: %.*s%s%s%s", the level's name empty for L_CRIT, then the
# cfg's log_prefix, the stock kamailio.cfg's "{$mt $hdr(CSeq) $ci} ")
_KAMAILIO: Final = re.compile(
    r" ?\d{1,7}\((\d{1,7})\) (ALERT|BUG|CRITICAL|ERROR|WARNING|NOTICE|INFO|DEBUG|): "
    r"(?:\{[^{}]{0,200}\} )?(<[\w-]+>|[\w-]+):? "
)


# Meteor's server console (the logging package's format, `meteor run` and its deployments'
# logs): the level's letter, the local date and time to the ms, the offset from UTC in hours
# in parentheses, "?" when the time is the tool's, not the app's ("I20160316-17:20:37.819(0)?
# Started"; "(-7)" in San Francisco's summer, "(5.5)" in India).
_METEOR: Final = re.compile(
    r"([DIWE])(\d{4})(\d\d)(\d\d)-(\d\d:\d\d:\d\d\.\d{3})(?:\((-?\d{1,2}(?:\.\d+)?)\))?[? ] ?"
)
_METEOR_LEVELS: Final = {"D": "DEBUG", "I": "INFO", "W": "WARNING", "E": "ERROR"}
_JS_ERROR: Final = re.compile(r"[A-Z][A-Za-z]*Error: ")


def _meteor(line: str) -> Text | None:
    m = _METEOR.match(line)
    if m is None:
        return None
    ts = parse_iso(f"{m.group(2)}-{m.group(3)}-{m.group(4)}T{m.group(5)}")
    if ts is None:
        return None
    if m.group(6):
        ts -= float(m.group(6)) * 3600.0  # the offset east of UTC, in hours (none before 0.7)
    rest = line[m.end() :]
    level = _METEOR_LEVELS[m.group(1)]
    if rest[:9] == "(STDERR) ":
        # `meteor run` logs every line the app wrote to stderr as a warning: the stream's
        # letter, not a severity; the words say it
        rest = rest[9:]
        said = level_in(rest)
        if said != "UNKNOWN":
            level = said
        elif _JS_ERROR.match(rest) is not None:
            level = "ERROR"  # an exception's name opening it ("MongoError: failed to ...")
    return Text(ts, level, rest, "meteor", None, (), True)


def kamailio_head(line: str) -> bool:
    """Is an indented line Kamailio's own, its process number padded (" 1(8) ERROR: ...")?"""
    return _KAMAILIO.match(line) is not None


def _kamailio(line: str) -> Text | None:
    m = _KAMAILIO.match(line)
    if m is None:
        return None
    level = "CRITICAL" if m.group(2) in ("ALERT", "BUG", "") else levels.word(m.group(2))
    fields = {"module": m.group(3).strip("<>")}
    message = line[m.end() :]
    took = anytime.prose_took(message) if "executed in" in message else None
    samples = (("duration_ms", took, ""),) if took is not None else ()
    return Text(-1.0, level, message, "kamailio", fields, samples, True)


# BuildKit's plain progress (docker build --progress=plain): the step's number and the
# seconds since the build began, then the step's own output ("#44 225.9 2026-04-17T10:07:18
# .492Z INF Starting mockery ...").
_BUILDKIT_STEP: Final = re.compile(r"#(\d+) (\d+\.\d+) ")


def _buildkit_step(line: str, ref: float) -> Text | None:
    """A BuildKit step's output line read as the line it carries, when that has a time of its
    own (a service's log the build ran: its time and level), the step in its fields; else
    None (the step's words, timed by nothing but the build's clock)."""
    m = _BUILDKIT_STEP.match(line)
    if m is None or not line[m.end() : m.end() + 1].isdigit():
        return None
    inner = _parse_text(line[m.end() :], ref)
    if inner is None or inner.ts < 0 or inner.tod >= 0 or inner.year_guessed:
        return None
    inner.fields = {**(inner.fields or {}), "build_step": int(m.group(1))}
    inner.multiline = False  # the build's next lines are its steps' own, no trace of this one
    return inner


def _sshkit(line: str) -> Text | None:
    """An SSHKit line (Capistrano's log): untimed but for its run's START line; a command's
    run time and exit status on its Finished line, its level SSHKit's (a failed command's
    error is the one Capistrano reports after)."""
    said = rubylog.sshkit_line(line)
    if said is None:
        return None
    fields = {"command": said.command} if said.command else None
    t = Text(-1.0 if said.ts is None else said.ts, said.level, said.message, "sshkit", fields)
    if said.message[:1] == "\t" and said.message.startswith(PY_TRACEBACK, 1):
        # a command's output (SSHKit tabs its first line in) opening a Python traceback: the
        # command failed (Capistrano's migrate); the trace's lines after it, at the margin,
        # its rest
        t.level = "ERROR"
        t.multiline = True
    if said.took_ms is not None:
        t.samples = ((TASK_MS, said.took_ms, ""),)
        t.fields = {**(fields or {}), "exit_status": said.exit_status}
    return t


def _parse_text(line: str, ref: float) -> Text | None:
    if "\x1b[" in line:  # colours of a terminal's output (docker compose, Spring Boot)
        line = _ANSI.sub("", line)
        if not line:
            return None
    c = line[0]
    if c == "{" and line[1:22] == "address space usage: ":
        return _uwsgi_memory(line, ref)
    if (c == " " or c.isdigit()) and ") " in line[2:12] and (k := _kamailio(line)) is not None:
        return k
    if c == " " and line[:7] in rubylog.HEADS and (ssh := _sshkit(line)) is not None:
        return ssh
    if c == "#" and line[1:2].isdigit() and (built := _buildkit_step(line, ref)) is not None:
        return built
    if c == "#" and line[:21] == "# Logfile created on ":
        created = rubylog.logfile_created(line)
        if created is not None:  # Ruby's Logger's header: the file's first time
            return Text(created, "INFO", line[2:], "ruby-logger")
    if line[9:10] == "-" and c in "DIWE" and line[1:9].isdigit() and (mt := _meteor(line)):
        return mt
    if (
        (c == "+" or c == "-")
        and line[5:6] == " "
        and line[1:5].isdigit()
        and line[10:11] == "-"
        and line[25:26] == " "
    ):
        # sing-box's head, the zone first: "+0300 2026-01-26 19:04:17 INFO ..." (its log
        # package's "-0700 2006-01-02 15:04:05"): the time read with its zone after it
        line = line[6:25] + line[:5] + line[25:]
        c = line[0]
    if c > "\u4dff" and c < "\u9fa6":  # a CJK ideograph first: JUL's date in Chinese
        translated = _jul_translated(line)
        if translated is not None:
            return translated
    if c.isdigit():
        if line[14:15] == "|" or (line[19:20] in ".Z" and "Z|" in line[19:32]):
            served = artifactory.request_line(line)
            if served is not None:
                ts, status, took, cells = served
                samples = ((HTTP_STATUS, float(status), ""), ("response_time_ms", took, ""))
                level = levels.from_status(status)
                # (its message the request and its answer, as a JSON access record's
                # summary reads; its client, user, method and path its fields)
                said = f"{cells['method']} {cells['path']} {status}"
                return Text(ts, level, said, "artifactory", cells, samples)
        if line[1:2] == "." and "e+09\t" in line[:26]:
            # zap's console encoder with its epoch encoder: the seconds as Go's %g writes a
            # float64 this large ("1.630318886106265e+09\tinfo\thttp.log.access...": Caddy
            # v2 before 2.5)
            tab = line.find("\t")
            try:
                return _tabbed(line[tab + 1 :], float(line[:tab]))
            except ValueError:
                pass
        if line[3:5] == " (":
            e = _condor_event(line, ref)
            if e is not None:
                return e
        if line[4:5] in ("-", "/") and line[7:8] == line[4:5]:
            if line[10:11] == "\t":
                return _cloudfront(line)
            if line[9:10] == " " and line[4:5] == "-":  # a one-digit day: JDK 6's JUL date
                translated = _jul_translated(line)
                if translated is not None:
                    return translated
            if line[10:11] == "_" and line[13:14] == ":":
                # runit's svlogd -tt ("2019-04-02_15:22:37.56916 ", UTC: GitLab Omnibus'
                # logs/*/current), its date and time joined by "_"
                return _timestamped(line[:10] + " " + line[11:], ref)
            return _timestamped(line, ref)
        if line[4:5] == "." and line[7:8] == "." and line[10:11] == " " and line[:4].isdigit():
            # "2019.05.14 14:57:42" (stunnel's log.c, "%04d.%02d.%02d %02d:%02d:%02d")
            return _timestamped(f"{line[:4]}-{line[5:7]}-{line[8:10]}{line[10:]}", ref)
        if (
            (line[4:5] == "-" and line[6:7] == "-")
            or line[1:2] in ("月", "월")
            or line[2:3] in ("月", "월")
            or ((line[1:2] == " " or line[2:3] == " ") and line.find(", ", 3, 7) > 0)
        ):
            # a one-digit month (JDK 6's), CLDR's "4月" and "4월", JDK 8's Japanese "4 26, "
            translated = _jul_translated(line)
            if translated is not None:
                return translated
        if line[2:3] == "-" and line[6:7] == "-":
            return _dmy(line, ref)
        if line[2:3] == "-" and line[5:6] == "-" and line[8:9] == " ":
            y = _short_year_first(line)
            if y is not None:
                return y
        if line[2:3] == ":" and line[5:6] == ":" and line[8:9] in (".", " ", ",", "@"):
            return _time_of_day(line, ref)  # "," JBoss/WildFly's "%d{HH:mm:ss,SSS}"
        if line[4:6] in ("AM", "PM") or line[5:7] in ("AM", "PM"):
            z = _zerolog_console(line)
            if z is not None:
                return z
        if line[13:14] == "," and line[:13].isdigit():
            # a CSV export's epoch-ms time column, then the message (section 7)
            return _export_message(int(line[:13]) / 1e3, line[14:], ref)
        if line[6:7] == ":" or line[7:8] == ":":
            z = _zabbix(line)
            if z is not None:
                return z
        t = _compact(line, ref)
        if t is not None:
            return t
        if line[5:6] == " ":
            n = _ntp_stats(line)
            if n is not None:
                return n
        r = _redis(line, ref)
        if r is not None:
            return r
        a = _access(line)
        if a is None and " HTTP/" in line:
            a = _morgan(line)  # morgan's short: the client's address first
        if a is None and line.find(" - ", 0, 48) > 0 and '" ' in line:
            a = _fpm_access(line)
        if a is None and (" Normal " in line[:40] or " Warning " in line[:40]):
            a = _kube_event(line)
        return a if a is not None else _node_event(line)
    if c == "|" and line[1:2] == " " and line.endswith("|"):
        row = _table_row(line, ref)  # the AWS CLI's --output table (section 7)
        if row is not None:
            return row
    if c == "<":
        if line[1:7] == "log4j:":
            x = _log4j_event(line)
            if x is not None:
                return x
        elif line[1:7] == "![LOG[":
            return _cmtrace_record(line)
        elif line[1:8] == "record>" and julxml.opens(line):
            # java.util.logging's XMLFormatter: a record over lines, its time inside them
            # (the parser reads it as the record ends: no time here, ts < 0)
            return Text(-1.0, "INFO", "", "jul-xml")
        return _pri(line, ref)
    if c == "[":
        if line[2:3] == " " and line[1:2] in _LETTERS_C:
            if " " in (line[9:10], line[13:14]):
                tornado = _tornado(line)
                if tornado is not None:
                    return tornado
            elif line[5:6] == ":" and line[8:9] == ":":
                notebook = _jupyter_tod(line)
                if notebook is not None:
                    return notebook
        if line[1:6] == "Nest]":
            nest = _nest(line)
            if nest is not None:
                return nest
        if line[5:6] == "/" and line[8:9] == "/" and line[1:5].isdigit():
            sb = _samba(line)
            if sb is not None:
                return sb
        if line.find("][", 2, 14) > 0 and line[1:2] in _ARDUINO_START:
            a = _device_console(devconsoles.arduino_esp32(line), "arduino-esp32")
            if a is not None:
                return a
        if line[1:2] == " " and line[3:4] == " " and line[2:3] in _PASSENGER_LEVELS:
            ps = _passenger(line)
            if ps is not None:
                return ps
        if line[1:2] == " " and line[2:3].isdigit():
            lc = _logcat_long(line, ref)
            if lc is not None:
                return lc
        if line.startswith("[pid: "):
            return _uwsgi(line, ref)
        if line[1:3] == "#|":
            u = _uniform_log(line)
            if u is not None:
                return u
        if line[:16] == "[otel.javaagent ":
            otel = _otel_javaagent(line)
            if otel is not None:
                return otel
        if line[25:27] in _RAY_LETTERS and line[24:25] == " " and line[5:6] == "-":
            ray = _ray(line)
            if ray is not None:
                return ray
        b = _bracketed(line, ref)
        if b is None:
            b = _level_first(line)
        if b is None and line[4:5] == " " and line[16:18] == "] ":
            b = _bracket_month_day(line, ref)
        if b is None and line[5:6] == "-" and line[1:5].isdigit():
            b = _bracket_iso(line)
        if b is None and line[3:4] == "-" and line[7:8] == "-":
            b = _php_named_zone(line)
        if b is None and line[3:4] == "/" and line[7:8] == "/":
            b = _bracket_clf(line)
        if b is None and line[2:4] == "][" and line[6:7] == "/":
            b = _bracket_clf(line[3:])  # a one-letter tag before it ("[u][07/Mar/2020:...]")
        if b is None and line[3:4] == ":" and line[6:7] == ":":
            b = _bracket_tod_level(line)
        if b is None and line[1:2] in _UPTIME_START:
            b = _uptime(line)
            if b is None and line[1:2] != " ":
                b = _chromium(line, ref)
        if b is None and line[1:2].isdigit() and line.find("] ", 2, 10) > 0:
            b = _redis(line, ref)  # Redis 2.x: "[4018] 14 Nov 07:01:22.119 * msg"
        if b is None and line[1:2].isdigit() and line.find(" | signal handler] (", 2, 30) > 0:
            b = _redis_signal_old(line)
        if b is None and line[1:2].isdigit():
            b = _websphere(line)
        if b is None and line[1:2].isdigit() and "] === puma " in line[:16]:
            # Puma's cluster mode: its master's pid before the banner ("[9173] === puma
            # shutdown: ...")
            b = _puma_banner(line[line.find("] ") + 2 :])
            if b is not None:
                b.message = line
        if b is None and '] "' in line[:300]:
            # a program's tag before its access line (InfluxDB 1.x's "[httpd] 127.0.0.1 - -
            # [...] ..."), read as a virtual host's name before one is
            b = _access(line)
        return b if b is not None else _proxifier(line, ref)
    if (c == "=" or c == "-") and line[1:4] in ("== ", "-- "):
        g = _go_test(line)
        if g is not None:
            return g
        if line[4:9] == "puma ":
            return _puma_banner(line)
    if c == "-" and line[1:2] == " ":
        e = _epoch_labelled(line)
        if e is None and '] "' in line[:200]:
            return _access(line)  # no client before the proxy's: "- 127.0.0.1 - [...]"
        return e
    if c == "#" and line[1:2] == " ":
        return _mysql_slow(line)
    if c == "#" and line.startswith("####<"):
        return _weblogic(line, ref)
    if c == '"' and line[1:5].isdigit() and line[5:6] == "-":
        return _postgres_csv_quoted(line)
    if c == '"' and line.find('","', 2, 16) > 0:
        return _cfml_row(line)
    if c == " " and line[6:7] == ":":
        return _zabbix(line)  # its pid right-aligned: "  4312:20240127:151224.825 ..."
    if c == "(" and " pid=" in line[:48]:
        v = _vllm(line, ref)  # a worker process's line: "(EngineCore_DP0 pid=275) INFO ..."
        if v is not None:
            return v
    if not c.isalpha():
        return _access(line) if '] "' in line[:200] else None  # an IPv6 client
    if c == "s" and line[:8] == "section_":
        sec = cishapes.gitlab_section(line)
        if sec is not None:  # GitLab Runner's job trace: its sections' epochs its only times
            return Text(sec[0], "INFO", sec[2] or sec[1], "gitlab-section", {"section": sec[1]})
    if (c == "F" or c == "P" or c == "o") and line[:4] in ("FAIL", "PASS", "ok  ", "ok\t"):
        g = _go_test(line)
        if g is not None:
            return g
    if line[1:3] == " (" and c in "EWIDV":  # ESP-IDF's "E (321) tag: msg"
        esp = _device_console(devconsoles.esp_idf(line), "esp-idf")
        if esp is not None:
            return esp
    if line[:4] in _VLLM_OPENS:
        v = _vllm(line, ref)
        if v is not None:
            return v
    if line[4:5] == "[" and line[:4] in _LOGRUS_LEVELS:
        lr = _logrus_tty(line)
        if lr is not None:
            return lr
    if line[5:6] == "[" and line[8:9] == "-" and line[11:12] == "|":
        g = _log15(line, ref)
        if g is not None:
            return g
    if c in "IWEFD" and len(line) > 21 and line[5] == " " and line[8] == ":":
        k = _klog(line, ref)
        if k is not None:
            return k
    if c in "IWEF" and line[9:10] == " " and line[12:13] == ":" and line[1:9].isdigit():
        k = _glog_year(line)
        if k is not None:
            return k
    if c in "IWEF" and line[7:8] == " " and line[10:11] == ":" and line[1:7].isdigit():
        k = _crdb(line)
        if k is not None:
            return k
    if line[1:2] == "/" and c in "VDIWEF":
        b = _logcat_brief(line)
        if b is not None:
            return b
    dot = line.find(".", 2, 10)
    if dot > 0 and line[:dot] in _FACILITIES:
        f = _facility_prefixed(line, dot, ref)
        if f is not None:
            return f
    if line[3:4] == " " and line[8:9] == "-" and line[4:8].isdigit() and line[:3].lower() in _DAYS:
        # journalctl -o short-full: "Thu 2024-05-16 11:00:01 CEST host prog[pid]: msg"
        full = _timestamped(line[4:], ref)
        if full is not None:
            return full
    if line[3:4] == " " and line[:3].lower() in MONTHS:
        s = _syslog_3164(line, 0, ref, "")
        if s is not None:
            return s
        jul = _jul(line, ref)
        if jul is not None:
            return jul
    elif (
        (line[3:4] == " " and line[:3].lower() in LOCALE_MONTHS)
        or (line[4:7].find(" ") >= 0 and line[:1].isalpha() and _locale_month_head(line))
    ) and (local := _syslog_3164(line, 0, ref, "")) is not None:
        # journalctl in a Russian or a French locale: "июн 01 11:43:37 host prog[1]: msg",
        # "févr. 05 17:37:29 NAS dockerd[914]: msg"
        return local
    elif line.find(", ", 5, 12) > 0 and line[:1].isalpha():
        jul = _jul_localised(line)  # "lug 18, 2014 1:02:49 PM", "juil. 18, ..."
        if jul is not None:
            return jul
    if line[1:4] == ", [":
        r = _ruby(line)
        if r is not None:
            return r
    sp = line.find(" ", 0, 6)
    if sp > 0 and line[:sp] in _ALB_TYPES:
        a = _alb(line, sp)
        if a is not None:
            return a
    pid = line.find(" [pid: ", 0, 48)
    if pid > 0:  # uWSGI's request line behind its --log-prefix ("UWSGI: [pid: 12] ...")
        u = _uwsgi(line[pid + 1 :], ref)
        if u is not None:
            return u
    mem = line.find(" {address space usage: ", 0, 48)
    if mem > 0:  # and its memory report behind a prefix encoder's words or --vhost's host
        u = _uwsgi_memory(line[mem + 1 :], ref)
        if u is not None:
            return u
    if line[:1].isupper() and line[1:2].isupper():
        e = _epoch_labelled(line)  # BGL's and Thunderbird's alert-labelled lines
        if e is not None:
            return e
    if c in "TDIWEFU" and (line.find(" [", 3, 8) > 0 or line.find(" (", 3, 8) > 0):
        if line[6:7] == "[" or line[5:6] == "[":  # "%-5level [": Cassandra's; log4j's %5p
            cas = _level_thread_time(line)
            if cas is not None:
                return cas
        pino = _pino_level_first(line)
        if pino is not None:
            return pino
    sp = line.find(" ", 3, 9)
    if sp > 0 and line[:sp] in _PY_LEVELS:
        # Python logging's "%(levelname)s %(asctime)s ..." (Django's documented "verbose"
        # formatter: "{levelname} {asctime} {module} {process:d} {thread:d} {message}"),
        # its level padded or not: the date after the level word
        at = sp + 1 if line[sp + 1 : sp + 2] != " " else len(line) - len(line[sp:].lstrip(" "))
        if line[at : at + 4].isdigit() and line[at + 4 : at + 5] == "-":
            dated = _timestamped(line[at:], ref)
            if dated is not None and dated.ts >= 0:
                dated.level = levels.word(line[:sp])
                return dated
    colon = line.find(":", 0, 10)
    if colon > 3 and line[colon + 1 : colon + 2] == " " and line[colon + 2 : colon + 3].isdigit():
        # Go's log.New(w, "INFO: ", log.LstdFlags|log.Lmicroseconds) (Weave Net's): the
        # prefix before the date; logrus' four letters (FATA, ERRO, DEBU) as well.
        word = line[:colon]
        if word in _PY_LEVELS or word in _GO_PREFIX_LEVELS:
            dated = _timestamped(line[colon + 2 :], ref)
            if dated is not None and dated.ts >= 0:
                dated.level = levels.word(_GO_PREFIX_LEVELS.get(word, word))
                return dated
    if (
        colon > 2
        and line[colon + 1 : colon + 3] == "  "
        and line[colon + 3 : colon + 4] != " "
        and line[:colon] in _PG_LEVELS
        and line[:colon] != "WARNING"  # (uvicorn's "WARNING:  msg" too: the python reading)
    ):
        # PostgreSQL with an empty log_line_prefix: "LOG:  duration: 0.2 ms", its level word
        # then two spaces (elog.c's "%s:  "), no time.
        return _postgres(line, -1.0)
    if colon > 3 and line[:colon] in _PY_LEVELS:
        if line[colon + 1 : colon + 2] == " " and " (pid " in line[:40]:
            apport = _apport(line)
            if apport is not None:
                return apport
        rest = line[colon + 1 :]
        j = -1 if rest[:1] == " " else rest.find(":")  # uvicorn's "INFO:     msg"
        fields = {"logger": rest[:j]} if j > 0 else None
        msg = rest[j + 1 :] if j > 0 else rest.lstrip(" ")
        t = Text(-1.0, levels.word(line[:colon]), msg, "python", fields, (), True)
        if " HTTP/" in msg or _other_protocol(msg):
            http_in_text(t)
            if '] "' in msg:  # werkzeug's access line through logging: its time is the line's
                a = _access(msg)
                if a is not None and a.ts >= 0:
                    t.ts = a.ts
        return t
    if line[4:6] == ": " and line[:4] in _DOTNET_LEVELS:
        if _DOTNET_HEAD.match(line):
            return _dotnet(line)
        ef = _ef_simple(line, ref)
        if ef is not None:
            return ef
    if line.startswith(LAMBDA_REPORT):
        return _lambda_report(line)
    if line.startswith(("Started ", "Completed ", "Processing ")):
        r = _rails(line)
        if r is not None:
            return r
    if line[:3] in _METHOD_HEADS:
        m = _morgan(line)
        if m is not None:
            return m
    if line.find("::", 1, 64) > 0:
        v = _vdsm(line)
        if v is not None:
            return v
    if c.isalpha() and ("|" in line or "\t" in line):
        if line.find("|", 3, 9) > 0:
            y = _yajsw(line)
            if y is not None:
                return y
        lb = _labelled(line)  # LTSV, or its pairs joined by "|" (an nginx log_format)
        if lb is not None:
            return lb
    eq = line.find("=", 0, 64)
    if eq == 4 and c == "t":  # RouterOS' print detail: "time=feb/14 07:00:01 topics=..."
        n = _network(line, ref)
        if n is not None:
            return n
    if eq > 0:
        lf = _logfmt(line)
        if lf is not None:
            return lf
    if '] "' in line:
        return _access(line)
    if line.find("] ", 64, 200) > 0 and ' "' in line:
        return _s3_access(line)  # S3's: its owner's 64-hex ID first, the time after the bucket
    if " Normal " in line[:120] or " Warning " in line[:120]:
        return _kube_event(line)  # kubectl get events -A: the namespace first
    return None


# --- timestamp first --------------------------------------------------------------------


def _ts_end(line: str) -> int:
    """Where a leading ``YYYY-MM-DD[T ]HH:MM:SS[.frac][zone]`` ends; 0 if none."""
    n = len(line)
    if n < 19 or line[10] not in "T " or line[13] != ":" or line[16] != ":":
        return 0
    i = 19
    if i + 1 < n and line[i] in ".," and line[i + 1].isdigit():
        i += 1
        while i < n and line[i].isdigit():
            i += 1
    if i < n:
        c = line[i]
        if c == "Z":
            i += 1
        elif c in "+-" and line[i + 1 : i + 3].isdigit():
            i += 3
            if line[i : i + 1] == ":":
                i += 1
            if line[i : i + 2].isdigit():
                i += 2
        elif c == " " and line[i + 1 : i + 2] in ("+", "-") and line[i + 2 : i + 6].isdigit():
            i += 6  # Go's "2024-05-16 09:23:38.123 +0000 UTC"
        elif (
            c == " "
            and line[i + 1 : i + 2] in ("+", "-")
            and line[i + 4 : i + 5] == ":"
            and line[i + 2 : i + 4].isdigit()
            and line[i + 5 : i + 7].isdigit()
        ):
            i += 7  # Serilog's "2023-04-23 21:53:37.311 -05:00"
        elif (
            c == " "
            and line[i + 1 : i + 2] in ("+", "-")
            and line[i + 2 : i + 4].isdigit()
            and line[i + 4 : i + 5] in ("", " ")
        ):
            i += 4  # PostgreSQL's %t/%m in a whole-hour zone: "2021-07-27 19:43:51 +07"
    if line[i : i + 1] == " ":
        j = i + 1
        while j < n and j - i <= 5 and line[j].isupper():
            j += 1
        # PostgreSQL's %t before a prefix of colons (Amazon RDS: "%t:%r:%u@%d:[%p]:")
        if j - i >= 2 and (j == n or line[j] in " ,:") and line[i + 1 : j] in ZONES:
            i = j
    return i


# go-zero's logx levels (core/logx/vars.go), as its plain encoding writes them.
_GO_ZERO_LEVELS: Final = frozenset(
    {"info", "error", "severe", "fatal", "slow", "stat", "debug", "alert"}
)


def _go_zero_plain(rest: str, sep: int, ts: float) -> Text:
    """go-zero's logx, its plain encoding (writePlainText): the level padded by a space each
    side (``\t slow \t``), the content, then the entry's fields as ``key=value``, a tab
    before each: a record as its JSON encoding writes it (``content``, ``duration``, ...,
    its access line's ``[HTTP] 200 - ...`` read there)."""
    parts = rest[sep + 2 :].split("\t")
    record: dict[str, Any] = {"level": rest[:sep], "content": parts[0]}
    for item in parts[1:]:
        eq = item.find("=")
        if eq > 0:
            record.setdefault(item[:eq], item[eq + 1 :])
    t = Text(ts, levels.word(rest[:sep]), parts[0], "text")
    t.record = record
    return t


_MINUTE_SECOND: Final = re.compile(r":\d{2,4} +(?=[a-zA-Z\x1b\[])")


def _timestamped(line: str, ref: float) -> Text | None:
    end = _ts_end(line)
    if not end:
        return None
    ts = parse_iso(line[:end])
    if ts is None:
        return None
    if line[end : end + 1] == " " and line[end + 2 : end + 3] in ("M", "m"):
        twelve = _meridiem(ts, line[:end], line[end + 1 : end + 4])
        if twelve is not None:  # a 12-hour clock: "2025-07-22 11:38:04 PM info: ..."
            ts = twelve
            end += 3
    rest = line[end:].lstrip(" \t")
    if end == 19 and rest[:1] == ":" and (tail := _MINUTE_SECOND.match(rest)) is not None:
        # winston's timestamp format "YYYY-MM-DD HH:mm:ss:ms" (moment's and fecha's minute
        # and second again, "13:54:20:5420"), copied from tutorials: the time is before it
        rest = rest[tail.end() :]
    # Squid's bar follows its time at once when no label stands between ("07:01:11| msg"); a
    # bar after a space is a column of another layout (Gin's "| 200 |    1.2ms |")
    if line[4] == "/" and (line[end : end + 2] == "| " or rest[:1].isalpha()):
        sq = _squid_cache(rest, ts)
        if sq is not None:
            return sq
    if rest[6:7] == " " and rest[8:9] == " " and rest[:6] in ("stdout", "stderr"):
        return _cri(rest, ts, ref)
    if line[end - 1 : end] == "Z" and line[19:20] == "." and OWN_LINE_OPENS.match(rest):
        stamped = _stamped(rest, ts)
        if stamped is not None:
            return stamped
    if rest[4:6] == ": " and rest[:4] in _DOTNET_LEVELS and _DOTNET_HEAD.match(rest):
        d = _dotnet(rest)  # .NET's console logger with its TimestampFormat set
        d.ts = ts
        return d
    pg = _postgres(rest, ts) if rest[:1] != "," else _postgres_csv(rest, ts)
    if pg is not None:
        return pg
    if rest[:1] == "[" or rest[:1].isdigit():
        bouncer = _pgbouncer(rest, ts)
        if bouncer is not None:
            return bouncer
        my = _mysql_error_log(rest, ts) if rest[:1] != "[" else None
        if my is not None:
            return my
    elif rest[:2] == "| ":
        lg = _loguru(rest, ts)
        if lg is not None:
            return lg
    elif rest[:1] == "|":
        nl = _nlog(rest, ts)
        if nl is not None:
            return nl
    return _after_time(line, rest, ts)


# PgBouncer's levels (libusual's logging.c: "time [pid] LEVEL message", no colon after the
# level; older releases write the pid without brackets), read as PostgreSQL's.
_PGBOUNCER_LEVELS: Final[dict[str, str]] = {
    "FATAL": "FATAL",
    "ERROR": "ERROR",
    "WARNING": "WARNING",
    "LOG": "INFO",
    "DEBUG": "DEBUG",
    "NOISE": "DEBUG",
}


# MySQL's error log (5.7 and 8.0, log_error_services' traditional format): the thread, the
# label (System, ERROR, Warning, Note), from 8.0 the error code and the subsystem.
_MYSQL_ERROR_LOG: Final = re.compile(
    r"(\d+) \[(System|ERROR|Error|Warning|Note)\] (?:\[(MY-\d+)\] \[(\w+)\] )?"
)
# System messages (startup, shutdown) are logged whatever the verbosity: no error.
_MYSQL_LABELS: Final = {"System": "INFO", "Note": "INFO", "Warning": "WARNING"}


def _mysql_error_log(rest: str, ts: float) -> Text | None:
    """``2024-05-16T09:23:51.123456Z 0 [System] [MY-010116] [Server] msg``."""
    m = _MYSQL_ERROR_LOG.match(rest)
    if m is None:
        return None
    fields: dict[str, Any] = {"thread": m.group(1), "label": m.group(2)}
    if m.group(3) is not None:
        fields["error_code"], fields["subsystem"] = m.group(3), m.group(4)
    level = _MYSQL_LABELS.get(m.group(2), "ERROR")
    return Text(ts, level, rest[m.end() :], "mysql", fields, (), True)


def _pgbouncer(rest: str, ts: float) -> Text | None:
    """PgBouncer's ``[812] LOG C-0x55d1e0f1a2b0: db/user@host:port login attempt ...``;
    without brackets (older releases) only its own LOG and NOISE tell it from OpenStack's
    ``time pid LEVEL logger``."""
    if rest[0] == "[":
        end = rest.find("] ", 1, 12)
        pid = rest[1:end] if end > 0 else ""
        at = end + 2
    else:
        end = rest.find(" ", 1, 12)
        pid = rest[:end] if end > 0 else ""
        at = end + 1
    if not pid.isdigit():
        return None
    sp = rest.find(" ", at, at + 8)
    word = rest[at:sp] if sp > 0 else ""
    level = _PGBOUNCER_LEVELS.get(word)
    if level is None or (rest[0] != "[" and word not in ("LOG", "NOISE")):
        return None  # a bare pid then ERROR: OpenStack's too, read by the level token
    fields: dict[str, Any] = {"pid": pid, "pg_level": word}
    return Text(ts, level, rest[sp + 1 :], "pgbouncer", fields, (), True)


def _loguru(rest: str, ts: float) -> Text | None:
    """loguru's default ``time | LEVEL    | module:function:line - message``; its SUCCESS
    is kept in fields as written."""
    bar = rest.find(" | ", 2, 40)
    if bar < 0:
        return None
    word = rest[2:bar].strip()
    if word.lower() not in levels.WORDS:  # a column of another layout, not a level
        return None
    level = levels.word(word)
    dash = rest.find(" - ", bar + 3)
    if dash < 0:
        return None
    fields: dict[str, Any] = {"source": rest[bar + 3 : dash]}
    if level != word:
        fields["level"] = word
    return Text(ts, level, rest[dash + 3 :], "loguru", fields, (), True)


def _squid_cache(rest: str, ts: float) -> Text | None:
    """Squid's cache.log (debug.cc: the time, ``%Y/%m/%d %H:%M:%S`` with ``.%03d`` at a debug
    level over 1, then the process's label when it has one, `` kid1`` in SMP mode or a
    helper's name, then ``| `` and the message): ``2024/09/30 07:01:11 kid1| ERROR: ...``.
    The level is the message's prefix (Squid 5 on: ``FATAL:``, ``ERROR:``, ``WARNING:``;
    older releases' ``squidaio_queue_request: WARNING - ...`` too), else INFO: what the
    default ``debug_options ALL,1`` shows is what Squid holds important. The label goes to
    ``process``; the indented lines after (``    exception location: ...``) are detail."""
    if rest[:2] == "| ":
        fields = None
        msg = rest[2:]
    else:
        bar = rest.find("| ", 1, 40)
        if bar < 0 or " " in rest[:bar] or rest[:bar].lower() in levels.WORDS:
            return None  # (a level in a column of bars is another layout's)
        fields = {"process": rest[:bar]}
        msg = rest[bar + 2 :]
    msg = msg.lstrip(" ")  # a step's lines under its task: "|   Finished.  Wrote 0 entries."
    level = level_in(msg, kernel=False)
    return Text(ts, "INFO" if level == "UNKNOWN" else level, msg, "squid-cache", fields, (), True)


def _nlog(rest: str, ts: float) -> Text | None:
    """NLog's default layout, its file and console targets' ``${longdate}|${level:uppercase=
    true}|${logger}|${message:withexception=true}``: ``|LEVEL|logger|message`` after the time
    (the logger empty for an unnamed one). Each event opens with its date: the lines after it
    without one are its message's and its exception's (the parser joins them)."""
    bar = rest.find("|", 1, 13)
    if bar < 0:
        return None
    word = rest[1:bar]
    if word.lower() not in TOKEN_LEVELS:
        return None
    end = rest.find("|", bar + 1, bar + 202)
    if end < 0 or " " in rest[bar + 1 : end]:
        return None  # a logger's name has no spaces
    fields = {"logger": rest[bar + 1 : end]} if end > bar + 1 else None
    return Text(ts, levels.word(word), rest[end + 1 :], "nlog", fields, (), True)


def _postgres_csv(rest: str, ts: float) -> Text | None:
    """PostgreSQL's csvlog after its ``log_time``: user, database, pid, client, session,
    line, command tag, session start, virtual and real transaction, severity, SQLSTATE,
    message, ... (the documented column order), read as its stderr line would be."""
    try:
        row = next(csv.reader([rest[1:]]))
    except (csv.Error, StopIteration):
        return None
    return _postgres_row(row, ts)


def _postgres_csv_quoted(line: str) -> Text | None:
    """csvlog with its ``log_time`` quoted too (``"2024-05-16 09:23:38.123 UTC",...``, as
    CSV writers and some PostgreSQL forks quote every text column)."""
    try:
        row = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    end = _ts_end(row[0])
    ts = parse_iso(row[0][:end]) if end else None
    return _postgres_row(row[1:], ts) if ts is not None else None


# ColdFusion's and Lucee's logs (application.log, exception.log ...): quoted CSV under the
# header "Severity","ThreadID","Date","Time","Application","Message"; Adobe's dates MM/dd/yy,
# Lucee's MM/dd/yyyy; a stack trace continues the quoted message on the lines after.
_CFML_DATE: Final = re.compile(r"(\d\d)/(\d\d)/(\d\d(?:\d\d)?)$")


def _cfml_row(line: str) -> Text | None:
    """A ColdFusion or Lucee log record (rule above): its level, date and time cells."""
    try:
        row = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    if len(row) < 6 or row[0].lower() not in levels.WORDS or len(row[3]) != 8:
        return None
    m = _CFML_DATE.match(row[2])
    if m is None or row[3][2:3] != ":" or row[3][5:6] != ":":
        return None
    month, day, year = m.groups()
    year = year if len(year) == 4 else "20" + year
    ts = parse_iso(f"{year}-{month}-{day}T{row[3]}")
    if ts is None:
        return None
    fields = {"thread": row[1], "application": row[4]} if row[4] else {"thread": row[1]}
    return Text(ts, levels.word(row[0]), ",".join(row[5:]), "cfml", fields, (), True)


# YAJSW's wrapper.log (AbstractWrappedProcess: its time format "yy-MM-dd HH:mm:ss", ".SS"
# when asked): ``INFO|wrapper|Service Shop|24-10-15 12:46:48|msg``, the application's output
# under ``INFO|5732/0|Service Shop|...`` (its pid): the two-digit year comes first.
_YAJSW_TIME: Final = re.compile(r"(\d\d)-(\d\d)-(\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)$")
_YAJSW_PID: Final = re.compile(r"\d+/\d+")  # the process's pid and its restart count


def _yajsw(line: str) -> Text | None:
    """A YAJSW wrapper.log line (rule above)."""
    parts = line.split("|", 4)
    if len(parts) < 5 or parts[0].lower() not in levels.WORDS:
        return None
    if parts[1] != "wrapper" and _YAJSW_PID.fullmatch(parts[1]) is None:
        return None  # another program's pipes, its date maybe day first ("01-06-24")
    m = _YAJSW_TIME.match(parts[3])
    if m is None:
        return None
    yy, month, day, clock = m.groups()
    ts = parse_iso(f"20{yy}-{month}-{day}T{clock}")
    if ts is None:
        return None
    fields = {"source": parts[1], "service": parts[2]}
    return Text(ts, levels.word(parts[0]), parts[4], "yajsw", fields, (), True)


# Samba's debug header (lib/util/debug.c): ``[2017/09/13 16:15:13.140095,  1] file.c:12(fn)``
# (3.x without the microseconds; 4.x may add ``, pid=..., effective(0, 0), real(0, 0)``),
# its message on the indented lines under it. The number is the debug level: DBG_ERR 0,
# DBG_WARNING 1, DBG_NOTICE 3, DBG_INFO 5, DBG_DEBUG 10 (debug.h).
_SAMBA: Final = re.compile(
    r"\[(\d{4})/(\d\d)/(\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?), +(\d{1,2})(?:,[^\]]*)?\] ?(.*)"
)
_SAMBA_LEVELS: Final = ("ERROR", "WARNING", "NOTICE", "NOTICE", "INFO", "INFO")


def _samba(line: str) -> Text | None:
    """A Samba log header (rule above): its time and level; the source it names in fields,
    the message the lines under it (an empty message takes them)."""
    m = _SAMBA.match(line)
    if m is None:
        return None
    year, month, day, clock, debug, where = m.groups()
    ts = parse_iso(f"{year}-{month}-{day}T{clock}")
    if ts is None:
        return None
    n = int(debug)
    level = _SAMBA_LEVELS[n] if n < len(_SAMBA_LEVELS) else "DEBUG"
    return Text(ts, level, "", "samba", {"debug_level": n, "source": where}, (), True)


def _postgres_row(row: list[str], ts: float) -> Text | None:
    if len(row) < 13 or row[10] not in _PG_LEVELS:
        return None
    t = _postgres(f"[{row[2]}] {row[10]}:  {row[11]}: {row[12]}", ts)
    if t is not None and t.fields is not None:
        for key, value in (("user", row[0]), ("database", row[1])):
            if value:
                t.fields[key] = value
    return t


def _record_text(ts: float, text: str) -> Text | None:
    """``text``, a JSON object, as a record's Text (the parser reads its fields as a JSON
    line's), or None."""
    if text[:1] != "{" or text[-1:] != "}":
        return None
    try:
        record = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    t = Text(ts, "", text, "json")
    t.record = record
    return t


# What opens a program's own dated line or record behind a UTC stamp (`kubectl logs
# --timestamps`, `docker logs -t`, a CI runner's): a JSON record, logfmt's time or level,
# klog's letter and date, a date of its own.
OWN_LINE_OPENS: Final = re.compile(
    r"\{|(?:time|ts|t|level|lvl)=|[IWEF]\d{4} \d\d:|\[?\d{4}[-/]\d\d[-/]\d\d[ T]"
)


def _stamped(rest: str, ts: float) -> Text | None:
    """A program's line behind a UTC stamp to the sub-second (`kubectl logs --timestamps`,
    `docker logs -t`, a CI runner's raw log): its level, message and fields read as the line's
    own when it is a record or has a time of its own (klog, logfmt, a dated layout); the
    stamp's time stands (the line's own may be local with no zone, to the second, or a date
    printed as data); else None."""
    t = _record_text(ts, rest)
    if t is None:
        t = parse_text(rest, following(ts))
        if t is None or (t.record is None and t.ts < 0 and t.tod < 0):
            return None
    return _on_stamp(t, ts)


def _on_stamp(t: Text, ts: float) -> Text:
    """``t`` behind a UTC stamp ``ts``: its own time where it is the stamp's clock, within
    STAMP_WINDOW of it (the program's own, often finer or earlier: the runtime stamps the
    line when it reads it), else the stamp's (the program's local time with no zone, a date
    printed as data); a record's own time keys the same (the parser's, ``stamped``)."""
    if t.record is not None:
        t.ts, t.stamped = ts, True
    else:
        own = on_day(t.tod, ts) if t.tod >= 0 else t.ts
        t.ts = own if own >= 0 and abs(own - ts) <= STAMP_WINDOW else ts
    t.tod, t.year_guessed = -1.0, False
    return t


STAMP_WINDOW: Final = 120.0  # seconds a line's own time may lie from its runtime's stamp


def _cri(rest: str, ts: float, ref: float) -> Text:
    """A Kubernetes node's container log (containerd, CRI-O: ``/var/log/pods``): after the
    runtime's time, the stream and F(ull) or P(artial), the container's own line, read as a
    line of its own (a JSON record, klog, an access line, ...); the runtime's time stands in
    when that line gives none, its year when that line's time has none (klog's), its day
    when that line's is a time of day alone."""
    stream = rest[:6]
    inner = rest[9:]
    t = _record_text(ts, inner)
    if t is not None and t.record is not None:
        t.record.setdefault("stream", stream)
        return _on_stamp(t, ts)
    own = parse_text(inner, following(ts)) if inner else None
    if own is None:
        return Text(ts, level_in(inner), inner, "text", {"stream": stream}, (), True)
    _on_stamp(own, ts)  # the runtime's time (the container's own may be its local clock)
    if own.record is not None:
        own.record.setdefault("stream", stream)
    else:
        own.fields = dict(own.fields) if own.fields else {}
        own.fields["stream"] = stream
    return own


# Jetty's own logger: StdErrLog (9.x) "2016-05-23 12:00:00.000:INFO:oejs.Server:main: msg",
# jetty-slf4j-impl (10+) the level padded to five, "...181:WARN :oejw.WebAppContext:main:".
_JETTY: Final = re.compile(r":(TRACE|DEBUG|INFO|WARN|ERROR) *:([\w.$]+):([^:]{1,80}): ?")


# (Synapse's "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - ..." has
# the line's number between)
_DASHED_LOGGER: Final = re.compile(r"- ([\w.:\-<>]{1,120}) - (?:(\d{1,6}) - )?([A-Za-z]{3,8}) - ")


# Cloud Foundry's `cf logs`: "2016-07-01T18:41:51.86+0900 [RTR/0]      OUT <line>", the
# source (the router, the app's instance, the API, the cell) and the stream, then the line
# as that source wrote it.
_CF_SOURCE: Final = re.compile(r"\[([A-Z]{2,8}(?:/[\w.-]+){1,4})\] +(OUT|ERR) ")


_RAILWAY_STREAMS: Final = {"inf": "stdout", "err": "stderr"}
# Fly.io's line after its time: "app[3d8d545df53908] fra [info]" (the machine's id, the region)
_FLY: Final = re.compile(r"(app|proxy|runner|health)\[([0-9a-f]{6,})\] ([a-z]{3}) \[(\w+)\] ?")
_PID_STREAM: Final = re.compile(r"\[pid=(\d+)\]\[(err|out)\] ")


def _platform_line(ts: float, line: str, named: dict[str, Any], fmt: str = "text") -> Text:
    """A program's line as a platform's log shows it (`cf logs`, above; Railway's export; a
    Heroku dyno's): read as a line of its own (a gorouter access line, a Spring Boot line,
    gunicorn's, uWSGI's), at the time the platform logged it (the router's line holds its
    request's start); else as a message in ``fmt``."""
    t = _parse_text(line, ts) if line else None
    if t is None:
        return _message(ts, line, "", named, fmt)
    if t.record is not None:  # logfmt, zap's console with its fields: a record's reading
        for key, value in named.items():
            t.record.setdefault(key, value)
        if t.ts < 0:
            t.ts = ts  # a record of no time of its own (logrus' DisableTimestamp): the platform's
        return t
    t.ts = ts
    t.fields = {**t.fields, **named} if t.fields else named
    return t


# OpenStack Swift's proxy-server access line (proxy_logging's): "client remote
# 09/Jun/2014/15/41/42 HEAD /v1/AUTH_x/c HTTP/1.0 404 <referer> <agent> ... <request_time> ...".
_SWIFT_PROXY: Final = re.compile(
    r"\S+ \S+ \d\d/[A-Z][a-z]{2}/\d{4}/\d\d/\d\d/\d\d ([A-Z]+) \S+ HTTP/\d\.\d (\d{3}) (.*)$"
)


# Play Framework's default file layout (2.0 to 2.3's logger.xml: "%date - [%level] - from
# %logger in %thread %n%message%n%xException%n"): a head ending with its thread and the space
# before the newline; the message, the exception and its trace on the lines under it, blank
# lines between. 2.4 on writes the message on the head's line ("%date [%level] from %logger
# in %thread - %message%n%xException"); its error handler's message opens with a newline
# ("\n\n! @7l9nbbp7d - Internal server error, for (POST) [/person] ->"), the head's line
# then ending with the separator: the same head, its message under it.
_PLAY_HEAD: Final = re.compile(r"- \[([A-Z]+)\] - from ([\w.$-]+) in ((?:(?! - )[^\n]){1,80}) ")
_PLAY_HEAD_24: Final = re.compile(
    r"\[(TRACE|DEBUG|INFO|WARN|ERROR)\] from ([\w.$-]+) in ((?:(?! - )[^\n]){1,80}) - ?"
)
# PM2's daemon log: the console method that wrote the line (lib/Utility.js overrideConsole)
_PM2_DAEMON: Final = re.compile(r": PM2 (log|info|warn|error|debug): ")
# Delayed Job's worker's name in brackets, and the words of a job's failure after it.
_DJ_WORKER: Final = re.compile(DELAYED_JOB_WORKER)
_DJ_FAILED: Final = re.compile(
    r" failed with [A-Z][\w:]*|\bFAILED (?:\(\d+ prior attempts\) )?with |\bFAILED permanently\b"
    r"|REMOVED permanently"
)


def _squid_native(ts: float, rest: str) -> Text | None:
    """Squid's native access line after its time: elapsed ms, client, ``TCP_MISS/200``,
    bytes, method, URL, ... (the time its ``%ts.%03tu``, or ``%tl`` in a logformat of the
    site's own, ``06/Mar/2019:06:56:29 +0000 805585 10.12.4.52 TCP_TUNNEL/200 ...``)."""
    parts = rest.split(None, 4)
    if len(parts) < 5 or not parts[0].isdigit() or parts[2][-4:-3] != "/":
        return None
    code = parts[2][-3:]  # squid: elapsed ms, client, TCP_MISS/200, bytes, ...
    if not code.isdigit():
        return None
    status = int(code)
    # 000: Squid sent no reply (the client gone, a transaction ended before its headers):
    # no status, its time a served request's all the same (as Traefik's and Envoy's 0)
    took = float(parts[0])
    samples: tuple[tuple[str, float, str], ...] = ()
    if status:
        samples = ((HTTP_STATUS, float(status), ""), ("response_time_ms", took, ""))
    elif parts[2][:4] != "UDP_":
        # (a connection closed before its request was whole, "NONE/000 0 NONE error:
        # transaction-end-before-headers", is timed too, as three sets' readers took it; an
        # ICP query over UDP is no HTTP request)
        samples = ((UNANSWERED_MS, took, ""),)
    fields = {"client": parts[1], "result": parts[2]}
    return Text(ts, levels.from_status(status), rest, "squid", fields, samples)


# Squid's result codes' heads (the cache's verdict before the status)
_SQUID_RESULTS: Final = ("TCP_", "UDP_", "NONE", "TAG_")


_SQLAGENT: Final = {"? [": "INFO", "+ [": "WARNING", "! [": "ERROR"}


def _after_time(line: str, rest: str, ts: float) -> Text:
    """What follows a line's timestamp: a syslog ``host prog[pid]:`` header (or Heroku's
    ``app[web.1]:``), SQL Server Agent's mark, else a level token in the first few
    (Python's, Java's, Go's and nginx's layouts), else free text."""
    if rest[:2] == ',"':  # a CSV export's time column, then the message quoted (section 7)
        return _export_message(ts, rest[1:], ts)  # its time the year reference
    if (
        rest[:2] == "- "
        and rest[8:10] == "] "
        and rest[2:5] in _SQLAGENT
        and (rest[5:8].isdecimal() or rest[5:8] == "LOG")
    ):
        # SQL Server Agent's SQLAGENT.OUT: "2020-11-21 05:20:05 - + [474] Unable to refresh
        # Database Mail profile", "- ! [LOG] Exception 5 caught ...": its mark the level
        # ("?" information, "+" warning, "!" error), the message's number after it (or
        # "LOG") no syslog priority
        number = rest[5:8]
        agent: dict[str, Any] = {"message_id": int(number) if number.isdecimal() else number}
        return Text(ts, _SQLAGENT[rest[2:5]], rest[10:], "text", agent, (), True)
    if rest[:1].isdigit() and line[19:20] == "." and (studio := cishapes.logcat_columns(rest)):
        # Android Studio's Logcat window: "2117-3581  UAH_JNI  system_server  E  msg"
        return Text(ts, studio[0], studio[2], "logcat", studio[1])
    if rest[:3] == "- [" and rest[-1:] == " " and (play := _PLAY_HEAD.fullmatch(rest)):
        # Play's head: no message on its line (the parser takes the lines under it)
        named = {"logger": play.group(2), "thread": play.group(3)}
        return Text(ts, levels.word(play.group(1)), "", "play", named, (), True)
    if rest[:1] == "[" and " from " in rest[:24] and (play := _PLAY_HEAD_24.match(rest)):
        named = {"logger": play.group(2), "thread": play.group(3)}
        said = rest[play.end() :]
        if said.strip():  # the message on the head's line: the logger's and thread's taken off
            return Text(ts, levels.word(play.group(1)), said, "text", named, (), True)
        return Text(ts, levels.word(play.group(1)), "", "play", named, (), True)
    if rest[:10] == ": [Worker(" and (worker := _DJ_WORKER.match(rest, 2)) is not None:
        # Delayed Job's worker log (Ruby Logger's "%Y-%m-%dT%H:%M:%S%z: " before the worker's
        # name): its job's failure an error, as Delayed Job says it (3.x at Logger::ERROR,
        # 4.x's job_say at 'error'): "... failed with NoMethodError: ...", "FAILED (0 prior
        # attempts) with ...", 4.1.10's "FAILED permanently because of 25 consecutive
        # failures", before it "REMOVED permanently ..." (3.x's "PERMANENTLY removing" is its
        # info)
        msg = rest[2:]
        level = "ERROR" if _DJ_FAILED.search(msg, worker.end() - 2) else level_in(msg)
        return Text(ts, level, msg, "text", {"worker": worker.group(1)}, (), True)
    if rest[:6] == ": PM2 " and (pm2 := _PM2_DAEMON.match(rest)) is not None:
        # PM2's daemon log (~/.pm2/pm2.log, its console's methods written under their names:
        # "2022-03-30T05:32:43: PM2 error: app=server id=2 does not have a pid"); its CLI's
        # warning passed on by console.error ("PM2 error: [PM2][WARN] No process found") a
        # warning
        msg = rest[pm2.end() :]
        level = "WARNING" if msg[:11] == "[PM2][WARN]" else levels.word(pm2.group(1))
        if " had too many unstable restarts " in msg:
            level = "ERROR"  # the app given up on, its state "errored" (God.js)
        return Text(ts, level, msg, "text", {"program": "PM2"}, (), True)
    if rest[:1] == ":":
        jetty = _JETTY.match(rest)
        if jetty is not None:
            named = {"logger": jetty.group(2), "thread": jetty.group(3)}
            level = levels.word(jetty.group(1))
            return Text(ts, level, rest[jetty.end() :], "text", named, (), True)
    if rest[4:5] == "/" and rest[10:12] == "/[" and (stream := _LAMBDA_STREAM.match(rest)):
        # `aws logs tail`'s default: the time, the log stream ("2026/02/14/[$LATEST]<32 hex>"),
        # the event's message
        rest = rest[stream.end() :]
    r = rest.find(LAMBDA_REPORT, 0, 20)
    if 0 <= r < 3 and rest[:r].strip(',"') == "":
        # Lambda's REPORT behind CloudWatch's time: its console, `aws logs tail`, the CSV
        # export's `time,"message` (the time column, then the message quoted)
        lam = _lambda_report(rest[r:], ts)
        if lam is not None:
            return lam
    if (rest[:2] == "| " or rest[2:3] == "(") and (vm := _vmware_head(rest, ts)) is not None:
        return vm
    if rest[:4] in _GO_TEST_OPENS and (go := _go_test(rest)) is not None:
        go.ts = ts  # go test -v behind a CI runner's time (GitHub Actions' raw log)
        return go
    sep = rest.find(" \t", 4, 8)  # go-zero's level padded before its tab ("slow \t")
    if sep > 0 and rest[:sep] in _GO_ZERO_LEVELS:
        return _go_zero_plain(rest, sep, ts)
    if (
        rest[36:37] == "\t"
        and line[-len(rest) - 2 : -len(rest)] == "Z\t"
        and _AWS_REQUEST_ID.match(rest)
    ):
        return _lambda_line(rest.split("\t"), ts)  # a Lambda runtime's: its time in UTC
    if "\t" in rest[:40] and " " not in rest[: rest.find("\t")]:
        # zap's console encoder: time, level, caller, message, {fields}; a tab after words
        # is the message's own (Neo4j's query.log: "INFO  id:7 - 6 ms: 0 B - bolt-session\t")
        return _tabbed(rest, ts)
    sp = rest.find(" ")
    if 0 < sp < 40 and rest[sp + 1 : sp + 2].isdigit():
        client = rest[sp + 1 : rest.find(" ", sp + 1)]
        if ":" in client and "." in client:  # AWS's classic ELB: an ALB line without its type
            elb = _alb("http " + line, 0)
            if elb is not None:
                return elb
    if rest[:2] == "- ":
        # Python logging's "%(asctime)s - %(name)s - %(levelname)s - %(message)s" (the
        # logging HOWTO's and cookbook's example format): the logger, its level, the message
        # A level word where the logger stands is '%(asctime)s - %(levelname)s - %(message)s'
        # (no name) with a message opening "Warning - ...": the level is that first word's.
        dashed = _DASHED_LOGGER.match(rest)
        if (
            dashed is not None
            and dashed.group(3).lower() in TOKEN_LEVELS
            and dashed.group(1).lower() not in TOKEN_LEVELS
        ):
            named = {"logger": dashed.group(1)}
            if dashed.group(2):
                named["lineno"] = dashed.group(2)
            level = levels.word(dashed.group(3))
            return Text(ts, level, rest[dashed.end() :], "text", named, (), True)
    if rest[:3] == ":  " and rest[3:4] in NEXT_MARKS:
        # PM2's time prefix (log_date_format "YYYY-MM-DDTHH:mm:ss", then ": ") before a
        # Next.js server's own marked line (" ⨯ Failed to start server"): the mark its level
        return Text(ts, NEXT_MARKS[rest[3]], rest[3:], "text", None, (), True)
    letter = _severity_letter(rest) if rest[1:2] == " " or rest[2:3] == " " else None
    if rest[:3] == "LOG" and rest[3:4].isdigit() and rest[4:5] == "[" and " " in rest:
        # stunnel's "LOG3[4]: msg" (log.c: the syslog level, then the connection's number)
        letter = (levels.SYSLOG[min(int(rest[3]), 7)], rest.find(" "))
    if letter is None and ": #<" in rest[:200] and _ruby_exception(rest):
        return Text(ts, "ERROR", rest, "text", None, (), True)  # before "host prog:" is tried
    if rest[:1] == "[" and rest[-1:] != "]":
        if rest[4:7] == "]  " and rest[1:4] in _RAILWAY_STREAMS:
            # Railway's export: "2025-12-30T18:59:24.840855777Z [err]  <line>", the stream
            # (a Python app logs to stderr: every line of it "[err]"), then the app's line
            return _platform_line(ts, rest[7:], {"stream": _RAILWAY_STREAMS[rest[1:4]]})
        cf = _CF_SOURCE.match(rest)
        if cf is not None:
            named = {"cf_source": cf.group(1), "stream": cf.group(2)}
            return _platform_line(ts, rest[cf.end() :], named)
        if rest[:5] == "[pid=":
            # Puppeteer's and Playwright's browser output passed on ("dumpio"): "[pid=116][err]
            # [0714/121640.063473:WARNING:...] ...", the browser's stream, then its own line
            piped = _PID_STREAM.match(rest)
            if piped is not None:
                named = {"pid": piped.group(1), "stream": piped.group(2)}
                return _platform_line(ts, rest[piped.end() :], named)
    if rest[:1] in "aprh" and (fly := _FLY.match(rest)) is not None:
        # Fly.io's `fly logs`: the source (the app's machine, the proxy), the region, then a
        # level in brackets (an app's every line "[info]") before the program's own line
        named = {"fly_source": fly.group(1), "instance": fly.group(2), "region": fly.group(3)}
        inner = rest[fly.end() :]
        t = _platform_line(ts, inner, named)
        if t.record is None and level_in(inner) == "UNKNOWN":
            t.level = levels.word(fly.group(4))  # the program said none: Fly's
        return t
    if letter is None and rest[:1] not in ("[", "-", ""):
        sl = _syslog_header(rest, ts)
        if sl is not None:
            return sl
        sp = rest.find(" ")
        if sp > 3 and rest[sp - 2 : sp] == "]:" and "[" in rest[: sp - 2]:
            b = rest.find("[")
            fields: dict[str, Any] = {"program": rest[:b], "dyno": rest[b + 1 : sp - 2]}
            msg = rest[sp + 1 :]
            if msg[:6] == "[pid: " or msg[:1] == "[":
                # uWSGI's request line on a dyno ("[pid: 4|app: 0|req: 80/80] ... => generated
                # 3099 bytes in 37 msecs (HTTP/1.1 200)"), Flask's default layout ("[2025-09-24
                # 14:39:22,311] INFO in _client: ..."): read as its own, at Heroku's time
                return _platform_line(ts, msg, fields, "syslog")
            return _message(ts, msg, "", fields, "syslog")
    if (
        letter is None
        and rest[:1] == "["
        and rest[2:4] == "] "
        and rest[1] in _TIMED_LETTERS
        and (rest[1] in _BRACKET_LETTERS or ".go:" in rest[4:60])
    ):
        # a level's letter in brackets after the time (frp's and beego's logs: "[I]", "[W]",
        # "[E]"; beego's "[M]" emergency, "[A]" alert, "[C]" critical, "[N]" notice only
        # before its caller's cell, "[app.go:12]": a status letter of a file's otherwise):
        # the level, not a word of the message after it ("[W] ... start error: ...")
        letter = (_TIMED_LETTERS[rest[1]], 3)
    level, cut = letter or ("", 0)
    pos = 0
    logger = ""
    for _ in range(0 if letter else 6):
        while pos < len(rest) and rest[pos] == " ":
            pos += 1
        if pos >= len(rest) or pos > 120:
            break
        sp = rest.find(" ", pos)
        if sp < 0:
            sp = len(rest)
        tok = rest[pos:sp].strip("[]():|-<>")  # ClickHouse's "<Error>"
        bracket = tok.find("[")
        glued = (
            bracket > 2
            and tok[:bracket].isupper()
            and (tok[:bracket].lower() in TOKEN_LEVELS or tok[:bracket] in CAPS_LEVELS)
        )
        if glued:
            # the level glued to its thread's bracket (logback's "%logger %-5level[%thread]
            # - %msg", an Android app's: "ApiLogger INFO[LogManagerThread] - ..."), logrus'
            # terminal "FATA[0001]"
            tok = tok[:bracket]
        elif "[" in tok or ":" in tok:  # "[core:error]" and such: the part after the colon
            tok = tok.rsplit(":", 1)[-1].strip("[]")
        elif (
            pos == 0 and rest[:1] == "[" and "." in tok and tok[:1].islower() and tok[-1].isupper()
        ):
            # Python's "[%(name)s.%(levelname)s]" opening the line ("[tornado.general.WARNING]"):
            # the last part, its logger's name kept (an enum's "[Channel.ALERT]" is no logger)
            logger, _, tok = tok.rpartition(".")
        if (
            (
                tok.lower() in TOKEN_LEVELS
                or (tok in CAPS_LEVELS and (glued or rest[pos : pos + 1] == "["))
            )
            and not (rest.startswith(" section", sp) and not tok.isupper())  # _lock_named's
            and not _adjective(rest, pos, sp)
            and not _mid_sentence(rest, pos, pos + len(tok))
        ):
            level = levels.word(tok)
            # only a leading level is taken off the message (behind the layout's separator
            # too: Python's "%(asctime)s - %(levelname)s - %(message)s")
            cut = sp if pos == 0 or not rest[:pos].strip(" -|:") else 0
            if cut and rest[0] == "[" and "]" not in rest[:sp]:
                # log4j2's "[%-5level]" padded inside its brackets ("[INFO ] thread ..."):
                # the bracket's close is the level's too
                close = rest.find("]", sp, sp + 6)
                if close > 0 and not rest[sp:close].strip():
                    cut = close + 1
            break
        pos = sp
    if level:
        msg = rest[cut:].lstrip(" :-|") if cut else rest
        fmt = "nginx-error" if line[4] == "/" and "#" in rest[:40] else "text"
        t = Text(ts, level, msg, fmt, {"logger": logger} if logger and cut else None, (), True)
        if msg[-1:] == "s" or msg[-1:] == '"':
            _coredns(t)
        if msg[:1].isdigit() and " --- " in msg[:16]:
            _spring_boot(t)
        if traces_internals(t):
            return t
    else:
        b = rest.find(" {", 0, 80) if rest[-1:] == "}" else -1
        if b >= 0:  # "time host {json}" (Fastly's syslog shipping): the record is the entry
            try:
                record = orjson.loads(rest[b + 1 :])
            except orjson.JSONDecodeError:
                record = None
            if isinstance(record, dict):
                t = Text(ts, "", rest, "json")
                t.record = record
                return t
        host = rest.find(" : %", 0, 70)
        if rest[:3] == ": %":  # Cisco's "timestamp rfc5424": "<time>: %ASA-3-212001: msg"
            rest = rest[2:]
            t = Text(ts, _msg_level(rest), rest, "cisco", None, (), True)
        elif host > 0 and " " not in rest[:host]:
            # the device's name before it, as a syslog server relays an ASA's line
            # ("2011-04-26T18:47:57-06:00 ant-fw : %ASA-2-106100: access-list ...")
            named = {"host": rest[:host]}
            rest = rest[host + 3 :]
            t = Text(ts, _msg_level(rest), rest, "cisco", named, (), True)
        else:
            t = Text(ts, level_in(rest), rest, "text", None, (), True)
    if " HTTP/" in rest:
        # No level at the head: an access layout may put $time_iso8601 first.
        a = None if level else _access_layout(ts, rest)
        if a is not None:
            return a
        http_in_text(t)
        if not t.samples and not level and '"' not in rest:
            _w3c_default(t)  # IIS with cs-version on, HTTP.sys's error log: no quotes
    elif not level and " /" in rest[:200] and _W3C_REQUEST.match(rest) is not None:
        _w3c_default(t)
    elif rest[-4:-3] == " " and rest[-3:].isdigit():
        _request_at_end(t)
    if not t.samples and "status" in rest:
        _status_said(t)  # Rust tower-http's "... latency=12 ms status=500", Go's status=503
    return t


def traces_internals(t: Text) -> bool:
    """Is the entry nginx's debug log (``error_log ... debug``) tracing a request's
    internals: "http special response: 500", "http finalize request: 500", the header it
    writes ("HTTP/1.1 500 Internal Server Error")? The request served is the access log's
    line, not these: no status is read from them. Nor from Kamailio's: a SIP server's codes
    ("uas status: 100", "SIP/2.0 200 Ok") answer no HTTP request (its route's time is read
    where the line is, _kamailio)."""
    return (t.fmt == "nginx-error" and t.level == "DEBUG") or t.fmt == "kamailio"


def _ruby_exception(rest: str) -> bool:
    """Does a message of no level report a Ruby exception as ``inspect`` shows it (Puma's
    error dump: ``Rack app: #<RuntimeError: boom>``)? Then the line is an error."""
    at = rest.find(": #<")
    end = rest.find(": ", at + 4, at + 200)  # "#<Net::ReadTimeout: ...>": the name's "::" kept
    if end < 0:
        end = rest.find(">", at + 4, at + 200)  # "#<Errno::ECONNREFUSED>" has no message
    name = rest[at + 4 : end] if end > 0 else ""
    if not name or " " in name:
        return False
    return name.endswith(_EXCEPTION_ENDS) or name.endswith("Timeout") or name[:7] == "Errno::"


# A severity letter after the time: MongoDB 3.0-4.2's ``F E W I D`` (``D1``-``D5`` from 4.2),
# etcd's capnslog ``C E W N I D T`` (C critical, N notice).
_SEVERITY_LETTERS: Final[dict[str, str]] = {
    **levels.LETTERS,
    "C": "CRITICAL",
    "N": "NOTICE",
    **{f"D{n}": "DEBUG" for n in range(1, 6)},
}


def _severity_letter(rest: str) -> tuple[str, int] | None:
    """A severity letter first after the time, as MongoDB writes it (``I NETWORK
    [initandlisten] msg``, ``F -        [conn11] msg``: a component in capitals or ``-``) and
    capnslog (``E | etcdserver: msg``): the level and where the message starts. A letter
    before a word that is no component ("I started") is not one."""
    sp = rest.find(" ")
    level = _SEVERITY_LETTERS.get(rest[:sp])
    if level is None:
        return None
    at = sp
    while rest[at : at + 1] == " ":
        at += 1
    end = rest.find(" ", at)
    nxt = rest[at:end] if end > 0 else rest[at:]
    if nxt in ("|", "-") or nxt[:1] == "[" or (len(nxt) > 1 and nxt.replace("_", "").isupper()):
        return level, sp
    return None


def _spring_boot(t: Text) -> None:
    """Spring Boot's default layout after the level: ``PID --- [app] [thread] logger : msg``
    (``[app]`` since 3.2): the message alone, the rest to fields."""
    msg = t.message
    colon = msg.find(" : ", 8, 400)
    if colon < 0:
        if msg[-2:] != " :":
            return
        colon = len(msg) - 2  # an empty message: its text on the lines after (a report's)
    head = msg[:colon].split()
    t.fields = {"pid": head[0], "logger": head[-1]} if len(head) > 3 else None
    t.message = msg[colon + 3 :]


def _status_said(t: Text) -> bool:
    """A status (and duration) the words of a message name, as a request's; whether one was."""
    got = anytime.request_in_message(t.message)
    if got is None:
        return False
    _set_request(t, *got)
    return True


def _embedded_record(t: Text) -> bool:
    """A JSON object closing the message, a request's record (a FastAPI middleware's
    ``Response sent: {"status_code": 400, "processing_time_ms": 5.001}``): its status and
    duration by their keys, as a JSON line's record gives them. Whether it gave either."""
    at = t.message.find(": {")
    try:
        obj = orjson.loads(t.message[at + 2 :])
    except orjson.JSONDecodeError:
        return False
    if type(obj) is not dict:
        return False
    samples = read_record(obj, t.message, 0.0, dated=True)[4]
    status = next((int(v) for name, v, _scope in samples if name == HTTP_STATUS), 0)
    took = next((v for name, v, _scope in samples if name in REQUEST_DURATIONS), None)
    if not status:
        return False  # a duration alone: the general reading's (a job's, an operation's)
    _set_request(t, status, took)
    return True


def _set_request(t: Text, status: int, took: float | None, **more: str) -> None:
    """A request a text line reports: its status (and duration, and ``more`` fields) on the
    line, and the status's level for a line at INFO or without a level (not for klog: a
    kubelet's probe 'failed with statuscode: 503' at I is the probe's answer, not an error)."""
    t.fields = dict(t.fields) if t.fields else {}
    t.fields.update(more, status=status)
    if took is None:
        t.samples = ((HTTP_STATUS, float(status), ""),)
    else:
        t.samples = ((HTTP_STATUS, float(status), ""), ("response_time_ms", took, ""))
    if t.fmt == "klog":
        return  # its letter is the component's verdict; a status it names is of a call it made
    if t.level in ("", "UNKNOWN", "INFO") or _level_after(t, status):
        t.level = levels.from_status(status)


def _status_only(t: Text, status: int) -> None:
    """A status a line gives for a request another line of the same log reports as the
    error (its exception's, its access line's): set as _set_request does, its level kept."""
    t.samples = ((HTTP_STATUS, float(status), ""),)
    t.fields = {**(t.fields or {}), "status": status}


def _served_quietly(t: Text) -> None:
    """A request a server logs at debug, each one it served (Spring's DispatcherServlet
    ``Completed 500 INTERNAL_SERVER_ERROR``, Plex's ``Completed: [...] 503 GET /x (2 live)
    ... 0ms``): a 5xx is an error whatever its level, as an access record's is. Not for any
    status a debug line names: a client's log of an answer it got is at debug too."""
    if t.level in ("DEBUG", "TRACE") and t.samples and t.samples[0][1] >= 500:
        t.level = "ERROR"


def _level_after(t: Text, status: int) -> bool:
    """Is the line's level a word found only after its request's status? Then it is part
    of what the request reports (Gin's error column, ``|binding error: ...``; a path's
    ``/error``), not the line's severity: an access line without a level has its status's."""
    m = _LEVEL_WORD.search(t.message, 0, 200)
    if m is None or levels.word(m.group(1) or m.group(2)) != t.level:
        return False
    at = re.search(rf"(?<![\d.]){status}(?![\d.])", t.message)
    return at is not None and at.end() <= m.start()


# IIS's W3C line without a #Fields directive: its default fields are ``date time s-ip
# cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer)
# sc-status sc-substatus sc-win32-status time-taken`` (values never hold a space: IIS writes
# one as "+"); Exchange adds s-computername before s-ip, others cs-host or addresses after.
_W3C_REQUEST: Final = re.compile(
    r"(?:\S+ ){1,3}(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|PROPFIND|RPC_IN_DATA|RPC_OUT_DATA)"
    r" (/\S*) "
)
# HTTP.sys's error log (httperr*.log), its fixed fields after the time: c-ip c-port s-ip
# s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename.
_HTTPERR: Final = re.compile(
    r"\S+ \d{1,5} \S+ \d{1,5} (?:HTTP/\d\.\d|-) (\S+) (\S+) ([1-5]\d\d|-) \S+ (\S+) \S+$"
)


def _w3c_default(t: Text) -> None:
    """The status of such a line: the first of three whole numbers in a row after the
    request (sc-status, sc-substatus, sc-win32-status); time-taken (ms) when a fourth closes
    the run, as in the default order (a longer run is a field set of its own: which number
    is the time is not known)."""
    rest = t.message
    m = _W3C_REQUEST.match(rest)
    if m is None or '"' in rest:
        e = _HTTPERR.match(rest) if m is None and '"' not in rest else None
        if e is not None and e.group(3) != "-":
            status = int(e.group(3))
            t.fmt = "httperr"
            t.fields = {
                "method": e.group(1),
                "path": e.group(2),
                "status": status,
                "reason": e.group(4),
            }
            t.samples = ((HTTP_STATUS, float(status), ""),)
            t.level = levels.from_status(status)
        return
    tokens = rest[m.end() :].split(" ")
    for i in range(2, min(len(tokens) - 2, 12)):
        tok = tokens[i]
        if not (len(tok) == 3 and tok.isdigit() and "100" <= tok <= "599"):
            continue
        if not (tokens[i + 1].isdigit() and tokens[i + 2].isdigit()):
            continue
        status = int(tok)
        run = 3
        while i + run < len(tokens) and tokens[i + run].isdigit():
            run += 1
        samples = [(HTTP_STATUS, float(status), "")]
        if run in (4, 6):
            # time-taken closes IIS's fixed order: after the three codes alone, or after
            # sc-bytes and cs-bytes (every field on); five numbers could be either pair
            samples.append(("duration_ms", float(tokens[i + run - 1]), ""))
        t.fmt = "w3c"
        t.fields = {"method": m.group(1), "path": m.group(2), "status": status}
        t.samples = tuple(samples)
        t.level = levels.from_status(status)
        return


# "... GET /robots.txt 404": a request and its status closing a line (Zoraxy, Go servers).
_REQUEST_END: Final = re.compile(" (" + "|".join(anytime.HTTP_METHODS) + r") (\S+) ([1-5]\d\d)$")


def _request_at_end(t: Text) -> None:
    m = _REQUEST_END.search(t.message, max(0, len(t.message) - 2100))
    if m is None:
        return
    _set_request(t, int(m.group(3)), None, method=m.group(1), path=m.group(2))


# A request line in another protocol than HTTP that an HTTP server answered (400, "Bad
# request version"), as its access line quotes it: an AirPlay client's probe, ``"GET
# /info?txtAirPlay&txtRAOP RTSP/1.0" 400 -`` (werkzeug's and Python's http.server log),
# a SIP scanner's ``"OPTIONS sip:nm SIP/2.0" 400 166`` (nginx's).
_OTHER_PROTOCOLS: Final = (' RTSP/1.0"', ' SIP/2.0"')


def _other_protocol(text: str) -> bool:
    """Does ``text`` quote a request line of another protocol (above)?"""
    return _OTHER_PROTOCOLS[0] in text or _OTHER_PROTOCOLS[1] in text


# Odoo's logging (odoo/netsvc.py): every record's line closes with its perf_info, set for a
# request's thread as "%d %.3f %.3f" (the queries it ran, their seconds, the seconds spent
# besides), "- - -" else (an empty string in later versions), a fourth column (the cursor's
# mode, "ro"/"rw"/"-") with a read replica. After werkzeug's access line ("... HTTP/1.1" 200
# - 9 0.004 0.013") it times that request: the two times' sum.
_ODOO_PERF: Final = re.compile(r" (?:\d+|-) (\d+) (\d+\.\d{3}) (\d+\.\d{3})(?: (?:ro|rw|-))?$")


def http_in_text(t: Text) -> None:
    """A request logged inside a text line (OpenStack's wsgi, uvicorn, gunicorn, Rails):
    ``"GET /x HTTP/1.1" status: 200 len: 1893 time: 0.2477829`` or ``"GET / HTTP/1.1" 200``
    (or another protocol's request line an HTTP server answered, _OTHER_PROTOCOLS); not a
    client's log of a call it made (anytime.client_call)."""
    msg = t.message.rstrip(" \t")  # (tracing's fmt pads some lines: "... 0.000115    ")
    if anytime.client_call(msg) or quotes_a_line(msg):
        return
    i = msg.find(" HTTP/")
    if i < 0:
        for protocol in _OTHER_PROTOCOLS:
            i = msg.find(protocol)
            if i >= 0:
                break
    q = msg.find('"', i)
    if q < 0:
        return
    after = msg[q + 1 :].lstrip(" ")
    if after.startswith("status: "):
        after = after[8:]
    code = after[:3]
    if not code.isdigit() or after[3:4] not in ("", " "):
        return
    status = int(code)
    if not 100 <= status <= 599:
        return
    fields = dict(t.fields) if t.fields else {}
    fields["status"] = status
    samples = [(HTTP_STATUS, float(status), "")]
    k = after.find(" time: ")
    perf = _ODOO_PERF.match(after, 3) if k < 0 and "." in after[-10:] else None
    if perf is not None:
        # Odoo's perf_info after werkzeug's line: the request's queries' seconds and the rest
        secs = round(float(perf.group(2)) + float(perf.group(3)), 3)
        fields["query_count"] = int(perf.group(1))
        samples.append(("response_time_ms", secs * S, ""))
    elif k >= 0:
        value = after[k + 7 :].split(" ", 1)[0]
        try:
            secs = float(value)
        except ValueError:
            secs = -1.0
        if secs >= 0:
            samples.append(("response_time_ms", secs * S, ""))
    elif after[4:].isdigit() and _netty_peer_before(msg, msg.rfind('"', 0, q)):
        # TorchServe's ACCESS_LOG behind its log4j2 layout (see _access_layout)
        samples.append(("request_time_ms", float(after[4:]), ""))
    elif (tail := anytime.SIZE_THEN_SECONDS.match(after, 3)) is not None:
        # eventlet's wsgi under oslo.log (neutron-server's, before its own " status: "
        # format): '... "GET /v2.0/ports.json HTTP/1.1" 200 2187 0.148433', its default
        # "%(status_code)s %(body_length)s %(wall_seconds).6f"
        samples.append(("response_time_ms", float(tail.group(1)) * S, ""))
    elif (jetty := anytime.connect_request_ms(msg)) is not None:
        # Kafka Connect's and Confluent's REST servers (Jetty's CustomRequestLog,
        # EXTENDED_NCSA_FORMAT + " %{ms}T", through log4j): the ms after the agent
        samples.append(("response_time_ms", jetty, ""))
    elif after[-1:].isdigit() and (last := anytime.AGENT_THEN_SECONDS.search(after, 4)) is not None:
        # actix-web's Logger::default() under env_logger: '%a "%r" %s %b "%{Referer}i"
        # "%{User-Agent}i" %T', the seconds (%T: with a fraction, six digits) after the agent
        samples.append(("response_time_ms", float(last.group(1)) * S, ""))
    t.fields = fields
    t.samples = tuple(samples)
    if t.level in ("", "UNKNOWN", "INFO"):  # a request's line: its status is its level
        t.level = levels.from_status(status)


# zap's caller column (its ShortCallerEncoder, "middleware/log.go:58"; the full path's too)
_CALLER: Final = re.compile(r"\S*\.\w{1,5}:\d+")


def _caller_cell(parts: list[str]) -> int:
    """Where a zap console line's caller stands (1 or 2: after the level, or after the
    logger's name), when more cells than one message follow it; else 0."""
    for at in (1, 2):
        if len(parts) > at + 2 and _CALLER.fullmatch(parts[at]) is not None:
            return at
    return 0


def _tabbed(rest: str, ts: float) -> Text:
    parts = rest.split("\t")
    level = levels.word(parts[0]) if parts[0].lower() in TOKEN_LEVELS else ""
    if not level:
        return Text(ts, level_in(rest), rest, "text", None, (), True)
    tail = parts[-1]
    record: dict[str, Any] | None = None
    if len(parts) > 2 and tail.startswith("{") and tail.endswith("}"):
        try:
            obj = orjson.loads(tail)
        except ValueError:
            obj = None
        if isinstance(obj, dict):
            record = obj
            parts.pop()
    elif len(parts) > 3 and "=" in tail:
        # Rust tracing through istio's formatter (ztunnel): target, message, then the span's
        # and event's fields as key=value pairs in a column of their own: a record's fields
        pairs = _pairs(tail)
        if pairs is not None and len(pairs) >= 2 and not any(v is True for v in pairs.values()):
            record = pairs
            parts.pop()
    fields: dict[str, Any] = {}
    at = _caller_cell(parts)
    if at:
        # the caller found (a file and its line): the logger's name before it, the message
        # after it, its own tabs kept as cells (a middleware's "POST\t200\t/login\t0.002"
        # written as one message), shown spaced
        if at == 2:
            fields["logger"] = parts[1]
        fields["caller"] = parts[at]
        msg = " ".join(parts[at + 1 :])
    elif len(parts) >= 4:  # level, logger or caller (or both), message
        if len(parts) >= 5:
            fields["logger"] = parts[1]
        fields["caller"] = parts[-2]
        msg = parts[-1]
    elif len(parts) == 3:
        fields["caller"] = parts[1]
        msg = parts[2]
    else:
        msg = parts[-1]
    if record is not None:
        for k, v in fields.items():
            record.setdefault(k, v)
        record["level"] = parts[0]
        record["msg"] = msg
        t = Text(ts, level, msg, "zap-console")
        t.record = record
        return t
    return Text(ts, level, msg, "zap-console", fields or None, (), True)


# An AWS request id (a UUID): a Lambda runtime's line puts it after its time.
_AWS_REQUEST_ID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _lambda_line(parts: list[str], ts: float) -> Text:
    """A Lambda runtime's line after its time: the request id, the level (Node's since 2021,
    ``INFO``/``ERROR``; none before: a level word opening the message is then its level, one
    inside it no more than a word) and the message."""
    fields = {"request_id": parts[0]}
    if len(parts) > 2:
        # .NET's runtime writes Microsoft.Extensions.Logging's short names ("fail", "dbug")
        said = _DOTNET_LEVELS.get(parts[1])
        if said is None and parts[1].lower() in TOKEN_LEVELS:
            said = levels.word(parts[1])
        if said is not None:
            return Text(ts, said, "\t".join(parts[2:]), "lambda", fields, (), True)
    msg = "\t".join(parts[1:])
    word = _LEVEL_WORD.match(msg)
    level = levels.word(word.group(1) or word.group(2)) if word is not None else "UNKNOWN"
    return Text(ts, level, msg, "lambda", fields, (), True)


def _jul(line: str, ref: float) -> Text | None:
    """java.util.logging's two-line default: ``May 16, 2024 9:23:38 AM com.example.Foo run``
    then ``SEVERE: message`` (the parser gives the entry that line's level)."""
    comma = line.find(", ", 4, 8)
    if comma < 0 or not line[comma + 2 : comma + 6].isdigit():
        return None
    m = line.find("M ", comma + 10, comma + 22)  # "AM " / "PM "
    if m < 0 or line[m - 1] not in "AP":
        return None
    ts = loose_cached(line[: m + 1], ref)
    if ts is None:
        return None
    t = Text(ts, "INFO", line[m + 2 :], "jul", None, (), True)
    return t


JUL_LEVELS: Final = frozenset({"SEVERE", "WARNING", "INFO", "CONFIG", "FINE", "FINER", "FINEST"})
# JUL's level names as the JDK translates them (Level.getLocalizedName, the bundles
# sun.util.logging.resources.logging_xx), by their capitals: the bundles write them
# "Schwerwiegend", "Avvertenza", older JDKs in capitals. Every locale the JDK ships: de, es,
# fr, it, ja, ko, pt_BR, sv, zh_CN, zh_TW. Read wherever a JUL level is: SimpleFormatter's
# second line, Tomcat's OneLineFormatter, GlassFish's ODL and uniform layouts. Names two
# locales share map alike ("Grave" es/fr/it/pt_BR); "詳細" is ja's FINER and zh_TW's FINE,
# both below DEBUG's line either way.
JUL_LOCALIZED: Final = {
    **{word: word for word in JUL_LEVELS},
    # zh_CN
    "严重": "SEVERE", "警告": "WARNING", "信息": "INFO", "配置": "CONFIG", "详细": "FINE",
    "较详细": "FINER", "非常详细": "FINEST",
    # zh_TW
    "嚴重": "SEVERE", "資訊": "INFO", "組態": "CONFIG", "較詳細": "FINER", "最詳細": "FINEST",
    # ja
    "重大": "SEVERE", "情報": "INFO", "構成": "CONFIG", "普通": "FINE", "詳細": "FINER",
    "最も詳細": "FINEST",
    # ko
    "심각": "SEVERE", "경고": "WARNING", "정보": "INFO", "구성": "CONFIG", "미세": "FINE",
    "보다 미세": "FINER", "가장 미세": "FINEST",
    # de
    "SCHWERWIEGEND": "SEVERE", "WARNUNG": "WARNING", "INFORMATION": "INFO",
    "KONFIGURATION": "CONFIG", "FEIN": "FINE", "FEINER": "FINER", "AM FEINSTEN": "FINEST",
    # fr (its CONFIG is "Config")
    "GRAVE": "SEVERE", "AVERTISSEMENT": "WARNING", "INFOS": "INFO", "PRÉCIS": "FINE",
    "PLUS PRÉCIS": "FINER", "LE PLUS PRÉCIS": "FINEST",
    # it
    "AVVERTENZA": "WARNING", "INFORMAZIONI": "INFO", "CONFIGURAZIONE": "CONFIG",
    "BUONO": "FINE", "MIGLIORE": "FINER", "OTTIMALE": "FINEST",
    # es
    "ADVERTENCIA": "WARNING", "INFORMACIÓN": "INFO", "CONFIGURAR": "CONFIG",
    "DETALLADO": "FINE", "MUY DETALLADO": "FINER", "MÁS DETALLADO": "FINEST",
    # pt_BR
    "ADVERTÊNCIA": "WARNING", "INFORMAÇÕES": "INFO", "CONFIGURAÇÃO": "CONFIG",
    "DETALHADO": "FINE", "MAIS DETALHADO": "FINER", "O MAIS DETALHADO": "FINEST",
    # sv (its INFO is "Info")
    "ALLVARLIG": "SEVERE", "VARNING": "WARNING", "KONFIG": "CONFIG", "FIN": "FINE",
    "FINARE": "FINER", "FINASTE": "FINEST",
}  # fmt: skip
# The same two-line layout with a translated date. SimpleFormatter's "%1$tb %1$td, %1$tY
# %1$tl:%1$tM:%1$tS %1$Tp" in Chinese: ``四月 26, 2016 11:07:13 上午`` (the JDK's own month
# names; ``4月`` with CLDR's), 上午 AM, 下午 PM; in Japanese ``5月 14, 2022 3:41:27 午後``
# (JDK 8's bundle writes the month's number alone: ``11 02, 2016 ...``), 午前 AM, 午後 PM; in
# Korean ``7월 08, 2020 9:12:03 오전``, 오전 AM, 오후 PM. JDK 6's, DateFormat's medium date
# and time, in Chinese ``2016-4-26 11:07:13``. Then the logger and the method, nothing else.
_CJK_MONTHS: Final = {
    name: i + 1
    for i, name in enumerate(
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    )
}
_JUL_CJK: Final = re.compile(
    r"([一二三四五六七八九十]{1,2}月|\d{1,2}[月월]?) (\d{1,2}), (\d{4}) (\d{1,2}):(\d\d):(\d\d) "
    r"(上午|下午|午前|午後|오전|오후) ([\w$]+(?:\.[\w$]+)+ \S+)$"
)
_PM_MARKS: Final = frozenset({"下午", "午後", "오후"})
_JUL_MEDIUM: Final = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d\d):(\d\d) ([\w$]+(?:\.[\w$]+)+ \S+)$"
)


# The same two-line layout, its month in the JVM's locale (SimpleFormatter's %tb: Italian
# ``lug 18, 2014 1:02:49 PM``, French ``juil. 18, ...``); the AM/PM marker as written.
_JUL_LOCAL: Final = re.compile(
    r"(\w{3,5})\.? (\d{1,2}), (\d{4}) (\d{1,2}):(\d\d):(\d\d) ([AP])M ([\w$]+(?:\.[\w$]+)+ \S+)$"
)


def _jul_localised(line: str) -> Text | None:
    """java.util.logging's two-line layout, its month in another locale (rule above)."""
    m = _JUL_LOCAL.match(line)
    if m is None:
        return None
    month = month_number(m.group(1))[0]
    day, hour = int(m.group(2)), int(m.group(4)) % 12 + (12 if m.group(7) == "P" else 0)
    if not (month and 1 <= day <= 31):
        return None
    ts = parse_iso(f"{m.group(3)}-{month:02d}-{day:02d}T{hour:02d}:{m.group(5)}:{m.group(6)}")
    return None if ts is None else Text(ts, "INFO", m.group(8), "jul", None, (), True)


def _uniform_log(line: str) -> Text | None:
    """GlassFish's UniformLogFormatter (3.x, 4.x): ``[#|2024-05-16T09:23:38.123+0200|GRAVE|
    glassfish3.1.2|javax.enterprise.system|_ThreadID=1;_ThreadName=main;|message|#]``, its
    level JUL's in the JVM's locale; the message may run on over lines up to ``|#]``."""
    parts = line.split("|", 6)
    if len(parts) < 6:
        return None
    ts = parse_iso(parts[1])
    word = JUL_LOCALIZED.get(parts[2].upper())
    if ts is None or word is None:
        return None
    msg = parts[6].removesuffix("|#]") if len(parts) > 6 else ""
    fields = {"product": parts[3], "logger": parts[4]} if parts[4] else {"product": parts[3]}
    return Text(ts, levels.word(word), msg, "text", fields, (), True)


def _jul_translated(line: str) -> Text | None:
    """java.util.logging's two-line layout, its date in Chinese (rule above)."""
    m = _JUL_CJK.match(line)
    if m is not None:
        name = m.group(1).rstrip("月월")
        month = _CJK_MONTHS.get(name) or int(name)
        hour = int(m.group(4)) % 12 + (12 if m.group(7) in _PM_MARKS else 0)
        day, year, rest = int(m.group(2)), m.group(3), m.group(8)
    else:
        m = _JUL_MEDIUM.match(line)
        if m is None:
            return None
        year, month, day = m.group(1), int(m.group(2)), int(m.group(3))
        hour, rest = int(m.group(4)), m.group(7)
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24):
        return None
    ts = parse_iso(f"{year}-{month:02d}-{day:02d}T{hour:02d}:{m.group(5)}:{m.group(6)}")
    return None if ts is None else Text(ts, "INFO", rest, "jul", None, (), True)


def _redis(line: str, ref: float) -> Text | None:
    """Redis: ``1:M 25 Apr 2024 05:32:35.019 * Ready`` (``.`` debug, ``-`` verbose, ``*``
    notice, ``#`` warning); before 3.2 without the year (``12115:M 08 Jan 17:45:41.572 #``),
    before 3.0 the pid in brackets (``[4018] 14 Nov 07:01:22.119 *``)."""
    if line[:1] == "[":
        colon = line.find("] ", 1, 10)
        role = ""
        pid = line[1:colon]
        start = colon + 2
    else:
        colon = line.find(":", 0, 10)
        if line[colon + 1 : colon + 17] == "signal-handler (" and line[:colon].isdigit():
            return _redis_signal(line, colon)
        if colon < 1 or line[colon + 2 : colon + 3] != " ":
            return None
        role = line[colon + 1]
        pid = line[:colon]
        start = colon + 3
    if colon < 1 or not pid.isdigit():
        return None
    if line[start + 2 : start + 3] != " " or line[start + 3 : start + 6].lower() not in MONTHS:
        return None
    yearless = line[start + 9 : start + 10] == ":"
    end = start + (15 if yearless else 20)
    while end < len(line) and (line[end].isdigit() or line[end] == "."):
        end += 1
    ts = loose_cached(line[start:end], ref)
    if ts is None or line[end + 2 : end + 3] != " ":
        return None
    mark = line[end + 1]
    level = {".": "DEBUG", "-": "DEBUG", "*": "NOTICE", "#": "WARNING"}.get(mark)
    if level is None:
        return None
    fields: dict[str, Any] = {"pid": pid, "role": role} if role else {"pid": pid}
    t = Text(ts, level, line[end + 3 :], "redis", fields)
    t.year_guessed = yearless
    return t


# NestJS' ConsoleLogger: "[Nest] 38380  - 24/03/2026, 20:29:00     LOG [NestFactory] msg",
# the date as the process' locale writes it (toLocaleString), the level padded to seven.
_NEST: Final = re.compile(
    r"\[Nest\] (\d+)\s+- (.{8,40}?)\s+(LOG|ERROR|WARN|DEBUG|VERBOSE|FATAL) (?:\[([^\]]{1,80})\] )?"
)
_NEST_LEVELS: Final = {"LOG": "INFO", "VERBOSE": "TRACE", "WARN": "WARNING"}


def _nest(line: str) -> Text | None:
    m = _NEST.match(line)
    ts = anytime.value_time(m.group(2).strip()) if m is not None else None
    if m is None or ts is None:
        return None
    word = m.group(3)
    fields: dict[str, Any] = {"pid": int(m.group(1))}
    if m.group(4):
        fields["context"] = m.group(4)
    level = _NEST_LEVELS.get(word, word)
    return Text(ts, level, line[m.end() :], "text", fields, (), True)


def _redis_signal(line: str, colon: int) -> Text | None:
    """``35014:signal-handler (1725301759) Received SIGINT scheduling shutdown...``: Redis'
    signal handler stamps epoch seconds (UTC) where the server's lines are on its local
    clock."""
    close = line.find(") ", colon + 17)
    return _redis_epoch(line[:colon], line[colon + 17 : close], line[close + 2 :], close)


def _redis_signal_old(line: str) -> Text | None:
    """Redis before 3.0's signal handler: ``[14791 | signal handler] (1463266462) Received
    SIGINT scheduling shutdown...`` (_redis_signal's, the pid in brackets)."""
    bar = line.find(" | signal handler] (")
    close = line.find(") ", bar + 20)
    return _redis_epoch(line[1:bar], line[bar + 20 : close], line[close + 2 :], close)


def _redis_epoch(pid: str, epoch: str, message: str, close: int) -> Text | None:
    """The signal handler's line: its pid, its epoch seconds (a time of 2000-2100), its
    message; None when it is no such line (``close`` < 0: no bracket closed the epoch)."""
    if close < 0 or not pid.isdigit() or not epoch.isascii() or not epoch.isdigit():
        return None
    ts = float(epoch)
    if not anytime.LOW <= ts < anytime.HIGH:
        return None
    t = Text(ts, "NOTICE", message, "redis", {"pid": pid})
    t.utc_epoch = True
    return t


_CLASS_PATH: Final = re.compile(r"[A-Za-z]::[A-Z]")


def _postgres(rest: str, ts: float) -> Text | None:
    """PostgreSQL's ``[123] user@db LEVEL:  message`` after the time (log_line_prefix's
    common forms: the level is followed by two spaces)."""
    i = rest.find(":  ", 0, 120)
    if i < 3:
        return None
    # (RDS's "...:[123]:LOG:  msg"; a prefix of "|"s: '%m|%u|%d|%c|', pgreplay's)
    sp = max(rest.rfind(" ", 0, i), rest.rfind(":", 0, i), rest.rfind("|", 0, i))
    word = rest[sp + 1 : i]
    if word not in _PG_LEVELS:
        return None
    fields: dict[str, Any] = {"pg_level": word}
    prefix = rest[: sp + 1].strip(" :")
    if prefix.count("(") != prefix.count(")") or _CLASS_PATH.search(prefix) is not None:
        # a client's exception quoting the server's error (Rails' "ActionView::Template::Error
        # (PG::UndefinedTable: ERROR:  relation ..."): an open parenthesis, a class's path
        # (a client's IPv6 address, "client=::1", "::1(54321)", is the server's own field)
        return None
    if prefix.startswith("[") and "]" in prefix:
        pid = prefix[1 : prefix.find("]")]
        if pid.split("-")[0].isdigit():
            fields["pid"] = pid
        prefix = prefix[prefix.find("]") + 1 :].strip()
    if prefix:
        fields["prefix"] = prefix
    level = "INFO" if word in ("LOG", "DETAIL", "HINT", "STATEMENT", "CONTEXT", "QUERY") else ""
    msg = rest[i + 3 :]
    code = msg[:5]
    if msg[5:7] == ": " and code.isalnum() and code.upper() == code:  # verbose: SQLSTATE first
        fields["sqlstate"] = code
        msg = msg[7:]
    samples = statement_duration(msg)
    return Text(ts, level or levels.word(word), msg, "postgres", fields, samples, True)


def _dmy(line: str, ref: float) -> Text | None:
    """Tomcat's and Java's ``16-May-2024 09:23:38.123 SEVERE [main] ...``."""
    if line[3:6].lower() not in MONTHS or line[11:12] != " ":
        return None
    end = 20
    while end < len(line) and (line[end].isdigit() or line[end] in ".,"):
        end += 1
    ts = loose_cached(line[:end].replace(",", "."), ref)
    if ts is None:
        return None
    rest = line[end:].lstrip(" ")
    sp = rest.find(" [", 0, 16)
    if sp > 0:
        # Tomcat's OneLineFormatter writes the level in the JVM's locale (``情報``, ``Grave``),
        # then the thread in brackets: read as its English name would be
        word = JUL_LOCALIZED.get(rest[:sp].upper())
        if word is not None:
            rest = word + rest[sp:]
    return _after_time(line, rest, ts)


# MySQL's (up to 5.6) and MariaDB's error and slow log date: yymmdd, then the server's time
# of day with its hour unpadded; the slow log's with Percona Server's microseconds when it
# logs them (slow_query_log_timestamp_precision=microsecond: "121123 19:56:06.123456").
_YYMMDD: Final = re.compile(r"(\d\d)(\d\d)(\d\d) +(\d?\d):(\d\d):(\d\d)(?:\.(\d+))?")


def _yymmdd(m: re.Match[str]) -> float | None:
    y, mo, d, hh, mi, ss, frac = m.groups()
    return parse_iso(f"20{y}-{mo}-{d}T{hh:0>2}:{mi}:{ss}{'.' + frac[:6] if frac else ''}")


def _short_year_first(line: str) -> Text | None:
    """``22-10-11 14:04:23 INFO ...``: a two-digit year first, as strftime's ``%y-%m-%d``
    writes it (Home Assistant's colorlog, Python's logging with that datefmt): ISO 8601's
    order cut short. Day-first (``dd-mm-yy``) only when the year-first date cannot be (a
    month above 12, a day the month lacks)."""
    a, b, c = line[0:2], line[3:5], line[6:8]
    if not (a.isdigit() and b.isdigit() and c.isdigit()) or line[11:12] != ":":
        return None
    end = 17
    while end < len(line) and (line[end].isdigit() or (end == 17 and line[end] in ".,")):
        end += 1
    clock = line[9:end].replace(",", ".")
    ts = parse_iso(f"20{a}-{b}-{c}T{clock}")
    if ts is None:
        ts = parse_iso(f"20{c}-{b}-{a}T{clock}")
    return _dated_rest(line, end, ts)


# VMware's own logs after their time: the VMX's and Workstation's ("| vmx| I125: msg", the
# thread, then the level's letter and its verbosity: I a log line, W a warning, A an audit,
# E an error) and ESXi 8's standard header (RFC 5424's severities abbreviated, a value and
# "+" on a message's later lines: "In(166) Hostd[2099]: ...", "Er(163) vmx ...").
_VMX_HEAD: Final = re.compile(r"\| ([^|]{1,40})\| ([IWAE])\d{3}: ")
_VMX_LEVELS: Final = {"I": "INFO", "W": "WARNING", "A": "NOTICE", "E": "ERROR"}
_ESXI_HEAD: Final = re.compile(r"(Em|Al|Cr|Er|Wa|No|In|Db)\((\d+)\)\+? ")
_ESXI_LEVELS: Final = {
    "Em": "FATAL", "Al": "CRITICAL", "Cr": "CRITICAL", "Er": "ERROR", "Wa": "WARNING",
    "No": "NOTICE", "In": "INFO", "Db": "DEBUG",
}  # fmt: skip


def _vmware_head(rest: str, ts: float) -> Text | None:
    vmx = _VMX_HEAD.match(rest)
    if vmx is not None:
        fields = {"thread": vmx.group(1).strip()}
        return Text(ts, _VMX_LEVELS[vmx.group(2)], rest[vmx.end() :], "vmware", fields)
    esxi = _ESXI_HEAD.match(rest)
    if esxi is not None:
        return Text(ts, _ESXI_LEVELS[esxi.group(1)], rest[esxi.end() :], "vmware")
    return None


_GO_TEST_OPENS: Final = frozenset({"=== ", "--- ", "ok  ", "ok\t", "FAIL", "PASS"})


def _go_test(line: str) -> Text | None:
    g = cishapes.go_test(line)
    if g is None:
        return None
    t = Text(-1.0, g[0], line, "go-test", {"test": g[1]} if g[1] else None)
    if line[:4] == "=== " or line[:9] == "--- SKIP:":
        return t
    # a test's verdict with its time ("--- PASS: TestA (0.07s)"), a package's summary with
    # its run's ("ok  \tpkg\t0.337s", "FAIL\tpkg\t0.337s"; "(cached)" has none)
    verdict = line[:4] == "--- "
    took = _GO_TEST_TIME.search(line, 8 if verdict else 0)
    if took is not None:
        t.samples = ((TASK_MS if verdict else RUN_MS, float(took.group(1)) * S, ""),)
    return t


# (a package's time before its coverage or "[no tests to run]": "ok  \tpkg\t0.337s\tcoverage:
# 80.0% of statements")
_GO_TEST_TIME: Final = re.compile(r"(?:\(|\t)(\d+\.\d+)s(?:\)$|\t| \[|$)")


def _puma_banner(line: str) -> Text | None:
    """Puma's mark in a log it redirects stdout to: ``=== puma startup: 2018-07-27 01:55:17
    +0800 ===`` (and ``shutdown``), Ruby's Time#to_s, the server's local time and offset."""
    m = _PUMA_BANNER.match(line)
    if m is None:
        return None
    ts = parse_iso(f"{m.group(2)}T{m.group(3)}{m.group(4)}")
    return None if ts is None else Text(ts, "INFO", line, "text", {"event": m.group(1)})


_PUMA_BANNER: Final = re.compile(
    r"=== puma (startup|shutdown): (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d{4}) ===$"
)


def _logcat_long(line: str, ref: float) -> Text | None:
    """logcat -v long's header; the parser joins the message lines under it."""
    h = cishapes.logcat_long(line)
    if h is None:
        return None
    month, day, clock, level, fields = h
    ts = month_day_time(month, day, clock, 0, ref)
    return None if ts is None else Text(ts, level, fields["tag"], "logcat-long", fields)


def zabbix_head(line: str) -> int:
    """Where the message starts on a line of Zabbix's log (its server's, proxy's, agent's:
    zbxlog's ``"%6li:%.4d%.2d%.2d:%.2d%.2d%.2d.%03ld "``, the process's pid right-aligned in
    six columns, the local date and time with milliseconds, no level), else 0. A pid under
    100000 is padded with spaces: the line opens indented, and is an entry all the same."""
    colon = line.find(":", 1, 9)  # a pid of up to seven digits (Linux's pid_max, 4194304)
    if (
        colon < 0
        or line[colon + 9 : colon + 10] != ":"
        or line[colon + 16 : colon + 17] != "."
        or line[colon + 20 : colon + 21] != " "
    ):
        return 0
    if not (
        line[:colon].lstrip(" ").isdigit()
        and line[colon + 1 : colon + 9].isdigit()
        and line[colon + 10 : colon + 16].isdigit()
        and line[colon + 17 : colon + 20].isdigit()
    ):
        return 0
    return colon + 21


# An item's key with its parameters, quoted in a Zabbix message ("host:key[params]", the
# key as written, its own quotes unescaped: 'eventlog[System,,"Error"]').
_ZABBIX_KEY: Final = re.compile(r'"[^"\s\[]+\[.*?\]"')


def _zabbix(line: str) -> Text | None:
    """A line of Zabbix's log (``zabbix_head``): its time as written (local, no zone), the
    pid to fields, the level a level word in the message (``====== Fatal information:
    ======`` over a crash's dump), else INFO."""
    at = zabbix_head(line)
    if not at:
        return None
    c = line.find(":", 1, 9)
    d, t = line[c + 1 : c + 9], line[c + 10 : c + 20]
    ts = parse_iso(f"{d[:4]}-{d[4:6]}-{d[6:]}T{t[:2]}:{t[2:4]}:{t[4:]}")
    if ts is None:
        return None
    msg = line[at:]
    said = msg
    if "[" in msg and '"' in msg:
        # an item's key quoted after its host names no level of the line: a log item's
        # pattern ('item "web01:log[/var/log/app.log,error]" became supported')
        said = _ZABBIX_KEY.sub('""', msg)
    return Text(ts, _msg_level(said, False), msg, "zabbix", {"pid": int(line[:c])})


def _compact(line: str, ref: float) -> Text | None:
    """Dates without separators or with two-digit years, as loghub's systems write them:
    HDFS ``081109 203615 148 INFO dfs.DataNode: msg``, MySQL 5.5 ``161209 14:18:50 [Note] msg``,
    Spark ``17/06/09 20:10:40 INFO c: msg``,
    Android's logcat ``03-17 16:13:38.811  1702  2395 D Tag: msg`` (no year), HealthApp's
    ``20171223-22:15:29:606|Step_LSC|30002312|msg``, and a leading epoch (``1715850000.123 ...``,
    squid)."""
    if line[6:7] == " " and line[13:14] == " " and line[:6].isdigit() and line[7:13].isdigit():
        iso = f"20{line[0:2]}-{line[2:4]}-{line[4:6]}T{line[7:9]}:{line[9:11]}:{line[11:13]}"
        return _dated_rest(line, 14, parse_iso(iso))
    if line[6:7] == " " and line[:6].isdigit():
        ymd = _YYMMDD.match(line)  # MySQL 5.5's and MariaDB's "161209  1:18:50 [Note] ..."
        after = line[ymd.end() : ymd.end() + 1] if ymd is not None else ""
        if ymd is not None and ymd.group(7) is None and after in (" ", "\t"):  # no fraction
            return _dated_rest(line, ymd.end() + 1, _yymmdd(ymd))
    if line[2:3] == "/" and line[5:6] == "/" and line[8:9] == " " and line[11:12] == ":":
        iso = f"20{line[0:2]}-{line[3:5]}-{line[6:8]}T{line[9:17]}"
        return _dated_rest(line, 18, parse_iso(iso))
    if line[2:3] == "-" and line[5:6] == " " and line[8:9] == ":" and line[11:12] == ":":
        end = 14
        while end < len(line) and (line[end].isdigit() or (end == 14 and line[end] == ".")):
            end += 1
        try:
            ts = month_day_time(int(line[0:2]), int(line[3:5]), line[6:end], 0, ref)
        except ValueError:
            return None
        if ts is None:
            return None
        t = _logcat_rest(line, end, ts)
        if t is not None:
            t.year_guessed = True  # held until a line gives the year (section 4), as glog's
        return t
    if line[8:9] == "." and line[15:16] in (",", ":") and line[:8].isdigit():
        return _dotted_compact(line)
    bar = line.find("|", 14, 30) if line[8:9] == "-" and line[:8].isdigit() else -1
    if bar > 0:  # HealthApp leaves the zeros out: "20171223-22:16:0:119|"
        clock = line[9:bar].split(":")
        if len(clock) != 4 or not all(c.isdigit() for c in clock):
            return None
        h, m, sec, ms = clock
        iso = f"{line[0:4]}-{line[4:6]}-{line[6:8]}T{h:0>2}:{m:0>2}:{sec:0>2}.{ms:0>3}"
        parts = line[bar + 1 :].split("|", 2)
        msg = parts[-1]
        component = {"component": parts[0]} if len(parts) == 3 else None
        ts = parse_iso(iso)
        return None if ts is None else Text(ts, _msg_level(msg), msg, "text", component)
    sp = line.find(" ")
    if 10 <= sp <= 20 and line[:10].isdigit():
        if line[10:11] in (".", " "):
            try:
                epoch = float(line[:sp])
            except ValueError:
                # webmin's "1690466804.2161960.0": the epoch, then a counter
                dot = line.find(".", 11, sp)
                try:
                    epoch = float(line[:dot]) if dot > 0 else -1.0
                except ValueError:
                    return None
                if epoch < 0:
                    return None
        elif sp in _EPOCH_DIGITS and line[:sp].isdigit():  # ms, us or ns, by the digits
            epoch = int(line[:sp]) / _EPOCH_DIGITS[sp]
        else:
            return None
        rest = line[sp:].lstrip(" ")
        squid = _squid_native(epoch, rest)
        if squid is not None:
            return squid
        t = Text(epoch, level_in(rest), rest, "text", None, (), True)
        if rest[-4:-3] == " " and rest[-3:].isdigit():
            _request_at_end(t)  # a custom logformat's "%ts.%03tu %>a %un %rm %ru %>Hs"
        return t
    return None


def _logcat_rest(line: str, end: int, ts: float) -> Text | None:
    """A logcat line after its year-less time (ending at ``end``): ``-v time``'s, Android
    Studio's export's or ``-v threadtime``'s layout."""
    # DDMS's (Eclipse's) export puts a colon after the time: "03-17 16:13:38.811: E/Tag(..."
    rest = line[end + 1 :] if line[end : end + 1] == ":" else line[end:]
    brief = _logcat_brief(rest.lstrip(" "))
    if brief is not None:  # logcat -v time: "03-17 16:13:38.811 E/Tag( 1702): msg"
        brief.ts = ts
        return brief
    studio = cishapes.logcat_studio(rest.lstrip(" "))
    if studio is not None:  # Android Studio's export: "... 546-573/com.app W/Tag: msg"
        return Text(ts, studio[0], studio[2], "logcat", studio[1])
    parts = line[end:].split(None, 3)
    fields: dict[str, Any] = {}
    if len(parts) == 4 and len(parts[2]) != 1 and parts[1].isdigit() and parts[2].isdigit():
        # "-v threadtime,uid": the uid (a number or a name: root, u0_a123) before the pid
        fields["uid"] = parts[0]
        parts = line[end:].split(None, 4)[1:]
    if len(parts) < 4 or len(parts[2]) != 1:
        return None
    tag_end = parts[3].find(": ")
    fields.update(pid=parts[0], tid=parts[1])
    msg = parts[3]
    if tag_end > 0:
        fields["tag"] = parts[3][:tag_end].strip()
        msg = parts[3][tag_end + 2 :]
    letter = levels.LETTERS.get(parts[2])
    return Text(ts, letter or "INFO", msg, "logcat", fields)


def _dotted_compact(line: str) -> Text | None:
    """``20120702.102240,672:DEBUG:msg``: date.time,ms then a colon-delimited level."""
    head = line[9:15]
    if not (line[9:15].isdigit()):
        return None
    i = 15
    frac = ""
    if line[i] == ",":
        j = i + 1
        while j < len(line) and line[j].isdigit():
            j += 1
        frac, i = "." + line[i + 1 : j], j
    iso = f"{line[0:4]}-{line[4:6]}-{line[6:8]}T{head[0:2]}:{head[2:4]}:{head[4:6]}{frac}"
    ts = parse_iso(iso)
    if ts is None or line[i : i + 1] != ":":
        return None
    rest = line[i + 1 :]
    colon = rest.find(":", 0, 12)
    if colon > 0 and rest[:colon].lower() in TOKEN_LEVELS:
        return Text(ts, levels.word(rest[:colon]), rest[colon + 1 :], "text", None, (), True)
    return Text(ts, _msg_level(rest), rest, "text", None, (), True)


def _vdsm(line: str) -> Text | None:
    """oVirt's vdsm and other ``::``-delimited layouts: ``Thread-13::DEBUG::2012-07-02
    10:22:40,672::task::588::TaskManager.Task::(_updateState) msg``."""
    parts = line.split("::", 6)
    if len(parts) < 4 or parts[1].lower() not in TOKEN_LEVELS:
        return None
    stamp = parts[2]
    end = _ts_end(stamp)
    if end != len(stamp):
        return None
    ts = parse_iso(stamp)
    if ts is None:
        return None
    fields: dict[str, Any] = {"thread": parts[0]}
    for name, value in zip(("module", "line", "logger"), parts[3:6], strict=False):
        fields[name] = value
    msg = parts[-1] if len(parts) == 7 else "::".join(parts[3:])
    if msg.startswith("("):
        close = msg.find(")")
        if close > 0:
            fields["function"] = msg[1:close]
            msg = msg[close + 1 :].lstrip(" ")
    return Text(ts, levels.word(parts[1]), msg, "vdsm", fields, (), True)


# A leading epoch in milliseconds, microseconds or nanoseconds, told by its digits.
_EPOCH_DIGITS: Final = {13: 1e3, 16: 1e6, 19: 1e9}


def _dated_rest(line: str, at: int, ts: float | None) -> Text | None:
    if ts is None:
        return None
    rest = line[at:]
    return _after_time(line, rest.lstrip(" "), ts)


def _epoch_labelled(line: str) -> Text | None:
    """BGL and Thunderbird: an alert label (``-`` for none), epoch seconds, then the rest;
    the level is the first level word (BGL: ``RAS KERNEL INFO``, ``FATAL``)."""
    parts = line.split(" ", 2)
    if len(parts) < 3 or len(parts[1]) != 10 or not parts[1].isdigit():
        return None
    rest = parts[2]
    fields = {"alert": parts[0]} if parts[0] != "-" else None
    level = level_in(rest)
    if level == "UNKNOWN":
        level = "ERROR" if fields else "INFO"  # an alert label marks the line an alert
    return Text(float(parts[1]), level, rest, "text", fields)


# The Modified Julian Day of 1970-01-01 and of 2100-01-01.
_MJD_EPOCH: Final = 40587
_MJD_2100: Final = 88069


def _ntp_stats(line: str) -> Text | None:
    """ntpd's statistics files (loopstats, peerstats, clockstats, sysstats, rawstats): the
    day as a Modified Julian Day, then seconds past UTC midnight (``57462 36011.250
    198.51.100.4 9614 ...``)."""
    sp = line.find(" ", 6)
    day, secs = line[:5], line[6:sp]
    dot = secs.find(".")
    if not (day.isdigit() and 0 < dot <= 5 and secs[:dot].isdigit() and secs[dot + 1 :].isdigit()):
        return None
    mjd, past = int(day), float(secs)
    if not (_MJD_EPOCH <= mjd < _MJD_2100 and past < DAY):
        return None
    return Text((mjd - _MJD_EPOCH) * DAY + past, "INFO", line, "text")


def _node_event(line: str) -> Text | None:
    """A cluster's node events, as loghub's HPC set has them: ``id node component state
    epoch flag message`` (``134681 node-246 unix.hw state_change.unavailable 1077804742 1
    Component State Change: ...``)."""
    parts = line.split(" ", 6)
    if len(parts) < 7 or len(parts[4]) != 10 or not parts[4].isdigit():
        return None
    if not parts[0].isdigit() or parts[5] not in ("0", "1", "-1"):
        return None
    fields = {"node": parts[1], "component": parts[2], "state": parts[3]}
    return Text(float(parts[4]), _msg_level(parts[6]), parts[6], "text", fields)


_ANGLED: Final = re.compile(r"<((?:[^<>]|<[^<>]*>)*)>")


def _weblogic(line: str, ref: float) -> Text | None:
    """Oracle WebLogic's server log: ``####<Jan 1, 2020 12:00:00,000 PM UTC> <Error> <HTTP>
    <machine> <server> <thread> <user> <transaction> <context> <raw time> <message ID>
    <message>``; the raw time is epoch milliseconds."""
    parts = _ANGLED.findall(line, 4)
    if len(parts) < 3:
        return None
    raw = next((p for p in parts[8:10] if len(p) == 13 and p.isdigit()), "")
    ts = int(raw) / 1000 if raw else anytime.head_time(parts[0].replace(",", " ", 1), ref)
    if ts is None:
        return None
    level = levels.word(parts[1]) if parts[1].lower() in TOKEN_LEVELS else "INFO"
    fields = {"subsystem": parts[2]}
    if len(parts) >= 12 and parts[10]:
        fields["message_id"] = parts[10]
    return Text(ts, level, parts[-1] if len(parts) >= 12 else line, "text", fields, (), True)


def _mysql_slow(line: str) -> Text | None:
    """The comment lines of MySQL's and MariaDB's slow query log that say something: ``#
    Time: 180613 11:04:36`` (5.6 and MariaDB: yymmdd and an unpadded hour, server time),
    ``# Time: 2018-06-13T11:04:36.123456Z`` (5.7 on), and ``# Query_time: 2.000652
    Lock_time: 0.000000 ...``: the statement's duration in seconds, a query duration."""
    if line.startswith("# Query_time: "):
        end = line.find(" ", 14)
        try:
            took = float(line[14 : end if end > 0 else len(line)])
        except ValueError:
            return None
        samples = (("query_duration_ms", took * S, ""),)
        return Text(-1.0, "INFO", line, "mysql_slow", None, samples)
    ts = slow_time(line)
    return None if ts is None else Text(ts, "INFO", line, "mysql_slow")


def slow_time(line: str) -> float | None:
    """A slow query log's ``# Time:`` line's time (5.6 and MariaDB: yymmdd and an unpadded
    hour, server time; 5.7 on: ISO 8601 with its zone), else None."""
    if not line.startswith("# Time: "):
        return None
    # The header can go on with the next one on its line (``# Time: 071218 11:48:27 #
    # User@Host: ...``, as some servers and log shippers join them): the time is what comes
    # before a following '#'.
    stamp = line[8:].split("#", 1)[0].strip()
    ymd = _YYMMDD.fullmatch(stamp)
    return _yymmdd(ymd) if ymd is not None else parse_iso(stamp)


# %RESPONSE_FLAGS%: "-", or short codes in capitals (UF, URX, NR ...) joined by commas;
# a lower-case word or a number there is another layout's field (CLF's size, a label).
_ENVOY_FLAGS: Final = re.compile(r"-|[A-Z]{2,5}(?:,[A-Z]{2,5})*")


def envoy(rest: str) -> Text | None:
    """Envoy's (and Istio's) default access line after its ``[time]``:
    ``"GET /p HTTP/1.1" 503 UF 0 91 2001 - "10.0.0.1" "curl/8" ...``: status, flags, bytes
    in and out, duration (ms), upstream time. Istio's default puts the response code's
    details, the connection's termination details and the quoted upstream failure reason
    between the flags and the bytes (``200 - via_upstream - "-" 0 178 2 1``): the duration
    is the third of the first three numbers in a row. A TCP proxy's record (``"- - -" 0 -
    ...``: no method, path or protocol) times a connection, however long a pool kept it: no
    request's latency (Istio's own metrics time HTTP and gRPC requests only)."""
    q = rest.find('" ', 1)
    tcp = rest[:8] == '"- - -" '
    if not rest.startswith('"') or q < 0 or not (tcp or " HTTP/" in rest[:q]):
        return None
    parts = rest[q + 2 :].split(" ", 10)
    if len(parts) < 5 or not parts[0].isdigit() or _ENVOY_FLAGS.fullmatch(parts[1]) is None:
        return None
    at = 1
    while (
        at + 3 < len(parts)
        and at < 6
        and not (parts[at + 1].isdigit() and parts[at + 2].isdigit() and parts[at + 3].isdigit())
    ):
        at += 1
    status = int(parts[0])
    request = rest[1:q].split(" ")
    fields: dict[str, Any] = {"status": status, "response_flags": parts[1]}
    if len(request) >= 2 and request[0] != "-":
        fields["method"] = request[0]
        fields["path"] = request[1]
    # Code 0: no response was sent (the client went away first; a TCP connection), so no
    # HTTP status; a request's time is a served one's all the same (as Traefik's status 0)
    samples: list[tuple[str, float, str]] = [(HTTP_STATUS, float(status), "")] if status else []
    if at + 3 < len(parts) and parts[at + 3].isdigit():
        if tcp:
            samples.append((CONNECTION_MS, float(parts[at + 3]), ""))
        else:
            samples.append(("request_time_ms", float(parts[at + 3]), ""))
            if not status:
                unanswered(samples)
    return Text(0.0, levels.from_status(status), rest, "envoy", fields, tuple(samples))


# Tomcat's ExtendedAccessLogValve names a time-taken's unit by a suffix (none: seconds, whole
# from Tomcat 10, with three decimals before; the parser names those "time-taken-s" when the
# #Software directive says Tomcat).
_TAKEN_UNITS: Final[dict[str, float]] = {
    "time-taken-s": S,
    "time-taken-fracsec": S,
    "time-taken-ms": MS,
    "time-taken-us": US,
    "time-taken-ns": NS,
    "TimeTakenMS": MS,  # IIS Advanced Logging's name for it
}
_W3C_VALUE: Final = re.compile(r'"[^"]*"|\S+')


def w3c_line(line: str, names: list[str], offset: int = 0) -> Text | None:
    """A line of the W3C extended log format under its ``#Fields:`` names (IIS, CloudFront):
    ``2024-05-16 09:00:00 10.0.0.1 GET /default.htm - 80 - 10.0.0.2 Mozilla/5.0 - 200 0 0 15``.
    Read as a record: ``sc-status`` is the status, ``time-taken`` ms (IIS) or s with a point
    (CloudFront)."""
    values = line.split("\t") if "\t" in line else line.split(" ")
    if len(values) != len(names):  # padded columns, quoted values with spaces (Oracle's)
        values = [v.strip('"') for v in _W3C_VALUE.findall(line)]
        if len(values) != len(names):
            return None
    record: dict[str, Any] = {}
    # Not `value`: a loop below takes record's values under that name, and compiled code
    # (mypyc) holds a variable to the type it first had (here str).
    for name, text in zip(names, values, strict=True):
        if text != "-":
            record[name] = _scalar(text)
    date, clock = record.pop("date", None), record.pop("time", None)
    local_date, local_clock = record.pop("date-local", None), record.pop("time-local", None)
    if date is None and clock is None:
        date, clock = local_date, local_clock  # IIS Advanced Logging's server-local time
    ts = parse_iso(f"{date}T{clock}") if isinstance(date, str) and isinstance(clock, str) else None
    if ts is None:
        epoch = record.pop("ts", None)  # Zeek: epoch seconds, "-" and "(empty)" for none
        if type(epoch) is not float and type(epoch) is not int:
            return None
        ts = float(epoch)
        for name, value in list(record.items()):
            if value == "(empty)":
                del record[name]
        rtt = record.pop("rtt", None)  # dns.log's round trip (an interval: seconds)
        if type(rtt) is float and "duration" not in record:
            record["duration"] = rtt
    ts -= offset  # a #GMT-Offset directive: the times are local, that far east of UTC
    taken = record.get("time-taken")
    if isinstance(taken, float):
        record["time-taken"] = taken * S
    for name, unit in _TAKEN_UNITS.items():
        value = record.pop(name, None)
        if isinstance(value, int | float):
            record["time-taken"] = value * unit  # in ms, as IIS's
    t = Text(ts, "", line, "w3c")
    t.record = record
    return t


_ALB_TYPES: Final = frozenset({"http", "https", "h2", "grpcs", "ws", "wss"})


def _alb(line: str, sp: int) -> Text | None:
    """An AWS Application Load Balancer access line: ``https 2024-05-16T09:00:00.123456Z
    app/lb/50dc 10.0.0.1:2817 10.0.0.2:80 0.000 0.012 0.000 200 200 34 366 "GET ..." ...``:
    the three processing times (s; -1 when the target never answered), then the
    balancer's and the target's status."""
    parts = line.split(" ", 12)
    if len(parts) < 12:
        return None
    ts = parse_iso(parts[1])
    if ts is None:
        return None
    try:
        times = [float(parts[5]), float(parts[6]), float(parts[7])]
    except ValueError:
        return None
    code = parts[8]
    if not code.isdigit():
        return None
    status = int(code)
    samples: list[tuple[str, float, str]] = [(HTTP_STATUS, float(status), "")]
    if min(times) >= 0:
        samples.append(("request_time_ms", sum(times) * S, ""))
    fields: dict[str, Any] = {"elb": parts[2], "client": parts[3], "status": status}
    if parts[9].isdigit():
        fields["target_status"] = int(parts[9])
    rest = parts[12] if len(parts) > 12 else ""
    return Text(ts, levels.from_status(status), rest, "alb", fields, tuple(samples))


def _uwsgi_memory(line: str, ref: float) -> Text | None:
    """uWSGI's request line under its ``--memory-report`` (logging.c: ``{address space usage:
    %lld bytes/%lluMB} {rss usage: %llu bytes/%lluMB} `` before ``[pid: ...``; with
    ``--memory-report=2`` ``{uss usage: ...} {pss usage: ...}`` after them): the request
    line, the process's sizes in fields (MB)."""
    at = line.find("} [pid: ", 0, 320)  # four sizes of twenty digits each fit
    if at < 0:
        return None
    t = _uwsgi(line[at + 2 :], ref)
    if t is not None:
        sizes = dict(_UWSGI_MEMORY.findall(line, 0, at + 1))
        if sizes:
            named = {k.replace(" ", "_") + "_mb": int(v) for k, v in sizes.items()}
            t.fields = {**(t.fields or {}), **named}
    return t


_UWSGI_MEMORY: Final = re.compile(r"\{(address space|rss|uss|pss) usage: \d+ bytes/(\d+)MB\}")


def _uwsgi(line: str, ref: float) -> Text | None:
    """uWSGI's request line: ``[pid: 12|app: 0|req: 1/1] 10.0.0.1 () {40 vars in 800 bytes}
    [Thu May 16 09:23:38 2024] GET / => generated 12 bytes in 3 msecs (HTTP/1.1 200) ...``."""
    open_at = line.find("} [", 0, 300)
    if open_at < 0:
        open_at = line.find("] [", 0, 300)
    close = line.find("]", open_at + 3)
    if open_at < 0 or close < 0:
        return None
    ts = loose_cached(line[open_at + 3 : close], ref)
    if ts is None:
        return None
    msg = line[close + 2 :]
    samples: list[tuple[str, float, str]] = []
    fields: dict[str, Any] = {}
    level = "INFO"
    h = msg.find("(HTTP/")
    if h < 0:
        h = msg.find(" msecs ( ")  # no protocol (a request uWSGI could not read): "( 500)"
        h = h + 7 if h >= 0 else -1
    if h >= 0:
        sp = msg.find(" ", h)
        code = msg[sp + 1 : sp + 4]
        if code.isdigit():
            status = int(code)
            fields["status"] = status
            samples.append((HTTP_STATUS, float(status), ""))
            level = levels.from_status(status)
    i = msg.find(" bytes in ")
    if i >= 0:
        j = msg.find(" ", i + 10)
        unit = msg[j + 1 : j + 6]
        try:
            n = float(msg[i + 10 : j])
            # "msecs", or "usecs"/"micros" (uWSGI's log-micros)
            micro = unit == "usecs" or unit == "micro"
            samples.append(("response_time_ms", n / 1000.0 if micro else n, ""))
        except ValueError:
            pass
    return Text(ts, level, msg, "uwsgi", fields or None, tuple(samples))


def _proxifier(line: str, ref: float) -> Text | None:
    """Proxifier: ``[10.30 16:49:06] chrome.exe - host:443 open through proxy``."""
    close = line.find("] ", 1, 24)
    if close != 15 or line[3:4] != "." or line[6:7] != " ":
        return None
    try:
        ts = month_day_time(int(line[1:3]), int(line[4:6]), line[7:15], 0, ref)
    except ValueError:
        return None
    if ts is None:
        return None
    msg = line[close + 2 :]
    return Text(ts, _msg_level(msg), msg, "text")


# --- syslog ------------------------------------------------------------------------------


def _pri(line: str, ref: float) -> Text | None:
    j = line.find(">", 1, 5)
    if j < 2 or not line[1:j].isdigit():
        return None
    pri = int(line[1:j])
    level = levels.number(pri & 7, levels.SYSLOG_SCALE)
    fields: dict[str, Any] = {"facility": pri >> 3, "severity": levels.SYSLOG_NAMES[pri & 7]}
    rest = line[j + 1 :]
    if rest[:2] == "1 ":  # RFC 5424
        return _syslog_5424(rest[2:], level, fields, ref)
    if rest[3:4] == " " and rest[:3].lower() in MONTHS:
        return _syslog_3164(rest, 0, ref, level, fields)
    if rest[:1].isdigit():
        end = _ts_end(rest)
        ts = parse_iso(rest[:end]) if end else None
        if ts is not None:
            after = rest[end:]
            s = _syslog_header(after.lstrip(" "), ts, level, fields)
            if s is not None:
                return s
            if after[:2] == ": ":  # "<190>2024-01-17T09:07:34Z: %FTD-2-109011: msg" (no host)
                return Text(ts, level, after[2:], "syslog", fields)
    # No header, the time a key's (SonicWall's '<134>  id=firewall ... time="... UTC"')
    keyed = anytime.keyed_time(rest) if "=" in rest else None
    return Text(-1.0 if keyed is None else keyed, level, rest.lstrip(" "), "syslog", fields)


def _syslog_5424(rest: str, level: str, fields: dict[str, Any], ref: float) -> Text | None:
    parts = rest.split(" ", 5)
    if len(parts) < 5:
        return None
    ts = -1.0 if parts[0] == "-" else parse_iso(parts[0])
    if ts is None:
        return None
    for name, value in zip(("host", "program", "pid", "msgid"), parts[1:5], strict=False):
        if value != "-":
            fields[name] = value
    msg = parts[5] if len(parts) > 5 else ""
    if msg.startswith("["):  # structured data: [id k="v"]... then the message
        i, depth, quoted = 0, 0, False
        while i < len(msg):
            ch = msg[i]
            if quoted:
                if ch == "\\":
                    i += 1
                elif ch == '"':
                    quoted = False
            elif ch == '"':
                quoted = True
            elif ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0 and msg[i + 1 : i + 2] != "[":
                    i += 1
                    break
            i += 1
        fields["sd"] = msg[:i]
        msg = msg[i:].lstrip(" ")
    elif msg.startswith("- "):
        msg = msg[2:]
    elif msg == "-":
        msg = ""
    if msg.startswith("\ufeff"):
        msg = msg[1:]
    t = Text(ts, level, msg, "syslog", fields)
    _postgres_timed(t, fields.get("program"))
    return t


def _postgres_timed(t: Text, program: Any) -> bool:
    """PostgreSQL under syslog (its syslog_ident, "[8-1]" its line's split, its own
    log_line_prefix after): log_min_duration_statement's "LOG:  duration: 21.376 ms
    statement: ...", the query's time, as in its stderr log. Did it time one?"""
    msg = t.message
    if type(program) is not str or program[:8] != "postgres" or ":  duration: " not in msg:
        return False
    t.samples = statement_duration(msg[msg.find(":  duration: ") + 3 :])
    return bool(t.samples)


def _locale_month_head(line: str) -> bool:
    """Does the line open with a month's abbreviation of four or five letters (fr_FR's
    ``févr.``, ``janv.``, ``sept.``), then a day?"""
    sp = line.find(" ", 4, 7)
    return sp > 0 and line[sp + 1 : sp + 2].isdigit() and month_number(line[:sp].rstrip("."))[0] > 0


def _syslog_3164(
    line: str, i: int, ref: float, level: str, fields: dict[str, Any] | None = None
) -> Text | None:
    """``Nov  3 09:23:38 host prog[12]: msg`` (also ``Nov 03``, ``Nov 3`` as some relays
    write it, a year, or a fraction)."""
    month = MONTHS.get(line[i : i + 3].lower()) if line[i + 3 : i + 4] == " " else None
    j = i + 4  # where the day starts
    if month is None:
        # another locale's %b (journalctl's short output in it): "июн 01", "févr. 05",
        # "Mär", "janv. 05", "sept. 12" (fr_FR's abbreviations longer than three letters)
        sp = line.find(" ", i + 3, i + 7)
        month = month_number(line[i:sp].rstrip("."))[0] if sp > 0 else 0
        if not month:
            return None
        j = sp + 1
    if line[j : j + 1].isdigit() and line[j + 1 : j + 2] == " ":
        day_text, k = line[j], j + 2  # "Sep 8 07:46:30": the day not padded
    else:
        day_text, k = line[j : j + 2].strip(), j + 3
        if line[j + 2 : j + 3] != " ":
            return None
    if not day_text.isdigit():
        return None
    year = ""
    if line[k : k + 4].isdigit() and line[k + 4 : k + 5] == " ":  # "May 16 2024 09:23:38"
        year = line[k : k + 4]
        k += 5
    if line[k + 2 : k + 3] != ":" or line[k + 5 : k + 6] != ":":
        return None
    end = k + 8
    while end < len(line) and (line[end].isdigit() or (end == k + 8 and line[end] in ".,")):
        end += 1
    hms = line[k:end]
    if (
        not year
        and line[end + 1 : end + 3] in ("19", "20")
        and line[end + 3 : end + 5].isdigit()
        and line[end : end + 1] == " "
        and line[end + 5 : end + 6] == " "
    ):  # the year after the time, as ctime() puts it (IBM LSF's "Jan 15 21:46:34 2025 pid")
        year = line[end + 1 : end + 5]
        end += 5
    if year:
        ts = parse_iso(f"{year}-{month:02d}-{int(day_text):02d}T{hms.replace(',', '.')}")
    else:
        ts = month_day_time(month, int(day_text), hms, 0, ref)
    if ts is None:
        return None
    rest = line[end:].lstrip(" ")
    f = fields if fields is not None else {}
    s = _syslog_header(rest, ts, level, f)
    if s is None:
        if i == 0 and not f:  # Cisco's buffer: "Nov  4 08:15:09.120 UTC: %SYS-6-...: msg"
            n = _network(line, ref)
            if n is not None:
                return n
        s = Text(ts, level or _msg_level(rest), rest, "syslog", f or None)
    if not year and s.record is None:
        s.ts = with_year(s.message, ts)
        s.year_guessed = s.ts == ts
    elif not year:
        s.year_guessed = not _local_record_time(s, ts)
    return s


def _local_record_time(s: Text, ts: float) -> bool:
    """A record behind a year-less header whose own time shows the header's clock in its
    zone (dockerd's ``time="2018-01-31T15:18:43.799+05:30"`` behind ``Jan 31 15:18:43``):
    the header is that zone's local time, read as the file's other headers are (naive), so
    the line keeps the header's time, in the record's year; the record's time is dropped."""
    record = s.record
    if record is None:
        return False
    for key in list(record):
        value = record[key]
        if type(value) is not str or len(value) < 20:
            continue
        if value[:4].isdigit():
            if value[4:5] != "-" or value[-6:-5] not in ("+", "-") or value[-3:-2] != ":":
                continue
            try:
                local = datetime.fromisoformat(value)
            except ValueError:
                return False
            clf = False
        elif value[2:3] == "/" and value[6:7] == "/" and value[-5:-4] in ("+", "-"):
            # CLF's "03/Apr/2022:04:01:40 +0600" (HAProxy's %Tl, nginx's $time_local)
            try:
                local = datetime.strptime(value, "%d/%b/%Y:%H:%M:%S %z")
            except ValueError:
                continue
            clf = True
        else:
            continue
        if not local.utcoffset():
            continue  # UTC: the record's time is the header's only if they agree
        header = datetime.fromtimestamp(ts, UTC)
        try:
            placed = header.replace(year=local.year)
        except ValueError:
            return False
        wall = local.replace(tzinfo=UTC)
        if placed - wall > _YEAR_HALF:  # the header on 1 January, the record on 31 December
            placed = header.replace(year=local.year + 1)
        apart = (placed - wall).total_seconds()
        # the same time to 2 s; a proxy's session time (HAProxy's accept date) up to five
        # minutes before the header, which is written when the session ends: a zone apart
        # would be a quarter of an hour at least
        if not (-2 <= apart <= (300 if clf else 2)):
            return False
        s.ts = placed.timestamp()
        if clf:
            s.header_clock = True  # the record's other times (an epoch: UTC) are not the line's
        else:
            del record[key]
        return True
    return False


_YEAR_HALF: Final = timedelta(days=180)


_FULL_TIME: Final = re.compile(
    r"(?P<iso>\d{4}([-/])\d\d\2\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)"
    r"|(?P<clf>\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?)"
)


_KLOG_LETTERS: Final = frozenset("IWEF")


def with_year(msg: str, ts: float) -> float:
    """A year-less time (syslog's, a relay's) made whole by a full time in its message that
    falls on the same day of the year (within the zones' day): the application's own
    ``2023-05-16T12:11:39Z`` (or ``2023/05/16 12:11:39``) behind ``May 16 12:11:39 host
    core[1]:``, Asterisk's ``EventTV="2022-03-06T08:44:27.151+1100"``, HAProxy's accept
    date ``[30/Jul/2018:09:03:52.726]``. The full time is taken as it is, also when it is
    seconds or minutes off the header's: the header says when the line was sent, the full
    time when the request or event happened (HAProxy logs a session when it ends). Else the
    year as placed. MySQL's (up to 5.6) ``141014 13:07:30`` opening the message (mysqld
    behind Debian's syslog) is such a time too: yymmdd, on the header's day. The kernel
    audit record's ``audit(1573828316.362:40)`` (epoch seconds, a serial) gives the year
    only: the header's time stays, as its neighbours' do (the host's clock, not UTC)."""
    audit = msg.find("audit(", 0, 400)
    if audit >= 0:
        stamp = msg[audit + 6 : msg.find(":", audit + 6, audit + 40)]
        if stamp[:10].isdigit() and stamp[10:11] in (".", ""):
            epoch = _same_day(ts, float(stamp))
            return ts if epoch == ts else _in_year_of(ts, epoch)
    if msg[6:7] == " " and msg[:6].isdigit():
        ymd = _YYMMDD.match(msg)
        full = _yymmdd(ymd) if ymd is not None else None
        if full is not None:  # both the host's local time: the same month and day, or none
            a, b = datetime.fromtimestamp(ts, UTC), datetime.fromtimestamp(full, UTC)
            return full if (a.month, a.day) == (b.month, b.day) else ts
    if msg[:1] in _KLOG_LETTERS and msg[5:6] == " " and msg[1:5].isdigit() and msg[8:9] == ":":
        # klog's own head ("I0922 16:54:28.365307 14406 file.go:261] ..."): the line's time
        # is that; a full one in its message is the message's (kubelet's "Docker Info: &{...
        # SystemTime:2020-09-22T16:54:28.350737+03:00 ...}"), the year taken from it alone
        return year_from(msg[6:], ts)
    head = msg[:1200]
    m = None
    if "-" in head or "/" in head:
        m = _FULL_TIME.search(msg, 0, 1200)  # an explicit time field may come late (CEF's)
    if m is None:
        return _epoch_year(msg, ts)
    if anytime.after_future_key(msg, m.start()):
        return ts  # a lifetime's end ("Certificate expiration is 2025-..."): no year of the line
    iso = m.group("iso")
    if iso is not None:
        full = parse_iso(iso.replace("/", "-") if iso[4] == "/" else iso)
    else:
        full = parse_clf(m.group("clf"))
    if full is None or full < _CLOCK_SET:
        # (an unset clock's date says no year: the i.MX RTC's "setting system clock to
        # 1970-01-01 00:00:00 UTC (0)" at a board's boot)
        return ts
    placed = _same_day(ts, full)
    if placed != ts and (
        msg.endswith("system clock to ", 0, m.start())
        or msg.find(" previously ", max(0, m.start() - 48), m.start()) >= 0
    ):
        # the kernel's "setting system clock to 2021-05-15 13:15:52 UTC" (the RTC's time,
        # read at boot), urandom's "system was previously seeded at [...]" (an earlier
        # boot's): the year only, the header's clock kept, seconds off or hours
        return _in_year_of(ts, full)
    if (
        placed != ts
        and msg[m.start() - 2 : m.start() - 1].isalpha()
        and msg[m.start() - 1] == " "
        and _INNER_LAG < abs((header := _in_year_of(ts, full)) - full) < DAY
        and not _level_before(msg, m.start() - 1)
    ):
        # hours from the header and said in prose, no field's value (EventTV="...",
        # devUtcTime=...): a time the line talks about, in another zone (the kernel's
        # "setting system clock to 2014-10-14 18:07:25 UTC" behind a local header): its
        # year only, the header's clock kept (as the line's neighbours keep it)
        return header
    if placed != ts:
        kept = _replayed(ts, full)
        if kept is not None:
            # a line a relay repeats long after it was written (``docker start -a`` behind
            # syslog replaying yesterday's access lines): logged at the header's time
            return kept
    return placed


_NO_ZONES_APART: Final = 14 * 3600.0  # no two zones' clocks are further apart than this
_CLOCK_SET: Final = 946684800.0  # 2000-01-01: a clock's date before it is its epoch's, unset


def _replayed(ts: float, full: float) -> float | None:
    """A year-less header's time in the year nearest its message's full time, if the two are
    more than 14 hours apart: further than any zone puts two clocks, so the message's time
    is when it was first written, not when this line was (else None). A nearer one, a zone's
    hours or a session's minutes off, is the line's own (HAProxy's accept date, a program's
    UTC behind a local header)."""
    if abs(ts - full) <= _NO_ZONES_APART:  # the header's year guessed as the message's
        return None
    header = _in_year_of(ts, full)
    if header - full > 182 * DAY:  # Jan 1's header, Dec 31's time: the year before's
        header = years_on(header, -1)
    elif full - header > 182 * DAY:  # Dec 31's header, Jan 1's time: the year after's
        header = years_on(header, 1)
    return header if abs(header - full) > _NO_ZONES_APART else None


def _level_before(msg: str, end: int) -> bool:
    """Is the word ending at ``end`` a level token (upper-case, or opening the message)? A
    program's own ``LEVEL <time> ...`` head (docker's journald driver's ``ERRO
    2020-03-05T07:10:01+00:00``, Django's verbose ``WARNING 2020-03-05 07:10:02,123``): its
    record's time, no time said in prose."""
    start = msg.rfind(" ", 0, end) + 1
    word = msg[start:end]
    return (start == 0 or word.isupper()) and word.lower() in TOKEN_LEVELS


# An inner time this far from its header's (a zone's whole hours, not HAProxy's minutes
# between a session's accept and its end), deep in the message, is the year's only.
_INNER_LAG: Final = 1800.0


# An epoch number, seconds or milliseconds (2001-09 to 2033: the leading 1), maybe with a
# fraction, where a layout puts its fields: the message's first word (HAProxy's ``%Ts`` in a
# custom log-format) or under a key naming a time (``ts=1362130512``). One quoted further in
# is another party's (a mail server's reply, ``250 2.0.0 OK 1361464247 ...``).
_EPOCH_FIELD: Final = re.compile(
    r"(?:^|\b(?:ts|time|timestamp|epoch)=)(1\d{9}|1\d{12})(?:\.\d{1,9})?(?![\w:/-]|\.\w)"
)


# The zones' offsets are whole quarter-hours (Nepal's +5:45, the Chathams' +12:45); an epoch
# field is written within a minute of its header (HAProxy's %Ts: the request's accept).
_ZONE_STEP: Final = 900.0
_EPOCH_LAG: Final = 60.0


def _epoch_year(msg: str, ts: float) -> float:
    """``ts`` in the year of an epoch field (rule above) at its moment: on its day of the
    year (within the zones' day: the header is the host's clock) and its time of day but
    for a zone's offset (a whole quarter-hour) and a minute's lag; the header's time kept,
    as the kernel audit record's; else ``ts``. A number at another moment is an ID, a size,
    a count (one on the day's date by chance re-dated a whole file: its guesses follow)."""
    if msg[:1] != "1" and "=1" not in msg[:300]:
        return ts
    m = _EPOCH_FIELD.search(msg, 0, 300)
    if m is None:
        return ts
    digits = m.group(1)
    epoch = float(digits) / (1000 if len(digits) == 13 else 1)
    if _same_day(ts, epoch) != epoch:
        return ts
    off = (ts - epoch) % _ZONE_STEP  # years apart are whole days, whole quarter-hours
    if min(off, _ZONE_STEP - off) > _EPOCH_LAG:
        return ts
    return _in_year_of(ts, epoch)


def _same_day(ts: float, full: float) -> float:
    """``full`` if it falls on ``ts``'s day of the year (within the zones' day), else ``ts``."""
    delta = ts - full
    years = round(delta / (365.2425 * DAY))
    return full if abs(delta - years * 365.2425 * DAY) <= 1.5 * DAY else ts


def year_from(msg: str, ts: float) -> float:
    """A year-less header's time kept, in the year of a full time in its message on the same
    day (kube-apiserver's klog ``I0222 14:50:14 ... (started: 2021-02-22 14:50:13.43``):
    the header says when, the message which year."""
    full = with_year(msg, ts)
    return ts if full == ts else _in_year_of(ts, full)


def year_inside(message: str, detail: list[str], ts: float, latest: float) -> float:
    """A year-less entry's time in the year of a full date written inside it (its message or
    the lines under it, the first 40) on its day, or a day off for a zone: Bacula's job report
    ``Scheduled time: 23-Jan-2020 12:18:48`` under ``23-Jan 12:18``, Nextflow's ``Created:
    19-05-2023 02:15 UTC (18-05-2023 21:15 CDT)`` under ``May-18 21:16:09.718``, mcelog's
    ctime() ``TIME 1540467571 Thu Oct 25 13:39:31 2018`` under syslog's, a date alone on
    its day (anacron's ``Anacron 2.3 started on 2021-10-29``), or Go's time.Time anywhere in
    the line (kubelet's Event ``FirstTimestamp:2025-05-23 08:07:10.9 +0000 UTC``). Else ``ts``:
    a date on another day is one the entry talks about (a configuration's, an argument), and
    so is one after ``latest`` (the file's last change, the import's clock: no line was
    written after it) or after a key of expiry or a schedule (``dates_with_year``; the kubelet's
    ``Certificate expiration is`` a Go time.Time too)."""
    for text in (message, *detail[:40]):
        if len(text) < 14 or not (
            "-" in text or "/" in text or "," in text or " 20" in text or " 19" in text
        ):
            continue
        head = text[:400]
        # full dates first, then a date alone at the entry's time of day (anacron's
        # "started on 2021-10-29")
        tod = ts - midnight(ts)
        for full in (
            *anytime.dates_with_year(head),
            *(d + tod for d in anytime.days_with_year(head)),
        ):
            if full <= latest + DAY and _same_day(ts, full) == full:
                return _nearest_in_year(ts, full)
    for text in (message, *detail[:40]):
        if " +0" not in text and " -" not in text:
            continue
        for m in _GO_TIME.finditer(text):  # anywhere in the line: a struct goes on long
            go = _go_time(m)
            # (with its monotonic reading, a time.Now(): the writer's clock, no date it
            # talks about, whatever the file's change says)
            if (
                go is not None
                and (m.group(10) is not None or go <= latest + DAY)
                and not anytime.after_future_key(text, m.start())
                and _same_day(ts, go) == go
            ):
                return _nearest_in_year(ts, go)
    return ts


# Go's time.Time as its String method writes it (`%v` of a struct holding one: Kubernetes'
# Event printed by klog, `FirstTimestamp:2025-05-23 08:07:10.901663471 +0000 UTC m=+0.31`):
# its nanoseconds, its offset and its zone's name after, a shape no prose date takes; and
# the monotonic clock's reading (m=+0.31) when time.Now() made it.
_GO_TIME: Final = re.compile(
    r"(?<![\w.-])(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.\d{1,9})? "
    r"([+-])(\d\d)(\d\d) [A-Z]{3,5}\b( m=[+-]\d)?"
)


def _go_time(m: re.Match[str]) -> float | None:
    """The time a ``_GO_TIME`` match writes (None for an impossible one)."""
    y, mo, d, h, mi, sec, sign, oh, om, _now = m.groups()
    try:
        at = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), tzinfo=UTC)
    except ValueError:
        return None
    offset = (int(oh) * 3600 + int(om) * 60) * (1 if sign == "+" else -1)
    return at.timestamp() - offset


def _nearest_in_year(ts: float, full: float) -> float:
    """``ts``'s month, day and time in the year that puts it nearest ``full`` (a 31 December
    entry, a 1 January date in UTC: the year before the date's)."""
    placed = _in_year_of(ts, full)
    if placed - full > 180 * DAY:
        return _in_year_of(ts, full - 360 * DAY)
    if full - placed > 180 * DAY:
        return _in_year_of(ts, full + 360 * DAY)
    return placed


def _in_year_of(ts: float, full: float) -> float:
    """``ts`` moved to ``full``'s year."""
    header = datetime.fromtimestamp(ts, UTC)
    try:
        return header.replace(year=datetime.fromtimestamp(full, UTC).year).timestamp()
    except ValueError:  # 29 February in another year: the full time is as near as it gets
        return full


def _syslog_header(
    rest: str, ts: float, level: str = "", fields: dict[str, Any] | None = None
) -> Text | None:
    """``host prog[pid]: message`` (or ``host prog: message``) after a syslog time."""
    sp = rest.find(" ")
    if sp <= 0 or rest[sp - 1] == ":":
        return None
    host = rest[:sp]
    if host.lower() in TOKEN_LEVELS:
        return None
    said = _facility_severity(host) if "." in host else ""
    if not said and "." in rest[sp + 1 : sp + 20]:
        nxt = rest.find(" ", sp + 1)
        said = _facility_severity(rest[sp + 1 : nxt]) if nxt > 0 else ""
        if said:  # "host facility.severity prog: msg"
            fields = {**(fields or {}), "host": host}
            rest = rest[sp + 1 :]
            sp = nxt - sp - 1
            host = rest[:sp]
    if said:
        # rsyslog's template with %syslogfacility-text%.%syslogseverity-text% after the
        # time (a Raspberry Pi image's, a router's): the priority the message was sent at
        # is its level, whatever its words say; no host unless one came before it
        f = fields if fields is not None else {}
        f["facility"] = host[: host.find(".")]
        body = rest[sp + 1 :]
        colon = body.find(": ", 0, 80)
        if colon < 0 and body.endswith(":") and " " not in body:
            colon = len(body) - 1  # a tag with no message
        if colon > 0 and " " not in body[:colon]:
            _tag_fields(body[:colon], f)
            body = body[colon + 2 :]
        return _message(ts, body, level or said, f, "syslog")
    colon = rest.find(": ", sp + 1, sp + 80)
    if colon < 0:
        if rest.endswith(":") and " " not in rest[sp + 1 :]:
            colon = len(rest) - 1
        else:
            return None
    tag = rest[sp + 1 : colon]
    if not tag or " " in tag or tag in JUL_LEVELS:  # "com.example.Foo FINE: msg": a logger
        return None
    if host[-1] == "s" and host[:-1].replace(".", "", 1).isdigit() and tag in TOKEN_LEVELS:
        # RethinkDB's log_file, "<time> 0.021877s notice: msg": the process's uptime in
        # seconds (no host, no duration), then the level
        return Text(ts, level or levels.word(tag), rest[colon + 2 :], "text", fields or None)
    if sp == 1 and host in _GCLOUD_LETTERS:
        return _functions_log(ts, tag, rest[colon + 2 :], host, fields)
    f = fields if fields is not None else {}
    f["host"] = host
    _tag_fields(tag, f)
    return _message(ts, rest[colon + 2 :], level, f, "syslog")


# `firebase functions:log` (firebase-tools' functionsLog: "<timestamp> <severity's first
# letter> <function>: <text>", "?" for none; D is DEBUG's or DEFAULT's): a one-letter "host"
_GCLOUD_LETTERS: Final = {
    **{k: v for k, v in _SEVERITY_LETTERS.items() if k in "DINWEC"},
    "A": "ALERT",
    "?": "UNKNOWN",
}
# Cloud Functions' own line after each invocation (gen1): its time, and how it ended (an
# HTTP function's status code; "ok", "error", "crash", "timeout", "connection error")
_FUNCTION_TOOK: Final = re.compile(
    r"Function execution took (\d+) ms,? finished with status(?: code)?: '?([\w ]+?)'?$"
)


def _functions_log(
    ts: float, function: str, msg: str, letter: str, fields: dict[str, Any] | None
) -> Text:
    """A Cloud Function's line in `firebase functions:log` (above)."""
    f = {**(fields or {}), "function": function}
    level = _GCLOUD_LETTERS[letter]
    if letter == "?":  # console.log's lines carry no severity: the message's own word
        level = level_in(msg)
    samples: tuple[tuple[str, float, str], ...] = ()
    took = _FUNCTION_TOOK.match(msg) if msg[:9] == "Function " else None
    if took is not None:
        ms, ended = float(took.group(1)), took.group(2)
        code = status_code(int(ended)) if ended.isdigit() else None
        if code is not None:
            samples = ((HTTP_STATUS, float(code), ""), ("request_time_ms", ms, ""))
            level = levels.from_status(code) if code >= 500 else level
        elif ended == "ok":
            samples = ((SERVED_OK_MS, ms, ""),)
        else:  # its invocation failed: served, no status, an error
            samples = ((UNANSWERED_MS, ms, ""),)
            level = "ERROR"
    return Text(ts, level, msg, "functions", f, samples)


def _tag_fields(tag: str, f: dict[str, Any]) -> None:
    """A syslog tag's program and pid (``sshd[812]``, ``kernel``)."""
    b = tag.find("[")
    if b > 0 and tag.endswith("]"):
        f["program"] = tag[:b]
        f["pid"] = tag[b + 1 : -1]
    else:
        f["program"] = tag


def _facility_severity(tok: str) -> str:
    """The level a ``facility.severity`` token (``daemon.err``, ``kern.info``: rsyslog's
    names, the severity's the eight it writes) says, or ""."""
    fac, _, sev = tok.partition(".")
    if fac not in _FACILITIES or sev not in _SEVERITY_NAMES:
        return ""
    return levels.word(sev)


def _message(ts: float, msg: str, level: str, fields: dict[str, Any], fmt: str) -> Text:
    """A syslog message; a JSON object (a service logging JSON to syslog) or logfmt pairs
    in it (Heroku's router, Go services behind syslog) are read as a record."""
    if msg[:2] == "'{" and msg[-2:] == "}'":
        # a JSON log-format written in single quotes, as a shell or HAProxy's config quotes
        # it, the quotes kept in the output
        msg = msg[1:-1]
    if msg[:1] == "{" and msg[-1:] == "}":
        try:
            record = orjson.loads(msg)
        except orjson.JSONDecodeError:
            record = None
        if isinstance(record, dict):
            for k, v in fields.items():
                record.setdefault(k, v)
            if level and "level" not in record:
                record["level"] = level
            t = Text(ts, "", msg, fmt)
            t.record = record
            return t
    if "=" in msg:
        pairs = _pairs(msg)
        if pairs is not None and len(pairs) >= 3:
            for k, v in fields.items():
                pairs.setdefault(k, v)
            if level and "level" not in pairs:
                pairs["level"] = level
            if "level" not in pairs:
                _at_level(pairs)
            t = Text(ts, "", msg, fmt)
            t.record = pairs
            return t
    program = fields.get("program")
    if not level and type(program) is str and program[:1] == "%":
        level = netdevices.severity_in(program)  # ASA's "%ASA-4-106023: msg" in the tag's place
    if not level and msg[:1] in "IWEF" and msg[5:6] == " " and msg[8:9] == ":":
        inner = _klog(msg, ts)  # kubelet under systemd: "kubelet[812]: E0429 04:15:01 ..."
        if inner is not None:
            level = inner.level
    if not level and type(program) is str and program.startswith("postfix"):
        level = _postfix_level(msg)
    if not level and msg[:1].isupper():
        sp = msg.find(" ", 3, 9)
        if sp > 0 and msg[sp + 1 : sp + 2].isdigit() and msg[:sp].lower() in TOKEN_LEVELS:
            # the program's own "LEVEL <time> ..." head (a daemon under docker's journald
            # driver: "ERRO 2020-03-05T07:10:01+00:00 task/run.go:12 msg"): its level
            level = levels.word(msg[:sp])
    kernel = program is None or program == "kernel"  # a program's "BUG: ..." is its own
    t = Text(ts, level or _msg_level(msg, kernel, program == "kernel"), msg, fmt, fields or None)
    if _postgres_timed(t, program):
        return t
    if ", delays=" in msg:
        d = _POSTFIX_DELAY.search(msg)
        if d is not None:
            t.samples = (("duration_ms", float(d.group(1)) * S, ""),)
            return t
    elif ", delay=" in msg:
        d = _SENDMAIL_DELAY.search(msg)
        if d is not None:
            days, h, m, sec = d.groups()
            took = ((int(days or 0) * 24 + int(h)) * 60 + int(m)) * 60 + int(sec)
            t.samples = (("duration_ms", took * S, ""),)
            return t
    if "] " in msg[:64] or (type(program) is str and program[:7] == "haproxy"):
        _haproxy(t, not level)  # (its date may be left out of a log-format of its own)
    swift = _SWIFT_PROXY.match(msg) if msg[-1:].isdigit() and " HTTP/" in msg else None
    if swift is not None:
        # OpenStack Swift's proxy-server (proxy_logging): its fields urlquoted, so none
        # holds a space: referer, agent, token, bytes in and out, etag, the transaction's
        # id, headers, then the request's time (s)
        rest = swift.group(3).split(" ")
        code = int(swift.group(2))
        t.fields = {**fields, "method": swift.group(1), "status": code}
        t.samples = ((HTTP_STATUS, float(code), ""),)
        secs = rest[8] if len(rest) > 8 else ""
        if secs[:1].isdigit() and secs.replace(".", "", 1).isdigit():
            t.samples += (("request_time_ms", float(secs) * S, ""),)
        if not level:
            t.level = levels.from_status(code)
        return t
    http = " HTTP/" in msg
    # HAProxy's CLF layout (its referer and agent written empty); a CLF head whose request
    # names no protocol (OpenStack Swift's account, container and object servers: '127.0.0.1
    # - - [09/Jun/2014:15:41:42 +0000] "HEAD /sdb1/178/AUTH_x" 404 - "..." "tx..." "..." 0.0008')
    clf = ' "" "" ' in msg or (not http and " - - [" in msg[:64])
    if not t.samples and (http or clf):  # an access line sent to syslog
        # read as CLF is, a request it could not read too ("<BADREQ>" 400); nginx's and
        # Tomcat's by their parts
        a = _access(msg) if clf else None
        if a is None and http:
            a = _access_layout(ts, msg)
        if a is not None:
            t.fields = {**fields, **a.fields} if a.fields else t.fields
            t.samples = a.samples
            if not level:
                t.level = a.level
            return t
        if http:
            http_in_text(t)
            status = t.fields.get("status") if t.fields else None
            if not level and type(status) is int:
                t.level = levels.from_status(status)
    return t


# postfix's delivery line: ``delay=`` is the seconds from the message's arrival to its
# delivery (or deferral), ``delays=a/b/c/d`` its parts (postfix's qmgr and smtp(8) docs):
# the entry's duration. Its ``status=sent (250 ...)`` is an SMTP reply, no HTTP status.
_POSTFIX_DELAY: Final = re.compile(r"\bdelay=(\d+(?:\.\d+)?), delays=")
# Postfix says a message's severity by its prefix alone (msg(3): msg_info writes none,
# msg_warn ``warning: ``, msg_error ``error: ``, msg_fatal ``fatal: ``, msg_panic ``panic: ``);
# the words after it are the message's (a bounce's ``Name service error for name=...`` is
# the resolver's reason for an outcome Postfix logs at info).
_POSTFIX_PREFIXES: Final = {
    "warning": "WARNING",
    "error": "ERROR",
    "fatal": "FATAL",
    "panic": "FATAL",
}


def _postfix_level(msg: str) -> str:
    colon = msg.find(": ", 0, 20)
    if colon > 0 and msg[:colon] not in _POSTFIX_PREFIXES and msg[:colon].isalnum():
        at = colon + 2  # a queue id first: cleanup's header_checks "4Wx3: warning: header ..."
        colon = msg.find(": ", at, at + 9)
        return _POSTFIX_PREFIXES.get(msg[at:colon], "INFO") if colon > 0 else "INFO"
    return _POSTFIX_PREFIXES.get(msg[:colon], "INFO") if colon > 0 else "INFO"


# sendmail's delivery line: ``delay=HH:MM:SS`` (``days+HH:MM:SS`` past a day) is the time
# from the message's receipt to this delivery attempt, ``xdelay=`` this attempt's alone
# (sendmail's Installation and Operation Guide, "Log messages"): the first is the entry's.
_SENDMAIL_DELAY: Final = re.compile(r", delay=(?:(\d+)\+)?(\d\d):(\d\d):(\d\d)(?:,|$)")


# HAProxy's HTTP log behind syslog: client, [accept date], frontend, backend/server, an
# optional captured host, the timers TR/Tw/Tc/Tr/Ta (ms, -1 for none), status, bytes (a
# request no server took is "backend/<NOSRV>"; some relays drop the "<NOSRV>", leaving
# "backend/ -1/-1/-1/-1/0 503 ... SC--", as fluent-plugin-haproxy's issue 2 shows). The
# syslog header may be cut off before the tag, leaving "haproxy[pid]: " (HAProxy's own docs).
_HAPROXY: Final = re.compile(
    r"(?:[\w.-]+\[\d+\]: )?\S+:\d+ (?:\[\d\d/\w{3}/\d{4}:[\d:.]+\] )?(?:\d{10}(?:\.\d+)? )?"
    r"\S+ \S+/\S* (?:\S+ )?-?\d+/-?\d+/-?\d+/-?\d+/\+?(-?\d+) (\d{3}) \+?(\d+) "
)  # (a log-format of its own may add %Ts, the epoch, after the date or in its place)


# Its TCP log (option tcplog): the timers Tw/Tc/Tt (Tt the session's whole time, "+" when
# logged early), bytes, the two-letter termination state, the connection counts, the queues.
_HAPROXY_TCP: Final = re.compile(
    r"(?:[\w.-]+\[\d+\]: )?\S+:\d+ \[\d\d/\w{3}/\d{4}:[\d:.]+\] \S+ \S+/\S* "
    r"-?\d+/-?\d+/\+?(-?\d+) \+?(\d+) \S\S \d+/\d+/\d+/\d+/\+?\d+ \d+/\d+$"
)


# A log-format of one's own that keeps HAProxy's accept date, then the status and the total
# time before the request (``%ci [%t] %ST %Tt "%r"``; ``+%Tt`` under option logasap, the
# time until the log was emitted, HAProxy's docs): the status and the time (ms).
_HAPROXY_STATUS_FIRST: Final = re.compile(
    r"(?:[\w.-]+\[\d+\]: )?\S+ \[\d\d/\w{3}/\d{4}:[\d:.]+\] ([1-5]\d\d) \+?(-?\d+) "
    r'"[A-Z]+ \S+ HTTP/'
)


def _haproxy(t: Text, status_level: bool) -> None:
    """The status, bytes and total time of an HAProxy HTTP log line, as an access line's
    (and its level, unless the syslog priority gave one); a TCP log line's total time."""
    m = _HAPROXY.match(t.message)
    if m is None:
        own = _HAPROXY_STATUS_FIRST.match(t.message)
        if own is not None:
            total, kept = int(own.group(2)), t.level
            _set_request(t, int(own.group(1)), float(total) if total >= 0 else None)
            if not status_level:
                t.level = kept  # the syslog priority's
            return
        tcp = _HAPROXY_TCP.match(t.message)
        if tcp is not None:
            total = int(tcp.group(1))
            fields = dict(t.fields) if t.fields else {}
            fields["bytes"] = int(tcp.group(2))
            t.fields = fields
            sent = (RESPONSE_BYTES, float(tcp.group(2)), "")
            t.samples = (sent, ("request_time_ms", float(total), "")) if total >= 0 else (sent,)
        return
    status = int(m.group(2))
    fields = dict(t.fields) if t.fields else {}
    fields["status"] = status
    fields["bytes"] = int(m.group(3))
    samples = [(HTTP_STATUS, float(status), ""), (RESPONSE_BYTES, float(m.group(3)), "")]
    total = int(m.group(1))
    if total >= 0:
        samples.append(("request_time_ms", float(total), ""))
    t.fields = fields
    t.samples = tuple(samples)
    if status_level:
        t.level = levels.from_status(status)


# syslog's facility names, as a relay writes them before each line ("daemon.debug: ...",
# syslogd's and BusyBox's logread with the priority shown).
_FACILITIES: Final = frozenset({
    "kern", "user", "mail", "daemon", "auth", "authpriv", "syslog", "lpr", "news", "uucp",
    "cron", "ftp", "ntp", "security", "console", "audit", "alert", "clock", "local0", "local1",
    "local2", "local3", "local4", "local5", "local6", "local7",
})  # fmt: skip
_SEVERITY_NAMES: Final = frozenset(levels.SYSLOG_NAMES)
_PRIORITY: Final = re.compile(
    r"\.(emerg|panic|alert|crit|err|error|warning|warn|notice|info|debug):? +"
)


def _facility_prefixed(line: str, dot: int, ref: float) -> Text | None:
    """``daemon.debug: Oct 14 14:44:22 host nginx: ...``: the line behind the facility and
    priority, at the priority's level (what the sender set)."""
    m = _PRIORITY.match(line, dot)
    if m is None:
        return None
    t = parse_text(line[m.end() :], ref)
    if t is None:
        return None
    t.level = levels.word(m.group(1))
    t.fields = {**(t.fields or {}), "facility": line[:dot]}
    return t


def _network(line: str, ref: float) -> Text | None:
    """A network device's buffer line (Cisco's show logging, RouterOS' log print)."""
    r = netdevices.read(line, ref)
    if r is None:
        return None
    t = Text(r.ts, r.level or _msg_level(r.message), r.message, r.fmt, r.fields or None)
    t.year_guessed = r.year_guessed
    return t


def _msg_level(msg: str, kernel: bool = True, worded: bool = False, default: str = "INFO") -> str:
    if "%" in msg[:80]:
        cisco = netdevices.severity_in(msg[:160])  # IOS's "123: *Mar 1 ...: %LINK-3-UPDOWN: msg"
        if cisco:
            return cisco
    lv = level_in(msg, kernel, worded)
    return default if lv == "UNKNOWN" else lv


# --- embedded devices' consoles (devconsoles.py) --------------------------------------------

_ARDUINO_START: Final = " 0123456789EWIDV"


def _device_console(c: devconsoles.Console | None, fmt: str) -> Text | None:
    """A device console's line: a time since boot is no clock time (the line takes the
    file's, as dmesg's does); a time of day alone is placed by the parser (``tod``)."""
    if c is None:
        return None
    fields: dict[str, Any] = dict(c.fields)
    if c.uptime_ms >= 0:
        fields["uptime"] = c.uptime_ms / 1000.0
    t = Text(c.ts, c.level, c.message, fmt, fields)
    t.tod = c.tod
    return t


# --- seconds since boot, Chromium's prefix ------------------------------------------------

_UPTIME_START: Final = " 0123456789"
_UPTIME: Final = re.compile(r"\[ *(\d+\.\d+)\] ")
# Xorg's message markers (os/log.c): (EE) error, (WW) warning, (II) informational, (!!)
# notice, (DB) debug; probed (--), from the config file (**), a default (==), from the
# command line (++), not implemented (NI) and unknown (??) say where a setting came from.
_XORG_MARKS: Final[dict[str, str]] = {
    "(EE)": "ERROR",
    "(WW)": "WARNING",
    "(II)": "INFO",
    "(!!)": "NOTICE",
    "(DB)": "DEBUG",
    "(--)": "INFO",
    "(**)": "INFO",
    "(==)": "INFO",
    "(++)": "INFO",
    "(NI)": "INFO",
    "(??)": "INFO",
}


def _uptime(line: str) -> Text | None:
    """Seconds since the program (or the kernel) started, no wall time: Xorg's ``[    12.345]
    (EE) msg``, dmesg's ``[    0.000000] msg``. The line takes the file's clock; an Xorg
    marker is its level, else a level word in it."""
    m = _UPTIME.match(line)
    if m is None:
        return None
    rest = line[m.end() :]
    level = _XORG_MARKS.get(rest[:4]) if rest[4:5] in ("", " ") else None
    if level is not None:
        rest = rest[5:]
    seconds = float(m.group(1))
    if anytime.LOW <= seconds < anytime.HIGH:
        # no uptime but the epoch (rtpengine's "[1785186634.804584] INFO: [core] ..."): a
        # machine up since 1970 is none
        return Text(seconds, level or level_in(rest, worded=True), rest, "text", None, (), True)
    fields = {"uptime": seconds}
    return Text(-1.0, level or level_in(rest, worded=True), rest, "uptime", fields, (), True)


# Chromium's base/logging prefix: ``[pid:tid:MMDD/HHMMSS.fff:SEVERITY:file.cc(12)] msg``, each
# of pid, tid, time (and a tick count) there as configured; Crashpad and WebRTC write the date
# with its year, ``YYYYMMDD,HHMMSS.ffffff``.
_CHROMIUM: Final = re.compile(
    r"\[(?:\d+:){0,2}(?:(?P<md>\d{4})/|(?P<y>\d{4})(?P<ymd>\d{4}),)(?P<hms>\d{6})(?P<f>\.\d+)?:"
    r"(?:\d+:)?(?P<sev>INFO|WARNING|ERROR|FATAL|VERBOSE\d*)[: ](?P<src>[^\]]*)\] "
)


def _chromium(line: str, ref: float) -> Text | None:
    m = _CHROMIUM.match(line)
    if m is None:
        return None
    md = m.group("md") or m.group("ymd")
    hms = m.group("hms")
    clock = f"{hms[0:2]}:{hms[2:4]}:{hms[4:6]}{m.group('f') or ''}"
    ts = month_day_time(int(md[:2]), int(md[2:]), clock, 0, ref)
    if ts is None:
        return None
    year = m.group("y")
    if year is not None:  # the year written: placed in it, not before ``ref``
        got = datetime.fromtimestamp(ts, UTC)
        try:
            ts = got.replace(year=int(year)).timestamp()
        except ValueError:
            return None
    sev = m.group("sev")
    level = "DEBUG" if sev.startswith("VERBOSE") else levels.word(sev)
    return Text(ts, level, line[m.end() :], "chromium", {"caller": m.group("src")})


# --- klog / glog --------------------------------------------------------------------------


# logcat's brief layout (-v brief, and -v time after its time): "E/Tag( 1702): msg".
# "A" is ASSERT (Log.wtf, above ERROR), as DDMS and older logcat print it; the pid can be
# empty ("E/Tag(): msg").
_LOGCAT_BRIEF: Final = re.compile(r"([VDIWEFA])/([^(:]{1,100}?)\( *(\d*)\): ")


def _logcat_brief(text: str) -> Text | None:
    m = _LOGCAT_BRIEF.match(text)
    if m is None:
        return None
    fields = {"tag": m.group(2).strip(), "pid": m.group(3)}
    return Text(-1.0, levels.LOGCAT[m.group(1)], text[m.end() :], "logcat", fields)


def _crdb(line: str) -> Text | None:
    """CockroachDB's crdb-v1 (glog with the year): ``E210315 10:00:01.123456 77
    server/server.go:456  [n1] msg``, the date YYMMDD."""
    end = 16
    while end < len(line) and (line[end].isdigit() or (end == 16 and line[end] == ".")):
        end += 1
    d = line[1:7]
    ts = parse_iso(f"20{d[0:2]}-{d[2:4]}-{d[4:6]}T{line[8:end]}")
    if ts is None:
        return None
    parts = line[end:].split(None, 2)
    if len(parts) < 3 or not parts[0].isdigit() or ":" not in parts[1]:
        return None
    fields = {"goroutine": int(parts[0]), "caller": parts[1]}
    return Text(ts, levels.LETTERS[line[0]], parts[2], "klog", fields)


def _klog(line: str, ref: float) -> Text | None:
    """``E0517 09:23:38.123456   12345 file.go:42] msg`` (glog leaves out the year)."""
    if not (line[1:5].isdigit() and line[11:12] == ":"):
        return None  # (a head cut short, "I0101 10:0", is none)
    end = 14
    while end < len(line) and (line[end].isdigit() or (end == 14 and line[end] == ".")):
        end += 1
    ts = month_day_time(int(line[1:3]), int(line[3:5]), line[6:end], 0, ref)
    if ts is None:
        return None
    rest = _glog_rest(line, end)
    if rest is None:
        return None
    t = Text(year_from(rest[1], ts), levels.LETTERS[line[0]], rest[1], "klog", rest[0])
    t.year_guessed = t.ts == ts  # held until a line's message gives the year (section 4)
    # an error's Go stack at the margin after it (apimachinery's HandleCrash: "Observed a
    # panic: ...", then "goroutine 430 [running]:" and its frames) is its detail
    t.multiline = line[0] in "EF"
    return t


def _glog_rest(line: str, end: int) -> tuple[dict[str, Any], str] | None:
    """A glog line's thread id and ``file:line]`` after its time (ending at ``end``), and
    its message."""
    close = line.find("] ", end, end + 200)
    if close < 0:
        if not line.endswith("]"):
            return _glog_unbracketed(line, end)
        close = len(line) - 1
    head = line[end:close].split()
    fields: dict[str, Any] = {}
    if len(head) == 2 and head[0].isdigit():
        fields["thread"] = int(head[0])
        fields["caller"] = head[1]
    elif len(head) == 2 and head[1].rpartition(":")[2].isdigit():
        # a thread's name where glog writes its id (a C++ service's own glog-alike:
        # "I0801 16:35:50.783320 Main     thread.cpp:126] msg", "ZK/EL")
        fields["thread"] = head[0]
        fields["caller"] = head[1]
    elif len(head) == 1:
        fields["caller"] = head[0]
    else:
        return None
    return fields, line[close + 2 :]


# SeaweedFS's glog fork (weed/glog): no thread id and no bracket, the caller alone before
# the message ("I0614 00:39:50.024209 master.go:282 current: 127.0.0.1:9333").
_GLOG_CALLER: Final = re.compile(r" ([\w-]+\.(?:go|cc|cpp|c|h|py|rs|java):\d+) ")


def _glog_unbracketed(line: str, end: int) -> tuple[dict[str, Any], str] | None:
    m = _GLOG_CALLER.match(line, end)
    if m is None:
        return None
    return {"caller": m.group(1)}, line[m.end() :]


def _glog_year(line: str) -> Text | None:
    """glog 0.7's prefix with the year (``log_year_in_prefix``, its default):
    ``I20250211 13:17:55.023299 1273587 query_context.cpp:60] msg``."""
    end = 18
    while end < len(line) and (line[end].isdigit() or (end == 18 and line[end] == ".")):
        end += 1
    d = line[1:9]
    ts = parse_iso(f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{line[10:end]}")
    if ts is None:
        return None
    rest = _glog_rest(line, end)
    if rest is None:
        return None
    return Text(ts, levels.LETTERS[line[0]], rest[1], "klog", rest[0])


# --- access logs --------------------------------------------------------------------------


def _access(line: str) -> Text | None:
    m = _CLF.match(line)
    vhost = ""
    if m is None:
        sp = line.find(" ", 0, 260)  # Apache's vhost_combined: "example.com:443 10.0.0.1 - -"
        m = _CLF.match(line, sp + 1) if sp > 0 else None
        if m is None:
            escaped = _request_quotes_escaped(line)
            m = _CLF.match(escaped) if escaped else None
            if m is None:
                return _s3_access(line) or _loose_clf(line) or _rtmp_access(line)
        else:
            vhost = line[:sp]
    ts = parse_clf(m.group(4))
    if ts is None:
        return None
    status_text, size = m.group(6), m.group(7)
    fields: dict[str, Any] = {"client": m.group(1)}
    if vhost:
        fields["vhost"] = vhost
    if m.group(3) not in ("-", None):
        fields["user"] = m.group(3)
    request = m.group(5).split(" ")
    if len(request) >= 2:
        fields["method"] = request[0]
        fields["path"] = request[1]
    samples: list[tuple[str, float, str]] = []
    level = "INFO"
    if status_text[:1] == "H":
        # Python's http.server (werkzeug's dev server) before 3.11 logs an error it answers
        # itself by the enum's name: "HTTPStatus.BAD_REQUEST"
        named = HTTPStatus.__members__.get(status_text[11:])
        status_text = "-" if named is None else str(named.value)
    if status_text == "000":
        status_text = "0"  # nginx's $status ("%03ui") when it sent none: Traefik's 0
    if status_text != "-" and status_text != "0":
        status = int(status_text)
        fields["status"] = status
        samples.append((HTTP_STATUS, float(status), ""))
        level = levels.from_status(status)
    if size != "-":
        fields["bytes"] = int(size)
        samples.append((RESPONSE_BYTES, float(size), ""))
    if m.group(8) is not None:
        fields["referer"] = m.group(8)
        fields["user_agent"] = m.group(9)
    whole = _access_tail(m.group(10), fields, samples)
    if status_text == "0" or status_text == "-":
        # Traefik's access log when no status was sent (the client gone, a websocket
        # closed: 0, or "-" in v2's CLF when the request never reached a router): the
        # request's time all the same
        unanswered(samples)
    t = Text(ts, level, line, "access", fields, tuple(samples))
    if whole is not None:
        t.whole_time = whole
    return t


# An access line in a layout of its own (nginx's log_format, Apache's LogFormat: the status
# before the request, an ISO time in the brackets, nginx's times anywhere), read by what its
# parts are: a quoted request line, the status standing next to it, nginx's seconds. The
# quoted and bracketed parts are tokens whole: the words in them are never the line's level.
_LAYOUT_TOKEN: Final = re.compile(
    # key="a value" whole
    r'"[^"\\]*(?:\\.[^"\\]*)*"|\[[^\]]*\]|[\w.-]+="[^"\\]*(?:\\.[^"\\]*)*"|\S+'
)
# (GoFrame's access log writes the scheme and host between: "POST http 127.0.0.1:7777 /x
# HTTP/1.1")
_QUOTED_REQUEST: Final = re.compile(
    r'"[A-Z]{3,12} (?:https? \S+ )?\S+ (?:HTTP|RTSP|SIP)/\d(?:\.\d)?"'
)
# $request outside quotes: "GET /x HTTP/1.1" as three tokens.
_METHOD: Final = re.compile(r"[A-Z]{3,12}")
_PROTOCOL: Final = re.compile(r"HTTP/\d(?:\.\d)?")
# $request_time and the $upstream_*_time (nginx: "seconds with a milliseconds resolution",
# written "%T.%03M"); five digits at most before the point, so $msec (the epoch) is none.
_NGINX_SECONDS: Final = re.compile(r"\d{1,5}\.\d{3}")


def _status_token(tok: str) -> int:
    """A three-digit HTTP status (100-599), bare or quoted (``"$status"``), else 0."""
    if len(tok) == 5 and tok[0] == '"' and tok[4] == '"':
        tok = tok[1:4]
    if len(tok) == 3 and tok.isdigit() and "100" <= tok <= "599":
        return int(tok)
    return 0


def _nginx_seconds(tokens: list[str]) -> float:
    """The request's time (s) among a layout's bare tokens, or -1: the largest of nginx's
    ``%T.%03M`` values, as ``$request_time`` spans every upstream time; a list of upstream
    tries (``0.010, 0.020 : 0.005``, ``-`` for a try with no answer) counts as its sum, the
    tries being one after the other. Whole numbers are never read: Apache's ``%D`` (us),
    ``%T`` (s) and ``%{ms}T`` look as bytes and ports do."""
    best = -1.0
    run = -1.0  # the sum of the list being read
    joined = False  # the token before asked the next to join its list
    for tok in tokens:
        if tok == ":" and run >= 0:
            joined = True
            continue
        more = tok[-1:] == ","
        bare = tok[:-1] if more else tok
        if _NGINX_SECONDS.fullmatch(bare) is not None:
            value = float(bare)
        elif bare == "-" and (joined or more):
            value = 0.0
        else:
            run, joined = -1.0, False
            continue
        run = run + value if joined and run >= 0 else value
        joined = more
        best = max(best, run)
    return best


# Seconds a layout labels with a word or a key (nginx's log_format: "upstream
# $upstream_response_time request $request_time", "rt=$request_time
# urt=\"$upstream_response_time\""): what they timed is said, not guessed from their size.
_SECONDS_LABELS: Final[dict[str, str]] = {
    "request": "request_time_ms",
    "request_time": "request_time_ms",
    "rt": "request_time_ms",
    "upstream": "upstream_time_ms",
    "upstream_response_time": "upstream_time_ms",
    "urt": "upstream_time_ms",
    "upstream_connect_time": "upstream_connect_ms",
    "uct": "upstream_connect_ms",
    "upstream_header_time": "upstream_header_ms",
    "uht": "upstream_header_ms",
}


def _labelled_seconds(bare: list[str]) -> tuple[dict[str, float], list[str]]:
    """The seconds a layout's bare tokens label (``request 0.143``, ``rt=0.143``,
    ``urt="0.010, 0.020"``) by the sample they give, in ms; and the tokens left unlabelled.
    A label followed by no seconds (``upstream -``: no upstream was asked) gives none."""
    found: dict[str, float] = {}
    left: list[str] = []
    i, n = 0, len(bare)
    while i < n:
        tok = bare[i]
        key, eq, value = tok.partition("=")
        name = _SECONDS_LABELS.get(key)
        if name is None:
            left.append(tok)
            i += 1
            continue
        i += 1
        if eq:
            run = value.strip('"').split(" ")
        elif key not in ("request", "upstream"):
            left.append(tok)  # a variable's bare name is no label without its "="
            continue
        else:  # a word: the list of tries after it (0.010, 0.020 : 0.005), "-" for none
            run = []
            while i < n:
                part = bare[i]
                core = part[:-1] if part[-1:] == "," else part
                if core != "-" and _NGINX_SECONDS.fullmatch(core) is None:
                    break
                run.append(part)
                i += 1
                if part[-1:] == ",":
                    continue
                if i < n and bare[i] == ":":
                    run.append(":")
                    i += 1
                    continue
                break
        secs = _nginx_seconds(run)
        if secs >= 0 and name not in found:
            found[name] = round(secs * S, 3)
    return found, left


def _access_layout(ts: float, line: str) -> Text | None:
    """A line of no known layout holding a quoted request line (``"GET /x HTTP/1.1"``) and
    a status next to it, just before or just after: an access line. Its level is the
    status's (a level word in capitals outside the quotes and brackets, a logger's, wins:
    a path's ``error`` is lower case and quoted); its request time nginx's seconds
    (``_nginx_seconds``); with a three-digit number on both sides of the request (``404
    "GET / HTTP/1.1" 555``) the status is not known. The request line may be unquoted
    (``GET /x HTTP/1.1 "200"``: three tokens, the status beside them maybe quoted); seconds
    a word or key labels (``upstream 0.1 request 0.2``, ``rt=0.2``) are what the label says
    (``_labelled_seconds``), the upstream's never the request's. None for a line with no
    such request or no three-digit number beside it, or for a client's log of a call it
    made (urllib3's ``https://host:443 "GET /x HTTP/1.1" 200 512``)."""
    if anytime.client_call(line):
        return None
    tokens = _LAYOUT_TOKEN.findall(line)
    at = end = -1  # the request's first and last token
    for i, tok in enumerate(tokens):
        if tok[:1] == '"' and _QUOTED_REQUEST.fullmatch(tok) is not None:
            at = end = i
            break
    if at < 0:  # $request unquoted: "GET /x HTTP/1.1" as three tokens
        for i in range(len(tokens) - 2):
            if (
                _PROTOCOL.fullmatch(tokens[i + 2]) is not None
                and _METHOD.fullmatch(tokens[i]) is not None
            ):
                at, end = i, i + 2
                break
    if at < 0:
        return None
    before = _status_token(tokens[at - 1]) if at > 0 else 0
    after = _status_token(tokens[end + 1]) if end + 1 < len(tokens) else 0
    if not before and not after:
        return None
    if at == end:
        parts = tokens[at][1:-1].split(" ")
        method, path = parts[0], parts[-2]
    else:
        method, path = tokens[at], tokens[at + 1]
    fields: dict[str, Any] = {"method": method, "path": path}
    if at > 0 and tokens[0][:1] not in ('"', "[") and not (at == 1 and before):
        fields["client"] = tokens[0]
    samples: list[tuple[str, float, str]] = []
    level = "INFO"
    status = after if not before else before if not after else 0
    if status:
        fields["status"] = status
        samples.append((HTTP_STATUS, float(status), ""))
        level = levels.from_status(status)
        size = tokens[end + 2] if after and end + 2 < len(tokens) else ""
        if (
            size.isdigit()
            and end + 3 == len(tokens)
            and at > 0
            and _NETTY_PEER.fullmatch(tokens[at - 1]) is not None
        ):
            # TorchServe's ACCESS_LOG (Session.toString: the peer as Netty prints it,
            # "/127.0.0.1:59516", the request, its code, then the ms since it came): no size
            fields["request_time_ms"] = int(size)
            samples.append(("request_time_ms", float(size), ""))
        elif size.isdigit():  # CLF's order: "%r" %>s %b
            fields["bytes"] = int(size)
            samples.append((RESPONSE_BYTES, float(size), ""))
    bare = [t for t in tokens[:at] + tokens[end + 1 :] if t[:1] not in ('"', "[")]
    for tok in bare:
        word = tok.strip("[]():|<>")
        if word.isupper() and word.lower() in TOKEN_LEVELS:
            level = levels.word(word)  # a logger's own level outside the quotes ("WARN")
            break
    labelled: dict[str, float] = {}
    if "=" in line or "request " in line or "upstream " in line:
        labelled, bare = _labelled_seconds(bare)
    secs = -1.0 if "request_time_ms" in labelled else _nginx_seconds(bare)
    if secs >= 0:
        fields["request_time"] = secs
        samples.append(("request_time_ms", round(secs * S, 3), ""))
    elif "request_time_ms" in labelled:
        fields["request_time"] = labelled["request_time_ms"] / S
    else:
        # a time written with its unit, one of its own (gunicorn's "%(L)ss": "0.005569s";
        # "%(M)sms"): the request's; HAProxy's five timers in a log-format of its own
        # ("%TR/%Tw/%Tc/%Tr/%Ta", before 1.7 "%Tq/%Tw/%Tc/%Tr/%Tt"), the last the whole's (ms)
        took = _lone_unit_time(bare)
        timers = [m for t in bare if "/" in t and (m := _FIVE_TIMERS.fullmatch(t)) is not None]
        jetty = anytime.connect_request_ms(line)
        if jetty is not None:  # Kafka Connect's REST server (http_in_text)
            samples.append(("request_time_ms", jetty, ""))
        elif took is not None:
            samples.append(("request_time_ms", took, ""))
        elif "response_time:" in line and _colon_pairs(" ".join(bare), fields, samples):
            pass  # gorouter's since its ISO start time: "... response_time:0.012 gorouter_time:"
        elif len(timers) == 1 and _whole_of_timers(timers[0]):
            samples.append(("request_time_ms", float(timers[0].group(5)), ""))
    samples.extend((name, ms, "") for name, ms in labelled.items())
    return Text(ts, level, line, "access", fields, tuple(samples))


# InetSocketAddress.toString(): "/127.0.0.1:59516", an IPv6 peer's in brackets with its scope
# ("/[0:0:0:0:0:0:0:1%0]:62885")
_NETTY_PEER: Final = re.compile(r"/(?:[0-9A-Fa-f.:%]+|\[[0-9A-Fa-f.:%\w]+\]):\d{1,5}")


def _netty_peer_before(msg: str, quote: int) -> bool:
    """Is the word before the request's opening quote at ``quote`` a peer as Netty prints it?"""
    if quote < 2 or msg[quote - 1] != " ":
        return False
    return _NETTY_PEER.fullmatch(msg[msg.rfind(" ", 0, quote - 1) + 1 : quote - 1]) is not None


_TIMED_TOKEN: Final = re.compile(r"\d+(?:\.\d+)?(?:s|ms|us|µs)")


def _lone_unit_time(tokens: Iterable[str]) -> float | None:
    """The ms of the one token among ``tokens`` that is a time written with its unit
    (``0.005569s``, ``309906us``), or of the one number with a unit's word after it
    (Undertow's access pattern ``(%D milliseconds)``); None when none is, or more than one."""
    words = list(tokens)
    timed = [t for t in words if t[-1:] == "s" and _TIMED_TOKEN.fullmatch(t) is not None]
    if not timed:
        for number, unit in pairwise(words):
            scale = _UNIT_WORDS.get(unit.rstrip(")").lower())
            value = number.lstrip("(")
            if scale is not None and value.replace(".", "", 1).isdigit():
                timed.append(f"{float(value) * scale}ms")
    return duration_text(timed[0]) if len(timed) == 1 else None


# A time's unit written as a word of its own after the number (in ms): these of anytime's.
_UNIT_WORDS: Final[dict[str, float]] = {
    w: anytime.UNIT_WORDS[w]
    for w in ("milliseconds", "millis", "ms", "seconds", "secs", "microseconds")
}


_FIVE_TIMERS: Final = re.compile(r"(-?\d+)/(-?\d+)/(-?\d+)/(-?\d+)/\+?(-?\d+)")


def _whole_of_timers(m: re.Match[str]) -> bool:
    """Are HAProxy's five timers ``m`` (``%TR/%Tw/%Tc/%Tr/%Ta``) timers, the last the whole
    of the four before it (each a stretch of it, -1 for one not reached)? Its connection
    counts (``%ac/%fc/%bc/%sc/%rc``: ``2/2/0/0/0``, the retries last) are five numbers too."""
    whole = int(m.group(5))
    return whole >= 0 and whole >= sum(max(0, int(m.group(i))) for i in (1, 2, 3, 4))


# A row of `kubectl get events` (or `kubectl events`): the age it was last seen (no time),
# the event's type, its reason and object, its message; `-A` puts the namespace first. The
# type is its severity: a Normal event's message saying "error" is no error.
_KUBE_EVENT: Final = re.compile(
    r"(?:[a-z0-9][a-z0-9.-]{0,62} +)?(?:<unknown>|<invalid>|\d+[smhdy](?:\d+[smh])?)"
    r" +(Normal|Warning) +\S+ +\S+ "
)


def _kube_event(line: str) -> Text | None:
    m = _KUBE_EVENT.match(line)
    if m is None:
        return None
    return Text(-1.0, "INFO" if m.group(1) == "Normal" else "WARNING", line, "text")


# php-fpm's access log: access.format's default "%R - %u %t \"%m %r\" %s" (%t without
# brackets, %u empty when no user), and www.conf's example that adds "%f %{mili}d %{kilo}M
# %C%%": the script, the request's time in ms, the memory (KB) and the CPU used.
_FPM_ACCESS: Final = re.compile(
    r'(\S+) - (\S*) +(\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}) "([A-Z]+) ([^"]*)" '
    r"([1-5]\d\d)(?: (\S+) (\d+(?:\.\d+)?) (\d+) \d+(?:\.\d+)?%)?$"
)


def _fpm_access(line: str) -> Text | None:
    m = _FPM_ACCESS.match(line)
    if m is None:
        return None
    ts = parse_clf(m.group(3))
    if ts is None:
        return None
    status = int(m.group(6))
    fields: dict[str, Any] = {"client": m.group(1), "method": m.group(4), "path": m.group(5)}
    if m.group(2) and m.group(2) != "-":
        fields["user"] = m.group(2)
    fields["status"] = status
    samples: list[tuple[str, float, str]] = [(HTTP_STATUS, float(status), "")]
    if m.group(7) is not None:
        fields["script"] = m.group(7)
        samples.append(("request_time_ms", float(m.group(8)), ""))
    return Text(ts, levels.from_status(status), line, "access", fields, tuple(samples))


# CLF's tail, "[time] "quoted" status size", after more than CLF's three fields (an nginx
# log_format of its own: "$upstream_addr :: $http_x_forwarded_for - $realip_remote_addr -
# $remote_user [$time_local] "$host$uri" $status $body_bytes_sent ..."), its quoted part
# no request line: the status and size after it. A request line quoted there is the access
# layout's to read (_access_layout: its method and path, the request's time after it).
_CLF_TAIL: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*" ([1-5]\d\d) (\d+|-)(?= |$)')


def _request_quotes_escaped(line: str) -> str:
    """The line with the quotes inside its quoted request line escaped, as nginx writes them
    (``\x22``) and Traefik does not: a probe's ``"GET /?x=<?echo(md5("hi"))?> HTTP/1.1"``
    ends at its protocol, not at its first inner quote. "" when there is none."""
    j = line.find('] "', 0, 260)
    k = line.find(" HTTP/", j + 3) if j > 0 else -1
    end = line.find('" ', k + 6, k + 12) if k > 0 else -1
    if end < 0 or line.find('"', j + 3, end) < 0:
        return ""
    return line[: j + 3] + line[j + 3 : end].replace('"', '\\"') + line[end:]


def _loose_clf(line: str) -> Text | None:
    i = line.find(" [", 0, 200)
    j = line.find('] "', i, i + 44) if i > 0 else -1
    if j < 0 or _QUOTED_REQUEST.match(line, j + 2) is not None:
        return None
    ts = parse_clf(line[i + 2 : j])
    m = _CLF_TAIL.match(line, j + 2) if ts is not None else None
    if m is None or ts is None:
        return None
    status = int(m.group(1))
    fields: dict[str, Any] = {"client": line[: line.find(" ")], "status": status}
    samples = [(HTTP_STATUS, float(status), "")]
    if m.group(2) != "-":
        fields["bytes"] = int(m.group(2))
        samples.append((RESPONSE_BYTES, float(m.group(2)), ""))
    return Text(ts, levels.from_status(status), line, "access", fields, tuple(samples))


# nginx-rtmp's access log, its default "combined" (ngx_rtmp_log_module.c): '$remote_addr
# [$time_local] $command "$app" "$name" "$args" - $bytes_received $bytes_sent "$pageurl"
# "$flashver" ($session_readable_time)', written when a session ends ($command: NONE, PLAY,
# PUBLISH, PLAY+PUBLISH); the session's time as "%uid %uih %uim %uis", from its largest
# non-zero unit down ("(3h 34m 25s)", "(1h 0m 5s)", "(5s)").
_RTMP_ACCESS: Final = re.compile(
    r'(\S+) \[([^\]]{20,32})\] (PLAY\+PUBLISH|PLAY|PUBLISH|NONE) "([^"]*)" "([^"]*)" "[^"]*" - '
    r'(\d+) (\d+) "[^"]*" "[^"]*" \(((?:\d+d ?)?(?:\d+h ?)?(?:\d+m ?)?(?:\d+s)?)\)$'
)


def _rtmp_access(line: str) -> Text | None:
    """nginx-rtmp's access line (above): the session's time, its bytes, app and stream."""
    m = _RTMP_ACCESS.match(line)
    ts = parse_clf(m.group(2)) if m is not None else None
    if m is None or ts is None:
        return None
    took = duration_text(m.group(8)) or 0.0  # "(3h 34m 25s)": Go's units, spaced
    fields: dict[str, Any] = {
        "client": m.group(1),
        "command": m.group(3),
        "app": m.group(4),
        "stream": m.group(5),
        "bytes_received": int(m.group(6)),
        "bytes": int(m.group(7)),
    }
    # a play or publish session served: a request's time, its line no status
    samples = (("request_duration_ms", took, ""), (RESPONSE_BYTES, float(m.group(7)), ""))
    return Text(ts, "INFO", line, "rtmp", fields, samples)


# Amazon S3's server access log: owner, bucket, [time], remote IP, requester, request ID,
# operation, key, "request-URI", status, error code, bytes sent, object size, total time
# (ms), turn-around time (ms), "referer", "user agent", then more that later versions add.
_S3_ACCESS: Final = re.compile(
    r'\S+ (\S+) \[([^\]]{20,40})\] (\S+) \S+ \S+ (\S+) \S+ "([^"\\]*(?:\\.[^"\\]*)*)" '
    r"(\d{3}|-) (\S+) "
    r"(\d+|-) (\d+|-) (\d+|-) (\d+|-) "
)


def _s3_access(line: str) -> Text | None:
    m = _S3_ACCESS.match(line)
    if m is None:
        return None
    ts = parse_clf(m.group(2))
    if ts is None:
        return None
    fields: dict[str, Any] = {"bucket": m.group(1), "client": m.group(3), "operation": m.group(4)}
    request = m.group(5).split(" ")
    if len(request) >= 2:
        fields["method"], fields["path"] = request[0], request[1]
    samples: list[tuple[str, float, str]] = []
    level = "INFO"
    if m.group(6) != "-":
        status = int(m.group(6))
        fields["status"] = status
        samples.append((HTTP_STATUS, float(status), ""))
        level = levels.from_status(status)
    if m.group(7) != "-":
        fields["error_code"] = m.group(7)
    if m.group(8) != "-":
        fields["bytes"] = int(m.group(8))
        samples.append((RESPONSE_BYTES, float(m.group(8)), ""))
    if m.group(10) != "-":
        samples.append(("request_time_ms", float(m.group(10)), ""))
    if m.group(11) != "-":
        fields["turn_around_ms"] = int(m.group(11))
    return Text(ts, level, line, "access", fields, tuple(samples))


# HAProxy's CLF layout ("option httplog clf", configuration.txt): after the status, size and
# two empty quotes, "%cp %ms %ft %b %s %TR %Tw %Tc %Tr %Ta %tsc ...": the client's port, the
# accept time's milliseconds, frontend, backend and server quoted, then five timers in ms,
# the fifth the request's whole time (%Tt before 1.7; -1 when it never completed).
_HAPROXY_CLF: Final = re.compile(
    r'\d+ \d+ "([^"]*)" "([^"]*)" "([^"]*)" -?\d+ -?\d+ -?\d+ -?\d+ \+?(-1|\d+) [A-Za-z-]{4} '
)


def _access_tail(
    tail: str, fields: dict[str, Any], samples: list[tuple[str, float, str]]
) -> int | None:
    """What a server's configuration appends: nginx's ``rt=0.120 urt="0.118"`` pairs, or a
    bare number: with a point, nginx's $request_time (seconds); without, Apache's %D (us),
    Tomcat's %D (ms before 10.0) or %T (s): that whole number is returned, its unit being
    read by its size here and by the stream's other such times in the parser."""
    tail = tail.strip()
    if not tail:
        return None
    if tail[0].isdigit() and '" "' in tail:
        h = _HAPROXY_CLF.match(tail)
        if h is not None:  # HAProxy's "option httplog clf": its fifth timer, the request's
            fields["frontend"], fields["backend"], fields["server"] = h.group(1, 2, 3)
            if h.group(4) != "-1":
                samples.append(("request_time_ms", float(h.group(4)), ""))
            return None
    last = tail.rsplit(" ", 1)[-1]
    if last[-1:] == "s" and last[:1].isdigit():  # Traefik's "... 12ms"
        d = duration_text(last)
        if d is not None:
            samples.append(("request_time_ms", d, ""))
            return None
    if "s " in tail or "s>" in tail:
        # one time written with its unit among the tail's words (Apache's "%Dus", mod_logio's
        # "io<%Iin %Oout %Dus -%k>"): the request's
        d = _lone_unit_time(w.strip("<>()[],") for w in tail.split())
        if d is not None:
            samples.append(("request_time_ms", d, ""))
            return None
    if len(tail) > 37 and tail[8] == "-" and tail[36] == " ":
        influx = _UUID_THEN_US.fullmatch(tail)
        if influx is not None:
            # InfluxDB 1.x's HTTP access log: combined, then the request's id and its time
            # in microseconds (services/httpd's "... %s %d", reqID, elapsed µs)
            fields["request_id"] = influx.group(1)
            samples.append(("request_time_ms", int(influx.group(2)) * US, ""))
            return None
    if tail[-1] == "]" and tail[0].isdigit():
        jetty = _JETTY_REQUEST_TAIL.fullmatch(tail)
        if jetty is not None:
            # Nexus 3's request.log (logback-access: "... %statusCode %header{Content-Length}
            # %bytesSent %elapsedTime \"%header{User-Agent}\" [%thread]"): the bytes sent,
            # the request's time in ms, the agent, Jetty's thread
            fields["bytes_sent"] = int(jetty.group(1))
            fields["user_agent"], fields["thread"] = jetty.group(3, 4)
            samples.append(("request_time_ms", float(jetty.group(2)), ""))
            return None
    if ":" in tail and _colon_pairs(tail, fields, samples):
        return None
    parts = tail.split(" ", 3)
    if len(parts) > 2 and parts[0].isdigit() and parts[2][:1] == "[" and "." in parts[1]:
        # ingress-nginx: $request_length $request_time [$proxy_upstream_name] ...
        try:
            secs = float(parts[1])
        except ValueError:
            return None
        fields["request_length"] = int(parts[0])
        fields["request_time"] = secs
        samples.append(("request_time_ms", secs * S, ""))
        return None
    if "=" in tail:
        if tail[0] == '"':  # a quoted value first ("$http_x_forwarded_for" rt=0.052 ...)
            quoted = _LEADING_QUOTED.match(tail)
            tail = tail[quoted.end() :] if quoted is not None else tail
        pairs = _pairs(tail)
        if pairs is None and (", " in tail or " : " in tail):
            # nginx's lists of a request's upstream tries, unquoted: each list one value
            # ("upstream_response_time=0.010, 0.020 upstream_addr=10.0.0.4:80, 10.0.0.5:80")
            pairs = _pairs(_NGINX_LIST.sub(r'\1"\2"', tail))
        if pairs:
            for key, value in pairs.items():
                fields.setdefault(key, value)
                unit = _TAIL_UNITS.get(key)
                # quoted ('urt="0.118"') or a list of tries ("0.010, 0.020"), as bare
                d = duration_ms(value, unit) if unit is not None else None
                if d is not None:
                    samples.append((_TAIL_NAMES[key], d, ""))
        return None
    words = tail.split(" ")
    ints: list[int] = []
    for word in words:
        if not word.isdigit():
            break
        ints.append(int(word))
    rest = words[len(ints) :]
    if len(ints) >= 2 and _logio(ints[0], ints[1], fields):
        fields["bytes_in"], fields["bytes_out"] = ints[0], ints[1]
        del ints[:2]
    elif len(ints) >= 3 and _logio(ints[1], ints[2], fields):
        fields["bytes_in"], fields["bytes_out"] = ints[1], ints[2]  # %D %I %O
        del ints[1:]
    if rest and "referer" not in fields:
        # Numbers before the referer and agent (mtail's lighttpd layout: %b %I %O %T "%{Referer}i"
        # "%{User-Agent}i"): the quoted pair the Combined pattern expected right after %b.
        quoted = _QUOTED_PAIR.match(" ".join(rest))
        if quoted is not None:
            fields["referer"], fields["user_agent"] = quoted.group(1), quoted.group(2)
    # The unit is said when the number follows %I %O (lighttpd's, Apache's mod_logio) or
    # comes with Apache's %T beside it; else it is a lone %D or %T of unsaid unit.
    said = "bytes_in" in fields
    if len(ints) >= 2 and ints[1] >= 10 and ints[0] == ints[1] // 1_000_000:
        del ints[0]  # Apache's "%T %D": whole seconds, then the same time in microseconds
        said = True
    if not ints and rest and rest[0][:1] == '"':
        # Quoted values before the time (nginx's "$http_x_forwarded_for" $request_time
        # $upstream_response_time): a time is never quoted, the first bare number is it.
        joined = " ".join(rest)
        quoted = _LEADING_QUOTED.match(joined)
        if quoted is not None:
            rest = joined[quoted.end() :].split(" ")
            if rest[0].isdigit():
                ints = [int(rest[0])]
            elif not rest[0]:
                # Nothing after them: a time quoted in the style of the values before it
                # (gunicorn's access_log_format '... "%(a)s" "%(L)s"', nginx's
                # '"$request_time" "$upstream_response_time"'): the first with a fraction
                # of three to six digits, the request's (seconds). A whole number there
                # may be a port, a count, a code: not read.
                timed = _QUOTED_SECONDS.search(joined, 0, quoted.end())
                if timed is not None:
                    rest = [timed.group(1)]
    slash = rest[0].split("/") if rest and not ints else ()
    if (
        len(slash) == 2
        and slash[0].isdigit()
        and slash[1].isdigit()
        and int(slash[0]) == int(slash[1]) // 1_000_000  # Apache's "%T/%D"
    ):
        ints = [int(slash[1])] if int(slash[1]) >= 10 else [int(slash[0])]
        said = True
    first = rest[0].strip('"') if rest else ""
    if ints and first[:1].isdigit() and "." in first:
        # Sizes, then a time with a point: nginx's $request_time (s) after $request_length
        # or $bytes_sent, as custom layouts put them; the whole numbers are no time.
        ints = []
    if ints:
        _whole_time(ints[0], fields, samples, None if said else WHOLE_BY_SIZE)
        return None if said else ints[0]
    try:
        if "." in first:
            samples.append(("request_time_ms", float(first) * S, ""))
            fields["request_time"] = float(first)
        elif first.isdigit():
            _whole_time(int(first), fields, samples, WHOLE_BY_SIZE)
            return int(first)
    except ValueError:
        return None
    return None


# gunicorn's "%(L)s" (the seconds with their microseconds, "0.001561") or nginx's
# "$request_time" ("0.012"), quoted
_QUOTED_SECONDS: Final = re.compile(r'"(\d{1,5}\.\d{3,6})"')
_NGINX_LIST: Final = re.compile(r'(\w=)([^\s",=]+(?:(?:, | : )[^\s",=]+)+)')
_UUID_THEN_US: Final = re.compile(
    r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) (\d+)"
)
_JETTY_REQUEST_TAIL: Final = re.compile(r'(\d+) (\d+) "([^"\\]*(?:\\.[^"\\]*)*)" \[([^\]]+)\]')
# A layout's "name:value" labels after the line (Zeus/Stingray's "node_s:0.08 req_s:0.08
# retries:0 req_b:327"): a request's time where the name says a request and its unit.
_COLON_PAIR: Final = re.compile(r"(?:^| )([A-Za-z][\w.-]*):(\d+(?:\.\d+)?)(?= |$)")
_NAME_UNITS: Final = (("_ms", MS), ("_us", US), ("_s", S))


def _colon_pairs(tail: str, fields: dict[str, Any], samples: list[tuple[str, float, str]]) -> bool:
    """The labelled numbers of an access line's tail; whether one was its request's time."""
    timed = False
    for m in _COLON_PAIR.finditer(tail):
        key, text = m.group(1), m.group(2)
        value = float(text) if "." in text else int(text)
        fields.setdefault(key, value)
        low = key.lower()
        if not timed and low == "response_time" and type(value) is float:
            # Cloud Foundry's gorouter: "... response_time:5.041493494 app_id:..." (seconds)
            samples.append(("request_time_ms", value * S, ""))
            timed = True
        if timed or not low.startswith(("req", "request")):
            continue
        for suffix, unit in _NAME_UNITS:
            if low.endswith(suffix):
                samples.append(("request_time_ms", value * unit, ""))
                timed = True
                break
    return timed


# Apache's %I and %O (mod_logio) and lighttpd's count a request's and a response's bytes with
# their headers: %I at least the request line, %O more than the body (%b) by a status line.
_STATUS_LINE_BYTES: Final = len("HTTP/1.0 200 OK\r\n")
_QUOTED_PAIR: Final = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)"')
_LEADING_QUOTED: Final = re.compile(r'(?:"[^"\\]*(?:\\.[^"\\]*)*" ?)+')


def _logio(bytes_in: int, bytes_out: int, fields: dict[str, Any]) -> bool:
    """Are two numbers after an access line's body size %I %O, not a time and something?"""
    request = len(fields.get("method", "")) + len(fields.get("path", "")) + len(" / HTTP/1.0")
    return bytes_in >= request and bytes_out >= fields.get("bytes", 0) + _STATUS_LINE_BYTES


# The unit of an access line's whole-number time: Apache's %D and Tomcat's from 10.0 are
# microseconds, Tomcat's %D before 10.0 milliseconds, %T whole seconds (Apache's; Tomcat's
# before 10.0 has three decimals, read as nginx's seconds).
WHOLE_S: Final = "s"
WHOLE_MS: Final = "ms"
WHOLE_US: Final = "us"
WHOLE_BY_SIZE: Final = ""  # a lone number, read by its size alone


def _whole_time(
    n: int, fields: dict[str, Any], samples: list[tuple[str, float, str]], unit: str | None
) -> None:
    """An access line's integer time column. Said beside %I %O (lighttpd's, Apache's; ``unit``
    None): %T (whole seconds) under 10, else %D (us): a served request takes more than
    10 us. A lone number (``WHOLE_BY_SIZE``): under 10 %T's seconds (0, 1, 2 ...); 10 to 99
    Tomcat's %D before 10.0, ms, since no request is answered and logged in under 0.1 ms;
    from 100 %D's us (Apache's, Tomcat's from 10.0), the layout most files show."""
    if unit is None or unit == WHOLE_BY_SIZE:
        if n < 10:
            unit = WHOLE_S
        elif n < 100 and unit == WHOLE_BY_SIZE:
            unit = WHOLE_MS
        else:
            unit = WHOLE_US
    if unit == WHOLE_S:
        samples.append(("request_time_ms", n * S, ""))
        fields["request_time"] = n
    elif unit == WHOLE_MS:
        samples.append(("request_time_ms", float(n), ""))
        fields["request_time_ms"] = n
    else:
        samples.append(("request_time_ms", n * US, ""))
        fields["request_time_us"] = n


def reread_whole_time(t: Text, unit: str) -> None:
    """An access line's lone whole-number time read again in ``unit`` (the stream's)."""
    fields = dict(t.fields) if t.fields else {}
    for key in ("request_time", "request_time_ms", "request_time_us"):
        fields.pop(key, None)
    samples = [s for s in t.samples if s[0] != "request_time_ms"]
    _whole_time(t.whole_time, fields, samples, unit)
    t.fields = fields
    t.samples = tuple(samples)


_TAIL_UNITS: Final[dict[str, float]] = {
    "rt": S,
    "request_time": S,
    "urt": S,
    "upstream_response_time": S,
}
_TAIL_NAMES: Final[dict[str, str]] = {
    "rt": "request_time_ms",
    "request_time": "request_time_ms",
    "urt": "upstream_time_ms",
    "upstream_response_time": "upstream_time_ms",
}


# --- bracketed starts ---------------------------------------------------------------------


# Ray's C++ components (raylet, gcs_server; spdlog's "[%Y-%m-%d %H:%M:%S,%e %L %P %t]"): the
# time, the level's letter, the pid and thread, then the component and the source ("[2022-06
# -20 22:45:26,244 W 128931 128956] (raylet) metric_exporter.cc:207: ...").
_RAY: Final = re.compile(
    r"\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) ([TDIWEC]) (\d+) (\d+)\] "
    r"(?:\((\w+)\) )?(?:([\w.-]+:\d+): )?"
)
_RAY_LETTERS: Final = frozenset({"T ", "D ", "I ", "W ", "E ", "C "})


def _ray(line: str) -> Text | None:
    m = _RAY.match(line)
    if m is None:
        return None
    ts = parse_iso(f"{m.group(1)}T{m.group(2)}.{m.group(3)}")
    if ts is None:
        return None
    fields: dict[str, Any] = {"pid": m.group(5), "thread": m.group(6)}
    if m.group(7):
        fields["component"] = m.group(7)
    if m.group(8):
        fields["source"] = m.group(8)
    return Text(ts, _LETTERS_C[m.group(4)], line[m.end() :], "ray", fields, (), True)


_MOD_JK: Final = re.compile(r"\[(\d+):(\d+)\] (?=\[)")
_MOD_JK_REQUEST: Final = re.compile(r"([\w.-]+) ([\w.:-]+) (\d+\.\d{6})")


def _bracketed(line: str, ref: float) -> Text | None:
    """Apache's error log ``[Thu May 16 09:23:38.123456 2024] [core:error] [pid 12] msg``."""
    close = line.find("]", 1, 48)
    if close < 20 or line[4:5] != " " or line[1:4].lower() not in _DAYS:
        return None
    ts = loose_cached(line[1:close], ref)
    if ts is None:
        return None
    rest = line[close + 1 :].lstrip(" ")
    if not rest:
        # a date alone, no error log's line: a block's head (Snakemake's "[Mon Mar 25 19:06:03
        # 2019]" over its job's lines), its message and level the first line under it
        return Text(ts, "UNKNOWN", "", "dated-block")
    level = "INFO"
    fields: dict[str, Any] = {}
    if rest[:1] == "[" and (jk := _MOD_JK.match(rest)) is not None:
        # mod_jk's own log (jk_util.c): "[pid:tid] [level] function::file (line): msg"
        fields = {"pid": jk.group(1), "thread": jk.group(2)}
        rest = rest[jk.end() :]
    elif rest[-7:-6] == "." and (served := _MOD_JK_REQUEST.fullmatch(rest)) is not None:
        # mod_jk's request log under its documented format, JkRequestLogFormat "%w %V %T": the
        # worker, the virtual host, the request's time in seconds to the microsecond
        t = Text(ts, "INFO", rest, "apache-error", {"worker": served.group(1)})
        t.samples = (("request_time_ms", float(served.group(3)) * S, ""),)
        return t
    if rest.startswith("["):
        e = rest.find("]")
        if e > 0:
            tag = rest[1:e]
            name = tag.rsplit(":", 1)[-1]
            if name.startswith("trace"):
                name = "trace"
            # syslog's full name for emerg (RFC 5424's "Emergency"), in the level's place
            if name.lower() in TOKEN_LEVELS or name.lower() == "emergency":
                level = levels.word(name)
                if ":" in tag:
                    fields["module"] = tag.split(":", 1)[0]
                rest = rest[e + 1 :].lstrip(" ")
    return Text(ts, level, rest, "apache-error", fields or None)


# Elasticsearch's and Logstash's log4j2 layout, "[%d{ISO8601}][%-5p][%-25c]" then the
# message (Logstash's pipeline and plugin ids in brackets, Elasticsearch's node name).
_LOG4J_BRACKETS: Final = re.compile(
    r"\[(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)\]"
    r"\[([A-Za-z]+) *\]((?:\[[^\]]{1,80}\]){1,3})"
)


# Airflow's layout ("[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s"),
# taken up by apps beside it, the file a path at times (Windows', with spaces): the level
# and the message, whose lines may follow (a message opening with a newline).
_BRACED_SOURCE: Final = re.compile(r"\{([^{}]{1,240}):(\d{1,6})\} +([A-Za-z]{3,8}) +-(?: |$)")


def braced_head(rest: str) -> tuple[str, dict[str, Any], str] | None:
    """Airflow's head after its time (above): its level's word, the file and line as fields,
    and the message (a record its StreamLogWriter relays: that record's); None for another
    layout."""
    braced = _BRACED_SOURCE.match(rest) if rest[:1] == "{" else None
    if braced is None:
        return None
    named = {"source_file": braced.group(1), "lineno": braced.group(2)}
    message = rest[braced.end() :]
    if named["source_file"] == "logging_mixin.py" and message[:1] == "[":
        # Airflow's StreamLogWriter re-logging what its process wrote (stdout at INFO,
        # stderr at WARNING): a record of its own layout there ("{logging_mixin.py:115}
        # INFO - [2025-08-25 11:07:36,006] {dagbag.py:320} ERROR - Failed to import: ...")
        # is that record, its level and words
        close = message.find("] {", 20, 40)
        relayed = braced_head(message[close + 2 :]) if close > 0 else None
        if relayed is not None and relayed[0].lower() in TOKEN_LEVELS:
            return relayed
    return braced.group(3), named, message


_FLASK_MODULE: Final = r"in ([\w.<>-]+): "
_FLASK_HEAD: Final = re.compile(r"([A-Z]+) " + _FLASK_MODULE)
_FLASK_IN: Final = re.compile(_FLASK_MODULE)


def flask_module(message: str) -> tuple[str, str] | None:
    """Flask's ``in <module>: `` after its level: the module and the message after it."""
    m = _FLASK_IN.match(message)
    return None if m is None else (m.group(1), message[m.end() :])


# The OpenTelemetry Java agent's own log (its simple logger: "[otel.javaagent %s] [%s] %s %s -
# %s", time as "yyyy-MM-dd HH:mm:ss:SSS Z", thread, level, logger, message).
_OTEL_JAVAAGENT: Final = re.compile(
    r"\[otel\.javaagent (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d):(\d{3}) ([+-]\d{4})\] "
    r"\[([^\]]*)\] ([A-Z]+) (\S+) - "
)


# Phusion Passenger's own log: "[ E 2018-01-08 17:09:07.3981 96475/T7 age/Cor/Con/
# CheckoutSession.cpp:285 ]: message" (its level letter, time, pid/thread, source).
_PASSENGER: Final = re.compile(
    r"\[ ([CEWNID]) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (\d+)/(\w+) (\S+) \]: ?"
)
# (its letters glog's, with NOTICE and CRITICAL: ext/common/LoggingKit's level names)
_PASSENGER_LEVELS: Final = {
    k: v for k, v in {**levels.LETTERS, "N": "NOTICE", "C": "CRITICAL"}.items() if k in "CEWNID"
}


def _passenger(line: str) -> Text | None:
    m = _PASSENGER.match(line)
    ts = parse_iso(m.group(2)) if m is not None else None
    if m is None or ts is None:
        return None
    named = {"pid": m.group(3), "thread": m.group(4), "source": m.group(5)}
    return Text(ts, _PASSENGER_LEVELS[m.group(1)], line[m.end() :], "text", named, (), True)


def _otel_javaagent(line: str) -> Text | None:
    otel = _OTEL_JAVAAGENT.match(line)
    ts = parse_iso(f"{otel.group(1)}.{otel.group(2)}{otel.group(3)}") if otel else None
    if otel is None or ts is None:
        return None
    named = {"thread": otel.group(4), "logger": otel.group(6)}
    return Text(ts, levels.word(otel.group(5)), line[otel.end() :], "text", named, (), True)


def _bracket_iso(line: str) -> Text | None:
    """Rust's env_logger ``[2024-05-16T09:23:38Z ERROR app::db] msg`` (the level and target
    inside the time's bracket) and gunicorn's ``[2024-05-16 09:23:38 +0000] [12] [ERROR] msg``
    (the pid's and the level's brackets after it): the time, the level, the message alone."""
    if "][" in line[20:34]:
        # (and a logback pattern's "[%d{yyyy-MM-dd HH:mm:ss}][%-5level][%thread][%logger]
        # %msg", its thread and logger padded)
        m = _LOG4J_BRACKETS.match(line)
        if m is not None and m.group(2).lower() in TOKEN_LEVELS:
            ts = parse_iso(m.group(1))
            if ts is not None:
                groups = [g.strip() for g in m.group(3)[1:-1].split("][")]
                named = {"logger": groups[-1]}
                if len(groups) > 1:
                    named["thread"] = groups[0]
                msg = line[m.end() :].lstrip(" ")
                return Text(ts, levels.word(m.group(2)), msg, "text", named, (), True)
    close = line.find("] ", 20, 160)
    if close < 0:
        return None
    inner = line[1:close]
    rest = line[close + 2 :]
    fields: dict[str, Any] = {}
    parts = inner.split()
    if len(parts) >= 2 and parts[1].lower() in TOKEN_LEVELS and "T" in parts[0]:
        stamp, level = parts[0], parts[1]
        if len(parts) > 2:
            fields["target"] = parts[2]
    elif rest[:1] == "[" and "] [" in rest[:12] and rest[1:2].isdigit():
        pid_end = rest.find("] [")
        level_end = rest.find("] ", pid_end + 3)
        level = rest[pid_end + 3 : level_end] if level_end > 0 else ""
        if level.lower() not in TOKEN_LEVELS:
            return None
        fields["pid"] = rest[1:pid_end]
        stamp, rest = inner.replace(" +", "+").replace(" -", "-"), rest[level_end + 2 :]
    elif rest[:1].isupper() and (flask := _FLASK_HEAD.match(rest)) is not None:
        # Flask's default handler: "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"
        level, fields["module"], rest = flask.group(1), flask.group(2), rest[flask.end() :]
        if level.lower() not in TOKEN_LEVELS:
            return None
        stamp = inner
    elif (airflow := braced_head(rest)) is not None:
        level, named, rest = airflow
        if level.lower() not in TOKEN_LEVELS:
            return None
        stamp = inner
        fields.update(named)
    else:
        return None
    ts = parse_iso(stamp)
    if ts is None:
        return None
    return Text(ts, levels.word(level), rest, "text", fields, (), True)


# CouchDB's request line after its ``[level] time``: node, Erlang pid, request id, host,
# peer, user, method, path, status, ``ok`` and the request's time (ms).
_COUCHDB: Final = re.compile(r"\S+ <[\d.]+> \S+ \S+ \S+ \S+ ([A-Z]+) (\S+) (\d{3}) \S+ (\d+)$")


def _level_first(line: str) -> Text | None:
    """A level in brackets before an ISO time: CouchDB's and other Erlang services'
    ``[notice] 2024-01-20T13:54:06.579985Z nonode@nohost <0.176.0> ...``; or Envoy's access
    line ``[2024-05-16T09:00:01.500Z] "GET / HTTP/1.1" 200 ...`` inside another line (a
    container's, after its runtime's prefix)."""
    close = line.find("] ", 1, 40)
    if close < 2:
        return None
    inner = line[1:close]
    rest = line[close + 2 :]
    if inner[:4].isdigit():
        if rest[:1] != '"':
            return None
        ts = parse_iso(inner)
        t = envoy(rest) if ts is not None else None
        if t is not None and ts is not None:
            t.ts = ts
        return t
    if inner.lower() not in TOKEN_LEVELS or not rest[:4].isdigit():
        return None
    end = _ts_end(rest)
    ts = parse_iso(rest[:end]) if end else None
    if ts is None:
        return None
    msg = rest[end:].lstrip(" ")
    m = _COUCHDB.search(msg)
    if m is None:
        return Text(ts, levels.word(inner), msg, "text", None, (), True)
    status = int(m.group(3))
    fields: dict[str, Any] = {"method": m.group(1), "path": m.group(2), "status": status}
    samples = ((HTTP_STATUS, float(status), ""), ("request_time_ms", float(m.group(4)), ""))
    return Text(ts, levels.word(inner), msg, "couchdb", fields, samples)


# CloudFront's standard log, when its "#Fields:" header is not in the file (a file cut from
# a longer one, or lines shipped one by one): the documented columns, in their order.
_CLOUDFRONT: Final = [
    "date",
    "time",
    "x-edge-location",
    "sc-bytes",
    "c-ip",
    "cs-method",
    "cs(Host)",
    "cs-uri-stem",
    "sc-status",
    "cs(Referer)",
    "cs(User-Agent)",
    "cs-uri-query",
    "cs(Cookie)",
    "x-edge-result-type",
    "x-edge-request-id",
    "x-host-header",
    "cs-protocol",
    "cs-bytes",
    "time-taken",
    "x-forwarded-for",
    "ssl-protocol",
    "ssl-cipher",
    "x-edge-response-result-type",
    "cs-protocol-version",
    "fle-status",
    "fle-encrypted-fields",
    "c-port",
    "time-to-first-byte",
    "x-edge-detailed-result-type",
    "sc-content-type",
    "sc-content-len",
    "sc-range-start",
    "sc-range-end",
]


def _cloudfront(line: str) -> Text | None:
    """``2024-03-12<TAB>15:22:28<TAB>CDG50-P2<TAB>703<TAB>1.2.3.4<TAB>GET ...`` without a
    ``#Fields:`` directive: read under CloudFront's documented columns."""
    n = line.count("\t") + 1
    if n < 19 or n > len(_CLOUDFRONT):
        return None
    t = w3c_line(line, _CLOUDFRONT[:n])
    if t is None or not isinstance(t.record, dict) or "sc-status" not in t.record:
        return None
    t.fmt = "cloudfront"
    return t


def _bracket_month_day(line: str, ref: float) -> Text | None:
    """Asterisk's ``[Mar  6 08:44:27] NOTICE[1310] chan_sip.c: msg``: a year-less time in
    brackets, then a level with its thread."""
    month = MONTHS.get(line[1:4].lower())
    day = line[5:7].strip()
    if month is None or not day.isdigit() or line[10:11] != ":" or line[13:14] != ":":
        return None
    ts = month_day_time(month, int(day), line[8:16], 0, ref)
    if ts is None:
        return None
    rest = line[18:]
    b = rest.find("[", 0, 20)
    word = rest[:b] if b > 0 else ""
    fields: dict[str, Any] = {}
    if word and rest.find("]", b) > 0:
        fields["channel"] = word
        close = rest.find("]", b)
        fields["thread"] = rest[b + 1 : close]
        msg = rest[close + 1 :].lstrip(":[] ")
    else:
        msg = rest
    level = levels.word(word) if word.lower() in TOKEN_LEVELS else _msg_level(msg)
    return Text(with_year(msg, ts), level, msg, "text", fields or None, (), True)


# PHP's error_log: "[16-May-2024 11:00:02 Europe/Berlin] PHP Warning:  ..." (main.c formats
# its time "d-M-Y H:i:s e": e is date.timezone's name, a region's, not a fixed offset).
_PHP_NAMED_ZONE: Final = re.compile(
    r"\[(\d\d)-([A-Z][a-z]{2})-(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? "
    r"([A-Z][A-Za-z_]+(?:/[A-Za-z_+\-]+){1,2})\] "
)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _php_named_zone(line: str) -> Text | None:
    m = _PHP_NAMED_ZONE.match(line)
    if m is None:
        return None
    zone = _zone(m.group(8))
    month = MONTHS.get(m.group(2).lower())
    if zone is None or month is None:
        return None
    try:
        local = datetime(
            int(m.group(3)),
            month,
            int(m.group(1)),
            int(m.group(4)),
            int(m.group(5)),
            int(m.group(6)),
            int((m.group(7) or "0").ljust(6, "0")),
            tzinfo=zone,
        )
    except ValueError:
        return None
    return _found(local.timestamp(), line)


# WebSphere's SystemOut.log and Open Liberty's messages.log (its basic format): the time in
# the JVM's locale (``[10/12/21 14:32:02:123 EDT]``, ``[2022-06-09, 13:03:23:046 PDT]``), the
# thread's id in eight hex digits, the logger's short name padded, then the event's type in
# one letter: F fatal, E error, W warning, A audit, I info, C config, D detail, O and R the
# program's System.out and System.err, 1-3 fine to finest, < > a method's entry and exit.
_WEBSPHERE: Final = re.compile(r"\[([^\]]{12,40})\] ([0-9a-fA-F]{8}) (\S+) +([FEWAICDOR123<>Z]) ")
_WEBSPHERE_TYPES: Final = {"F": "FATAL", "E": "ERROR", "W": "WARNING", "D": "DEBUG", "1": "DEBUG",
                           "2": "TRACE", "3": "TRACE", "<": "TRACE", ">": "TRACE"}  # fmt: skip


def _websphere(line: str) -> Text | None:
    m = _WEBSPHERE.match(line)
    ts = anytime.value_time(m.group(1)) if m is not None else None
    if m is None or ts is None:
        return None
    kind = m.group(4)
    fields = {"thread": m.group(2), "logger": m.group(3), "type": kind}
    level = _WEBSPHERE_TYPES.get(kind, "INFO")
    return Text(ts, level, line[m.end() :], "websphere", fields, (), True)


def _bracket_clf(line: str) -> Text | None:
    """nginx Proxy Manager's proxy log: ``[24/Jan/2022:16:51:02 +0000] MISS 404 404 - GET
    https example.com "/api" [Client 1.2.3.4] [Length 234] [Gzip 1.89] [Sent-to 10.0.0.15]
    "ua" "-"``: the time as an access log writes it, then the cache status, the status and
    the upstream's."""
    close = line.find("] ", 20, 34)
    if close < 0:
        return None
    ts = parse_clf(line[1:close])
    if ts is None:
        return None
    rest = line[close + 2 :]
    fields: dict[str, Any] = {}
    samples: list[tuple[str, float, str]] = []
    level = "INFO"
    head = rest.split(" ", 4)[:4]
    for i, tok in enumerate(head):
        if len(tok) == 3 and tok.isdigit() and 100 <= int(tok) <= 599:
            status = int(tok)
            fields["status"] = status
            samples.append((HTTP_STATUS, float(status), ""))
            level = levels.from_status(status)
            # nginx's seconds before it (a shared host's "[$time_local]
            # $upstream_response_time $request_time $status ..."): the largest the request's
            secs = _nginx_seconds(head[:i])
            if secs >= 0:
                samples.append(("request_time_ms", round(secs * S, 3), ""))
            break
    if not samples and " HTTP/" in rest:
        # An access pattern of its own after the time (Undertow's "[%t] %a %r %s (%D
        # milliseconds)": the request line unquoted, its status after it)
        a = _access_layout(ts, rest)
        if a is not None:
            return a
    if not samples:
        # No request: an application's line under an access log's time (log4j's
        # ``[%d{dd/MMM/yyyy:HH:mm:ss Z}] %p %c: %m``), its level the word after it.
        word = rest.split(" ", 1)[0].rstrip(":")
        level = levels.word(word) if word.lower() in TOKEN_LEVELS else _msg_level(rest)
        return Text(ts, level, rest, "text", None, (), True)
    c = rest.find("[Client ")
    if c >= 0:
        fields["client"] = rest[c + 8 : rest.find("]", c)]
    return Text(ts, level, rest, "access", fields or None, tuple(samples))


def on_day(tod: float, last: float) -> float:
    """A time of day placed on the day that puts it within half a day of ``last`` (the log's
    last time, else the file's modification time): 23:59 then 00:01 is the next day."""
    ts = midnight(last) + tod
    if ts > last + DAY / 2:
        return ts - DAY
    if ts < last - DAY / 2:
        return ts + DAY
    return ts


# Serilog's console default, "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}": a time of day
# and a three-letter level in one bracket (VRB DBG INF WRN ERR FTL).
_BRACKET_TOD_LEVEL: Final = re.compile(
    r"\[(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,6}))? ([A-Za-z]{3,11})\] "
)


def _bracket_tod_level(line: str) -> Text | None:
    m = _BRACKET_TOD_LEVEL.match(line)
    if m is None:
        return None
    word = m.group(5).lower()
    if word in ("vrb", "verbose"):
        word = "trace"
    elif word not in TOKEN_LEVELS:
        return None
    tod = _day_seconds(m.group(1), m.group(2), m.group(3), m.group(4))
    if tod is None:
        return None
    t = Text(-1.0, levels.word(word), line[m.end() :], "text", None, (), True)
    t.tod = tod
    return t


def _day_seconds(h: str, mi: str, sec: str, fraction: str | None) -> float | None:
    """A time of day's seconds since midnight from its digits (a leap second's 60 taken),
    None when they are no time of day ("25:61:00")."""
    hours, minutes, seconds = int(h), int(mi), int(sec)
    if hours > 23 or minutes > 59 or seconds > 60:
        return None
    return hours * 3600 + minutes * 60 + seconds + float("0." + (fraction or "0"))


# dbt's file log (dbt.log, 1.x) and its --debug output: "{time} [{level:<5}] [{thread}]:
# {message}" (the thread's name cut to ten characters, "[Thread-1 (]"), a message's line
# breaks kept; in the file the lines up to the next head are the event's (the parser's
# _DBT_BANNER). Its "test" level sits between debug and info.
_DBT_HEAD: Final = re.compile(r"\[(debug|test |info |warn |error)\] \[([^\]]{1,60})\]: ")
_DBT_LEVELS: Final = {"debug": "DEBUG", "test ": "DEBUG", "info ": "INFO", "warn ": "WARNING"}
_LOGBACK_TOD: Final = re.compile(
    r"\[([^\]]{1,80})\] +([A-Z]{4,5}) +([A-Za-z_$][\w$]*(?:\.[\w$]+)+) +- "
)
_NAME_THEN_LEVEL: Final = re.compile(
    r"(?:- )?\[?([A-Za-z_][\w$-]*(?:\.[\w$-]+)*)\]? +(?:- +)?([A-Z]{4,8}):?(?: +- +| +)"
)


# i2pd's log (Log.cpp: "%s@%s/%s - %s", its time "%H:%M:%S" unless logclftime): the thread's
# number (its id hashed to three digits) and the level after the time ("09:52:07@645/error -
# SAM: Read error: End of file"); "none" its level for the lines it always writes
# ("i2pd v2.50.2 starting"), information.
_I2PD: Final = re.compile(r"([\w-]{1,20})/(none|critical|error|warn|info|debug) - ")


def _i2pd(line: str, k: int, tod: float) -> Text | None:
    m = _I2PD.match(line, k)
    if m is None:
        return None
    word = m.group(2)
    level = "INFO" if word == "none" else levels.word(word)
    t = Text(-1.0, level, line[m.end() :], "text", {"thread": m.group(1)})
    t.tod = tod
    return t


def _time_of_day(line: str, ref: float) -> Text | None:
    """A time of day and no date: Elixir's Logger (``18:37:23.568 request_id=F1 [error]
    msg``), tcpdump; ``tod`` for the parser to place (``on_day``). Phoenix's ``Sent 204 in
    413µs`` gives the request's status and time."""
    try:
        tod = float(int(line[0:2]) * 3600 + int(line[3:5]) * 60 + int(line[6:8]))
    except ValueError:
        return None
    end = fraction_end(line, 8)
    if end > 8:
        tod += float("0." + (line[9:end] or "0"))
    if line[end : end + 1] == "@" and tod < DAY:
        return _i2pd(line, end + 1, tod)
    if tod >= DAY or line[end : end + 1] != " ":
        return None
    ts = -1.0
    rest = line[end + 1 :]
    bar = rest.find(" | ", 0, 40)
    if bar > 0 and " " not in rest[:bar].strip():
        # pm2's "HH:MM:SS 1|app  | <the app's line>": the app's own line, if it has a time
        own = parse_text(rest[bar + 3 :].lstrip(" "), ref) if rest[bar + 3 :].strip() else None
        if own is not None and own.ts >= 0:
            if own.record is None:
                own.fields = dict(own.fields) if own.fields else {}
                own.fields["prefix"] = rest[:bar].strip()
            return own
    if rest[:1] == "[" and (dbt := _DBT_HEAD.match(rest)) is not None:
        t = Text(
            ts,
            _DBT_LEVELS.get(dbt.group(1), "ERROR"),
            rest[dbt.end() :],
            "dbt",
            {"thread": dbt.group(2)},
            (),
            True,
        )
        t.tod = tod
        return t
    logback = _LOGBACK_TOD.match(rest)
    if logback is not None and logback.group(2).lower() in TOKEN_LEVELS:
        # logback's default, "%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg": the
        # thread in brackets (its spaces too: "[HikariPool-1 housekeeper]"), the class after
        threaded = {"thread": logback.group(1), "logger": logback.group(3)}
        t = Text(
            ts, levels.word(logback.group(2)), rest[logback.end() :], "text", threaded, (), True
        )
        t.tod = tod
        return t
    named = _NAME_THEN_LEVEL.match(rest)
    if (
        named is not None
        and named.group(2).lower() in TOKEN_LEVELS
        and named.group(1).lower() not in TOKEN_LEVELS
    ):
        # Python's "%(name)s %(levelname)s %(message)s" after a clock alone: the logger's
        # name first ("uvicorn.error INFO Started server process"; bracketed, padded, or
        # between the cookbook's dashes), no level of its own
        name, word = named.group(1), named.group(2)
        msg = rest[named.end() :]
        t = Text(ts, levels.word(word), msg, "text", {"logger": name}, (), True)
        t.tod = tod
        return t
    i = rest.find("] ", 0, 400)
    j = rest.rfind(" [", 0, i) if i > 0 else -1
    word = rest[j + 2 : i] if j >= 0 else (rest[1:i] if i > 0 and rest[:1] == "[" else "")
    if word.lower() not in TOKEN_LEVELS:
        # no level word: none, as under a full date (RQ's "%H:%M:%S %(message)s" drops it)
        t = Text(ts, _msg_level(rest, default="UNKNOWN"), rest, "text", None, (), True)
        t.tod = tod
        return t
    msg = rest[i + 2 :]
    fields = _pairs(rest[:j]) if j > 0 else None
    t = Text(ts, levels.word(word), msg, "text", fields or None, (), True)
    t.tod = tod
    if msg.startswith("Sent ") and msg[8:12] == " in " and msg[5:8].isdigit():
        status = int(msg[5:8])
        samples: list[tuple[str, float, str]] = [(HTTP_STATUS, float(status), "")]
        d = duration_text(msg[12:].strip())
        if d is not None:
            samples.append(("request_time_ms", d, ""))
        f = dict(t.fields) if t.fields else {}
        f["status"] = status
        t.fields = f
        t.samples = tuple(samples)
        if status >= 500 and t.level in ("INFO", "DEBUG", "TRACE", "NOTICE"):
            # Plug.Logger's "Sent 500 in 8ms" (Phoenix), at info: the request it served, a
            # 5xx an error whatever its level, as an access record's and Spring's are
            t.level = "ERROR"
    return t


# pino-pretty's levelFirst layout: the level, then the time in brackets and the pid (with
# the name and host) in parentheses, each when shown, and a colon: ``INFO [17:35:28.992]
# (42 on web-1): msg``, ``ERROR (app/42 on web-1): msg``, ``WARN [1715850002000]: msg``.
_PINO_LEVEL_FIRST: Final = re.compile(
    r"(TRACE|DEBUG|INFO|WARN|ERROR|FATAL|USERLVL)"
    r"(?: \[([^\]]{4,40})\])?(?: \(([^)]{1,200})\))?: "
)
_CLOCK: Final = re.compile(r"(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$")


# Cassandra's logback.xml: "%-5level [%thread] %date{ISO8601} %F:%L - %msg%n" (a thread's name
# may hold spaces: "[Service Thread]", "[CompactionExecutor:12]"). log4j's "%5p [%t]
# %d{ISO8601} %m" pads the level on the left instead (PatternLayout: "%5p" right-justifies,
# "%-5p" left-justifies): " INFO [main] ...", "ERROR [main] ...".
_LEVEL_THREAD_TIME: Final = re.compile(
    r"(ERROR|WARN|INFO|DEBUG|TRACE|FATAL) +\[([^\]]{1,80})\] "
    r"(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[,.]\d{1,9})?) (?:(\S+:\d+) - )?"
)
_PADDED_LEVEL_FIRST: Final = re.compile(
    r" {1,2}(?:ERROR|WARN|INFO|DEBUG|TRACE|FATAL) {1,2}\[[^\]]{1,80}\] "
    r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d"
)


def padded_level_first(line: str) -> bool:
    """Is an indented line log4j's level padded on the left (``%5p [%t] %d``: `` INFO
    [main] 2024-...``), an entry of its own rather than the indented rest of the one before?"""
    return "[" in line[6:8] and _PADDED_LEVEL_FIRST.match(line) is not None


def _level_thread_time(line: str) -> Text | None:
    m = _LEVEL_THREAD_TIME.match(line)
    if m is None:
        return None
    ts = parse_iso(m.group(3).replace(",", "."))
    if ts is None:
        return None
    fields = {"thread": m.group(2)}
    if m.group(4):
        fields["source"] = m.group(4)
    return Text(ts, levels.word(m.group(1)), line[m.end() :], "text", fields, (), True)


def _pino_level_first(line: str) -> Text | None:
    m = _PINO_LEVEL_FIRST.match(line)
    if m is None or (m.group(2) is None and m.group(3) is None):
        return None
    fields: dict[str, Any] | None = None
    if m.group(3) is not None:
        who, _, host = m.group(3).partition(" on ")
        name, _, pid = who.rpartition("/")  # "(app/42 on web-1)", "(42)", "(app on web-1)"
        if not pid.isdigit():
            name, pid = who, ""
        fields = {"pid": pid} if pid else {}
        if name:
            fields["name"] = name
        if host:
            fields["hostname"] = host
    t = Text(-1.0, levels.word(m.group(1)), line[m.end() :], "text", fields, (), True)
    when = m.group(2)
    if when is not None:
        clock = _CLOCK.match(when)
        if clock is not None:  # translateTime 'HH:MM:ss.l': a time of day, the parser's to place
            tod = _day_seconds(clock.group(1), clock.group(2), clock.group(3), clock.group(4))
            if tod is None:
                return None
            t.tod = tod
        else:
            ts = parse_time_value(when)
            if ts is None:
                return None
            t.ts = ts
    return t


# logrus's TextFormatter on a terminal: the level's first four letters, then the seconds
# since start (or, with FullTimestamp, the time) in brackets, the message padded, the fields.
_LOGRUS_LEVELS: Final[dict[str, str]] = {
    "PANI": "FATAL",
    "FATA": "FATAL",
    "ERRO": "ERROR",
    "WARN": "WARNING",
    "INFO": "INFO",
    "DEBU": "DEBUG",
    "TRAC": "TRACE",
}
# zerolog's ConsoleWriter: time.Kitchen ("3:04PM"), a three-letter level, message, fields.
_ZEROLOG_CONSOLE: Final = re.compile(r"(\d\d?):(\d\d)([AP]M) (TRC|DBG|INF|WRN|ERR|FTL|PNC|\?\?\?) ")
_PAIR_START: Final = re.compile(r" +(?=[A-Za-z_][\w.\-]*=)")


def _with_pairs(text: str) -> tuple[str, dict[str, Any] | None]:
    """A message and the ``key=value`` fields a console writer puts after it."""
    for m in _PAIR_START.finditer(text):
        pairs = _pairs(text[m.end() :])
        if pairs and all(v is not True for v in pairs.values()):
            return text[: m.start()], pairs
    return text, None


def _console_record(ts: float, level: str, rest: str, fmt: str) -> Text:
    msg, pairs = _with_pairs(rest.rstrip())
    record: dict[str, Any] = {"msg": msg.rstrip(), **(pairs or {})}
    record["level"] = level
    t = Text(ts, level, msg, fmt)
    t.record = record
    return t


def _logrus_tty(line: str) -> Text | None:
    """``WARN[0000] The group's number increased  number=122 omg=true``, or with
    FullTimestamp ``INFO[2015-03-26T01:27:38-04:00] msg k=v``."""
    close = line.find("] ", 5, 64)
    if close < 0:
        return None
    inside = line[5:close]
    ts = -1.0
    if not inside.isdigit():
        full = parse_iso(inside)
        if full is None:
            return None
        ts = full
    return _console_record(ts, _LOGRUS_LEVELS[line[:4]], line[close + 2 :], "logfmt")


# go-ethereum's terminal format (log15's TerminalFormat, kept by geth's own log package):
# "INFO [03-27|15:00:52.002] Imported new chain segment   number=12 elapsed=1.2ms", the
# level padded to five ("ERROR[...]"; log15's own four letters: EROR, DBUG, TRCE), the date
# without its year (month-day, as glog's), a file's location after a "|" with --log.debug,
# the pairs after the message (padded to 40 columns).
_LOG15: Final = re.compile(
    r"([A-Z]{4,5}) ?\[(\d\d)-(\d\d)\|(\d\d:\d\d:\d\d(?:\.\d{1,9})?)(?:[+-]\d\d:?\d\d)?"
    r"(?:\|[^\]]*)?\] "
)
_LOG15_LEVELS: Final[dict[str, str]] = {
    "CRIT": "CRITICAL", "EROR": "ERROR", "ERROR": "ERROR", "WARN": "WARNING", "INFO": "INFO",
    "DBUG": "DEBUG", "DEBUG": "DEBUG", "TRCE": "TRACE", "TRACE": "TRACE",
}  # fmt: skip


# vLLM's logger (vllm/logger.py, "%(levelname)s %(asctime)s [%(filename)s:%(lineno)d]
# %(message)s", datefmt "%m-%d %H:%M:%S"; to 0.6 without the "[": "... %(filename)s:
# %(lineno)d] %(message)s"): no year; a multi-line message repeats the whole head on each of
# its lines (its NewLineFormatter: the parser joins them); a worker's process before it,
# "(EngineCore_DP0 pid=275) ", a Ray worker's on another node "(RayWorkerWrapper pid=581,
# ip=10.0.3.7) ".
_VLLM: Final = re.compile(
    r"(?:\((\w{1,40}) pid=(\d+)(?:, ip=[\d.:a-f]{2,39})?\) )?(DEBUG|INFO|WARNING|ERROR|CRITICAL)"
    r" (\d\d)-(\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,6})?) \[?([^\[\]\s]{1,120}:\d+)\] ?"
)


_VLLM_OPENS: Final = frozenset({"DEBU", "INFO", "WARN", "ERRO", "CRIT"})


def _vllm(line: str, ref: float) -> Text | None:
    m = _VLLM.match(line)
    if m is None:
        return None
    ts = month_day_time(int(m.group(4)), int(m.group(5)), m.group(6), 0, ref)
    if ts is None:
        return None
    fields: dict[str, Any] = {"caller": m.group(7)}
    if m.group(1):
        fields["process"] = m.group(1)
        fields["pid"] = int(m.group(2))
    t = Text(ts, levels.word(m.group(3)), line[m.end() :], "vllm", fields, (), True)
    t.year_guessed = True  # held until a line gives the year (section 4), as glog's
    return t


def vllm_head(line: str) -> str:
    """The head of a vLLM line (process, level, time, file:line), "" if it has none."""
    m = _VLLM.match(line)
    return m.group() if m is not None else ""


def _log15(line: str, ref: float) -> Text | None:
    m = _LOG15.match(line)
    if m is None or m.group(1) not in _LOG15_LEVELS:
        return None
    ts = month_day_time(int(m.group(2)), int(m.group(3)), m.group(4), 0, ref)
    if ts is None:
        return None
    t = _console_record(ts, _LOG15_LEVELS[m.group(1)], line[m.end() :], "log15")
    t.year_guessed = True  # held until a line gives the year (section 4), as glog's
    return t


def _zerolog_console(line: str) -> Text | None:
    m = _ZEROLOG_CONSOLE.match(line)
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if not 1 <= hour <= 12 or minute > 59:
        return None
    hour %= 12
    tod = float(((hour + (12 if m.group(3) == "PM" else 0)) * 60 + minute) * 60)
    word = m.group(4)
    level = "UNKNOWN" if word == "???" else levels.word(word) if word != "PNC" else "FATAL"
    t = _console_record(-1.0, level, line[m.end() :], "logfmt")
    t.tod = tod
    return t


_DAYS: Final = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})


def _ruby(line: str) -> Text | None:
    """Ruby's Logger: ``E, [2024-05-16T09:23:38.123456 #1234] ERROR -- app: msg``."""
    close = line.find("]", 4)
    if close < 0:
        return None
    inner = line[4:close]
    hash_at = inner.find(" #")
    ts = parse_iso(inner[:hash_at] if hash_at > 0 else inner)
    if ts is None:
        return None
    rest = line[close + 1 :].strip()
    dash = rest.find(" -- ")
    word = rest[:dash].strip() if dash > 0 else line[0]
    msg = rest[dash + 4 :] if dash > 0 else rest
    colon = msg.find(": ")
    fields: dict[str, Any] | None = None
    if colon >= 0 and " " not in msg[:colon]:
        if colon:
            fields = {"progname": msg[:colon]}
        msg = msg[colon + 2 :]
    elif msg.startswith(": ") or msg == ":":
        msg = msg[2:]  # no progname; ":" alone: a message that starts on the next line
    if hash_at > 0:
        fields = dict(fields or {})
        fields["pid"] = inner[hash_at + 2 :]
    t = Text(ts, levels.word(word), msg, "ruby", fields, (), True)
    if msg.startswith("[") or msg.startswith("Completed "):  # Rails, its request's id first
        _request_said(t)
    if not t.samples and "ms)  " in msg and (msg[:1] == "[" or msg[:2] == "  "):
        # a query line, tagged or (a migration, a console: no request) only indented
        q = _TAGGED_QUERY.match(msg)
        if q is not None:
            t.samples = (("query_duration_ms", float(q.group(1)), ""),)
    elif not t.samples and msg[:1] == "(" and "s) " in msg[:40]:
        q = _SEQUEL_QUERY.match(msg)
        if q is not None:
            t.samples = (("query_duration_ms", float(q.group(1)) * S, ""),)
    return t


# ActiveRecord's query line in Rails' production.log (the Logger's head, the request's tags):
# ``[5e0d]   Order Load (1.4ms)  SELECT ...``, ``[5e0d]   (0.3ms)  BEGIN`` (no name), as the
# development log's ``  Order Load (0.4ms)  SELECT ...`` (parser's _AR_QUERY); with no tags
# (``rails db:migrate``: no request), only its indent, ``   (2.1ms)  CREATE TABLE ...``.
_TAGGED_QUERY: Final = re.compile(
    r"(?:\[[^\]]*\] ?)* *(?:\S[^()]{0,80}? )?\((\d+(?:\.\d+)?)ms\)  \S"
)


# Sequel's query log through a Logger (Database#log_connection_yield: "(%0.6fs) SQL", the
# connection first with log_connection_info): ``(0.000455s) SELECT * FROM "users" ...``.
_SEQUEL_QUERY: Final = re.compile(
    r"(?:\(conn: \d+\) )?\((\d+\.\d{6})s\) (?:SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT"
    r"|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|CREATE|ALTER|DROP|TRUNCATE|PRAGMA|EXPLAIN|COPY|CALL)\b",
    re.I,
)


# --- web frameworks' own lines -----------------------------------------------------------

# .NET's console formatter (the default): "fail: Category[EventId]", the message indented on
# the lines after it, no time.
_DOTNET_LEVELS: Final = {
    "trce": "TRACE",
    "dbug": "DEBUG",
    "info": "INFO",
    "warn": "WARNING",
    "fail": "ERROR",
    "crit": "CRITICAL",
}
# ASP.NET Core's hosting diagnostics, .NET 6 on and 5 before it:
# "Request finished HTTP/1.1 GET http://h/ - 500 0 - 12.3456ms" (status, content length,
# content type, which may be "null", empty or hold a space: "text/plain; charset=utf-8"),
# "Request finished in 12.3456ms 500 text/plain".
_DOTNET_REQUEST: Final = re.compile(
    r"Request finished (?:.* - (?P<s>[1-5]\d\d) \S+ (?:\S* ){0,3}?(?P<t>\d+(?:\.\d+)?)ms\b"
    r"|in (?P<t2>\d+(?:\.\d+)?)ms (?P<s2>[1-5]\d\d)\b)"
)
# The head of an entry: "info: Category[EventId]", the message on the lines under it, or after
# it on the same line with SingleLine (scopes first: "=> RequestId:... ").
_DOTNET_HEAD: Final = re.compile(r"(?:trce|dbug|info|warn|fail|crit): \S+?\[\d+\](?: |$)")


def _dotnet(line: str) -> Text:
    bracket = line.find("[")
    fields = {"category": line[6:bracket] if bracket > 6 else line[6:]}
    t = Text(-1.0, _DOTNET_LEVELS[line[:4]], line[6:], "dotnet", fields, (), True)
    close = line.find("] ", bracket)
    if close > 0 and "Request finished " in line:  # SingleLine: the message is here
        t.samples = dotnet_request(line[close + 2 :])
        t.level = served_severity(t.level, t.samples)
    return t


# Entity Framework Core's simple logging (``optionsBuilder.LogTo(Console.WriteLine)``, its
# DbContextLoggerOptions.DefaultWithLocalTime): "dbug: 5/6/2024 17:31:45.755
# CoreEventId.ContextInitialized[10403] (Microsoft.EntityFrameworkCore.Infrastructure) ", the
# time in the process' culture, the message on the lines under it as the console logger's.
_EF_HEAD: Final = re.compile(r"\w{4}: (.{8,40}?) (\w+\.\w+)\[(\d+)\] \(([\w.]+)\) ?$")


def _ef_simple(line: str, ref: float) -> Text | None:
    m = _EF_HEAD.match(line)
    if m is None:
        return None
    ts = anytime.head_time(m.group(1), ref)
    if ts is None:
        return None
    fields = {"category": m.group(4), "event": m.group(2)}
    return Text(ts, _DOTNET_LEVELS[line[:4]], line[m.start(2) :], "dotnet", fields, (), True)


# Entity Framework Core's command log heads: an executed command's, a failed one's
_EF_COMMANDS: Final = ("Executed DbCommand (", "Failed executing DbCommand (")


def ef_command(text: str) -> tuple[tuple[str, float, str], ...]:
    """Entity Framework Core's command log, ``Executed DbCommand (12ms) [Parameters=...]``
    (RelationalEventId.CommandExecuted, at Information), and a failed one's, ``Failed
    executing DbCommand (22ms) ...`` (CommandError, at Error): the query's time."""
    start = text.find("DbCommand (", 0, 40) + 11
    close = text.find("ms)", start, start + 12)
    took = text[start:close].replace(",", "") if start > 10 and close > 0 else ""
    # (a thousands separator in a long one's: "(30,052ms)")
    return (("query_ms", float(took), ""),) if took.isascii() and took.isdigit() else ()


def served_severity(level: str, samples: tuple[tuple[str, float, str], ...]) -> str:
    """The level of an access record written at a quiet level whatever its answer (ASP.NET
    Core's hosting layer: "Request finished ... 500" at information): a 5xx its severity, as
    any access line's, on one line (SingleLine) or two (the parser's)."""
    if level in levels.QUIET and any(n == HTTP_STATUS and v >= 500 for n, v, _ in samples):
        return "ERROR"
    return level


def dotnet_request(text: str) -> tuple[tuple[str, float, str], ...]:
    """The status and duration of ASP.NET Core's "Request finished" message, if it is one;
    Entity Framework Core's command's time."""
    message = text.lstrip(" ")
    if message.startswith(_EF_COMMANDS):
        return ef_command(message)
    m = _DOTNET_REQUEST.search(text, 0, 2000)
    if m is None:
        return ()
    status = m.group("s") or m.group("s2")
    took = m.group("t") or m.group("t2")
    return ((HTTP_STATUS, float(status), ""), ("response_time_ms", float(took), ""))


def _export_message(ts: float, cell: str, ref: float) -> Text:
    """A log event as a console or CLI exports it, after its time column: the message cell
    (quoted, its doubled quotes undone, the cells after the closing quote dropped; a message
    that ends in its own newline leaves the quote open on this line) read as the text line it
    is (a Lambda REPORT, an access line), at the column's time: the event's, as CloudWatch
    took it."""
    if cell[:1] == '"':
        end = cell.find('"', 1)
        while 0 < end < len(cell) - 1 and cell[end + 1] == '"':
            end = cell.find('"', end + 2)  # a doubled quote: the message's own
        msg = cell[1:end] if end > 0 else cell[1:]
        if '""' in msg:
            msg = msg.replace('""', '"')
    else:
        msg = cell
        end = -1
    t = _event_message(ts, msg, ref)
    if t.level == "UNKNOWN" and end > 0:
        # a cell after the message that is a level word alone (an Insights query's level
        # field; an app's own CSV of time,"message",level) is the event's level
        for after in cell[end + 2 :].split(","):
            if after.strip('" ').lower() in levels.WORDS:
                t.level = levels.word(after.strip('" '))
                break
    return t


def _event_message(ts: float, msg: str, ref: float) -> Text:
    """An exported event's message read as the text line it is, at its export's time; a
    JSON record as a record, and a shipper's record of a container's line (Fluent Bit's in
    Container Insights: ``{"time", "stream", "log": "<the line>", "kubernetes": {...}}``) as
    that line."""
    t = _record_text(ts, msg)
    if t is not None and t.record is not None:
        line = t.record.get("log")
        if type(line) is str and line.strip():
            return _event_message(ts, line.rstrip("\n"), ref)
        return t
    inner = parse_text(msg, ref) if msg else None
    if inner is None:
        return Text(ts, level_in(msg), msg, "text", None, (), True)
    inner.ts = ts
    inner.tod = -1.0
    inner.year_guessed = False
    return inner


def _table_row(line: str, ref: float) -> Text | None:
    """A row of the AWS CLI's ``--output table`` box (``| 1717236010000 | START ... |``): the
    time its last cell wholly an epoch in milliseconds (a row's keys are sorted, so
    filter-log-events' ``timestamp`` follows its ``ingestionTime``), the message its widest
    other cell (a column is padded to its longest value, the message's the widest: an event
    ID is all digits, a stream's name shorter); a ``|`` in a message splits it there."""
    cells = line[1:-1].split("|")
    if len(cells) < 2:
        return None
    ts = -1.0
    best = ""
    for cell in cells:
        value = cell.strip(" ")
        if len(value) == 13 and value.isdigit():
            ts = int(value) / 1e3
        elif len(cell) > len(best) and not value.isdigit():
            best = cell
    msg = best.strip(" ")
    if ts < _CLOUDWATCH_LOGS or " " not in msg:
        # a database client's row ("| 1234567890123 | Alice | alice@example.com |"): an ID
        # no event time CloudWatch took, its widest cell a value, no message of words
        return None
    return _event_message(ts, msg, ref)


_CLOUDWATCH_LOGS: Final = 1404172800.0  # 2014-07-01: no exported event is older
_LAMBDA_STREAM: Final = re.compile(r"\d{4}/\d\d/\d\d/\[[^\]]{1,40}\][0-9a-f]{32} ")


def _lambda_report(line: str, ts: float = -1.0) -> Text | None:
    """AWS Lambda's REPORT line (measures.lambda_duration), bare (``sam logs``) or behind
    CloudWatch's time (``ts``)."""
    d = lambda_duration(line)
    if d is None:
        return None
    fields = {"request_id": line[18:].split(None, 1)[0]}
    return Text(ts, "INFO", line, "lambda", fields, (("response_time_ms", d, ""),))


# Rails' request lines (development's log has no time; production's is Ruby's Logger):
# 'Started GET "/orders" for 127.0.0.1 at 2024-05-16 09:23:38 +0000',
# "Completed 500 Internal Server Error in 12ms (Views: 5.1ms | ActiveRecord: 1.2ms)".
_RAILS_STARTED: Final = re.compile(
    r'Started [A-Z]+ ".*" for \S+ at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?: ([+-]\d{4}))?$'
)
# Rails 3.0 and 3.1 on Ruby 1.8, its Time#to_s: 'Started GET "/" for 10.0.0.1 at Wed Dec 29
# 08:39:27 -0800 2010'.
_RAILS_STARTED_RUBY18: Final = re.compile(
    r'Started [A-Z]+ ".*" for \S+ at '
    r"([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [+-]\d{4} \d{4})$"
)
# Rails 2's: "Processing OrdersController#index (for 127.0.0.1 at 2009-09-24 04:13:52) [GET]".
_RAILS2_PROCESSING: Final = re.compile(
    r"Processing \S+ \(for \S+ at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)()\) \[[A-Z]+\]"
)
_RAILS_COMPLETED: Final = re.compile(r"Completed ([1-5]\d\d) [A-Za-z' -]*? in (\d+(?:\.\d+)?)ms\b")


# Rails 3 and on: "Processing by OrdersController#index as HTML" (no time: the request's).
_RAILS_PROCESSING: Final = re.compile(r"Processing by \S+#\w+ as \S+$")


def _rails(line: str) -> Text | None:
    if line[0] in "SP":
        m = (_RAILS_STARTED if line[0] == "S" else _RAILS2_PROCESSING).match(line)
        if m is None:
            if line[0] == "P" and _RAILS_PROCESSING.match(line):
                return Text(-1.0, "INFO", line, "rails", None, (), True)
            old = _RAILS_STARTED_RUBY18.match(line) if line[0] == "S" else None
            if old is None:
                return None
            try:
                when = datetime.strptime(
                    old.group(1).replace("  ", " 0"), "%a %b %d %H:%M:%S %z %Y"
                )
            except ValueError:
                return None
            return Text(when.timestamp(), "INFO", line, "rails", None, (), True)
        ts = parse_iso(m.group(1) + (m.group(2) or ""))
        return None if ts is None else Text(ts, "INFO", line, "rails", None, (), True)
    t = Text(-1.0, "INFO", line, "rails", None, (), True)
    _request_said(t)
    return t if t.samples else None


def _request_said(t: Text) -> None:
    """Rails' "Completed 500 Internal Server Error in 12ms": the status, and the request's
    duration (not the views' or the database's after it); the status is the line's level."""
    m = _RAILS_COMPLETED.search(t.message, 0, 300)
    if m is None:
        return
    _set_request(t, int(m.group(1)), float(m.group(2)))


# Express's morgan, its formats without a time: dev "GET /pay 500 12.345 ms - 59",
# tiny "GET /pay 500 59 - 12.345 ms", short "10.0.0.1 - GET /pay HTTP/1.1 500 59 - 12.345 ms".
_METHOD_HEADS: Final = frozenset({"GET", "POS", "PUT", "DEL", "PAT", "HEA", "OPT"})
_MORGAN: Final = re.compile(
    r"(?:\S+ \S+ )?(?P<m>" + "|".join(anytime.HTTP_METHODS) + r") (?P<p>\S+)(?: HTTP/[\d.]+)? "
    r"(?P<s>[1-5]\d\d) (?:(?P<t>\d+(?:\.\d+)?|-) ms - \S+|\S+ - (?P<t2>\d+(?:\.\d+)?|-) ms)$"
)


def _morgan(line: str) -> Text | None:
    m = _MORGAN.match(line)
    if m is None:
        return None
    status = int(m.group("s"))
    samples: list[tuple[str, float, str]] = [(HTTP_STATUS, float(status), "")]
    took = m.group("t") or m.group("t2")
    if took and took != "-":
        samples.append(("response_time_ms", float(took), ""))
    fields = {"method": m.group("m"), "path": m.group("p"), "status": status}
    # a format ending with ":date[iso]" where dev's size stands: its time (section 7)
    ts = anytime.tail_time(line) if line[-1] == "Z" else None
    level = levels.from_status(status)
    return Text(-1.0 if ts is None else ts, level, line, "morgan", fields, tuple(samples))


# --- logfmt -------------------------------------------------------------------------------


def _pairs(text: str) -> dict[str, Any] | None:
    """``key=value key="quoted value" flag``: the pairs, numbers as numbers; None if a token
    is neither (it is not logfmt). A value in single quotes is one too (auditd's user-space
    ``msg='op=login acct="root" res=success'``). A key written twice is the later value's, as
    in JSON, the earlier kept as ``<key>_1`` (auditd's ``msg=audit(1550013499.643:33):``
    then its ``msg='...'``: the record's time, then its message)."""
    out: dict[str, Any] = {}
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] == " ":
            i += 1
        if i >= n:
            break
        m = _LOGFMT_KEY.match(text, i)
        if m is None:
            return None
        key = m.group(0)
        i = m.end()
        if i >= n or text[i] == " ":
            out[key] = True  # a bare key
            continue
        if text[i] != "=":
            return None
        i += 1
        if key in out and key + "_1" not in out:
            out[key + "_1"] = out.pop(key)
        if i < n and text[i] == "'":
            j = text.find("'", i + 1)
            if j > 0 and (j + 1 == n or text[j + 1] == " "):
                out[key] = text[i + 1 : j]
                i = j + 1
                continue
        if i < n and text[i] == "<":
            # a Python object's repr, structlog's KeyValueRenderer writing one as it is
            # (request=<WSGIRequest: GET '/admin/'>): to its closing bracket
            j = _repr_end(text, i)
            if j > 0:
                out[key] = text[i:j]
                i = j
                continue
        if i < n and text[i] == '"':
            j = i + 1
            buf: list[str] = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                    nxt = text[j]
                    buf.append("\n" if nxt == "n" else "\t" if nxt == "t" else nxt)
                else:
                    buf.append(text[j])
                j += 1
            if j >= n:
                return None  # an unterminated quote
            out[key] = "".join(buf)
            i = j + 1
        else:
            j = text.find(" ", i)
            if j < 0:
                j = n
            out[key] = _scalar(text[i:j])
            i = j
    return out


def _repr_end(text: str, i: int) -> int:
    """Where the ``<...>`` opening at ``i`` ends (after its ``>``, nested ones counted, at a
    space or the end), or -1."""
    depth = 0
    for j in range(i, min(len(text), i + 400)):
        c = text[j]
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
            if depth == 0:
                return j + 1 if j + 1 == len(text) or text[j + 1] == " " else -1
    return -1


def _scalar(v: str) -> Any:
    if not v:
        return ""
    c = v[0]
    if c.isdigit() or (c == "-" and len(v) > 1 and v[1].isdigit()):
        try:
            return int(v) if v.lstrip("-").isdigit() else float(v)
        except ValueError:
            return v
    return v


# LTSV (ltsv.org): ``label:value`` fields joined by tabs, a label of letters, digits, "_",
# "." and "-"; the same pairs joined by "|" are an nginx ``log_format`` written alike
# (``time:$time_iso8601|status:$status|request_time:$request_time``).
_LABEL: Final = re.compile(r"[A-Za-z_][\w.-]{0,63}")


def _labelled(line: str) -> Text | None:
    """A line of three or more ``label:value`` fields, every field labelled and its value
    right after the colon (prose's ``note: x | step: y`` is none): a record, as a logfmt
    line's pairs are, read by its keys (section 2's and 6's tables: ``time``, ``status``,
    nginx's ``request_time`` in seconds). A value in brackets (LTSV's ``time:[%t]``) is
    read without them."""
    first = line.find(":", 1, 66)
    if first < 0 or _LABEL.fullmatch(line, 0, first) is None:
        return None
    parts = line.rstrip("\r\n").split("\t" if "\t" in line else "|")
    if len(parts) < 3:
        return None
    out: dict[str, Any] = {}
    for part in parts:
        key, colon, value = part.partition(":")
        if not colon or value[:1] == " " or _LABEL.fullmatch(key) is None:
            return None
        if value[:1] == "[" and value[-1:] == "]":
            value = value[1:-1]
        out[key] = _scalar(value)
    t = Text(-1.0, "", line, "ltsv")
    t.record = out
    return t


def _at_level(pairs: dict[str, Any]) -> None:
    """Heroku's ``at=`` (l2met's logfmt) as the record's level. Its router writes
    ``at=info`` for every request it handed to a dyno, whatever the app answered (``at=error``
    is its own failure, with an H code): a 5xx status there is the app's error."""
    at = pairs.get("at")
    if isinstance(at, str) and at.lower() in TOKEN_LEVELS:
        pairs["level"] = pairs.pop("at")
        status = pairs.get("status")
        if type(status) is int and 500 <= status <= 599 and at.lower() == "info":
            pairs["level"] = "error"


def _logfmt(line: str) -> Text | None:
    pairs = _pairs(line)
    if pairs is None:
        return None
    named = sum(1 for v in pairs.values() if v is not True)
    if named < 2 and not ("msg" in pairs or "level" in pairs or "time" in pairs):
        return None
    if "level" not in pairs and "lvl" not in pairs:
        _at_level(pairs)
    t = Text(-1.0, "", line, "logfmt")
    t.record = pairs
    return t
