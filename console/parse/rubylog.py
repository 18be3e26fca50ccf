"""Ruby's Logger file header and SSHKit's pretty lines: a Capistrano deploy's log.

Ruby's Logger opens each file it creates with ``# Logfile created on 2021-03-12 09:24:10
+0100 by logger.rb/v1.4.3`` (Time#to_s: the local time and its offset), whatever layout
its lines take after: the file's first time. SSHKit (Capistrano's runner, its Pretty
formatter, ``'%6s %s' % [level, message]``) writes no time on its lines: the level
right-aligned in six columns, the command's id in brackets, its words::

      INFO START 2021-03-12 09:24:10 +0100 cap production deploy
      INFO [66941bf5] Running /usr/bin/env mkdir -p /tmp as deploy@web-1
     DEBUG [66941bf5] Command: /usr/bin/env mkdir -p /tmp
      INFO [66941bf5] Finished in 0.357 seconds with exit status 0 (successful).

Capistrano's ``START`` line (its log's banner for each run) carries the run's time; the
``Finished`` line the command's run time and exit status.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from console.parse import levels

_LOGFILE_CREATED: Final = re.compile(
    r"# Logfile created on (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}) by logger\.rb"
)


def logfile_created(line: str) -> float | None:
    """The time Ruby's Logger header says its file was created at (rule above), else None."""
    m = _LOGFILE_CREATED.match(line)
    return None if m is None else _time_to_s(m.group(1))


def _time_to_s(text: str) -> float | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z").timestamp()
    except ValueError:
        return None


# Ruby's Logger's severities (UNKNOWN aside), named as every other reader names them; an
# SSHKit line opens with one right-aligned in six columns, then a space (" DEBUG ", "  INFO ").
_LEVEL_WORDS: Final = frozenset({"DEBUG", "INFO", "WARN", "ERROR", "FATAL"})
HEADS: Final = frozenset(f"{word:>6} " for word in _LEVEL_WORDS)
_COMMAND_ID: Final = re.compile(r"\[([0-9a-f]{8})\] ")
_START: Final = re.compile(r"START (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}) ")
_FINISHED: Final = re.compile(
    r"Finished in (\d+(?:\.\d+)?) seconds with exit status (\d+) \((successful|failed)\)\.$"
)


class SSHKitLine:
    """One SSHKit line: its level, its message, its command's id and what it says of it."""

    __slots__ = ("command", "exit_status", "level", "message", "took_ms", "ts")

    def __init__(self, level: str, message: str, command: str) -> None:
        self.level = level
        self.message = message
        self.command = command
        self.ts: float | None = None
        self.took_ms: float | None = None
        self.exit_status: int | None = None


def is_sshkit(line: str) -> bool:
    """Does the line open as SSHKit's and read as one (a line of another layout with a padded
    level, log4j's or Python's, does not)? The heads' test first: the cheap one."""
    return line[:7] in HEADS and sshkit_line(line) is not None


def sshkit_line(line: str) -> SSHKitLine | None:
    """An SSHKit line (rules above): its level right-aligned in six columns, then a space."""
    if line[:7] not in HEADS:
        return None
    level = levels.word(line[:6].lstrip(" "))
    rest = line[7:]
    if rest[:1].isdigit():
        return None  # a time after the padded level: log4j's "%6p %d", Python's "%(levelname)6s"
    command = ""
    if rest[:1] == "[":
        m = _COMMAND_ID.match(rest)
        if m is None:
            return None  # a thread's name, log4j's padded "%5p [%t] %d": no SSHKit line
        command = m.group(1)
        rest = rest[m.end() :]
    said = SSHKitLine(level, rest, command)
    if rest[:6] == "START ":
        start = _START.match(rest)
        if start is not None:
            said.ts = _time_to_s(start.group(1))
    elif command and rest[:12] == "Finished in ":
        done = _FINISHED.match(rest)
        if done is not None:
            said.took_ms = float(done.group(1)) * 1000.0
            said.exit_status = int(done.group(2))
    return said
