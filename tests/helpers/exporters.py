"""Small /metrics endpoints that name things as real exporters do, serving simulated traffic.

Each instrumentation's metric names, label names, units, bucket layouts and metric types are
written here from its own documentation and source (client_golang's promhttp, Node's
prom-client, prometheus-net, OpenTelemetry's HTTP semantic conventions old and new, Istio's
standard metrics, ingress-nginx's socket collector, Envoy's cluster stats, Traefik's service
metrics, the Linkerd proxy, Micrometer's http.server.requests, Kong's and APISIX's prometheus
plugins, Caddy's HTTP metrics, HAProxy's built-in exporter, django-prometheus,
prometheus_flask_exporter, the OpenTelemetry Collector's spanmetrics connector, Tempo's metrics
generator). The text
exposition is written by hand because several of these counters have no ``_total`` suffix,
which prometheus_client would add.

A service has two sides (stable and canary) that differ only in the labels a real rollout puts
on them; the canary serves only once ``start_canary()`` is called, as a new ReplicaSet's pods
come up after the stable ones.
"""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Labels = tuple[tuple[str, str], ...]

PROM_DEFAULT = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)  # client_golang DefBuckets
OTEL_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
OTEL_LEGACY_MS = (0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000)
ISTIO_MS = (0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000)
ENVOY_MS = (0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000)
TRAEFIK_SECONDS = (0.1, 0.3, 1.2, 5.0)
LINKERD_MS = (1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 5000)
# kong/plugins/prometheus/exporter.lua: KONG_LATENCY_BUCKETS (Kong's own share),
# UPSTREAM_LATENCY_BUCKETS (request_latency_ms, upstream_latency_ms), 2.x's DEFAULT_BUCKETS.
KONG_MS = (1, 2, 5, 7, 10, 15, 20, 30, 50, 75, 100, 200, 500, 750, 1000, 3000, 6000)
KONG_UPSTREAM_MS = (25, 50, 80, 100, 250, 400, 700, 1000, 2000, 5000, 10000, 30000, 60000)
KONG2_MS = (1, 2, 5, 7, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500)
KONG2_MS += (1000, 2000, 5000, 10000, 30000, 60000)
# apisix/plugins/prometheus/exporter.lua: DEFAULT_BUCKETS, milliseconds.
APISIX_MS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 60000)
# django_prometheus/conf: PROMETHEUS_LATENCY_BUCKETS (its float("inf") is the +Inf bucket).
DJANGO_SECONDS = (0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 25, 50, 75)
# prometheus_flask_exporter: prometheus_client's default buckets (Histogram.DEFAULT_BUCKETS).
FLASK_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
# connector/spanmetricsconnector: defaultHistogramBucketsMs.
SPANMETRICS_MS = (2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000)
# Tempo's metrics generator: its default histogram_buckets (powers of two), seconds.
TEMPO_SECONDS = tuple(0.002 * 2**i for i in range(12))  # 2 ms to 4.1 s


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _fmt(labels: Labels, extra: tuple[tuple[str, str], ...] = ()) -> str:
    pairs = [*labels, *extra]
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_esc(v)}"' for k, v in pairs) + "}"


def _num(x: float) -> str:
    return "+Inf" if x == float("inf") else f"{x:g}" if x != int(x) else str(int(x))


@dataclass
class Book:
    """Every family one exporter serves, kept as counts and rendered as exposition text."""

    counters: dict[str, dict[Labels, float]] = field(default_factory=dict)
    gauges: dict[str, dict[Labels, float]] = field(default_factory=dict)
    hists: dict[str, tuple[tuple[float, ...], dict[Labels, list[float]]]] = field(
        default_factory=dict
    )
    # Micrometer-style summaries: name -> labels -> recent observations, count, sum, max.
    summaries: dict[str, dict[Labels, list[Any]]] = field(default_factory=dict)
    # Gauges of a moving average (HAProxy's): name -> labels -> the last observations.
    recent: dict[str, dict[Labels, list[float]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def inc(self, name: str, labels: dict[str, str], by: float = 1.0) -> None:
        key = tuple(sorted(labels.items()))
        fam = self.counters.setdefault(name, {})
        fam[key] = fam.get(key, 0.0) + by

    def set(self, name: str, labels: dict[str, str], value: float) -> None:
        self.gauges.setdefault(name, {})[tuple(sorted(labels.items()))] = value

    def observe(
        self, name: str, labels: dict[str, str], value: float, buckets: tuple[float, ...]
    ) -> None:
        key = tuple(sorted(labels.items()))
        _, series = self.hists.setdefault(name, (buckets, {}))
        row = series.setdefault(key, [0.0] * (len(buckets) + 2))  # buckets, sum, count
        for i, upper in enumerate(buckets):
            if value <= upper:
                row[i] += 1
        row[-2] += value
        row[-1] += 1

    def average(self, name: str, labels: dict[str, str], value: float, last: int) -> None:
        """Set gauge ``name`` to the mean of its ``last`` observations."""
        key = tuple(sorted(labels.items()))
        row = self.recent.setdefault(name, {}).setdefault(key, [])
        row[:] = [*row, value][-last:]
        self.set(name, labels, sum(row) / len(row))

    def summary(self, name: str, labels: dict[str, str], value: float) -> None:
        key = tuple(sorted(labels.items()))
        row = self.summaries.setdefault(name, {}).setdefault(key, [[], 0, 0.0, 0.0])
        row[0] = (row[0] + [value])[-500:]
        row[1] += 1
        row[2] += value
        row[3] = max(row[3], value)

    def render(self) -> str:
        out: list[str] = []
        with self.lock:
            for name, fam in self.counters.items():
                out.append(f"# TYPE {name} counter")
                out += [f"{name}{_fmt(k)} {_num(v)}" for k, v in fam.items()]
            for name, fam in self.gauges.items():
                out.append(f"# TYPE {name} gauge")
                out += [f"{name}{_fmt(k)} {_num(v)}" for k, v in fam.items()]
            for name, (buckets, series) in self.hists.items():
                out.append(f"# TYPE {name} histogram")
                for k, row in series.items():
                    for upper, n in zip(buckets, row, strict=False):
                        out.append(f"{name}_bucket{_fmt(k, (('le', _num(upper)),))} {_num(n)}")
                    out.append(f"{name}_bucket{_fmt(k, (('le', '+Inf'),))} {_num(row[-1])}")
                    out.append(f"{name}_sum{_fmt(k)} {row[-2]!r}")
                    out.append(f"{name}_count{_fmt(k)} {_num(row[-1])}")
            for name, fam in self.summaries.items():
                out.append(f"# TYPE {name} summary")
                for k, (recent, count, total, _peak) in fam.items():
                    ordered = sorted(recent)
                    for q in (0.5, 0.95, 0.99):
                        v = ordered[min(len(ordered) - 1, int(q * len(ordered)))]
                        out.append(f"{name}{_fmt(k, (('quantile', str(q)),))} {v!r}")
                    out.append(f"{name}_count{_fmt(k)} {count}")
                    out.append(f"{name}_sum{_fmt(k)} {total!r}")
                out.append(f"# TYPE {name}_max gauge")
                out += [f"{name}_max{_fmt(k)} {row[3]!r}" for k, row in fam.items()]
        return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Side:
    """One side of the rollout: the labels its series carry, its latency and its errors."""

    labels: dict[str, str]
    latency: tuple[float, float]  # seconds, uniform
    error_ratio: float
    rps: float


# (book, side labels, status code, latency in seconds)
Record = Callable[[Book, dict[str, str], int, float], None]


def _promhttp(b: Book, side: dict[str, str], code: int, s: float) -> None:
    labels = {"code": str(code), "method": "get", **side}
    b.observe("http_request_duration_seconds", labels, s, PROM_DEFAULT)
    b.inc("http_requests_total", labels)


def _prom_client(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # Node's prom-client as most services set it up: one histogram, the status as status_code.
    labels = {"method": "GET", "route": "/api/orders/:id", "status_code": str(code), **side}
    b.observe("http_request_duration_seconds", labels, s, (0.05, 0.1, 0.2, 0.5, 1, 2, 5))


def _prometheus_net(b: Book, side: dict[str, str], code: int, s: float) -> None:
    labels = {
        "code": str(code),
        "method": "GET",
        "controller": "Orders",
        "action": "Get",
        "endpoint": "api/orders/{id}",
        **side,
    }
    b.observe("http_request_duration_seconds", labels, s, PROM_DEFAULT)
    b.inc("http_requests_received_total", labels)


def _otel(b: Book, side: dict[str, str], code: int, s: float) -> None:
    labels = {
        "http_request_method": "GET",
        "http_response_status_code": str(code),
        "http_route": "/api/orders/{id}",
        "network_protocol_version": "1.1",
        "url_scheme": "http",
        "otel_scope_name": "io.opentelemetry.tomcat-10.0",
        **side,
    }
    if code >= 500:
        labels["error_type"] = str(code)
    b.observe("http_server_request_duration_seconds", labels, s, OTEL_SECONDS)


def _otel_legacy(b: Book, side: dict[str, str], code: int, s: float) -> None:
    labels = {
        "http_method": "GET",
        "http_status_code": str(code),
        "http_scheme": "http",
        "http_flavor": "1.1",
        "net_host_name": "orders",
        "net_host_port": "8080",
        **side,
    }
    b.observe("http_server_duration_milliseconds", labels, s * 1000, OTEL_LEGACY_MS)


def _istio(b: Book, side: dict[str, str], code: int, s: float) -> None:
    for reporter, extra in (("destination", 0.0), ("source", 0.004)):
        labels = {
            "reporter": reporter,
            "source_workload": "frontend",
            "source_workload_namespace": "shop",
            "destination_workload_namespace": "shop",
            "destination_service": "checkout.shop.svc.cluster.local",
            "destination_service_name": "checkout",
            "destination_service_namespace": "shop",
            "request_protocol": "http",
            "response_code": str(code),
            "response_flags": "-",
            "connection_security_policy": "mutual_tls" if reporter == "destination" else "unknown",
            **side,
        }
        b.observe("istio_request_duration_milliseconds", labels, (s + extra) * 1000, ISTIO_MS)
        b.inc("istio_requests_total", labels)


def _ingress_nginx(b: Book, side: dict[str, str], code: int, s: float) -> None:
    labels = {
        "controller_class": "k8s.io/ingress-nginx",
        "controller_namespace": "ingress-nginx",
        "controller_pod": "ingress-nginx-controller-7d9f8c6b5-x2x4l",
        "status": str(code),
        "method": "GET",
        "path": "/",
        "namespace": "shop",
        "ingress": "checkout",
        "service": "checkout",
        "canary": "",
        **side,
    }
    b.observe("nginx_ingress_controller_request_duration_seconds", labels, s, PROM_DEFAULT)
    b.inc("nginx_ingress_controller_requests", labels)


def _envoy_edge(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # An edge Envoy's HTTP connection manager stats (its "ingress_http" stat_prefix), before
    # any upstream cluster histogram exists; its admin interface's requests beside them.
    hcm = {"envoy_http_conn_manager_prefix": "ingress_http", **side}
    b.observe("envoy_http_downstream_rq_time", hcm, s * 1000, ENVOY_MS)
    b.inc("envoy_http_downstream_rq_xx", {"envoy_response_code_class": str(code // 100), **hcm})
    b.inc("envoy_http_downstream_rq_total", hcm)
    admin = {"envoy_http_conn_manager_prefix": "admin"}
    b.observe("envoy_http_downstream_rq_time", admin, 2.0, ENVOY_MS)
    b.inc("envoy_http_downstream_rq_xx", {"envoy_response_code_class": "2", **admin})


def _envoy(b: Book, side: dict[str, str], code: int, s: float) -> None:
    b.observe("envoy_cluster_upstream_rq_time", side, s * 1000, ENVOY_MS)
    b.inc("envoy_cluster_upstream_rq_xx", {"envoy_response_code_class": str(code // 100), **side})
    b.inc("envoy_cluster_upstream_rq", {"envoy_response_code": str(code), **side})
    b.inc("envoy_cluster_upstream_rq_total", side)
    b.inc("envoy_cluster_upstream_rq_completed", side)


def _traefik(b: Book, side: dict[str, str], code: int, s: float) -> None:
    labels = {"code": str(code), "method": "GET", "protocol": "http", **side}
    b.observe("traefik_service_request_duration_seconds", labels, s, TRAEFIK_SECONDS)
    b.inc("traefik_service_requests_total", labels)
    if next(_TRAEFIK_SEQ) % 10 == 0:
        # Traefik's own services (a dashboard's long polls, the scrapes): not the service's.
        internal = {**labels, "code": "200", "service": "api@internal"}
        b.observe("traefik_service_request_duration_seconds", internal, 4.0, TRAEFIK_SECONDS)
        b.inc("traefik_service_requests_total", internal)


_TRAEFIK_SEQ = itertools.count()


def _linkerd(b: Book, side: dict[str, str], code: int, s: float) -> None:
    common = {
        "authority": "checkout.shop.svc.cluster.local:8080",
        "namespace": "shop",
        "deployment": "checkout",
        "tls": "true",
        "status_code": str(code),
        **side,
    }
    for direction, ms in (("inbound", s * 1000), ("outbound", s * 1000 + 40)):
        labels = {"direction": direction, **common}
        b.observe("response_latency_ms", labels, ms, LINKERD_MS)
        b.inc(
            "response_total",
            {**labels, "classification": "failure" if code >= 500 else "success"},
        )


def _micrometer(b: Book, side: dict[str, str], code: int, s: float) -> None:
    outcome = "SERVER_ERROR" if code >= 500 else "SUCCESS"
    labels = {
        "application": "checkout",
        "exception": "None",
        "method": "GET",
        "outcome": outcome,
        "status": str(code),
        "uri": "/api/orders/{id}",
        "error": "none",
        **side,
    }
    b.summary("http_server_requests_seconds", labels, s)


def _kong(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # Kong 3.x with status_code_metrics and latency_metrics on: the request's total, the
    # upstream's part and Kong's own (plugins) in three histograms.
    where = {"route": "checkout-route", "workspace": "default", **side}
    b.inc(
        "kong_http_requests_total",
        {**where, "code": str(code), "source": "service", "consumer": ""},
    )
    b.observe("kong_request_latency_ms", where, s * 1000, KONG_UPSTREAM_MS)
    b.observe("kong_upstream_latency_ms", where, s * 1000 - 4, KONG_UPSTREAM_MS)
    b.observe("kong_kong_latency_ms", where, 4, KONG_MS)


def _kong2(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # Kong 2.x: one histogram, told apart by type.
    where = {"route": "checkout-route", **side}
    b.inc("kong_http_status", {**where, "code": str(code)})
    for kind, ms in (("request", s * 1000), ("upstream", s * 1000 - 4), ("kong", 4.0)):
        b.observe("kong_latency", {**where, "type": kind}, ms, KONG2_MS)


def _apisix(b: Book, side: dict[str, str], code: int, s: float) -> None:
    common = {
        "service": "checkout",
        "consumer": "",
        "node": "10.0.3.17",
        "request_type": "traditional_http",
        "request_llm_model": "",
        "llm_model": "",
        **side,
    }
    b.inc(
        "apisix_http_status",
        {
            **common,
            "code": str(code),
            "matched_uri": "/api/orders/*",
            "matched_host": "",
            "response_source": "upstream",
        },
    )
    for kind, ms in (("request", s * 1000), ("upstream", s * 1000 - 1.5), ("apisix", 1.5)):
        b.observe("apisix_http_latency", {**common, "type": kind}, ms, APISIX_MS)


def _caddy(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # A Caddyfile site: its host's subroute, the reverse_proxy route inside it; each
    # instrumented (per handler before Caddy 2.11, per route since) observes the request.
    for handler, extra in (("subroute", 0.0002), ("reverse_proxy", 0.0)):
        labels = {"server": "srv0", "handler": handler, "code": str(code), "method": "GET", **side}
        b.observe("caddy_http_request_duration_seconds", labels, s + extra, PROM_DEFAULT)
        b.observe("caddy_http_response_duration_seconds", labels, s * 0.9, PROM_DEFAULT)
        plain = {k: v for k, v in labels.items() if k not in ("code", "method")}
        b.inc("caddy_http_requests_total", plain)


def _haproxy(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # addons/promex: backends by the proxy label, responses by status class, time averages over
    # the last 1024 requests as gauges in seconds (no histogram).
    backend = dict(side)
    for cls in ("1xx", "2xx", "3xx", "4xx", "5xx", "other"):
        b.inc("haproxy_backend_http_responses_total", {**backend, "code": cls}, 0)
    b.inc("haproxy_backend_http_responses_total", {**backend, "code": f"{code // 100}xx"})
    b.inc("haproxy_backend_http_requests_total", backend)
    b.average("haproxy_backend_response_time_average_seconds", backend, s, 1024)
    # Tt counts the keep-alive idle time before each request: not the service's latency.
    b.average("haproxy_backend_total_time_average_seconds", backend, s + 1.5, 1024)
    b.set("haproxy_backend_queue_time_average_seconds", backend, 0)
    b.set("haproxy_backend_connect_time_average_seconds", backend, 0.001)
    b.inc(
        "haproxy_frontend_http_responses_total",
        {"proxy": "fe_main", "code": f"{code // 100}xx"},
    )


def _django(b: Book, side: dict[str, str], code: int, s: float) -> None:
    view = {"view": "orders:detail", "method": "GET", **side}
    b.inc("django_http_requests_before_middlewares_total", side)
    b.inc("django_http_responses_before_middlewares_total", side)
    b.inc("django_http_requests_total_by_method_total", {"method": "GET", **side})
    b.observe("django_http_requests_latency_including_middlewares_seconds", side, s, DJANGO_SECONDS)
    b.observe(
        "django_http_requests_latency_seconds_by_view_method", view, s - 0.002, DJANGO_SECONDS
    )
    b.inc("django_http_responses_total_by_status_total", {"status": str(code), **side})
    b.inc(
        "django_http_responses_total_by_status_view_method_total",
        {**view, "status": str(code)},
    )


def _flask(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # prometheus_flask_exporter's defaults: no preset names them (the generic family).
    labels = {"method": "GET", "status": str(code), **side}
    b.observe("flask_http_request_duration_seconds", labels, s, FLASK_SECONDS)
    b.inc("flask_http_request_total", labels)


def _span_metrics(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # The OpenTelemetry Collector's spanmetrics connector (its default namespace, ms): an HTTP
    # server span is Error for a 5xx. Each request also makes a client span (the service's
    # call to its database), fast and never failing, which the server's figures leave out.
    server = {
        "service_name": "checkout",
        "span_name": "GET /api/orders/{id}",
        "span_kind": "SPAN_KIND_SERVER",
        "status_code": "STATUS_CODE_ERROR" if code >= 500 else "STATUS_CODE_UNSET",
        **side,
    }
    client = {**server, "span_name": "SELECT orders", "span_kind": "SPAN_KIND_CLIENT"}
    client["status_code"] = "STATUS_CODE_UNSET"
    for labels, ms in ((server, s * 1000), (client, 2.0)):
        b.observe("traces_span_metrics_duration_milliseconds", labels, ms, SPANMETRICS_MS)
        b.inc("traces_span_metrics_calls_total", labels)


def _tempo(b: Book, side: dict[str, str], code: int, s: float) -> None:
    # Tempo's metrics generator: seconds, its own names, the same labels.
    labels = {
        "service": "checkout",
        "span_name": "HTTP GET",
        "span_kind": "SPAN_KIND_SERVER",
        "status_code": "STATUS_CODE_ERROR" if code >= 500 else "STATUS_CODE_OK",
        **side,
    }
    b.observe("traces_spanmetrics_latency", labels, s, TEMPO_SECONDS)
    b.inc("traces_spanmetrics_calls_total", labels)


RECORDERS: dict[str, Record] = {
    "promhttp": _promhttp,
    "prom-client": _prom_client,
    "prometheus-net": _prometheus_net,
    "otel": _otel,
    "otel-legacy": _otel_legacy,
    "istio": _istio,
    "ingress-nginx": _ingress_nginx,
    "envoy": _envoy,
    "envoy-edge": _envoy_edge,
    "traefik": _traefik,
    "linkerd": _linkerd,
    "micrometer": _micrometer,
    "kong": _kong,
    "kong-2": _kong2,
    "apisix": _apisix,
    "caddy": _caddy,
    "haproxy": _haproxy,
    "django": _django,
    "flask": _flask,
    "spanmetrics": _span_metrics,
    "tempo": _tempo,
}


def _static(kind: str, b: Book) -> None:
    """What else each exporter serves beside the HTTP metrics."""
    if kind == "promhttp":
        b.set("go_goroutines", {}, 42)
        b.inc("promhttp_metric_handler_requests_total", {"code": "200"}, 0)
    elif kind == "prom-client":
        b.set("nodejs_heap_size_used_bytes", {}, 3.1e7)
    elif kind == "prometheus-net":
        b.set("http_requests_in_progress", {"method": "GET", "controller": "", "action": ""}, 1)
        b.inc("dotnet_collection_count_total", {"generation": "0"}, 3)
    elif kind in ("otel", "otel-legacy"):
        b.set("target_info", {"service_name": "orders", "telemetry_sdk_language": "java"}, 1)
    elif kind in ("envoy", "envoy-edge"):
        b.set("envoy_server_live", {}, 1)
    if kind == "envoy-edge":  # a cluster defined, not yet used: its counters, no histogram
        b.inc("envoy_cluster_upstream_rq_total", {"envoy_cluster_name": "service_backend"}, 0)
    elif kind == "micrometer":
        b.set("jvm_threads_live_threads", {"application": "checkout"}, 31)
    elif kind in ("kong", "kong-2"):
        b.set("kong_datastore_reachable", {}, 1)
        b.set("kong_nginx_timers", {"state": "running"}, 2)
    elif kind == "apisix":
        b.set("apisix_nginx_http_current_connections", {"state": "active"}, 3)
        b.set("apisix_node_info", {"hostname": "apisix-6d9c7b8f5-2xk7q", "version": "3.9.0"}, 1)
    elif kind == "caddy":
        admin = {"handler": "metrics", "path": "/metrics", "code": "200", "method": "GET"}
        b.inc("caddy_admin_http_requests_total", admin, 9)
        b.set("go_goroutines", {}, 37)
        b.inc("promhttp_metric_handler_requests_total", {"code": "200"}, 0)
    elif kind == "haproxy":
        b.set("haproxy_process_nbthread", {}, 4)
        b.set("haproxy_backend_status", {"proxy": "be_static", "state": "UP"}, 1)
    elif kind == "django":
        b.set("django_migrations_unapplied_total", {"connection": "default"}, 0)
        python = {"implementation": "CPython", "major": "3", "minor": "12", "patchlevel": "3"}
        b.set("python_info", {**python, "version": "3.12.3"}, 1)


class ServiceExporter:
    """A /metrics endpoint for one instrumentation, with traffic flowing on its two sides."""

    def __init__(self, kind: str, sides: list[Side], seed: int = 7) -> None:
        self.kind = kind
        self.sides = sides
        self.record = RECORDERS[kind]
        self.book = Book()
        _static(kind, self.book)
        self.canary = threading.Event()
        self._rnd = random.Random(seed)
        self._stop = threading.Event()
        book = self.book

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body = book.render().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.target = f"127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self._thread = threading.Thread(target=self._traffic, daemon=True)
        self._thread.start()

    def _traffic(self) -> None:
        tick = 0.05
        owed = [0.0] * len(self.sides)
        while not self._stop.is_set():
            with self.book.lock:
                for i, side in enumerate(self.sides):
                    if i > 0 and not self.canary.is_set():
                        continue  # the canary's pods aren't serving yet
                    owed[i] += side.rps * tick
                    while owed[i] >= 1:
                        owed[i] -= 1
                        code = 503 if self._rnd.random() < side.error_ratio else 200
                        self.record(self.book, side.labels, code, self._rnd.uniform(*side.latency))
            self._stop.wait(tick)

    def start_canary(self) -> None:
        self.canary.set()

    def close(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
