"""Prometheus as a live source of metric samples.

prometheus-api-client is synchronous (requests), so every call runs in a worker thread
(``asyncio.to_thread``); the event loop and the UI never wait on the network. On attach the
source back-fills recent history with range queries, then polls instant queries. When
Prometheus is slow or down it reports ``stale`` (with the age of the last good values, which
the panels keep showing) or ``error`` (nothing seen yet), backs off exponentially up to
``max_backoff``, and reports ``ok`` again by itself when Prometheus answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from console import events as ev
from console.errors import PrometheusConfigError
from console.sources.promql import TRAFFIC_GREEN_PCT, merged_queries

SOURCE = "prometheus"

# Labels that carry a series' colour, and the names other tools give to the two colours.
_COLOUR_LABELS = ("colour", "color")
_COLOUR_ALIASES = {"blue": "blue", "green": "green", "stable": "blue", "canary": "green"}


@dataclass(frozen=True, slots=True)
class _Failure:
    """A poll that failed: ``fatal`` means the whole poll (not one query) is unusable."""

    message: str
    fatal: bool


class _QueryRejected(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def auth_from_env(
    env: Mapping[str, str] | None = None,
) -> tuple[dict[str, str] | None, tuple[str, str] | None]:
    """(headers, basic-auth) from OPSCONSOLE_PROM_TOKEN or OPSCONSOLE_PROM_USER/PASSWORD."""
    env = os.environ if env is None else env
    token = env.get("OPSCONSOLE_PROM_TOKEN", "").strip()
    if token:
        return {"Authorization": f"Bearer {token}"}, None
    user = env.get("OPSCONSOLE_PROM_USER", "")
    if user:
        return None, (user, env.get("OPSCONSOLE_PROM_PASSWORD", ""))
    return None, None


def scope_of(labels: Mapping[str, str]) -> str | None:
    """The sample scope for a series' labels; None for a colour the console doesn't show."""
    for key in _COLOUR_LABELS:
        if key in labels:
            return _COLOUR_ALIASES.get(labels[key].lower())
    return ""


def _value(raw: Any) -> float | None:
    try:
        v = float(raw)
    except (TypeError, ValueError):
        return None
    # NaN (0/0 when there was no traffic) is "no data", not a value to plot.
    return None if v != v or v in (float("inf"), float("-inf")) else v


def samples_from_vector(
    name: str, result: Iterable[Mapping[str, Any]], source: str = SOURCE
) -> list[ev.Event]:
    """Events for one instant-query result (``data.result`` of /api/v1/query)."""
    out: list[ev.Event] = []
    for series in result:
        scope = scope_of(series.get("metric", {}))
        ts, raw = series["value"]
        value = _value(raw)
        if scope is None or value is None:
            continue
        out.append(_event(name, float(ts), value, scope, source))
    return out


def samples_from_matrix(
    name: str, result: Iterable[Mapping[str, Any]], source: str = SOURCE
) -> list[ev.Event]:
    """Events for one range-query result (``data.result`` of /api/v1/query_range)."""
    out: list[ev.Event] = []
    for series in result:
        scope = scope_of(series.get("metric", {}))
        if scope is None:
            continue
        for ts, raw in series.get("values", []):
            value = _value(raw)
            if value is not None:
                out.append(_event(name, float(ts), value, scope, source))
    return out


def _event(name: str, ts: float, value: float, scope: str, source: str) -> ev.Event:
    if name == TRAFFIC_GREEN_PCT:
        return ev.TrafficSplit(ts=ts, source=source, green_pct=value)
    return ev.MetricSample(ts=ts, source=source, name=name, value=value, scope=scope)


class PrometheusSource:
    """Poll Prometheus for the console's panels; see the module docstring."""

    def __init__(
        self,
        url: str,
        queries: Mapping[str, str] | None = None,
        *,
        interval: float = 5.0,
        backfill_seconds: float = 900,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        env: Mapping[str, str] | None = None,
        verify_tls: bool = True,
        timeout: float = 5.0,
        max_backoff: float = 30.0,
        eval_lag: float = 0.0,
        source: str = SOURCE,
    ) -> None:
        url = url.strip().rstrip("/")
        if not re.match(r"^https?://[^/\s]+", url):
            raise PrometheusConfigError(
                f"not a Prometheus URL: {url!r} (expected http://host:9090 or https://...)"
            )
        if interval <= 0 or timeout <= 0:
            raise PrometheusConfigError("prometheus interval and timeout must be positive")
        try:
            self.queries = merged_queries(queries)
        except ValueError as exc:
            raise PrometheusConfigError(str(exc)) from None
        env_headers, env_auth = auth_from_env(env)
        self.url = url
        self.interval = interval
        self.backfill_seconds = backfill_seconds
        self.headers = dict(headers) if headers is not None else env_headers
        self.auth = auth if auth is not None else env_auth
        self.verify_tls = verify_tls
        self.timeout = timeout
        self.max_backoff = max_backoff
        # Evaluate this many seconds in the past: a scrape still being ingested then can't make
        # two reads of the same instant differ (useful behind remote-write or federation).
        self.eval_lag = max(0.0, eval_lag)
        self.source = source
        self.last_ok: float | None = None  # wall time of the last successful poll
        self._rejected: dict[str, str] = {}
        self._client: Any = None

    # -- the synchronous side, run in a thread -----------------------------------------

    def _connect(self) -> Any:
        if self._client is None:
            from prometheus_api_client import PrometheusConnect  # heavy: load on use
            from urllib3.util.retry import Retry

            # No client-side retries: a down server must fail fast so we can say so and
            # back off ourselves (the library default retries 3 times with 1 s backoff).
            self._client = PrometheusConnect(
                url=self.url,
                headers=self.headers,
                disable_ssl=not self.verify_tls,
                auth=self.auth,
                retry=Retry(total=0, raise_on_status=False),
                timeout=self.timeout,
            )
        return self._client

    def _run_queries(self, end: float, start: float | None) -> list[ev.Event]:
        """Every query once: instant at ``end``, or range [start, end] when back-filling."""
        client = self._connect()
        out: list[ev.Event] = []
        rejected: dict[str, str] = {}
        for name, query in self.queries.items():
            try:
                if start is None:
                    result = client.custom_query(query, params={"time": f"{end:.3f}"})
                    out.extend(samples_from_vector(name, result, self.source))
                else:
                    step = max(self.interval, (end - start) / 300)
                    result = client.custom_query_range(
                        query,
                        start_time=datetime.fromtimestamp(start, UTC),
                        end_time=datetime.fromtimestamp(end, UTC),
                        step=f"{step:g}",  # seconds as a float; "0.5s" is not a duration
                    )
                    # The client rounds start/end to whole seconds: drop a point past `end`
                    # so history never runs ahead of the next instant poll.
                    out.extend(
                        e for e in samples_from_matrix(name, result, self.source) if e.ts <= end
                    )
            except Exception as exc:
                failure = self._describe(exc)
                if failure.fatal:
                    raise _PollFailed(failure.message) from None
                rejected[name] = failure.message
        self._rejected = rejected
        out.sort(key=lambda e: e.ts)
        return out

    def _describe(self, exc: Exception) -> _Failure:
        import requests
        from prometheus_api_client import PrometheusApiClientException

        if isinstance(exc, requests.exceptions.SSLError):
            return _Failure(
                f"TLS verification failed for {self.url}: install its CA certificate, or turn"
                " off verification only if you trust the network",
                True,
            )
        if isinstance(exc, requests.exceptions.Timeout):
            return _Failure(
                f"Prometheus at {self.url} did not answer within {self.timeout:g}s", True
            )
        if isinstance(exc, requests.exceptions.ConnectionError):
            return _Failure(f"cannot reach Prometheus at {self.url} (connection failed)", True)
        if isinstance(exc, PrometheusApiClientException):
            status, detail = _parse_api_error(str(exc))
            if status in (401, 403):
                return _Failure(
                    f"Prometheus at {self.url} refused the credentials (HTTP {status}): set"
                    " OPSCONSOLE_PROM_TOKEN, or OPSCONSOLE_PROM_USER and OPSCONSOLE_PROM_PASSWORD",
                    True,
                )
            if status in (400, 422):
                return _Failure(f"query rejected ({detail}); fix it in the config file", False)
            return _Failure(f"Prometheus at {self.url} answered HTTP {status}: {detail}", True)
        if isinstance(exc, (ValueError, KeyError)):
            return _Failure(f"Prometheus at {self.url} sent an unexpected answer: {exc}", True)
        return _Failure(f"Prometheus query failed: {type(exc).__name__}: {exc}", True)

    # -- the asynchronous side ---------------------------------------------------------

    def _status(self, status: str, message: str = "") -> ev.SourceStatus:
        return ev.SourceStatus(
            ts=time.time(), source=self.source, name="prometheus", status=status, message=message
        )

    def _ok_message(self) -> str:
        if not self._rejected:
            return f"{self.url}: {len(self.queries)} queries every {self.interval:g}s"
        names = ", ".join(sorted(self._rejected))
        first = next(iter(self._rejected.values()))
        return f"{len(self._rejected)} query(ies) rejected: {names}: {first}"

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        """Back-fill, then poll until ``stop`` is set. Never raises for network trouble."""
        backfilled = self.backfill_seconds <= 0
        failures = 0
        healthy: bool | None = None
        said = ""
        last_eval: float | None = None  # the instant of the last good poll
        gap_from: float | None = None  # set while down: what to back-fill on recovery
        try:
            while not stop.is_set():
                now = time.time() - self.eval_lag
                try:
                    if not backfilled:
                        batch = await asyncio.to_thread(
                            self._run_queries, now, now - self.backfill_seconds
                        )
                        backfilled = True
                    elif gap_from is not None and now - gap_from > self.interval:
                        # Back from an outage: fetch what Prometheus has for the gap too.
                        since = gap_from
                        batch = await asyncio.to_thread(self._run_queries, now, since)
                        batch = [e for e in batch if e.ts > since]
                    else:
                        batch = await asyncio.to_thread(self._run_queries, now, None)
                except _PollFailed as exc:
                    failures += 1
                    delay = min(self.max_backoff, self.interval * 2 ** (failures - 1))
                    healthy = False
                    gap_from = last_eval
                    if self.last_ok is None:
                        yield self._status("error", f"{exc}; retrying in {delay:g}s")
                    else:
                        age = time.time() - self.last_ok
                        yield self._status(
                            "stale",
                            f"{exc}; showing values from {_clock(self.last_ok)}"
                            f" (age {age:.0f}s); retrying in {delay:g}s",
                        )
                    if await _sleep(stop, delay):
                        break
                    continue
                failures = 0
                gap_from = None
                last_eval = now
                self.last_ok = time.time()
                message = self._ok_message()
                if healthy is not True or message != said:
                    said = message
                    yield self._status("ok", message)
                healthy = True
                for event in batch:
                    yield event
                if await _sleep(stop, self.interval):
                    break
        finally:
            client, self._client = self._client, None
            if client is not None:
                with contextlib.suppress(Exception):
                    client.close()


class _PollFailed(Exception):
    pass


def _parse_api_error(text: str) -> tuple[int | None, str]:
    """prometheus-api-client's "HTTP Status Code 400 (b'{...}')" as (400, error text)."""
    m = re.match(r"HTTP Status Code (\d+) \((.*)\)\s*$", text, re.S)
    if not m:
        return None, text.splitlines()[0] if text else ""
    status, body = int(m.group(1)), m.group(2)
    with contextlib.suppress(Exception):
        import ast

        raw = ast.literal_eval(body)
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", "replace")
        payload = json.loads(raw)
        if isinstance(payload, dict) and payload.get("error"):
            return status, str(payload["error"]).splitlines()[0]
        body = str(raw)
    return status, body.strip().splitlines()[0][:200] if body.strip() else ""


def _clock(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%H:%M:%S UTC")


async def _sleep(stop: asyncio.Event, seconds: float) -> bool:
    """Wait ``seconds`` or until ``stop``; True when stopped."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    return stop.is_set()
