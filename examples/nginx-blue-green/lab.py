"""The example's moving parts: blue and green services, nginx routing between them, load.

As a library (agent.py) or a command (agent.sh):

    python lab.py up WORKDIR [--fault slow-queries] [--rate 40]   # start everything, detached
    python lab.py shift WORKDIR PCT        # green at PCT %, nginx reloaded; prints the log offset
    python lab.py measure WORKDIR OFFSET [--percentiles]
        # shell assignments, what nginx served since OFFSET: OFFSET, REQUESTS, GREEN_SHARE,
        # SAMPLES (rates, or with --percentiles the p95/p99 of the whole stretch)
    python lab.py down WORKDIR

Everything listens on 127.0.0.1 only. nginx is Debian's package (``apt-get install
nginx-light``), run as a foreground master with its own prefix and config in WORKDIR, never the
system's. Its access log (``$msec $status $request_time $upstream_addr``) is the truth the
agent measures: which colour served each request, how long it took, whether it failed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DB_MAX_CONNECTIONS = 100  # the (pretend) database both colours share
MIN_FOR_P95, MIN_FOR_P99 = 40, 200
LOG_FORMAT = "$msec $status $request_time $upstream_addr"

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format rollout '{log_format}';
    access_log {prefix}/access.log rollout;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    upstream app {{
        include {prefix}/upstream.conf;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_next_upstream off;
        }}
    }}
}}
"""


class LabError(Exception):
    pass


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if not found:
        raise LabError("nginx is not installed: run 'make nginx' (apt-get install nginx-light)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(
    port: int, proc: subprocess.Popen[bytes] | None, what: str, timeout: float = 15.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise LabError(f"{what} exited with status {proc.returncode} at start")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise LabError(f"{what} is not listening on 127.0.0.1:{port} after {timeout:g} s")


def upstream_conf(blue_port: int, green_port: int, green_pct: float) -> str:
    """nginx weights for a split (weights are integers >= 1; 0 % is a server marked down)."""
    green = round(green_pct)
    blue = 100 - green
    lines = []
    for port, weight in ((blue_port, blue), (green_port, green)):
        lines.append(
            f"server 127.0.0.1:{port} down;"
            if weight == 0
            else f"server 127.0.0.1:{port} weight={weight};"
        )
    return "\n".join(lines) + "\n"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Window:
    """What nginx served between two offsets of its access log."""

    start: float = math.inf
    end: float = -math.inf
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"blue": [], "green": []})
    errors: dict[str, int] = field(default_factory=lambda: {"blue": 0, "green": 0})
    unrouted: int = 0  # requests nginx could not hand to either colour

    def count(self, colour: str | None = None) -> int:
        if colour is None:
            return sum(len(v) for v in self.latencies.values())
        return len(self.latencies[colour])

    @property
    def green_share_pct(self) -> float:
        n = self.count()
        return 100.0 * self.count("green") / n if n else math.nan

    def samples(
        self, seconds: float | None = None, *, percentiles: bool = True, rates: bool = True
    ) -> list[tuple[str, float, str]]:
        """(name, value, scope) in the console's canonical names; scope "" is the service.

        ``rates``: request rate, average latency, error rate. ``percentiles``: p95 and p99,
        which mean something over a stage's window, not over a couple of seconds (the p99 of
        80 requests is their slowest one: the machine's hiccups, not the service); a colour
        that served too few requests for one gets none."""
        out: list[tuple[str, float, str]] = []
        span = seconds or max(self.end - self.start, 1e-9)
        for scope in ("", "blue", "green"):
            lat = (
                self.latencies["blue"] + self.latencies["green"]
                if not scope
                else self.latencies[scope]
            )
            errs = sum(self.errors.values()) if not scope else self.errors[scope]
            if not lat:
                continue
            if rates:
                out += [
                    ("request_rate_rps", len(lat) / span, scope),
                    ("latency_avg_ms", 1000 * sum(lat) / len(lat), scope),
                    ("error_rate_pct", 100.0 * errs / len(lat), scope),
                ]
            # A percentile of fewer requests than this is one slow request, not a tail.
            if percentiles and len(lat) >= MIN_FOR_P95:
                out.append(("latency_p95_ms", 1000 * percentile(lat, 0.95), scope))
            if percentiles and len(lat) >= MIN_FOR_P99:
                out.append(("latency_p99_ms", 1000 * percentile(lat, 0.99), scope))
        return out


class Lab:
    def __init__(self, workdir: str | Path) -> None:
        self.dir = Path(workdir).resolve()
        self.state_file = self.dir / "lab.json"
        self.state: dict[str, Any] = (
            json.loads(self.state_file.read_text()) if self.state_file.exists() else {}
        )

    @property
    def access_log(self) -> Path:
        return self.dir / "access.log"

    def _colour_of(self) -> dict[str, str]:
        return {
            f"127.0.0.1:{self.state['blue_port']}": "blue",
            f"127.0.0.1:{self.state['green_port']}": "green",
        }

    # --- up and down ------------------------------------------------------------------

    def up(self, *, fault: str = "none", rate: float = 40.0, duration: float = 900.0) -> None:
        nginx = nginx_binary()
        self.dir.mkdir(parents=True, exist_ok=True)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        self.state = {
            "blue_port": free_port(),
            "green_port": free_port(),
            "nginx_port": free_port(),
            "pids": {},
        }
        logs = self.dir / "logs"
        logs.mkdir(exist_ok=True)
        try:
            for colour, port, f in (
                ("blue", self.state["blue_port"], "none"),
                ("green", self.state["green_port"], fault),
            ):
                proc = self._spawn(
                    colour,
                    [sys.executable, str(HERE / "service.py"), "--colour", colour,
                     "--port", str(port), "--fault", f],
                )  # fmt: skip
                _wait_port(port, proc, f"the {colour} service")
            (self.dir / "upstream.conf").write_text(
                upstream_conf(self.state["blue_port"], self.state["green_port"], 0)
            )
            (self.dir / "nginx.conf").write_text(
                NGINX_CONF.format(
                    prefix=self.dir, port=self.state["nginx_port"], log_format=LOG_FORMAT
                )
            )
            proc = self._spawn(
                "nginx",
                [nginx, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                 "-e", str(self.dir / "error.log")],
            )  # fmt: skip
            _wait_port(self.state["nginx_port"], proc, "nginx")
            self._write_state()
            self._spawn(
                "loadgen",
                [sys.executable, str(HERE / "loadgen.py"), self.url + "/api/recommendations",
                 "--rate", str(rate), "--duration", str(duration)],
            )  # fmt: skip
            self._write_state()
        except BaseException:
            self.down()
            raise

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.state['nginx_port']}"

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        out = (self.dir / "logs" / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
        )
        out.close()
        self.state["pids"][name] = proc.pid
        return proc

    def _write_state(self) -> None:
        self.state_file.write_text(json.dumps(self.state, indent=2))

    def down(self) -> None:
        pids = dict(self.state.get("pids", {}))
        for name in ("loadgen", "nginx", "green", "blue"):
            pid = pids.get(name)
            if pid is None:
                continue
            sig = signal.SIGQUIT if name == "nginx" else signal.SIGTERM  # nginx: graceful
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                continue
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:  # not our child (lab.py up ran it): poll it
                    done = 0 if _alive(pid) else pid
                if done:
                    break
                time.sleep(0.05)
            else:
                with _suppress_lookup():
                    os.kill(pid, signal.SIGKILL)
        self.state["pids"] = {}
        if self.state_file.exists():
            self._write_state()

    # --- the router ---------------------------------------------------------------------

    def _workers(self) -> set[int]:
        master = self.state["pids"]["nginx"]
        out = set()
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == master:
                    out.add(int(d.name))
        return out

    def shift(self, green_pct: float) -> int:
        """Set the weights and reload nginx; the access log's offset once the new workers
        serve (every request after it was routed by the new weights)."""
        (self.dir / "upstream.conf").write_text(
            upstream_conf(self.state["blue_port"], self.state["green_port"], green_pct)
        )
        before = self._workers()
        subprocess.run(
            [nginx_binary(), "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
             "-e", str(self.dir / "error.log"), "-s", "reload"],
            check=True, capture_output=True, timeout=10,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            now = self._workers()
            if now and not (now & before):
                break  # the old workers have finished their requests and gone
            time.sleep(0.05)
        offset = self.access_log.stat().st_size if self.access_log.exists() else 0
        with (self.dir / "shifts.jsonl").open("a") as fh:
            fh.write(
                json.dumps({"green_pct": green_pct, "at": time.time(), "offset": offset}) + "\n"
            )
        return offset

    def read(self, offset: int) -> tuple[Window, int]:
        """What nginx logged from ``offset`` to the last complete line; the next offset."""
        w = Window()
        if not self.access_log.exists():
            return w, offset
        with self.access_log.open("rb") as fh:
            fh.seek(offset)
            data = fh.read()
        end = data.rfind(b"\n") + 1
        colour_of = self._colour_of()
        for raw in data[:end].splitlines():
            parts = raw.decode("ascii", "replace").split(" ", 3)
            if len(parts) < 4:
                continue
            msec, status, request_time, upstream = parts
            colour = colour_of.get(upstream.split(",")[-1].strip())
            w.start = min(w.start, float(msec))
            w.end = max(w.end, float(msec))
            if colour is None:
                w.unrouted += 1
                continue
            w.latencies[colour].append(float(request_time))
            if int(status) >= 500:
                w.errors[colour] += 1
        return w, offset + end

    def service_stats(self) -> dict[str, dict[str, Any]]:
        out = {}
        for colour in ("blue", "green"):
            port = self.state[f"{colour}_port"]
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stats", timeout=2) as resp:
                out[colour] = json.loads(resp.read())
        return out

    def db_samples(self) -> list[tuple[str, float, str]]:
        stats = self.service_stats()
        return [
            *(("db_connections", float(stats[c]["db_connections"]), c) for c in ("blue", "green")),
            ("db_connections_max", float(DB_MAX_CONNECTIONS), ""),
        ]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class _suppress_lookup:
    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, *rest: object) -> bool:
        return exc_type is ProcessLookupError


def main() -> int:
    p = argparse.ArgumentParser(description="the nginx blue-green example's lab")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("up")
    c.add_argument("workdir")
    c.add_argument("--fault", choices=("none", "slow-queries", "errors"), default="none")
    c.add_argument("--rate", type=float, default=40.0)
    c = sub.add_parser("shift")
    c.add_argument("workdir")
    c.add_argument("pct", type=float)
    c = sub.add_parser("measure")
    c.add_argument("workdir")
    c.add_argument("offset", type=int)
    c.add_argument("--percentiles", action="store_true", help="p95/p99 only (a whole window)")
    c = sub.add_parser("down")
    c.add_argument("workdir")
    args = p.parse_args()
    lab = Lab(args.workdir)
    try:
        if args.cmd == "up":
            lab.up(fault=args.fault, rate=args.rate)
            print(f"router: {lab.url}")
        elif args.cmd == "shift":
            print(lab.shift(args.pct))
        elif args.cmd == "measure":
            w, offset = lab.read(args.offset)
            if args.percentiles:
                samples = w.samples(rates=False)
            else:
                samples = [*w.samples(percentiles=False), *lab.db_samples()]
            words = [
                f"{n}{'@' + s if s else ''}={v:.2f}" for n, v, s in samples if math.isfinite(v)
            ]
            print(f"OFFSET={offset}")
            print(f"REQUESTS={w.count()}")
            print(f"GREEN_SHARE={w.green_share_pct:.1f}" if w.count() else "GREEN_SHARE=")
            print(f"SAMPLES='{' '.join(words)}'")
        else:
            lab.down()
    except LabError as exc:
        print(f"lab: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
