"""The `opsconsole` command.

Every error a user can cause ends as one line on stderr and a non-zero exit; an unexpected
failure writes its traceback to a crash file and says where, never onto the terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import errno
import math
import os
import signal
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from console import __version__
from console.errors import OpsConsoleError, UsageError
from console.textsafe import printable

if TYPE_CHECKING:  # the commands import what they run lazily: `opsconsole --help` stays fast
    from console.config import Config
    from console.control.decisions import Decider
    from console.control.hook import HookDecider
    from console.control.policy import AutoPolicy
    from console.runner import LiveSession, Source
    from console.sim.handle import SimHandle
    from console.sim.prometheus import PrometheusHandle
    from console.sources.kube import KubeSource

SCENARIOS = ("healthy", "pool-exhaustion", "missing-index", "config-bug")
EXIT_USAGE, EXIT_FAIL, EXIT_ROLLED_BACK = 2, 1, 3


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


# --- helpers shared by commands ----------------------------------------------------------


def _db_path(args: argparse.Namespace, cfg: Config) -> Path:
    from console.store.schema import default_db_path

    if getattr(args, "db", None):
        return Path(args.db)
    if cfg.store.db:
        return Path(cfg.store.db).expanduser()
    return default_db_path()


def _load_config() -> Config:
    from console import config

    return config.load()


HEADLESS_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _install_signal_handlers(stop: asyncio.Event, received: list[int]) -> None:
    """SIGINT, SIGTERM and SIGHUP (the SSH link dropping) stop the session; it then flushes
    and closes. Plain signal handlers, not the loop's: those run only when the loop gets
    back to its selector, and code that holds the loop would make a signal wait for ever.
    A second signal leaves at once (KeyboardInterrupt, caught where the session is closed)."""
    loop = asyncio.get_running_loop()

    def handler(signum: int, _frame: Any) -> None:
        received.append(signum)
        if len(received) > 1:
            raise KeyboardInterrupt
        with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to wake
            loop.call_soon_threadsafe(stop.set)

    for sig in HEADLESS_SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            signal.signal(sig, handler)


def _refresh(args: argparse.Namespace, cfg: Config) -> float:
    value = getattr(args, "refresh", None)
    if value is None:
        value = cfg.ui.refresh
        if cfg.ui.low_bandwidth or getattr(args, "low_bandwidth", False):
            value = max(value, 1.0)
    if not (value > 0 and math.isfinite(value)):
        raise UsageError("--refresh must be a positive number of seconds")
    return float(value)


_HEADLESS_INSTEAD = "run it in a terminal, or add --headless for a line per stage"


def _need_terminal(command: str, instead: str) -> None:
    """The screen needs a terminal on both ends: with stdin at end of file a Textual app
    spins a core reading nothing, and it draws on stderr (its Linux driver writes to
    ``sys.__stderr__``): a file there gets the escape codes, while stdout redirected (``>
    out.txt``) leaves the screen whole. Not when another driver draws it (``serve``:
    textual-serve's web driver, over pipes)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    stdin, screen = sys.__stdin__, sys.__stderr__
    if not (stdin and screen and stdin.isatty() and screen.isatty()):
        raise UsageError(
            f"{command} draws a screen on stderr and needs a terminal (its input or stderr "
            "here is a pipe or a file)",
            instead,
        )


def _theme(args: argparse.Namespace, cfg: Config) -> str:
    """--theme, else NO_COLOR picks the monochrome theme, else the config's choice."""
    if getattr(args, "theme", None):
        return str(args.theme)
    if os.environ.get("NO_COLOR"):
        return "opsconsole-mono"
    return str(cfg.ui.theme)


def _policy(args: argparse.Namespace, cfg: Config) -> AutoPolicy:
    from console.control.policy import AutoPolicy

    return AutoPolicy(
        auto=bool(args.auto or cfg.gates.auto),
        auto_rollback=bool(args.auto_rollback or cfg.gates.auto_rollback),
        gate_alert_after=float(cfg.gates.alert_after),
    )


def _hook_decider(cfg: Config) -> HookDecider | None:
    hooks = {k: v for k, v in dataclasses.asdict(cfg.hooks).items() if v}
    if not hooks:
        return None
    from console.control.hook import HookDecider

    return HookDecider(hooks)


def _run_session(
    args: argparse.Namespace,
    cfg: Config,
    session: LiveSession,
    *,
    on_exit: Callable[[], None] | None = None,
    fatal: Callable[[], Exception | None] | None = None,
) -> int:
    """Run a LiveSession with the screen, or headless with a line per stage. ``fatal``: what
    made a source give up for good (a rejected credential), which ends the screen too."""
    from console.runner import stage_printer

    def close() -> None:  # the session saved, however the run ended (the terminal gone too)
        session.close()
        if on_exit:
            on_exit()

    if args.headless:
        session.pipeline.listeners.append(stage_printer(lambda line: print(line, flush=True)))
        print(f"session {session.session_id} recording to {_db_path(args, cfg)}", flush=True)

        received: list[int] = []
        previous = {sig: signal.getsignal(sig) for sig in HEADLESS_SIGNALS}

        async def main() -> None:
            stop = asyncio.Event()
            _install_signal_handlers(stop, received)
            await session.run(stop)

        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            if not received:
                received.append(signal.SIGINT)
        finally:
            try:
                close()
            finally:
                for sig, old in previous.items():
                    with contextlib.suppress(ValueError, OSError, TypeError):
                        signal.signal(sig, old)
        for err in session.errors:
            print(_error_line(err), file=sys.stderr)
        if received and session.pipeline.state.outcome is None:
            # Stopped by a signal before the rollout's end: a script must not take it for
            # success (128 + the signal's number, as a shell reports it). After the end
            # (a tail -F watch only ends this way) the outcome says how it went.
            name = signal.Signals(received[0]).name
            print(f"interrupted by {name}: session saved", file=sys.stderr)
            return 128 + received[0]
        return _exit_code(session)

    from console.ui.app import OpsConsoleApp
    from console.ui.live_feed import LiveFeed

    async def runner(stop: asyncio.Event) -> None:
        await session.run(stop)  # the app's own SIGTERM/SIGHUP handlers set stop and exit
        if fatal is not None and fatal() is not None:
            app.exit(EXIT_FAIL)

    app = OpsConsoleApp(
        LiveFeed(session),
        theme=_theme(args, cfg),
        refresh_interval=_refresh(args, cfg),
        runner=runner,
        on_hangup=close,
    )
    try:
        app.run()
    finally:
        close()
    with contextlib.suppress(OSError):  # the terminal may already be gone (SIGHUP)
        print(f"session {session.session_id} saved to {_db_path(args, cfg)}")
        gave_up = fatal() if fatal is not None else None
        if gave_up is not None:
            print(f"opsconsole: {gave_up}", file=sys.stderr)
    return app.return_code or 0


def _exit_code(session: LiveSession) -> int:
    outcome = session.pipeline.state.outcome
    if outcome is None:
        return EXIT_FAIL if session.errors else 0
    return 0 if outcome["status"] == "succeeded" else EXIT_ROLLED_BACK


# --- commands -----------------------------------------------------------------------------


SIM_PORT_ATTEMPTS = 3


def _start_demo_sim(
    args: argparse.Namespace, port: int, prom: PrometheusHandle | None, gate_timeout: float
) -> SimHandle:
    """The demo's simulated agent, on ``port`` (0: any) where Prometheus already scrapes.
    That port was free when chosen, seconds ago, while Prometheus started: another process
    may have taken it since. Then another free one is tried, and Prometheus told (a bounded
    number of times; after that, one line saying so)."""
    from console.errors import SimError, SimPortInUse
    from console.sim.handle import SimHandle
    from console.sim.prometheus import free_port

    for attempt in range(1, SIM_PORT_ATTEMPTS + 1):
        try:
            return SimHandle.start(
                scenario=args.scenario,
                speed=args.speed,
                port=port,
                seed=args.seed,
                gate_timeout=gate_timeout,
            )
        except SimPortInUse:
            if prom is None:  # a port of the system's choosing (0): nobody else's race
                raise
            if attempt == SIM_PORT_ATTEMPTS:
                raise SimError(
                    f"the simulated agent could not listen: the {SIM_PORT_ATTEMPTS} free ports "
                    "it was given were each taken by another process before it bound them",
                    "try again",
                ) from None
            port = free_port()
            prom.retarget(f"127.0.0.1:{port}")
    raise AssertionError("unreachable")


def cmd_demo(args: argparse.Namespace) -> int:
    from console.control.agent import AgentDecider
    from console.runner import LiveSession
    from console.sim.agent import check_run_speed
    from console.sources.agent import AgentSource

    check_run_speed(args.speed)
    cfg = _load_config()
    if not args.headless:
        _need_terminal("demo", _HEADLESS_INSTEAD)
    if args.headless and not (args.auto or cfg.gates.auto):
        args.auto = True  # a headless demo has nobody to press Approve
    # Like a real agent, the simulated one won't wait for ever: a gate nobody decides is rolled
    # back (never approved). Headless nobody will come; either way allow some real seconds
    # for a decision on its way, however fast the simulated clock runs.
    gate_timeout = max(600.0 if args.headless else 1800.0, 10.0 * args.speed)
    prom = None
    port = 0
    if args.with_prometheus:
        from console.sim.prometheus import free_port, start_prometheus

        # Prometheus first: it takes seconds to start, and the simulated rollout must not run
        # unwatched meanwhile (at a high --speed its first gate would time out).
        port = free_port()
        prom = start_prometheus(scrape_target=f"127.0.0.1:{port}", wait_for_target=False)
    try:
        sim = _start_demo_sim(args, port, prom, gate_timeout)
    except BaseException:
        if prom is not None:
            prom.stop()
        raise
    try:
        sources: list[Source] = [AgentSource(sim.url, sim.token)]
        companions: list[Source] = []
        if prom is not None:
            from console.sources.prometheus import PrometheusSource

            pc = cfg.prometheus
            companions.append(
                PrometheusSource(
                    prom.url,
                    pc.queries or None,
                    interval=float(pc.interval),
                    backfill_seconds=float(pc.backfill),
                )
            )
        session = LiveSession(
            db_path=_db_path(args, cfg),
            name=args.name or f"demo {args.scenario}",
            sources=sources,
            companions=companions,
            decider=AgentDecider(sim.url, sim.token),
            policy=_policy(args, cfg),
            label=f"demo:{args.scenario}",
        )
    except BaseException:
        sim.stop()
        if prom is not None:
            prom.stop()
        raise

    def stop_all() -> None:
        sim.stop()
        if prom is not None:
            prom.stop()

    return _run_session(args, cfg, session, on_exit=stop_all)


def cmd_agent_sim(args: argparse.Namespace) -> int:
    from console.sim.agent import check_run_speed
    from console.sim.command import run_agent_sim

    check_run_speed(args.speed)
    return int(
        run_agent_sim(
            scenario=args.scenario,
            speed=args.speed,
            port=args.port,
            token_file=args.token_file,
            log_path=args.log,
            seed=args.seed,
        )
        or 0
    )


def cmd_watch(args: argparse.Namespace) -> int:
    from console.runner import LiveSession

    cfg = _load_config()
    sources: list[Source] = []
    decider: Decider | None = None
    kube: KubeSource | None = None
    agent_url = args.agent or cfg.agent.url
    if agent_url:
        from console.control.agent import AgentDecider
        from console.sources.agent import AgentSource, load_token

        token = load_token(args.token_file or cfg.agent.token_file or None)
        sources.append(AgentSource(agent_url, token))
        decider = AgentDecider(agent_url, token)
    if args.log:
        from console.sources.logfile import LogFileSource

        # With no metrics source beside it, a service log's own lines give error rate and
        # latency per minute.
        derive = not (agent_url or args.prometheus or cfg.prometheus.url)
        sources.append(LogFileSource(args.log, derive_metrics=derive))
    prom_url = args.prometheus or cfg.prometheus.url
    if prom_url:
        from console.sources.prometheus import PrometheusSource

        pc = cfg.prometheus
        sources.append(
            PrometheusSource(
                prom_url,
                pc.queries or None,
                interval=float(pc.interval),
                backfill_seconds=float(pc.backfill),
                verify_tls=bool(pc.verify_tls) and not args.insecure_skip_tls_verify,
                preset=args.preset or pc.preset,
                match=args.prometheus_match or pc.match,
                split_label=pc.split_label,
                blue=pc.blue,
                green=pc.green,
                window=pc.window,
            )
        )
    if args.kube and not args.rollout:
        return _watch_fleet(args, cfg)
    if args.kube:
        if not args.namespace:
            raise UsageError("--kube needs --namespace N (and --rollout NAME for a Rollout)")
        from console.sources.kube import KubeSource

        kube = KubeSource(
            args.namespace,
            args.rollout,
            context=args.context,
            kubeconfig=args.kubeconfig,
            agent_pod=args.agent_pod,
        )
        kube.connect()  # a bad kubeconfig or context is one clear line now, not later
        kube.check_credentials()  # and so is a rejected token
        sources.append(kube)
        if decider is None and args.rollout:
            from console.control.argo import ArgoRolloutsDecider

            decider = ArgoRolloutsDecider(
                args.namespace,
                args.rollout,
                context=args.context,
                kubeconfig=args.kubeconfig,
                current=kube.rollout_object,
                replica_sets=kube.replica_sets,
            )
    if not sources:
        raise UsageError(
            "nothing to watch: give --agent URL, --log FILE|-, --prometheus URL or --kube"
        )
    if decider is None:
        decider = _hook_decider(cfg)
    if args.log == "-" and not args.headless:
        raise UsageError(
            "--log - reads the log from a pipe, which leaves no keyboard for the screen: "
            "add --headless to record it, then 'opsconsole replay --latest'"
        )
    if not args.headless:
        _need_terminal("watch", _HEADLESS_INSTEAD)
    session = LiveSession(
        db_path=_db_path(args, cfg),
        name=args.name,
        sources=sources,
        decider=decider,
        read_only=args.read_only,
        policy=_policy(args, cfg),
        label="watch",
    )
    watched = kube
    kube_fatal = (lambda: watched.fatal) if watched is not None else None
    return _run_session(args, cfg, session, fatal=kube_fatal)


def _watch_fleet(args: argparse.Namespace, cfg: Config) -> int:
    """watch --kube without --rollout: every Rollout of the namespace (or all) in a table;
    each rollout opened from it is watched and recorded as its own session."""
    if not args.namespace and not args.all_namespaces:
        raise UsageError("--kube needs --namespace N or --all-namespaces (and --rollout NAME)")
    if args.headless:
        raise UsageError(
            "the fleet view needs the screen: give --rollout NAME to record one rollout headless"
        )
    if args.agent or args.log or args.prometheus:
        raise UsageError("the fleet view watches Kubernetes only: give --rollout NAME with those")
    _need_terminal("watch", "run it in a terminal, or give --rollout NAME and --headless")
    from console.control.argo import ArgoRolloutsDecider
    from console.runner import LiveSession
    from console.sources.kube import KubeSource
    from console.sources.kube.fleet import FleetSource
    from console.ui.fleet_app import FleetApp

    fleet = FleetSource(
        "" if args.all_namespaces else args.namespace,
        context=args.context,
        kubeconfig=args.kubeconfig,
    )
    fleet.connect()
    fleet.check_credentials()

    def make_session(namespace: str, name: str) -> LiveSession:
        kube = KubeSource(namespace, name, context=args.context, kubeconfig=args.kubeconfig)
        kube.api_client, kube.host = fleet.api_client, fleet.host  # one connection
        decider = ArgoRolloutsDecider(
            namespace,
            name,
            context=args.context,
            kubeconfig=args.kubeconfig,
            current=kube.rollout_object,
            replica_sets=kube.replica_sets,
            api_client=fleet.api_client,
        )
        return LiveSession(
            db_path=_db_path(args, cfg),
            name=f"{namespace}/{name}",
            sources=[kube],
            decider=decider,
            read_only=args.read_only,
            policy=_policy(args, cfg),
            label="watch",
        )

    app = FleetApp(
        fleet, make_session, theme=_theme(args, cfg), refresh_interval=_refresh(args, cfg)
    )
    try:
        app.run()
    finally:
        app.close_all()
    with contextlib.suppress(OSError):
        for session in app.sessions:
            print(f"session {session.session_id} saved to {_db_path(args, cfg)}")
        if fleet.fatal is not None:
            print(f"opsconsole: {fleet.fatal}", file=sys.stderr)
            return EXIT_FAIL
    return app.return_code or 0


def cmd_import(args: argparse.Namespace) -> int:
    from console.ingest import ImportInterrupted, import_files

    cfg = _load_config()
    try:
        result = import_files(args.files, _db_path(args, cfg), name=args.name)
    except ImportInterrupted as stop:
        p = stop.progress
        total = f" of {p['bytes_total']:,}" if p.get("bytes_total") is not None else ""
        print(
            f"opsconsole: import interrupted ({stop}) after {p.get('lines_read', 0):,} lines, "
            f"{p.get('bytes_read', 0):,}{total} bytes: session {stop.session_id} is kept, "
            "marked interrupted (run the import again for the whole file)",
            file=sys.stderr,
        )
        return 128 + stop.signum
    print(result.session_id)
    print(
        f"{result.lines_read} lines read, {result.lines_uninterpreted} not interpreted, "
        f"{result.events} events stored",
        file=sys.stderr,
    )
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    from console.store.catalog import format_sessions, list_sessions

    cfg = _load_config()
    path = _db_path(args, cfg)
    if not path.exists():
        print(f"no sessions yet ({path} does not exist); try 'opsconsole demo'", file=sys.stderr)
        return 0
    rows = list_sessions(path)
    print(format_sessions(rows))
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from console.store.catalog import resolve
    from console.ui.replay import BadGotoTime, run_replay

    cfg = _load_config()
    if not (args.speed > 0 and math.isfinite(args.speed)):  # also rejects nan
        raise UsageError("--speed must be a positive number")
    target = resolve(args.session, latest=args.latest, store=_db_path(args, cfg))
    try:
        return run_replay(
            target.db_path,
            target.session_id,
            speed=args.speed,
            theme=_theme(args, cfg),
            refresh_interval=_refresh(args, cfg),
            start_at=args.at,
            before_screen=lambda: _need_terminal(
                "replay", "run it in a terminal; for a report: opsconsole export"
            ),
        )
    except BadGotoTime as exc:
        raise UsageError(str(exc)) from None


def cmd_export(args: argparse.Namespace) -> int:
    from console.report.postmortem import export_files
    from console.store.catalog import resolve_input

    cfg = _load_config()
    db_path, session_id = resolve_input(
        args.session, latest=args.latest, db_path=_db_path(args, cfg)
    )
    out = Path(args.output) if args.output else None
    text, written = export_files(db_path, session_id, args.format, out)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        charts = ", ".join(p.name for p in written[1:])
        print(f"wrote {out}" + (f" and its charts {charts}" if charts else ""), file=sys.stderr)
    return 0


def cmd_rca(args: argparse.Namespace) -> int:
    from console.analysis.inputs import stream_inputs
    from console.analysis.rca import analyse
    from console.report import rca as rca_report

    cfg = _load_config()
    events, notes = stream_inputs(args.inputs, db_path=_db_path(args, cfg))
    alert_at = _parse_time(args.alert_at) if args.alert_at else None
    report = analyse(events, service=args.service, alert_at=alert_at, input_notes=notes)
    render = rca_report.render_json if args.format == "json" else rca_report.render_markdown
    text = render(report)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _parse_time(text: str) -> float:
    from datetime import UTC, datetime

    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--alert-at {text!r} is not an ISO 8601 time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def cmd_config(args: argparse.Namespace) -> int:
    from console import config

    if args.action == "path":
        print(config.config_path())
    else:
        print(printable(config.dumps(config.masked(config.load())), keep_newlines=True), end="")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from console.serve import serve

    return serve(
        host=args.host,
        port=args.port,
        command=args.command or None,
        operators=args.operator,
        max_sessions=args.max_sessions,
        origins=args.origin,
    )


# --- the parser ---------------------------------------------------------------------------


def _common_session(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", help="session database (default: XDG data dir)")
    p.add_argument("--name", help="a name for the recorded session")
    p.add_argument("--headless", action="store_true", help="no screen: a line per stage")
    p.add_argument("--auto", action="store_true", help="approve gates whose checks are all green")
    p.add_argument(
        "--auto-rollback", action="store_true", help="roll back by itself on an SLO breach"
    )
    p.add_argument("--theme", help="theme name (see themes/)")
    p.add_argument("--refresh", type=float, metavar="SECONDS", help="seconds between repaints")
    p.add_argument("--low-bandwidth", action="store_true", help="repaint at most once a second")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="opsconsole",
        description="Watch, gate and replay automated blue-green rollouts.",
    )
    parser.add_argument("--version", action="version", version=f"opsconsole {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("demo", help="run the console on the built-in simulated agent")
    p.add_argument("--scenario", choices=SCENARIOS, default="pool-exhaustion")
    p.add_argument("--speed", type=float, default=12.0, help="simulated seconds per second")
    p.add_argument("--seed", type=int, default=7, help="the simulator's random seed")
    p.add_argument(
        "--with-prometheus",
        action="store_true",
        help="also read the panels from a real Prometheus scraping the simulator",
    )
    _common_session(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("agent-sim", help="run the simulated agent alone, serving the protocol")
    p.add_argument("--scenario", choices=SCENARIOS, default="pool-exhaustion")
    p.add_argument("--speed", type=float, default=12.0)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--token-file", help="file holding the bearer token (made if missing)")
    p.add_argument("--log", help="also write the agent runtime log to this file")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=cmd_agent_sim)

    from console.agent_sdk.commands import add_agent_parser

    add_agent_parser(sub)

    p = sub.add_parser("watch", help="watch a real rollout: agent, log, Prometheus, Kubernetes")
    p.add_argument("--agent", metavar="URL", help="an agent speaking the control protocol")
    p.add_argument("--token-file", help="bearer token for --agent (or OPSCONSOLE_AGENT_TOKEN)")
    p.add_argument(
        "--log", metavar="FILE", help="follow an agent log file (tail -F), or - for a pipe"
    )
    p.add_argument("--prometheus", metavar="URL", help="read the panels from Prometheus")
    p.add_argument(
        "--preset",
        metavar="NAME",
        help="the exporter whose metric names Prometheus holds (istio, linkerd, ingress-nginx,"
        " traefik, envoy, kong, apisix, caddy, haproxy, otel, otel-legacy, micrometer,"
        " prometheus-net, django, promhttp, spanmetrics); default: detected",
    )
    p.add_argument(
        "--prometheus-match",
        metavar="MATCHERS",
        help='scope the preset\'s queries to one service, e.g. job="checkout"',
    )
    p.add_argument(
        "--insecure-skip-tls-verify",
        action="store_true",
        help="do not verify Prometheus's TLS certificate",
    )
    p.add_argument(
        "--kube",
        action="store_true",
        help="watch the rollout in Kubernetes (without --rollout: every rollout, one a line)",
    )
    p.add_argument(
        "--all-namespaces", action="store_true", help="with --kube: rollouts of every namespace"
    )
    p.add_argument("--context", help="kubeconfig context")
    p.add_argument("--kubeconfig", help="kubeconfig file (default: $KUBECONFIG, ~/.kube/config)")
    p.add_argument("--namespace", help="Kubernetes namespace")
    p.add_argument("--rollout", help="Argo Rollouts Rollout name")
    p.add_argument("--agent-pod", help="stream this pod's log into the log panel")
    p.add_argument("--read-only", action="store_true", help="show gates but send nothing")
    _common_session(p)
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser(
        "import", help="import logs (agent, JSON, syslog, access logs, ...) into a new session"
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--name")
    p.add_argument("--db", metavar="PATH")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("sessions", help="list recorded sessions")
    p.add_argument("--db", metavar="PATH")
    p.set_defaults(func=cmd_sessions)

    p = sub.add_parser("replay", help="replay a recorded session")
    p.add_argument("session", nargs="?", metavar="ID|FILE.db")
    p.add_argument("--latest", action="store_true")
    p.add_argument("--db", metavar="PATH")
    p.add_argument("--speed", type=float, default=1.0)
    p.add_argument("--at", metavar="TIME", help="start at this time of day (HH:MM:SS)")
    p.add_argument("--theme")
    p.add_argument("--refresh", type=float, metavar="SECONDS")
    p.add_argument("--low-bandwidth", action="store_true")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("export", help="export a session's postmortem (Markdown or JSON)")
    p.add_argument(
        "session",
        nargs="?",
        metavar="SESSION",
        help="a session id, a session .db file, or a log file",
    )
    p.add_argument("--latest", action="store_true")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--db", metavar="PATH")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "rca",
        help="root-cause analysis of a session or of logs and changes",
        description="Find when an incident began, which change (if any) caused it, and what "
        "to do. The JSON report's fields are documented in docs/rca.md.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a session (id, unique id prefix, .db file or FILE.db#ID), or log files, a "
        "changes .jsonl (deployments, config changes, flags) and Kubernetes events, merged "
        "in time order",
    )
    p.add_argument("--service", help="analyse this service's lines only (when logs mix several)")
    p.add_argument(
        "--alert-at",
        metavar="TIME",
        help="when the alert fired (ISO 8601); the onset is sought before it",
    )
    p.add_argument("--format", choices=("md", "json"), default="md", help="default: md")
    p.add_argument("--db", metavar="PATH", help="the session store (default: the data directory)")
    p.set_defaults(func=cmd_rca)

    p = sub.add_parser("config", help="where the config file is, and what is in effect")
    p.add_argument("action", choices=("path", "show"))
    p.set_defaults(func=cmd_config)

    p = sub.add_parser("serve", help="open the console to a browser (textual-serve)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--operator",
        action="append",
        metavar="NAME",
        help="a person who may connect (repeat for each); each gets an address with a token "
        "of their own, and decisions are recorded as theirs (default: you)",
    )
    p.add_argument(
        "--max-sessions",
        type=int,
        default=3,
        metavar="N",
        help="consoles open at once, one per browser tab (default: 3)",
    )
    p.add_argument(
        "--origin",
        action="append",
        metavar="URL",
        help="another origin the page is reached by (a proxy in front), e.g. https://ops.example",
    )
    p.add_argument(
        "command", nargs=argparse.REMAINDER, help="the opsconsole command to serve (default: demo)"
    )
    p.set_defaults(func=cmd_serve)
    return parser


def _crash_file() -> Path:
    from platformdirs import user_state_path

    return user_state_path("opsconsole") / "crash.log"


def _error_line(error: object) -> str:
    """One line on stderr: an error may quote an agent's reply, an HTTP body or a URL with
    its password, so it is redacted and shown literally."""
    from console.redact import redact

    return f"opsconsole: {printable(redact(str(error)), 2000)}"


def redact_argv(argv: Sequence[str]) -> str:
    """The command line as the crash log keeps it: credentials in URLs, ``--token=x`` and
    the value after a secret-named flag (``--password x``) redacted."""
    from console.redact import MARK, is_secret_key, redact

    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            out.append(MARK)
            hide_next = False
            continue
        flag, eq, _value = arg.partition("=")
        if flag.startswith("--") and is_secret_key(flag[2:].replace("-", "_")):
            if eq:
                out.append(f"{flag}={MARK}")
            else:
                out.append(arg)
                hide_next = True
            continue
        out.append(redact(arg))
    return " ".join(out)


def _write_crash(argv: Sequence[str]) -> Path:
    """Append the traceback to the crash log (0600: it quotes what the program was given),
    redacted; the path written, or a phrase saying it could not be."""
    from console.redact import redact

    path = _crash_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = (
            f"--- {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} "
            f"opsconsole {redact_argv(argv)}\n{redact(traceback.format_exc())}"
        )
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as fh:
            os.fchmod(fh.fileno(), 0o600)  # a crash log an older version wrote was 0644
            fh.write(entry)
    except OSError:
        return Path("(could not write the crash log)")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OpsConsoleError as exc:
        print(_error_line(exc), file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:
        return EXIT_FAIL
    except sqlite3.Error as exc:  # the store failed under a writer: disk full, read-only
        from console.store.schema import store_error

        print(_error_line(store_error(None, exc)), file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno in (errno.EIO, errno.EPIPE):
            return EXIT_FAIL  # the terminal went away (SSH dropped): nothing to tell anyone
        path = _write_crash(sys.argv[1:] if argv is None else list(argv))
        print(
            _error_line(
                f"unexpected error: {type(exc).__name__}: {exc} "
                f"(details in {path}; please report it)"
            ),
            file=sys.stderr,
        )
        return EXIT_FAIL


if __name__ == "__main__":
    raise SystemExit(main())
