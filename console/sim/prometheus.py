"""A real Prometheus (Debian's ``prometheus`` package) on loopback, scraping the simulated agent.

``opsconsole demo --with-prometheus`` and the tests use it so the panels can be read through
PrometheusSource exactly as in production. The server gets a free port, a private temporary
directory (config, TSDB, its own log) and a 1 s scrape interval; ``start_prometheus`` returns
only once Prometheus is ready *and* has scraped the target successfully, so the first query
already has data. ``stop()`` ends the process and removes the directory.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from console.errors import PrometheusNotInstalled, PrometheusStartError

DEBIAN_BINARY = "/usr/bin/prometheus"
JOB = "opsconsole-sim"
_PORT_ATTEMPTS = 3  # another process may take the free port between our probe and its bind


def prometheus_binary() -> str:
    """The path of the prometheus executable; raises PrometheusNotInstalled."""
    found = shutil.which("prometheus")
    if found:
        return found
    if Path(DEBIAN_BINARY).is_file():
        return DEBIAN_BINARY
    raise PrometheusNotInstalled()


def scrape_address(target: str) -> str:
    """``host:port`` from ``host:port`` or a URL such as ``http://127.0.0.1:8123``."""
    text = target.strip()
    netloc = urlsplit(text).netloc if "://" in text else text.rstrip("/")
    host, sep, port = netloc.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise PrometheusStartError(f"scrape target must be host:port, got {target!r}")
    return netloc


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn asking Linux to SIGTERM Prometheus when the thread that started it dies,
    so a demo or test killed outright (SIGKILL, a CI timeout) leaves no server behind."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def preexec() -> None:  # runs in the child between fork and exec: keep it to one call
        prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)

    return preexec


def free_port() -> int:
    """A loopback port nobody listens on now (for a scrape target not started yet)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrometheusHandle:
    """One running Prometheus: ``.url``, ``.target``, ``.stop()`` (idempotent)."""

    def __init__(
        self,
        proc: subprocess.Popen[bytes],
        port: int,
        workdir: Path,
        target: str,
        scrape_interval: str = "1s",
    ):
        self.proc = proc
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.workdir = workdir
        self.target = target
        self.scrape_interval = scrape_interval
        self.log_path = workdir / "prometheus.log"
        # A demo that ends through an unexpected exit still takes its server down with it.
        atexit.register(self.stop)

    def __repr__(self) -> str:
        return f"PrometheusHandle(url={self.url!r}, target={self.target!r})"

    def log_tail(self, lines: int = 5) -> str:
        with contextlib.suppress(OSError):
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
            return " | ".join(line.strip() for line in text.splitlines()[-lines:])
        return ""

    def stop(self, timeout: float = 10.0) -> None:
        atexit.unregister(self.stop)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> PrometheusHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- readiness ---------------------------------------------------------------------

    def _exited(self) -> bool:
        return self.proc.poll() is not None

    def _wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self._exited():
                raise PrometheusStartError(
                    f"prometheus exited with status {self.proc.returncode}: {self.log_tail()}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/-/ready", timeout=1.0).status_code == 200:
                    return
            time.sleep(0.1)
        raise PrometheusStartError(f"prometheus at {self.url} was not ready in time")

    def target_health(self) -> tuple[str, str]:
        """(health, last error) of our scrape target as Prometheus reports it."""
        resp = httpx.get(f"{self.url}/api/v1/targets", params={"state": "active"}, timeout=2.0)
        resp.raise_for_status()
        for t in resp.json()["data"]["activeTargets"]:
            if t.get("labels", {}).get("instance") == self.target:
                return str(t.get("health", "unknown")), str(t.get("lastError") or "")
        return "unknown", ""

    def retarget(self, target: str, timeout: float = 10.0) -> None:
        """Scrape ``target`` (``host:port``) instead: the config is rewritten and reloaded
        (SIGHUP), and this returns once Prometheus runs the new one."""
        target = scrape_address(target)
        config = self.workdir / "prometheus.yml"
        config.write_text(_config(target, self.scrape_interval))
        self.target = target
        self.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._exited():
                raise PrometheusStartError(
                    f"prometheus exited with status {self.proc.returncode}: {self.log_tail()}"
                )
            with contextlib.suppress(httpx.HTTPError, KeyError, ValueError):
                resp = httpx.get(f"{self.url}/api/v1/status/config", timeout=2.0)
                # 127.0.0.1:4000 is not in a config of 127.0.0.1:40001
                if re.search(rf"{re.escape(target)}(?!\d)", resp.json()["data"]["yaml"]):
                    return
            time.sleep(0.1)
        raise PrometheusStartError(f"prometheus at {self.url} did not reload its config")

    def wait_target_up(self, timeout: float = 30.0) -> None:
        """Until Prometheus has scraped the target as up; PrometheusStartError if not."""
        self._wait_target_up(time.monotonic() + timeout)

    def _wait_target_up(self, deadline: float) -> None:
        health, error = "unknown", ""
        while time.monotonic() < deadline:
            if self._exited():
                raise PrometheusStartError(
                    f"prometheus exited with status {self.proc.returncode}: {self.log_tail()}"
                )
            with contextlib.suppress(httpx.HTTPError, KeyError, ValueError):
                health, error = self.target_health()
                if health == "up":
                    return
            time.sleep(0.2)
        detail = f"{health}: {error}" if error else health
        raise PrometheusStartError(
            f"prometheus at {self.url} could not scrape {self.target}/metrics ({detail})"
        )


def _config(target: str, scrape_interval: str) -> str:
    return (
        "global:\n"
        f"  scrape_interval: {scrape_interval}\n"
        f"  evaluation_interval: {scrape_interval}\n"
        "scrape_configs:\n"
        f"  - job_name: {JOB}\n"
        f"    scrape_timeout: {scrape_interval}\n"
        "    static_configs:\n"
        f"      - targets: ['{target}']\n"
    )


def start_prometheus(
    scrape_target: str,
    *,
    binary: str | None = None,
    scrape_interval: str = "1s",
    timeout: float = 30.0,
    wait_for_target: bool = True,
) -> PrometheusHandle:
    """Start Prometheus on 127.0.0.1 scraping ``scrape_target`` (``host:port`` of a /metrics).

    Returns once it is ready and (unless ``wait_for_target`` is false, for a target that starts
    later: then call ``wait_target_up``) the target has been scraped as up. Raises
    PrometheusNotInstalled, or PrometheusStartError (and leaves nothing behind) otherwise.
    Call it from a long-lived thread (the main one): Prometheus is stopped when that thread
    or the process ends.
    """
    target = scrape_address(scrape_target)
    exe = binary or prometheus_binary()
    workdir = Path(tempfile.mkdtemp(prefix="opsconsole-prometheus-"))
    handle: PrometheusHandle | None = None
    try:
        (workdir / "prometheus.yml").write_text(_config(target, scrape_interval))
        deadline = time.monotonic() + timeout
        for attempt in range(_PORT_ATTEMPTS):
            port = free_port()
            log = (workdir / "prometheus.log").open("wb")  # this attempt only
            try:
                proc = subprocess.Popen(
                    [
                        exe,
                        f"--config.file={workdir / 'prometheus.yml'}",
                        f"--storage.tsdb.path={workdir / 'data'}",
                        f"--web.listen-address=127.0.0.1:{port}",
                        "--storage.tsdb.retention.time=1d",
                        "--log.level=warn",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=workdir,
                    preexec_fn=_die_with_parent(),  # one prctl call in the child, no locks
                )
            except OSError as exc:
                raise PrometheusStartError(
                    f"cannot run {exe}: {exc.strerror or exc}; run 'make prometheus'"
                ) from None
            finally:
                log.close()
            handle = PrometheusHandle(proc, port, workdir, target, scrape_interval)
            try:
                handle._wait_ready(deadline)
                break
            except PrometheusStartError:
                in_use = "address already in use" in handle.log_tail(20)
                if not in_use:
                    raise
                if attempt == _PORT_ATTEMPTS - 1:
                    raise PrometheusStartError(
                        f"prometheus could not listen: the {_PORT_ATTEMPTS} free ports it was "
                        "given were each taken by another process before it bound them",
                        "try again",
                    ) from None
                _stop_process(handle)
                handle = None
        assert handle is not None
        if wait_for_target:
            handle._wait_target_up(deadline)
        return handle
    except BaseException:
        if handle is not None:
            handle.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _stop_process(handle: PrometheusHandle) -> None:
    """End a failed attempt but keep the directory for the next one."""
    atexit.unregister(handle.stop)
    if handle.proc.poll() is None:
        handle.proc.kill()
    handle.proc.wait(5)
