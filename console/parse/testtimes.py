"""A test's, a test run's or a build module's own time, as its runner prints it
(docs/log-formats.md, section 6). Each is a duration of its line: the run of one piece of
work, which the real-log writers count as they count a request's.

* pytest ``-v`` with a per-test time after the verdict (PyTorch's CI prints it so):
  ``tests/a.py::test_b PASSED [0.1512s] [ 76%]``; and pytest's closing summary,
  ``===== 69 passed, 13 skipped in 88.60s (0:01:28) =====`` (``_pytest.terminal``: the
  time as ``%.2fs``, the clock after it from a minute on); ``--durations``' report,
  ``0.51s call     tests/a.py::test_b`` (a phase of one test: its setup, call or teardown).
  Not pytest-timeout's ``Failed: Timeout >1.0s``: a limit.
* XCTest (swift-corelibs-xctest's PrintObserver, Xcode's the same): ``Test Case '-[T
  test_a]' passed (0.001 seconds).``, and a suite's ``Executed 17 tests, with 0 failures (0
  unexpected) in 10.605 (10.610) seconds``: the first number, the tests' own time (the
  second is the suite's whole).
* Maven's reactor summary (ExecutionEventLogger): ``module ...... SUCCESS [39.416s]``
  (Maven 3.0: ``s.SSS``, ``m:ss.SSS``, ``H:mm:ss.SSS`` then ``s``), ``SUCCESS [  1.234
  s]``, ``[01:05 min]``, ``[1:02 h]`` (3.1 on); ``SKIPPED`` has none.
* dbt's result line for each model, seed, snapshot or test it ran (its ``LogModelResult``
  and ``LogTestResult`` events): ``1 of 10 OK created sql view model main.stg ..... [OK in
  0.12s]``, ``[SUCCESS 1 in 0.20s]``, ``[PASS in 0.05s]``, ``[ERROR in 0.15s]`` (the time
  as ``%0.2fs``, always seconds); its ``START`` line and a skip's ``[SKIP]`` have none. Its
  adapter's statements at debug: ``SQL status: SUCCESS 1 in 1.0 seconds``.
* googletest: ``[       OK ] Suite.Test (188 ms)``, ``[  FAILED  ] Suite.Test (12 ms)``, a
  suite's ``[----------] 5 tests from Suite (300 ms total)`` and the run's ``[==========]
  10 tests from 2 test suites ran. (500 ms total)``.
* Jest's summary, ``Time:        1.943 s`` (``, estimated 3 s`` after it at times).
* A test's mark and its time in parentheses, as Jest (``✓ adds numbers (5 ms)``), Mocha's
  spec reporter (``✔ adds numbers (120ms)``) and Playwright's list reporter (``✓  1
  [chromium] › a.spec.ts:3:5 › checkout (11.7s)``, ``✘`` failed) print it; Playwright's
  summary, ``7 passed (1.6m)``: the run's.
* A build's: Bazel's ``INFO: Elapsed time: 0.139s, Critical Path: 0.02s``, BuildKit's plain
  progress ``#5 DONE 0.3s`` (a step), npm's ``added 752 packages, and audited 753 packages
  in 22s`` (an install; ``in 645ms``, ``in 1m``)."""

from __future__ import annotations

import re
from typing import Final

from console.parse.measures import S

_PYTEST_VERDICT: Final = re.compile(
    r" (?:PASSED|FAILED|SKIPPED|XFAIL|XPASS|ERROR) \[(\d+(?:\.\d+)?)s\](?: |$)"
)
# "slowest N durations" (_pytest/runner.py: f"{rep.duration:02.2f}s {rep.when:<8} {nodeid}")
_PYTEST_SLOWEST: Final = re.compile(r"(\d+\.\d\d)s (?:setup|call|teardown) +\S+::\S")
_PYTEST_SUMMARY: Final = re.compile(
    r"=+ (?:\d+ \w+.*|no tests ran) in (\d+(?:\.\d+)?)s(?: \([\d:]+\))? =+$"
)
_XCTEST_CASE: Final = re.compile(
    r"Test Case '[^']+' (?:passed|failed|skipped) \((\d+(?:\.\d+)?) seconds\)\.$"
)
_XCTEST_SUITE: Final = re.compile(
    r"Executed \d+ tests?, with .* in (\d+(?:\.\d+)?) \(\d+(?:\.\d+)?\) seconds$"
)
_REACTOR: Final = re.compile(
    r"\.{2,} (?:SUCCESS|FAILURE) \[ *(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?) ?(s|min|h)\]$"
)
_DBT_RESULT: Final = re.compile(
    r"\b\d+ of \d+ [A-Z]+ .* \.{3,} \[[A-Z][A-Z0-9 ]* in (\d+(?:\.\d+)?)s\]$"
)
# dbt's adapter, each statement it ran (its SQLQueryStatus event, at debug): "SQL status:
# SUCCESS 1 in 1.0 seconds", "SQL status: OK in 0.14 seconds".
_DBT_SQL_STATUS: Final = re.compile(r"(?:^|: )SQL status: [^:]{1,60} in (\d+(?:\.\d+)?) seconds$")
_GTEST: Final = re.compile(r"\[(?:       OK |  FAILED  |-{10}|={10})\] .*\((\d+) ms( total)?\)$")
_MARKED_TEST: Final = re.compile(r" *[✓✔✘✗✕×] +\S.*? \((\d+(?:\.\d+)?) ?(ms|s|m)\)$")
_PLAYWRIGHT_SUMMARY: Final = re.compile(r" *\d+ passed \((\d+(?:\.\d+)?)(ms|s|m)\)$")
_MARKS: Final = frozenset("✓✔✘✗✕×")
_SPAN: Final = {"ms": 1.0, "s": S, "m": 60 * S}
_JEST_TIME: Final = re.compile(r"Time: {2,}(\d+(?:\.\d+)?) ?s(?:, estimated \d+ ?s)?$")
_BAZEL_ELAPSED: Final = re.compile(r"(?:INFO: )?Elapsed time: (\d+\.\d{3})s(?:, Critical Path: |$)")
_BUILDKIT_DONE: Final = re.compile(r"#\d+ DONE (\d+(?:\.\d+)?)s$")
_NPM_DONE: Final = re.compile(
    r"(?:added|removed|changed|audited|up to date, audited) \d+ packages?.* in "
    r"(\d+(?:\.\d+)?)(ms|s|m)$"
)
_UNIT: Final = {"s": S, "min": 60 * S, "h": 3600 * S}
_ENDS: Final = frozenset("]=.s")  # how the shapes above end (pytest's verdict: "[ 76%]" too)


def runner_time(message: str) -> tuple[float, bool] | None:
    """The ms a test runner's line says its test, its run or its module took (rules
    above), and whether it is a whole run's or build's (a summary's total), else None.
    String tests gate each: most lines end in none of these shapes."""
    if message[:1].isdigit() and "s " in message[:8]:
        m = _PYTEST_SLOWEST.match(message)
        if m is not None:
            return float(m.group(1)) * S, False
    built = _build_time(message)
    if built is not None:
        return built
    end = message[-1:]
    if end == ")" and message[-2:-1] in ("s", "m"):
        head = message.lstrip(" ")[:1]
        marked = _MARKED_TEST.match(message) if head in _MARKS else None
        if marked is not None:
            return float(marked.group(1)) * _SPAN[marked.group(2)], False
        summed = _PLAYWRIGHT_SUMMARY.match(message) if head.isdigit() else None
        if summed is not None:
            return float(summed.group(1)) * _SPAN[summed.group(2)], True
        return None
    if end not in _ENDS and "s] " not in message:
        return None
    if end == "]" and ("SS [" in message[-24:] or "RE [" in message[-24:]):  # SUCCESS, FAILURE
        m = _REACTOR.search(message, max(0, len(message) - 40))
        if m is not None:
            return _clock(m), False
    at = message.find("s]")
    if at > 0:  # the verdict's word and its bracket just before
        m = _PYTEST_VERDICT.search(message, max(0, at - 24), at + 3)
        if m is not None:
            return float(m.group(1)) * S, False
    if end == "=":
        if "s =" in message or ") =" in message:
            m = _PYTEST_SUMMARY.search(message)
            if m is not None:
                return float(m.group(1)) * S, True
    elif end == "." and message.endswith(" seconds)."):
        m = _XCTEST_CASE.search(message)
        if m is not None:
            return float(m.group(1)) * S, False
    elif end == "s" and message.endswith(") seconds") and "Executed " in message:
        m = _XCTEST_SUITE.search(message)
        if m is not None:
            return float(m.group(1)) * S, True
    return None


def _build_time(message: str) -> tuple[float, bool] | None:
    """googletest's, Jest's, Bazel's, BuildKit's and npm's times (rules above), and whether
    each is a whole run's, else None."""
    c = message[:1]
    if c == "[" and message[-4:] in (" ms)", "tal)"):
        m = _GTEST.match(message)
        return None if m is None else (float(m.group(1)), m.group(2) is not None)
    if c == "T" and message[:5] == "Time:":
        m = _JEST_TIME.match(message)
        return None if m is None else (float(m.group(1)) * S, True)
    if (c == "I" or c == "E") and "Elapsed time: " in message[:22]:
        m = _BAZEL_ELAPSED.match(message)
        return None if m is None else (float(m.group(1)) * S, True)
    if c == "#" and message[-1:] == "s" and " DONE " in message:
        m = _BUILDKIT_DONE.match(message)
        return None if m is None else (float(m.group(1)) * S, False)
    if message[-1:] in "sm" and " packages" in message and " in " in message:
        m = _NPM_DONE.match(message)
        if m is not None:
            unit = m.group(2)
            ms = float(m.group(1)) * (1.0 if unit == "ms" else S if unit == "s" else 60 * S)
            return ms, False  # an install: a build's step
    if "run took " in message:
        m = _PLAYBOOK_TOOK.search(message.rstrip())
        if m is not None:
            d, h, mi, s = (int(g) for g in m.groups())
            return ((d * 24 + h) * 60 + mi) * 60 * S + s * S, True
    return None


# Ansible's timer callback, a playbook's whole run (its log_path file, `ansible.log`).
_PLAYBOOK_TOOK: Final = re.compile(
    r"\bPlaybook run took (\d+) days, (\d+) hours, (\d+) minutes, (\d+) seconds$"
)


def dbt_sql_time(message: str) -> float | None:
    """The ms of dbt's result line for a node it ran (its model's, seed's or test's SQL, rule
    above), or of a statement its adapter ran, else None."""
    if message[-8:] == " seconds" and "SQL status: " in message:
        sql = _DBT_SQL_STATUS.search(message)
        return None if sql is None else float(sql.group(1)) * S
    if message[-2:] != "s]" or " of " not in message:
        return None
    m = _DBT_RESULT.search(message, max(0, len(message) - 300))  # (a long line: its end)
    return None if m is None else float(m.group(1)) * S


def _clock(m: re.Match[str]) -> float:
    """A reactor's time: Maven 3.0's ``[H:]m:ss.SSSs`` (the last part seconds), 3.1's
    ``[mm:ss min]`` and ``[h:mm h]`` (the first part the unit named)."""
    first, second, last, unit = m.group(1), m.group(2), float(m.group(3)), m.group(4)
    if unit == "s":
        return ((int(first or 0) * 60 + int(second or 0)) * 60 + last) * S
    if second is not None:  # "01:05 min": minutes and seconds; "1:02 h": hours and minutes
        small = _UNIT[unit] / 60
        return (int(second) * 60 + last) * small
    return last * _UNIT[unit]
