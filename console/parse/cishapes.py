"""Shapes of CI job traces and of Android's logcat that the text readers hand over here
(docs/log-formats.md, section 3). Each function reads one line's own parts and returns them
plain; ``textformats`` makes the entry, so this module needs nothing of it.

* GitLab Runner's collapsible-section markers, ``section_start:<epoch>:<name>`` and
  ``section_end:<epoch>:<name>`` (epoch seconds; ``[collapsed=true]`` may follow the name,
  and the section's header after a ``\\r``): the only times a job trace has.
* ``go test -v``'s own lines: ``=== RUN   TestName`` (a test's name is no level, even
  ``TestParseError``), ``--- FAIL: TestName (0.01s)``, a package's ``FAIL``/``ok``.
* logcat's Android Studio export, ``pid-tid/package L/tag: msg`` after the year-less date,
  and ``logcat -v long``'s header ``[ MM-DD HH:MM:SS.mmm  pid: tid L/tag ]`` (its message on
  the lines under it, gathered by the parser)."""

from __future__ import annotations

import re
from typing import Final

from console.parse import levels

_SECTION: Final = re.compile(r"section_(start|end):(\d{9,10}):([\w.-]+)(?:\[[^\]]*\])?\r?")


def gitlab_section(line: str) -> tuple[float, str, str] | None:
    """A section marker's epoch, ``"start name"``/``"end name"``, and the header text a
    ``section_start`` carries on its line (after ``\\r``), or None."""
    m = _SECTION.match(line)
    if m is None:
        return None
    return float(m.group(2)), f"{m.group(1)} {m.group(3)}", line[m.end() :].strip()


# go test -v's markers: "=== RUN/PAUSE/CONT/NAME   Test...", "--- PASS/FAIL/SKIP: Test (0.00s)"
_GO_TEST_RESULTS: Final = {"PASS": "INFO", "SKIP": "INFO", "FAIL": "ERROR"}


def go_test(line: str) -> tuple[str, str] | None:
    """A ``go test`` line's level and test (or package) name, or None."""
    if line[:4] == "=== ":
        word, _, name = line[4:].partition(" ")
        if word in ("RUN", "PAUSE", "CONT", "NAME") and name.lstrip().startswith(("Test", "Ex")):
            return "INFO", name.strip()
        return None
    if line[:4] == "--- ":
        word, colon, name = line[4:].partition(": ")
        level = _GO_TEST_RESULTS.get(word)
        return (level, name.split(" (", 1)[0].strip()) if level is not None and colon else None
    # the package's summary: "FAIL", "PASS", "FAIL\tpkg\t0.01s", "ok  \tpkg\t0.01s"
    head, tab, pkg = line.partition("\t")
    head = head.rstrip(" ")
    if head in ("FAIL", "PASS") and (not tab or pkg):
        return _GO_TEST_RESULTS[head], pkg.split("\t", 1)[0]
    if head == "ok" and tab and pkg:
        return "INFO", pkg.split("\t", 1)[0]
    return None


# Android Studio's export: "546-573/com.example.app W/Tag: msg" ("?" when the package is
# unknown).
_STUDIO: Final = re.compile(r"(\d+)-(\d+)/(\S+) ([VDIWEFA])/([^:]{1,100}): ")


def logcat_studio(rest: str) -> tuple[str, dict[str, str], str] | None:
    """The level, fields and message of what follows the date in Studio's export."""
    m = _STUDIO.match(rest)
    if m is None:
        return None
    fields = {"pid": m.group(1), "tid": m.group(2), "tag": m.group(5).strip()}
    if m.group(3) != "?":
        fields["package"] = m.group(3)
    return levels.LOGCAT[m.group(4)], fields, rest[m.end() :]


# Android Studio's Logcat window (Electric Eel on), copied or saved: after the date and time,
# "pid-tid", the tag and the package in padded columns, the level's letter, the message
# ("2024-09-30 04:15:53.125 15471-15471 dingbot.versbot   com.app   E  Unknown bits set").
_STUDIO_COLUMNS: Final = re.compile(r"(\d+)-(\d+) +(\S+) +(\S+) +([VDIWEFA])  (?=\S)")


def logcat_columns(rest: str) -> tuple[str, dict[str, str], str] | None:
    """The level, fields and message of the columns after the time in Studio's window."""
    m = _STUDIO_COLUMNS.match(rest)
    if m is None:
        return None
    fields = {"pid": m.group(1), "tid": m.group(2), "tag": m.group(3), "package": m.group(4)}
    return levels.LOGCAT[m.group(5)], fields, rest[m.end() :]


# logcat -v long's header: "[ 03-25 23:53:32.984   555: 2344 I/ActivityTaskManager ]"
_LONG: Final = re.compile(
    r"\[ (\d\d)-(\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) +(\d+): *(\d+) ([VDIWEFA])/(.*?) *\]$"
)


def logcat_long(line: str) -> tuple[int, int, str, str, dict[str, str]] | None:
    """A long header's month, day, clock, level and fields, or None."""
    m = _LONG.match(line)
    if m is None:
        return None
    fields = {"pid": m.group(4), "tid": m.group(5), "tag": m.group(7)}
    level = levels.LOGCAT[m.group(6)]
    return int(m.group(1)), int(m.group(2)), m.group(3), level, fields


# A test runner's verdict closed by the test's time: Zephyr's ztest (its TC_END_RESULT, one
# space in: `` PASS - test_mode in 0.001 seconds``; its summary's ``SUITE FAIL -  50.00%
# [zt]: ... duration = 0.003 seconds`` and `` - PASS - [zt.test_mode] duration = 0.001
# seconds``). The verdict opens the line; the time, in seconds, closes it.
_VERDICT: Final = re.compile(
    r"(?:- |SUITE )?(?:PASS|FAIL|SKIP|BLOCK) - .*(?: in| duration =) (\d+(?:\.\d+)?) seconds$"
)
VERDICT_HEADS: Final = frozenset("PFSB-")  # a verdict line's first letter, after one space


def verdict_seconds(text: str) -> float | None:
    """The seconds a test's verdict line (unindented) says the test ran, or None."""
    if text[-8:] != " seconds":
        return None
    m = _VERDICT.match(text)
    return None if m is None else float(m.group(1))
