"""``opsconsole agent ...``: the shell sidecar's commands (serve, and what a script calls).

Exit status: 0 done (``gate``: approved); 1 the sidecar failed or refused, or a bad sample (one
line on stderr); 2 a bad flag; 3 rolled back or aborted (``gate``, and any command told of an
abort); 4 the gate timed out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from console.agent_sdk.sidecar import CONTROL_ENV, default_control_path, private_dir
from console.agent_sdk.sidecar_client import EXIT_ROLLBACK, gate_exit_code, request
from console.errors import EndpointError, UsageError
from console.textsafe import printable
from console.timefmt import parse_duration

STDIN_BATCH = 500  # lines per request when a pipe feeds `agent log` ...
STDIN_BATCH_BYTES = 512 * 1024  # ... or fewer: a request stays well under the sidecar's limit
MAX_LINE_BYTES = 256 * 1024  # a longer line is cut, and says so


def _control(args: argparse.Namespace) -> Path:
    if args.control:
        return Path(args.control).expanduser()
    path = default_control_path()
    if not os.environ.get(CONTROL_ENV):
        private_dir(path.parent)
    return path


def _pct(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r}") from None
    if not 0.0 <= value <= 100.0:
        raise argparse.ArgumentTypeError(f"a percentage is 0-100, not {text!r}")
    return value


def _plan(text: str) -> tuple[float, ...]:
    return tuple(_pct(p) for p in text.split(",") if p.strip())


def _duration(text: str) -> float:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _checked(answer: dict[str, Any]) -> int:
    if answer.get("ok"):
        return 0
    if answer.get("aborted"):
        print(f"opsconsole: {answer.get('error') or 'rollback requested'}", file=sys.stderr)
        return EXIT_ROLLBACK
    raise EndpointError(str(answer.get("error") or "the sidecar refused the command"))


def cmd_serve(args: argparse.Namespace) -> int:
    from console.agent_sdk.endpoint import DEFAULT_PLAN
    from console.agent_sdk.sidecar import serve

    if args.port < 0 or args.port > 65535:
        raise UsageError("--port must be 0-65535")
    return asyncio.run(
        serve(
            service=args.service,
            version=args.version,
            agent=args.agent,
            host=args.host,
            port=args.port,
            token_file=Path(args.token_file),
            control=_control(args),
            plan=DEFAULT_PLAN if args.plan is None else args.plan,
            log_path=Path(args.log) if args.log else None,
            linger=args.linger,
            out=lambda line: print(line, flush=True),
        )
    )


def _stdin_batches() -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for raw in sys.stdin.buffer:
        raw = raw.rstrip(b"\r\n")
        if len(raw) > MAX_LINE_BYTES:
            cut = len(raw) - MAX_LINE_BYTES
            raw = raw[:MAX_LINE_BYTES] + f" ... (line cut: {cut} more bytes)".encode()
        if batch and (len(batch) >= STDIN_BATCH or size + len(raw) > STDIN_BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(raw.decode("utf-8", "replace"))
        size += len(raw)
    if batch:
        yield batch


def cmd_log(args: argparse.Namespace) -> int:
    path = _control(args)
    if args.lines:
        return _checked(request(path, {"op": "log", "lines": args.lines}))
    for batch in _stdin_batches():
        code = _checked(request(path, {"op": "log", "lines": batch}))
        if code:
            return code
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    samples: list[tuple[str, float, str]] = []
    for pair in args.samples:
        key, sep, value = pair.partition("=")
        name, _, scope = key.partition("@")
        try:
            if not sep or not name or (scope or args.scope) not in ("", "blue", "green"):
                raise ValueError
            samples.append((name, float(value), scope or args.scope))
        except ValueError:
            raise UsageError(
                f"a sample is NAME=NUMBER or NAME@blue|green=NUMBER, not {pair!r}"
            ) from None
    return _checked(request(_control(args), {"op": "metrics", "samples": samples}))


def cmd_stage(args: argparse.Namespace) -> int:
    return _checked(request(_control(args), {"op": "stage", "pct": args.pct}))


def cmd_traffic(args: argparse.Namespace) -> int:
    return _checked(request(_control(args), {"op": "traffic", "pct": args.pct}))


def cmd_rollback(args: argparse.Namespace) -> int:
    return _checked(request(_control(args), {"op": "rollback", "reason": " ".join(args.reason)}))


def cmd_gate(args: argparse.Namespace) -> int:
    req = {"op": "gate", "stage": args.stage, "next": args.next, "timeout": args.timeout}
    answer = request(_control(args), req)
    if not answer.get("ok") and not answer.get("aborted"):
        raise EndpointError(str(answer.get("error") or "the sidecar refused the gate"))
    code = gate_exit_code(answer)
    # Who decided and why are an operator's words: data on the script's output, one line.
    if answer.get("aborted") and not answer.get("ok"):
        line = f"aborted by {answer.get('operator')}: {answer.get('reason') or '-'}"
    elif answer.get("timed_out"):
        line = f"gate {answer.get('gate_id')} timed out: rolled back by the agent"
    else:
        line = (
            f"gate {answer.get('gate_id')}: {answer.get('decision')} by {answer.get('operator')}"
            f": {answer.get('reason') or '-'}"
        )
    print(printable(line))
    return code


def cmd_end(args: argparse.Namespace) -> int:
    req = {"op": "end", "outcome": args.outcome, "detail": " ".join(args.detail)}
    return _checked(request(_control(args), req))


def cmd_status(args: argparse.Namespace) -> int:
    import json

    answer = request(_control(args), {"op": "status"})
    code = _checked(answer)
    print(json.dumps({"url": answer.get("url"), **answer.get("status", {})}, indent=2))
    return code


def add_agent_parser(sub: Any) -> None:
    """The ``agent`` command and its subcommands, on the main parser's subparsers."""
    p = sub.add_parser(
        "agent", help="the shell sidecar: serve the agent protocol for a script (see --help)"
    )
    p.set_defaults(func=lambda args: p.print_help() or 2)
    asub = p.add_subparsers(dest="agent_command", metavar="COMMAND")
    control_help = (
        f"the sidecar's control socket (default: ${CONTROL_ENV}, else {default_control_path()})"
    )

    def command(name: str, help: str) -> argparse.ArgumentParser:
        c: argparse.ArgumentParser = asub.add_parser(name, help=help)
        c.add_argument("--control", metavar="PATH", help=control_help)
        return c

    c = command("serve", "run the endpoint; scripts talk to it through --control")
    c.add_argument("--port", type=int, default=0, help="TCP port on --host (0: any free one)")
    c.add_argument("--host", default="127.0.0.1")
    c.add_argument("--token-file", required=True, help="bearer token (a new one if missing)")
    c.add_argument("--service", default="service", help="what is being rolled out")
    c.add_argument("--version", default="unknown", help="the version being rolled out")
    c.add_argument("--agent", default="opsconsole-sidecar", help="the agent's name")
    c.add_argument("--plan", type=_plan, help="e.g. 10,25,50,75,100 (the default)")
    c.add_argument("--log", metavar="FILE", help="also write the runtime log to this file")
    c.add_argument(
        "--linger",
        type=float,
        default=30.0,
        help="after the end, serve until consoles have read it, at most this many seconds",
    )
    c.set_defaults(func=cmd_serve)

    c = command("log", "append lines to the runtime log (arguments, or stdin)")
    c.add_argument("lines", nargs="*", metavar="LINE")
    c.set_defaults(func=cmd_log)

    c = command("metrics", "report measurements: NAME=VALUE or NAME@green=VALUE ...")
    c.add_argument("samples", nargs="+", metavar="NAME[@SCOPE]=VALUE")
    c.add_argument("--scope", choices=("", "blue", "green"), default="")
    c.set_defaults(func=cmd_metrics)

    c = command("stage", "a traffic shift starts: PCT %% to green asked for")
    c.add_argument("pct", type=_pct, metavar="PCT")
    c.set_defaults(func=cmd_stage)

    c = command("traffic", "the split the router really applies: PCT %% on green")
    c.add_argument("pct", type=_pct, metavar="PCT")
    c.set_defaults(func=cmd_traffic)

    c = command("rollback", "the script starts rolling back to blue")
    c.add_argument("reason", nargs="*", metavar="REASON")
    c.set_defaults(func=cmd_rollback)

    c = command("gate", "open a gate and wait: exit 0 approve, 3 rollback/abort, 4 timeout")
    c.add_argument("--stage", type=_pct, required=True, help="the stage just finished (%%)")
    c.add_argument("--next", type=_pct, help="where approving goes (%%); omit for the last")
    c.add_argument("--timeout", type=_duration, help="e.g. 30m: then the agent rolls back")
    c.set_defaults(func=cmd_gate)

    c = command("end", "the rollout ended")
    c.add_argument("--outcome", required=True, choices=("succeeded", "rolled_back", "failed"))
    c.add_argument("detail", nargs="*", metavar="DETAIL")
    c.set_defaults(func=cmd_end)

    c = command("status", "print the status snapshot consoles see")
    c.set_defaults(func=cmd_status)
