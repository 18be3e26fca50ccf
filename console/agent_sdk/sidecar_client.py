"""The script's side of the sidecar: one request on the control socket, bounded waits."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

from console.agent_sdk.sidecar import KEEPALIVE_S
from console.errors import EndpointError

CONNECT_WAIT_S = 10.0  # a sidecar started a moment ago may not be listening yet
READ_TIMEOUT_S = 10.0  # longer than any answer but a gate's; a gate sends keepalives
EXIT_APPROVED, EXIT_FAILED, EXIT_ROLLBACK, EXIT_TIMEOUT = 0, 1, 3, 4


def _connect(path: Path, wait: float) -> socket.socket:
    deadline = time.monotonic() + wait
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.settimeout(READ_TIMEOUT_S)
            s.connect(str(path))
            return s
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            s.close()
            if time.monotonic() >= deadline:
                raise EndpointError(
                    f"no sidecar at {path} ({exc.strerror})",
                    "start 'opsconsole agent serve --control PATH' first, or pass its --control",
                ) from None
            time.sleep(0.1)
        except OSError as exc:
            s.close()
            raise EndpointError(f"cannot reach the sidecar at {path}: {exc.strerror}") from None


def request(path: Path, req: dict[str, Any], *, wait: float = CONNECT_WAIT_S) -> dict[str, Any]:
    """Send ``req``; the answer. Keepalive lines are skipped; silence for three keepalive
    intervals (or ``READ_TIMEOUT_S``) or a closed socket is an EndpointError, never a hang."""
    s = _connect(path, wait)
    try:
        s.sendall(json.dumps(req).encode() + b"\n")
        s.settimeout(max(READ_TIMEOUT_S, 3 * KEEPALIVE_S))
        f = s.makefile("rb")
        while True:
            try:
                line = f.readline()
            except TimeoutError:
                raise EndpointError(
                    f"the sidecar at {path} stopped answering", "is 'opsconsole agent serve' alive?"
                ) from None
            except OSError as exc:
                raise EndpointError(f"lost the sidecar at {path}: {exc.strerror}") from None
            if not line:
                raise EndpointError(
                    f"the sidecar at {path} went away before answering",
                    "see the output of 'opsconsole agent serve'",
                )
            answer = json.loads(line)
            if isinstance(answer, dict) and answer.get("keepalive"):
                continue
            if not isinstance(answer, dict):
                raise EndpointError(f"the sidecar at {path} answered nonsense")
            return answer
    finally:
        s.close()


def gate_exit_code(answer: dict[str, Any]) -> int:
    """0 approve, 3 rollback or abort, 4 timeout."""
    if answer.get("aborted") and not answer.get("ok"):
        return EXIT_ROLLBACK
    if answer.get("timed_out"):
        return EXIT_TIMEOUT
    return EXIT_APPROVED if answer.get("decision") == "approve" else EXIT_ROLLBACK
