"""Each exporter preset against a real Prometheus scraping an exporter that names its metrics as
that instrumentation does: the panels fill with no hand-written PromQL, the preset and the
blue/green split are found from the server's own names and labels.

One Prometheus for the module, one scrape job per exporter; each source is scoped to its job
with ``match`` and every source runs at once, so the module costs one server start.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from console import events as ev
from console.sources import prompresets as pp
from console.sources.prometheus import PrometheusSource
from console.sources.promql import TRAFFIC_GREEN_PCT
from tests.helpers.exporters import ServiceExporter, Side
from tests.helpers.prometheus import PromServer, prometheus_binary

from .test_prometheus_source import Run

pytestmark = pytest.mark.prometheus

BLUE = (0.03, 0.09)  # seconds: the stable side answers in 30-90 ms
GREEN = (0.12, 0.36)  # the canary is slower...
GREEN_ERRORS = 0.12  # ...and fails 12 % of requests
RPS = (75.0, 25.0)  # a quarter of the requests go to the canary
# rate() divides by the whole window even for a series younger than it: a short window lets the
# rates settle within seconds of the canary's start.
WINDOW = "8s"


HTTP_PANELS = (ev.LATENCY_AVG, ev.LATENCY_P95, ev.LATENCY_P99, ev.ERROR_RATE, ev.REQUEST_RATE)


@dataclass(frozen=True)
class Case:
    kind: str
    blue: dict[str, str]
    green: dict[str, str] | None  # None: a service with one version, no split to find
    label: str = ""  # the split label expected to be found
    preset: str = ""  # the preset expected, when it isn't the exporter's kind
    quantiles: bool = True  # False: the exporter serves averages only, no p95/p99 (HAProxy)

    @property
    def expected(self) -> str:
        return self.preset or self.kind

    @property
    def panels(self) -> tuple[str, ...]:
        if self.quantiles:
            return HTTP_PANELS
        return tuple(p for p in HTTP_PANELS if p not in (ev.LATENCY_P95, ev.LATENCY_P99))


CASES = (
    Case(
        "promhttp",
        {"rollouts_pod_template_hash": "5d8f7c9b6d"},
        {"rollouts_pod_template_hash": "7f6c4b9d8e"},
        "rollouts_pod_template_hash",
    ),
    # A hand-instrumented service: promhttp's names, the status in status_code.
    Case(
        "prom-client",
        {"app_kubernetes_io_version": "3.1.0"},
        {"app_kubernetes_io_version": "3.2.0"},
        "app_kubernetes_io_version",
        "promhttp",
    ),
    Case("prometheus-net", {}, None),
    Case("otel", {"service_version": "2.3.0"}, {"service_version": "2.4.0"}, "service_version"),
    Case("otel-legacy", {"version": "1.0"}, None),
    Case(
        "istio",
        {"destination_version": "v1", "destination_workload": "checkout-v1"},
        {"destination_version": "v2", "destination_workload": "checkout-v2"},
        "destination_version",
    ),
    Case("ingress-nginx", {}, {"canary": "shop-checkout-canary-80"}, "canary"),
    Case(
        "envoy",
        {"envoy_cluster_name": "checkout_primary"},
        {"envoy_cluster_name": "checkout_canary"},
        "envoy_cluster_name",
    ),
    # An edge Envoy: its listeners' stats, the admin interface's requests left out.
    Case("envoy-edge", {}, None, preset="envoy"),
    Case(
        "traefik",
        {"service": "shop-checkout-stable-80@kubernetes"},
        {"service": "shop-checkout-canary-80@kubernetes"},
        "service",
    ),
    # The canary's hash sorts first: only its age says it is the newer side.
    Case(
        "linkerd",
        {"rollouts_pod_template_hash": "9c7d5f8b4", "pod": "checkout-9c7d5f8b4-x7k2p"},
        {"rollouts_pod_template_hash": "6b8f9d7c5", "pod": "checkout-6b8f9d7c5-q9m4t"},
        "rollouts_pod_template_hash",
    ),
    Case("micrometer", {"version": "1.4.2"}, {"version": "1.5.0"}, "version"),
    Case(
        "kong",
        {"service": "checkout-stable"},
        {"service": "checkout-canary"},
        "service",
    ),
    # Kong 2.x's names; the service label absent, the routes name the sides.
    Case("kong-2", {"route": "checkout-blue"}, {"route": "checkout-green"}, "route", "kong"),
    # The service the same on both sides: the routes (prefer_name) tell them apart.
    Case("apisix", {"route": "checkout-stable"}, {"route": "checkout-canary"}, "route"),
    Case(
        "caddy",
        {"host": "blue.checkout.example.com"},
        {"host": "green.checkout.example.com"},
        "host",
    ),
    Case(
        "haproxy",
        {"proxy": "be_checkout_blue"},
        {"proxy": "be_checkout_green"},
        "proxy",
        quantiles=False,
    ),
    Case(
        "django",
        {"app_kubernetes_io_version": "4.1.0"},
        {"app_kubernetes_io_version": "4.2.0"},
        "app_kubernetes_io_version",
    ),
    # No preset names prometheus_flask_exporter: its family of the common shape is found,
    # its status read from the label it has ("status").
    Case("flask", {"version": "1.8.0"}, {"version": "1.9.0"}, "version", "generic"),
    # Span metrics: errors are spans with an Error status, the client spans left out.
    Case(
        "spanmetrics",
        {"service_version": "2.3.0"},
        {"service_version": "2.4.0"},
        "service_version",
    ),
    Case("tempo", {}, None, preset="spanmetrics"),
)


@dataclass
class Seen:
    source: PrometheusSource
    events: list[ev.Event]

    def last(self) -> dict[tuple[str, str], float]:
        return {(e.name, e.scope): e.value for e in self.events if isinstance(e, ev.MetricSample)}

    def statuses(self) -> list[ev.SourceStatus]:
        return [e for e in self.events if isinstance(e, ev.SourceStatus)]


def _wanted(case: Case) -> set[tuple[str, str]]:
    scopes = ("", "blue", "green") if case.green is not None else ("",)
    return {(panel, scope) for panel in case.panels for scope in scopes}


def _filled(seen: list[ev.Event], since: float) -> set[tuple[str, str]]:
    return {(e.name, e.scope) for e in seen if isinstance(e, ev.MetricSample) and e.ts >= since}


async def _watch_all(url: str, canary_at: float) -> dict[str, Seen]:
    runs: dict[str, Run] = {}
    for case in CASES:
        runs[case.kind] = Run(
            PrometheusSource(
                url,
                interval=0.5,
                backfill_seconds=10,
                eval_lag=1.0,
                match=f'job="{case.kind}"',
                rediscover=2,
                window=WINDOW,
            )
        )
    # The preset chosen rather than detected, one panel's query the user's own.
    runs["istio-chosen"] = Run(
        PrometheusSource(
            url,
            {ev.LATENCY_P99: "vector(42)"},
            interval=0.5,
            backfill_seconds=0,
            match='{job="istio"}',
            preset="istio",
            rediscover=2,
            window=WINDOW,
        )
    )
    # The split said in the config: which label, which values are blue and which green.
    runs["istio-configured"] = Run(
        PrometheusSource(
            url,
            interval=0.5,
            backfill_seconds=0,
            match='job="istio"',
            split_label="destination_workload",
            blue="checkout-v1",
            green="checkout-v.*[2-9]",
            window=WINDOW,
        )
    )
    # A scope nothing is scraped under: every query comes back empty.
    runs["nothing"] = Run(
        PrometheusSource(
            url, interval=0.5, backfill_seconds=0, match='job="nothing"', window=WINDOW
        )
    )
    wanted = {c.kind: _wanted(c) for c in CASES}
    wanted["istio-configured"] = wanted["istio"]
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            # Both sides measured once the canary has served for a full rate window.
            since = canary_at + 9
            pending = [k for k, w in wanted.items() if not w <= _filled(runs[k].seen, since)]
            if not pending and any(
                isinstance(e, ev.SourceStatus) and e.status == "no data"
                for e in runs["nothing"].seen
            ):
                break
            await asyncio.sleep(0.2)
        # A few more polls, so the last values are not the first ones after the split appeared.
        await asyncio.sleep(1.5)
    finally:
        for run in runs.values():
            await run.close()
    return {name: Seen(run.source, run.seen) for name, run in runs.items()}


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Seen]]:
    binary = prometheus_binary()
    exporters: dict[str, ServiceExporter] = {}
    server: PromServer | None = None
    try:
        for seed, case in enumerate(CASES):
            sides = [Side(case.blue, BLUE, 0.0, RPS[0])]
            if case.green is not None:
                sides.append(Side(case.green, GREEN, GREEN_ERRORS, RPS[1]))
            exporters[case.kind] = ServiceExporter(case.kind, sides, seed=seed)
        server = PromServer(
            binary,
            tmp_path_factory.mktemp("prom"),
            [],
            {kind: e.target for kind, e in exporters.items()},
        )
        server.start()
        server.wait_for("up == 1", min_series=len(CASES), timeout=40)
        time.sleep(3)  # the stable side scraped for a while before the canary comes up
        canary_at = time.time()
        for e in exporters.values():
            e.start_canary()
        yield asyncio.run(_watch_all(server.url, canary_at))
    finally:
        if server is not None:
            server.stop()
        for e in exporters.values():
            e.close()


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_preset_is_detected_and_fills_the_http_panels(watched: dict[str, Seen], case: Case) -> None:
    seen = watched[case.kind]
    assert seen.source.preset is not None and seen.source.preset.name == case.expected
    last = seen.last()
    missing = _wanted(case) - set(last)
    assert not missing, f"{case.kind}: no samples for {sorted(missing)}"

    # Canonical units: milliseconds, percent, requests per second, whatever the exporter's.
    total_rps = RPS[0] + (RPS[1] if case.green is not None else 0)
    assert 0.6 * total_rps <= last[(ev.REQUEST_RATE, "")] <= 1.4 * total_rps, (
        "request rate: a request counted once, not by both ends of a connection"
    )
    assert 20 <= last[(ev.LATENCY_AVG, "")] <= 400
    # The stable side answers in 30-90 ms, 60 on average: the request's whole latency, not a
    # gateway's own share or the upstream's averaged in, nor HAProxy's idle-inclusive total.
    stable = last[(ev.LATENCY_AVG, "blue" if case.green is not None else "")]
    assert 50 <= stable <= 72, stable
    if case.quantiles:
        assert last[(ev.LATENCY_P99, "")] >= last[(ev.LATENCY_P95, "")] * 0.999
    else:
        assert not {ev.LATENCY_P95, ev.LATENCY_P99} & {name for name, _ in last}
        assert not {ev.LATENCY_P95, ev.LATENCY_P99} & set(seen.source.queries)

    if case.green is None:
        assert last[(ev.ERROR_RATE, "")] == 0
        assert seen.source.split is None
        assert not any(isinstance(e, ev.TrafficSplit) for e in seen.events)
        return

    split = seen.source.split
    assert split is not None and split.label == case.label, split
    assert 25 <= last[(ev.LATENCY_AVG, "blue")] <= 100  # 30-90 ms observed
    assert last[(ev.LATENCY_AVG, "green")] > last[(ev.LATENCY_AVG, "blue")] * 1.5
    # The total weighs each side by its requests: 75 at 60 ms and 25 at 240 ms is 105 ms, not
    # the 150 of the two sides' averages averaged (HAProxy's gauges are per backend).
    assert 90 <= last[(ev.LATENCY_AVG, "")] <= 125
    if case.quantiles:
        assert last[(ev.LATENCY_P99, "green")] > last[(ev.LATENCY_P99, "blue")]
    assert last[(ev.ERROR_RATE, "blue")] == 0
    assert 3 < last[(ev.ERROR_RATE, "green")] < 30  # 12 % of the canary's requests
    assert 0 < last[(ev.ERROR_RATE, "")] < last[(ev.ERROR_RATE, "green")]
    assert last[(ev.REQUEST_RATE, "blue")] > last[(ev.REQUEST_RATE, "green")]
    # The split's green share of requests is the traffic the router actually sent.
    splits = [e for e in seen.events if isinstance(e, ev.TrafficSplit)]
    assert splits and 10 <= splits[-1].green_pct <= 40  # a quarter


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_status_names_the_empty_panels(watched: dict[str, Seen], case: Case) -> None:
    statuses = watched[case.kind].statuses()
    last = statuses[-1]
    # These exporters serve no database, CPU or pool metrics: the status says so by name.
    assert last.status == "partial", last
    assert f"preset {case.expected} (detected)" in last.message
    if case.kind == "prom-client":
        assert 'errors by status_code=~"5.."' in last.message
    if case.kind == "flask":
        assert 'errors by status=~"5.."' in last.message
    assert "empty: " in last.message and "db_connections" in last.message
    assert ev.LATENCY_P99 not in last.message.split("empty: ")[1].split(";")[0]
    # Panels the exporter can't fill are said as such, not left to look like missing data.
    unserved = (
        "no latency_p95_ms or latency_p99_ms:"
        " haproxy_backend_response_time_average_seconds is an average, no histogram"
    )
    assert (unserved in last.message) == (not case.quantiles), last.message


def test_a_chosen_preset_keeps_the_users_query(watched: dict[str, Seen]) -> None:
    seen = watched["istio-chosen"]
    assert seen.source.preset is not None and seen.source.preset.name == "istio"
    assert "preset istio (chosen)" in seen.statuses()[-1].message
    last = seen.last()
    assert last[(ev.LATENCY_P99, "")] == 42  # the user's query, not the preset's
    assert (ev.LATENCY_P95, "green") in last  # the preset's own for the rest


def test_nothing_scraped_is_no_data_not_ok(watched: dict[str, Seen]) -> None:
    seen = watched["nothing"]
    assert not any(isinstance(e, ev.MetricSample) for e in seen.events)
    statuses = seen.statuses()
    assert statuses and all(s.status == "no data" for s in statuses), statuses
    message = statuses[-1].message
    assert message.startswith("every query came back empty (")
    for panel in (*HTTP_PANELS, ev.DB_CONNECTIONS, TRAFFIC_GREEN_PCT):
        assert panel in message
    assert "no known exporter's metric names" in message


def test_a_configured_split_is_used_as_given(watched: dict[str, Seen]) -> None:
    seen = watched["istio-configured"]
    assert seen.source.split == pp.Split(
        "destination_workload", "checkout-v1", "checkout-v.*[2-9]", "config"
    )
    assert "split by destination_workload" in seen.statuses()[-1].message
    last = seen.last()
    assert last[(ev.LATENCY_AVG, "green")] > last[(ev.LATENCY_AVG, "blue")] * 1.5
    assert last[(ev.ERROR_RATE, "blue")] == 0 < last[(ev.ERROR_RATE, "green")]
