"""A deployment agent written with opsconsole's agent SDK: blue-green through a real nginx.

    python agent.py --token-file agent.token [--port 8765] [--fault slow-queries]

It starts the lab (blue and green services, nginx in front, a bounded load generator; see
lab.py), then shifts green 10 → 25 → 50 → 75 → 100 %: after each shift it reloads nginx with
the new weights, measures what nginx really served from its access log (latency percentiles,
error rate, the split) every few seconds, and opens a gate for the console. It obeys the
decision: approve goes on, rollback (or an abort, or no decision before --gate-timeout) moves
all traffic back to blue and says so. Follow it with

    opsconsole watch --agent URL --token-file agent.token
"""

from __future__ import annotations

import argparse
import asyncio
import math
import signal
import sys
import tempfile
import time
from pathlib import Path

from lab import Lab, LabError, Window

from console.agent_sdk import Aborted, AgentEndpoint
from console.errors import EndpointError

SERVICE, VERSION = "recommendation-api", "2.0.0"
PLAN = (10.0, 25.0, 50.0, 75.0, 100.0)


def merge(into: Window, w: Window) -> None:
    for c in ("blue", "green"):
        into.latencies[c] += w.latencies[c]
        into.errors[c] += w.errors[c]
    into.unrouted += w.unrouted
    into.start, into.end = min(into.start, w.start), max(into.end, w.end)


class Rollout:
    def __init__(self, ep: AgentEndpoint, lab: Lab, args: argparse.Namespace) -> None:
        self.ep = ep
        self.lab = lab
        self.args = args
        self.offset = 0

    async def measure_stage(self, pct: float) -> Window:
        """The stage's monitoring window: a metrics item every --interval seconds."""
        stage = Window()
        told_split = False
        # A count, not a deadline: the console's trend check needs three samples a window,
        # however slowly a busy machine answers.
        for _ in range(max(3, round(self.args.window / self.args.interval))):
            await asyncio.sleep(self.args.interval)
            w, self.offset = await asyncio.to_thread(self.lab.read, self.offset)
            merge(stage, w)
            db = await asyncio.to_thread(self.lab.db_samples)
            self.ep.metrics([*w.samples(self.args.interval, percentiles=False), *db])
            if not told_split and stage.count() >= 20:
                self.ep.traffic(round(stage.green_share_pct, 1))  # what nginx really applied
                told_split = True
        if not told_split and math.isfinite(stage.green_share_pct):
            self.ep.traffic(round(stage.green_share_pct, 1))
        self.ep.metrics(stage.samples(rates=False))  # p95/p99 of the whole window
        return stage

    async def run(self) -> str:
        ep, lab = self.ep, self.lab
        ep.guardrails(p99_ms=500, error_pct=1, avg_ms=150)
        ep.entry("ACTION", f"Routing through nginx at {lab.url} (blue and green upstreams)")
        try:
            for i, pct in enumerate(PLAN):
                ep.stage(pct)
                self.offset = await asyncio.to_thread(lab.shift, pct)
                started = time.time()
                stage = await self.measure_stage(pct)
                ep.entry(
                    "OBSERVATION",
                    f"Stage {pct:g}% window done: {stage.count()} requests served by nginx",
                    f"  - Green share in nginx's access log: {stage.green_share_pct:.1f} of 100",
                )
                if i + 1 == len(PLAN):
                    break
                decision = await ep.gate(
                    pct, PLAN[i + 1], timeout=self.args.gate_timeout, window_start=started
                )
                if not decision.approved:
                    who = "the agent (gate timeout)" if decision.timed_out else decision.operator
                    return await self.rollback(f"rollback at {pct:g}% by {who}: {decision.reason}")
        except Aborted as exc:
            return await self.rollback(f"aborted by {exc.operator}: {exc.reason}")
        ep.entry("ACTION", "Decommissioning blue: green serves 100% of traffic")
        ep.end("succeeded")
        return "succeeded"

    async def rollback(self, why: str) -> str:
        ep = self.ep
        ep.begin_rollback(why)
        self.offset = await asyncio.to_thread(self.lab.shift, 0)
        await asyncio.sleep(self.args.interval)
        w, self.offset = await asyncio.to_thread(self.lab.read, self.offset)
        ep.metrics(w.samples(self.args.interval))
        share = w.green_share_pct if math.isfinite(w.green_share_pct) else 0.0
        ep.traffic(round(share, 1))
        ep.entry(
            "OBSERVATION",
            "Rollback complete:",
            f"  - Traffic: {100 - share:g}% on blue ({w.count()} requests since the reload)",
        )
        ep.end("rolled_back", why)
        return "rolled_back"


async def main_async(args: argparse.Namespace) -> int:
    # SIGTERM (demo.sh leaving, a CI job cancelled) unwinds like Ctrl-C: the lab comes down.
    main_task = asyncio.current_task()
    assert main_task is not None
    for sig in (signal.SIGTERM, signal.SIGHUP):
        asyncio.get_running_loop().add_signal_handler(sig, main_task.cancel)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="opsconsole-nginx-"))
    lab = Lab(workdir)
    await asyncio.to_thread(lab.up, fault=args.fault, rate=args.rate)
    try:
        ep = AgentEndpoint(
            service=SERVICE,
            version=VERSION,
            agent="nginx-blue-green example agent (opsconsole SDK)",
            task=f"Roll {SERVICE} v{VERSION} out blue-green behind nginx",
            plan=PLAN,
            port=args.port,
            token_file=args.token_file,
            log_path=workdir / "agent.log",
        )
        url = await ep.start()
        print(f"agent listening on {url}", flush=True)
        print(f"lab in {workdir}; nginx at {lab.url}", flush=True)
        if args.url_file:
            Path(args.url_file).write_text(url + "\n")
        try:
            outcome = await Rollout(ep, lab, args).run()
            print(f"rollout {outcome}", flush=True)
            await ep.drained(timeout=args.linger)  # consoles read the tail first
        finally:
            await ep.close()
        return 0 if outcome == "succeeded" else 3
    finally:
        await asyncio.to_thread(lab.down)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--token-file", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument(
        "--workdir", help="where nginx's prefix, logs and config go (default: a temp dir)"
    )
    p.add_argument("--url-file", help="write the agent's URL here once it listens")
    p.add_argument("--fault", choices=("none", "slow-queries", "errors"), default="none")
    p.add_argument("--rate", type=float, default=40.0, help="load: requests a second")
    p.add_argument("--window", type=float, default=30.0, help="seconds of monitoring per stage")
    p.add_argument("--interval", type=float, default=2.0, help="seconds between measurements")
    p.add_argument("--gate-timeout", type=float, default=1800.0, help="then roll back by itself")
    p.add_argument("--linger", type=float, default=30.0, help="at most, for consoles to catch up")
    args = p.parse_args()
    try:
        return asyncio.run(main_async(args))
    except (LabError, EndpointError) as exc:
        print(f"agent: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, asyncio.CancelledError):
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
