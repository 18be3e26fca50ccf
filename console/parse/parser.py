"""The incremental log parser: physical lines in, events out.

The format is decided per line, so a file may mix them:

* the agent runtime format: a header block (``Session ID:``, ``Start Time:``, ...), entries
  ``[HH:MM:SS] [LEVEL] message`` whose indented lines and blank lines belong to them, ``====``
  rules, and capitalised summary sections (``DEPLOYMENT STATUS: FAILED``);
* JSON objects, one per line (service logs of every common logger, change events);
* the text formats of textformats.py (syslog, access logs, klog, Python's and Java's layouts,
  PostgreSQL, logfmt, ...), Monolog (told apart from agent entries here), and any of these
  behind a ``docker compose logs`` / ``kubectl logs --prefix`` / ``file.log:`` prefix;
* anything else, kept as a plain line (level from a level word if there is one).

Every physical line lands in exactly one LogLine (but an OpenTelemetry export line, which
holds several records: one per record): the first line of a block is its
``message`` (for an agent entry, without the ``[HH:MM:SS] [LEVEL] `` prefix; for a JSON line,
its message field), the rest its ``detail``. The typed facts of a block (metrics, stages,
rollback, outcome, ...) follow its LogLine. A block is complete when the next one starts, so
``feed`` answers the previous block's events; ``flush`` answers the one still open.

Speed matters (import aims at 400,000 lines/s end to end, store included), so the hot path
is character and prefix tests; regexes run only on lines that passed them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import date
from typing import Any, Final

import orjson

from console import events as ev
from console.parse import (
    anytime,
    cmtrace,
    condorlog,
    jsonbatch,
    julxml,
    levels,
    log4jxml,
    measures,
    minioconsole,
    modsecaudit,
    mysqlslow,
    varnishlog,
)
from console.parse.cabin import cabin_record
from console.parse.cishapes import VERDICT_HEADS, verdict_seconds
from console.parse.facts import HEADER_KEYS, AgentFacts
from console.parse.jsonlines import (
    cloudwatch_event,
    configuration_dump,
    indented_record,
    is_cloudwatch_event,
    json_events,
    read_record,
    records_of,
    trailing_object,
)
from console.parse.logline import log_line
from console.parse.loosejson import lenient_object
from console.parse.measures import HTTP_STATUS, REQUEST_DURATIONS, STEP_MS
from console.parse.rubylog import is_sshkit
from console.parse.textformats import (
    JUL_LOCALIZED,
    NEXT_MARKS,
    OWN_LINE_OPENS,
    PY_TRACEBACK,
    STAMP_WINDOW,
    TOKEN_LEVELS,
    UNCAUGHT,
    WHOLE_MS,
    WHOLE_US,
    Text,
    aer_report_line,
    aer_report_rest,
    braced_head,
    continues,
    csv_duration,
    csv_duration_column,
    dotnet_request,
    ends_ruby_frame,
    envoy,
    flask_module,
    go_trace_line,
    http_in_text,
    kamailio_head,
    level_in,
    on_day,
    on_local_clock,
    padded_level_first,
    panic_opens,
    parse_text,
    rails_client_error,
    rails_report_opens,
    report_line,
    report_opens,
    request_in,
    reread_whole_time,
    ruby_frame,
    ruby_uncaught,
    said_request,
    served_severity,
    slow_time,
    strip_ansi,
    trace_step,
    traces_internals,
    vllm_head,
    w3c_line,
    year_inside,
    zabbix_head,
)
from console.parse.timestamps import (
    DAY,
    following,
    infer_year,
    loose_cached,
    midnight,
    month_number,
    parse_iso,
    parse_iso_zoned,
    parse_time_value,
    seconds_east,
    whole_years,
    years_on,
)

# Block kinds.
_NONE: Final = 0
_HEADER: Final = 1
_ENTRY: Final = 2
_SUMMARY: Final = 3
_PLAIN: Final = 4
_TEXT: Final = 5  # a line of a known text format (its fields and samples in the block)
# What of a line's time is a guess (before the log gave a full date): its day, or its year.
_TOD: Final = 1
_YEAR: Final = 2
# Lines held back while their day or year is a guess: the full date comes within a few lines
# when it comes at all; a followed log's lines wait no longer than this.
_GUESSES_HELD: Final = 1_000
# What the open slow query log entry has had: its "# Time:", its "# User@Host:", its statement.
_SLOW_TIME: Final = 1
_SLOW_USER: Final = 2
_SLOW_QUERY: Final = 4
_SLOW_LOCAL: Final = 8  # its # Time: is yymmdd's: the server's clock, no zone said

# pip's IndentingFormatter: each record indented to the step it is under, an error's and a
# warning's prefixed with its level (get_message_start). Under a plain line (no time), such an
# indented line is an entry of its own, the lines indented under it its detail.
_PIP_LEVELS: Final = ("ERROR: ", "WARNING: ")

_LONG_ENTRY: Final = re.compile(
    r"\[(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d| UTC)?)\]"
)
# Nette Tracy's "[Y-m-d H-i-s] " (its Logger: the time with dashes, PHP's date() format).
_TRACY_ENTRY: Final = re.compile(r"\[(\d{4}-\d\d-\d\d) (\d\d)-(\d\d)-(\d\d)\] ")
_FRACTION_ENTRY: Final = re.compile(r"\[(\d\d):(\d\d):(\d\d)[.,](\d{1,6})\]")
# A time of day on a 12-hour clock, tsc --watch's "[8:28:55 PM] " (toLocaleTimeString() in an
# en-US locale): a tool's line, never the agent's.
_CLOCK12_ENTRY: Final = re.compile(r"\[(\d\d?):([0-5]\d):([0-5]\d) ([AP])M\]")
# A time of day in an indented line's head: the cheap test before it is read as an entry
# under a text entry (_dated_under_text); a report's or a body's "key: value" line (Bacula's
# "  End time:   02-May-2024 08:10:05", '  "time": "2021-04-02T10:00:06Z",') is none.
_CLOCK_IN_HEAD: Final = re.compile(r"\d\d:\d\d:\d\d")
_REPORT_KEY: Final = re.compile(r'"?[A-Za-z][\w .-]{0,40}"?:\s')
# The indented lines of one entry read for a time before they are taken as its text alone.
_DATED_TRIES: Final = 3
_LEVEL_OR_STATUS: Final = re.compile(
    r"\b(?:[1-5]\d\d|(?i:info|warn|warning|error|err|debug|trace|fatal|critical|notice))\b"
)
# An error's announced list (_listed): its numbered items ("Error 1:", "Error 2 of 3:"), and
# its length at most.
_NUMBERED_ITEM: Final = re.compile(r"(?:Error|Warning|Exception) \d+(?: of \d+)?:")
_LIST_LINES: Final = 400
# `docker compose logs`' "web-1  | ", `docker service logs`' "app_web.1.st6wetv6ivi3@node1
# | ", `kubectl logs --prefix`'s "[pod/web-0/app] "; the Java Service Wrapper's console
# format ("PM": "jvm 1    | <the JVM's line>", "wrapper  | <its own>").
_COMPOSE: Final = re.compile(r"(jvm \d{1,3}|[A-Za-z0-9][\w.@-]*) *\| ")
# PHP's own error log line (main.c: "PHP %s:  %s in %s on line %d", the type "Fatal error",
# "Warning", "Parse error", ...), bare or as php-fpm passes a worker's stderr on ("NOTICE: PHP
# message: "): another writer's entry beside Monolog's when both go to stderr, no message's.
# SQLAlchemy's DBAPIError names the driver's exception it wraps before its message:
# "(psycopg2.OperationalError) " (sqlalchemy.exc.StatementError._message).
_WRAPPED_BY: Final = re.compile(r"\((?:\w+\.)+\w+\) $")
_PHP_OWN: Final = re.compile(r"(?:NOTICE: PHP message: )?PHP [A-Z][a-z]+(?: [a-z]+){0,2}:  ")
# journalctl's banner over its output (systemd before 246: "-- Logs begin at ..., end at
# ... --"; after: "-- Journal begins at ..., ends at ... --"): the last entry's date, which
# the year-less dates under it are placed before.
_JOURNAL_BANNER: Final = re.compile(
    r"-- (?:Logs begin|Journal begins) at .{10,40}?, ends? at (?:[A-Z][a-z]{2} )?"
    r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"
)
# A year-less date is placed in the twelve months up to a reference (two days' margin past
# it, infer_year): lines known to follow a start are placed against a reference a little
# less than a year after it, so that a line of the start's own day (or the day before it, in
# another zone) falls on or after the start.
_A_YEAR_ON: Final = 360 * 86400.0
# The banner with its start only (journalctl -f, and -b on systemd before 246: "-- Logs
# begin at Fri 2020-05-01 09:54:22 IST. --"): the lines after it are within the year after.
_JOURNAL_BEGINS: Final = re.compile(
    r"-- (?:Logs begin|Journal begins) at (?:[A-Z][a-z]{2} )?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"
    r"[^,]*\. --$"
)


# The key of a wrapper object whose list holds an export's records, as it opens that list
# (``"events": [`` from ``aws logs filter-log-events``, ``"items": [`` from kubectl's -o json).
_BATCH_KEY: Final = re.compile(
    r'\s*"(?:events|logEvents|entries|logs|records|Records|items|value)"\s*:\s*\['
)


# A wrapper's own key before its records' list, its value a scalar (``"apiVersion": "v1",``)
_SIMPLE_PAIR: Final = re.compile(r'\s*"[^"]*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|[-\w.]+)\s*,?\s*$')


def _opens_records(line: str, at: int) -> bool:
    """Does ``line`` from ``at`` (just inside a list) hold nothing, or open its first record?"""
    rest = line[at:].lstrip(" \t\r")
    return not rest or rest[0] == "{"


# A cut export's batch: its records' list opens at the start, or under a batch key in an
# object opening it ({"entries": [ ...: gcloud's entries.list, the AWS CLI's "events").
_BATCH_OPENS: Final = re.compile(r'\[|\{\s*"(?:entries|events|logs|records|Records)"\s*:\s*\[')
_raw_decode: Final = json.JSONDecoder().raw_decode


def _objects(text: str, at: int, between: str) -> tuple[list[tuple[dict[str, Any], str]], int]:
    """The JSON objects written one after another from ``at``, only ``between``'s characters
    between them: each object and its text, and where the run stopped (the first text that
    is no whole object, or the end)."""
    found: list[tuple[dict[str, Any], str]] = []
    end = len(text)
    while True:
        while at < end and text[at] in between:
            at += 1
        if at >= end or text[at] != "{":
            return found, at
        try:
            obj, stop = _raw_decode(text, at)
        except (ValueError, RecursionError):
            return found, at
        found.append((obj, text[at:stop]))
        at = stop


def _cut_batch(text: str) -> tuple[list[dict[str, Any]], str, str] | None:
    """A pretty-printed export cut short (the first lines of a long one: ``[`` then its
    records, the last unclosed): the records it holds whole, their text, and the text after
    them (the cut record's lines); None when ``text`` is no such list or holds no whole
    record."""
    m = _BATCH_OPENS.match(text)
    if m is None:
        return None
    found, at = _objects(text, m.end(), " \t\r\n,")
    if not found:
        return None
    records = [record for record, _text in found]
    rest = text[at:].strip(" \t\r\n,]}")
    return records, orjson.dumps(records).decode(), rest


def _glued(text: str) -> list[tuple[dict[str, Any], str]] | None:
    """Objects written one after another with no newline between (``}{``: a writer that
    dropped its newlines, or a process that died mid-line and the next one's first record
    after it): each object and its text, or None unless the whole text is two or more."""
    if text[:1] != "{":
        return None
    found, at = _objects(text, 0, " \t\r\n")
    return found if at >= len(text) and len(found) > 1 else None


# The first line of Node's report of an uncaught exception: the place it was thrown, a
# script's absolute path (POSIX, Windows, a file URL) or a built-in module's (Node 16 on:
# "node:internal/modules/cjs/loader:1080"; before: "internal/modules/cjs/loader.js:883",
# "events.js:292"), and the line. The line of code and an underline follow it.
_NODE_CRASH_HEAD: Final = re.compile(
    r"(?:node:[\w/-]+|internal/[\w/-]+\.js|[a-z_][\w-]*\.js"
    r"|(?:file://(?:/[A-Za-z]:)?|[A-Za-z]:(?=\\))?[/\\][^\s:]*\.(?:[cm]?[jt]s|[jt]sx))"
    r":\d+$"
)
_NODE_CRASH_TAIL: Final = re.compile(r"(?<!\S)" + _NODE_CRASH_HEAD.pattern)
# The words a relay writes before a child's stderr line ("error: api stderr: node:events:496")
_STDERR_SAID: Final = ("stderr:", "stderr", "err:")
_NODE_CRASH_LINES: Final = 400  # the whole report's, its frames and properties too
_NODE_EXCEPTION_LINES: Final = 60  # its lines before its first frame (the code's too), at most
# Other programs' lines after a report with no frames (Node 15's unhandled rejection, a
# thrown string): npm's failure, a script's banner, nodemon's
_NODE_AFTER: Final = ("npm ERR!", "npm error", "npm WARN", "> ", "[nodemon]", "error Command")
# The exception's first line (SyntaxError's under an empty underline, "Error [ERR_...]: ")
_JS_EXCEPTION: Final = re.compile(r"(?:[A-Z]\w*)?(?:Error|Exception)(?: \[[A-Z0-9_]+\])?: ")

# Where Node's report stands (the parser's _node_crash): none; its place read, its code line
# to come; then the underline; the exception; its frames and properties; closed ("Node.js
# v20.11.0", from v17). From the exception on the report is confirmed: the entry is an error.
_NO_CRASH, _CRASH_CODE, _CRASH_CARET, _CRASH_REPORT, _CRASH_FRAMES, _CRASH_CLOSED = range(6)


def _node_crash_next(state: int, line: str, taken: int) -> int:
    """Where Node's uncaught-exception report stands with ``line`` its next (``taken`` lines
    of it so far), _NO_CRASH if the line is none of it: the code line, whatever it says; the
    underline (carets, or none under a zero-width place: a blank line, then the exception;
    else there was no report); the exception over lines (its message, "Require stack:") up to
    its first ``    at`` frame or another program's line; then frames, the error's properties
    to their ``}``, blanks, "Emitted 'error' event ...", and "Node.js v20.11.0" closing it."""
    if line.startswith("Node.js v") and _CRASH_CODE < state < _CRASH_CLOSED:
        return _CRASH_CLOSED
    if state == _CRASH_CODE:
        return _CRASH_REPORT if _JS_EXCEPTION.match(line) else _CRASH_CARET
    if state == _CRASH_CARET:
        if _caret_line(line) or _JS_EXCEPTION.match(line):
            return _CRASH_REPORT
        return _CRASH_CARET if not line.strip() and taken < 3 else _NO_CRASH
    if state == _CRASH_CLOSED or taken >= _NODE_CRASH_LINES:
        return _NO_CRASH
    if line.startswith("    at "):
        return _CRASH_FRAMES
    if state == _CRASH_REPORT:
        if line.startswith(_NODE_AFTER) or taken >= _NODE_EXCEPTION_LINES:
            return _NO_CRASH
        # (the "}" closing an unhandled rejection's "[UnhandledPromiseRejection: ...] {"; a
        # thrown string's "(Use `node --trace-uncaught ...` to show where ...)")
        if line.rstrip() == "}" or line.startswith("(Use `node --trace-"):
            return _CRASH_FRAMES
        return _CRASH_REPORT
    # (an unhandled 'error' event's emitter after the frames: "Emitted 'error' event on
    # Server instance at:", its own frames under it)
    if not line.strip() or line[:1] in (" ", "\t", "}", "]") or line.startswith("Emitted '"):
        return _CRASH_FRAMES
    return _NO_CRASH


def _caret_line(line: str) -> bool:
    """Is ``line`` the underline under a line of code (``      ^``, ``^^^^``), as Node's
    report writes it, or its spaces alone (Node fills a buffer of 1020 bytes: under a
    minified line's far column the carets fall past it)?"""
    t = line.rstrip()
    return (t[-1:] == "^" and not t.lstrip(" \t^")) or (not t and len(line) >= 8)


# Python's words between a chained exception's tracebacks.
_PY_CHAINED: Final = ("During handling of the above exception", "The above exception was")


# Homebridge's logger (its Logger: the time in white, the plugin's name in cyan, then the
# message coloured by its level: debug gray, warn yellow, error red, success green, info
# plain); the level is the colour alone ("Error while retrieving ..." in gray is debug).
_HOMEBRIDGE: Final = re.compile(
    r"\x1b\[37m\[[^\]\x1b]{8,40}\] \x1b\[39m"
    r"(?:\x1b\[36m\[[^\]\x1b]{1,80}\]\x1b\[39m )?\x1b\[(\d\d)m"
)
_HOMEBRIDGE_LEVELS: Final = {"90": "DEBUG", "33": "WARNING", "31": "ERROR", "32": "INFO"}


def _homebridge_level(line: str) -> str:
    """The level a Homebridge line's colour says (_HOMEBRIDGE), or ""."""
    m = _HOMEBRIDGE.match(line)
    return _HOMEBRIDGE_LEVELS.get(m.group(1), "") if m is not None else ""


# ROBOCOPY's job times, its header's and its summary's (the locale's long date and time).
_ROBOCOPY_TIME: Final = re.compile(r" {1,4}(Started|Ended) : (\S.{10,60})$")


def _robocopy_mark(line: str) -> bool:
    """Is an indented line ROBOCOPY's header ("   ROBOCOPY     ::     Robust File Copy for
    Windows") or its job's "  Started : ..." or "   Ended : ..."? (Slices: every indented
    line asks.)"""
    return line[2:9] == "Started" or line[3:8] == "Ended" or line[3:8] == "ROBOC"


def _npm_said(line: str) -> str:
    """What an npm line says after its prefix ("npm ERR! ", "npm error ", "npm notice ")."""
    parts = line.split(" ", 2)
    return parts[2].lstrip(" ") if len(parts) > 2 else ""


# Seconds between a runtime-stamped Node report's first line and its last (a platform's
# export stamps each line as its collector read it, a second or two apart).
_STAMPED_CRASH_SPAN: Final = 5.0


def _node_crash_relayed(message: str) -> bool:
    """Does a text line's message end with Node's report's first line as a relay writes it:
    the whole message, or after the relay's words for a child's stderr ("error: Backend
    Server stderr: node:events:496")? A logger's caller suffix ("Slow query /app/db.js:42",
    log4js' %f:%l) is none."""
    m = _NODE_CRASH_TAIL.search(message, max(0, len(message) - 300))
    if m is None:
        return False
    before = message[: m.start()].rstrip()
    return not before or before.endswith(_STDERR_SAID)


def _js_error_props_open(detail: list[str]) -> bool:
    """Do the entry's lines end inside a Node error's own properties, as util.inspect prints
    an error that has some: its last frame ending ``{``, then ``  code: 'EADDRINUSE',`` and
    the like, their ``}`` at the margin still to come?"""
    for line in reversed(detail[-400:]):  # (an axios error prints its request whole)
        if line.startswith("    at "):
            return line.rstrip().endswith(" {")
        if line[:2] != "  ":
            return False
    return False


def _java_exception(line: str) -> bool:
    """Is ``line`` a Java exception's first line, its class's qualified name then its message
    (``org.example.StoreException: disk full``, ``Caused by: java.io.IOException: ...``)?"""
    if line[:10] == "Caused by:":
        line = line[11:]
    colon = line.find(":")
    head = line[:colon] if colon > 0 else line
    return "." in head and " " not in head and head.endswith(("Exception", "Error", "Throwable"))


# A program's own crash report opening at the margin, no message's rest: Go's runtime panic
# and fatal error, Python's traceback, Java's uncaught-exception header
_GO_CRASH: Final = ("panic: ", "fatal error: ")
_CRASH_OPENS: Final = (*_GO_CRASH, *UNCAUGHT)
# The Java Service Wrapper's time behind its source's prefix in its "PTM" format
_WRAPPER_TIME: Final = re.compile(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \| ")
# npm's debug log (npm-debug.log, npm 6 and before): each record's lines as "id level
# [prefix] line", the id and level repeated on every line of one record.
_NPM_LINE: Final = re.compile(r"\d{1,7} (silly|verbose|timing|http|info|notice|warn|error)(?: |$)")
# (a record's blank line, "723 error" and no more, only inside the log: javac's and groovyc's
# count "1 error" closing their report is none)
_NPM_LEVELS: Final = {
    "silly": "TRACE", "verbose": "DEBUG", "timing": "DEBUG", "http": "INFO", "info": "INFO",
    "notice": "NOTICE", "warn": "WARNING", "error": "ERROR",
}  # fmt: skip
# The Java Service Wrapper's (Tanuki's) wrapper.log, "LEVEL | source | yyyy/MM/dd HH:mm:ss |
# message" (its default LPTM layout; the source "wrapper" or "jvm 1"), and the same columns
# with the message straight after the time (zellij's "LEVEL |source | date time msg").
_WRAPPER: Final = re.compile(
    r"(STATUS|DEBUG|INFO|WARN|ERROR|FATAL|ADVICE|NOTICE) *\|([^|]{1,40})\| "
    r"(\d{4}[/-]\d\d[/-]\d\d \d\d:\d\d:\d\d(?:[.,]\d{1,6})?)(?: \| ?| |$)"
)
# dbt's file log: each invocation's banner ("============================== 23:18:11.453605 |
# e5976737-... =============================="), and its events' head, a time of day and
# the level in brackets (textformats._DBT_HEAD).
_DBT_BANNER: Final = re.compile(
    r"={20,} (?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d+ \| [0-9a-f-]{36} ={20,}$"
)
# CI runners' own lines (GitHub Actions', GitLab Runner's, make's)
_CI_OWN: Final = ("Error: Process completed with exit code", "ERROR: Job failed", "##[", "make: ")
_DBT_LINE: Final = re.compile(r"\d\d:\d\d:\d\d\.\d{6} \[")
_KUBECTL: Final = re.compile(r"\[((?:pod|deployment|job|statefulset|daemonset)/[^\]\s]+)\] ")
# A process runner's prefix (concurrently's "[api] ", "[0] " by default): each of its
# processes' lines behind its name in brackets. Taken as one when a JSON record follows it
# (pino's, under "npm run dev"), then for the name's other lines (an object printed over
# lines, a trace); a level's word in brackets is none.
_RUN_PREFIX: Final = re.compile(r"\[([A-Za-z0-9][\w.@:/-]{0,40})\] ")
# (an id's run of hex digits, a digit among them; a date's or a time's digits; an epoch)
_ID_LIKE: Final = re.compile(r"(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8}|\d{4}-\d\d|\d\d:\d\d|^\d{9,}$")
_EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
# A field's line, a lowercase key and a date its value ("start: 2018-05-01 00:00:00 +0800"),
# not a level's word (npm's and winston's "http", "silly", "verbose") nor a stream's
_NOT_FIELDS: Final = frozenset({"http", "silly", "verbose", "stdout", "stderr"})
_FIELD_DATE: Final = re.compile(r"([a-z][a-z_]{0,23}): \d{4}-\d\d-\d\d")


def _day_vote(first: int, second: int) -> int:
    """What a numeric date ``first/second/yyyy`` says of its stream's order: day first (1,
    its first number above 12), month first (-1, its second above 12), or nothing (0)."""
    return 1 if first > 12 else -1 if second > 12 else 0


# A line opening with a numeric date, "a/b/yyyy" (_day_first_look)
_NUMERIC_DATE_HEAD: Final = re.compile(r"^(\d\d)/(\d\d)/\d{4}[ T:]", re.M)
_decode: Final = json.JSONDecoder().decode
_fast_decode: Final = orjson.loads
# 19 digits in a row: an integer orjson might not read exactly (JSON's digits are ASCII; the
# explicit class is also a third faster for sre to search than \d, on every JSON line).
_LONG_NUMBER: Final = re.compile(r"[0-9]{19}")
# The keys of a record that only carries a file's line ("log") for a shipper (Fluent Bit's
# tail input, Fluentd): no key of the application's own beside it.
_SHIPPER_KEYS: Final = frozenset(
    {"log", "date", "time", "@timestamp", "timestamp", "stream", "tag", "file", "path"}
    # the OpenTelemetry Collector's filelog receiver (Sumo Logic's collector): the file's
    # name and path as attributes beside the line (semantic conventions' log.file.*)
    | {"log.file.name", "log.file.path", "log.file.name_resolved", "log.file.path_resolved"}
)
# pm2's JSON log (log_type "json"): each line the app wrote, under its process's name and
# id, "type" its stream ("out", "err").
_PM2_KEYS: Final = frozenset({"message", "timestamp", "type", "process_id", "app_name"})
# A frame of Gin's Recovery stack ("/app/handlers/items.go:42 (0x8ffaf7)"), and how many
# lines its report takes at most (a request's dump, the panic's value, the frames).
_GIN_FRAME: Final = re.compile(r"\S+\.(?:go|s):\d+ \(0x[0-9a-f]+\)$")
_RECOVERY_LINES: Final = 400
# The stand-in time of a record read before the log's first time: it says "none of its own".
_UNDATED: Final = -1.0e18
# Every ASCII digit as "0", every other ASCII character as a space: a piece of text holds a
# 19-digit run if its translation holds _NINETEEN, found by a substring search over the
# whole piece (a tenth of the regex's time over each line).
_AS_ZEROS: Final = str.maketrans({chr(i): "0" if chr(i).isdigit() else " " for i in range(128)})
_NINETEEN: Final = "0" * 19
# Header keys that may open a header block (the others only continue one).
_HEADER_STARTS: Final = frozenset({"agent_session_id", "task", "agent", "start", "attempt"})


# The levels an error entry has (the other end of the scale starts no traceback's owner).
_ERROR_LEVELS: Final = frozenset({"ERROR", "CRITICAL", "FATAL"})
# The levels a record carrying its traceback is logged at (logger.exception, exc_info=True)
_TRACED_LEVELS: Final = _ERROR_LEVELS | {"WARNING"}
# A Go program's records (logrus', go-kit's logfmt, zerolog's console; geth's log15): the
# lines after one that join it are a Go stack's only (textformats.go_trace_line).
_GO_RECORDS: Final = frozenset({"logfmt", "log15", "klog"})
# A log file's name in a line's first token ("app.log: ", "nova-api.log.1.2017-05-16_13:53:08
# "): ".log" closing a name, not opening a word nor a call (a Go frame's "runtime.logPanic(
# {0x26, ...", "pkg.(*T).log({0x1, ...").
_LOG_FILE: Final = re.compile(r"\.log(?![A-Za-z(])")
# The levels the kernel prints an AER report at (textformats.aer_report_line).
_AER_LEVELS: Final = frozenset({"WARNING", "ERROR"})


def _same_tag(line: str, message: str) -> bool:
    """Does an untimed line start with the open entry's own "Component: " tag (not a level
    word, which starts an entry of its own)?"""
    colon = line.find(": ", 0, 24)
    if colon < 2 or " " in line[:colon] or not message.startswith(line[: colon + 2]):
        return False
    return level_in(line[:colon]) == "UNKNOWN"


_HTTP_METHODS: Final = frozenset(anytime.HTTP_METHODS)
_METHOD_HEADS: Final = frozenset(m[0] for m in anytime.HTTP_METHODS) | frozenset(NEXT_MARKS)
# An indented line's second character where it may open an entry of its own under a text or
# agent entry: a request's method or a mark, a padded process number (_own_indented)
_OWN_SECOND: Final = _METHOD_HEADS | frozenset("0123456789")
# An error's kind named on a line of its own: a title's words, the last Error or Exception.
_ERROR_TITLE: Final = re.compile(r"(?:[A-Z][a-z]+ ){0,3}(?:Error|Exception)")
_TITLE_ENDS: Final = frozenset({"Error", "ption"})
# Terraform's diagnostic's summary row, its box's first (tfdiags' console output).
_TF_DIAGNOSTIC: Final = ("│ Error: ", "│ Warning: ")
# The formats an SSHKit line follows in Capistrano's log: its own, Ruby's Logger header's
_SSHKIT_OPENS: Final = frozenset({"sshkit", "ruby-logger"})


def _indented_request(line: str) -> bool:
    """Is an indented line a dev server's request line, indented as its other output is
    (Next.js' " GET /blog 404 in 86ms"), or one of its marked lines (" ⨯ unhandledRejection:
    ...", " ⚠ Fast Refresh ...", " ✓ Ready in 1215ms")? An entry of its own, not the line
    before's rest."""
    if line[2:3] == " " and line[1:2] in NEXT_MARKS and line[0] == " ":
        return True  # one space in, as Next.js writes them (a test runner's ✓ is deeper)
    text = line.lstrip(" \t")
    return (
        text[:8].split(" ", 1)[0] in _HTTP_METHODS
        and " /" in text[:10]
        and anytime.request_in_message(text) is not None
    )


# Jest's BufferedConsole heads: the console method a test's code called, its level.
_JEST_CONSOLE: Final = {
    "console.log": "INFO",
    "console.info": "INFO",
    "console.debug": "DEBUG",
    "console.trace": "DEBUG",
    "console.dir": "DEBUG",
    "console.table": "INFO",
    "console.group": "INFO",
    "console.warn": "WARNING",
    "console.error": "ERROR",
}
# A level word opening a line of no layout: the entry's exception may follow it.
_LEVEL_OPENERS: Final = frozenset(
    {"TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "SEVERE", "FATAL", "CRITICAL"}
)


def _compose_like(line: str, name: str, end: int) -> bool:
    """Is ``name | `` a container's prefix, not a "Status | OK" in prose? Compose names end
    in a number (``web-1``, ``app_web_1``) and are padded to one width; a bare name
    (``caddy | {...}``) counts before a JSON object or a date."""
    if name[-1].isdigit() or end - len(name) >= 4:
        return True
    nxt = line[end : end + 1]
    return nxt == "{" or (nxt.isdigit() and line[end + 4 : end + 5] in ("-", "/"))


def _rails_calls(detail: list[str], ts: float, source: str) -> tuple[list[str], list[ev.LogLine]]:
    """Under a Rails request line of its development log (no time, no level), the lines
    indented by two spaces are Rails' own log calls, not the line's continuation
    (ActionView's ``  Rendered orders/index.html.erb (12.1ms)``, ``  Parameters: {...}``,
    ActiveRecord's ``  Order Load (0.4ms)  SELECT ...``): each an entry of its own at the
    request's time, deeper lines continuing it. The lines before the first stay the
    request line's."""
    own: list[str] = []
    calls: list[ev.LogLine] = []
    message = ""
    more: list[str] = []
    for text in detail:
        query = text[:3] == "   " and _AR_QUERY.match(text, 3) is not None  # unnamed: 3 spaces
        if query or (text[:2] == "  " and text[2:3] not in (" ", "\t", "", "↳")):
            if message:
                calls.append(_rails_call(ts, source, message, more))
            message, more = text.lstrip(" ") if query else text[2:], []
        elif message:
            more.append(text)
        else:
            own.append(text)
    if message:
        calls.append(_rails_call(ts, source, message, more))
    return own, calls


# ActiveRecord's query line: ``User Load (0.4ms)  SELECT ...``, ``CACHE User Load (0.0ms)``,
# ``(0.1ms)  begin transaction`` (no name); Rails 5.2's ``  ↳ app/...:31`` (verbose query
# logs: the query's source) continues it.
_AR_QUERY: Final = re.compile(r"(?:\S[^()]{0,80}? )?\((\d+(?:\.\d+)?)ms\)  \S")


def _rails_call(ts: float, source: str, message: str, more: list[str]) -> ev.LogLine:
    said = Text(ts, "INFO", message, "rails")
    q = _AR_QUERY.match(message)
    if q is not None:
        said.samples = (("query_duration_ms", float(q.group(1)), ""),)
    else:
        said_request(said)  # a template's render time ("Rendered ... (1.0ms)")
    return log_line(ts, source, said.level, message, tuple(more), "rails", said.samples)


# npm's error report (npm 10.6 on "npm error", before it "npm ERR!"), its last line naming the
# debug log (npm 6 to 8: the path on the line after); npm's notices (npm 10's update notice)
# and verbose lines may come between.
_NPM_ERROR: Final = ("npm error", "npm ERR! ")
_NPM_HEADS: Final = ("npm erro", "npm ERR!", "npm noti", "npm verb", "npm timi", "npm http")
_NPM_LOG_AT: Final = "A complete log of this run can be found in"
# Node's child_process error message: "Command failed: <cmd>" (execa's "Command failed with
# exit code 1: <cmd>") at its line's end, the command's stderr after it.
_CMD_FAILED: Final = re.compile(r"\bCommand failed(?: with exit code \d+)?: \S[^\n]{0,300}$")
_CMD_OUTPUT_LINES: Final = 200  # the stderr lines a failed command's error may hold
# Ruby's SyntaxError message: each error's "file.rb:13: syntax error, ...", the code around
# it cut to "...", and a caret under the place ("...      ^").
_RUBY_SYNTAX_LINE: Final = re.compile(r"\S+\.rb:\d+: syntax error, |\.\.\.")


def _mybatis_goes_on(line: str, before: str) -> bool:
    """Does ``line`` go on MyBatis' exception message, the line ``before`` it its head (an
    exception named, "...PersistenceException: ") or its lines so far ("### ...")?"""
    if line[:4] == "### ":
        return before[:4] == "### " or before.rstrip().endswith("Exception:")
    return line[:2] == "; " and before[:4] == "### "


def _word_then_time(line: str) -> bool:
    """Does the line open with a word, then a date (``Started 2016-03-07T02:11:35.998Z GET
    / ::1``), its time inside its words, not at its head (Oracle's ``Mon Mar 04 02:10:09
    2024``, a day's name first, is a head)?"""
    sp = line.find(" ", 2, 24)
    return (
        sp > 0
        and line[:sp].isalpha()
        and line[sp + 1 : sp + 2].isdigit()
        and not month_number(line[:sp])[0]  # syslog's "Nov 13 09:23:38 ..."
    )


# go test -v's t.Log output under its test: "    <file>_test.go:<line>: <what was logged>".
_GO_TEST_LOG: Final = re.compile(r"    [\w.-]+_test\.go:\d+: ")


def _first_line_under(detail: list[str]) -> str | None:
    """The first line with words under a head whose message is under it, taken out of
    ``detail`` with the blank lines before it; None when there is none."""
    while detail and not detail[0].strip():
        del detail[0]
    return detail.pop(0) if detail else None


def _dated_line(text: str, ref: float) -> bool:
    """Does ``text`` read as a line with its own time (a date, a time of day) or a record?"""
    t = parse_text(text, ref) if text[:1] not in ("", " ") else None
    return t is not None and (t.ts >= 0 or t.tod >= 0 or t.record is not None)


def _no_message(message: str) -> bool:
    """Is an entry's message empty, or only its tags (Rails' ``[request-id] ``), or an
    Erlang report's head (``=ERROR REPORT==== 5-Apr-2017::18:48:48 ===``, lager's ``=CRASH
    REPORT====``), or php-fpm's slow
    log head (``[pool www] pid 44``: the script and its stack follow)? Then the lines after
    its head are its message."""
    s = message.strip()
    if s[-1:] == "-" and s[:1].isdigit():
        # a day-first date the layout's reading left in the message ("21-01-2018 10:49:21.225
        # [main] INFO  c.e.App - "): the head after it is what tells
        parts = s.split(" ", 2)
        if len(parts) == 3 and anytime.only_time(parts[0] + " " + parts[1]):
            s = parts[2].lstrip()
    pool = False
    while s[:1] == "[":
        e = s.find("]")
        if e < 0:
            return False
        pool = pool or s.startswith("[pool ")
        s = s[e + 1 :].lstrip()
    if pool and s[:4] == "pid " and s[4:].isdigit():
        return True
    if (
        not s
        or s in ("-", ":", "|")
        or (s[0] == "=" and s.endswith(" ===") and " REPORT==== " in s)
        # lager's crash.log, its time before the report's title: "2018-10-18 11:02:32
        # =ERROR REPORT===="
        or (s[0] == "=" and s.endswith(" REPORT===="))
    ):
        return True  # (nothing after its tags but the layout's separator: "[logger:line40] - ")
    if s[-1:] == "-" and s[:1].isupper():
        # logback's commonest pattern, "%d [%thread] %-5level %logger{36} - %msg", with a
        # message that starts with a newline (Spring Boot's "Error starting
        # ApplicationContext" after a blank line): its level and its logger alone
        words = s[:-1].split()
        if len(words) == 2 and words[0].lower() in TOKEN_LEVELS and words[0].isupper():
            return True
    if s[-1] in "-:|" and s[0] in "-:|":
        # a layout's head read into the message, nothing after its level: Python's cookbook
        # "%(asctime)s - %(name)s - %(levelname)s - %(message)s" with a message that starts
        # with a newline ("- app - ERROR - ", its text on the lines after)
        head, _, word = s.rstrip(" -:|").rpartition(" ")
        if word.isupper() and word.lower() in TOKEN_LEVELS:
            # the head's words before the level: a logger's name, a thread's (no sentence)
            return sum(1 for w in head.split() if w.strip("-:|[]")) <= 2
    # a line that is only its time (Oracle's alert log): the lines under it are the message
    return s[-1].isdigit() and s[0].isalnum() and anytime.only_time(s)


def _body_level(detail: list[str]) -> str:
    """The level of an entry whose head said none and whose message is the lines under it
    (an alert log's block): the first error level its lines state (``ORA-01157: ...``),
    else the first level they state, else UNKNOWN."""
    found = "UNKNOWN"
    for line in detail[:40]:
        level = level_in(line)
        if level in ev.ERROR_LEVELS:
            return level
        if found == "UNKNOWN":
            found = level
    return found


# A unified diff's hunk head, ``@@ -12,7 +12,8 @@`` (a count of 1 left out): the lines it
# holds on the old side (context and removed) and on the new (context and added).
_HUNK: Final = re.compile(r"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def _inspect_depth(message: str, detail: list[str]) -> int:
    """How many of Ruby's inspected objects (``#<Class ...>``) ``message`` and the lines
    under it have opened and not closed: a ``>`` closes one, a hash's ``=>`` and a ``->``
    none."""
    depth = 0
    for text in (message, *detail):
        if ">" in text or "#<" in text:
            closed = text.count(">") - text.count("=>") - text.count("->")
            depth += text.count("#<") - closed
    return depth


def _ruby_frames_began(detail: list[str]) -> bool:
    """Has Ruby's uncaught exception report under an entry reached its ``\tfrom`` frames?"""
    return any(d[:6] == "\tfrom " for d in detail)


def _at_margin(line: str, margin: str) -> bool:
    """Is an indented line at the file's margin (not indented further, as a traceback is)?"""
    n = len(margin)
    return line.startswith(margin) and line[n : n + 1] not in ("", " ", "\t")


# The most lines one JSON record spread over lines may take.
_JSON_LINES: Final = 10_000
# The most lines after the first a record hard-wrapped at a terminal's width is held for.
_CUT_LINES: Final = 200


def _opens_object(text: str) -> bool:
    """Does ``text`` open a JSON object it does not close (braces outside strings)?"""
    return _json_scan(text, whole=True)[0] > 0


def _json_scan(
    text: str,
    depth: int = 0,
    in_string: bool = False,
    escaped: bool = False,
    whole: bool = False,
    commas: list[int] | None = None,
) -> tuple[int, bool, bool]:
    """The open brackets' depth, whether a string is open and whether its next character is
    escaped after ``text``, read on from those after the text before it; it stops where the
    brackets close (``whole``: only where more close than opened, a negative depth).
    ``commas``: where the commas between the outer object's own pairs are, appended."""
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{" or ch == "[":
            depth += 1
        elif ch == "}" or ch == "]":
            depth -= 1
            if depth < 0 or (depth == 0 and not whole):
                return depth, False, False
        elif ch == "," and depth == 1 and commas is not None:
            commas.append(i)
    return depth, in_string, escaped


# A line of logfmt pairs and nothing else (a record's rest, wrapped onto it)
_PAIRS_ONLY: Final = re.compile(r'(?: *[\w.-]+=(?:"[^"]*"|[^\s"]*))+ *')


# Where a Python traceback under syslog headers stands (LogParser._joins_trace): none open,
# in its frames, its exception's line read, between a chained exception's tracebacks.
_NO_TRACE: Final = 0
_FRAMES: Final = 1
_RAISED: Final = 2
_CHAINING: Final = 3
_IN_SQL: Final = 4  # SQLAlchemy's "[SQL: SELECT ...", its statement's lines to the "]"
_TAGGED: Final = 5  # a Rails report's lines behind its request's tags (below)
_GO_STACK: Final = 6  # a Go goroutine's stack after a panic's line (net/http's recovered one)
# A Go stack's file line, behind its tab or with it lost to the wrapper ("/usr/local/go/src/
# net/http/server.go:1769 +0x139"); its function lines, "goroutine 21 [running]:" and
# "created by" are go_trace_line's.
_GO_FILE_LINE: Final = re.compile(r"\s*\S+\.(?:go|s):\d+(?: \+0x[0-9a-f]+)?")
# Ruby's Logger head whose message is only TaggedLogging's tags: Rails' exception report,
# its lines (the exception's, the template's excerpt, the trace) each behind the tags alone
# under a wrapper's header (Heroku's "app[web.1]: E, [...] ERROR -- : [21f83ab7-...]", then
# "app[web.1]: [21f83ab7-...] ActionView::Template::Error (PG::UndefinedTable: ...").
_TAGS_ONLY: Final = re.compile(
    r"[DIWEFA], \[[^\]]{10,40}\] +[A-Z]+ -- [^:]{0,40}: ((?:\[[^\]]+\] ?)+)"
)
_LIBPQ_LINE: Final = re.compile(r"LINE \d+: ")  # libpq's position report ("^" under it)
_PG_CARET_CLOSE: Final = frozenset({"^", "):", ")"})  # its caret; the exception's ")" after it
_CHAINED: Final = ("During handling of the above exception", "The above exception was the direct")
_TRACE_HEADS: Final = (PY_TRACEBACK, "Exception Group Traceback (")
# A Java frame ("\tat com.x.Y.z(Y.java:12)") or Node's ("    at f (/app/x.js:3:9)", "    at
# /app/x.js:3:9")
_FRAME_AT: Final = re.compile(r"\s+at (?:[\w$.<>/\[\]]+\(.*\)|.+ \(\S+:\d+:\d+\)|\S+:\d+:\d+)$")


# How many entries of no layout (a line each, with the blank lines under it) an error's
# message may go on over before a traceback after them is taken as another's (Celery's
# unregistered-task message: 8).
_ERROR_GOES_ON: Final = 24
# A labelled field of an error's message over lines, no level ("Error Message: ...")
_ERROR_FIELD: Final = re.compile(
    r"(?:Error|Exception) (?:[Mm]essage|[Cc]ode|[Tt]ype|[Dd]etails?): "
)


def _traced(detail: list[str], frames: bool) -> bool:
    """Do an entry's lines hold a traceback: Python's (an exception group's too, under its
    " + " and " | " margins); with ``frames``, Java's or Node's frames (under a line with a
    time: after a line of no layout they are a trace printed on its own)."""
    for d in detail:
        if d.lstrip(" +|").startswith(_TRACE_HEADS):
            return True
        if frames and d[:1] in " \t" and _FRAME_AT.match(d) is not None:
            return True
    return False


_EXCEPTION_GOES_ON: Final = (
    "(Background on ",
    "[SQL: ",
    "[parameters: ",
    "DETAIL: ",
    "HINT: ",
    "CONTEXT: ",
)


# The opening of Zabbix's dump after a crash's signal (zbx_log_fatal_info): its lines after
# it, each under its head, are the report's (_joins_report).
_ZABBIX_FATAL: Final = "====== Fatal information: ======"


def _cut_record(text: str) -> dict[str, Any] | None:
    """The whole pairs of a JSON record cut between its values, outside any string (its
    writer killed, a file copied or cut while being written: the object never closes): the
    record up to the last comma between two of its own keys, when that holds a time (a log
    record's, read as it would be whole).
    Nextcloud's ``{"reqId":"...","level":3,"time":"2020-10-26T13:24:40+00:00",...,"message":
    {"Exception":...`` cut inside its exception keeps its level and time."""
    commas: list[int] = []
    depth, in_string, _escaped = _json_scan(text, commas=commas)
    if depth <= 0 or in_string or not commas:
        return None  # closed (or more closed than opened): not cut, no record
    last = commas[-1]
    try:
        obj = orjson.loads(text[:last] + "}")
    except orjson.JSONDecodeError:
        return None
    if not isinstance(obj, dict) or len(obj) < 2 or anytime.record_time(obj) is None:
        return None
    return obj


# tqdm's progress bar, as each carriage return redraws it: "  3%|▎         | 1/37 [00:00<00:05,
# 6.57it/s]" (its percentage, bar, count and times; the count may carry a unit prefix)
_PROGRESS_BAR: Final = re.compile(
    r"\s*(?:[^\r|]{0,40}: )?\d{1,3}%\|[^|\r]*\|"  # its description, percentage and bar
    r" *[\d.]+[kMGT]?/[\d.?]+[kMGT]?(?: ?\w+)? *\[[^\]\r]*\]"  # its count, unit and times
)


def _terminal_shows(line: str) -> str:
    """A line redrawn by carriage returns as a terminal leaves it: the text after the last one
    (each return redrew the line: a progress bar's frames), with a progress bar that the
    program's next line was written after (tqdm ends no line while it runs: uWSGI's request
    line follows its last frame) taken off. Frames alone: the last. The text before the first
    return is no frame (tqdm opens each with one): a collector's prefix written before the
    program's output (syslog's header, compose's "web-1  | ", a CI runner's time) stays. Only
    returns: the line as it came (nothing was drawn)."""
    head, *frames = line.split("\r")
    shown = next((p for p in reversed(frames) if p.strip()), None)
    if shown is None:
        return line
    bar = _PROGRESS_BAR.match(shown)
    if bar is not None and shown[bar.end() :].strip():
        shown = shown[bar.end() :]
    return head + shown if head.strip() else shown


def _on_one_line(text: str) -> str:
    """A record printed over lines, on one line (as a record with no message key shows)."""
    return " ".join(part.strip() for part in text.split("\n"))


def _with_lines(e: ev.LogLine, lines: list[str], one_line: str | None) -> ev.LogLine:
    """A record read from several lines, its lines after the first as its detail (unless
    its message is all of them already, on one line; ``one_line`` None: the lines hold
    more than the record, so they are kept)."""
    if e.message == one_line:
        return e
    return log_line(e.ts, e.source, e.level, e.message, tuple(lines), e.fmt, e.samples, e.fields)


# The lines naming a command's streams, its output under each (LogParser._plain)
_OUTPUT_HEADS: Final = ("stdout:", "stderr:")


def _py_raised_goes_on(line: str, detail: list[str]) -> bool:
    """Is ``line`` (no layout) the exception's line of the Python traceback an entry's detail
    ends with, under its last frame (and that frame's carets), whatever its class is named
    ("werkzeug.exceptions.NotFound: 404 Not Found: The requested URL ...",
    "KeyboardInterrupt"): the traceback's, its message's words (a status) no entry? Or
    psycopg2's message going on under it ("psycopg2.errors.UndefinedTable: relation "x"
    does not exist", then libpq's "LINE 1: ..." and its caret), the chained exception after
    it the same trace's."""
    if _PY_RAISED.fullmatch(line) is not None and _after_py_frame(detail):
        return True
    if len(detail) < 3:
        return False
    if _LIBPQ_LINE.match(line) is not None:
        return _after_py_frame(detail[:-1])
    return line.strip()[:1] == "^" and detail[-1].startswith("LINE ")


def _marked(line: str) -> bool:
    """Does a line open with a mark, a symbol not ASCII (an emoji, its variation selector
    after it), then a space: a program's own line (minikube's "❌  Exiting due to ...")?"""
    c = line[:1]
    if not c or c.isascii() or c.isalnum():
        return False
    rest = line[1:3].lstrip("\ufe0f")
    return rest[:1] == " "


# Python's exception line (its class's last name a capital's: "KeyboardInterrupt",
# "werkzeug.exceptions.NotFound"; git's "fatal: ..." after a stack is no exception's), then
# its message if it has one
_PY_RAISED: Final = re.compile(r"(?:[A-Za-z_]\w{0,80}\.){0,8}[A-Z]\w{0,80}(?:: .*)?")


def _after_py_frame(detail: list[str]) -> bool:
    """Does an entry's detail end with a Python traceback's frame (``  File "x.py", line 3,
    in f``, its source line under it when the file was found, and from 3.11 the carets
    under that, ``^^^^^^^``)?"""
    for back in range(1, min(len(detail), 4) + 1):
        d = detail[-back]
        if d.startswith('  File "'):
            return True
        if not d.startswith("    "):
            return False
    return False


def _said_samples(
    message: str, level: str = "UNKNOWN", fmt: str = "plain", ts: float = 0.0
) -> tuple[tuple[str, float, str], ...]:
    """What a line's words say of a request (said_request): its status and time, if any."""
    said = Text(ts, level, message, fmt)
    said_request(said)
    return said.samples


def _says_status(t: Text) -> bool:
    """Does a text line state a request's status (its samples, or its words as read)?"""
    if any(s[0] == HTTP_STATUS for s in t.samples):
        return True
    return any(s[0] == HTTP_STATUS for s in _said_samples(t.message, t.level, t.fmt, t.ts))


def _is_rule(line: str) -> bool:
    c = line[0]
    return c in "=-_*#~" and len(line) >= 3 and not line.strip(c + " \t")


def _summary_heading(line: str) -> bool:
    """``PRIMARY ISSUE: ...``, ``LESSONS LEARNED (New from Attempt 2):``: capitals, >= 2 words."""
    i = line.find(":")
    if i < 3 or i > 80:
        return False
    head = line[:i]
    p = head.find("(")
    if p >= 0:
        head = head[:p]
    head = head.strip()
    if "[" in head:  # a time or a tag in brackets: a service's line (pino-pretty's levelFirst)
        return False
    if _LIBPQ_LINE.match(line) is not None:
        return False  # libpq's position report under a PostgreSQL error ("LINE 1: SELECT ...")
    return " " in head and head.upper() == head and any(ch.isalpha() for ch in head)


def _list_item(line: str) -> bool:
    """A column-0 item inside a summary section: ``1. ...``, ``- ...``."""
    c = line[0]
    if c in "-*•":
        return True
    if c.isdigit():
        j = line.find(".", 0, 4)
        return j > 0 and line[:j].isdigit()
    return False


def _level_token(rest: str) -> str | None:
    """A level in capitals as the second or third word after a bracketed date (Airflow's
    ``[date] {scheduler_job.py:123} INFO - msg``): a service's line, not an agent entry."""
    words = rest.split(" ", 3)[1:3]
    for w in words:
        if w.isupper() and w.lower() in TOKEN_LEVELS:
            return levels.word(w)
    return None


def _samples_only(facts: list[ev.Event], ts: float, source: str) -> bool:
    """Are an entry's facts all metric samples of its own time and source?"""
    for f in facts:
        if type(f) is not ev.MetricSample or f.ts != ts or f.source != source:
            return False
    return True


# pino-pretty's head after its time: a level word, the pid (and host), a colon.
_PINO_PRETTY_HEAD: Final = re.compile(r"[A-Z]{4,6} \(\d+(?: on [^)]*)?\): ")


# What ends a logcat -v long entry's message: the next header, a buffer's banner.
_LOGCAT_NEXT: Final = ("[ ", "--------- beginning of ")


# The words of the opening line of HotSpot's hs_err header (vmError.cpp).
_HS_ERR_OPENS: Final = " the Java Runtime Environment"


_DATA_ONLY: Final = frozenset({measures.TIME, measures.LEVEL, measures.MESSAGE})


def _kube_object(obj: dict[str, Any]) -> bool:
    """Is a JSON object a Kubernetes API object (its ``kind``, ``apiVersion`` and
    ``metadata``: a response's body, a Status), with no time of its own (an audit event's
    ``requestReceivedTimestamp``, a record's time): data printed, no log record?"""
    if "apiVersion" not in obj or "kind" not in obj or "metadata" not in obj:
        return False
    roles = measures.ROLES
    if any(roles.get(key, (0,))[0] == measures.TIME for key in obj):
        return False
    return anytime.record_time(obj) is None


def _only_data(obj: dict[str, Any]) -> bool:
    """Is a JSON object data alone: no key a record's time, level or message is under, nor a
    duration (an error's fields time nothing; morgan-json's request record, no time of its
    own, does: ``{"method": "GET", ..., "response-time": "12.300 ms"}``)?"""
    roles = measures.ROLES
    for key in obj:
        role = roles.get(key)
        if role is not None and (
            role[0] in _DATA_ONLY or (role[0] == measures.DURATION and role[3] != measures.TEXT)
        ):
            return False
    return True


class LogParser:
    """Incremental parser of agent runtime logs, JSON lines and plain text (see module doc)."""

    # Slots: the hot path reads and writes these for every block.
    __slots__ = (
        "_agent_seen",
        "_bare_level",
        "_batch",
        "_batch_held",
        "_batch_lead",
        "_batch_off",
        "_batch_tail",
        "_body_follows",
        "_csv_duration",
        "_cut_json",
        "_cut_state",
        "_dated",
        "_dated_tries",
        "_day0",
        "_day_looked",
        "_day_votes",
        "_dbt_file",
        "_detail",
        "_error_run",
        "_fields",
        "_fmt",
        "_full_seen",
        "_guess_at",
        "_guess_tod",
        "_guess_ts",
        "_guessed_at",
        "_header",
        "_held",
        "_hunk",
        "_in_diff",
        "_jest_indent",
        "_kind",
        "_last_tod",
        "_last_ts",
        "_level",
        "_levels",
        "_long_numbers",
        "_margin",
        "_message",
        "_modsec",
        "_multiline",
        "_node_crash",
        "_node_prefix",
        "_node_seen",
        "_now",
        "_odl_open",
        "_open_json",
        "_panic_dump",
        "_pending_plain",
        "_plain_margin",
        "_prefix_names",
        "_rails_failed",
        "_rails_open",
        "_rails_report",
        "_report_at",
        "_robocopy",
        "_ruby_report",
        "_ruby_uncaught",
        "_run_names",
        "_samples",
        "_sgr_level",
        "_slow",
        "_slow_zone",
        "_summary_ts",
        "_syslog_trace",
        "_thread_level",
        "_tod_cache",
        "_ts",
        "_tz",
        "_undated",
        "_varnish",
        "_vllm_head",
        "_w3c",
        "_w3c_offset",
        "_whole_big",
        "_whole_small",
        "_whole_zero_size",
        "_year_ref",
        "facts",
        "lines_read",
        "lines_uninterpreted",
        "source",
    )  # fmt: skip

    def __init__(
        self,
        *,
        source: str = "log",
        now: Callable[[], float] | None = None,
        year_ref: float | None = None,
    ) -> None:
        """``year_ref``: the time a year-less date (syslog, glog) is placed before, until the
        log gives a full date (an import passes the file's modification time; default now)."""
        self.source = source
        self._now = now or time.time
        self._year_ref = year_ref
        self.lines_read = 0
        self.lines_uninterpreted = 0
        self.facts = AgentFacts(source)
        # The open block.
        self._kind = _NONE
        self._jest_indent = 4
        self._ts = 0.0
        self._dated_tries = 0  # the open entry's indented lines read for a time (_DATED_TRIES)
        self._level = ""
        self._message = ""
        self._detail: list[str] = []
        self._fmt = "agent"
        self._vllm_head = ""  # the head of the open entry when it is vLLM's (see _text)
        self._fields: dict[str, Any] | None = None
        self._samples: tuple[tuple[str, float, str], ...] = ()
        self._multiline = False
        # Lines before the log's first time (a banner, a config dump): held back until a
        # time comes, then given it, instead of the clock's (an import would stretch the
        # log's span to the day it was read).
        self._held: list[ev.LogLine] = []
        self._undated = False
        # A time of day alone or a year-less date before the log's first full date: its day
        # or year is a guess until a full date comes; those lines are held back too, from
        # _held[_guess_at] on, and then moved to that date's day or year (docs section 4).
        self._guess_at = -1
        self._guess_tod = False
        self._guess_ts: float | None = None  # the last guessed time, the others' reference
        # Until a text line gives a full date (or a record any time), each year-less date is
        # placed against the file's last change, as lnav does: the last time is a guess.
        self._full_seen = False
        self._guessed_at = -1.0  # the time the last year-less line was placed at
        self._w3c: list[str] | None = None  # the last #Fields: directive's names
        # varnishlog's open transaction: its head, then its records, up to its End
        self._varnish: list[str] | None = None
        # ModSecurity's native audit log's open transaction: its lines from part A's boundary
        self._modsec: list[str] | None = None
        # The open MySQL slow log entry's lines so far (_SLOW_* flags), when one is open
        self._slow = 0
        # What a SET timestamp (UTC) needs added to be on the clock of the log's zone-less
        # "# Time:" lines (5.5/5.6, MariaDB: the server's local time), learnt from a query
        # that has both: the query before's time and this one's then agree.
        self._slow_zone = 0.0
        self._w3c_offset = 0  # a #GMT-Offset: directive's, in seconds east of UTC
        # A CSV header row's duration column (index, sample name, unit): its records' time
        self._csv_duration: tuple[int, str, float] | None = None
        # Names seen once before " | " at a line's start: seen again, a container's prefix
        # (compose's container_name need not end in a number nor be padded).
        self._prefix_names: set[str] = set()
        self._run_names: set[str] = set()  # a process runner's (_RUN_PREFIX), apart from those
        self._header: dict[str, str] = {}
        self._tz = 0  # the header's zone (seconds east of UTC): times of day are in it
        # Time: the date entries' times of day resolve against, and the latest time seen.
        self._day0: float | None = None
        self._last_tod = -1.0
        self._last_ts: float | None = None
        # The time the last run's dated summary gave (``Finished at: <date>``): while the
        # log's last time is it, no line of a layout has given one.
        self._summary_ts: float | None = None
        # The message a Rails exception report's first part with words gave its entry (the
        # entry opened by the report's blank part): the report's later parts join it.
        self._ruby_report = ""
        # The open Rails request line (development's log) is its failure's ``Completed
        # 500 ...`` and holds its exception report: 1 while the exception's message goes on
        # (to its line ending "):"), 2 in the trace's frames after it.
        self._rails_report = 0
        # Behind a syslog header (Heroku's app[web.1]), per process, the times of the
        # "Completed 4xx/5xx" lines whose exception report has not come, and whether each
        # was a 5xx (_relayed_rails)
        self._rails_failed: dict[tuple[Any, Any], list[tuple[float, bool]]] = {}
        # The open plain entry is Ruby's report of an exception nothing rescued, its
        # message's lines going on at the margin until its "\tfrom" frames.
        self._ruby_uncaught = False
        # The open entry is Node's report of an uncaught exception (_NODE_CRASH_HEAD), or
        # may be: where it stands (_node_crash_next), and the prefix its lines have
        self._node_crash = _NO_CRASH
        self._node_prefix = ""
        self._node_seen = 0  # the entry's lines the report's reading has walked
        self._robocopy = False  # ROBOCOPY's job header seen: its Started/Ended lines dated
        self._sgr_level = ""  # the level the line's colour said (_homebridge_level), if any
        # The open plain entry is the n-th line of no layout after an error's (_complete)
        self._error_run = 0
        self._tod_cache: dict[str, float] = {}
        self._levels: dict[str, str] = {}
        self._agent_seen = False
        # The open entry's level word stood bare after its time of day (pino-pretty's
        # "[09:00:01.250] INFO ...", log4j's "[%d{HH:mm:ss,SSS}] %-5p ..."): a service's line.
        self._bare_level = False
        # The indentation of a file whose lines are all indented (a pasted or nested log):
        # a line at it starts an entry, as an unindented line does elsewhere.
        self._margin = ""
        # The margin is an indented plain line's (no layout read it): a line of no layout at
        # it still continues that line, as before there was a margin.
        self._plain_margin = False
        # May a line hold a 19-digit run? (feed_text answers for all of its lines at once)
        self._long_numbers = True
        # The open plain block is the start of a JSON object spread over lines (pretty-
        # printed: GitLab's, MongoDB's, a `jq .` of a log): read as one record when whole.
        self._open_json = False
        # The open plain line opens a JSON record cut inside a string (hard-wrapped at a
        # terminal's width): the lines after it, held here, are its rest, joined as they
        # are, up to the one closing it (then one record), else read as they would be.
        self._cut_json: list[str] | None = None
        # A JSON batch printed over lines (an export: ``[`` then pretty-printed records, or
        # ``{"events": [``): its records read as each closes (jsonbatch). The lines it has
        # read while no record has closed yet (read as text again if it proves no batch),
        # the lines before its first record (that record's detail), and after its array
        # closed inside a wrapper object, the wrapper's depth still open and its lines.
        self._batch: jsonbatch.Batch | None = None
        self._batch_held: list[str] = []
        self._batch_lead: list[str] = []
        self._batch_tail: tuple[int, list[str]] | None = None
        self._batch_off = False  # lines read again as text once they proved no batch
        self._cut_state = (0, False, False)
        # An error entry's next line when it fits no format: the entry's (its detail's first)
        # if a traceback follows it, else an entry of its own (split off when completed).
        self._pending_plain = False
        # dbt's file log: its invocation's banner seen (_DBT_BANNER), each line of no dbt head
        # the open event's
        self._dbt_file = False
        # A numeric date's order each stream showed (_day_order): its votes, day first
        # positive, by the prefix of the lines (a container's name; "" for none)
        self._day_votes: dict[str, int] = {}
        self._day_looked = False  # the first text fed looked through for its votes
        # The open plain entry opens an OS's panic or a kernel report printed with no time
        # (panic_opens): the lines of no time after it are its dump.
        self._panic_dump = False
        # The open text entry (dmesg's, syslog's) opens a kernel report: its clock (uptime
        # or time), which the report's next lines are within; -1 when it opens none.
        self._report_at = -1.0
        self._syslog_trace = _NO_TRACE  # where the open syslog entry's traceback is (_joins_trace)
        self._body_follows = False
        self._rails_open = False  # a Rails request's lines, its Completed line not yet come
        self._in_diff = False  # a unified diff printed under the open entry
        # the open agent-shaped entry's level came from log4j2's "[%t/%level]" (Minecraft's
        # "[Server thread/ERROR]"): a service's line, whose exception follows it unindented
        self._thread_level = False
        # Its hunk's lines still to come, old side and new, and the open entry's detail
        # lines counted so far; empty before its first hunk's head.
        self._hunk: list[int] = []
        # The open text entry's time is its own line's (not a stand-in): set per text entry.
        self._dated = False
        # Access lines' lone whole-number times so far: 10-99 (Tomcat's ms, by their size)
        # and 100 or more (Apache's us): the more common says the stream's unit.
        self._whole_small = 0
        self._whole_big = 0
        self._whole_zero_size = False
        # An ODL record's body is open (its head closed with "[[", no line yet with "]]").
        self._odl_open = False

    # --- public -------------------------------------------------------------------------

    def feed(self, line: str) -> list[ev.Event]:
        """One physical line (trailing ``\\n`` / ``\\r\\n`` optional). Never raises."""
        self.lines_read += 1
        return self._line(line)

    def _line(self, line: str) -> list[ev.Event]:
        """``feed`` without the count (feed_text counts its lines at once)."""
        if line and line[-1] == "\n":
            line = line[:-1]
        if line and line[-1] == "\r":
            line = line[:-1]
        if "\r" in line and (line[0] == "\r" or _PROGRESS_BAR.search(line)):
            # a redraw (a raw return inside a message, a Windows path's "\r" printed as one,
            # is the message's)
            line = _terminal_shows(line)
        if self._sgr_level:
            self._sgr_level = ""
        if "\x1b" in line:  # a terminal's colours (pino-pretty's, compose's erase-line)
            if line[:6] == "\x1b[37m[":
                self._sgr_level = _homebridge_level(line)
            line = strip_ansi(line)
        if self._modsec is not None:
            return self._modsec_line(line)
        if self._cut_json is not None:
            return self._cut_line(line)
        if self._batch is not None or self._batch_tail is not None:
            return self._batch_line(line)
        if not line:
            if self._kind:
                self._detail.append(line)
                return []
            out: list[ev.Event] = []
            self._start(out, _PLAIN, self._clock(), "UNKNOWN", "", "plain")
            self._undated = self._last_ts is None
            return out
        if self._odl_open and self._odl_body(line):
            return []
        c = line[0]
        if self._fmt == "logcat-long" and self._kind == _TEXT and not line.startswith(_LOGCAT_NEXT):
            self._detail.append(line)  # logcat -v long: the message under its header, any shape
            return []
        if c == " " or c == "\t":
            if _robocopy_mark(line):
                if "Robust File Copy for Windows" in line:
                    self._robocopy = True
                elif self._robocopy and (job := _ROBOCOPY_TIME.match(line)) is not None:
                    out = []
                    if self._robocopy_time(job, out):
                        return out
            if self._open_json and self._kind == _PLAIN and _BATCH_KEY.match(line):
                out = []
                if self._wrapped_batch(line, out):
                    return out
            elif not self._kind and not self._batch_off and line.strip(" \t") == "{":
                # a record indented at no entry: a stretch cut out of an export's array
                return self._start_batch(0, line, line)
            if ("console." in line[:14] or self._fmt == "jest") and (
                jest := self._jest_console(line)
            ) is not None:
                return jest
            if (
                self._kind
                and not (self._margin and _at_margin(line, self._margin))
                and not (self._kind >= _PLAIN and padded_level_first(line))
                and not (self._kind == _PLAIN and not self._message and not any(self._detail))
                and not (line[1:2] in VERDICT_HEADS and verdict_seconds(line[1:]) is not None)
                and not (line[6:7] == ":" and zabbix_head(line))
                and not (line[2:3] == "(" and kamailio_head(line))
                and not ((self._kind == _PLAIN or self._fmt in _SSHKIT_OPENS) and is_sshkit(line))
            ):
                # (Blank lines alone open nothing an indented line would continue: Junos'
                # "show log messages" pasted indented under an empty first line.)
                if self._kind == _TEXT and self._dated_under_text(line):
                    # a dated line indented under a dated one (a hand-written access log
                    # whose lines open with a tab, a log pasted one space in): an entry of its
                    # own when it reads as one (_dated_indented's near)
                    out = []
                    self._dated_tries += 1
                    if self._dated_indented(line, out, near=True):
                        return out
                if self._kind == _PLAIN:
                    text = line.lstrip(" \t")
                    if text[:1].isdigit():
                        out = []
                        if self._dated_indented(line, out):
                            return out
                    elif text[:1] in "EW" and text.startswith(_PIP_LEVELS):
                        out = []
                        self._start_plain(line, out)  # pip's, indented: an entry of its own
                        return out
                    elif text[:1] in _METHOD_HEADS and _indented_request(line):
                        out = []
                        self._start_plain(text, out)
                        return out
                elif line[1:2] in _METHOD_HEADS and line[:1] == " " and self._own_request(line):
                    # Next.js' request line after a logger's timed line (Payload's pino-pretty
                    # "[13:32:27] WARN: ...", then " GET /admin 307 in 14260ms"): its own entry
                    out = []
                    self._start_plain(line.lstrip(" "), out)
                    return out
                if self._kind == _TEXT and " status=" in line and self._wrapped_pairs(line):
                    return []
                if line[:4] == "    " and "_test.go:" in line[4:80]:
                    logged = self._go_test_logged(line)
                    if logged is not None:
                        return self._line(logged)
                if self._pending_plain and _java_frame(line):
                    self._pending_plain = False  # (_java_frame: the line before was the error's)
                self._detail.append(line)
                if self._kind == _PLAIN:
                    self.lines_uninterpreted += 1
                return []
        elif c == "[":
            out = []
            if self._entry(line, out):
                self._odl_open = line[-2:] == "[[" and self._kind == _TEXT
                return out
            if line[1:2] == "{" or line.rstrip() == "[":
                return self._json_array(line)
        elif c == "{":
            out = []
            if self._json(line, out):
                return out
            m = _BATCH_KEY.match(line, 1)
            if m is not None and not self._batch_off and _opens_records(line, m.end()):
                return self._start_batch(2, line, line[m.end() :])
            out = self._plain(line)
            if self._kind == _PLAIN and self._message is line and _opens_object(line):
                self._open_json = True
                if line[1:2] == '"' and not self._detail:
                    state = _json_scan(line)
                    if state[1]:  # cut inside a string: no pretty-printer ends a line there
                        self._cut_json, self._cut_state = [], state
            return out
        elif self._open_json and self._kind == _PLAIN and (c == '"' or c == "}" or c == "]"):
            return self._json_line(line)
        else:
            kind = self._kind
            if (
                c == "."
                and kind == _TEXT
                and self._fmt == "condor"
                and line[:3] == condorlog.CLOSER
            ):
                self._detail.append(line)  # an HTCondor event's closing "...": its own
                return []
            if c == "#" or (kind == _TEXT and self._fmt == "mysql_slow"):
                out = []
                if self._slow_line(line, out):
                    return out
            if (
                c == "P"
                and kind == _TEXT
                and self._fmt == "nginx-error"
                and line[:13] == "PHP message: "
            ):
                # FastCGI's stderr, quoted by nginx over several lines: each PHP message
                # (with PHP's or Monolog's own time, in the app's zone) is the nginx entry's.
                self._detail.append(line)
                return []
            if c == "-" and line[1:2] == "-" and modsecaudit.part(line) == "A":
                out = []
                self._complete(out)  # a ModSecurity transaction's first part: gathered
                self._kind = _NONE
                self._modsec = [line]
                return out
            if _is_rule(line):
                if kind:
                    self._detail.append(line)
                    return []
                out = []
                self._start(out, _PLAIN, self._clock(), "UNKNOWN", line, "plain")
                self._undated = self._last_ts is None
                return out
            out = []
            if self._header_line(line, out):
                return out
            if self._agent_seen:
                if kind == _SUMMARY and _list_item(line):
                    self._detail.append(line)
                    return []
                if _summary_heading(line):
                    self._start(out, _SUMMARY, self._clock(), "SUMMARY", line, "agent")
                    return out
        return self._plain(line)

    def _opens_diff(self) -> bool:
        """Did the open entry's last line start a unified diff (``--- a/file``), so that a
        ``+++ b/file`` line now goes on with it? ingress-nginx's ``NGINX configuration diff``
        (klog: ``nginx.go:311] --- /tmp/a0936 2017-09-07 ...``), Puppet's and Ansible's file
        changes: the diff's lines are the entry's detail, not entries (a ``+ error_log ...``
        line is no error)."""
        last = self._detail[-1] if self._detail else self._message
        i = last.find("--- ")
        return i >= 0 and (i == 0 or last[i - 1] == " ")

    def _diff_goes_on(self, line: str) -> bool:
        """Is ``line`` (no indented or blank one: those are added without a call) the open
        diff's? A hunk's head first, after the ``+++`` line; then the hunk's lines, as many as
        its head counts on each side (the context lines and blank ones added since count on
        both), and after them the next hunk's head or ``\\ No newline at end of file``. What
        follows the last hunk is not the diff's: ``--- FAIL: TestX`` after a diff a test
        printed, bash's ``+++`` trace."""
        c = line[0]
        if c == "@":
            h = _HUNK.match(line)
            if h is None:
                return False
            self._hunk = [int(h.group(1) or 1), int(h.group(2) or 1), len(self._detail) + 1]
            return True
        hunk = self._hunk
        if not hunk:
            return False  # a "+++" line with no hunk after it: no diff's header
        between = len(self._detail) - hunk[2]
        old, new = hunk[0] - between, hunk[1] - between
        if c == "-" and old > 0:
            old -= 1
        elif c == "+" and new > 0:
            new -= 1
        elif c == " " and old > 0 and new > 0:
            old, new = old - 1, new - 1
        elif c != "\\":
            return False
        self._hunk = [old, new, len(self._detail) + 1]
        return True

    def _odl_body(self, line: str) -> bool:
        """Is ``line`` the open ODL record's (Oracle Diagnostic Logging, GlassFish's and
        Payara's server.log: ``[2024-...] [glassfish 5.0] [SEVERE] ... [[`` then the message
        to ``]]``)? Every line until the next record's head is, whatever it looks like (a
        certificate's ``To: Wed Aug 22 18:41:51 CEST 2018]``, its ``[7]: ObjectId``): a body
        may close its own brackets with ``]]`` (the certificate's extensions) before the
        record's; every line of such a log is in a record. The body's indented and blank
        lines feed_text appends without asking."""
        if line[:1] == "[" and line[1:5].isdigit() and line[5:6] == "-":
            self._odl_open = False
            return False
        self._detail.append(line)
        return True

    def feed_text(self, text: str) -> list[ev.Event]:
        """Whole lines at once (``\\n``-separated; a last line without one is complete too):
        the same events as ``feed`` line by line, faster. The indented and blank lines that
        continue an open block (most of an agent log) are appended here, without a call."""
        coloured = False
        if "\x1b" in text:
            # as feed does, line by line; Homebridge's lines keep theirs to the line's reading
            # (their colour is their level: _homebridge_level)
            coloured = "\x1b[37m[" in text
            if not coloured:
                text = strip_ansi(text)
        if not self._day_looked:
            self._day_looked = True
            self._day_first_look(strip_ansi(text) if coloured else text)
        lines = text.split("\n")
        if not lines[-1]:
            lines.pop()
        if "\r" in text or coloured:
            return [e for line in lines for e in self.feed(line)]
        out: list[ev.Event] = []
        got: list[ev.Event]
        feed, entry = self._line, self._entry
        self._long_numbers = "{" in text and _NINETEEN in text.translate(_AS_ZEROS)
        self.lines_read += len(lines)
        # The open block's kind, margin and detail, as locals: re-read after each line that
        # is not a continuation (only those calls change them).
        kind = self._kind
        margin = self._margin
        fmt = self._fmt
        pending = self._pending_plain
        add = self._detail.append
        try:
            for line in lines:
                if (
                    kind
                    and (not line or line[0] == " " or line[0] == "\t")
                    and not (margin and _at_margin(line, margin))
                    # log4j's " INFO [main] 2024-...": the level padded, an entry of its own
                    # (after a text or plain line only: an agent entry's lines pay one test)
                    and not (kind >= _PLAIN and "[" in line[6:8] and padded_level_first(line))
                    # SSHKit's level right-aligned ("  INFO [66941bf5] Running ..."): an
                    # entry, under a line of no layout or its own (Capistrano's log)
                    and not ((kind == _PLAIN or fmt in _SSHKIT_OPENS) and is_sshkit(line))
                    # a test's verdict one space in, with its time: an entry (ztest's)
                    and not (line[1:2] in VERDICT_HEADS and verdict_seconds(line[1:]) is not None)
                    # Zabbix's pid right-aligned ("  4312:20240127:151224.825 ..."): an entry
                    and not (line[6:7] == ":" and zabbix_head(line))
                    # ROBOCOPY's header and its job's Started/Ended lines (_robocopy_mark)
                    and not _robocopy_mark(line)
                    # Kamailio's process number padded (" 1(8) ERROR: ..."), Next.js'
                    # request line under a logger's head, Jest's console block: entries
                    # (_own_indented; one test for the others' lines)
                    and not (
                        (kind == _PLAIN or line[1:2] in _OWN_SECOND)
                        and self._own_indented(line, kind, fmt)
                    )
                    # under a plain line (one test for the others): blank lines alone open
                    # nothing an indented line continues (as in _line); a dated line, indented,
                    # may be an entry of its own: _line tells (HashiCorp's banner; under a
                    # text entry, a line with a time of day)
                    and (
                        (kind != _PLAIN and not (kind == _TEXT and self._dated_under_text(line)))
                        or (not line and self._cut_json is None)
                        or (
                            kind == _PLAIN
                            and (self._message or any(self._detail))
                            and self._cut_json is None
                            and not self._open_json
                            and not (head := line.lstrip(" \t")[:1]).isdigit()
                            and not (head in "EW" and line.lstrip(" \t").startswith(_PIP_LEVELS))
                            and not (head in _METHOD_HEADS and _indented_request(line))
                        )
                    )
                ):
                    if kind == _TEXT and " status=" in line and self._wrapped_pairs(line):
                        continue  # the rest of a request record wrapped onto its next line
                    if pending and _java_frame(line):
                        self._pending_plain = pending = False  # (as _line does)
                    add(line)
                    if kind == _PLAIN and line:
                        self.lines_uninterpreted += 1
                    continue
                if (
                    line[:1] == "["
                    and self._modsec is None
                    and self._cut_json is None
                    and not self._odl_open
                    and self._batch is None
                    and self._batch_tail is None
                ):
                    # An agent entry, most likely: to _entry directly, as feed would.
                    got = []
                    if entry(line, got):
                        # an ODL record's head closing with "[[": its body follows (_odl_body)
                        self._odl_open = line[-2:] == "[[" and self._kind == _TEXT
                        if got:
                            out.extend(got)
                        kind = self._kind
                        margin = self._margin
                        fmt = self._fmt
                        pending = self._pending_plain
                        add = self._detail.append
                        continue
                got = feed(line)
                if got:
                    out.extend(got)
                kind = self._kind
                margin = self._margin
                fmt = self._fmt
                pending = self._pending_plain
                add = self._detail.append
        finally:
            self._long_numbers = True
        return out

    def flush(self) -> list[ev.Event]:
        """Complete the open block (at end of input, or when the input has gone quiet)."""
        out: list[ev.Event] = []
        held = self._cut_json
        if held is not None:
            # a cut record's held lines, read as they were fed, before the rest (the lines
            # read again may open another). Through a local: once the attribute is tested,
            # mypy (and so the compiled build) takes it for a list until it is assigned
            # here, though _uncut clears it.
            while held is not None:
                out.extend(self._uncut(held))
                held = self._cut_json
            return out + self.flush()
        if self._batch is not None or self._batch_tail is not None:
            self._batch_end(out)
        if self._varnish is not None:
            self._varnish_done(out)
        if self._modsec is not None:
            self._modsec_done(out)
        self._complete(out)
        self._kind = _NONE
        if self._held:  # no time came: the clock's, as before
            self._release(out, self._clock(), False)
        if self.facts.outcome_pending:
            o = self.facts.take_outcome()
            if o is not None:
                out.append(o)
        return out

    # --- blocks -------------------------------------------------------------------------

    def _clock(self) -> float:
        ts = self._last_ts
        if ts is None:
            ts = self._guess_ts
        return self._now() if ts is None else ts

    def _start(
        self, out: list[ev.Event], kind: int, ts: float, level: str, message: str, fmt: str
    ) -> None:
        if self._kind:
            self._complete(out)
        self._kind = kind
        self._ts = ts
        self._level = level
        self._message = message
        self._detail = []
        self._dated_tries = 0
        self._fmt = fmt
        self._fields = None
        self._samples = ()
        self._multiline = False
        self._thread_level = False
        self._undated = False
        self._pending_plain = False
        self._panic_dump = False
        self._report_at = -1.0
        self._syslog_trace = _NO_TRACE
        self._body_follows = False
        self._rails_report = 0
        self._ruby_uncaught = False
        self._node_crash = _NO_CRASH

    def _release(
        self, out: list[ev.Event], ts: float, dated: bool = True, shift: float | None = None
    ) -> None:
        """The held lines, given ``ts``, before the events of the line that brought it.
        Lines whose day or year was guessed keep their times, moved to ``ts``'s day or year
        when it is a full date (``dated``), or by ``shift`` when a held line's own text said
        its year; those before them take the first one's."""
        at = self._guess_at
        if at >= 0:
            held = self._held
            first = held[at].ts
            moved = first
            if shift is not None:
                moved = first + shift
            elif dated:
                moved = (
                    on_day(first - midnight(first), ts)
                    if self._guess_tod
                    else infer_year(first, ts)
                )
            delta = moved - first
            # A year's guess corrected moves each line to its own date in the right year: by
            # seconds, a line of 30 January held with one of 1 March, guessed in a leap year
            # and placed in 2017 by the March line, was a day early.
            years = 0 if self._guess_tod else whole_years(delta)  # (a day's move: by seconds)

            def place(t: float) -> float:
                return years_on(t, years) if years else t + delta

            if years:
                moved = place(first)
            placed: list[ev.Event] = []
            last = moved
            for i, e in enumerate(held):
                # (a record held with no time of its own, a JSON line between klog's
                # year-less lines, takes the time of the line before it, as text does)
                if i >= at and e.ts != _UNDATED:
                    last = place(e.ts)
                placed.append(
                    log_line(
                        moved if i < at else last,
                        e.source,
                        e.level,
                        e.message,
                        e.detail,
                        e.fmt,
                        e.samples,
                        e.fields,
                    )
                )
            out[0:0] = placed
            self._held = []
            self._guess_at = -1
            if self._last_ts is None and self._guess_ts is not None:
                self._last_ts = place(self._guess_ts)  # no longer a guess: placed
            self._guess_ts = None
            return
        out[0:0] = [
            log_line(ts, e.source, e.level, e.message, e.detail, e.fmt, e.samples, e.fields)
            for e in self._held
        ]
        self._held = []

    def _complete(self, out: list[ev.Event]) -> None:
        self._in_diff = False  # (a diff is its entry's: the next entry's lines are none of it)
        kind = self._kind
        if not kind:
            return
        run = self._error_run  # (the lines of no layout since an error's, this one of them)
        self._error_run = 0
        if self._open_json:
            self._open_json = False
            if kind == _PLAIN and (self._whole_json(out) or self._cut_json_record(out)):
                return
        detail = self._detail
        if kind == _HEADER:
            self._finish_header(out)
            return
        if kind == _TEXT and self._fmt == "cmtrace" and not self._dated:
            self._cmtrace_end(detail)
        elif kind == _TEXT and self._fmt == "jul-xml" and not self._dated:
            self._jul_end(detail)
        if self._held and not (self._undated and self._last_ts is None and kind in (_TEXT, _PLAIN)):
            self._release(out, self._clock(), False)  # nothing may overtake the held lines
        facts: list[ev.Event] = []
        samples: tuple[tuple[str, float, str], ...] = ()
        if kind == _ENTRY:
            if self._pending_plain:
                # log4j2's "[%t/ERROR]" line, the line after it no exception's (docs section
                # 7): that line an entry of its own, as after a text entry
                self._split_plain(out)
                return
            samples = self.facts.entry(self._ts, self._level, self._message, detail, facts)
            message = self._message
            # A service's own line in the agent's layout, "[date] [LEVEL] msg" (a full date,
            # no agent's clock, a severity's word: the agent's steps, [OBSERVATION] and the
            # like, and its [INFO] under its header's day, state its own checks)
            service = self._day0 is None and self._level in levels.NAMES
            record = None
            if not samples and _PINO_PRETTY_HEAD.match(message):
                # pino-pretty's "[09:00:01.250] INFO (42): msg", its fields after or under
                record = trailing_object(message) or (detail and indented_record(detail))
            elif not samples and service and message[-1:] == "}" and '{"' in message:
                # its request's fields in an object after its message (not a configuration
                # it prints)
                record = None if configuration_dump(message) else trailing_object(message)
            if record:
                samples = read_record(record, message, self._ts, dated=True)[4]
            if not samples and (self._bare_level or service):
                # a service's line under a time of day (Spark's driver through a log4j layout
                # "[%d{HH:mm:ss,SSS}] %-5p {%c{1}} %m"), or under a date (Django's "[date]
                # [INFO]- "GET /x HTTP/1.1" 302 0"; Maven's reactor behind Jenkins'
                # timestamper, "[...Z] [INFO] api ...... SUCCESS [ 17.201 s]"): what it
                # says, as any text line's
                said = Text(self._ts, self._level, message, "agent")
                said_request(said)
                samples = said.samples
            if facts and _samples_only(facts, self._ts, self.source):
                # A warning's utilisation and its bullets' samples: the line carries them
                # all, in the order stated (one row where there were three).
                stated = [
                    (f.name, f.value, f.scope) for f in facts if isinstance(f, ev.MetricSample)
                ]
                samples = tuple(stated) + samples
                facts = []
            elif samples and facts:
                # Facts besides the samples: all in the order stated, the samples a batch.
                facts.append(ev.MetricBatch(ts=self._ts, source=self.source, samples=samples))
                samples = ()
        elif kind == _SUMMARY:
            self.facts.summary(self._ts, self._message, detail)
        elif kind in (_TEXT, _PLAIN):
            if self._pending_plain:
                self._split_plain(out)
                return
            if self._ruby_uncaught and detail and not _ruby_frames_began(detail):
                self._unjoin(out)  # no frame came: those lines were no report's
                return
            if (
                self._fmt == "condor"
                and self._fields
                and condorlog.abnormal(self._fields["event"], detail)
            ):
                self._level = "ERROR"  # a job ended by a signal
            if self._fmt == "log4j-xml" and not self._message and detail:
                self._event_message(detail)
            elif self._fmt == "samba" and not self._message and detail:
                self._message = detail[0].strip()  # its message under its header
                del detail[0]
            elif self._fmt == "dated-block" and not self._message:
                first = _first_line_under(detail)
                if first is not None:
                    self._message = first
                    self._level = level_in(first)
                self._body_follows = False  # its first line's level, not its lines' (a job's)
            elif (
                self._fmt == "play"
                and not self._message
                # (past the blank lines Play puts before an error's report)
                and (under := _first_line_under(detail)) is not None
            ):
                self._message = under
                # the request its error handler answered ("! @id - Internal server error,
                # for (POST) [/person] ->"), as the line says it alone
                _lv, named, told = request_in(self._ts, self._level, under, "play", self._fields)
                if told:
                    self._fields, self._samples = named, told
            if self._body_follows and detail and self._level == "UNKNOWN":
                self._level = _body_level(detail)
            if kind == _TEXT:
                self._error_run = 1 if self._level in _ERROR_LEVELS else 0
            elif (
                0 < run <= _ERROR_GOES_ON
                and self._level in _ERROR_LEVELS
                and _ERROR_FIELD.match(self._message) is not None
            ):
                # a field of the error's message going on ("Error Message: ..." under Home
                # Assistant's meross_cloud "Error occurred.", its "Component version:" and
                # "Device info:" before): the error's, no error of its own
                self._level = "UNKNOWN"
                self._error_run = run + 1
            elif run and self._level == "UNKNOWN":
                # an error's message going on over lines of no layout (Celery's "Received
                # unregistered task ..." and its advice): a traceback after them is that
                # error's (logger.exception's message, then its trace), counted with it; it
                # stays in the last line's entry, at no level of its own
                self._error_run = run + 1
            if (
                self._level == "UNKNOWN"
                and detail
                and not (kind == _PLAIN and 0 < run <= _ERROR_GOES_ON)
                and _traced(detail, kind == _TEXT)
            ):
                # a line of no level whose traceback follows: logger.exception's message
                # (Django's "Internal Server Error: /x" under its default format; RQ's "[Job
                # id]: exception raised while executing (...)" under one with no level; a
                # logback file appender's "%d %logger-%msg%n" with its exception's frames)
                self._level = "ERROR"
            if self._node_crash and self._level not in _ERROR_LEVELS:
                if not self._node_prefix:
                    self._node_caught_up()  # (its last lines taken as indented ones)
                if self._node_crash >= _CRASH_REPORT:
                    # Node's report (its place, its code and the underline, the exception)
                    self._level = "ERROR"
            if self._fmt == "dotnet" and detail and not self._samples:
                # its message is on the next line, or after the scopes' ("      => ...")
                first = (
                    detail[1]
                    if detail[0].lstrip(" ")[:3] == "=> " and len(detail) > 1
                    else detail[0]
                )
                self._samples = dotnet_request(first)
                self._level = served_severity(self._level, self._samples)
            elif not self._samples:
                # A JSON object closing the message; Monolog's LineFormatter's "%message%
                # %context% %extra%", the extra empty. Not a client's log of a call it made,
                # whose context's status is the answer it got (Symfony's HttpClient,
                # 'Response: "503 https://..." 0.120 seconds {"http_code":503} []').
                context = (
                    self._message
                    if self._message[-1:] == "}"
                    else self._message[:-3]
                    if self._fmt == "monolog" and self._message[-4:] == "} []"
                    else None
                )
                if context is not None and not anytime.client_call(self._message):
                    self._record_fields(trailing_object(context), configuration_dump(context))
                if detail and not self._samples and detail[0][:2] == "  ":
                    self._record_fields(indented_record(detail))
                if detail and not self._samples:
                    slow = anytime.cassandra_slow(self._message, detail[0])
                    if slow is None:
                        slow = anytime.slow_query_report(self._message, detail)
                    if slow is not None:
                        self._samples = (("query_ms", slow, ""),)
                    elif (traced := anytime.trace_end(self._message, detail)) is not None:
                        self._samples = (("request_duration_ms", traced, ""),)
                    else:
                        took = anytime.detail_duration(detail)  # a job report's "Elapsed time:"
                        if took is not None:
                            self._samples = (("duration_ms", took, ""),)
            if (
                self._fmt == "plain"
                and not self._samples
                and self._message[:2] == "  "
                and (q := _AR_QUERY.match(self._message.lstrip(" "))) is not None
            ):
                # ActiveRecord's query line opening the block, no request before it (a rake
                # task's in the development log: "  (192.0ms)  CREATE DATABASE ..."): its own
                self._message, self._fmt, self._level = self._message.lstrip(" "), "rails", "INFO"
                self._samples = (("query_duration_ms", float(q.group(1)), ""),)
            calls: list[ev.LogLine] = []
            # (under a plain line, one the application logged between a request's lines,
            # when ActiveRecord's query lines follow it)
            if (
                detail
                and detail[0][:2] == "  "
                and not self._rails_report
                and (
                    self._fmt == "rails"
                    or (self._fmt == "plain" and _AR_QUERY.match(detail[0].lstrip(" ")))
                )
            ):
                detail, calls = _rails_calls(detail, self._ts, self.source)
            line = log_line(
                self._ts,
                self.source,
                self._level,
                self._message,
                tuple(detail),
                self._fmt,
                self._samples,  # a plain line's too: a request said in words
                self._fields,
            )
            for entry in (line, *calls) if calls else (line,):
                if (
                    self._undated
                    and self._last_ts is None
                    and len(self._held) < (10_000 if self._guess_at < 0 else _GUESSES_HELD)
                ):
                    self._held.append(entry)
                elif self._guess_at >= 0:
                    self._held.append(entry)  # as many guesses as are held: placed as guessed
                    self._release(out, self._clock(), False)
                else:
                    out.append(entry)
            if (
                self._guess_at >= 0
                and self._guess_ts == self._ts
                and kind == _TEXT
                and not self._guess_tod
                and self._held
            ):
                # a year-less entry, the log's year still a guess: a full date written inside
                # it on its day gives the year (section 4)
                latest = self._now() if self._year_ref is None else self._year_ref
                placed = year_inside(self._message, detail, self._ts, latest)
                if placed != self._ts:
                    self._full_seen = True
                    self._release(out, placed, shift=placed - self._ts)
            self._kind = _NONE
            return
        out.append(
            log_line(
                self._ts, self.source, self._level, self._message, tuple(detail), self._fmt, samples
            )
        )
        if facts:
            out.extend(facts)
        self._kind = _NONE

    def _cmtrace_end(self, detail: list[str]) -> None:
        """A CMTrace record whose message went over lines: its time, level and fields from
        the attributes after the line ending it (the record's time is that line's)."""
        for i, line in enumerate(detail):
            parts = cmtrace.split(line)
            if parts is None:
                continue
            got = cmtrace.attributes(parts[1])
            if got is not None:
                ts, self._level, fields = got
                self._fields = fields or None
                detail[i] = parts[0]  # the message's last line
                self._dated_at(ts)
            return

    def _jul_end(self, detail: list[str]) -> None:
        """A java.util.logging XML record, whole: its time, level, fields and message from
        its elements (julxml)."""
        ts, level, fields, message = julxml.record(detail)
        self._level = level
        self._fields = fields or None
        if message:
            self._message = message
        if ts is not None:
            self._dated_at(ts)

    def _dated_at(self, ts: float) -> None:
        """The open entry, opened with no time of its own (a record whose time comes as it
        ends: CMTrace's, java.util.logging XML's), dated ``ts``: the stream's last time too."""
        self._ts = ts
        self._dated = True
        self._last_ts = ts
        self._undated = False

    def _event_message(self, detail: list[str]) -> None:
        """A log4j XML event's message, from its message element among its lines, and the
        request or duration it says (as any text layout's message, section 7)."""
        message = log4jxml.message(detail)
        if not message:
            return
        self._message = message
        said = request_in(self._ts, self._level, message, "log4j-xml", self._fields)
        level, fields, samples = said
        if samples:
            self._level, self._fields, self._samples = level, fields, samples

    def _record_fields(self, record: dict[str, Any] | None, settings: bool = False) -> None:
        """Fields written beside the open entry's message (under it, pino-pretty's
        ``    res: {...}``; after it, a JSON object closing the line): read as a JSON
        record's, for their status and duration (the entry's own level and time stay).
        ``settings``: the message says the object is a configuration: its fields kept, no
        sample read from them."""
        if record is None:
            return
        _ts, _level, _msg, kept, samples, _kind = read_record(
            record, self._message, self._ts, dated=True
        )
        if not settings:
            self._samples = samples
        if kept:
            self._fields = {**kept, **self._fields} if self._fields else kept
        if (
            not settings
            and self._level == "HTTP"
            and any(name == HTTP_STATUS and value >= 500 for name, value, _s in samples)
        ):
            # npm's http level, winston's access records at it whatever the answer: a 5xx
            # is the record's severity, the logger's word kept (as a JSON record's, jsonlines)
            self._fields = {**(self._fields or {}), "level": "http"}
            self._level = "ERROR"

    # --- the agent format ---------------------------------------------------------------

    def _entry(self, line: str, out: list[ev.Event]) -> bool:
        """``[HH:MM:SS] [LEVEL] message`` (or a full date, or fractions of a second)."""
        end = 9
        tod: float | None = None
        frac = 0.0
        absolute: float | None = None
        clock12 = False
        if len(line) >= 10 and line[9] == "]" and line[3] == ":" and line[6] == ":":
            hms = line[1:9]
            tod = self._tod_cache.get(hms)
            if tod is None:
                try:
                    tod = float(int(hms[0:2]) * 3600 + int(hms[3:5]) * 60 + int(hms[6:8]))
                except ValueError:
                    return False
                if tod >= DAY or tod < 0 or not hms[0:2].isdigit():
                    return False
                if len(self._tod_cache) > 100_000:
                    self._tod_cache.clear()
                self._tod_cache[hms] = tod
        else:
            m = _FRACTION_ENTRY.match(line)
            if m:
                h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3))
                if h > 23 or mi > 59 or s > 60:
                    return False
                tod = float(h * 3600 + mi * 60 + s)
                frac = float("0." + m.group(4))
                end = m.end() - 1
            elif (
                (line[2:3] == ":" or line[3:4] == ":")
                and self._day0 is None
                and not self._agent_seen
            ):
                m = _CLOCK12_ENTRY.match(line)
                h = int(m.group(1)) if m is not None else 0
                if m is None or not 0 < h < 13:
                    return False
                tod = float((h % 12 + (12 if m.group(4) == "P" else 0)) * 3600)
                tod += int(m.group(2)) * 60 + int(m.group(3))
                end = m.end() - 1
                clock12 = True
            else:
                m = _LONG_ENTRY.match(line)
                if m is None:
                    return line[14:15] == "-" and self._tracy(line, out)
                absolute = parse_iso(m.group(1))
                if absolute is None:
                    return False
                end = m.end() - 1
        level = "INFO"
        pino = False
        thread_level = glued = False
        k = end + 1
        if line.startswith(": ", k):
            k += 1  # "[ts]: Error: msg" (Sunshine's own lines): the colon a separator
        bracket = line.startswith(" [", k)
        if not bracket and line[k : k + 1] == "[" and absolute is None:
            # the level's bracket right after the time's (a logback pattern of its own:
            # "[%d{HH:mm:ss.SSS}][%-5level][%logger:line%L] - %msg"), read as if spaced
            bracket = True
            glued = True
            k -= 1
        if absolute is not None:  # a full date: a service's line, as often as an entry
            if line[k : k + 1] == "[":
                return False  # "[date][module][LEVEL]" (vaultwarden): a service's line
            # "[2024-05-16 09:23:38] local.ERROR: msg" (Monolog) or "[...] ERROR ..." (Kafka,
            # Flask): a service's line, not an agent entry without a level.
            if not bracket:
                if self._dated_text(line, k, absolute, out) or self._dated_said(
                    line, k, absolute, out
                ):
                    return True
                colon = line.find(":", k + 1, k + 12)
                word = line[k + 1 : colon] if colon > 0 else ""
                if word.isupper() and word.lower() in TOKEN_LEVELS:
                    # Python's "[%(asctime)s] %(levelname)s:%(name)s:..." (Huey's consumer):
                    # its level before the logger's name, a service's line
                    level = levels.word(word)
                    pino = True
            elif self._spdlog(line, k, absolute, out) or self._log4js(line, k, absolute, out):
                return True
        if bracket:
            j = line.find("]", k + 2, k + 40)
            if j > k + 2:
                lv = line[k + 2 : j]
                if lv[-1] == " ":
                    lv = lv.rstrip()  # padded ("%-5level": "INFO ")
                if absolute is not None and not lv.replace("_", "").isalpha():
                    # "[date] [pid] [thread] [file: line] [LEVEL ] msg" (a Python logging
                    # format of its own): a process id is no agent's level; a service's line
                    return False
                known = self._levels.get(lv)
                if known is None:
                    known = lv
                    # log4j2's "[%t/%level]" (Minecraft's "[Server thread/WARN]"): the
                    # level behind the thread's name.
                    tail = lv.rpartition("/")[2]
                    if tail != lv and tail.lower() in TOKEN_LEVELS:
                        known = levels.word(tail)
                    elif (len(lv) <= 4 or not lv.isupper()) and lv.lower() in levels.WORDS:
                        # "[WRN]", "[error]": the level it names (an agent's own words in
                        # capitals, SUCCESS and the like, stay as they are)
                        known = levels.word(lv)
                    if len(self._levels) < 1000:
                        self._levels[lv] = known  # one string object per level: cheap compares
                level = known
                # (a level behind the thread's name: "[deploy/api]", an agent's own word with a
                # slash, names no thread's level)
                thread_level = "/" in lv and lv.rpartition("/")[2].lower() in TOKEN_LEVELS
                k = j + 1
        elif absolute is None and line[k : k + 1] == " ":
            # pino-pretty's "[17:35:28.992] ERROR (42): msg" (or "INFO: msg" with no pid): a
            # level word, not bracketed: a service's line, not an agent entry.
            sp = line.find(" ", k + 1, k + 10)
            word = line[k + 1 : sp].rstrip(":") if sp > 0 else ""
            if word.isupper() and word.lower() in TOKEN_LEVELS:
                level = levels.word(word)
                pino = True
            elif word[:1].isupper() and line[sp - 1 : sp] == ":" and word.lower() in TOKEN_LEVELS:
                # no [LEVEL], the message opening with its own "Error: " or "Warning: " (a
                # build's output in Vercel's "[HH:MM:SS.mmm] " lines): that level
                level = levels.word(word)
            elif sp > 0 and word and not any(ch.isalnum() for ch in word):
                # a mark before the level word (an emoji: "[16:40:10] ⚠️ ERROR (-15): ", "❌
                # Error: ...", a console of a script's own): that word's level, the mark none
                said = line[sp + 1 : sp + 14].lstrip(" ").split(" ", 1)[0]
                bare = said.rstrip(":")
                if (
                    (bare.isupper() or (said[-1:] == ":" and bare[:1].isupper()))
                    and bare.lower() in TOKEN_LEVELS
                    and (len(bare) > 3 or said[-1:] == ":")  # ("📊 ERR rate": a metric's name)
                ):
                    level = levels.word(bare)
        if line[k : k + 1] == " ":
            k += 1
        # Complete the open block first: a header's Start Time sets the date this resolves on.
        if self._kind:
            self._complete(out)
        facts = self.facts
        if facts.outcome_pending:
            o = facts.take_outcome()
            if o is not None:
                out.append(o)
        if clock12:
            pino = True  # (tsc's "[8:28:55 PM] ", with a tag after it or not)
        elif not (pino or bracket) and tod is not None and self._day0 is None:
            # "[20:28:55] Starting compilation in watch mode..." (tsc --watch, a build's
            # console) with no tag after the time and no agent header before it: a tool's
            # line, its time of day placed as a service's is, not on the agent's day
            pino = not self._agent_seen
        if not pino:
            self._agent_seen = True
        if pino and tod is not None:
            # A time of day alone (translateTime 'HH:MM:ss.l'): on the day of the log's last
            # time, else of the file's modification (section 4), not the agent's header day.
            last = self._last_ts
            if last is None:
                last = self._now() if self._year_ref is None else self._year_ref
            ts = on_day(tod + frac, last)
        elif tod is not None:
            ts = self._resolve(tod) + frac
        elif absolute is not None:
            ts = absolute
        else:
            return False
        self._last_ts = ts
        if self._held:
            self._release(out, ts)
        self._kind = _ENTRY
        self._bare_level = pino
        thread_level = thread_level or glued  # a service's layout either way
        self._thread_level = thread_level
        # its exception's lines after it, as a text entry's; a service's line with its full
        # date and its level in brackets too (paperless-ngx's "[%(asctime)s] [%(levelname)s]
        # [%(name)s] %(message)s", its traceback under "ConsumeTaskPlugin failed: ...")
        self._multiline = thread_level or (absolute is not None and bracket)
        # its message on the lines under it ("[...report:line40] - ", a blank, the report)
        self._body_follows = thread_level and _no_message(line[k:])
        self._ts = ts
        self._level = level
        self._message = line[k:]
        self._detail = []
        self._fmt = "agent"
        return True

    def _spdlog(self, line: str, k: int, ts: float, out: list[ev.Event]) -> bool:
        """spdlog's default ``[2024-05-16 09:23:38.123] [logger] [level] msg`` (and any
        ``[date] [name] [level]``): a service's line, its level the second bracket's."""
        j = line.find("] [", k + 2, k + 80)
        if j < 0:
            return False
        e = line.find("]", j + 3, j + 16)
        name, word = line[k + 2 : j], line[j + 3 : e] if e > 0 else ""
        low = name.lower()
        odl = " " in name and "] [tid: " in line[e : e + 120]
        if odl:
            # Oracle's ODL (GlassFish 5's server.log): "[date] [glassfish 5.0] [SEVERE] [id]
            # [logger] [tid: ...]", its level JUL's, in the JVM's locale ("GRAVE")
            word = JUL_LOCALIZED.get(word.upper(), word)
        if (
            word.lower() not in TOKEN_LEVELS
            or low in TOKEN_LEVELS
            or (" " in name and not odl)
            or name.isdigit()  # gunicorn's "[date] [pid] [LEVEL]": its own reader's
        ):
            return False
        message = line[e + 2 :] if line[e + 1 : e + 2] == " " else line[e + 1 :]
        fields = {"component" if odl else "logger": name}
        self._text_block(out, ts, levels.word(word), message, "text", fields, (), True)
        return True

    def _exception_goes_on(self, line: str) -> bool:
        """Does the line go on the open text entry's exception message? psycopg2's exception
        line, libpq's message its text, then that message again (libpq's second try says it
        too: "OperationalError: FATAL:  password authentication failed ...", then "FATAL:
        password authentication failed ..."), SQLAlchemy's wrapping the driver's, its class
        in brackets ("OperationalError: (psycopg2.OperationalError) FATAL:  ..."); MyBatis'
        message over lines ("### Error updating database.  Cause: ...", then Spring's ";
        uncategorized SQLException; ..."); Ruby's SyntaxError, each error of the file on a
        line of its own ("app/x.rb:13: syntax error, unexpected ..."), in Rails' exception
        block and its backtrace; a failed command's stderr under Node's "Command failed:
        <cmd>" (any entry's, an agent's too); npm's error report's next line."""
        if self._kind < _ENTRY:
            return False
        detail = self._detail
        if (
            "Command failed" in self._message
            and len(detail) < _CMD_OUTPUT_LINES
            and "" not in detail
            and _CMD_FAILED.search(self._message) is not None
            and self._command_output(line)
        ):
            # Node's child_process error: "Command failed: <cmd>", then what the command
            # wrote on stderr (npm's own error lines and all), up to the blank line after or
            # a line with a time or a level of its own (the log's next entry)
            return True
        if self._kind != _TEXT and self._kind != _PLAIN:
            return False
        before = detail[-1] if detail else self._message
        if (
            self._multiline
            and detail
            and before.endswith(line)
            and (
                before.endswith(": " + line)
                or _WRAPPED_BY.search(before, 0, len(before) - len(line)) is not None
            )
        ):
            return True
        if _mybatis_goes_on(line, before):
            return True
        if (
            line[:7] == "ERROR: "
            and (not detail or self._message.rstrip().endswith("bad query:"))
            and self._level == "ERROR"
            and self._kind == _TEXT
            and self._dated
            and self._samples == ()
            and not _dated_own(line, self._ref())
        ):
            # an error's message going on with the error it wraps, a line of its own right
            # under it: Odoo's sql_db ("bad query: %s\nERROR: %s", the statement, then what
            # PostgreSQL answered; a statement over lines, "bad query: " alone on the head's
            # line), Elastic Beanstalk's eb-engine ("... with requirements.txt
            # file with error", then pip's "ERROR: No matching distribution found ..."); not
            # under an untimed line of its own shape, nor under a request's (uvicorn's 500,
            # then "ERROR:    Exception in ASGI application", the app's traceback)
            return True
        if line[:4] == "npm " and line[:8] in _NPM_HEADS and self._npm_report_goes_on(line):
            return True
        return self._message[:13] == "SyntaxError (" and _RUBY_SYNTAX_LINE.match(line) is not None

    def _robocopy_time(self, job: re.Match[str], out: list[ev.Event]) -> bool:
        """ROBOCOPY's job log: its header's "Started : Thursday, February 19, 2015 4:23:20
        PM" and its summary's "Ended : ..." (the job's only times: its copied files' lines
        have none) open entries at those times; the lines after go on each."""
        ts = loose_cached(job.group(2).strip(), self._ref())
        if ts is None:
            return False
        self._text_block(out, ts, "INFO", job.group(0).strip(), "robocopy", None, (), False)
        self._margin = ""  # (a header at the file's start left its indent as the margin)
        self._plain_margin = False
        return True

    def _command_output(self, line: str) -> bool:
        """Could ``line`` be a failed command's stderr, no line of the log's own: no time
        (a date or a time of day) and no level of its own ("[INFO] BUILD FAILURE",
        "INFO:root:...")?"""
        if line[:1] == "[":
            close = line.find("]", 1, 12)
            if close > 0 and line[1:close].strip().lower() in TOKEN_LEVELS:
                return False
        t = parse_text(line, self._ref())
        return t is None or (t.ts < 0 and t.tod < 0 and t.level in ("", "UNKNOWN"))

    def _npm_report_goes_on(self, line: str) -> bool:
        """Is ``line`` the next of npm's error report the open entry is (each line behind
        "npm error", before npm 10.6 "npm ERR!": its code, errno, the script that failed, ...,
        "A complete log of this run can be found in: <path>", npm 6 to 8 the path on a line
        of its own; a notice or verbose line of npm's between)? One report, one error; the
        next opens with its code, or after the last's log line."""
        head = self._message[:9].ljust(9)  # (a bare "npm ERR!" between its paragraphs)
        if head not in _NPM_ERROR:
            return False
        own = line[:9].ljust(9) == head
        if not own and line[:8] not in _NPM_HEADS[2:]:
            return False
        said = _npm_said(line)
        if (
            own
            and said.startswith("code ")
            and any(_npm_said(d).startswith("code ") for d in (self._message, *self._detail[-60:]))
        ):
            return False  # the next report (npm 3 and 4 write the code amid theirs)
        said_before = [_npm_said(d) for d in self._detail[-3:] if d]
        if any(s.startswith(_NPM_LOG_AT) for s in said_before[:-1]):
            return False  # the report ended: its log's name, npm 6 to 8's path under it
        if said_before and said_before[-1].startswith(_NPM_LOG_AT):
            # the report's end: npm 6 to 8 name the log on the line after
            return said_before[-1].rstrip().endswith(":") and (
                said[:1] in "/~\\" or said[1:3] == ":\\"
            )
        return True

    def _log4js(self, line: str, k: int, ts: float, out: list[ev.Event]) -> bool:
        """log4js' basic layout, its default (``[%d] [%p] %c - %m``: ``[2016-03-07
        10:11:37.245] [INFO] cheese - Completed 200 (1247ms)``; its colored layout the same,
        the colours taken off before): a service's line, the category its logger, the
        message read as any text layout's (section 7). An agent's entry has no category."""
        e = line.find("] ", k + 3, k + 12)
        word = line[k + 2 : e] if e > 0 else ""
        d = line.find(" - ", e + 2, e + 80) if word.lower() in TOKEN_LEVELS else -1
        category = line[e + 2 : d] if d > 0 else ""
        if not category or " " in category:
            return False
        message = line[d + 3 :]
        level, fields, samples = request_in(
            ts, levels.word(word), message, "text", {"logger": category}
        )
        self._text_block(out, ts, level, message, "text", fields, samples, True)
        return True

    def _dated_text(self, line: str, k: int, ts: float, out: list[ev.Event]) -> bool:
        rest = line[k:].lstrip(" ")  # TeamCity pads: "[...]   INFO -  jetbrains..."
        sp = rest.find(" ")
        tok = rest[:sp] if sp > 0 else rest
        head = tok[:-1] if tok.endswith(":") else tok
        dot = head.rfind(".")
        fields: dict[str, Any] | None = None
        if tok.endswith(":") and dot > 0 and head[dot + 1 :].lower() in levels.WORDS:
            level = levels.word(head[dot + 1 :])
            fmt = "monolog"
            fields = {"channel": head[:dot], "level_name": head[dot + 1 :]}
            message = rest[sp + 1 :] if sp > 0 else ""
        elif (head.isupper() or tok.endswith(":")) and (
            head.lower() in TOKEN_LEVELS or tok == "HTTP:" or tok == "http:"
        ):
            # "ERROR msg", or winston's and Zigbee2MQTT's lower-case "error: msg"; winston's
            # printf at npm's http level (its access records: "HTTP: Request completed {...}")
            level = levels.word(head)
            fmt = "text"
            message = (rest[sp + 1 :] if sp > 0 else "").lstrip(" \t")
            if message[:3] == "in " and (flask := flask_module(message)) is not None:
                # Flask's "[%(asctime)s] %(levelname)s in %(module)s: %(message)s"
                fields, message = {"module": flask[0]}, flask[1]
        elif (found := _level_token(rest)) is not None:
            level, fmt, message = found, "text", rest
            airflow = braced_head(rest)
            if airflow is not None:  # Airflow's "{file.py:12} ERROR - msg" (its lines may follow)
                word, fields, message = airflow
                level = levels.word(word)  # (a relayed record's own: braced_head)
        else:
            t = envoy(rest) if rest[:1] == '"' else None
            if t is None:
                return False
            self._text_block(out, ts, t.level, rest, t.fmt, t.fields, t.samples, False)
            return True
        # a request the message says (section 7): Kafka's "Controlled shutdown request
        # returned successfully after 29ms", as under any other text layout; none under an
        # HTTP client's channel (Guzzle's "GET http://api/x 200", Symfony HttpClient's
        # 'Response: "200 https://..."'): the answer to a call the app made, not one it gave
        if not anytime.client_channel(fields):
            level, fields, samples = request_in(ts, level, message, fmt, fields)
        else:
            samples = ()
        self._text_block(out, ts, level, message, fmt, fields, samples, True)
        return True

    def _tracy(self, line: str, out: list[ev.Event]) -> bool:
        """Nette Tracy's Logger line, ``[2024-03-05 10-00-01] message  @  source`` (its
        formatLogLine: PHP's ``date('[Y-m-d H-i-s]')``, the request's URL or the script after
        ``  @  ``, an exception's file after ``  @@  ``): its time, the message read as any
        text layout's (section 7), the source to fields. No level on the line (the file's name
        says it): a level word in the message, else INFO."""
        m = _TRACY_ENTRY.match(line)
        if m is None:
            return False
        ts = parse_iso(f"{m.group(1)}T{m.group(2)}:{m.group(3)}:{m.group(4)}")
        if ts is None:
            return False
        message, at, source = line[m.end() :].partition("  @  ")
        message = message.strip(" ")
        fields = {"source": source.strip(" ")} if at else None
        level = level_in(message)
        if level == "UNKNOWN":
            level = "INFO"
        level, fields, samples = request_in(ts, level, message, "tracy", fields)
        self._text_block(out, ts, level, message, "tracy", fields, samples, True)
        return True

    def _dated_said(self, line: str, k: int, ts: float, out: list[ev.Event]) -> bool:
        """A full date in brackets and no level, its message saying a request or a duration
        (Slurm's ``[2024-04-16T10:12:39.098] _slurm_rpc_submit_batch_job: JobId=553 ...
        usec=139``): a service's line, read as any text layout's (section 7), not an agent
        entry (whose own lines name a level)."""
        message = line[k:].lstrip(" ")
        level, fields, samples = request_in(ts, "INFO", message, "text", None)
        if not samples:
            return False
        self._text_block(out, ts, level, message, "text", fields, samples, True)
        return True

    def _ruby_report_part(self, t: Text) -> bool:
        """Rails' exception report (ActionDispatch::DebugExceptions): one ``logger.fatal``
        call for each part (a blank, the exception, a blank, the trace), each a Logger line
        with the request's tag. A line at the open entry's error level, with its tag, within
        the second, is a part of it: a detail line (the first with words becomes the
        message of an entry that had only its tag). Only in a report, the entry opened by
        its blank part: two errors a request logs stand apart."""
        if self._kind != _TEXT or self._fmt != "ruby" or self._level != t.level:
            return False
        tag_end = t.message.find("]") + 1
        if t.message[:1] != "[" or not tag_end or self._message[:tag_end] != t.message[:tag_end]:
            return False
        if not 0 <= t.ts - self._ts < 1.0:
            return False
        if len(self._message) != tag_end and self._message is not self._ruby_report:
            return False  # no report (its blank part first): two errors of one request
        if len(self._message) == tag_end and len(t.message) > tag_end and not self._detail:
            self._message = self._ruby_report = t.message
        else:
            self._detail.append(t.message)
        return True

    def _text_block(
        self,
        out: list[ev.Event],
        ts: float,
        level: str,
        message: str,
        fmt: str,
        fields: dict[str, Any] | None,
        samples: tuple[tuple[str, float, str], ...],
        multiline: bool,
        dated: bool = True,
        guessed: int = 0,
    ) -> None:
        """Open a text-format entry; ``dated``: ``ts`` is the line's own time, not a
        stand-in (the last time seen, or the clock); ``guessed``: its day (_TOD) or year
        (_YEAR) is a guess, before the log gave a full date: held back until one comes."""
        if self._sgr_level:
            level = self._sgr_level  # the line's colour said it, whatever its words
        self._start(out, _TEXT, ts, level, message, fmt)
        if message[-1:].isdigit() and ":" in message[-8:] and _node_crash_relayed(message):
            # a line ending in Node's report's first line (a supervisor's relay of a child's
            # stderr: "error: api stderr: node:internal/modules/cjs/loader:1080"; a compose
            # prefix's): if the code and its caret follow, the report's lines are this
            # entry's, as under the report's own line
            self._node_opens(fields.get("prefix", "") if fields else "")
        if fmt == "rails":
            self._rails_open = message[:11] == "Processing " or message[:8] == "Started "
        if guessed == _YEAR and self._last_ts is not None:
            # the entry completed just now wrote the year inside it: this line follows it
            ts = self._ts = infer_year(ts, self._ref())
            guessed = 0
        self._fields = fields
        self._samples = samples
        self._multiline = multiline
        self._dated = dated
        if (len(message) < 64 or message[-2:] == "- " or message[-1:] == "-") and _no_message(
            message
        ):  # (a long one only when a layout's separator closes it: a logger's name is long)
            self._body_follows = True
        if guessed and self._last_ts is None:
            if self._guess_at < 0:
                self._guess_at = len(self._held)
                self._guess_tod = guessed == _TOD
            self._guess_ts = ts
            self._undated = True
        elif dated:
            self._last_ts = ts
            if self._held:
                self._release(out, ts)
        else:
            self._undated = self._last_ts is None

    def _resolve(self, tod: float) -> float:
        """Time of day to epoch seconds on the log's date, rolling over midnight. The day
        and the times of day are the header zone's (``_tz``; UTC without a header)."""
        day0 = self._day0
        if day0 is None:
            # No header: the day of the log's last full time (a service's dated lines before
            # its times of day, Forge's "[29Nov.2024 ...]" then "[15:36:28]"), else today's.
            last = self._last_ts
            day0 = self._day0 = midnight(self._now() if last is None else on_day(tod, last))
            self._last_tod = tod
            return day0 + tod
        last = self._last_tod
        if tod < last - DAY / 2:
            day0 = self._day0 = day0 + DAY  # 23:59 then 00:01: the next day
            self._last_tod = tod
        elif tod > last + DAY / 2 and last >= 0:
            return day0 - DAY + tod - self._tz  # a late line from before midnight
        elif tod > last:
            self._last_tod = tod
        return day0 + tod - self._tz

    def _header_line(self, line: str, out: list[ev.Event]) -> bool:
        """A header line (``Session ID: ...``) or the log's title line; False if not one."""
        i = line.find(":", 0, 40)
        field = HEADER_KEYS.get(line[:i].strip().lower()) if i > 0 else None
        if field == "start" and line[i + 1 :].strip().isdigit():
            return False  # PowerShell's transcript's "Start time: 20120422072755", no agent's
        if self._kind == _HEADER:
            if field is None and not (i > 0 and line[:i].replace(" ", "").isalnum()):
                return False
            self._detail.append(line)  # a "Key: value" line of the header
        elif (
            field == "agent_session_id"
            or (field in _HEADER_STARTS and not self._agent_seen)
            or line.startswith("Agent Runtime Log")
        ):
            # Once entries have been seen only a title or a session id starts a new header:
            # a stray "Task: ..." line must not reset the rollout.
            self._start(out, _HEADER, self._clock(), "HEADER", line, "agent")
            self._header = {}
            self.facts.new_session()
        else:
            return False
        if field is not None:
            self._header[field] = line[i + 1 :].strip().strip('"')
        return True

    def _finish_header(self, out: list[ev.Event]) -> None:
        fields = self._header
        ts = self._ts
        start = fields.get("start")
        if start:
            zoned = parse_iso_zoned(start)
            if zoned is not None:
                t, tz = zoned
                ts = t
                # Times of day are the header zone's: days begin at its midnight.
                self._tz = tz
                self._day0 = midnight(t + tz)
                self._last_tod = t + tz - self._day0
                self._last_ts = t
        if self._held:
            self._release(out, ts)
        self._agent_seen = True
        out.append(
            ev.LogLine(
                ts=ts,
                source=self.source,
                level="HEADER",
                message=self._message,
                detail=tuple(self._detail),
                fmt="agent",
            )
        )
        if fields:
            out.extend(self.facts.header(ts, fields))
        self._kind = _NONE

    # --- JSON and plain lines -------------------------------------------------------------

    def _json(self, line: str, out: list[ev.Event], prefix: str = "") -> bool:
        text = line  # the record's JSON
        if line[-1] != "}" and line.rstrip()[-1:] != "}":
            if line.rstrip()[-2:] != "},":
                return False
            # an array's element on a line of its own (systemd before 2xx wrote `journalctl -o
            # json` as an array, "{ ... },"): the record without the comma, the line kept
            # whole wherever it is kept as a line (a text entry's data under it)
            text = line.rstrip()[:-1]
        try:
            # orjson reads an integer beyond 64 bits as a float: json keeps it exact.
            if self._long_numbers and _LONG_NUMBER.search(text) is not None:
                raise ValueError
            obj = _fast_decode(text)
        except ValueError:  # orjson is strict; json also takes NaN and lone surrogate
            try:  # escapes, and says the same no to the rest
                obj = _decode(text)
            except (ValueError, RecursionError):
                glued = _glued(line) if text is line and "}{" in line else None
                if glued is None:
                    loose = lenient_object(text) if text[1:2] != ":" else cabin_record(text)
                    if loose is None:
                        return False
                    if self._kind:
                        self._complete(out)
                        self._kind = _NONE
                    return self._record(loose, text, out, prefix)
                if self._kind:
                    self._complete(out)
                    self._kind = _NONE
                for one, text in glued:
                    self._record(one, text, out, prefix)
                return True
        if not isinstance(obj, dict):
            return False
        if self._kind == _TEXT and not prefix and (_only_data(obj) or _kube_object(obj)):
            # a text entry's error object printed on the next line (winston's printf with
            # its meta, Node's util.inspect: '{ "errno": -61, "code": "ECONNREFUSED", ... }'
            # between "[...][error] connect ECONNREFUSED" and the Error's stack): no time,
            # level or message of its own, the entry's
            # (or a Kubernetes API object, no time of its own: minikube's "https://127.0.0.1:
            # 61956/healthz returned 403:", then the API server's Status, its "message" and
            # "status":"Failure" the answer's, not a record's)
            self._detail.append(line)
            return True
        if self._kind:
            self._complete(out)
            self._kind = _NONE
        return self._record(obj, text, out, prefix)

    def _record(self, obj: dict[str, Any], line: str, out: list[ev.Event], prefix: str) -> bool:
        """The events of a decoded JSON object (``line``: its text)."""
        if prefix:
            obj.setdefault("prefix", prefix)
        inner = obj.get("log")
        shipped = "stream" in obj
        if inner is None and shipped:
            inner = obj.get("message")  # a shipper's rename of json-file's "log" (fluentd)
        elif inner is None and "timestamp" in obj and is_cloudwatch_event(obj):
            inner, shipped = obj["message"], True  # CloudWatch Logs': the program's line
        elif inner is None and "app_name" in obj and _PM2_KEYS.issuperset(obj):
            inner, shipped = obj.get("message"), True  # pm2's JSON log: the app's line
            if type(inner) is str and inner[-1:] == "\n":
                obj["message"] = inner[:-1]  # (its newline kept, as json-file's is)
            if "type" in obj:
                obj["stream"] = obj.pop("type")  # "out", "err": the stream, no level
        if (
            type(inner) is str
            and (shipped or _SHIPPER_KEYS.issuperset(obj))
            and self._docker(obj, inner, out)
        ):
            return True
        if self._last_ts is None:
            return self._first_json(obj, line, out, prefix)
        last = self._last_ts
        ts = self._last_ts = json_events(
            obj, line, last, self.source, out, self.facts.changes.fresh
        )
        if ts != last:
            self._full_seen = True  # the record's own time, a full one (as a logfmt time)
        if self._held:
            self._release(out, ts)
        return True

    def _fluent_bit(self, line: str, out: list[ev.Event]) -> bool:
        """Fluent Bit's file output in its default format, ``tag: [time, {record}]``
        (out_file): the record read as a JSON line's, the tag its prefix, the time its own
        when the record has none (a docker json-file record keeps its ``time``)."""
        i = line.find(": [", 0, 400)
        j = line.find(", {", i + 3, i + 40) if i > 0 else -1
        if j < 0 or " " in line[:i]:
            return False
        try:
            at = float(line[i + 3 : j])
        except ValueError:
            return False
        if not 1e9 <= at < 1e10:
            # Fluent Bit's time is epoch seconds; a smaller number is some pair a program
            # printed (a reply's "reply: [200, {...}]", a call's arguments)
            return False
        try:
            obj = _decode(line[j + 2 : -1])
        except (ValueError, RecursionError):
            return False
        if not isinstance(obj, dict) or not obj:
            return False
        if self._kind:
            self._complete(out)
            self._kind = _NONE
        if not any(measures.ROLES.get(key, (0,))[0] == measures.TIME for key in obj):
            obj["time"] = at
        return self._record(obj, line[j + 2 : -1], out, line[:i])

    def _json_array(self, line: str) -> list[ev.Event]:
        """A JSON array of records on one line (read as a batch, a LogLine per record), or
        the ``[`` opening one over several lines; else a plain line."""
        out: list[ev.Event] = []
        if line[1:2] == "{" and line.rstrip()[-1:] == "]":
            try:
                obj = _decode(line)
            except (ValueError, RecursionError):
                obj = None
            if isinstance(obj, list) and obj and all(isinstance(v, dict) for v in obj):
                if self._kind:
                    self._complete(out)
                    self._kind = _NONE
                self._record({"records": obj}, '{"records": ' + line + "}", out, "")
                return out
        if not self._batch_off and _opens_records(line, 1):
            return self._start_batch(1, line, line[1:])
        out = self._plain(line)
        if self._kind == _PLAIN and self._message is line and _opens_object(line):
            self._open_json = True
        return out

    # --- JSON batches over many lines (jsonbatch) ----------------------------------------

    def _start_batch(
        self, base: int, line: str, rest: str, lead: list[str] | None = None
    ) -> list[ev.Event]:
        """Open a batch whose records open at depth ``base`` (see jsonbatch.Batch) with
        ``line``, of which ``rest`` is still to read (its opening bracket or key taken);
        ``lead``: the lines opening it, ``line`` last (the first record's detail)."""
        out: list[ev.Event] = []
        if self._kind:
            self._complete(out)
            self._kind = _NONE
        batch = self._batch = jsonbatch.Batch(base)
        if lead is None:
            lead = [line] if base else []
        self._batch_held = lead[:] if lead else [line]
        self._batch_lead = lead
        if rest.strip(" \t\r"):
            state, after = batch.feed(rest)
            self._batch_step(state, after, out)
        return out

    def _wrapped_batch(self, line: str, out: list[ev.Event]) -> bool:
        """The open plain block, a ``{`` and its own simple keys, goes on with ``line``
        opening the list of an export's records (``"events": [``): a batch from here, the
        block's lines the first record's."""
        m = _BATCH_KEY.match(line)
        if (
            m is None
            or self._batch_off
            or self._message.strip(" \t") != "{"
            or not _opens_records(line, m.end())
            or not all(_SIMPLE_PAIR.match(d) for d in self._detail)
        ):
            return False
        lead = [self._message, *self._detail, line]
        self.lines_uninterpreted -= 1 + len(self._detail)
        self._open_json = False
        self._kind = _NONE
        out.extend(self._start_batch(2, line, line[m.end() :], lead))
        return True

    def _batch_line(self, line: str) -> list[ev.Event]:
        out: list[ev.Event] = []
        if self._batch_tail is not None:
            self._tail_line(line, out)
            return out
        batch = self._batch
        assert batch is not None
        if not batch.seen:
            self._batch_held.append(line)
        state, rest = batch.feed(line)
        self._batch_step(state, rest, out)
        return out

    def _batch_step(self, state: int, rest: str, out: list[ev.Event]) -> None:
        """The records the batch closed, and what follows when it stopped (``rest``)."""
        batch = self._batch
        assert batch is not None
        records = batch.take()
        before = batch.seen - len(records)  # records read before these
        for i, (text, lines) in enumerate(records):
            if self._batch_record(text, lines, out):
                continue
            if before + i == 0:
                state = jsonbatch.BAD  # its first record is no JSON object: no batch at all
                batch.seen = 0
                break
            self._read_as_text(lines, out)  # a later one: its lines as text
        if state == jsonbatch.MORE:
            return
        self._batch = None
        if state == jsonbatch.BAD:
            # no batch after all (its lines read as text), or a record no log holds
            held = self._batch_held if not batch.seen else batch.lines
            self._batch_held = []
            self._batch_lead = []
            self._read_as_text(held, out)
            return
        self._batch_held = []
        self._batch_lead = []
        if batch.base == 2:
            self._batch_tail = (1, [])  # the wrapper's own keys after its list
            self._tail_line(rest, out)
        elif rest.strip(" \t\r,]}"):
            out.extend(self._line(rest))  # what stands after the batch (base 0: a line)

    def _batch_record(self, text: str, lines: list[str], out: list[ev.Event]) -> bool:
        """One record of the batch: its events, its lines (the batch's opening lines before
        the first) its LogLine's detail. False if it is no JSON object."""
        try:
            obj = _decode(text)
        except (ValueError, RecursionError):
            obj = None
        if not isinstance(obj, dict):
            return False
        detail = lines[1:]
        lead = self._batch_lead
        if lead:
            # The record stands for the batch's first line and carries the rest in order:
            # its own first line too, unless it opened on the lead's last (``[{"a": 1},``).
            detail = lead[1:] + (lines[1:] if lead[-1].endswith(lines[0]) else lines)
            self._batch_lead = []
        one_line = _on_one_line(text)
        self._record_with_lines(cloudwatch_event(obj), one_line, detail, out, keep=bool(lead))
        return True

    def _tail_line(self, line: str, out: list[ev.Event]) -> None:
        """A line after the records' list inside its wrapper (``"nextToken": ...``, the
        closing brace): gathered until the wrapper closes, then one plain LogLine if they
        say anything (punctuation alone is dropped, as the list's brackets are)."""
        assert self._batch_tail is not None
        depth, lines = self._batch_tail
        depth = _json_scan(line, depth)[0]
        if line.strip(" \t\r,]}"):
            lines.append(line)
        if depth > 0 and len(lines) < _JSON_LINES:
            self._batch_tail = (depth, lines)
            return
        self._batch_tail = None
        if lines:
            self._kept_lines(lines[0], lines[1:], out)

    def _kept_lines(self, first: str, rest: list[str], out: list[ev.Event]) -> None:
        """An export's lines that are no record (a cut one's, its wrapper's keys), kept as
        one plain line at the clock's time."""
        out.append(log_line(self._clock(), self.source, "UNKNOWN", first, tuple(rest), "plain"))

    def _read_as_text(self, lines: list[str], out: list[ev.Event]) -> None:
        """``lines`` read as they would have been with no batch (none opens while they are)."""
        batch, self._batch = self._batch, None
        self._batch_off = True
        try:
            for line in lines:
                out.extend(self._line(line))
        finally:
            self._batch_off = False
            self._batch = batch

    def _batch_end(self, out: list[ev.Event]) -> None:
        """The input ended inside a batch: the open record's lines as one plain line (before
        any record closed, all of them read as text); the wrapper's gathered keys as theirs."""
        batch = self._batch
        if batch is not None:
            self._batch = None
            held, lines = self._batch_held, batch.lines
            self._batch_held, self._batch_lead = [], []
            if not batch.seen:
                self._read_as_text(held, out)
            elif lines:  # the export cut inside a record: kept as the lines it was
                self._kept_lines(lines[0].strip(" \t"), lines[1:], out)
        if self._batch_tail is not None:
            self._tail_line("}", out)

    def _json_line(self, line: str) -> list[ev.Event]:
        """A line at the margin inside an open JSON object (``"key": value,``, the closing
        ``}``): part of it; the object is read when a line closes it."""
        detail = self._detail
        out: list[ev.Event] = []
        if line[:1] == "}" and line.rstrip()[-1:] == "{" and not line[1:-1].strip(" ,\r"):
            # "} {": one object ends and the next opens on the same line (Serilog's
            # JsonFormatter, indented, writes its records so)
            detail.append("}")
            self._open_json = False
            if self._whole_json(out):
                nxt = "{"
                out.extend(self._plain(nxt))
                self._open_json = self._kind == _PLAIN and self._message is nxt
                return out
            detail.pop()
            self._open_json = True
        detail.append(line)
        if len(detail) > _JSON_LINES:
            self._open_json = False  # no record is that long: the lines stay as they are
        elif line.rstrip()[-1:] in ("}", "]"):
            self._open_json = False
            if self._whole_json(out):
                return out
            self._open_json = _opens_object(self._message + "\n" + "\n".join(detail))
        return out

    def _cut_line(self, line: str) -> list[ev.Event]:
        """A line after one opening a JSON record cut inside a string (``_cut_json``): held
        as the record's rest; the line closing it makes the record, read whole. A blank line,
        too many lines, or a text that is no record once closed: the held lines are read as
        they would have been (the record's first line a plain one, as before)."""
        held = self._cut_json
        assert held is not None
        if line and len(held) < _CUT_LINES:
            held.append(line)
            self._cut_state = _json_scan(line, *self._cut_state)
            if self._cut_state[0] > 0:
                return []
            self._cut_json = None
            self._detail.extend(held)
            out: list[ev.Event] = []
            self._open_json = False
            if self._whole_json(out, ""):
                return out
            del self._detail[-len(held) :]
            self._open_json = True  # as it was: the lines read as they would have been
        else:
            held.append(line)
        return self._uncut(held)

    def _uncut(self, held: list[str]) -> list[ev.Event]:
        """The held lines of a cut record that did not come whole, read as they would have
        been (the first line stays a plain one)."""
        self._cut_json = None
        out: list[ev.Event] = []
        for again in held:
            # (each as _line took it, its ending gone: "\r\n" for _line to take off again,
            # so a line that is a carriage return keeps it)
            out.extend(self._line(again + "\r\n"))
        return out

    def _whole_json(self, out: list[ev.Event], joint: str = "\n") -> bool:
        """The open plain block read as one JSON object, if it is one: its record's events,
        the lines after the first its detail (every line lands in one LogLine). ``joint``:
        what stood between its lines ("" for a record hard-wrapped inside its strings)."""
        detail = self._detail
        text = self._message + joint + joint.join(detail)
        rest = ""
        lines = detail  # the LogLine's detail: the lines after the first
        glued: list[tuple[dict[str, Any], str]] = []  # records glued after it ("}{")
        try:
            obj = _decode(text)
        except (ValueError, RecursionError):
            whole = _cut_batch(text)
            if whole is not None:
                obj, text, rest = whole
            else:
                found = _glued(text) if joint == "\n" and "}{" in text else None
                if found is None:
                    return False
                # a pretty-printed record, the next ones glued to its closing brace: the
                # first read with its own lines, as a whole one is, then the rest
                (obj, text), glued = found[0], found[1:]
                lines = text.split("\n")[1:]
        if isinstance(obj, list) and obj and all(isinstance(v, dict) for v in obj):
            obj, text = {"records": obj}, '{"records": ' + text + "}"  # a batch of records
        if not isinstance(obj, dict):
            return False
        # Its lines were counted as uninterpreted: the first, and the indented ones (a cut
        # record's rest was held, never counted).
        self.lines_uninterpreted -= 1 + (
            sum(1 for d in detail if d[:1] in (" ", "\t")) if joint else 0
        )
        self._kind = _NONE
        # On one line, as a record with no message key shows its line.
        one_line = _on_one_line(text)
        if not glued and records_of(obj) is not None:
            self._record(obj, one_line, out, "")  # a LogLine per record, each its own text
        else:
            self._record_with_lines(obj, one_line, lines, out)
        for more, more_text in glued:
            self._record(more, more_text, out, "")
        if rest:
            # the export's cut record after its whole ones: kept as the lines it was
            cut = rest.split("\n")
            self._kept_lines(cut[0], cut[1:], out)
        return True

    def _record_with_lines(
        self,
        obj: dict[str, Any],
        line: str,
        lines: list[str],
        out: list[ev.Event],
        keep: bool = False,
    ) -> None:
        """The events of a record read from several lines (or from a line cut short): its
        LogLine, held back or just made, carries ``lines`` as its detail (_with_lines;
        ``keep``: they hold lines besides the record's, kept whatever its message)."""
        n, held = len(out), len(self._held)
        self._record(obj, line, out, "")
        one_line = None if keep else line
        if len(self._held) > held:
            self._held[-1] = _with_lines(self._held[-1], lines, one_line)
            return
        # the records held for a time, placed at out's head when this one brought it (_release)
        n += held - len(self._held)
        first = -1
        for i in range(n, len(out)):
            e = out[i]
            if isinstance(e, ev.LogLine):
                if e.fmt == "json":
                    out[i] = _with_lines(e, lines, one_line)
                    return
                if first < 0:
                    first = i
        if first >= 0:  # the line inside a shipper's record, read as its own format
            e = out[first]
            assert isinstance(e, ev.LogLine)
            out[first] = _with_lines(e, lines, one_line)

    def _cut_json_record(self, out: list[ev.Event]) -> bool:
        """The open plain line, a JSON record cut between its values that no line completed
        (the next one opened another record, or the input ended), read from its whole pairs
        when they hold its time (``_cut_record``): its time, level and message, the line kept
        as its detail. A line ending inside a string is a record hard-wrapped there
        (``_cut_json``): when its rest never came, its lines stay as they were read."""
        line = self._message
        if self._detail or line[:2] != '{"':
            return False
        obj = _cut_record(line)
        if obj is None:
            return False
        self.lines_uninterpreted -= 1
        self._kind = _NONE
        self._record_with_lines(obj, line, [line], out)
        return True

    def _first_json(self, obj: dict[str, Any], line: str, out: list[ev.Event], prefix: str) -> bool:
        """A record before the log's first time: one without a time of its own is held back
        and takes that time when it comes (docs section 4), as a text line does, not the
        clock's (a record whose time is in a notation not read would stretch the span)."""
        n = len(out)
        ts = json_events(obj, line, _UNDATED, self.source, out, self.facts.changes.fresh)
        if ts != _UNDATED:
            self._last_ts = ts
            self._full_seen = True
            if self._held:
                self._release(out, ts)
            return True
        record = out[-1] if len(out) == n + 1 else None
        if isinstance(record, ev.LogLine) and len(self._held) < 10_000:
            out.pop()
            self._held.append(record)
            return True
        # A change event with it, or too many lines held: read again on the clock's time,
        # as before (the first reading changed the record).
        del out[n:]
        again = _decode(line)
        if prefix:
            again.setdefault("prefix", prefix)
        ts = self._last_ts = json_events(
            again, line, self._now(), self.source, out, self.facts.changes.fresh
        )
        if self._held:
            self._release(out, ts)
        return True

    def _docker(self, obj: dict[str, Any], inner: str, out: list[ev.Event]) -> bool:
        """Docker's json-file (``{"log": "...\\n", "stream": "stdout", "time": ...}``, the
        node's container logs), or a shipper's record of a file's line (Fluent Bit's
        ``{"date": ..., "log": "..."}``): the application's own line inside is read as such, a
        JSON record or a text format, and the outer time stands in when that line gives none."""
        text = inner.rstrip("\n")
        if not text:
            return False
        stamp = obj.get("time")
        if stamp is None:
            stamp = obj.get("date", obj.get("@timestamp", obj.get("timestamp")))
        written = parse_time_value(stamp) if stamp is not None else None
        stand_in = self._clock() if written is None else written
        if text[0] == "{" and text[-1] == "}":
            try:
                record = _fast_decode(text)
            except ValueError:
                return False
            if not isinstance(record, dict):
                return False
            if "stream" in obj:
                record.setdefault("stream", obj["stream"])
            ts = self._last_ts = json_events(record, text, stand_in, self.source, out)
        else:
            # A year-less time (klog's "I0608 18:48:23") is placed by the wrapper's, which has
            # the year, as a CRI line's is (textformats._cri), not against the file's change
            t = parse_text(text, self._ref() if written is None else following(written))
            if t is None:
                return False
            if t.tod >= 0 and written is not None:
                t.ts, t.tod = on_day(t.tod, written), -1.0  # a time of day: the wrapper's day
            elif t.ts < 0:
                t.ts = stand_in
            if written is not None:
                t.year_guessed = False  # the wrapper's year: a full date, no guess held
            self._text(text, t, out, "")
            self._complete(out)  # one json-file line is one entry
            self._kind = _NONE
            if self._last_ts is None and written is None:
                return True  # the clock stood in: a year-less line held waits for a real time
            ts = self._last_ts if self._last_ts is not None else stand_in
        if self._held:
            self._release(out, ts)
        return True

    def _ends_cut_event(self, line: str) -> bool:
        """Does ``line``, under an XML event with no closing tag yet, end it: a line another
        layout reads as a dated head (the event cut, its writer killed, another writing on),
        outside the event's open CDATA, or with a level inside one (a message's own line
        opening with a date, ``2025-03-04 10:05:04 next window``, stays the event's)?"""
        if line[:1] in " \t<" or not line[:1].isalnum():
            return False
        t = parse_text(line, self._ref())
        if t is None or t.ts < 0:
            return False
        if t.level != "UNKNOWN":
            return True
        return not log4jxml.cdata_open(self._detail)

    def _plain(self, line: str) -> list[ev.Event]:
        out: list[ev.Event] = []
        c = line[0]
        if c == "=" and _DBT_BANNER.match(line) is not None:
            self._dbt_file = True  # (the banner itself a line of its own, as before)
        elif (
            self._dbt_file
            and self._fmt == "dbt"
            and self._kind == _TEXT
            and _DBT_LINE.match(line) is None
        ):
            # dbt's file log (dbt.log, its invocations' banners seen): dbt writes nothing
            # there but its events, each with its head, a message's line breaks kept (a
            # retry quoting libpq's "FATAL:  password authentication failed", a model's SQL,
            # its dates and all): a line of none is the open event's. (dbt's --debug output on
            # a terminal has the same heads among other programs' lines: no banner there.)
            if not self._dbt_ends(line):
                self._detail.append(line)
                return out
            self._dbt_file = False  # another program's line: read as any
        if self._in_diff:
            if self._kind != _NONE and self._diff_goes_on(line):
                self._detail.append(line)  # the diff's hunk: its lines, whatever they say
                return out
            self._in_diff = False
        elif c == "+" and line[:4] == "+++ " and self._kind != _NONE and self._opens_diff():
            self._in_diff = True
            self._hunk = []
            self._detail.append(line)
            return out
        if self._body_follows and self._fmt == "jul-xml" and self._kind == _TEXT:
            if julxml.opens(line):
                self._body_follows = False  # a new record: its writer cut the last short
            else:
                self._detail.append(line)  # the record's elements, up to its closing tag
                if line.rstrip() == julxml.CLOSER:
                    self._body_follows = False
                return out
        if self._body_follows and self._fmt == "log4j-xml" and self._kind == _TEXT:
            text = line.lstrip(" \t")
            if log4jxml.opens(text) or self._ends_cut_event(line):
                self._body_follows = False  # a new event, or a cut one's writer gone
            else:
                # an XML event's lines up to its closing tag, whatever they hold (a message
                # line opening with a date, a throwable's lines): the event's
                self._detail.append(line)
                if log4jxml.closes(text):
                    self._body_follows = False
                return out
        if c == "#" and self._fmt == "hs_err" and self._kind == _PLAIN:
            self._detail.append(line)  # the JVM's crash report's "#" header, one report
            return out
        if (
            self._body_follows
            and self._fmt == "cmtrace"
            and self._kind == _TEXT
            and not line.startswith(cmtrace.HEAD)
        ):
            # a CMTrace record's message over lines, whatever they hold, up to the one its
            # attributes follow (_cmtrace_end reads them)
            self._detail.append(line)
            if cmtrace.CLOSER in line:
                self._body_follows = False
            return out
        kept: tuple[str, bool] | None = None
        if c == " " and line[1:2] in VERDICT_HEADS and verdict_seconds(line[1:]) is not None:
            self._start_plain(line, out)  # a test's verdict (ztest's): no margin of a log's
            return out
        if c == " " or c == "\t":
            indented = self._indented(line, out)
            if indented is not None:
                return indented
            if self._plain_margin and self._kind == _PLAIN and _at_margin(line, self._margin):
                self._detail.append(line)
                self.lines_uninterpreted += 1
                return out
        elif self._margin:
            kept = self._margin, self._plain_margin  # back if the line is an entry's detail
            self._margin = ""
            self._plain_margin = False
        if c == "T" and self._kind == _PLAIN and line[:6] == "Time: " and not self._detail:
            if minioconsole.opens(self._message) and self._minio_block(line, out):
                return out
        elif self._fmt == "minio" and self._kind == _TEXT and c.isupper():
            colon = line.find(": ", 0, 14)
            if colon > 0 and line[:colon] in minioconsole.KEYS:
                if colon == 5 and line[:5] == "Error":
                    self._message = line[7:]  # the error is the entry's message
                self._detail.append(line)
                return out
        if line[7:8] == "|" and c.isupper():
            w = _WRAPPER.match(line)
            if w is not None:
                self._wrapped(line, w, out)
                return out
        if line[-2:] == "}]" and c.isalnum() and self._fluent_bit(line, out):
            return out
        if line[-1] == "}" and c.isalnum():
            # a node's or a host's name before each JSON record (talosctl logs' "10.5.0.3: "):
            # one token, then the record; a line whose rest is no JSON object goes on below
            i = line.find(": {", 0, 64)
            if i > 0 and " " not in line[:i] and self._json(line[i + 2 :], out, line[:i]):
                return out
        if c == "[" or c == "/" or c.isalpha():
            m = _KUBECTL.match(line) if c == "[" else _COMPOSE.match(line, 0, 80)
            if (
                m is None
                and c == "["
                and (r := _RUN_PREFIX.match(line)) is not None
                and self._run_prefix(line, r)
            ):
                return self._prefixed(line, r.group(1), r.end(), out)
            if m is not None:
                name = m.group(1)
                known = self._prefix_names
                if c == "[":
                    return self._prefixed(line, name, m.end(), out)
                if name in known or "|" in known or _compose_like(line, name, m.end()):
                    if len(known) < 64:  # prefixed output: another service's name is one too
                        known.update((name, "|"))
                    return self._prefixed(line, name, m.end(), out)
                if len(known) < 64:
                    known.add(name)
            if c != "[":
                i = line.find(": ", 0, 120)
                if i > 4 and " " not in line[:i] and _LOG_FILE.search(line, 0, i):
                    return self._prefixed(line, line[:i], i + 2, out)
                # OpenStack's collected logs: "nova-api.log.1.2017-05-16_13:53:08 2017-..."
                i = line.find(" ", 0, 120)
                if i > 4 and line[i + 1 : i + 2].isdigit() and _LOG_FILE.search(line, 0, i):
                    return self._prefixed(line, line[:i], i + 1, out)
                if (
                    line[i : i + 3] == " : "
                    and line[:i].lower() not in TOKEN_LEVELS
                    and OWN_LINE_OPENS.match(line, i + 3)
                ):
                    # PowerShell's record of a native command's stderr line, the command
                    # before it ('docker-compose : time="2025-11-18T09:02:33+05:30"
                    # level=...', then "At line:1 char:1" and its CategoryInfo): the
                    # command's own line (Python's "%(levelname)s : %(asctime)s" is none)
                    return self._prefixed(line, line[:i], i + 3, out)
        if self._varnish is not None:
            if c == "-" and varnishlog.is_record(line):
                self._varnish.append(line)
                if varnishlog.is_end(line):
                    self._varnish_done(out)
                return out
            self._varnish_done(out)  # cut short: what came of it is its entry
        if c == "*" and varnishlog.is_head(line):
            self._varnish = [line]
            return out
        if self._kind == _TEXT and self._fmt == "jul" and not self._detail:
            colon = line.find(": ", 0, 17)
            word = JUL_LOCALIZED.get(line[:colon].upper()) if colon > 0 else None
            if word is not None:
                self._level = levels.word(word)  # JUL's second line: the level (translated)
                self._detail.append(line)
                if not self._samples:
                    # and the message, read for a request as any text layout's (section 7):
                    # a remoting agent's "Will retry again: response code=503"
                    self._level, self._fields, self._samples = request_in(
                        self._ts, self._level, line[colon + 2 :], "jul", self._fields
                    )
                return out
        if c == "#" and line.startswith("#Fields: "):
            self._w3c = line[9:].split()  # W3C extended log format (IIS, CloudFront)
        elif c == "#" and line.startswith("#fields\t"):
            self._w3c = line[8:].split("\t")  # Zeek's (Bro's) TSV logs: the same, by tabs
        elif c == "#" and line.startswith("#Software: Apache Tomcat") and self._w3c:
            # Tomcat's ExtendedAccessLogValve (its #Fields first): a bare time-taken is in
            # seconds, not IIS's milliseconds.
            self._w3c = ["time-taken-s" if n == "time-taken" else n for n in self._w3c]
        elif c == "#" and line.startswith("#GMT-Offset: "):
            zone = line[13:].strip()  # "-0800"
            if len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit():
                self._w3c_offset = seconds_east(zone)
        elif self._w3c is not None and c.isdigit():
            t = w3c_line(line, self._w3c, self._w3c_offset)
            if t is not None:
                self._text(line, t, out, "")
                return out
        if c == '"' and '","' in line and not line[1:2].isdigit():
            column = csv_duration_column(line)  # a header row's (a record's first cell a name)
            if column is not None:
                self._csv_duration = column
        if self._exception_goes_on(line):
            # the open entry's exception says more over lines of its own, each no entry
            # (_exception_goes_on names them)
            self._detail.append(line)
            if self._kind == _PLAIN:
                self.lines_uninterpreted += 1
            return out
        t = parse_text(line, self._ref())
        if (
            t is not None
            and self._body_follows
            and self._kind == _TEXT
            and t.level in ("", "UNKNOWN")
            and _word_then_time(line)
        ):
            # The open entry's head had no message, and this line a time only inside its
            # words (nodeclub's request logger through log4js: "cheese - ", then "Started
            # 2016-03-07T02:11:35.998Z GET / ::1"): its message, as a line of no layout is
            self._detail.append(line)
            return out
        if t is not None and self._csv_duration is not None and c == '"' and not t.samples:
            t.samples = csv_duration(line, self._csv_duration)
        if (
            self._fmt == "cisco"
            and self._kind == _TEXT
            and (t is None or (t.fmt == "text" and t.ts >= 0))
        ):
            # Cisco's buffer: every entry opens with its stamp or code, so a line of none (a
            # date found by the general rules aside) is the one before's (%SYS-5-RESTART's
            # version banner: "Compiled Wed 14-Jul-21 10:02 by ...").
            self._detail.append(line)
            return out
        if (
            t is None
            and self._kind == _TEXT
            and (self._fmt == "nlog" or (self._fmt == "monolog" and not _PHP_OWN.match(line)))
        ):
            # NLog's layout opens each event with its date, as Monolog's LineFormatter does
            # ("[%datetime%] %channel%.%level_name%: %message%", a message's line breaks
            # kept: Laravel's default): a line of none (a message's next line, an API's
            # answer quoted in it, an exception's) is the open event's
            self._detail.append(line)
            return out
        if t is not None and t.summary and not self._summary_stands():
            t = None  # a date the message tells, in a log whose lines have their own times
        if (
            t is not None
            and self._kind == _TEXT
            and c.islower()
            and t.level in ("", "UNKNOWN")
            and self._message.rstrip()[-1:] == ":"
            and (field := _FIELD_DATE.match(line)) is not None
            and field.group(1) not in TOKEN_LEVELS
            and field.group(1) not in _NOT_FIELDS
        ):
            # a field the open entry's message announced, its value a date and no level of
            # its own (seelog's "[Info] ... Report dodo : " then "start: 2018-05-01 00:00:00
            # +0800 CST", "end: ..."): the entry's, not an entry at that date (winston's
            # "error: 2024-03-01 10:05:12 ..." is one)
            self._detail.append(line)
            return out
        if t is not None:
            self._text(line, t, out, "")
            if t.summary:
                self._summary_ts = self._last_ts
            return out
        # (a line of no layout from here on)
        if (
            c == "}"
            and (self._kind == _PLAIN or self._kind == _TEXT)
            and line.rstrip() == "}"
            and _js_error_props_open(self._detail)
        ):
            self._detail.append(line)  # the close of a Node error's own properties
            return out
        if (
            self._node_crash
            and not self._node_prefix
            and self._kind in (_PLAIN, _TEXT)
            and self._node_crash_goes_on(line)
        ):
            self.lines_uninterpreted += 1
            return out
        if (
            line[-1:].isdigit()
            and (c == "/" or c.isalpha())
            and " " not in line
            and _NODE_CRASH_HEAD.match(line) is not None
        ):
            # Node's report of an exception nothing caught: the script's place, its line of
            # code and a caret, the exception and its frames, "Node.js v20.11.0" under them
            # (from v17): one entry, an error once the caret came, whatever the exception's
            # words say
            self._start_plain(line, out)
            self._node_opens("")
            return out
        if "0" <= c <= "9":
            npm = _NPM_LINE.match(line)
            if npm is not None and npm.end() == len(line) and self._fmt != "npm":
                npm = None
            if npm is not None:
                if (
                    self._fmt == "npm"
                    and self._kind == _PLAIN
                    and line.startswith(self._message[: npm.end()])
                ):
                    self._detail.append(line)  # the same record's next line
                else:
                    self._start(out, _PLAIN, self._clock(), _NPM_LEVELS[npm.group(1)], line, "npm")
                    self._undated = self._last_ts is None
                return out
        if c == "-" and self._last_ts is None:
            banner = _JOURNAL_BANNER.match(line)
            end = parse_iso(banner.group(1)) if banner is not None else None
            if end is not None:
                self._year_ref = end + 1.0
                return out  # journalctl's own banner, no entry of the log's
            begins = _JOURNAL_BEGINS.match(line)
            start = parse_iso(begins.group(1)) if begins is not None else None
            if start is not None:
                self._year_ref = start + _A_YEAR_ON
                return out
        if c == "L" and self._last_ts is None and line.startswith("Log file created at: "):
            # glog's file header ("Log file created at: 2016/03/31 12:23:44"): its lines,
            # year-less, follow it (as after journalctl's begin-only banner); the header
            # goes on as a line of its own
            start = parse_iso(line[21:40].replace("/", "-"))
            if start is not None:
                self._year_ref = start + _A_YEAR_ON
        kind = self._kind
        # a text entry, or log4j2's "[%t/%level]" line read in the agent's shape: a
        # service's line, the lines after it continuing it as a text entry's do
        # (a bracketed entry read as a service's line: its thread's level, or its full date;
        # its _multiline says so)
        as_text = kind == _TEXT or (kind == _ENTRY and (self._thread_level or self._multiline))
        if as_text and self._body_follows:
            # The open entry's head had no message: this line (and those after it, up to the
            # next entry) is its message (docs: An entry's message after its head).
            self._detail.append(line)
            return out
        if (
            kind == _TEXT
            and self._message[-1:] == ":"
            and self._level in ev.ERROR_LEVELS
            and self._listed(line)
        ):
            # An error whose message announces what follows ("The following errors occurred
            # with attribute routing information:", NLog's ASP.NET middleware; ClickHouse's
            # exception, its frames "0. DB::Exception::..." after): its list's lines
            self._detail.append(line)
            return out
        if kind == _TEXT and self._message[:7] == 'Trace "' and trace_step(line):
            self._detail.append(line)  # a Kubernetes request trace's steps, its END last
            return out
        if kind == _TEXT and _same_tag(line, self._message):
            # MySQL's InnoDB writes one message over lines each tagged "InnoDB: ", the time on
            # the first only: the untimed lines after it are its rest ("InnoDB: Fatal error").
            self._detail.append(line)
            return out
        if (
            kind in (_TEXT, _PLAIN)
            and line[-5:] in _TITLE_ENDS
            and self._message.rstrip()[-1:] == ":"
            and " " in line  # (a kind's words before it: "Runtime Error", no bare "Error")
            and _ERROR_TITLE.fullmatch(line) is not None
        ):
            # an error's kind alone on a line at the margin under a line announcing it, a
            # heading of the report the open entry writes over lines (dbt's "Could not load
            # dbt_project.yml", then "Profile loading failed for the following reason:",
            # "Runtime Error", its message indented): the entry's, at its level
            self._detail.append(line)
            self.lines_uninterpreted += 1
            return out
        if kind == _PLAIN and (c == "│" or c == "╵") and self._message.startswith(_TF_DIAGNOSTIC):
            # Terraform's diagnostic box (0.15 on): "╷", "│ Error: <summary>", its detail's
            # rows "│ ...", "╵": one entry, its summary's severity (the detail's prose,
            # "...as part of an error message.", none)
            self._detail.append(line)
            self.lines_uninterpreted += 1
            return out
        if (
            kind == _PLAIN
            and line[:6] == "Error:"
            and not self._detail
            and self._message[:2] == "⨯ "
            and " " not in self._message[2:].strip()
        ):
            # Next.js' failed compile: "⨯ ./src/app/page.tsx", the module alone, then the
            # compiler's "Error:   x Expected unicode escape" and its code frame: one error
            self._detail.append(line)
            self.lines_uninterpreted += 1
            return out
        if (
            kind == _PLAIN
            and self._message
            and line.startswith(PY_TRACEBACK)
            and not self._bare_traceback_ended()
        ):
            # Python's logging writes the record's message, then its traceback: after a line
            # of no layout (Django's "Internal Server Error: /path", its default format) the
            # traceback is that line's entry's, and so is its exception line. A line with no
            # level of its own is then an error's (logger.exception's, print_exc's message)
            self._detail.append(line)
            self._multiline = True
            self.lines_uninterpreted += 1
            return out  # (its level an error's if it had none: _traced, on completing)
        if (
            as_text
            and len(self._detail) < _LIST_LINES
            and (
                line in _OUTPUT_HEADS
                or _OUTPUT_HEADS[0] in self._detail
                or _OUTPUT_HEADS[1] in self._detail
            )
            and not line.startswith(_CRASH_OPENS)
            and not _marked(line)
        ):
            # a command's output quoted in the entry's message, a line naming each stream
            # (minikube's klog "apply failed, will retry: ...: Process exited with status 1",
            # then "stdout:", its lines, "stderr:", "error: error validating ..."): the
            # entry's, whatever the output's lines say, up to a line with a layout of its own,
            # a crash's first line (Go's "panic: ", Python's traceback) or a program's own
            # marked line (minikube's "❌  Exiting due to ...")
            self._detail.append(line)
            return out
        if (
            (as_text or kind == _PLAIN)
            and self._multiline
            and _py_raised_goes_on(line, self._detail)
        ):
            self._detail.append(line)  # the Python traceback's exception, its message (below)
            if kind == _PLAIN:
                self.lines_uninterpreted += 1
            return out
        if (
            (as_text or kind == _PLAIN)
            and self._multiline
            # after a Go program's logfmt, log15 or klog line, a Go stack's lines only; the
            # runtime's own crash after it ("panic: ...", "fatal error: ...") is an entry of
            # its own, FATAL, as after any other line
            and (
                (go_trace_line(line) and not line.startswith(_GO_CRASH))
                if self._fmt in _GO_RECORDS
                else continues(line)
            )
            and not (line[:9] == "Traceback" and self._bare_traceback_ended())
        ):
            # A traceback after the line that followed an error: that line was the error's.
            self._pending_plain = False
            self._detail.append(line)  # the open entry's traceback
            if kind == _PLAIN:
                self.lines_uninterpreted += 1
            return out
        if kind in (_TEXT, _PLAIN) and line[-1] == "'" and ruby_frame(line) and self._ruby_trace():
            # Ruby's backtrace written a frame a line at the margin (Sidekiq 2's WARN, Resque's
            # Logger lines): the frames after the entry's own are its trace's.
            self._detail.append(line)
            if kind == _PLAIN:
                self.lines_uninterpreted += 1
            return out
        if kind == _PLAIN and self._ruby_uncaught:
            if len(self._detail) < 60 and not _ruby_frames_began(self._detail):
                # Ruby's report of an exception nothing rescued: its message's other lines
                # (a SyntaxError's next errors, the code and its caret) before the frames
                self._detail.append(line)
                self.lines_uninterpreted += 1
                return out
            self._ruby_uncaught = False
        if (
            kind in (_TEXT, _PLAIN)
            and not self._detail
            and self._level in _ERROR_LEVELS
            and self._kind == _TEXT
            and ruby_uncaught(line)
        ):
            # Ruby's report right under an error entry's line, nothing between (its report
            # has no time to tell them apart): the exception that line logged, raised on
            # and reported as nothing rescued it (Unicorn's "FATAL -- : error adding
            # listener" then "socket_helper.rb:167:in `bind_listen': ... (ArgumentError)"):
            # one failure
            self._detail.append(line)
            self._ruby_uncaught = True
            if kind == _PLAIN:
                self.lines_uninterpreted += 1
            return out
        if as_text and self._message[-1:] == ":" and self._announced(line):
            self._detail.append(line)  # what the entry's message announced (docs section 7)
            if kept is not None:  # the entry's own line: the file's margin holds
                self._margin, self._plain_margin = kept
            return out
        if kind == _TEXT and self._fmt == "rails" and self._rails_reported(line):
            self._detail.append(line)  # the failed request's exception report: its detail
            return out
        if (
            kind == _TEXT
            and self._dated
            and not line.startswith(_CRASH_OPENS)
            and self._message_open(line)
        ):
            self._detail.append(line)  # the rest of a message left open (docs section 7)
            return out
        self.lines_uninterpreted += 1
        if kind == _PLAIN and self._panic_dump:
            # A kernel's report or panic with no time: its registers, frames and debugger
            # lines (those naming the fault or the panic again too) are the one report's, up
            # to a line with a time or its closing "---[ end trace ... ]---" or "---[ end
            # Kernel panic - not syncing: ... ]---" (a reboot's lines after it are their own).
            self._detail.append(line)
            if line[:6] == "---[ e" and line.startswith("---[ end "):
                self._panic_dump = False
            elif line[:7] == "time = " and self._undated:
                self._panic_time(line[7:], out)
            return out
        if (
            as_text
            and self._multiline
            and not self._detail
            and self._level in _ERROR_LEVELS
            and not (self._fmt == "klog" and line[:1] == "{")  # a JSON record's, cut
            and not (self._fmt in _GO_RECORDS and line.startswith(_CRASH_OPENS))
            # (Django's request logger under gunicorn's, "Internal Server Error: /x" then
            # its traceback: that request's error, not the gunicorn line's words)
            and not anytime.phrase_for_path(line)
        ):
            # logging.exception with a message of two lines: "ERROR msg", a line of its own
            # words, then the traceback (Python's, Java's). Which it is, the next line tells.
            # (After a Go program's record, a crash's or a traceback's head opens its own.)
            self._detail.append(line)
            self._pending_plain = True
            return out
        self._start_plain(line, out)
        if (c == " " or c == "\t") and not self._margin:
            # A log pasted indented, its first line of no layout (uWSGI's "   bind(): ..."):
            # its indentation is the margin, so the dated lines at it are entries of their own.
            self._margin = line[: len(line) - len(line.lstrip(" \t"))]
            self._plain_margin = True
        return out

    def _panic_time(self, value: str, out: list[ev.Event]) -> None:
        """FreeBSD's vpanic() prints the clock in its report (``time = 1717408800``, Unix
        seconds): the undated report's time, and the held lines'."""
        if len(value) != 10 or not value.isdigit():
            return
        ts = float(value)
        self._ts = ts
        self._last_ts = ts
        self._undated = False
        self._full_seen = True
        if self._held:
            self._release(out, ts)

    def _minio_block(self, line: str, out: list[ev.Event]) -> bool:
        """MinIO's console error block: the open plain line was its ``API: ...`` and ``line``
        its ``Time:``. The block is one ERROR entry from here, at that time (its other
        lines, in ``_plain``, its detail). False: no time of a block."""
        ts = minioconsole.block_time(line)
        if ts is None:
            return False
        api = self._message
        self._kind = _NONE  # the API line is the block's head, no plain line of its own
        self.lines_uninterpreted -= 1
        self._full_seen = True
        self._text_block(out, ts, "ERROR", api, "minio", {"api": api[5:]}, (), False)
        self._detail.append(line)
        return True

    def _rails_reported(self, line: str) -> bool:
        """Is ``line`` (at the margin, of no layout) a part of the exception report Rails
        writes after a failed request's ``Completed 500 ...`` (or 4xx) line, blank lines
        between: the exception's line, its message's lines up to one ending ``):``, then its
        trace's frames at the margin? The report says why the request failed: no error of
        its own (docs: Rails request blocks)."""
        if self._rails_report == 1:
            if line.endswith("):"):
                self._rails_report = 2
            return True
        if self._rails_report == 2:
            return ruby_frame(line)
        if self._message[:10] != "Completed " or any(not d.isspace() for d in self._detail if d):
            return False
        failed = any(n == "http_status" and v >= 400 for n, v, _ in self._samples)
        if not failed or not rails_report_opens(line):
            return False
        self._rails_report = 2 if line.endswith("):") else 1
        return True

    def _relayed_rails(self, t: Text, ts: float) -> None:
        """A Rails line behind a syslog header, each of its lines an entry of its own
        (Heroku's ``app[web.1]: Completed 500 ...``, then ``NameError (...):`` and the
        frames): the exception report just after a failed request's Completed line, from the
        same process, is that request's and no error of its own, as it is when the report
        joins its Completed entry in Rails' own log."""
        fields = t.fields
        assert fields is not None
        who = (fields.get("program"), fields.get("dyno", fields.get("pid")))
        if t.message[:10] == "Completed ":
            status = max((v for n, v, _ in t.samples if n == HTTP_STATUS), default=0)
            if status >= 400:
                # (concurrent requests interleave their lines: each failed one waits)
                pending = self._rails_failed.setdefault(who, [])
                kept = [p for p in pending if ts - p[0] < 5][-16:]
                pending[:] = [*kept, (ts, status >= 500)]
        elif t.level in _ERROR_LEVELS and rails_report_opens(t.message):
            waiting = self._rails_failed.get(who)
            while waiting and ts - waiting[0][0] >= 5:
                waiting.pop(0)
            # Rails answers a report's exception 4xx if its rescue_responses name it, else
            # 500: a Completed of the other class had no exception (a 422 the app rendered)
            server = not rails_client_error(t.message)
            if waiting:
                for i, (_at, failed) in enumerate(waiting):
                    if failed == server:
                        del waiting[i]
                        t.level = "INFO"
                        break

    def _message_open(self, line: str) -> bool:
        """Is the open text entry's message still going on, so that ``line``, of no time and
        no layout, is its rest, whatever it says? When its line opened a bracket that no line
        since has closed (Tomcat's StandardWrapperValve through JULI, ``threw exception
        [{2}] with root cause``, {2} a JSP compile failure's message of many lines), or when
        a Java exception's line is in its detail, its frames not begun (printStackTrace
        writes the exception's message, lines and all, before its first ``\tat``), or a
        Python traceback's closing exception line (its message's other lines after it), or when
        its line ended with a ``{`` that no line since has closed (a value printed over
        lines: ``line`` indented as its fields are, or closing it), or when it opened a Ruby
        object's inspect (``#<``) that no line since has closed and ``line`` closes one."""
        detail = self._detail
        if len(detail) > 400:
            return False
        msg = self._message
        if line[-1] == ">" and "#<" in msg and _inspect_depth(msg, detail) > 0:
            # Ruby's inspect of an object (``#<Class ...>``) over lines, its text written as
            # is (Moped's OperationFailure: "#<Moped::Errors::OperationFailure: The
            # operation: #<Moped::Protocol::Command", its ivars indented, then "failed with
            # error "unauthorized">" at the margin): open until a line closes it.
            return True
        if msg[-1:] == "{":
            # A value printed over lines, its brace closing the message's line (grpc-go's
            # addrConn.createTransport through klog: "failed to connect to {", the address's
            # fields indented, then "}. Err: connection error: ..."): open until it closes.
            depth = msg.count("{") - msg.count("}")
            for d in detail:
                depth += d.count("{") - d.count("}")
            # (a line at the margin that closes nothing is the program's own output after
            # the '{' of a line that never closed it: "fatal: not a git repository")
            if depth > 0 and line[:1] in (" ", "\t", "}", "]", '"'):
                return True
        if not detail:
            return False
        depth = msg.count("[") - msg.count("]")
        if depth > 0:
            for d in detail:
                depth += d.count("[") - d.count("]")
            if depth > 0:
                return True
        for i in range(len(detail) - 1, max(-1, len(detail) - 61), -1):
            d = detail[i].lstrip(" ")
            if not d:
                continue
            if d[0] == "\t" or d[:3] == "at " or d[:10] == "Traceback ":
                return False  # its frames began: what follows stands on its own
            if _java_exception(d):
                # Java's exception line before its frames, or Python's closing line after
                # them: the exception's message goes on under either (Odoo's ParseError:
                # "while parsing views.xml:2", "Error while validating view near:", the XML);
                # after Python's, up to a line that reads as a request or a time (a
                # worker's own output after the trace: "Uploaded 512 records in 1200ms")
                before = next((b for b in reversed(detail[:i]) if b), "")
                return not before.startswith("  ") or not _said_samples(line.strip())
        return False

    def _ruby_trace(self) -> bool:
        """Does the open entry's last line close with a frame of a Ruby backtrace?"""
        return ends_ruby_frame(self._detail[-1] if self._detail else self._message)

    def _listed(self, line: str) -> bool:
        """Is ``line`` (no time, no layout) an item of the list an error's message announced?
        Blank lines and numbered items ("Error 1:") are; a line saying a level or a
        request's status or time is an entry of its own, and the list ends at 400 lines."""
        if len(self._detail) >= _LIST_LINES:
            return False
        if not line.strip() or _NUMBERED_ITEM.match(line):
            return True
        if not self._detail and line[-5:] in _TITLE_ENDS and _ERROR_TITLE.fullmatch(line):
            return True  # the error's kind, its title (dbt's "Encountered an error:", then
            # "Runtime Error", its message indented under it)
        if level_in(line) != "UNKNOWN":
            return False
        return not _said_samples(line)

    def _announced(self, line: str) -> bool:
        """Is ``line`` (no time, no layout) what the open text entry's message, ending with a
        colon, announced (Cassandra's ``Normal Tokens:``, then the tokens on a line of their
        own; lager's ``closing AMQP connection <...> (...):``, then the reason)? Only under
        an entry with its own time, before any blank line, and never a line that would say
        something as an entry of its own: a level word, a request's status or duration, a
        JSON object or array, a ``#`` directive."""
        c = line[0]
        if self._dated and self._message.endswith(" panic recovered:"):
            # Gin's Recovery middleware: the request's dump (its headers, a blank line, its
            # body), the panic's value, then the stack ("/src/x.go:20 (0x8ffaf7)", a tabbed
            # call under each), one report: past its first frame only frames are its own
            detail = self._detail
            if len(detail) >= _RECOVERY_LINES:
                return False
            last = ""
            for d in reversed(detail):
                if d:
                    last = d
                    break
            in_stack = last[:1] == "\t" or _GIN_FRAME.match(last) is not None
            return not in_stack or _GIN_FRAME.match(line) is not None
        if not self._dated or c in " \t{[#":
            return False
        detail = self._detail
        if c == "*" and line[1:2] == " " and detail and not detail[0]:
            # go-multierror before 1.0: "2 error(s) occurred:", a blank line, then one
            # "* error" line each (its ListFormatFunc)
            return all(d[:2] == "* " for d in detail[1:])
        if detail and not detail[-1]:
            return False
        if level_in(line) != "UNKNOWN":
            return False
        if "xecution time:" in line[:24]:
            # a report's row (Artifactory's garbage collector's "Total execution time:    154
            # millis" under its "Storage garbage collector report:"): the entry's time, as
            # _complete reads it from its detail (anytime.detail_duration)
            return True
        return not _said_samples(line)

    def _slow_line(self, line: str, out: list[ev.Event]) -> bool:
        """A line of MySQL's (MariaDB's, Percona's) slow query log: a query's lines are one
        entry, from its ``# Time:`` (or, in the same second as the one before, its ``#
        User@Host:``) to its statement's last line; the header's values its fields, its
        Query_time its duration, the statement its message and detail. False: no such line,
        or a line of another format, which ends the query as it ends any entry."""
        open_ = self._kind == _TEXT and self._fmt == "mysql_slow"
        state = self._slow if open_ else 0
        if line[:2] == "# ":
            if line.startswith("# Time: "):
                ts = slow_time(line)
                if ts is None:
                    return False
                local = _SLOW_LOCAL if line[12:13] != "-" else 0  # not ISO 8601's
                self._slow_open(out, line, ts, _SLOW_TIME | local)
                at = line.find(" # ", 8)
                if at > 0:  # "# Time: ... # User@Host: ...", joined on one line
                    self._slow_header(line[at + 1 :])
                return True
            if line.startswith("# User@Host: "):
                if not open_ or state & (_SLOW_USER | _SLOW_QUERY):
                    # no "# Time:" of its own: in the second of the query before
                    self._slow_open(out, line, -1.0, 0)
                self._slow_header(line)
                return True
            if open_ and not state & _SLOW_QUERY:
                if not line.startswith("# administrator command: "):
                    self._slow_header(line)
                    return True
            elif line.startswith("# Query_time: "):
                self._slow_open(out, line, -1.0, 0)  # a cut file's, or --log-short-format's
                self._slow_header(line)
                return True
            elif not open_:
                return False
        elif not open_:
            return False
        if not state & _SLOW_QUERY:
            ts = mysqlslow.set_timestamp(line)
            if ts is not None:
                if state & _SLOW_LOCAL and self._samples:
                    # "# Time:" is when the query ended, SET timestamp when it began: what
                    # is left of their difference is the server's zone, in quarter hours
                    took = self._samples[0][1] / 1000.0
                    self._slow_zone = round((self._ts - ts - took) / 900.0) * 900.0
                elif not state & _SLOW_TIME:  # the query's start: its time, wanting a # Time:
                    ts += self._slow_zone
                    self._ts = ts
                    self._last_ts = ts
                    self._full_seen = True
                    self._undated = False
                    self._slow = state | _SLOW_TIME
                    if self._held:
                        self._release(out, ts)
                return True
            db = mysqlslow.use_schema(line)
            if db is not None:
                if self._fields is not None:
                    self._fields["schema"] = db
                return True
        if mysqlslow.server_line(line):
            return False
        if line[:2] != "# ":  # (a comment in the statement is the statement's)
            t = parse_text(line, self._ref())
            if t is not None and (t.ts >= 0 or t.tod >= 0):
                return False
        if state & _SLOW_QUERY:
            self._detail.append(line)
        else:
            self._message = line
            self._slow = state | _SLOW_QUERY
        return True

    def _slow_open(self, out: list[ev.Event], line: str, ts: float, state: int) -> None:
        """A slow log query's entry, its time ``ts`` (-1: the last one seen, until its SET
        timestamp); its message its first line until its statement comes."""
        dated = ts >= 0
        if dated:
            self._full_seen = True
        else:
            ts = self._clock()
        self._text_block(out, ts, "INFO", line, "mysql_slow", {}, (), False, dated)
        self._body_follows = False
        self._slow = state

    def _slow_header(self, line: str) -> None:
        """A header line of the open slow log query: its values to its fields."""
        fields = self._fields
        if fields is None:
            return
        if line.startswith("# User@Host: "):
            mysqlslow.user_host(line, fields)
            self._slow |= _SLOW_USER
            return
        took = mysqlslow.header_pairs(line, fields)
        if took is not None:
            self._samples = (("query_duration_ms", took * 1000.0, ""),)

    def _modsec_line(self, line: str) -> list[ev.Event]:
        """A line of the open ModSecurity transaction, whatever it holds (a request's body, a
        header's date), up to its part Z (or the next transaction's part A)."""
        out: list[ev.Event] = []
        lines = self._modsec or []
        p = modsecaudit.part(line) if line[:2] == "--" else ""
        if p == "A":
            self._modsec_done(out)
            self._modsec = [line]
            return out
        lines.append(line)
        if p == "Z" or len(lines) >= modsecaudit.MAX_LINES:
            self._modsec_done(out)
        return out

    def _modsec_done(self, out: list[ev.Event]) -> None:
        """ModSecurity's transaction, gathered: one entry, its parts the detail."""
        lines = self._modsec or [""]
        self._modsec = None
        self._text(lines[0], modsecaudit.transaction(lines), out, "")
        self._detail.extend(lines[1:])

    def _varnish_done(self, out: list[ev.Event]) -> None:
        """varnishlog's transaction, gathered: one entry, its records the detail."""
        head, *records = self._varnish or [""]
        self._varnish = None
        self._text(head, varnishlog.transaction(head, records), out, "")
        self._detail.extend(records)

    def _split_plain(self, out: list[ev.Event]) -> None:
        """The open error entry, completed without the line after it that no traceback
        followed; that line (and what was appended to it) then an entry of its own."""
        line, *rest = self._detail
        self._detail = []
        self.lines_uninterpreted += sum(1 for r in rest if r)  # as a plain entry's would be
        self._pending_plain = False
        self._complete(out)
        self._start_plain(line, out)
        self._detail = rest
        self._complete(out)

    def _unjoin(self, out: list[ev.Event]) -> None:
        """The open plain entry, Ruby's report of an exception nothing rescued, completed
        without the lines taken as its message's: no ``\tfrom`` frame followed them (a report
        of one line, ``app.rb:1:in `<main>': boom (RuntimeError)``, then the next start's
        lines), so each is an entry of its own, as it was before the report took it."""
        lines = self._detail
        self._detail = []
        self._ruby_uncaught = False
        self._complete(out)
        for line in lines:
            self._start_plain(line, out)
        self._complete(out)

    def _own_indented(self, line: str, kind: int, fmt: str) -> bool:
        """Is an indented line one the slow path makes an entry of (Kamailio's padded
        process number, Next.js' request line under a logger's head, Jest's console block),
        not the open entry's continuation?"""
        if line[:1] != " ":
            return False
        if line[2:3] == "(" and kamailio_head(line):
            return True
        if kind != _PLAIN:
            return line[1:2] in _METHOD_HEADS and self._own_request(line)
        if line[:4] == "    " and "_test.go:" in line[4:80]:
            return self._go_test_logged(line) is not None
        return "console." in line[:14] or (fmt == "jest" and not self._detail)

    def _go_test_logged(self, line: str) -> str | None:
        """go test -v's t.Log of a logger's dated line (geth's log15 through testlog,
        ``    stack_test.go:68: ERROR[05-30|10:28:44.039] ...``): that line, an entry of its
        own; else None (what a test logs in words continues its run)."""
        logged = _GO_TEST_LOG.match(line)
        if logged is None or not _dated_line(line[logged.end() :], self._ref()):
            return None
        return line[logged.end() :]

    def _own_request(self, line: str) -> bool:
        """Is a request line one space in (Next.js' " GET /admin 307 in 14260ms") its own
        entry under the timed line before it? Not when that line announced it (its message
        closing with ":", "request failed:") nor for a mark (" ✓ database reachable")."""
        if line[1:2] in NEXT_MARKS or self._message.rstrip()[-1:] == ":":
            return False
        return _indented_request(line)

    def _jest_console(self, line: str) -> list[ev.Event] | None:
        """Jest's buffered console output (BufferedConsole, under a test file's "● Console"):
        the method's name indented four spaces ("    console.error"), the message six in,
        then "at" its caller. One entry each, at the method's level, its message the line
        under the head (its time, "Search completed in 36ms", read as any plain line's)."""
        text = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        level = _JEST_CONSOLE.get(text) if indent in (2, 4) else None
        out: list[ev.Event] = []
        if level is not None:
            self._start(out, _PLAIN, self._clock(), level, text, "jest")
            self._jest_indent = indent  # (2 with --verbose, else 4: getConsoleOutput's)
            self._undated = self._last_ts is None
            return out
        if self._fmt != "jest" or self._detail or self._kind != _PLAIN or not text:
            return None
        if not self._message.startswith("console.") or indent < self._jest_indent + 2:
            return None  # (a group's depth adds two spaces a level: at least two more)
        level = self._level
        self._kind = _NONE  # the head's entry becomes its message's
        self._start_plain(text, out)
        if self._level not in _ERROR_LEVELS:
            self._level = level  # the method's, unless its words say an error
        self._fmt = "jest"
        return out

    def _start_plain(self, line: str, out: list[ev.Event]) -> None:
        # the Hive CLI's "OK", then its statement's "Time taken: 0.058 seconds" (a query's
        # says ", Fetched: N row(s)" too, its rows between): the statement's time
        hive = line[:12] == "Time taken: " and self._kind == _PLAIN and self._message == "OK"
        self._start(out, _PLAIN, self._clock(), level_in(line), line, "plain")
        # a traceback of its own goes on: Python's, and Go's runtime panic (its "[signal ...]",
        # goroutines and frames are the crash's, one entry)
        self._multiline = (
            line.startswith(PY_TRACEBACK)
            or line.startswith("panic: ")
            # log4j's or logback's layout without a date ("%-5p %c{1} - %m%n": "ERROR
            # ContextLoader - Context initialization failed"): its exception's lines follow
            or line[:8].split(" ", 1)[0] in _LEVEL_OPENERS
        )
        self._panic_dump = self._level in _ERROR_LEVELS and panic_opens(line)
        self._ruby_uncaught = ruby_uncaught(line)
        self._undated = self._last_ts is None
        said = Text(0.0, self._level, line, "plain")
        said_request(said)  # TheHive's "took 8ms and returned 401" on a line of no time
        if not said.samples and " HTTP/" in line:
            # an access line's request behind a layout of no time (Django's runserver under
            # "%(levelname)s %(module)s %(lineno)d %(message)s": 'INFO basehttp 124 "GET /x
            # HTTP/1.1" 200 775')
            http_in_text(said)
        if hive and said.samples and said.samples[0][0] == "duration_ms":
            said.samples = (("query_duration_ms", said.samples[0][1], ""),)
        if said.samples and self._rails_open:
            if any(name == HTTP_STATUS for name, _v, _s in said.samples):
                self._rails_open = False  # Rails 2.2's "Completed in 52ms (DB: 0) | 302 Found"
            else:  # a step of the request, which its Completed line times whole
                said.samples = tuple(
                    (STEP_MS if name in REQUEST_DURATIONS else name, v, scope)
                    for name, v, scope in said.samples
                )
        if said.samples:
            self._samples = said.samples
            self._fields = said.fields
            self._level = said.level
        elif line[:2] == "# " and _HS_ERR_OPENS in line:
            # HotSpot's fatal error log (hs_err_pid): its "#" header opened by "A fatal error
            # has been detected by the Java Runtime Environment:" (or "There is insufficient
            # memory for ..."): the JVM's crash, one report with the "#" lines under it
            self._fmt = "hs_err"
            self._level = "FATAL"
        elif self._csv_duration is not None and line[:1] == '"':
            self._samples = csv_duration(line, self._csv_duration)  # its header's column

    def _summary_stands(self) -> bool:
        """Does a run's dated summary (``Finished at: <date>``, ``started at <date>``) time
        the lines around it? Only in output whose lines carry no time: none so far, none
        held for a year (syslog's), or only summaries' (XCTest's suites). In a timed log it
        is a date the message tells ("Last run started at ...")."""
        if self._guess_at >= 0 or self._guess_ts is not None:
            return False
        return self._last_ts is None or self._last_ts == self._summary_ts

    def _dated_under_text(self, line: str) -> bool:
        """Is an indented line under a text entry worth reading for a time of its own (a
        clock in its head, no Java frame, no report's key, the entry's tries not spent)?"""
        if self._dated_tries >= _DATED_TRIES or line[1:4] == "at ":
            return False
        clock = _CLOCK_IN_HEAD.search(line, 0, 80)
        if clock is None or _REPORT_KEY.match(line.lstrip(" \t")) is not None:
            return False
        # a time inside a call's or a string's argument ("    log('2024-03-01 10:00:01 ...')"
        # in a traceback's source line) is its text; a line with no level word and no
        # status-like number can say neither (the cheap test before parse_text)
        if _LEVEL_OR_STATUS.search(line) is None:
            return False
        head = line[: clock.start()]
        return "(" not in head and "'" not in head and '"' not in head

    def _dated_indented(self, line: str, out: list[ev.Event], near: bool = False) -> bool:
        """An indented line under a plain line (no time of its own): an entry of its own
        when a layout reads it with a full date, its indentation then the file's margin as
        for a log pasted indented (HashiCorp's agents before hclog: the ``==>`` banner, then
        Go's ``log`` lines indented by four spaces). False: it continues the plain line.
        ``near``: under a dated entry, only a line of its layout dated at or after it (in
        the same second too: an agent logs many a second), by a month at most, saying a
        level or a request's status (a banner's build date, a certificate's validity, a
        statement's values, a list of times are its text); the file's margin stays (the
        entry's trace after it is still its own)."""
        text = line.lstrip(" \t")
        t = parse_text(text, self._ref())
        if t is None or t.ts < 0 or t.tod >= 0 or t.year_guessed:
            return False
        if near:
            if (
                t.fmt != self._fmt
                or not self._ts <= t.ts <= self._ts + 30 * 86400.0
                or (t.level in ("", "UNKNOWN") and not _says_status(t))
            ):
                return False
            self._text(text, t, out, "")
            return True
        if not padded_level_first(line):
            self._margin = line[: len(line) - len(text)]
            self._plain_margin = False
        self._text(text, t, out, "")
        return True

    def _indented(self, line: str, out: list[ev.Event]) -> list[ev.Event] | None:
        """An indented line that opens no entry's continuation: read without its indentation;
        if it is a known layout, its indentation becomes the file's margin. (SSHKit's level
        is right-aligned: its spaces are its layout's.)"""
        text = line if is_sshkit(line) else line.lstrip(" \t")
        if not text:
            return None
        t = parse_text(text, self._ref())
        if t is None or (t.ts < 0 and t.tod < 0 and t.record is None and t.fmt != "kamailio"):
            return None  # (Kamailio's untimed layout pads its first column: " 1(8) ERROR: ")
        if not padded_level_first(line):  # log4j's padded level is the layout's, no margin
            self._margin = line[: len(line) - len(text)]
            self._plain_margin = False
        self._text(text, t, out, "")
        return out

    def _ref(self) -> float:
        """What a year-less date is placed against: before the file's last change until the
        log gave a time, then after the log's last time (a syslog file spans months), but
        never after the file's last change (or now) while the log's times are before it:
        no line of a file was written after the file was."""
        ref = self._year_ref
        base = self._now() if ref is None else ref
        last = self._last_ts
        if last is None:
            last = self._guess_ts
        if last is None or (not self._full_seen and last == self._guessed_at):
            return base  # no time yet, or only year-less ones: each against the file's change
        ahead = following(last)
        return ahead if ahead <= base or last > base else base

    def _text(self, line: str, t: Text, out: list[ev.Event], prefix: str) -> None:
        record = t.record
        if line[2:3] == "/" and line[5:6] == "/" and t.ts >= 0:
            t.ts = self._day_order(line, t.ts, prefix)
        if (
            self._kind == _TEXT
            and self._level in _AER_LEVELS
            and aer_report_rest(t.message)
            and aer_report_line(self._message)
        ):
            # the kernel prints an AER report's lines at its head's level (a corrected
            # error's at KERN_WARNING, an uncorrected one's at KERN_ERR): its status/mask,
            # its bits ("[ 0] Receiver Error"), whatever their words
            t.level = self._level
        if t.fmt == "vllm":
            head = vllm_head(line)
            said = t.message
            if (
                self._kind == _TEXT
                and self._fmt == "vllm"
                and head == self._vllm_head
                and said != self._message
                and (said.partition(" ")[0] != self._message.partition(" ")[0] or continues(said))
            ):
                # vLLM writes each line of a message (its traceback) behind the whole head
                # again: the open entry's. The same message again is a record of its own
                # (two workers failing in one second), and so is one that opens with the
                # open one's word, a trace's line aside: one source line logging again in
                # the same second ("Route: /docs, ...", "Received request ...")
                self._detail.append(said)
                return
            self._vllm_head = head
        if t.fmt == "ruby" and t.level in _ERROR_LEVELS and self._ruby_report_part(t):
            return
        if self._node_crash and record is None and self._stamped_crash_goes_on(line, t):
            return
        if t.fmt == "syslog" and self._fmt == "syslog" and self._joins_trace(t):
            self._detail.append(line)
            return
        if self._report_at >= 0 and record is None and self._joins_report(t):
            self._detail.append(line)
            if "---[ end " in t.message or (t.fmt == "zabbix" and not t.message.strip("=")):
                self._report_at = -1.0
            return
        if t.year_guessed:
            self._guessed_at = t.ts
        elif t.ts >= 0 and t.tod < 0:
            self._full_seen = True
        guessed = 0
        if t.tod >= 0:  # a time of day alone: on the day of the log's last time
            last = self._last_ts
            if last is None:
                guessed = _TOD
                last = self._guess_ts
                if last is None:
                    last = self._now() if self._year_ref is None else self._year_ref
            t.ts = on_day(t.tod, last)
        elif t.year_guessed and self._last_ts is None:
            guessed = _YEAR
        if t.whole_time >= 0:
            self._whole_unit(t)
        if t.utc_epoch and self._last_ts is not None:
            t.ts = on_local_clock(t.ts, self._last_ts)
        stand_in = t.ts if t.ts >= 0 else self._clock()
        if record is not None:  # logfmt, zap's {fields}: a record, as a JSON line is
            if prefix:
                record.setdefault("prefix", prefix)
            ts, level, message, kept, samples, _kind = read_record(
                record, t.message, stand_in, dated=t.ts >= 0
            )
            if t.header_clock or (t.stamped and abs(ts - t.ts) > STAMP_WINDOW):
                # the header's time, the record's zone says it is the host's clock; a stamp's,
                # the record's own far from it (local with no zone, a date as data)
                ts = t.ts
            # its error's trace after it, at the margin: zap's stacktrace, or a Go stack
            # printed after a logrus line (pkg/errors' "%+v": "pkg.Func", then "\tfile:line")
            multiline = t.fmt == "zap-console" or t.fmt == "logfmt" or t.fmt == "log15"
            dated = t.ts >= 0 or ts != stand_in
            if ts != t.ts:
                guessed = 0  # the record's own time
                if dated:
                    # a full one (logrus' time="2021-12-05T08:00:00Z"): the year-less klog
                    # lines after it are placed after it, not against the file's change;
                    # so are a year-less syslog header's after one its record said
                    # (dockerd's time="2024-11-18T09:12:24Z" behind "Nov 18 09:12:24")
                    self._full_seen = True
            self._text_block(
                out, ts, level, message, t.fmt, kept, samples, multiline, dated, guessed
            )
            return
        if not t.samples and not traces_internals(t):
            said_request(t)  # "Completed 200 OK in 45ms", "took 8ms and returned 401"
        if t.fmt == "syslog" and t.fields:
            self._relayed_rails(t, stand_in)
        fields = t.fields
        if prefix:
            fields = dict(fields) if fields else {}
            fields["prefix"] = prefix
        self._text_block(
            out,
            stand_in,
            t.level,
            t.message,
            t.fmt,
            fields,
            t.samples,
            t.multiline,
            t.ts >= 0,
            guessed,
        )
        if (t.fmt == "cmtrace" or t.fmt == "jul-xml") and t.ts < 0:
            self._body_follows = True  # the record's message goes on: its time after it
        if (
            t.level in _ERROR_LEVELS
            and (t.fmt == "uptime" or (t.fmt == "syslog" and _kernels(t)))
            and report_opens(t.message)
        ):
            self._report_at = fields["uptime"] if t.fmt == "uptime" and fields else stand_in
        elif t.fmt == "zabbix" and t.message == _ZABBIX_FATAL:
            self._report_at = stand_in

    def _wrapped_pairs(self, line: str) -> bool:
        """Is ``line`` the rest of the open request record, its pairs wrapped onto the next
        line (a terminal's copy of ``heroku logs``: ``... request_id=481f...`` then `` fwd="..."
        dyno=web.1 connect=0ms service=6ms status=200 bytes=19182``)? Its status and time
        are then the record's."""
        if not self._fields or "method" not in self._fields or _PAIRS_ONLY.fullmatch(line) is None:
            return False  # (a traceback's code line "    return x(status=400)" is no pair)
        if any(name == HTTP_STATUS for name, _v, _s in self._samples):
            return False  # the record had its status: the line is its detail
        said = request_in(self._ts, self._level, self._message + line, self._fmt, self._fields)
        if not said[2]:
            return False
        self._level, self._fields, self._samples = said
        self._detail.append(line)
        return True

    def _joins_trace(self, t: Text) -> bool:
        """Is ``t`` a line of the trace the open syslog entry goes on with, each of its lines
        under the same program's header (and process, and Heroku's dyno)? A Python
        traceback (eb-cfn-init's ``[ERROR] Timeout``, then ``Traceback (most recent call
        last):``, its frames and ``ReadTimeout: ...``) after an error or a warning
        (``exc_info``), right after it (the trace is logged with it, its header's time the
        syslog's, maybe not the record's), or the frames under a traceback that opened an
        entry of its own (an uncaught one on a service's stderr); a chained exception's
        ``During handling of the above exception ...`` and its next traceback go on with
        it. Rails' exception report behind its request's tags (_TAGS_ONLY); a Go panic's
        goroutine stack (_GO_STACK)."""
        if self._kind != _TEXT:
            return False
        mine = self._fields or {}
        fields = t.fields or {}
        if (
            fields.get("program") != mine.get("program")
            or fields.get("pid") != mine.get("pid")
            or fields.get("dyno") != mine.get("dyno")
        ):
            return False
        said = t.message
        state = self._syslog_trace
        tagged = (
            _TAGS_ONLY.fullmatch(self._message.rstrip())
            if state == _TAGGED
            or (
                state == _NO_TRACE
                and not self._detail
                and self._level in _ERROR_LEVELS
                and said[:1] == "["
            )
            else None
        )
        if tagged is not None:
            tags = tagged.group(1).rstrip()
            if said.startswith(tags) or (
                state == _TAGGED
                and (_LIBPQ_LINE.match(said) is not None or said.strip() in _PG_CARET_CLOSE)
            ):
                # the report's line behind the tags, or its exception's message going on
                # with no head of its own (libpq's "LINE 1: SELECT ...", "^", "):")
                self._syslog_trace = _TAGGED
                return True
            self._syslog_trace = _NO_TRACE
            return False
        if state == _GO_STACK or (
            state == _NO_TRACE
            and not self._detail
            and self._level in _ERROR_LEVELS
            and (
                said.startswith(("goroutine ", "[signal "))
                or (not said.strip() and self._message.startswith("panic: "))
            )
        ):
            # a panic's goroutine stack, each line under the program's header (Heroku's
            # "app[web.1]: goroutine 21 [running]:", net/http's "http: panic serving ..."
            # before it; the runtime's "panic: ...", "[signal SIGSEGV ...]", a blank line):
            # the panic's entry, not an entry a line ("panic(0x7e4280, ...)"). Another
            # panic after it is an entry of its own.
            if (
                not said.strip()
                or said.startswith(("[signal ", "...additional frames elided..."))
                or (go_trace_line(said) and not said.startswith(_GO_CRASH))
                or _GO_FILE_LINE.fullmatch(said) is not None
            ):
                self._syslog_trace = _GO_STACK
                return True
            self._syslog_trace = _NO_TRACE
            return False
        if state == _NO_TRACE:
            if self._detail:
                return False
            if self._level in _TRACED_LEVELS and said.lstrip(" +").startswith(_TRACE_HEADS):
                # (an exception group's "  + Exception Group Traceback ...", Python 3.11's)
                self._syslog_trace = _FRAMES
                return True
            if said[:1] == " " and self._message.startswith(PY_TRACEBACK):
                self._syslog_trace = _FRAMES
                return True
            return False
        if state == _FRAMES:
            # a frame's or its code's line (indented) goes on; the exception's line ends them,
            # and so does an exception group's closing rule ("    +------------")
            if said[:1] != " " or said.strip(" +-") == "":
                self._syslog_trace = _RAISED
            return True
        if state == _RAISED:
            if said.startswith(_CHAINED):
                self._syslog_trace = _CHAINING
                return True
            if said.startswith("[SQL: ") and not said.rstrip().endswith("]"):
                self._syslog_trace = _IN_SQL  # the statement over lines, to its "]"
                return True
            if (
                not said.strip()
                or said[:1] in " \t"
                or said.startswith(_EXCEPTION_GOES_ON)
                or _LIBPQ_LINE.match(said) is not None
            ):
                # the blank line before a chained exception's words; the exception's message
                # going on (SQLAlchemy's "\tIs the server running ...?", its "[SQL: ...]",
                # "[parameters: ...]", "(Background on this error at: https://sqlalche.me/e/
                # 14/e3q8)", psycopg2's "DETAIL:  Key (email)=(a@b.c) already exists.")
                return True
            self._syslog_trace = _NO_TRACE
            return False
        if state == _IN_SQL:
            if said.rstrip().endswith("]"):
                self._syslog_trace = _RAISED
            return True
        # _CHAINING: blank lines, then the next traceback (an exception group's too)
        if said.lstrip(" +").startswith(_TRACE_HEADS):
            self._syslog_trace = _FRAMES
            return True
        if not said.strip():
            return True
        self._syslog_trace = _NO_TRACE
        return False

    def _joins_report(self, t: Text) -> bool:
        """Is ``t``, after a kernel report's opening line (dmesg's, syslog's), a line of
        that report (its registers, frames, ``Code:``, ``---[ end trace``), its detail?
        A line of the same format (and syslog program) within 2 s of the opening, in a
        report's own shape (``report_line``), saying no error of its own and opening no
        report (its ``---[ end ...`` closing line aside): another error, a panic after an
        oops, a device's line in those 2 s, a later line or another program's stand as
        entries."""
        if t.fmt != self._fmt:
            return False
        if t.fmt == "zabbix":
            # Zabbix's dump after a crash's signal (zbx_log_fatal_info): the same process's
            # lines, each under its head, to the rule of "=" closing it (registers, the
            # backtrace, the memory map: a library's "libgpg-error.so" says no error)
            mine = self._fields.get("pid") if self._fields else None
            pid = t.fields.get("pid") if t.fields else None
            return pid == mine and 0 <= t.ts - self._report_at <= 2.0
        closes = "---[ end " in t.message  # "---[ end Kernel panic - not syncing: ... ]---"
        if t.level in _ERROR_LEVELS and not closes:
            return False
        fields = t.fields
        said = t.message
        if t.fmt == "uptime":
            at = fields.get("uptime", -1.0) if fields else -1.0
        elif t.fmt == "syslog" and t.ts >= 0:
            mine = self._fields.get("program") if self._fields else None
            if (fields.get("program") if fields else None) != mine:
                return False
            if mine is None:  # "Nov 19 12:34:38 :HOSTNAME: kernel: RIP: ...": after its tag
                tag = said.find("kernel: ", 0, 80)
                said = said[tag + 8 :] if tag >= 0 else said
            at = t.ts
        else:
            return False
        return (
            0 <= at - self._report_at <= 2.0
            and (closes or not report_opens(said))
            and report_line(said)
        )

    def _whole_unit(self, t: Text) -> None:
        """A lone whole-number time at an access line's end (``%D`` or ``%T``, nothing on the
        line saying which, nor which Tomcat): read by its size alone (``_whole_time``) until
        the stream's earlier such times say more. Most of them 10-99: Tomcat's %D before
        10.0, every one of the stream's is ms (its 1532 too, its 3 not seconds); most 100 or
        more: microseconds, its 87 too (Apache's %D, Tomcat's from 10.0). In the common
        layout (no referer, no agent), a body size written ``0`` says a Java writer whose time
        is ms, that line's and every later one's: Apache's and Tomcat's %b write ``-`` for
        none; logback-access's %bytesSent writes the number (Nexus 2's request.log, ``%h %l
        %u [%date] "%requestURL" %statusCode %bytesSent %elapsedTime``). (A client address as
        Java writes IPv6, ``0:0:0:0:0:0:0:1``, says Java but not which Tomcat: 10's %D is µs.)"""
        n = t.whole_time
        f = t.fields
        if self._whole_zero_size or (f is not None and f.get("bytes") == 0 and "referer" not in f):
            self._whole_zero_size = True
            reread_whole_time(t, WHOLE_MS)
            return
        small, big = self._whole_small, self._whole_big
        if n >= 100:
            self._whole_big = big + 1
        elif n >= 10:
            self._whole_small = small + 1
        if small > big:
            reread_whole_time(t, WHOLE_MS)
        elif big > small and 10 <= n < 100:
            reread_whole_time(t, WHOLE_US)

    def _wrapped(self, line: str, w: re.Match[str], out: list[ev.Event]) -> None:
        """A wrapper.log line: the wrapped program's own line (with its own time and level,
        as the JVM's log4j writes it) when it has one, a stack trace's line the open entry's
        from the same source; else the wrapper's level (a level word in the message before
        its INFO, which is all the JVM's output gets) at the wrapper's time."""
        source = w.group(2).strip()
        rest = line[w.end() :]
        if self._open_from(source) and (rest[:1] in (" ", "\t") or continues(rest)):
            self._detail.append(rest)
            return
        t = parse_text(rest, self._ref()) if rest[:1] not in ("", " ", "\t") else None
        if t is not None and t.ts >= 0:
            self._text(rest, t, out, source)
            return
        ts = parse_iso(w.group(3).replace("/", "-"))
        if ts is None:
            ts = self._clock()
        level = levels.word(w.group(1)) if w.group(1) not in ("STATUS", "ADVICE") else "INFO"
        if level == "INFO" and (said := level_in(rest[:80])) != "UNKNOWN":
            level = said
        own: dict[str, Any] = {"prefix": source, "wrapper_level": w.group(1)}
        self._text_block(out, ts, level, rest, "wrapper", own, (), True)

    def _open_from(self, prefix: str) -> bool:
        """Is an entry open that came behind ``prefix`` (a container's, a wrapper's source)?"""
        fields = self._fields
        return bool(self._kind) and fields is not None and fields.get("prefix") == prefix

    def _day_first_look(self, text: str) -> None:
        """The first text fed (a file's first megabyte, read_chunks'), looked through for its
        numeric dates' order before any line is read: a file whose days above 12 come first
        and none second (``18/12/2022``) writes day first from its first line, the ones
        before its first such day too (_day_order then reads them so)."""
        if "/" not in text[:4096]:
            return
        day = month = 0
        for m in _NUMERIC_DATE_HEAD.finditer(text, 0, 1 << 20):
            vote = _day_vote(int(m.group(1)), int(m.group(2)))
            day += vote > 0
            month += vote < 0
        if day and not month:
            self._day_votes[""] = 1

    def _day_order(self, line: str, ts: float, prefix: str) -> float:
        """A numeric date at the line's head, ``a/b/yyyy``, is read month first (the US habit)
        unless a number above 12 says which is the day. Each says so for its stream (its
        container's, behind a prefix): a day above 12 first is a vote for day first (an
        en_GB or fr app's ``18/12/2022``), a second number above 12 one for month first.
        While day first leads, the stream's later dates that could be either (``06/12/2022``)
        are read day first; the lines before the first vote stay as read (nothing is held
        for it) unless the first text fed showed the order (_day_first_look), and a line
        whose time is no reading of that date (another stamp on the line) is left alone."""
        a, b, year = line[:2], line[3:5], line[6:10]
        digits = a + b + year
        if not digits.isascii() or not digits.isdigit() or line[10:11] not in " T:":
            return ts
        first, second = int(a), int(b)
        votes = self._day_votes
        vote = _day_vote(first, second)
        if vote:
            votes[prefix] = votes.get(prefix, 0) + vote
        elif votes.get(prefix, 0) > 0 and first != second and first and second:
            read = date(int(year), first, second)  # month first, as the line was read
            day = int((ts + 14 * 3600) // 86400) + _EPOCH_ORDINAL  # (any zone: within a day)
            if abs(day - read.toordinal()) > 1:
                return ts  # the time came from another stamp on the line
            return ts - (read - date(int(year), second, first)).total_seconds()
        return ts

    def _dbt_ends(self, line: str) -> bool:
        """Does a line under dbt's file log say another program writes now (dbt.log printed
        into a CI job's log, that job's own lines after it): a CI runner's own line, a line
        stamped with an ISO time (a runner's timestamps), a dated line with a level of its
        own? A date in a model's SQL, libpq's "FATAL:" (no date) are the event's."""
        if line.startswith(_CI_OWN):
            return True
        if not line[:1].isdigit() or anytime.head_time(line, self._ref()) is None:
            return False
        if line[10:11] == "T":
            return True
        t = parse_text(line, self._ref())
        return t is not None and t.level not in ("", "UNKNOWN")

    def _run_prefix(self, line: str, r: re.Match[str]) -> bool:
        """Is ``[name] `` a process runner's prefix (_RUN_PREFIX)? Its name is known, or a
        JSON record follows it and the name reads as a process's (and is then known): not a
        level's word or letter, not a request's id, a date or an epoch (Rails' tagged
        logging, "[3f2a9c1e-...] {json}"), whose values never repeat; a pid is one
        (concurrently's --prefix pid)."""
        name = r.group(1)
        known = self._run_names
        if name in known:
            return True
        at = r.end()
        if (
            line[at : at + 2] != '{"'
            or line[-1] != "}"
            or len(name) > 24
            or name.lower() in levels.WORDS
            or (len(name) == 1 and name.isalpha())
            or _ID_LIKE.search(name) is not None
        ):
            return False
        try:
            record = _fast_decode(line[at:])
        except orjson.JSONDecodeError:
            return False
        if not isinstance(record, dict) or len(known) >= 64:
            return False
        known.add(name)
        return True

    def _node_crash_goes_on(self, line: str, said: str | None = None) -> bool:
        """Does ``line`` (its words ``said``, behind a prefix) go on the open entry as Node's
        report's (_node_crash_next)? It is then the entry's; a report its underline or its
        exception never confirmed is none."""
        if said is None and not self._node_caught_up():
            return False
        state = _node_crash_next(
            self._node_crash, line if said is None else said, len(self._detail)
        )
        if not state:
            self._node_ends()
            return False
        self._node_crash = state
        self._detail.append(line)
        self._node_seen = len(self._detail)
        return True

    def _bare_traceback_ended(self) -> bool:
        """Is the open entry a bare traceback (its message ``Traceback (most recent call
        last):``) that ended with its exception (its last line at the margin: the exception's,
        its message's indented lines and blanks after it, psycopg2's), so that another
        traceback opens another entry (a crash loop's stderr, one a start), not a chained one
        (Python's "During handling of the above exception ..." or "The above exception was
        the direct cause ...", at the margin between)? (Under a logged error the same
        traceback again is the error's: gunicorn 19 logs a worker's exception, then prints
        it.)"""
        if not self._message.startswith(PY_TRACEBACK):
            return False
        for said in reversed(self._detail[-20:]):
            if said and said[0] != " " and said[0] != "\t":
                return not said.startswith(_PY_CHAINED)
        return False

    def _stamped_crash_goes_on(self, line: str, t: Text) -> bool:
        """Is ``t`` the next line of Node's report the open entry opened, each of its lines
        behind a runtime's stamp to the sub-second (`docker logs -t`, `kubectl logs
        --timestamps`, Railway's export: "2026-01-08T20:38:34.138Z [err]  /app/x.js:111",
        then the code, the caret, the exception, its frames)? A line of another stream, or
        one that served a request, ends the report (a report never confirmed is none)."""
        if not (
            self._kind == _TEXT
            and t.fmt == "text"
            and self._fmt == "text"
            and line[10:11] == "T"
            and line[19:20] in ".,"
            and 0 <= t.ts - self._ts <= _STAMPED_CRASH_SPAN
            and (t.fields or {}).get("stream") == (self._fields or {}).get("stream")
            and not t.samples
            # (its code's line is no request's: "info: GET /x 200" is another program's)
            and not (
                self._node_crash == _CRASH_CODE
                and anytime.REQUEST_NAMED.match(t.message.lstrip()) is not None
            )
        ):
            return False
        return self._node_crash_goes_on(line, t.message)

    def _node_caught_up(self) -> bool:
        """The report's lines the entry took without asking (indented and blank ones: its
        code, underline, frames), walked through as if asked: is the report still open?"""
        detail = self._detail
        for i in range(self._node_seen, len(detail)):
            state = _node_crash_next(self._node_crash, detail[i], i)
            if not state:
                self._node_ends()
                return False
            self._node_crash = state
        self._node_seen = len(detail)
        return True

    def _node_opens(self, prefix: str) -> None:
        """The open entry may be Node's report: its place read, behind ``prefix`` (or
        none), its code line to come."""
        self._node_crash = _CRASH_CODE
        self._node_prefix = prefix
        self._node_seen = 0

    def _node_ends(self) -> None:
        """The open report is over: confirmed (an error's), or never one."""
        self._node_crash = _CRASH_CLOSED if self._node_crash >= _CRASH_REPORT else _NO_CRASH

    def _prefixed(self, line: str, prefix: str, at: int, out: list[ev.Event]) -> list[ev.Event]:
        """A line behind a container's or a file's name: the rest read as a line of its own."""
        rest = line[at:]
        if (
            rest[19:22] == " | "
            and (prefix[:4] == "jvm " or prefix == "wrapper")
            and _WRAPPER_TIME.match(rest) is not None
        ):
            # the Java Service Wrapper's "PTM" format: "jvm 1    | 2018/01/26 10:00:00 | msg"
            if rest[22:23] in (" ", "\t") and self._open_from(prefix):
                self._detail.append(line)  # a trace's line, each with its time: the entry's
                return out
            rest = rest[:19] + " " + rest[22:]
        if (
            self._node_crash
            and self._node_prefix == prefix
            and self._open_from(prefix)
            and rest[:1] != "{"
            and (not rest.strip() or not _dated_own(rest, self._ref()))
            and self._node_crash_goes_on(line, rest)
        ):
            return out  # Node's report behind the prefix: as without (its lines no layout)
        if not rest or rest[0] == " " or rest[0] == "\t":
            text = rest.lstrip(" ")
            if rest[:1] == " " and len(rest) - len(text) <= 4 and text[:1].isalnum():
                # a few spaces in, then a line with its own time: the program's own margin
                # (the serve package's " HTTP  5/15/2026 10:47:00 AM ... Returned 200 in 105
                # ms", Consul 1.0's "    2018/05/02 17:51:43 [INFO] raft: ..."), an entry,
                # not the container's open entry's rest (a trace's lines name no time)
                t = parse_text(text, self._ref())
                if t is not None and t.ts > 0:
                    self._text(text, t, out, prefix)
                    return out
            if self._open_from(prefix):
                self._detail.append(line)  # a continuation line of that container's entry
                return out
        elif (
            self._body_follows
            and self._kind == _TEXT
            and self._open_from(prefix)
            and parse_text(rest, self._ref()) is None
        ):
            # the container's open entry had no message on its head line: this line of no
            # layout is its message, as unprefixed (Spring Boot's ConditionEvaluationReport-
            # Logger at INFO, then a blank line, then "Error starting ApplicationContext...")
            self._detail.append(line)
            return out
        elif (
            self._open_from(prefix)
            and (self._multiline or (self._fmt == "text" and rest.startswith(PY_TRACEBACK)))
            and continues(rest)
            and parse_text(rest, self._ref()) is None
        ):
            # a trace's line at the margin (Java's "org.example.FooException: ..." after a
            # blank line of its own): the container's open entry's, as it would be unprefixed
            # (an entry whose layout's lines take a trace; Python's traceback after a line of
            # no layout too, as Django's "Internal Server Error: /x" then its traceback)
            self._detail.append(line)
            self._multiline = True  # (its frames and its exception's line after it)
            return out
        elif rest[0] == "{" and self._json(rest, out, prefix):
            return out
        else:
            t = parse_text(rest, self._ref())
            if t is not None:
                self._text(rest, t, out, prefix)
                return out
        self.lines_uninterpreted += 1
        own: dict[str, Any] = {"prefix": prefix}
        self._text_block(out, self._clock(), level_in(rest), rest, "text", own, (), False, False)
        return out


def _dated_own(line: str, ref: float) -> bool:
    """Does a line read with a time of its own (an entry, not the one before's words: apport's
    "ERROR: apport (pid 785277) 2026-02-02 11:46:07,006: ...")?"""
    t = parse_text(line, ref)
    return t is not None and t.ts >= 0


def _java_frame(line: str) -> bool:
    """Is an indented line a stack frame (Java's ``\tat pkg.Class.method(File.java:12)``, with
    logback's and log4j2's packaging after it, `` ~[app.jar:1.0]``; .NET's, its file's line
    after it, and Node's ``at`` frames too)? Under the line that followed an error, it says
    that line was the logged exception's, its toString its own words (SymmetricDS' wrapper:
    "Exception caught.", then "Error 16 [Unexpected exit from server] with native error 1"
    and its frames): one error."""
    end = line[-1:]
    if line.lstrip(" \t")[:3] != "at " or "(" not in line:
        return False
    # (.NET's with its file: "   at X.Main(String[] args) in C:\\src\\Program.cs:line 69")
    return end == ")" or end == "]" or (end.isdigit() and ":line " in line[-14:])


def _kernels(t: Text) -> bool:
    """Is a syslog line the kernel's: its program ``kernel``, or, where the header read gave
    no program (``Nov 19 12:34:38 :HOSTNAME: kernel: msg``), ``kernel: `` at its head?"""
    program = t.fields.get("program") if t.fields else None
    if program is None:
        return t.message.find("kernel: ", 0, 80) >= 0
    return program == "kernel"
