"""Error rate, latency and request rate per minute, derived from a service log's own lines.

Used when a service log has no metrics source beside it. Each minute of service lines (every
format but the agent's and unrecognised text) becomes:

* ERROR_RATE: of the requests whose HTTP status was logged (or their success in the log's
  own terms: Solr's status=0, measures.SERVED_OK_MS), the % answered 5xx; in a minute without
  statuses, the % of lines at an error level. CLIENT_ERROR_RATE: the % answered 4xx.
* REQUEST_RATE: requests (lines with a status) per second, when there were any;
* LATENCY_AVG, LATENCY_P95, LATENCY_P99: the mean and the nearest-rank percentiles of the
  minute's served requests' durations (a line with a status and a request duration,
  measures.REQUEST_DURATIONS, already in ms, or a request whose log says it sent no status,
  measures.UNANSWERED_MS, or a proxy's line with a status and only its upstream's time,
  measures.UPSTREAM_MS); in a minute without them, of the request durations its lines
  state with no status (a service's structured log timing its calls, ``{"message": "charge
  accepted", "duration_ms": 140}``; not the program's own operations', ``times_work``).
  Never the two mixed: an app's SQL lines' 0.3 ms beside its requests' 470 ms would cut the
  mean an SLO is judged on to a tenth (``latency_tier`` says which a line is);
* WORK_AVG, WORK_P95, WORK_P99: in a minute that times no request, the same of the other
  work its lines time: a job's run (measures.names_job: Celery's task, Sidekiq's job), a
  query's or a task's duration (measures.QUERY_DURATIONS: a statement's; a test's, a build
  step's), else a whole run's. A worker's 40 s jobs, a database's slow statements, a CI
  job's steps are no requests a 500 ms SLO judges: named apart from the latency;
* TIMEOUT_RATE, once a message mentioned a timeout.

As soon as another source provides error rate or latency, it stands down, so the two never
fight over a chart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from math import ceil
from typing import Final

from console import events as ev
from console.parse.measures import (
    GENERIC_DURATIONS,
    HTTP_STATUS,
    QUERY_DURATIONS,
    REQUEST_DURATIONS,
    RUN_MS,
    SERVED_OK_MS,
    TASK_MS,
    UNANSWERED_MS,
    UPSTREAM_MS,
    names_job,
    names_work,
)

CLIENT_ERROR_RATE: Final = "client_error_rate_pct"
_OWN: Final = frozenset(
    {ev.ERROR_RATE, ev.LATENCY_AVG, ev.LATENCY_P95, ev.LATENCY_P99, ev.TIMEOUT_RATE}
)
_NOT_SERVICE: Final = frozenset({"agent", "plain"})
_CHANGE_KINDS: Final = ("deployment", "config_change")
# What a sample's name is to the minute: a status, a request's or a query's duration, or
# one of the metrics derived here (a real source of them makes this stand down).
_STATUS, _REQUEST, _QUERY, _OWNED, _UNANSWERED, _UPSTREAM, _SERVED_OK, _RUN = 1, 2, 3, 4, 5, 6, 7, 8
_ROLE: Final[dict[str, int]] = {
    HTTP_STATUS: _STATUS,
    UNANSWERED_MS: _UNANSWERED,
    SERVED_OK_MS: _SERVED_OK,
    UPSTREAM_MS: _UPSTREAM,
    **dict.fromkeys(REQUEST_DURATIONS, _REQUEST),
    **dict.fromkeys(QUERY_DURATIONS, _QUERY),
    TASK_MS: _QUERY,  # a test's or a build step's: other work, as a query is
    RUN_MS: _RUN,  # a whole run's: taken when nothing else is timed
    **dict.fromkeys(_OWN, _OWNED),
}
# A level string: is it an error level? (a log has a handful of them, every line one)
_ERROR: Final[dict[str, bool]] = {}


# The shortest part of a minute a request rate is given over (a log's first or last seconds).
_RATE_SPAN_MIN: Final = 10.0
# a line's duration, by what it timed (the panel's first choice first; RUN: a whole test
# run's or build's, taken in a minute that times nothing else)
SERVED, TIMED, RUN = 0, 1, 2


def latency_tier(
    samples: Sequence[tuple[str, float, str]], line: ev.LogLine | None = None
) -> tuple[int, float] | None:
    """Which of the latency panel's lists a line's duration goes to, and the duration (ms):
    SERVED (a request the service answered: a status and a request duration), TIMED (any
    other: its request duration, else its query duration: a record without its status, a
    job's, a statement's); None for a line that times nothing, or only the program's own
    operation (a duration of anything, ``duration_ms``, with no status, in a ``line`` that
    names no work served: times_work); RUN, a whole test run's or build's. A minute's latency
    is its SERVED durations, else its TIMED request durations; a TIMED line's job run
    (measures.names_job) or its query or task duration (no request's beside it) is work
    time, as a RUN is where nothing else is timed (DerivedMetrics)."""
    status = False
    generic = False
    duration = query = upstream = run = -1.0
    for name, value, _scope in samples:
        role = _ROLE.get(name)
        if role == _STATUS:
            status = True
        elif role == _REQUEST:
            if duration < 0:
                duration = value
                generic = name in GENERIC_DURATIONS
        elif role in (_UNANSWERED, _SERVED_OK):
            status = True  # served, its status none (or its success in its own terms)
            if duration < 0:
                duration = value
        elif role == _QUERY and query < 0:
            query = value
        elif role == _UPSTREAM and upstream < 0:
            upstream = value
        elif role == _RUN:
            run = value
    if duration < 0 and status:
        # A proxy's line timing only the upstream's answer (nginx's combined format with
        # $upstream_response_time after it): the request took that, but for the proxy's
        # own share; a request time the line states beside it is the one taken.
        duration = upstream
    if duration >= 0:
        if status:
            return SERVED, duration
        if not generic or line is None or times_work(line):
            return TIMED, duration
    if query >= 0:
        return TIMED, query
    if run >= 0:
        return RUN, run
    return None


# The layouts whose message is a program's own words (the text formats' generic readers):
# what a duration in them times, only the words say. A product's own line (an access line,
# CoreDNS' query, nginx-rtmp's session, MySQL's slow log) is read knowing it.
_FREE_TEXT: Final = frozenset(
    {"text", "plain", "logfmt", "log15", "klog", "syslog", "jul", "python", "loguru"}
    | {"zap-console"}
    | {"ruby", "dotnet", "monolog", "websphere", "logcat"}  # (Android's system server's prose)
    | {"vmware", "kamailio", "meteor", "jest", "dated-block", "dbt"}
    # (dmesg's and Xorg's lines: "pci 0000:00:12.0: quirk_usb_early_handoff+0x0/0x670 took
    # 27345 usecs"; slapd's debug lines, the daemon's own trace of its calls)
    | {"uptime", "slapd"}
)


def times_work(line: ev.LogLine) -> bool:
    """Does a line's duration of anything, with no status, time work served? A JSON record's
    duration field does (a service's structured log times its requests: ``{"message": "charge
    accepted", "duration_ms": 140}``), and a product's own line; a text line's, a logfmt
    record's, when it names a request, a query or a job (measures.names_work: kube-proxy's
    ``syncProxyRules took 68ms``, Grafana's ``msg="Update check succeeded" duration=84ms``
    time the program's own work). Not a store's upkeep a record times (_UPKEEP: etcd's
    compaction), a word of its message, no route's ("POST /v1/checkpoints")."""
    if line.fmt not in _FREE_TEXT:
        # a structured record's, but for the store's own upkeep it times (etcd's "finished
        # scheduled compaction" took=, Gitaly's housekeeping): no work served
        return _UPKEEP.search(line.message, 0, 120) is None
    return names_work(line.message, line.fields)


# A store's upkeep, named in the message of the record that times it.
_UPKEEP: Final = re.compile(
    r"(?i)(?<![/\w])(?:compaction|housekeeping|defragment\w*|garbage.collect\w*|vacuum\w*"
    # (geth's "Generated state snapshot" elapsed=, "Persisted dirty state to disk")
    r"|checkpoint\w*|snapshot\w*|persisted)\b(?!/)"
)


class DerivedMetrics:
    """``feed`` every event of the stream; it answers samples when a minute is complete."""

    def __init__(self, *, source: str = "derived", window: float = 60.0) -> None:
        self.source = source
        self.window = window
        self.active = True
        self._bucket: float | None = None
        self._first_ts = 0.0  # the stream's first service line's (its first minute's start)
        self._reset()
        self._timeouts_seen = False

    def _reset(self) -> None:
        self._lines = 0
        self._errors = 0
        self._timeouts = 0
        # The minute's durations by what timed them (see latency_tier): the latency is the
        # served requests', else the other requests'; the work time (with neither) the jobs',
        # queries' and tasks', else the whole runs'.
        self._served: list[float] = []
        self._timed: list[float] = []
        self._worked: list[float] = []
        self._runs: list[float] = []
        self._requests = 0
        self._server_errors = 0
        self._client_errors = 0
        self._last_ts = 0.0

    def feed(self, event: ev.Event) -> list[ev.Event]:
        answers = self.feed_lines((event,))
        return answers[0][1] if answers else []

    def feed_lines(self, events: Sequence[ev.Event]) -> list[tuple[int, list[ev.Event]]]:
        """``feed`` each event in turn (an import's run of them): the samples answered, each
        with the index of the event it answers (they go after it). A service line's work is
        done here with the minute's counts in locals (the hot path of a JSON import), put
        back before ``_emit`` reads them and at the end of the run."""
        answers: list[tuple[int, list[ev.Event]]] = []
        own, window, log_line = self.source, self.window, ev.LogLine
        not_service, change_kinds, errors_known = _NOT_SERVICE, _CHANGE_KINDS, _ERROR
        lines, errors, timeouts, requests = self._lines, self._errors, self._timeouts, 0
        server_errors = client_errors = 0
        served, timed, worked, runs = self._served, self._timed, self._worked, self._runs
        last_ts = self._last_ts
        roles, generic_names = _ROLE, GENERIC_DURATIONS
        for i, event in enumerate(events):
            if not self.active:
                break
            if type(event) is not log_line and not isinstance(event, log_line):
                if isinstance(event, ev.MetricSample):
                    names: list[str] = [event.name]
                elif isinstance(event, ev.MetricBatch):
                    names = [n for n, _v, _s in event.samples]
                else:
                    continue
                if names and event.source != own and not _OWN.isdisjoint(names):
                    self._stand_down()
                    return answers
                continue
            line: ev.LogLine = event
            # One pass over the samples: what the line would count, and whether it holds a
            # metric of ours (from a real source: then this stands down first).
            line_requests = line_server_errors = line_client_errors = 0
            duration = query = upstream = run = -1.0
            owned = unanswered = generic = False
            for name, value, _scope in line.samples:
                role = roles.get(name)
                if role is None:
                    continue
                if role == _STATUS:
                    line_requests += 1
                    if 500 <= value < 600:  # HTTP's classes end at 5xx (RFC 9110, 15)
                        line_server_errors += 1
                    elif value >= 400:
                        line_client_errors += 1
                elif role == _REQUEST:
                    if duration < 0:
                        duration = value
                        generic = name in generic_names
                elif role == _QUERY:
                    if query < 0:
                        query = value
                elif role == _UNANSWERED:
                    unanswered = True
                    if duration < 0:
                        duration = value
                elif role == _UPSTREAM:
                    if upstream < 0:
                        upstream = value
                elif role == _SERVED_OK:
                    line_requests += 1  # a request answered, no error
                    if duration < 0:
                        duration = value
                elif role == _RUN:
                    run = value
                else:
                    owned = True
            if owned and line.source != own:
                self._stand_down()
                return answers
            if line.fmt in not_service:
                continue
            fields = line.fields
            if fields and fields.get("kind") in change_kinds:
                continue  # a change event, not a line of the service's own log
            ts = line.ts
            bucket = ts // window
            if self._bucket is None:
                self._bucket = bucket
                if not self._first_ts:
                    self._first_ts = ts
            elif bucket > self._bucket:
                self._lines, self._errors, self._timeouts, self._last_ts = (
                    lines, errors, timeouts, last_ts,
                )  # fmt: skip
                self._requests += requests
                self._server_errors += server_errors
                self._client_errors += client_errors
                out = self._emit()
                if out:
                    answers.append((i, out))
                self._bucket = bucket
                lines, errors, timeouts, requests = self._lines, self._errors, self._timeouts, 0
                server_errors = client_errors = 0
                served, timed, worked, runs, last_ts = (
                    self._served, self._timed, self._worked, self._runs, self._last_ts,
                )  # fmt: skip
            # A line from an earlier minute (out of order) counts in the current one.
            lines += 1
            error = errors_known.get(line.level)
            if error is None:
                error = line.level.upper() in ev.ERROR_LEVELS
                if len(errors_known) < 1000:
                    errors_known[line.level] = error
            if error:
                errors += 1
            if "timeout" in line.message.lower():
                timeouts += 1
                self._timeouts_seen = True
            requests += line_requests
            server_errors += line_server_errors
            client_errors += line_client_errors
            # latency_tier's choice, made here from the pass above (the hot path)
            if duration < 0 and line_requests:
                duration = upstream
            if duration >= 0 and (line_requests or unanswered):
                served.append(duration)
            elif duration >= 0 and (not generic or times_work(line)):
                # a job's run (a worker's: Celery's, Sidekiq's), no request: work time
                (worked if names_job(line.message, line.fields) else timed).append(duration)
            elif query >= 0:
                worked.append(query)
            elif run >= 0:
                runs.append(run)
            if ts > last_ts:
                last_ts = ts
        self._lines, self._errors, self._timeouts, self._last_ts = lines, errors, timeouts, last_ts
        self._requests += requests
        self._server_errors += server_errors
        self._client_errors += client_errors
        return answers

    def _stand_down(self) -> list[ev.Event]:
        """A real metrics source is here: no more derived samples, for good."""
        self.active = False
        self._bucket = None
        self._reset()
        return []

    def flush(self) -> list[ev.Event]:
        out = self._emit(last=True) if self.active and self._lines else []
        self._bucket = None
        return out

    def _covered(self, last: bool) -> float:
        """The seconds of the minute the log covers: all of it, but for the stream's first
        minute (from its first line) and, at the end, its last (to its last line)."""
        window = self.window
        start = (self._bucket or 0.0) * window
        end = self._last_ts if last else start + window
        return min(window, end - max(start, self._first_ts))

    def _emit(self, last: bool = False) -> list[ev.Event]:
        n = self._lines
        if not n:
            return []
        ts, src = self._last_ts, self.source
        requests = self._requests
        if requests:
            out: list[ev.Event] = [
                ev.MetricSample(
                    ts=ts,
                    source=src,
                    name=ev.ERROR_RATE,
                    value=100.0 * self._server_errors / requests,
                ),
                ev.MetricSample(
                    ts=ts,
                    source=src,
                    name=CLIENT_ERROR_RATE,
                    value=100.0 * self._client_errors / requests,
                ),
            ]
            # Over the minute, as a rate over [1m] would say; over the part of it the log
            # covers when it starts or ends inside it (a log ending five seconds into a
            # minute with five requests served one a second, not 5/60), none for a part too
            # short to say (the minute before stands).
            covered = self._covered(last)
            if covered >= _RATE_SPAN_MIN:
                out.append(
                    ev.MetricSample(
                        ts=ts, source=src, name=ev.REQUEST_RATE, value=requests / covered
                    )
                )
        else:
            out = [
                ev.MetricSample(
                    ts=ts, source=src, name=ev.ERROR_RATE, value=100.0 * self._errors / n
                )
            ]
        # work time only in a minute that times no request (a web app's SQL lines beside its
        # requests are the requests' part, as before)
        latency = self._served or self._timed
        work = [] if latency else (self._worked or self._runs)
        for durations, (avg, p95, p99) in ((latency, ev.LATENCY), (work, ev.WORK)):
            if not durations:
                continue
            # The percentiles an SLO is written in, as a histogram over [1m] would give them
            # (nearest rank: a value some request really took).
            durations.sort()
            k = len(durations)
            out += [
                ev.MetricSample(ts=ts, source=src, name=avg, value=sum(durations) / k),
                ev.MetricSample(ts=ts, source=src, name=p95, value=durations[ceil(0.95 * k) - 1]),
                ev.MetricSample(ts=ts, source=src, name=p99, value=durations[ceil(0.99 * k) - 1]),
            ]
        if self._timeouts_seen:
            out.append(
                ev.MetricSample(
                    ts=ts, source=src, name=ev.TIMEOUT_RATE, value=100.0 * self._timeouts / n
                )
            )
        self._reset()
        return out
