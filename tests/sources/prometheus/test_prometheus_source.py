"""PrometheusSource against a real Prometheus server scraping a real /metrics endpoint."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from console import events as ev
from console.sources.prometheus import PrometheusSource, scope_of
from console.sources.promql import DEFAULT_QUERIES, TRAFFIC_GREEN_PCT
from tests.helpers.net import free_port
from tests.helpers.prometheus import PromServer, wait_for_rates

pytestmark = pytest.mark.prometheus


class Run:
    """Drive ``source.events`` in a task, collecting everything it yields."""

    def __init__(self, source: PrometheusSource) -> None:
        self.source = source
        self.stop = asyncio.Event()
        self.seen: list[ev.Event] = []
        self.task = asyncio.create_task(self._collect())

    async def _collect(self) -> None:
        async for event in self.source.events(self.stop):
            self.seen.append(event)

    async def until(self, pred: Callable[[ev.Event], bool], timeout: float = 30) -> ev.Event:
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.seen[start:]:
                if pred(event):
                    return event
            if self.task.done():
                self.task.result()
                raise AssertionError("the source ended")
            await asyncio.sleep(0.05)
        raise AssertionError(f"timed out; last events: {self.seen[-5:]}")

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 30)


def status(*kinds: str) -> Callable[[ev.Event], bool]:
    return lambda e: isinstance(e, ev.SourceStatus) and e.status in kinds


# A poll that answered: "partial" when some panels (here CPU, memory, pool) have no metrics.
ANSWERED = ("ok", "partial")


def as_expected(
    server: PromServer, name: str, at: float, queries: dict[str, str] | None = None
) -> dict[str, float]:
    """What Prometheus's own HTTP API says the panel ``name`` shows at ``at``, by scope."""
    out: dict[str, float] = {}
    for series in server.query((queries or DEFAULT_QUERIES)[name], at):
        scope = scope_of(series["metric"])
        value = float(series["value"][1])
        if scope is not None and value == value:
            out[scope] = value
    return out


async def test_backfill_and_polls_match_prometheus_http_api(prometheus: PromServer) -> None:
    await asyncio.to_thread(wait_for_rates, prometheus)
    await asyncio.sleep(2)  # some history worth back-filling
    source = PrometheusSource(
        prometheus.url, interval=0.5, backfill_seconds=20, eval_lag=2.0, timeout=5
    )
    run = Run(source)
    try:
        ok = await run.until(status(*ANSWERED))
        assert isinstance(ok, ev.SourceStatus) and ok.name == "prometheus"
        backfill_end = ok.ts - 2.0
        # Two instant polls after the back-fill.
        await run.until(lambda e: isinstance(e, ev.MetricSample) and e.ts > backfill_end + 0.4)
        await run.until(lambda e: isinstance(e, ev.MetricSample) and e.ts > backfill_end + 0.9)
    finally:
        await run.close()

    samples = [e for e in run.seen if isinstance(e, ev.MetricSample)]
    names = {e.name for e in samples}
    for name in (
        ev.LATENCY_AVG,
        ev.LATENCY_P95,
        ev.LATENCY_P99,
        ev.ERROR_RATE,
        ev.REQUEST_RATE,
        ev.DB_CONNECTIONS,
        ev.DB_CONNECTIONS_MAX,
        ev.DB_CPU,
    ):
        assert name in names, f"no samples for {name}"
    # Back-filled history: several instants, older than the first poll.
    backfill_times = {e.ts for e in samples if e.ts <= backfill_end - 1}
    assert len(backfill_times) >= 3

    # Every sample the source yielded equals what the HTTP API returns for the same query at
    # the same instant (scopes included): back-fill points and polls alike.
    by_instant: dict[tuple[str, float], dict[str, float]] = {}
    for e in samples:
        by_instant.setdefault((e.name, e.ts), {})[e.scope] = e.value
    assert len(by_instant) > 20
    for (name, at), got in by_instant.items():
        expected = as_expected(prometheus, name, at, source.queries)
        assert got == pytest.approx(expected, rel=1e-9), (name, at)

    # Canonical units and scopes: ms, percent, colours and totals.
    last = {(e.name, e.scope): e.value for e in samples}
    assert last[(ev.DB_CONNECTIONS, "blue")] == 58
    assert last[(ev.DB_CONNECTIONS, "green")] == 62
    assert last[(ev.DB_CONNECTIONS, "")] == 120
    assert last[(ev.DB_CONNECTIONS_MAX, "")] == 250
    assert last[(ev.DB_CPU, "")] == pytest.approx(41)
    assert 30 <= last[(ev.LATENCY_AVG, "blue")] <= 120  # blue observes 30-120 ms
    assert last[(ev.LATENCY_P99, "green")] > last[(ev.LATENCY_P99, "blue")]
    assert last[(ev.ERROR_RATE, "blue")] == 0
    assert 0 < last[(ev.ERROR_RATE, "green")] < 40
    assert last[(ev.REQUEST_RATE, "")] == pytest.approx(
        last[(ev.REQUEST_RATE, "blue")] + last[(ev.REQUEST_RATE, "green")]
    )
    splits = [e for e in run.seen if isinstance(e, ev.TrafficSplit)]
    assert splits and splits[-1].green_pct == 25


async def test_prometheus_down_goes_stale_then_recovers(prometheus: PromServer) -> None:
    source = PrometheusSource(
        prometheus.url,
        interval=0.3,
        backfill_seconds=0,
        max_backoff=1.0,
        timeout=2,
        queries={name: "" for name in DEFAULT_QUERIES if name != ev.DB_CONNECTIONS},
    )
    run = Run(source)
    try:
        await run.until(status("ok"))
        before = await run.until(lambda e: isinstance(e, ev.MetricSample))
        prometheus.stop()
        stale = await run.until(status("stale"))
        assert isinstance(stale, ev.SourceStatus)
        assert "cannot reach Prometheus" in stale.message
        assert "age" in stale.message and "\n" not in stale.message
        # Still backing off and reporting while it is down; no samples meanwhile.
        n = len(run.seen)
        await run.until(status("stale"))
        assert not any(isinstance(e, ev.MetricSample) for e in run.seen[n:])

        prometheus.start()
        await run.until(status("ok"), timeout=40)
        after = await run.until(lambda e: isinstance(e, ev.MetricSample))
        assert isinstance(before, ev.MetricSample) and isinstance(after, ev.MetricSample)
        assert after.ts > before.ts and after.name == ev.DB_CONNECTIONS
    finally:
        await run.close()


async def test_never_reachable_is_an_error_not_stale() -> None:
    source = PrometheusSource(f"http://127.0.0.1:{free_port()}", interval=0.2, timeout=1)
    run = Run(source)
    try:
        err = await run.until(status("error"))
        assert isinstance(err, ev.SourceStatus)
        assert err.message.startswith("cannot reach Prometheus at http://127.0.0.1:")
    finally:
        await run.close()


def test_queries_are_overridable_and_traffic_weight_is_a_split() -> None:
    source = PrometheusSource(
        "http://127.0.0.1:9", queries={ev.DB_CPU: "", "custom_metric": "up", TRAFFIC_GREEN_PCT: "x"}
    )
    assert ev.DB_CPU not in source.queries
    assert source.queries["custom_metric"] == "up"
    assert source.queries[TRAFFIC_GREEN_PCT] == "x"
    assert source.queries[ev.LATENCY_P99] == DEFAULT_QUERIES[ev.LATENCY_P99]


class _AuthProm(BaseHTTPRequestHandler):
    """Stands in for an authenticating proxy in front of Prometheus: it checks the bearer
    token and answers the HTTP API's JSON shape."""

    seen: ClassVar[list[str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization", "")
        type(self).seen.append(auth)
        if auth != "Bearer s3cret":
            body, code = b"Unauthorized", 401
        else:
            at = time.time()
            body = json.dumps(
                {
                    "status": "success",
                    "data": {
                        "resultType": "vector",
                        "result": [{"metric": {"colour": "green"}, "value": [at, "42"]}],
                    },
                }
            ).encode()
            code = 200
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


async def test_bearer_token_from_env_and_a_clear_401() -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _AuthProm)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    only = {ev.DB_CONNECTIONS: "db_connections"} | {
        name: "" for name in DEFAULT_QUERIES if name != ev.DB_CONNECTIONS
    }
    try:
        wrong = Run(
            PrometheusSource(
                url, only, interval=0.2, backfill_seconds=0, env={"OPSCONSOLE_PROM_TOKEN": "nope"}
            )
        )
        try:
            err = await wrong.until(status("error"))
            assert "refused the credentials (HTTP 401)" in err.message
            assert "OPSCONSOLE_PROM_TOKEN" in err.message
        finally:
            await wrong.close()
        right = Run(
            PrometheusSource(
                url, only, interval=0.2, backfill_seconds=0, env={"OPSCONSOLE_PROM_TOKEN": "s3cret"}
            )
        )
        try:
            sample = await right.until(lambda e: isinstance(e, ev.MetricSample))
            assert (sample.name, sample.scope, sample.value) == (ev.DB_CONNECTIONS, "green", 42)
        finally:
            await right.close()
        assert "Bearer s3cret" in _AuthProm.seen and "Bearer nope" in _AuthProm.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_basic_auth_from_env_and_bad_urls() -> None:
    from console.sources.prometheus import PrometheusConfigError, auth_from_env

    assert auth_from_env({"OPSCONSOLE_PROM_USER": "u", "OPSCONSOLE_PROM_PASSWORD": "p"}) == (
        None,
        ("u", "p"),
    )
    assert auth_from_env({}) == (None, None)
    with pytest.raises(PrometheusConfigError, match="not a Prometheus URL"):
        PrometheusSource("localhost:9090")
