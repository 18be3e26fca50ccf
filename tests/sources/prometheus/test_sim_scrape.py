"""The production path of the demo: a real Prometheus scraping the simulated agent's /metrics,
read back through PrometheusSource with the default queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from console import events as ev
from console.sources.prometheus import PrometheusSource
from tests.helpers.prometheus import PromServer, prometheus_binary

from .test_prometheus_source import ANSWERED, Run, as_expected, status

pytestmark = pytest.mark.prometheus


@pytest.fixture
def sim_prometheus(tmp_path: Path) -> Iterator[PromServer]:
    binary = prometheus_binary()
    from console.sim.handle import SimHandle

    with SimHandle.start("healthy", speed=13.0) as sim:
        server = PromServer(binary, tmp_path, [urlsplit(sim.url).netloc])
        server.start()
        try:
            # rate() needs two scrapes; the source evaluates 2 s in the past (eval_lag).
            server.wait_for("rate(http_request_duration_seconds_count[1m])", lag=2.5)
            yield server
        finally:
            server.stop()


async def test_panels_from_the_simulated_agent_match_prometheus(
    sim_prometheus: PromServer,
) -> None:
    source = PrometheusSource(sim_prometheus.url, interval=0.5, backfill_seconds=10, eval_lag=2.0)
    run = Run(source)
    try:
        ok = await run.until(status(*ANSWERED))
        await run.until(lambda e: isinstance(e, ev.MetricSample) and e.ts > ok.ts - 1.0)
    finally:
        await run.close()
    samples = [e for e in run.seen if isinstance(e, ev.MetricSample)]
    names = {e.name for e in samples}
    for name in (
        ev.LATENCY_AVG,
        ev.LATENCY_P99,
        ev.REQUEST_RATE,
        ev.DB_CONNECTIONS,
        ev.DB_CONNECTIONS_MAX,
        ev.DB_QUERY_MS,
        ev.DB_CPU,
        ev.CPU,
        ev.MEMORY,
    ):
        assert name in names, f"no {name} from the simulated agent"
    assert any(e.scope == "blue" for e in samples if e.name == ev.LATENCY_P99)
    by_instant: dict[tuple[str, float], dict[str, float]] = {}
    for e in samples:
        by_instant.setdefault((e.name, e.ts), {})[e.scope] = e.value
    for (name, at), got in by_instant.items():
        expected = as_expected(sim_prometheus, name, at, source.queries)
        assert got == pytest.approx(expected, rel=1e-9), name
    # The router weight arrives as a traffic split, in percent.
    splits = [e for e in run.seen if isinstance(e, ev.TrafficSplit)]
    assert splits and 0 <= splits[-1].green_pct <= 100
    # Plausible canonical units: milliseconds and percent, not seconds and ratios.
    last = {(e.name, e.scope): e.value for e in samples}
    assert last[(ev.LATENCY_AVG, "blue")] > 10
    assert 1 < last[(ev.DB_CPU, "")] <= 100
