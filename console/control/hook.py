"""Gate decisions as shell commands, for agents that don't speak the control protocol.

The config file names one command per decision (``on_approve``, ``on_hold``, ``on_rollback``).
The command runs with the gate's details in its environment; exit status 0 means the decision
was accepted, anything else refused (with the last line of its stderr as the reason).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Mapping
from typing import Any

from console.control.decisions import VERBS, DecisionOutcome

NOT_FOUND = 127  # the shell's "command not found"
CANNOT_EXECUTE = 126


def _pct(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return str(value)


class HookDecider:
    via = "hook"

    def __init__(
        self,
        commands: Mapping[str, str],
        *,
        timeout: float = 30.0,
        env: Mapping[str, str] | None = None,
    ) -> None:
        # Accept both "on_approve" (the config key) and "approve".
        self.commands: dict[str, str] = {}
        for key, command in commands.items():
            verb = key.removeprefix("on_")
            if verb in VERBS and command and command.strip():
                self.commands[verb] = command
        self.timeout = timeout
        self._env = dict(os.environ if env is None else env)

    def __repr__(self) -> str:
        return f"HookDecider(verbs={sorted(self.commands)!r})"

    def unsupported(self, decision: str) -> str | None:
        if decision not in VERBS:
            return f"unknown decision {decision!r}"
        if decision not in self.commands:
            return f"no on_{decision} hook in the config file"
        return None

    def environment(
        self,
        decision: str,
        gate_id: str | None,
        operator: str,
        reason: str,
        idempotency_key: str = "",
        gate: Mapping[str, Any] | None = None,
    ) -> dict[str, str]:
        """The variables the hook receives (besides the console's own environment)."""
        gate = gate or {}
        return {
            "OPSCONSOLE_GATE_ID": gate_id or "",
            "OPSCONSOLE_DECISION": decision,
            "OPSCONSOLE_OPERATOR": operator,
            "OPSCONSOLE_REASON": reason,
            "OPSCONSOLE_STAGE_PCT": _pct(gate.get("stage_pct")),
            "OPSCONSOLE_NEXT_PCT": _pct(gate.get("next_pct")),
            "OPSCONSOLE_DECISION_ID": idempotency_key,
        }

    def describe(self, decision: str, gate_id: str | None, operator: str, reason: str) -> str:
        command = self.commands.get(decision)
        if command is None:
            return self.unsupported(decision) or ""
        env = self.environment(decision, gate_id, operator, reason)
        shown = " ".join(
            f"{k}={v!r}" for k, v in env.items() if v and k != "OPSCONSOLE_DECISION_ID"
        )
        return f"run: {command}\nwith: {shown}"

    async def decide(
        self,
        gate_id: str,
        decision: str,
        operator: str,
        reason: str,
        idempotency_key: str,
        *,
        gate: Mapping[str, Any] | None = None,
    ) -> DecisionOutcome:
        why = self.unsupported(decision)
        if why:
            return DecisionOutcome("refused", why)
        env = self.environment(decision, gate_id, operator, reason, idempotency_key, gate)
        return await self._run(self.commands[decision], env)

    async def abort(self, operator: str, reason: str, idempotency_key: str) -> DecisionOutcome:
        why = self.unsupported("rollback")
        if why:
            return DecisionOutcome("refused", why)
        env = self.environment("rollback", None, operator, reason, idempotency_key)
        return await self._run(self.commands["rollback"], env)

    async def _run(self, command: str, extra: Mapping[str, str]) -> DecisionOutcome:
        try:
            proc = await asyncio.create_subprocess_shell(
                command,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
                env={**self._env, **extra},
                start_new_session=True,  # so a timeout can kill the whole command group
            )
        except OSError as exc:
            return DecisionOutcome("failed", f"cannot run hook {command!r}: {exc.strerror}")
        try:
            _, err = await asyncio.wait_for(proc.communicate(), self.timeout)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
            return DecisionOutcome(
                "failed", f"hook {command!r} did not finish within {self.timeout:g} s (killed)"
            )
        last = _last_line(err)
        code = proc.returncode
        if code == 0:
            return DecisionOutcome("accepted", f"hook {command!r} exited 0")
        if code in (NOT_FOUND, CANNOT_EXECUTE):
            what = "not found" if code == NOT_FOUND else "not executable"
            return DecisionOutcome(
                "failed", f"hook command {what}: {command!r}" + (f" ({last})" if last else "")
            )
        if code is not None and code < 0:
            return DecisionOutcome("failed", f"hook {command!r} killed by signal {-code}")
        return DecisionOutcome(
            "refused", f"{last} (exit {code})" if last else f"hook {command!r} exited {code}"
        )


def _last_line(data: bytes | None) -> str:
    if not data:
        return ""
    for line in reversed(data.decode("utf-8", "replace").splitlines()):
        if line.strip():
            return line.strip()[:300]
    return ""
