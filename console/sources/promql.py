"""Default PromQL for each panel, keyed by the canonical metric name it feeds.

Every query returns values already in the console's canonical units (milliseconds, percent,
requests per second), so the source only has to read numbers and labels. A series' ``colour``
(or ``color``) label becomes the sample's scope; a series without one is the service total.
``a or b`` is used on purpose: ``sum by (colour) (x) or sum(x)`` returns the per-colour series
*and* the total in one query, and ``x or y`` falls back to another exporter's metric name when
``x`` does not exist.

The config file may override any entry (or add one under a new name, which then appears as a
metric of that name); an empty string disables a default.
"""

from __future__ import annotations

from collections.abc import Mapping

from console import events as ev

# Not a metric: the router's green weight, turned into a TrafficSplit event.
TRAFFIC_GREEN_PCT = "traffic_green_pct"

# The rate window: long enough to smooth a 1 s scrape, short enough to see a stage's effect.
# Prometheus wants at least four scrape intervals in it: with 30 s scrapes, use "2m".
WINDOW = "1m"

_LAT = "http_request_duration_seconds"
_REQ = "http_requests_total"


def _quantile(q: float, w: str) -> str:
    return (
        f"1000 * histogram_quantile({q}, sum by (colour, le) (rate({_LAT}_bucket[{w}])))"
        f" or 1000 * histogram_quantile({q}, sum by (le) (rate({_LAT}_bucket[{w}])))"
    )


def default_queries(w: str = WINDOW) -> dict[str, str]:
    """The default queries with rate windows of ``w`` (a PromQL duration)."""
    return {
        ev.LATENCY_AVG: (
            f"1000 * sum by (colour) (rate({_LAT}_sum[{w}]))"
            f" / sum by (colour) (rate({_LAT}_count[{w}]))"
            f" or 1000 * sum(rate({_LAT}_sum[{w}])) / sum(rate({_LAT}_count[{w}]))"
        ),
        ev.LATENCY_P95: _quantile(0.95, w),
        ev.LATENCY_P99: _quantile(0.99, w),
        # 5xx over all requests. The `or ... * 0` keeps a colour that has had no 5xx at all at 0 %
        # instead of dropping it from the result.
        ev.ERROR_RATE: (
            f'100 * (sum by (colour) (rate({_REQ}{{code=~"5.."}}[{w}]))'
            f" or sum by (colour) (rate({_REQ}[{w}])) * 0)"
            f" / sum by (colour) (rate({_REQ}[{w}]))"
            f' or 100 * (sum(rate({_REQ}{{code=~"5.."}}[{w}]))'
            f" or sum(rate({_REQ}[{w}])) * 0)"
            f" / sum(rate({_REQ}[{w}]))"
        ),
        ev.REQUEST_RATE: (f"sum by (colour) (rate({_REQ}[{w}])) or sum(rate({_REQ}[{w}]))"),
        # Our agent's gauge, else postgres_exporter, else a HikariCP pool exporter.
        ev.DB_CONNECTIONS: (
            "sum by (colour) (db_connections) or sum(db_connections)"
            " or sum(pg_stat_activity_count) or sum(hikaricp_connections_active)"
        ),
        ev.DB_CONNECTIONS_MAX: (
            "max(db_max_connections) or max(pg_settings_max_connections)"
            " or sum(hikaricp_connections_max)"
        ),
        # A histogram of query durations if there is one, else a mean-duration gauge.
        ev.DB_QUERY_MS: (
            f"1000 * sum(rate(db_query_duration_seconds_sum[{w}]))"
            f" / sum(rate(db_query_duration_seconds_count[{w}]))"
            " or 1000 * avg by (colour) (db_query_duration_seconds)"
            " or 1000 * avg(db_query_duration_seconds)"
        ),
        ev.DB_CPU: "100 * max(db_cpu_ratio)",
        ev.CPU: "100 * avg by (colour) (app_cpu_ratio) or 100 * avg(app_cpu_ratio)",
        ev.MEMORY: "100 * avg by (colour) (app_memory_ratio) or 100 * avg(app_memory_ratio)",
        ev.POOL_AVAILABLE: (
            "sum by (colour) (db_pool_available) or sum(db_pool_available)"
            " or sum(hikaricp_connections_idle)"
        ),
        TRAFFIC_GREEN_PCT: "max(rollout_green_weight)",
    }


DEFAULT_QUERIES: dict[str, str] = default_queries()


def merged_queries(
    overrides: Mapping[str, str] | None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``base`` (the defaults) with the config file's entries applied; empty strings drop a
    panel."""
    out = dict(DEFAULT_QUERIES if base is None else base)
    for name, query in (overrides or {}).items():
        if not isinstance(query, str):
            raise ValueError(f"prometheus query for {name!r} must be a string")
        if query.strip():
            out[name] = query.strip()
        else:
            out.pop(name, None)
    return out
