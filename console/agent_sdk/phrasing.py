"""The runtime-log lines the SDK writes for the agent, in the phrasing the console's parser reads.

Stages, traffic, rollbacks and the outcome reach the console through the log (as they do from
a log file), so these lines are the protocol's content, not decoration. Text that did not come
from the agent's author (an operator's name) is reduced to a safe token before it goes into a
line: operator text is data in the gate items, never a log line or a fact of its own.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence

from console.timefmt import clock

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._@+-]")
NAME_MAX = 64


def pct(value: float) -> str:
    return f"{value:g}%"


def entry(level: str, message: str, ts: float | None = None) -> str:
    return f"[{clock(time.time() if ts is None else ts)}] [{level}] {message}"


def one_line(text: str) -> list[str]:
    """The agent's own text as physical lines (a log item is one line of the log file)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def safe_name(name: str) -> str:
    """An operator name fit to appear inside a log line: no spaces, %, arrows or controls."""
    flat = _UNSAFE_NAME.sub("?", name.strip())[:NAME_MAX]
    return flat or "?"


# Operator text (a name, a reason) written bare when it is one plain line; anything else is
# written as a JSON string, so it stays one line of data whatever it holds.
_PLAIN = re.compile(r"[\w .,:;!?'()@/+#%=~-]{1,200}")


def as_data(text: str) -> str:
    """Operator text as it goes into a log line: never a new line, never a control
    character. A newline, a bracket, a quote or a control makes it a quoted JSON string
    (controls, separators and lone surrogates as \\u escapes), so a reason holding
    ``\\n[SUCCESS] ... DEPLOYMENT STATUS: SUCCEEDED`` is data on the decision's own line."""
    if _PLAIN.fullmatch(text) is not None and text == text.strip():
        return text
    dumped = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in dumped)


def flat(text: str) -> str:
    """Agent text meant for one line (an outcome's detail): line breaks become spaces."""
    parts = one_line(text)
    if len(parts) == 1:
        return parts[0]  # a detail line keeps its indentation
    return " ".join(part.strip() for part in parts if part.strip())


def header(
    session_id: str, task: str, agent: str, started: float, attempt: str | None
) -> list[str]:
    lines = [
        "Agent Runtime Log - Production Microservice Deployment",
        "=" * 80,
        f"Session ID: {session_id}",
        f'Task: "{flat(task)}"',
        f"Agent: {flat(agent)}",
        f"Start Time: {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(started))} UTC",
    ]
    if attempt:
        lines.append(f"Attempt: {flat(attempt)}")
    return [*lines, ""]


def plan_line(plan: Sequence[float]) -> str:
    return "Traffic plan: " + " → ".join(pct(p) for p in plan)


def guardrail_lines(
    p99_ms: float | None, error_pct: float | None, avg_ms: float | None
) -> list[str]:
    out = ["Rollout guardrails:"]
    if p99_ms is not None:
        out.append(f"  - P99 latency SLO: {p99_ms:g}ms")
    if error_pct is not None:
        out.append(f"  - Error rate SLO: {error_pct:g}%")
    if avg_ms is not None:
        out.append(f"  - Average latency threshold: {avg_ms:g}ms")
    return out


def traffic_lines(green: float) -> list[str]:
    return [f"Traffic at {pct(green)}:", f"  - Blue: {pct(100 - green)}, Green: {pct(green)}"]


def gate_lines(gate_id: str, stage_pct: float, next_pct: float | None, action: str) -> list[str]:
    if action:
        head = f"Awaiting operator approval: {flat(action)}"
    elif next_pct is None:
        head = f"Stage {pct(stage_pct)} complete; awaiting operator decision to finish"
    else:
        head = (
            f"Stage {pct(stage_pct)} complete; awaiting operator decision to go to {pct(next_pct)}"
        )
    return [head, f"  - Gate: {gate_id}"]


def decision_line(gate_id: str, decision: str, operator: str) -> str:
    verb = {"approve": "approved", "rollback": "rollback requested", "hold": "held"}[decision]
    return f"Gate {gate_id} {verb} by {safe_name(operator)}"


def outcome_lines(outcome: str, green: float, detail: str) -> Iterable[tuple[str | None, str]]:
    """(level or None for a plain summary line, text) for ``end(outcome)``."""
    if outcome == "succeeded":
        yield "SUCCESS", f"Deployment complete: {pct(green)} of traffic on green"
        yield None, ""
        yield None, "DEPLOYMENT STATUS: SUCCEEDED"
    else:
        yield "FAILURE", "Deployment failed" if outcome == "failed" else "Deployment rolled back"
        yield None, ""
        if detail:
            yield None, f"PRIMARY ISSUE: {flat(detail)}"
        yield None, "DEPLOYMENT STATUS: FAILED"
        if outcome == "rolled_back":
            yield None, "ROLLBACK STATUS: SUCCESSFUL"
    yield None, ""
    yield "SHUTDOWN", "Agent session terminated"
