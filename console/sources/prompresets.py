"""What real exporters call request latency and errors, and the PromQL that reads them.

Each :class:`Preset` names one instrumentation's HTTP metrics as its owners publish them
(client_golang's promhttp, OpenTelemetry's semantic conventions, Istio, ingress-nginx, Envoy,
Traefik, Linkerd, Kong, APISIX, Caddy, HAProxy, Micrometer, prometheus-net, django-prometheus,
span metrics made from traces): the latency histogram (or summary, or HAProxy's gauge of
recent averages) and its unit, the request counter and the matchers that select failed
requests.
:func:`detect` picks one from the metric names a Prometheus server holds;
:func:`build_queries` turns it into the console's panel queries, in its canonical units
(milliseconds, percent, requests per second).

No real exporter has a ``colour`` label. A :class:`Split` says which label tells the two sides
of a rollout apart and which of its values are blue (stable) and green (canary); the queries
relabel those series with ``label_replace`` into a ``colour`` label, so the source reads
every preset the same way. :func:`classify` makes a Split from a label's values: by their
names (``stable``/``canary``, ``primary``, ``active``/``preview``, ``blue``/``green``), by
ingress-nginx's ``canary`` label (empty for the stable backend), or, for version and
pod-template-hash labels, by age (the value seen first is the stable one).

Everything here is pure: the source (``prometheus.py``) asks the server and passes answers in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from console import events as ev
from console.sources.promql import TRAFFIC_GREEN_PCT, WINDOW


@dataclass(frozen=True, slots=True)
class Latency:
    """A latency histogram (``name_bucket``/``_sum``/``_count``) or summary (``name{quantile}``),
    or a gauge of each series' recent average (``gauge``)."""

    name: str
    to_ms: float  # 1000 for seconds, 1 for milliseconds
    # Matchers picking the whole request's latency in a family that holds several kinds
    # (Kong 2.x's and APISIX's type="request" beside "upstream" and the gateway's own).
    only: str = ""
    # A gauge of the recent average (HAProxy's, over the last 1024 requests): no buckets, so
    # no p95/p99. Averaged over series weighted by their request rate; the request counter's
    # rate is summed without ``counter_only`` (its labels the gauge doesn't carry) to match.
    gauge: bool = False
    counter_only: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Requests:
    """A request counter and the matchers that pick its failed requests."""

    name: str
    errors: str


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    title: str
    # Any of these metric names on the server means this instrumentation is there.
    detect: tuple[str, ...]
    # Candidates in order; the first the server has is used (the first when names are unknown).
    latency: tuple[Latency, ...]
    requests: tuple[Requests, ...]
    # Labels whose values name the two sides of a rollout, besides the common ones.
    split_labels: tuple[str, ...] = ()
    # (label, preferred values): use the first value the server has, e.g. Istio's reporter, so
    # a request seen by both ends of a connection is counted once.
    prefer: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Matchers every query carries: series that are not the service's traffic.
    only: str = ""


_5XX = '=~"5.."'  # matches "503" and ingress-nginx's status classes ("5xx") alike
_SPAN_ERROR = 'status_code="STATUS_CODE_ERROR"'

PRESETS: tuple[Preset, ...] = (
    Preset(
        "istio",
        "Istio (Envoy sidecars, Istio standard metrics)",
        ("istio_requests_total", "istio_request_duration_milliseconds_bucket"),
        (
            Latency("istio_request_duration_milliseconds", 1.0),
            Latency("istio_request_duration_seconds", 1000.0),  # Istio before 1.8
        ),
        (Requests("istio_requests_total", f"response_code{_5XX}"),),
        (
            "destination_version",
            "destination_service_name",
            "destination_workload",
            "destination_canonical_revision",
        ),
        # An ambient mesh's waypoint proxies report as "waypoint".
        (("reporter", ("destination", "waypoint", "source")),),
    ),
    Preset(
        "linkerd",
        "Linkerd proxy",
        ("response_latency_ms_bucket",),
        (Latency("response_latency_ms", 1.0),),
        (Requests("response_total", 'classification="failure"'),),
        ("deployment", "dst_deployment"),
        (("direction", ("inbound", "outbound")),),
    ),
    Preset(
        "ingress-nginx",
        "ingress-nginx controller",
        ("nginx_ingress_controller_requests",),
        (Latency("nginx_ingress_controller_request_duration_seconds", 1000.0),),
        (Requests("nginx_ingress_controller_requests", f"status{_5XX}"),),
        ("canary", "service", "ingress"),
    ),
    Preset(
        "traefik",
        "Traefik (service metrics)",
        ("traefik_service_requests_total", "traefik_service_request_duration_seconds_bucket"),
        (Latency("traefik_service_request_duration_seconds", 1000.0),),
        (
            Requests("traefik_service_requests_total", f"code{_5XX}"),
            Requests("traefik_service_request_duration_seconds_count", f"code{_5XX}"),
        ),
        ("service",),
        # Traefik's own services (api@internal, prometheus@internal serving the scrapes).
        only='service!~".+@internal"',
    ),
    Preset(
        "envoy",
        "Envoy (cluster upstream stats, or its HTTP connection managers')",
        (
            "envoy_cluster_upstream_rq_xx",
            "envoy_cluster_upstream_rq_time_bucket",
            "envoy_cluster_upstream_rq_total",
            "envoy_http_downstream_rq_time_bucket",
        ),
        (
            Latency("envoy_cluster_upstream_rq_time", 1.0),
            # An edge Envoy's listeners: the requests it served, whatever cluster answered
            # (an upstream histogram appears only once a cluster has been used).
            Latency("envoy_http_downstream_rq_time", 1.0),
        ),
        (
            Requests("envoy_cluster_upstream_rq_xx", 'envoy_response_code_class="5"'),
            Requests("envoy_cluster_upstream_rq", f"envoy_response_code{_5XX}"),
            Requests("envoy_http_downstream_rq_xx", 'envoy_response_code_class="5"'),
        ),
        ("envoy_cluster_name",),
        # The admin interface's own requests (a scrape of /stats is one) are no service's.
        only='envoy_http_conn_manager_prefix!="admin"',
    ),
    Preset(
        "kong",
        "Kong Gateway (prometheus plugin)",
        (
            "kong_http_requests_total",
            "kong_request_latency_ms_bucket",
            "kong_http_status",  # Kong 2.x
            "kong_latency_bucket",
        ),
        (
            Latency("kong_request_latency_ms", 1.0),
            # Kong 2.x: one histogram, the request's total beside the upstream's and Kong's own.
            Latency("kong_latency", 1.0, only='type="request"'),
        ),
        (
            Requests("kong_http_requests_total", f"code{_5XX}"),
            Requests("kong_http_status", f"code{_5XX}"),
        ),
        ("service", "route"),
    ),
    Preset(
        "apisix",
        "Apache APISIX (prometheus plugin)",
        ("apisix_http_status", "apisix_http_latency_bucket"),
        (Latency("apisix_http_latency", 1.0, only='type="request"'),),
        (Requests("apisix_http_status", f"code{_5XX}"),),
        ("service", "route"),
    ),
    Preset(
        "caddy",
        "Caddy (HTTP server metrics)",
        ("caddy_http_request_duration_seconds_count", "caddy_http_requests_total"),
        (Latency("caddy_http_request_duration_seconds", 1000.0),),
        # caddy_http_requests_total has no status code: the histogram's _count has.
        (Requests("caddy_http_request_duration_seconds_count", f"code{_5XX}"),),
        ("host", "server"),
        # Every instrumented route (every handler before Caddy 2.11) observes the request:
        # a site's subroute and the reverse_proxy inside it count it twice.
        (("handler", ("reverse_proxy", "file_server", "static_response")),),
    ),
    Preset(
        "haproxy",
        "HAProxy (built-in Prometheus exporter, backends)",
        ("haproxy_backend_http_responses_total", "haproxy_backend_response_time_average_seconds"),
        # The server's response time (Tr); the total time (Tt) counts keep-alive idle time.
        (
            Latency(
                "haproxy_backend_response_time_average_seconds",
                1000.0,
                gauge=True,
                counter_only=("code",),
            ),
        ),
        # Responses by status class: code="1xx" ... "5xx", "other".
        (Requests("haproxy_backend_http_responses_total", 'code="5xx"'),),
        ("proxy",),
    ),
    Preset(
        "otel",
        "OpenTelemetry semantic conventions (http.server.request.duration)",
        (
            "http_server_request_duration_seconds_bucket",
            "http_server_request_duration_seconds_count",
        ),
        (Latency("http_server_request_duration_seconds", 1000.0),),
        (
            Requests(
                "http_server_request_duration_seconds_count", f"http_response_status_code{_5XX}"
            ),
        ),
        ("service_version",),
    ),
    Preset(
        "otel-legacy",
        "OpenTelemetry before semconv 1.20 (http.server.duration, milliseconds)",
        (
            "http_server_duration_milliseconds_bucket",
            "http_server_duration_milliseconds_count",
            "http_server_duration_bucket",
        ),
        (
            Latency("http_server_duration_milliseconds", 1.0),
            Latency("http_server_duration", 1.0),  # exporters that don't append the unit
        ),
        (
            Requests("http_server_duration_milliseconds_count", f"http_status_code{_5XX}"),
            Requests("http_server_duration_count", f"http_status_code{_5XX}"),
        ),
        ("service_version",),
    ),
    Preset(
        "micrometer",
        "Micrometer (Spring Boot http.server.requests)",
        ("http_server_requests_seconds_count",),
        (Latency("http_server_requests_seconds", 1000.0),),
        (Requests("http_server_requests_seconds_count", f"status{_5XX}"),),
        ("application",),
    ),
    Preset(
        "prometheus-net",
        "prometheus-net (ASP.NET Core HTTP metrics)",
        ("http_requests_received_total",),
        (Latency("http_request_duration_seconds", 1000.0),),
        (
            Requests("http_requests_received_total", f"code{_5XX}"),
            Requests("http_request_duration_seconds_count", f"code{_5XX}"),
        ),
    ),
    Preset(
        "django",
        "django-prometheus (Django middleware)",
        (
            "django_http_responses_total_by_status_total",
            "django_http_requests_latency_including_middlewares_seconds_count",
            "django_http_requests_latency_seconds_by_view_method_count",
        ),
        (
            # Observed once per request by PrometheusBeforeMiddleware; the by-view histogram is
            # observed twice for a request whose view raised (process_exception, then
            # process_response).
            Latency("django_http_requests_latency_including_middlewares_seconds", 1000.0),
            Latency("django_http_requests_latency_seconds_by_view_method", 1000.0),
        ),
        (
            Requests("django_http_responses_total_by_status_total", f"status{_5XX}"),
            Requests("django_http_responses_total_by_status_view_method_total", f"status{_5XX}"),
        ),
    ),
    Preset(
        "promhttp",
        "client_golang promhttp (and the common http_requests_total{code})",
        ("http_requests_total", "http_request_duration_seconds_count"),
        (Latency("http_request_duration_seconds", 1000.0),),
        (
            Requests("http_requests_total", f"code{_5XX}"),
            Requests("http_request_duration_seconds_count", f"code{_5XX}"),
        ),
    ),
    # RED metrics made from traces: the OpenTelemetry Collector's spanmetrics connector (namespace
    # traces.span.metrics; its duration in ms until the seconds feature gate) and Tempo's metrics
    # generator. A span's status is its error: an HTTP server span is Error for a 5xx, not a 4xx
    # (semantic conventions). Server spans only: a service's calls out are spans of its own.
    Preset(
        "spanmetrics",
        "span metrics from traces (OpenTelemetry Collector spanmetrics connector, Tempo)",
        (
            "traces_span_metrics_calls_total",
            "traces_span_metrics_duration_milliseconds_bucket",
            "traces_span_metrics_duration_seconds_bucket",
            "traces_spanmetrics_calls_total",
            "traces_spanmetrics_latency_bucket",
        ),
        (
            Latency("traces_span_metrics_duration_milliseconds", 1.0),
            Latency("traces_span_metrics_duration_seconds", 1000.0),
            Latency("traces_spanmetrics_latency", 1000.0),  # Tempo: seconds
        ),
        (
            Requests("traces_span_metrics_calls_total", _SPAN_ERROR),
            Requests("traces_spanmetrics_calls_total", _SPAN_ERROR),
        ),
        ("service_version",),
        only='span_kind="SPAN_KIND_SERVER"',
    ),
)

BY_NAME: dict[str, Preset] = {p.name: p for p in PRESETS}

# The common shape of the instrumentations no preset names: a request latency histogram (or
# summary) under a prefix of the library's or the user's own, and its counter beside it
# (prometheus_flask_exporter's flask_http_request_duration_seconds and
# flask_http_request_total, starlette_exporter's starlette_request_duration_seconds and
# starlette_requests_total, yabeda-rails' rails_request_duration_seconds, PromEx's
# <app>_prom_ex_phoenix_http_request_duration_milliseconds). A client's calls out are not
# the service's requests.
_RED_LATENCY = re.compile(
    r"(?P<stem>[a-z0-9_]*?(?:http_)?(?:server_)?requests?)_(?:duration|latency)"
    r"(?:_(?P<unit>seconds|milliseconds|ms))?_(?:bucket|count)"
)
_RED_COUNTERS = ("s_total", "_total")  # after the stem: requests_total, request_total


def red_family(names: Iterable[str]) -> Preset | None:
    """A preset made for the first request latency family of the common shape in ``names``
    (a histogram's buckets before a summary's count), and the counter beside it (else its
    own count); None when there is none. Its errors are read from the status label the
    series have (see prometheus.py's status look-up)."""
    have = set(names)
    found = {
        n: m for n in have if "client" not in n and (m := _RED_LATENCY.fullmatch(n)) is not None
    }
    if not found:
        return None
    name = min(found, key=lambda n: (not n.endswith("_bucket"), n))
    m = found[name]
    family = name.rpartition("_")[0]
    unit = m.group("unit")
    to_ms = 1.0 if unit in ("milliseconds", "ms") else 1000.0  # unnamed: seconds, by convention
    stem = m.group("stem").removesuffix("s")
    counters = [stem + tail for tail in _RED_COUNTERS if stem + tail in have]
    requests = tuple(Requests(c, f"code{_5XX}") for c in (*counters, f"{family}_count"))
    return Preset(
        "generic",
        f"{family} (no preset: a request latency family of the common shape)",
        (name,),
        (Latency(family, to_ms),),
        requests,
    )


# Labels a rollout's pods carry on any exporter once Kubernetes service discovery maps the pod
# labels (``rollouts-pod-template-hash`` becomes ``rollouts_pod_template_hash``).
COMMON_SPLIT_LABELS = (
    "rollouts_pod_template_hash",
    "version",
    "app_kubernetes_io_version",
    "service_version",
    # A Deployment's rolling update: the old ReplicaSet's hash beside the new one's.
    "pod_template_hash",
)
# Values that say nothing about a side.
_JUNK = {"", "unknown", "none", "null", "-"}
# Labels whose values are versions or hashes: when their names don't say which side they are,
# the older value is the stable one.
_AGED = {
    "rollouts_pod_template_hash",
    "pod_template_hash",
    "version",
    "destination_version",
    "destination_canonical_revision",
    "app_kubernetes_io_version",
    "service_version",
}
_BLUE_WORDS = {"blue", "stable", "primary", "active"}
_GREEN_WORDS = {"green", "canary", "preview"}


def preset(name: str) -> Preset:
    """The preset called ``name``; KeyError names the known ones."""
    try:
        return BY_NAME[name.strip().lower()]
    except KeyError:
        raise KeyError(f"unknown Prometheus preset {name!r}; known: {', '.join(BY_NAME)}") from None


def detect(names: Iterable[str]) -> Preset | None:
    """The first preset (in PRESETS order: meshes and proxies before the apps' own libraries,
    span metrics last) whose metric names the server has, else one made for a request
    latency family of the common shape (``red_family``)."""
    have = set(names)
    for p in PRESETS:
        if any(n in have for n in p.detect):
            return p
    return red_family(have)


def default_base(p: Preset | None, scope: str = "") -> str:
    """``scope`` with each preferred label at its first value: the matchers to use when the
    server can't be asked which values it has (Istio's reporter="destination")."""
    if p is None:
        return scope
    preferred = (f"{label}={string(values[0])}" for label, values in p.prefer)
    return matchers(scope, p.only, *preferred)


# Where hand-instrumented services (prom-client, prometheus_client, middleware of all kinds)
# put the HTTP status when the preset's own label isn't there.
STATUS_LABELS = (
    "code",
    "status",
    "status_code",
    "http_status_code",
    "http_response_status_code",
    "response_code",
)
_STATUS_MATCHER = re.compile(r'(\w+)=~"5\.\."')


def status_label(req: Requests) -> str | None:
    """The label ``req``'s errors are told by, when they are its 5xx status codes."""
    m = _STATUS_MATCHER.fullmatch(req.errors)
    return m.group(1) if m else None


def pick_latency(p: Preset, names: set[str] | None) -> Latency:
    for lat in p.latency:
        if names is None or {f"{lat.name}_bucket", f"{lat.name}_count", lat.name} & names:
            return lat
    return p.latency[0]


def pick_requests(p: Preset, names: set[str] | None) -> Requests:
    for req in p.requests:
        if names is None or req.name in names:
            return req
    return p.requests[0]


@dataclass(frozen=True, slots=True)
class Split:
    """Which series are blue and which green: ``label`` matching the regexes (RE2, anchored)."""

    label: str
    blue: str
    green: str
    how: str = "config"  # names | canary | age | config: how the sides were told apart

    def matcher(self) -> str:
        return f"{self.label}=~{string(f'(?:{self.blue})|(?:{self.green})')}"

    def wrap(self, expr: str) -> str:
        """``expr`` with a ``colour`` label of blue or green from the split label's value."""
        inner = (
            f'label_replace({expr}, "colour", "blue", {string(self.label)}, {string(self.blue)})'
        )
        return (
            f'label_replace({inner}, "colour", "green", {string(self.label)}, {string(self.green)})'
        )

    def describe(self) -> str:
        return (
            f"split by {self.label} ({self.blue or 'empty'} blue, {self.green} green; {self.how})"
        )


def string(text: str) -> str:
    """A PromQL double-quoted string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_RE2_SPECIAL = re.compile(r"([\\.+*?()|\[\]{}^$])")


def literal(value: str) -> str:
    """``value`` as an RE2 regex matching exactly it."""
    return _RE2_SPECIAL.sub(r"\\\1", value)


def _side(value: str) -> str | None:
    words = set(re.split(r"[^a-z0-9]+", value.lower()))
    blue, green = bool(words & _BLUE_WORDS), bool(words & _GREEN_WORDS)
    if blue == green:
        return None
    return "blue" if blue else "green"


def _natural(value: str) -> list[object]:
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", value) if t]


def classify(
    label: str, values: Iterable[str], ages: Mapping[str, float] | None = None
) -> Split | None:
    """A Split from one label's current values, or None when they don't tell two sides apart.

    ``ages``: how long each value has been seen (any unit, larger is older); used for version
    and hash labels whose values don't name their side.
    """
    vals = sorted({v for v in values if isinstance(v, str)})
    if label == "canary":
        # ingress-nginx: empty for the main backend, the canary upstream's name otherwise (the
        # label-values API never lists the empty value, so any name means a canary is live).
        if any(vals):
            return Split(label, "", ".+", "canary")
        return None
    vals = [v for v in vals if v.strip().lower() not in _JUNK]
    blue = [v for v in vals if _side(v) == "blue"]
    green = [v for v in vals if _side(v) == "green"]
    if blue and green:
        return Split(label, "|".join(map(literal, blue)), "|".join(map(literal, green)), "names")
    if label not in _AGED or len(vals) < 2 or ages is None:
        return None
    # Oldest first; equal ages (or none known) by version order, lowest first.
    order = sorted(vals, key=lambda v: (-ages.get(v, 0.0), _natural(v)))
    return Split(label, literal(order[0]), literal(order[-1]), "age")


def wants_age(label: str, values: Iterable[str]) -> bool:
    """True when ``classify`` needs the values' ages to tell the sides apart."""
    usable = {v for v in values if v.strip().lower() not in _JUNK}
    return label in _AGED and 2 <= len(usable) <= 20 and classify(label, usable) is None


def split_candidates(p: Preset | None, configured: str = "") -> tuple[str, ...]:
    """Labels to try for the split, in order: the configured one alone, else colour, the
    preset's own, then the common Kubernetes ones."""
    if configured:
        return (configured,)
    own = p.split_labels if p is not None else ()
    out: list[str] = []
    for label in ("colour", "color", *own, *COMMON_SPLIT_LABELS):
        if label not in out:
            out.append(label)
    return tuple(out)


# -- PromQL ----------------------------------------------------------------------------------


def matchers(*parts: str) -> str:
    return ",".join(p.strip().strip(",") for p in parts if p and p.strip().strip(","))


def selector(name: str, *parts: str) -> str:
    m = matchers(*parts)
    return f"{name}{{{m}}}" if m else name


class _Builder:
    def __init__(self, base: str, split: Split | None) -> None:
        self.base = base
        self.split = split

    def summed(self, inner: str, name: str, extra: str = "", by: str = "", op: str = "sum") -> str:
        """``sum by (colour, by...)`` of ``inner`` (``rate(...)`` etc. of ``name``) per side, or
        the total when there is no split; ``inner`` has ``{}`` where the selector goes."""
        if self.split is None:
            groups = f" by ({by})" if by else ""
            return f"{op}{groups} ({inner.format(selector(name, self.base, extra))})"
        groups = ", ".join(x for x in ("colour", by) if x)
        sel = selector(name, self.base, extra, self.split.matcher())
        return f"{op} by ({groups}) ({self.split.wrap(inner.format(sel))})"

    def weighted(self, gauge: str, only: str, counter: str, without: str, window: str) -> str:
        """The sum over series of ``gauge`` times the request rate of the same labels (per
        side, or the total): divided by the request rate, the rate-weighted average."""
        split = () if self.split is None else (self.split.matcher(),)
        rate = f"rate({selector(counter, self.base, *split)}[{window}])"
        expr = f"{selector(gauge, self.base, only, *split)} * sum without ({without}) ({rate})"
        if self.split is None:
            return f"sum ({expr})"
        return f"sum by (colour) ({self.split.wrap(expr)})"

    def total(self) -> _Builder:
        return _Builder(self.base, None)


def _scale(k: float) -> str:
    return "" if k == 1 else f"{k:g} * "


def unserved(lat: Latency) -> tuple[str, ...]:
    """The latency panels ``lat`` can't fill: quantiles, from a gauge of averages."""
    return (ev.LATENCY_P95, ev.LATENCY_P99) if lat.gauge else ()


def build_queries(
    p: Preset,
    names: set[str] | None = None,
    split: Split | None = None,
    base: str = "",
    window: str = WINDOW,
    requests: Requests | None = None,
) -> dict[str, str]:
    """The HTTP panels' queries for preset ``p``: latency avg/p95/p99 (ms; no p95/p99 from a
    gauge of averages, see :func:`unserved`), error rate (%), request rate (rps) and, with a
    split, the green share of requests as the traffic split.

    ``names``: the metric names the server has (picks among the preset's candidates);
    ``base``: matchers every series must carry (the user's scope, the preferred reporter);
    ``window``: the rate window; ``requests``: the counter and error matchers, when the
    server's differ from the preset's first choice.
    With a split, each query returns the blue and green series *and* the total.
    """
    lat = pick_latency(p, names)
    req = requests or pick_requests(p, names)
    rate = f"rate({{}}[{window}])"
    k = _scale(lat.to_ms)
    sides = [_Builder(base, split)] + ([_Builder(base, None)] if split else [])

    def either(make: Callable[[_Builder], str]) -> str:
        return " or ".join(make(b) for b in sides)

    out: dict[str, str] = {}
    if lat.gauge:
        # Averages only (HAProxy): weighted by each series' requests; no quantiles to read.
        without = ", ".join(lat.counter_only)
        out[ev.LATENCY_AVG] = either(
            lambda b: (
                f"{k}{b.weighted(lat.name, lat.only, req.name, without, window)}"
                f" / {b.summed(rate, req.name)}"
            )
        )
    else:
        out[ev.LATENCY_AVG] = either(
            lambda b: (
                f"{k}{b.summed(rate, f'{lat.name}_sum', lat.only)}"
                f" / {b.summed(rate, f'{lat.name}_count', lat.only)}"
            )
        )
    for q, panel in ((0.95, ev.LATENCY_P95), (0.99, ev.LATENCY_P99)):
        if panel in unserved(lat):
            continue
        parts = [
            f"{k}histogram_quantile({q}, {b.summed(rate, f'{lat.name}_bucket', lat.only, 'le')})"
            for b in sides
        ]
        if names is not None and lat.name in names:
            # A summary's own quantile series (Micrometer, prometheus-net with objectives): the
            # highest instance's, as quantiles can't be added.
            quantile = matchers(lat.only, f"quantile={string(str(q))}")
            parts += [f"{k}{b.summed('{}', lat.name, quantile, op='max')}" for b in sides]
        out[panel] = " or ".join(parts)
    out[ev.ERROR_RATE] = either(
        lambda b: (
            f"100 * ({b.summed(rate, req.name, req.errors)} or {b.summed(rate, req.name)} * 0)"
            f" / {b.summed(rate, req.name)}"
        )
    )
    out[ev.REQUEST_RATE] = either(lambda b: b.summed(rate, req.name))
    if split is not None:
        green = selector(req.name, base, f"{split.label}=~{string(split.green)}")
        both = selector(req.name, base, split.matcher())
        # The router's own weight when the agent exports it, else the share of requests green
        # served (what the router actually did).
        out[TRAFFIC_GREEN_PCT] = (
            f"max(rollout_green_weight) or 100 * (sum(rate({green}[{window}])) or vector(0))"
            f" / sum(rate({both}[{window}]))"
        )
    return out
