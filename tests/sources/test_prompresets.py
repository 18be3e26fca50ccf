"""Preset detection, the blue/green split from real rollout labels, and the settings that choose
them. The queries themselves run against a real Prometheus in tests/prometheus/test_presets.py."""

from __future__ import annotations

import pytest

from console import events as ev
from console.errors import PrometheusConfigError
from console.sources import prompresets as pp
from console.sources.prometheus import PrometheusSource
from console.sources.promql import DEFAULT_QUERIES, TRAFFIC_GREEN_PCT, default_queries


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"istio_requests_total", "envoy_cluster_upstream_rq_xx", "http_requests_total"}, "istio"),
        ({"response_total", "response_latency_ms_bucket", "request_total"}, "linkerd"),
        ({"nginx_ingress_controller_requests", "go_goroutines"}, "ingress-nginx"),
        ({"traefik_service_requests_total"}, "traefik"),
        ({"envoy_cluster_upstream_rq_time_bucket", "envoy_server_live"}, "envoy"),
        ({"http_server_request_duration_seconds_bucket", "target_info"}, "otel"),
        ({"http_server_duration_milliseconds_count"}, "otel-legacy"),
        ({"http_server_requests_seconds_count", "http_server_requests_seconds_max"}, "micrometer"),
        ({"http_requests_received_total", "http_request_duration_seconds_count"}, "prometheus-net"),
        ({"http_requests_total", "promhttp_metric_handler_requests_total"}, "promhttp"),
        ({"kong_http_requests_total", "kong_request_latency_ms_bucket"}, "kong"),
        ({"kong_http_status", "kong_latency_bucket", "kong_datastore_reachable"}, "kong"),
        ({"apisix_http_status", "apisix_http_latency_bucket", "apisix_node_info"}, "apisix"),
        # A Go program: promhttp's own scrape counter beside Caddy's names.
        (
            {
                "caddy_http_request_duration_seconds_count",
                "caddy_http_requests_total",
                "promhttp_metric_handler_requests_total",
            },
            "caddy",
        ),
        (
            {
                "haproxy_backend_http_responses_total",
                "haproxy_frontend_http_responses_total",
                "haproxy_process_nbthread",
            },
            "haproxy",
        ),
        (
            {
                "django_http_responses_total_by_status_total",
                "django_http_requests_latency_seconds_by_view_method_bucket",
            },
            "django",
        ),
        # A gateway's or framework's own names before the generic http_requests_total.
        ({"kong_http_requests_total", "http_requests_total"}, "kong"),
        ({"django_http_responses_total_by_status_total", "http_requests_total"}, "django"),
        ({"caddy_http_requests_total", "http_request_duration_seconds_count"}, "caddy"),
        # Span metrics: the OpenTelemetry Collector's connector (ms, or s behind its gate) and
        # Tempo's generator; a service's own HTTP metrics beside them come first.
        (
            {
                "traces_span_metrics_calls_total",
                "traces_span_metrics_duration_milliseconds_bucket",
                "traces_span_metrics_events_total",
            },
            "spanmetrics",
        ),
        ({"traces_span_metrics_duration_seconds_bucket"}, "spanmetrics"),
        ({"traces_spanmetrics_calls_total", "traces_spanmetrics_size_total"}, "spanmetrics"),
        ({"traces_spanmetrics_calls_total", "http_server_request_duration_seconds_bucket"}, "otel"),
    ],
)
def test_detected_from_metric_names(names: set[str], expected: str) -> None:
    found = pp.detect(names)
    assert found is not None and found.name == expected


@pytest.mark.parametrize(
    ("names", "latency", "to_ms", "counter"),
    [
        # prometheus_flask_exporter's defaults (its counter singular)
        (
            {
                "flask_http_request_duration_seconds_bucket",
                "flask_http_request_duration_seconds_count",
                "flask_http_request_total",
                "flask_http_request_exceptions_total",
                "flask_exporter_info",
            },
            "flask_http_request_duration_seconds",
            1000.0,
            "flask_http_request_total",
        ),
        # starlette_exporter
        (
            {"starlette_request_duration_seconds_bucket", "starlette_requests_total"},
            "starlette_request_duration_seconds",
            1000.0,
            "starlette_requests_total",
        ),
        # yabeda-rails, its request counter and histogram
        (
            {
                "rails_requests_total",
                "rails_request_duration_seconds_bucket",
                "rails_view_runtime_seconds_bucket",
            },
            "rails_request_duration_seconds",
            1000.0,
            "rails_requests_total",
        ),
        # PromEx's Phoenix plugin, under the application's prefix: milliseconds
        (
            {
                "shop_prom_ex_phoenix_http_request_duration_milliseconds_bucket",
                "shop_prom_ex_phoenix_http_requests_total",
            },
            "shop_prom_ex_phoenix_http_request_duration_milliseconds",
            1.0,
            "shop_prom_ex_phoenix_http_requests_total",
        ),
        # A hand-written summary and no counter: its own count
        (
            {"api_request_latency_seconds_count", "api_request_latency_seconds_sum"},
            "api_request_latency_seconds",
            1000.0,
            "api_request_latency_seconds_count",
        ),
    ],
)
def test_a_request_family_no_preset_names_is_read_by_its_shape(
    names: set[str], latency: str, to_ms: float, counter: str
) -> None:
    found = pp.detect(names)
    assert found is not None and found.name == "generic"
    assert pp.pick_latency(found, names) == pp.Latency(latency, to_ms)
    assert pp.pick_requests(found, names).name == counter
    queries = pp.build_queries(found, names)
    assert f"{latency}_bucket" in queries[ev.LATENCY_P95]
    assert counter in queries[ev.ERROR_RATE]


def test_a_clients_calls_out_are_no_service_requests() -> None:
    # http.client.request.duration, Go's client instrumentation: the service's calls out.
    names = {"http_client_request_duration_seconds_bucket", "grpc_client_handled_total"}
    assert pp.detect(names) is None


def test_span_metrics_read_server_spans_and_error_status() -> None:
    names = {"traces_span_metrics_calls_total", "traces_span_metrics_duration_milliseconds_bucket"}
    found = pp.detect(names)
    assert found is not None
    queries = pp.build_queries(found, names, base=pp.default_base(found))
    assert 'span_kind="SPAN_KIND_SERVER"' in queries[ev.LATENCY_AVG]
    assert 'status_code="STATUS_CODE_ERROR"' in queries[ev.ERROR_RATE]
    assert pp.pick_latency(found, names).to_ms == 1.0
    tempo = {"traces_spanmetrics_latency_bucket", "traces_spanmetrics_calls_total"}
    assert pp.pick_latency(found, tempo) == pp.Latency("traces_spanmetrics_latency", 1000.0)


def test_nothing_known_detects_nothing() -> None:
    # promhttp's own handler counter counts scrapes of /metrics, not the service's requests.
    assert pp.detect({"promhttp_metric_handler_requests_total", "go_goroutines", "up"}) is None


def test_candidates_follow_what_the_server_has() -> None:
    otel = pp.preset("otel-legacy")
    assert pp.pick_latency(otel, {"http_server_duration_bucket"}).name == "http_server_duration"
    assert pp.pick_latency(otel, None).name == "http_server_duration_milliseconds"
    envoy = pp.preset("envoy")
    assert pp.pick_requests(envoy, {"envoy_cluster_upstream_rq"}).errors == (
        'envoy_response_code=~"5.."'
    )
    assert pp.pick_requests(envoy, {"envoy_cluster_upstream_rq_xx"}).name.endswith("_xx")


def test_unknown_preset_names_the_known_ones() -> None:
    with pytest.raises(PrometheusConfigError, match=r"unknown Prometheus preset 'nginx'.*istio"):
        PrometheusSource("http://127.0.0.1:9", preset="nginx")


@pytest.mark.parametrize(
    ("label", "values", "blue", "green"),
    [
        (
            "service",
            ["shop-co-stable-80@kubernetes", "shop-co-canary-80@kubernetes"],
            "stable",
            "canary",
        ),
        (
            "destination_service_name",
            ["checkout-canary", "checkout-stable", "cart"],
            "stable",
            "canary",
        ),
        ("envoy_cluster_name", ["checkout_primary", "checkout_canary"], "primary", "canary"),
        ("service", ["checkout-active", "checkout-preview"], "active", "preview"),
        ("colour", ["green", "blue"], "blue", "green"),
    ],
)
def test_sides_named_by_their_values(label: str, values: list[str], blue: str, green: str) -> None:
    split = pp.classify(label, values)
    assert split is not None and split.how == "names"
    assert blue in split.blue and green not in split.blue
    assert green in split.green and blue not in split.green
    assert "cart" not in split.blue + split.green


def test_ingress_nginx_canary_label_is_empty_for_the_stable_backend() -> None:
    split = pp.classify("canary", ["shop-checkout-canary-80"])
    assert split == pp.Split("canary", "", ".+", "canary")
    assert pp.classify("canary", []) is None


def test_hashes_and_versions_by_age_then_by_version_order() -> None:
    values = ["9c7d5f8b4", "6b8f9d7c5"]
    assert pp.classify("rollouts_pod_template_hash", values) is None  # ages needed
    assert pp.wants_age("rollouts_pod_template_hash", values)
    split = pp.classify("rollouts_pod_template_hash", values, {"9c7d5f8b4": 3600, "6b8f9d7c5": 40})
    assert split is not None and (split.blue, split.green, split.how) == (
        "9c7d5f8b4",
        "6b8f9d7c5",
        "age",
    )
    # Equal ages: the lower version is the stable one ("v10" after "v9", not before).
    split = pp.classify("version", ["v10", "v9", "unknown"], {})
    assert split is not None and (split.blue, split.green) == ("v9", "v10")
    # One version, or a label whose values aren't versions: no split.
    assert not pp.wants_age("version", ["v1", "unknown"])
    assert not pp.wants_age("service", ["cart", "checkout"])


def test_split_values_are_escaped_for_promql() -> None:
    split = pp.classify("version", ["1.4.2", '2.0.0-rc."x"'], {"1.4.2": 10, '2.0.0-rc."x"': 1})
    assert split is not None
    assert split.blue == r"1\.4\.2"
    assert split.matcher() == r'version=~"(?:1\\.4\\.2)|(?:2\\.0\\.0-rc\\.\"x\")"'


def test_split_queries_relabel_into_colour_and_keep_the_total() -> None:
    split = pp.Split("destination_version", "v1", "v2", "config")
    q = pp.build_queries(pp.preset("istio"), None, split, 'reporter="destination"', "2m")
    rate = q[ev.REQUEST_RATE]
    assert rate.count("label_replace(") == 2 and '"colour", "blue"' in rate
    assert rate.endswith(' or sum (rate(istio_requests_total{reporter="destination"}[2m]))')
    assert "[1m]" not in "".join(q.values())
    assert 'response_code=~"5.."' in q[ev.ERROR_RATE]
    # Istio's latency histogram is in milliseconds already; OpenTelemetry's is in seconds.
    assert not q[ev.LATENCY_AVG].startswith("1000 * ")
    otel = pp.build_queries(pp.preset("otel"))
    assert otel[ev.LATENCY_AVG].startswith("1000 * ")
    assert TRAFFIC_GREEN_PCT not in otel  # no split: the defaults' router weight stays
    assert 'destination_version=~"v2"' in q[TRAFFIC_GREEN_PCT]


def test_split_candidates_put_a_configured_label_alone() -> None:
    assert pp.split_candidates(pp.preset("istio"), "destination_workload") == (
        "destination_workload",
    )
    order = pp.split_candidates(pp.preset("ingress-nginx"))
    assert order[:3] == ("colour", "color", "canary")
    assert "rollouts_pod_template_hash" in order


def test_settings_are_checked_where_they_enter() -> None:
    url = "http://127.0.0.1:9"
    with pytest.raises(PrometheusConfigError, match="not a Prometheus label matcher list"):
        PrometheusSource(url, match="checkout")
    with pytest.raises(PrometheusConfigError, match="split_label, blue and green together"):
        PrometheusSource(url, blue="v1", green="v2")
    with pytest.raises(PrometheusConfigError, match="not a PromQL duration"):
        PrometheusSource(url, window="1 minute")
    src = PrometheusSource(url, match='{job="checkout", namespace=~"shop|cart"}')
    assert src.match == 'job="checkout", namespace=~"shop|cart"'


def test_a_chosen_preset_applies_before_the_first_poll_and_user_queries_win() -> None:
    src = PrometheusSource(
        "http://127.0.0.1:9",
        {ev.LATENCY_P99: "my_p99", ev.DB_CPU: ""},
        preset="linkerd",
        match='namespace="shop"',
        window="2m",
    )
    assert src.queries[ev.LATENCY_P99] == "my_p99"
    assert ev.DB_CPU not in src.queries
    assert (
        'response_latency_ms_bucket{namespace="shop",direction="inbound"}[2m]'
        in src.queries[ev.LATENCY_P95]
    )
    assert src.queries[ev.DB_CONNECTIONS] == default_queries("2m")[ev.DB_CONNECTIONS]
    assert default_queries() == DEFAULT_QUERIES


def test_a_chosen_mesh_preset_counts_each_request_once_before_asking_the_server() -> None:
    src = PrometheusSource("http://127.0.0.1:9", preset="istio", match='namespace="shop"')
    assert (
        'istio_requests_total{namespace="shop",reporter="destination"}'
        in (src.queries[ev.REQUEST_RATE])
    )
    linkerd = pp.build_queries(pp.preset("linkerd"), base=pp.default_base(pp.preset("linkerd")))
    assert 'response_total{direction="inbound"}' in linkerd[ev.REQUEST_RATE]


def test_kong_2_names_read_the_requests_own_latency() -> None:
    kong = pp.preset("kong")
    names = {"kong_http_status", "kong_latency_bucket", "kong_latency_count"}
    q = pp.build_queries(kong, names, window="1m")
    # kong_latency holds Kong's own share and the upstream's too, told by type.
    assert 'rate(kong_latency_bucket{type="request"}[1m])' in q[ev.LATENCY_P95]
    assert q[ev.LATENCY_AVG] == (
        'sum (rate(kong_latency_sum{type="request"}[1m]))'
        ' / sum (rate(kong_latency_count{type="request"}[1m]))'
    )
    assert 'kong_http_status{code=~"5.."}' in q[ev.ERROR_RATE]
    # Kong 3.x: milliseconds, no type label; kong_latency_ms is Kong's own share only.
    q3 = pp.build_queries(kong, {"kong_http_requests_total", "kong_request_latency_ms_bucket"})
    assert "kong_request_latency_ms_bucket[" in q3[ev.LATENCY_P99]
    assert "type=" not in "".join(q3.values())
    assert q3[ev.REQUEST_RATE] == "sum (rate(kong_http_requests_total[1m]))"


def test_apisix_latency_is_the_requests_and_its_status_counter_has_no_type() -> None:
    split = pp.Split("route", "checkout-stable", "checkout-canary")
    q = pp.build_queries(pp.preset("apisix"), None, split, 'job="apisix"', "2m")
    assert (
        'apisix_http_latency_bucket{job="apisix",type="request",'
        'route=~"(?:checkout-stable)|(?:checkout-canary)"}[2m]'
    ) in q[ev.LATENCY_P95]
    assert "type=" not in q[ev.ERROR_RATE] + q[ev.REQUEST_RATE] + q[TRAFFIC_GREEN_PCT]
    assert 'apisix_http_status{job="apisix",code=~"5.."' in q[ev.ERROR_RATE]
    assert not q[ev.LATENCY_AVG].startswith("1000 * ")  # milliseconds already


def test_caddy_counts_a_request_once_and_reads_errors_from_the_histogram() -> None:
    caddy = pp.preset("caddy")
    # caddy_http_requests_total has no code label: the histogram's _count is the counter.
    assert pp.pick_requests(caddy, {"caddy_http_requests_total"}).name == (
        "caddy_http_request_duration_seconds_count"
    )
    assert pp.status_label(caddy.requests[0]) == "code"
    # A site's subroute and its reverse_proxy both observe a request: one handler is read.
    base = pp.default_base(caddy, 'job="caddy"')
    assert base == 'job="caddy",handler="reverse_proxy"'
    q = pp.build_queries(caddy, base=base)
    assert q[ev.LATENCY_AVG].startswith("1000 * ")
    assert (
        'caddy_http_request_duration_seconds_count{job="caddy",handler="reverse_proxy"}'
        in q[ev.REQUEST_RATE]
    )


def test_haproxy_averages_are_weighted_by_requests_and_serve_no_quantiles() -> None:
    haproxy = pp.preset("haproxy")
    lat = pp.pick_latency(haproxy, {"haproxy_backend_response_time_average_seconds"})
    assert pp.unserved(lat) == (ev.LATENCY_P95, ev.LATENCY_P99)
    q = pp.build_queries(haproxy, window="1m")
    assert ev.LATENCY_P95 not in q and ev.LATENCY_P99 not in q
    rate = "rate(haproxy_backend_http_responses_total[1m])"
    assert q[ev.LATENCY_AVG] == (
        "1000 * sum (haproxy_backend_response_time_average_seconds * sum without (code)"
        f" ({rate})) / sum ({rate})"
    )
    # Responses by status class ("5xx"), not codes.
    assert q[ev.ERROR_RATE].startswith(
        '100 * (sum (rate(haproxy_backend_http_responses_total{code="5xx"}[1m]))'
    )
    assert pp.status_label(haproxy.requests[0]) is None  # no status-label fallback for classes
    split = pp.Split("proxy", "be_checkout_blue", "be_checkout_green")
    sq = pp.build_queries(haproxy, None, split, window="1m")
    blue_green = 'proxy=~"(?:be_checkout_blue)|(?:be_checkout_green)"'
    assert sq[ev.LATENCY_AVG].startswith(
        "1000 * sum by (colour) (label_replace(label_replace("
        f"haproxy_backend_response_time_average_seconds{{{blue_green}}} * sum without (code)"
        f" (rate(haproxy_backend_http_responses_total{{{blue_green}}}[1m]))"
    )
    assert sq[ev.LATENCY_AVG].endswith(" or " + q[ev.LATENCY_AVG])  # and the total


def test_a_preset_without_quantiles_leaves_those_panels_to_the_user() -> None:
    url = "http://127.0.0.1:9"
    src = PrometheusSource(url, preset="haproxy")
    # Not the defaults' p95 either: those read another exporter's histogram.
    assert ev.LATENCY_P95 not in src.queries and ev.LATENCY_P99 not in src.queries
    assert "haproxy_backend_response_time_average_seconds" in src.queries[ev.LATENCY_AVG]
    assert ev.DB_CONNECTIONS in src.queries
    mine = PrometheusSource(url, {ev.LATENCY_P99: "my_p99"}, preset="haproxy")
    assert mine.queries[ev.LATENCY_P99] == "my_p99"
    assert ev.LATENCY_P95 not in mine.queries


def test_django_reads_the_counter_prometheus_client_names_and_the_status_label() -> None:
    django = pp.preset("django")
    q = pp.build_queries(django, {"django_http_responses_total_by_status_total"})
    # prometheus_client appends _total to Counter("django_http_responses_total_by_status").
    assert 'django_http_responses_total_by_status_total{status=~"5.."}' in q[ev.ERROR_RATE]
    # Observed once per request (the by-view histogram twice when a view raises).
    assert "django_http_requests_latency_including_middlewares_seconds_bucket" in q[ev.LATENCY_P95]
    by_view = {"django_http_requests_latency_seconds_by_view_method_bucket"}
    assert pp.pick_latency(django, by_view).name.endswith("_by_view_method")
