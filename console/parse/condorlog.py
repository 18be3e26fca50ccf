"""HTCondor's job event log (the "user log" a submit file's ``log =`` names, DAGMan's nodes
log): each event a head ``NNN (cluster.proc.subproc) MM/DD HH:MM:SS text``, its detail
indented under it, a line ``...`` closing it. condor_event.cpp's ``formatHeader`` writes
``%03d (%03d.%03d.%03d)`` then ``%02d/%02d %02d:%02d:%02d`` (no year: its own reader takes
the current one), or with the ISO_DATE option ``%04d-%02d-%02d %02d:%02d:%02d``; ``.%03d``
with SUB_SECOND, ``Z`` with UTC (else the host's local time). The log has no level: the
event's code says what happened (docs/log-formats.md, section 3)."""

from __future__ import annotations

import re
from typing import Final

from console.parse.timestamps import month_day_time, parse_iso

_HEAD: Final = re.compile(
    r"(\d{3}) \((\d+)\.(\d+)\.(\d+)\) (?:(\d{4}-\d\d-\d\d)[ T]|(\d\d)/(\d\d) )"
    r"(\d\d:\d\d:\d\d(?:\.\d{1,6})?)Z?(?: |$)"
)

# Events that report a failure (ULogEventNumber): 002 the executable could not run, 007 the
# shadow's exception, 018 a grid submit that failed. 005 and 015 (job, node terminated) only
# when their detail says "Abnormal termination (signal N)"; 021 when it is an "Error from"
# (a "Message from" is none). 009 (aborted) is a removal, condor_rm's or DAGMan's: no failure.
_ERROR_EVENTS: Final = frozenset({"002", "007", "018"})
# 012 held (the job waits for someone: a hold is no end), 022 disconnected (reconnecting),
# 024 reconnection failed (the job is rescheduled).
_WARNING_EVENTS: Final = frozenset({"012", "022", "024"})
_TERMINATED: Final = frozenset({"005", "015"})
CLOSER: Final = "..."


def event_head(line: str, ref: float) -> tuple[float, bool, str, dict[str, str], str] | None:
    """An event's head: (its time, whether the year was written, its level, fields (the
    event code, the job's id), the event's text); None for any other line."""
    m = _HEAD.match(line)
    if m is None:
        return None
    code, cluster, proc, sub, iso, month, day, hms = m.groups()
    if iso is not None:
        ts = parse_iso(f"{iso}T{hms}")
    else:
        try:
            ts = month_day_time(int(month), int(day), hms, 0, ref)
        except ValueError:
            return None
    if ts is None:
        return None
    text = line[m.end() :]
    if code in _ERROR_EVENTS or (code == "021" and text.startswith("Error from")):
        level = "ERROR"
    elif code in _WARNING_EVENTS:
        level = "WARNING"
    else:
        level = "INFO"
    job = f"{int(cluster)}.{int(proc)}.{int(sub)}"
    return ts, iso is not None, level, {"event": code, "job": job}, text


def abnormal(event: str, detail: list[str]) -> bool:
    """Did a terminated job or node end on a signal (its detail's second line)?"""
    return event in _TERMINATED and any("Abnormal termination" in d for d in detail[:3])
