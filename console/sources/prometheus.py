"""Prometheus as a live source of metric samples.

prometheus-api-client is synchronous (requests), so every call runs in a worker thread
(``asyncio.to_thread``); the event loop and the UI never wait on the network. On attach the
source back-fills recent history with range queries, then polls instant queries. When
Prometheus is slow or down it reports ``stale`` (with the age of the last good values, which
the panels keep showing) or ``error`` (nothing seen yet), backs off exponentially up to
``max_backoff``, and reports ``ok`` again by itself when Prometheus answers.

Which queries: the server's own metric names (``/api/v1/label/__name__/values``) pick an
exporter preset (``prompresets.py``) unless one is given, and the values of the labels real
rollouts carry pick the blue/green split; both are looked at again every ``rediscover``
seconds (a new rollout brings a new pod-template hash). The config file's per-panel queries
still win. A poll that answers is ``ok`` only when every panel has data: ``partial`` names
the empty panels, ``no data`` says that none came back.
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
from console.sources import prompresets as pp
from console.sources.promql import TRAFFIC_GREEN_PCT, WINDOW, default_queries, merged_queries
from console.timefmt import clock

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
        preset: str = "",
        match: str = "",
        split_label: str = "",
        blue: str = "",
        green: str = "",
        rediscover: float = 60.0,
        window: str = WINDOW,
    ) -> None:
        url = url.strip().rstrip("/")
        if not re.match(r"^https?://[^/\s]+", url):
            raise PrometheusConfigError(
                f"not a Prometheus URL: {url!r} (expected http://host:9090 or https://...)"
            )
        if interval <= 0 or timeout <= 0:
            raise PrometheusConfigError("prometheus interval and timeout must be positive")
        if not re.fullmatch(r"(\d+(ms|s|m|h|d|w|y))+", window.strip()):
            raise PrometheusConfigError(
                f"not a PromQL duration for the rate window: {window!r}", 'e.g. "1m" or "2m"'
            )
        self.window = window.strip()
        self._defaults = default_queries(self.window)
        try:
            self.queries = merged_queries(queries, self._defaults)
        except ValueError as exc:
            raise PrometheusConfigError(str(exc)) from None
        self._overrides = dict(queries or {})
        self.preset: pp.Preset | None = None
        self._forced: pp.Preset | None = None
        if preset.strip() and preset.strip().lower() != "auto":
            try:
                self._forced = pp.preset(preset)
            except KeyError as exc:
                raise PrometheusConfigError(exc.args[0], "see docs/prometheus.md") from None
        self.match = _matchers(match)
        self.split_label = split_label.strip()
        if (blue.strip() or green.strip()) and not (
            self.split_label and blue.strip() and green.strip()
        ):
            raise PrometheusConfigError(
                "a configured blue/green split needs split_label, blue and green together",
                'e.g. split_label = "version", blue = "v1", green = "v2"',
            )
        self._blue, self._green = blue.strip(), green.strip()
        self.split: pp.Split | None = None
        self.rediscover = max(1.0, rediscover)
        self._discover_at: float | None = None  # when to look for the preset and split again
        self._retry = _FIRST_RETRY
        self._plan_text = "default queries"
        self._empty: list[str] = []
        if self._forced is not None:
            self._apply(self._forced, None, None, pp.default_base(self._forced, self.match))
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

    def _apply(
        self,
        preset: pp.Preset | None,
        names: set[str] | None,
        split: pp.Split | None,
        base: str,
        requests: pp.Requests | None = None,
    ) -> None:
        """Use ``preset``'s queries (the defaults without one), the user's on top."""
        self.preset, self.split = preset, split
        unserved: tuple[str, ...] = ()
        latency = ""
        if preset is not None:
            found = pp.build_queries(preset, names, split, base, self.window, requests)
            picked = pp.pick_latency(preset, names)
            latency, unserved = picked.name, pp.unserved(picked)
        elif base:
            # The defaults' HTTP names within the user's scope: unscoped, they would show
            # another service's traffic.
            found = pp.build_queries(pp.BY_NAME["promhttp"], None, None, base, self.window)
        else:
            found = {}
        # A panel the preset's metrics can't fill (p95/p99 from HAProxy's averages) gets no
        # query, not the defaults' (another exporter's names), unless the user wrote one.
        chosen = {k: v for k, v in (self._defaults | found).items() if k not in unserved}
        self.queries = merged_queries(self._overrides, chosen)
        if preset is None:
            self._plan_text = "no known exporter's metric names; default queries"
        else:
            how = "chosen" if preset is self._forced else "detected"
            self._plan_text = f"preset {preset.name} ({how})"
            if requests is not None and requests not in preset.requests:
                self._plan_text += f", errors by {requests.errors}"
            missing = [panel for panel in unserved if panel not in self.queries]
            if missing:
                self._plan_text += (
                    f", no {' or '.join(missing)}: {latency} is an average, no histogram"
                )
            if split is not None:
                self._plan_text += f", {split.describe()}"
            elif preset is not None:
                self._plan_text += ", no blue/green split in the labels"

    def _values(self, label: str, selector: str, since: float, end: float) -> list[str]:
        params: dict[str, Any] = {"start": f"{since:.3f}", "end": f"{end:.3f}"}
        if selector:
            params["match[]"] = selector
        return [str(v) for v in self._connect().get_label_values(label, params=params)]

    def _discover(self, end: float) -> None:
        """Pick the preset, the preferred matchers and the blue/green split from what the
        server holds now. Connection trouble raises _PollFailed; an API that refuses these
        look-ups leaves the forced preset (or the defaults)."""
        preset = self._forced
        try:
            try:
                names: set[str] | None = set(
                    self._values(
                        "__name__", "{" + self.match + "}" if self.match else "", end - 3600, end
                    )
                )
            except Exception as exc:
                if self._describe(exc).fatal and not _is_api_error(exc):
                    raise
                names = None
            preset = self._forced or (pp.detect(names) if names else None)
            if preset is None:
                self._apply(None, names, None, self.match)
                return
            req = pp.pick_requests(preset, names)
            base = pp.matchers(self.match, preset.only)
            for label, wanted in preset.prefer:
                have = set(self._values(label, pp.selector(req.name, base), end - 300, end))
                chosen = next((v for v in wanted if v in have), None)
                if chosen is not None:
                    base = pp.matchers(base, f"{label}={pp.string(chosen)}")
            req = self._status_of(req, base, end)
            split = self._find_split(preset, req.name, base, end)
            self._apply(preset, names, split, base, req)
        except Exception as exc:
            failure = self._describe(exc)
            if failure.fatal and not _is_api_error(exc):
                raise _PollFailed(failure.message) from None
            # Names answered but a label look-up didn't: the preset without a split.
            self._apply(preset, None, None, pp.default_base(preset, self.match))

    def _status_of(self, req: pp.Requests, base: str, end: float) -> pp.Requests:
        """``req``, or its counter with the errors told by the status label it really has:
        an error rate read from a label that isn't there would be a confident 0 %."""
        label = pp.status_label(req)
        sel = pp.selector(req.name, base)
        if label is None or self._values(label, sel, end - 300, end):
            return req
        for other in pp.STATUS_LABELS:
            if other != label and self._values(other, sel, end - 300, end):
                return pp.Requests(req.name, f'{other}=~"5.."')
        return req

    def _find_split(
        self, preset: pp.Preset, requests: str, base: str, end: float
    ) -> pp.Split | None:
        if self.split_label and self._blue and self._green:
            return pp.Split(self.split_label, self._blue, self._green, "config")
        # Names first on every candidate (canary/stable services say which side they are),
        # then ages for version and hash labels.
        seen: list[tuple[str, list[str]]] = []
        for label in pp.split_candidates(preset, self.split_label):
            values = self._values(label, pp.selector(requests, base), end - 300, end)
            split = pp.classify(label, values)
            if split is not None:
                return split
            seen.append((label, values))
        for label, values in seen:
            if not pp.wants_age(label, values):
                continue
            # How long each value's series have existed in the last hour: the stable side was
            # there before the canary.
            regex = "|".join(pp.literal(v) for v in values)
            sel = pp.selector(requests, base, f"{label}=~{pp.string(regex)}")
            result = self._connect().custom_query(
                f"max by ({label}) (count_over_time({sel}[1h]))", params={"time": f"{end:.3f}"}
            )
            ages = {
                str(r["metric"].get(label, "")): float(r["value"][1])
                for r in result
                if _value(r["value"][1]) is not None
            }
            split = pp.classify(label, values, ages)
            if split is not None:
                return split
        return None

    def _poll(self, end: float, start: float | None) -> list[ev.Event]:
        """Look at the server's names again when due, then run the queries."""
        if self._discover_at is None or end >= self._discover_at:
            self._discover(end)
            if self.preset is not None and self.split is not None:
                self._retry = _FIRST_RETRY
                self._discover_at = end + self.rediscover
            else:
                # Nothing found yet (a server that has scraped once, a canary not yet up):
                # look again soon, then less often, up to the usual period.
                self._discover_at = end + min(self.rediscover, self._retry)
                self._retry = min(self.rediscover, self._retry * 2)
        return self._run_queries(end, start)

    def _run_queries(self, end: float, start: float | None) -> list[ev.Event]:
        """Every query once: instant at ``end``, or range [start, end] when back-filling."""
        client = self._connect()
        out: list[ev.Event] = []
        rejected: dict[str, str] = {}
        empty: list[str] = []
        for name, query in self.queries.items():
            try:
                if start is None:
                    result = client.custom_query(query, params={"time": f"{end:.3f}"})
                    got = samples_from_vector(name, result, self.source)
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
                    got = [e for e in samples_from_matrix(name, result, self.source) if e.ts <= end]
            except Exception as exc:
                failure = self._describe(exc)
                if failure.fatal:
                    raise _PollFailed(failure.message) from None
                rejected[name] = failure.message
                continue
            if not got:
                empty.append(name)
            out.extend(got)
        self._rejected = rejected
        self._empty = empty
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

    def _health(self) -> tuple[str, str]:
        """(status, message) after a poll that answered: ok, partial or no data."""
        n = len(self.queries)
        filled = n - len(self._empty) - len(self._rejected)
        parts: list[str] = []
        if self._rejected:
            names = ", ".join(sorted(self._rejected))
            first = next(iter(self._rejected.values()))
            parts.append(f"{len(self._rejected)} query(ies) rejected: {names}: {first}")
        if filled <= 0 and n:
            if self._empty:
                parts.insert(0, f"every query came back empty ({', '.join(self._empty)})")
            parts.append(self._plan_text)
            parts.append(
                "check that Prometheus scrapes the service, or choose --preset and"
                " --prometheus-match"
            )
            return "no data", "; ".join(parts)
        if self._empty or self._rejected:
            head = f"{filled} of {n} panels have data"
            if self._empty:
                head += f"; empty: {', '.join(self._empty)}"
            return "partial", "; ".join([head, *parts, self._plan_text])
        return "ok", f"{self.url}: {self._plan_text}; {n} queries every {self.interval:g}s"

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        """Back-fill, then poll until ``stop`` is set. Never raises for network trouble."""
        backfilled = self.backfill_seconds <= 0
        failures = 0
        healthy: bool | None = None
        said: tuple[str, str] = ("", "")
        last_eval: float | None = None  # the instant of the last good poll
        gap_from: float | None = None  # set while down: what to back-fill on recovery
        try:
            while not stop.is_set():
                now = time.time() - self.eval_lag
                try:
                    if not backfilled:
                        batch = await asyncio.to_thread(
                            self._poll, now, now - self.backfill_seconds
                        )
                        backfilled = True
                    elif gap_from is not None and now - gap_from > self.interval:
                        # Back from an outage: fetch what Prometheus has for the gap too.
                        since = gap_from
                        batch = await asyncio.to_thread(self._poll, now, since)
                        batch = [e for e in batch if e.ts > since]
                    else:
                        batch = await asyncio.to_thread(self._poll, now, None)
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
                            f"{exc}; showing values from {clock(self.last_ok)} UTC"
                            f" (age {age:.0f}s); retrying in {delay:g}s",
                        )
                    if await _sleep(stop, delay):
                        break
                    continue
                failures = 0
                gap_from = None
                last_eval = now
                self.last_ok = time.time()
                health = self._health()
                if healthy is not True or health != said:
                    said = health
                    yield self._status(*health)
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


_FIRST_RETRY = 5.0  # seconds before looking again for a preset or split not found


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


def _is_api_error(exc: Exception) -> bool:
    """Prometheus answered but refused (an old server without match[], a proxy's 403 on the
    metadata endpoints): discovery gives up, the queries still run."""
    from prometheus_api_client import PrometheusApiClientException

    return isinstance(exc, PrometheusApiClientException)


_MATCHER = (
    r"""\s*[a-zA-Z_]\w*\s*(?:=~|!~|!=|=)\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*"""
)
_MATCHERS = re.compile(rf"{_MATCHER}(?:,{_MATCHER})*,?\s*")


def _matchers(text: str) -> str:
    """The user's scope (``job="checkout"`` or ``{job="checkout"}``) as bare matchers."""
    text = text.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    if text and not _MATCHERS.fullmatch(text):
        raise PrometheusConfigError(
            f"not a Prometheus label matcher list: {text!r}",
            'write it as in a selector, e.g. job="checkout",namespace="shop"',
        )
    return text


async def _sleep(stop: asyncio.Event, seconds: float) -> bool:
    """Wait ``seconds`` or until ``stop``; True when stopped."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    return stop.is_set()
