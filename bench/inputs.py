"""Representative inputs for the side-by-side benches, generated (deterministic seeds).

- ``agent_log``: an agent runtime log in the seed's proportions (seed 000): an entry every
  3–4 lines, observation blocks with their bullets, thoughts with numbered items, warnings
  that state a threshold, tool calls, errors and SLO violations, blank lines between
  entries, stages shifting traffic. Not the bench log's five-line observation blocks.
- ``json_service_log``: one service's JSON lines in five loggers' shapes at once (zap,
  logback/logstash-encoder, structlog, pino, ECS): request lines with method, path, status
  and a duration in each logger's unit, background warnings, 1–2 % errors, some with stack
  traces, as a service behind a sidecar and a few libraries writes them. lnav files these
  lines under a text format, not as JSON (bench_compare prints what it made of them).
- ``journald_service_log``: one service's lines as ``journalctl -o json`` writes them: a
  JSON log lnav 0.11 reads as JSON (its ``journald_json_log``, the one JSON format Debian's
  0.11.1 ships; its ``bunyan_log`` is not in that build), for a like-for-like figure.

Each writer returns the number of lines written.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

_START = datetime(2024, 11, 21, 9, 30, tzinfo=UTC).timestamp()
_PATHS = ("/api/v1/cart", "/api/v1/checkout", "/api/v1/items", "/api/v1/recommendations",
          "/healthz", "/api/v1/users/me", "/api/v1/search")  # fmt: skip


_THOUGHTS = ("Latency within SLO", "Pool headroom is shrinking", "Error budget burn acceptable",
             "Green pods warm")  # fmt: skip
_INFOS = ("Health checks passing on all pods", "Monitoring connection pools...",
          "Waiting for the monitoring window", "Cache hit ratio 0.93")  # fmt: skip
_SUCCESSES = ("Stage monitoring window complete", "Green pods healthy",
              "Connection pool validated")  # fmt: skip


def _hms(t: float) -> str:
    s = int(t) % 86400
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def agent_log(path: Path, lines: int, *, seed: int = 7) -> int:
    rnd = random.Random(seed)
    t = _START
    n = 0
    out: list[str] = []

    def w(text: str) -> None:
        nonlocal n
        out.append(text)
        n += 1

    for head in (
        "Agent Runtime Log - Production Microservice Deployment",
        "=" * 80,
        "Session ID: deploy-agent-20241121-0930-bench",
        'Task: "Deploy recommendation microservice to production with zero downtime"',
        "Agent: DeploymentAgent v3.2",
        "Start Time: 2024-11-21 09:30:00 UTC",
        "",
    ):
        w(head)
    stages = (10, 25, 50, 75, 100)
    stage_i = 0
    green = 0
    with path.open("w", encoding="utf-8") as fh:
        while n < lines:
            t += rnd.choice((1, 2, 5, 10, 15, 30, 60))
            stamp = f"[{_hms(t)}]"
            kind = rnd.random()
            if kind < 0.02 and stage_i < len(stages):
                green = stages[stage_i]
                stage_i = (stage_i + 1) % len(stages)
                w(f"{stamp} [ACTION] Shifting traffic to {green}%")
                w(f"{stamp} [TOOL] Executing: traffic_shift(percentage={green})")
                w(f"{stamp} [OBSERVATION] Traffic at {green}%:")
                w(f"  - Blue: {100 - green}%, Green: {green}%")
                w("")
            elif kind < 0.32:
                lat = rnd.gauss(120, 25)
                err = abs(rnd.gauss(0.3, 0.4))
                blue, grn = rnd.randint(30, 90), rnd.randint(10, 90)
                minutes = rnd.randint(1, 5)
                w(f"{stamp} [OBSERVATION] Metrics after {minutes} minutes at {green}%:")
                w(f"  - Request rate: {rnd.randint(100, 900)} req/s to green")
                w(f"  - Average latency: {lat:.0f}ms, P95: {lat * 2.1:.0f}ms")
                w(f"  - P99 latency: {lat * 3.4:.0f}ms")
                w(f"  - Error rate: {err:.1f}%")
                w(f"  - DB connections: Blue {blue}, Green {grn}, Total {blue + grn}/250")
                w("")
            elif kind < 0.44:
                w(f"{stamp} [THOUGHT] Evaluating stage {green}% before the next increment:")
                for i in range(1, rnd.randint(2, 4) + 1):
                    w(f"  {i}. {rnd.choice(_THOUGHTS)}")
            elif kind < 0.60:
                w(f"{stamp} [INFO] {rnd.choice(_INFOS)}")
            elif kind < 0.72:
                used = rnd.randint(80, 99)
                w(f"{stamp} [WARNING] DB connection utilization high: {used}/100 ({used}%)"
                  " (threshold: 85%)")  # fmt: skip
                w(f"  - Query time: {rnd.randint(40, 300)}ms (elevated from baseline 40ms)")
            elif kind < 0.80:
                p99 = rnd.randint(450, 2200)
                w(f"{stamp} [ERROR] SLO violation: P99 latency {p99}ms exceeds 500ms threshold")
                w(f"  - Error rate: {abs(rnd.gauss(3, 2)):.1f}% (threshold: 5%)")
                w("")
            elif kind < 0.92:
                window = rnd.randint(1, 5)
                w(f'{stamp} [TOOL] Executing: get_metrics(service="checkout", window="{window}m")')
            else:
                w(f"{stamp} [SUCCESS] {rnd.choice(_SUCCESSES)}")
            if len(out) > 5000:
                fh.write("\n".join(out) + "\n")
                out.clear()
        fh.write("\n".join(out) + ("\n" if out else ""))
    return n


def _iso(t: float, sep: str = "T", zone: str = "Z", digits: int = 3) -> str:
    dt = datetime.fromtimestamp(t, UTC)
    frac = f"{dt.microsecond:06d}"[:digits]
    return dt.strftime(f"%Y-%m-%d{sep}%H:%M:%S") + f".{frac}{zone}"


def _zap(rnd: random.Random, t: float, status: int, path: str, dur: float) -> dict:
    line = {"level": "error" if status >= 500 else "info", "ts": round(t, 6),
            "logger": "checkout.http", "caller": "http/server.go:212",
            "msg": "request completed", "method": rnd.choice(("GET", "POST")), "path": path,
            "status": status, "latency": round(dur, 6),
            "request_id": f"{rnd.getrandbits(64):016x}"}  # fmt: skip
    if status >= 500:
        line["error"] = "upstream connect error or disconnect/reset before headers"
        line["stacktrace"] = (
            "main.handler\n\t/app/http/server.go:212\nnet/http.HandlerFunc.ServeHTTP"
        )
    return line


def _logback(rnd: random.Random, t: float, status: int, path: str, dur: float) -> dict:
    line = {"@timestamp": _iso(t, zone="+00:00"), "@version": "1",
            "message": f"Completed {status} in {dur * 1000:.0f}ms for {path}",
            "logger_name": "o.s.web.servlet.DispatcherServlet",
            "thread_name": f"http-nio-8080-exec-{rnd.randint(1, 40)}",
            "level": "ERROR" if status >= 500 else "INFO",
            "level_value": 40000 if status >= 500 else 20000}  # fmt: skip
    if status >= 500:
        line["stack_trace"] = (
            "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC "
            "Connection\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:196)"
        )
    return line


def _structlog(rnd: random.Random, t: float, status: int, path: str, dur: float) -> dict:
    return {"event": "request_finished", "level": "error" if status >= 500 else "info",
            "timestamp": _iso(t, digits=6), "path": path, "status_code": status,
            "duration_ms": round(dur * 1000, 2), "user_agent": "Mozilla/5.0"}  # fmt: skip


def _pino(rnd: random.Random, t: float, status: int, path: str, dur: float) -> dict:
    line: dict = {"level": 50 if status >= 500 else 30, "time": int(t * 1000), "pid": 17,
                  "hostname": "api-7d9f8c6b5-x2x9q",
                  "req": {"id": rnd.randint(1, 10**6), "method": "GET", "url": path},
                  "res": {"statusCode": status}, "responseTime": round(dur * 1000),
                  "msg": "request completed"}  # fmt: skip
    if status >= 500:
        line["err"] = {
            "type": "Error",
            "message": "connect ECONNREFUSED 10.0.3.7:5432",
            "stack": "Error: connect ECONNREFUSED\n    at TCPConnect.afterConnect",
        }
    return line


def _ecs(rnd: random.Random, t: float, status: int, path: str, dur: float) -> dict:
    return {"@timestamp": _iso(t), "log.level": "error" if status >= 500 else "info",
            "message": f"{path} {status}", "ecs.version": "1.6.0",
            "service.name": "checkout", "http.response.status_code": status,
            "url.path": path, "event.duration": int(dur * 1e9),
            "trace.id": f"{rnd.getrandbits(128):032x}"}  # fmt: skip


_SHAPES: tuple[Callable[[random.Random, float, int, str, float], dict], ...] = (
    _zap,
    _logback,
    _structlog,
    _pino,
    _ecs,
)


def json_service_log(path: Path, lines: int, *, seed: int = 11) -> int:
    return _write_records(path, _service_records(lines, seed))


def _service_records(lines: int, seed: int) -> Iterator[dict]:
    rnd = random.Random(seed)
    t = _START
    for i in range(lines):
        t += rnd.expovariate(20.0)
        roll = rnd.random()
        status = 200 if roll > 0.03 else rnd.choice((404, 429, 500, 502, 503))
        dur = rnd.lognormvariate(-4.0, 0.7)
        shape = _SHAPES[i % len(_SHAPES)] if rnd.random() > 0.05 else _warning
        yield shape(rnd, t, status, rnd.choice(_PATHS), dur)


def _write_records(path: Path, records: Iterable[dict]) -> int:
    """One JSON object a line, written in pieces of 5,000 lines; the number of lines."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        chunk: list[str] = []
        for rec in records:
            chunk.append(json.dumps(rec))
            if len(chunk) >= 5000:
                fh.write("\n".join(chunk) + "\n")
                n += len(chunk)
                chunk.clear()
        if chunk:
            fh.write("\n".join(chunk) + "\n")
            n += len(chunk)
    return n


def _warning(rnd: random.Random, t: float, status: int, path: str, dur: float) -> dict:
    return {"level": "warn", "ts": round(t, 6), "logger": "pool", "caller": "db/pool.go:88",
            "msg": "connection pool nearly exhausted", "in_use": rnd.randint(40, 50),
            "max": 50}  # fmt: skip


_CAUSES = ("upstream connect error", "context deadline exceeded", "pq: too many connections")


def journald_service_log(path: Path, lines: int, *, seed: int = 13) -> int:
    """``journalctl -o json -u checkout.service``: a service's stdout lines as the journal
    keeps them, every value a string, with the journal's own fields (cursor, boot, pid,
    unit, ...) beside ``MESSAGE`` and ``PRIORITY``: request lines, the pool's warnings,
    1-2 % errors."""
    rnd = random.Random(seed)
    t = _START
    boot = f"{rnd.getrandbits(128):032x}"
    machine = f"{rnd.getrandbits(128):032x}"
    invocation = f"{rnd.getrandbits(128):032x}"
    monotonic = 86_400_000_000

    def records() -> Iterator[dict]:
        nonlocal t, monotonic
        for i in range(lines):
            step = rnd.expovariate(20.0)
            t += step
            monotonic += int(step * 1e6)
            roll = rnd.random()
            status = 200 if roll > 0.03 else rnd.choice((404, 429, 500, 502, 503))
            ms = rnd.lognormvariate(-4.0, 0.7) * 1000
            if rnd.random() < 0.05:
                priority = "4"
                message = f"pool: {rnd.randint(40, 50)}/50 connections in use"
            elif status >= 500:
                priority = "3"
                message = (f"{rnd.choice(('GET', 'POST'))} {rnd.choice(_PATHS)} {status} "
                           f"{ms:.1f}ms error={rnd.choice(_CAUSES)!r}")  # fmt: skip
            else:
                priority = "6"
                message = f"{rnd.choice(('GET', 'POST'))} {rnd.choice(_PATHS)} {status} {ms:.1f}ms"
            micros = int(t * 1e6)
            rec = {
                "__CURSOR": f"s={boot};i={i + 1:x};b={boot};m={monotonic:x};t={micros:x};x=0",
                "__REALTIME_TIMESTAMP": str(micros),
                "__MONOTONIC_TIMESTAMP": str(monotonic),
                "_BOOT_ID": boot,
                "_TRANSPORT": "stdout",
                "PRIORITY": priority,
                "SYSLOG_FACILITY": "3",
                "SYSLOG_IDENTIFIER": "checkout",
                "_PID": "2417",
                "_UID": "998",
                "_GID": "998",
                "_COMM": "checkout",
                "_EXE": "/usr/local/bin/checkout",
                "_CMDLINE": "/usr/local/bin/checkout --config /etc/checkout/config.yaml",
                "_SYSTEMD_CGROUP": "/system.slice/checkout.service",
                "_SYSTEMD_UNIT": "checkout.service",
                "_SYSTEMD_SLICE": "system.slice",
                "_SYSTEMD_INVOCATION_ID": invocation,
                "_MACHINE_ID": machine,
                "_HOSTNAME": "api-2",
                "_STREAM_ID": invocation[:16] + boot[:16],
                "MESSAGE": message,
            }
            yield rec

    return _write_records(path, records())
