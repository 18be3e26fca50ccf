"""How many real public log files the parser reads right (issue 17's check).

    python -m bench.real_logs DIR EXPECTED.json [tune|heldout|all] [--verbose]

DIR holds the files; EXPECTED.json (kept outside the repository with the files, never
committed) says, for each file, what a reader found in it by hand: the first and last time
in UTC (to the second; ``"CLOCK"`` for a file with no time at all, ``null`` when not
checked), the number of error-level entries (or ``[lo, hi]``), the set of HTTP statuses the
lines carry, the request durations in ms in file order and how many entries carry one (those
the latency panel takes: the served requests', else each line's first; before session 22,
each line's first in any case).
``split`` names the tune and held-out halves. A file is right when its span, its error count
and its measurements all are. Prints one row per file and the score.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console import events as ev
from console.ingest import read_chunks
from console.parse import LogParser
from console.parse.derived import latency_tier
from console.parse.measures import HTTP_STATUS

# A year-less date needs a reference; an import takes the file's modification time, which a
# copied file does not keep, so every file gets the same one (the expected answers use it).
YEAR_REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()


def _second(ts: float) -> str:
    try:
        return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return f"invalid ({ts:g})"  # a wrong reading, scored as one, not a stopped run


def read(path: Path) -> dict[str, Any]:
    """What the parser makes of one file, in the expected answer's terms."""
    parser = LogParser(year_ref=YEAR_REF)
    events: list[ev.Event] = []
    for chunk in read_chunks(path):
        events += parser.feed_text(chunk)
    events += parser.flush()
    lines = [e for e in events if isinstance(e, ev.LogLine)]
    statuses: set[int] = set()
    # The durations the latency panel takes (DerivedMetrics): the served requests', else the
    # others' (the panel chooses per minute; a file here is one minute).
    tiers: list[list[float]] = [[], [], []]
    for line in lines:
        for name, value, _scope in line.samples:
            if name == HTTP_STATUS:
                statuses.add(int(value))
        timed = latency_tier(line.samples, line)
        if timed is not None:
            tiers[timed[0]].append(timed[1])
    durs = tiers[0] or tiers[1] or tiers[2]
    fmts = sorted({line.fmt for line in lines})
    return {
        "first": _second(min(e.ts for e in lines)) if lines else None,
        "last": _second(max(e.ts for e in lines)) if lines else None,
        "errors": sum(e.level in ev.ERROR_LEVELS for e in lines),
        "statuses": sorted(statuses),
        "durs": durs,
        "fmt": ",".join(fmts),
    }


def _time_ok(want: Any, got: str | None, started: float) -> bool:
    if isinstance(want, list):  # two readings: either one (the clock's among them)
        return any(_time_ok(one, got, started) for one in want)
    if want is None:
        return True
    if want == "CLOCK":
        return (
            got is not None
            and abs(datetime.fromisoformat(got + "+00:00").timestamp() - started) < 3600
        )
    return got == want


def judge(want: dict[str, Any], got: dict[str, Any], started: float) -> list[str]:
    """What is wrong (nothing: the file is read right)."""
    wrong = []
    if not _time_ok(want["first"], got["first"], started):
        wrong.append(f"first {got['first']} != {want['first']}")
    if not _time_ok(want["last"], got["last"], started):
        wrong.append(f"last {got['last']} != {want['last']}")
    lo, hi = want["errors"] if isinstance(want["errors"], list) else (want["errors"],) * 2
    if not lo <= got["errors"] <= hi:
        wrong.append(f"errors {got['errors']} != {want['errors']}")
    if want["statuses"] is not None and got["statuses"] != want["statuses"]:
        wrong.append(f"statuses {got['statuses']} != {want['statuses']}")
    dur_lines = want["dur_lines"]
    if isinstance(dur_lines, list):  # a range where readers could disagree, as errors'
        if not dur_lines[0] <= len(got["durs"]) <= dur_lines[1]:
            wrong.append(f"{len(got['durs'])} durations != {dur_lines}")
    elif dur_lines is not None and len(got["durs"]) != dur_lines:
        wrong.append(f"{len(got['durs'])} durations != {want['dur_lines']}")
    for i, w in enumerate(want["durs"] or ()):  # null: not checked
        g = got["durs"][i] if i < len(got["durs"]) else None
        if g is None or abs(g - w) > max(0.1 * abs(w), 0.0005):
            wrong.append(f"duration #{i + 1} {g} != {w} ms")
            break
    return wrong


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder, expected = Path(args[0]), json.loads(Path(args[1]).read_text())
    part = args[2] if len(args) > 2 else "all"
    names = sorted(expected["files"]) if part == "all" else expected["split"][part]
    started = time.time()
    right = 0
    print("| file | format | expected | got | right? |\n|---|---|---|---|---|")
    for name in names:
        want = expected["files"][name]
        got = read(folder / name)
        wrong = judge(want, got, started)
        right += not wrong
        exp = f"{want['first']} → {want['last']}, {want['errors']} err"
        if want["statuses"]:
            exp += f", status {','.join(map(str, want['statuses']))}"
        if want["dur_lines"]:
            exp += f", {want['dur_lines']} dur"
        res = f"{got['first']} → {got['last']}, {got['errors']} err"
        if got["statuses"]:
            res += f", status {','.join(map(str, got['statuses']))}"
        if got["durs"]:
            res += f", {len(got['durs'])} dur"
        verdict = "yes" if not wrong else "no: " + "; ".join(wrong)
        print(f"| {name} | {want['fmt']} ({got['fmt']}) | {exp} | {res} | {verdict} |")
    print(
        f"\n{part}: {right} of {len(names)} files right ({100 * right / max(len(names), 1):.0f} %)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
