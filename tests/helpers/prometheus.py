"""A real Prometheus server on loopback, scraping a /metrics endpoint the test controls."""

from __future__ import annotations

import random
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

from tests.helpers.net import free_port


def prometheus_binary() -> str:
    found = shutil.which("prometheus") or (
        "/usr/bin/prometheus" if Path("/usr/bin/prometheus").exists() else None
    )
    if not found:
        pytest.skip(
            "prometheus not installed: `apt-get install prometheus` (or `make prometheus`)"
            " to run the Prometheus integration tests"
        )
    return found


class PromServer:
    """One Prometheus process; stop() and start() again keep its port and its storage."""

    def __init__(
        self, binary: str, workdir: Path, targets: list[str], jobs: dict[str, str] | None = None
    ) -> None:
        """``targets``: one job called agent; ``jobs``: one more job per name, one target each."""
        self.binary = binary
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.storage = workdir / "data"
        self.config = workdir / "prometheus.yml"
        self.log = workdir / "prometheus.log"
        listed = ", ".join(f"'{t}'" for t in targets)
        config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
        if targets:
            config += f"  - job_name: agent\n    static_configs:\n      - targets: [{listed}]\n"
        for name, target in (jobs or {}).items():
            config += (
                f"  - job_name: '{name}'\n    static_configs:\n      - targets: ['{target}']\n"
            )
        self.config.write_text(config)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    self.binary,
                    f"--config.file={self.config}",
                    f"--storage.tsdb.path={self.storage}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                    "--web.enable-lifecycle",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"prometheus exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/-/ready", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("prometheus did not become ready in 30 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def query(self, query: str, at: float) -> list[dict]:
        r = httpx.get(f"{self.url}/api/v1/query", params={"query": query, "time": f"{at:.3f}"})
        r.raise_for_status()
        return list(r.json()["data"]["result"])

    def wait_for(
        self, query: str, min_series: int = 1, timeout: float = 30, lag: float = 0.0
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.query(query, time.time() - lag)) >= min_series:
                return
            time.sleep(0.2)
        raise RuntimeError(f"no data for {query} after {timeout} s")


def wait_for_rates(server: PromServer) -> None:
    """rate() needs two scrapes of every series the default queries read; ``lag``: the tests
    evaluate a few seconds in the past (see PrometheusSource's eval_lag)."""
    server.wait_for('rate(http_requests_total{code="500"}[1m])', min_series=1, lag=2.5)
    server.wait_for("rate(http_request_duration_seconds_count[1m])", min_series=2, lag=2.5)


class Exporter:
    """A service under blue-green rollout, as prometheus-client exposes it."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.latency = Histogram(
            "http_request_duration_seconds",
            "request latency",
            ["colour"],
            registry=r,
            buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0),
        )
        self.requests = Counter("http_requests_total", "requests", ["colour", "code"], registry=r)
        self.conns = Gauge("db_connections", "open DB connections", ["colour"], registry=r)
        self.max_conns = Gauge("db_max_connections", "DB connection limit", registry=r)
        self.cpu = Gauge("db_cpu_ratio", "DB CPU", registry=r)
        self.weight = Gauge("rollout_green_weight", "green weight, percent", registry=r)
        self.max_conns.set(250)
        self.conns.labels("blue").set(58)
        self.conns.labels("green").set(62)
        self.cpu.set(0.41)
        self.weight.set(25)
        self._stop = threading.Event()
        self.server, self._thread = start_http_server(0, addr="127.0.0.1", registry=r)
        self.target = f"127.0.0.1:{self.server.server_port}"
        self._traffic = threading.Thread(target=self._run, daemon=True)
        self._traffic.start()

    def _run(self) -> None:
        rnd = random.Random(7)
        while not self._stop.is_set():
            for _ in range(20):
                self.latency.labels("blue").observe(rnd.uniform(0.03, 0.12))
                self.requests.labels("blue", "200").inc()
                self.latency.labels("green").observe(rnd.uniform(0.05, 0.6))
                self.requests.labels("green", "500" if rnd.random() < 0.1 else "200").inc()
            self._stop.wait(0.05)

    def close(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def exporter() -> Iterator[Exporter]:
    exp = Exporter()
    yield exp
    exp.close()


@pytest.fixture
def prometheus(tmp_path: Path, exporter: Exporter) -> Iterator[PromServer]:
    server = PromServer(prometheus_binary(), tmp_path, [exporter.target])
    server.start()
    try:
        # rate() needs two scrapes of every series the default queries read.
        server.wait_for("db_connections", min_series=2)
        yield server
    finally:
        server.stop()
