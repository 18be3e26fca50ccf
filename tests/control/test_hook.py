"""HookDecider with real shell commands."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from console import events as ev
from console.control.decisions import DecisionDesk, DecisionOutcome
from console.control.hook import HookDecider
from console.pipeline import Pipeline
from console.store.recorder import Recorder

T0 = 1_700_000_000.0


def open_gate(p: Pipeline) -> None:
    p.feed(ev.SessionInfo(ts=T0, source="log", service="checkout"))
    p.feed(ev.GateOpened(ts=T0 + 300, source="log", gate_id="g-25", stage_pct=25, next_pct=50))


async def test_exit_zero_is_accepted_with_the_gate_in_the_environment(tmp_path: Path):
    out = tmp_path / "env.txt"
    # the console's own environment without any OPSCONSOLE_ setting of the caller's (a
    # developer's OPSCONSOLE_PURE_PYTHON), so what the hook adds is all that is compared
    own = {k: v for k, v in os.environ.items() if not k.startswith("OPSCONSOLE_")}
    hook = HookDecider({"on_approve": f"env | grep ^OPSCONSOLE_ | sort > {out}"}, env=own)
    p = Pipeline()
    open_gate(p)
    desk = DecisionDesk(p, hook, operator="alice")
    outcome = await desk.decide("g-25", "approve", "looks good")
    assert outcome.result == "accepted"
    env = dict(line.split("=", 1) for line in out.read_text().splitlines())
    assert env == {
        "OPSCONSOLE_DECISION": "approve",
        "OPSCONSOLE_DECISION_ID": p.state.decisions[-1]["decision_id"],
        "OPSCONSOLE_GATE_ID": "g-25",
        "OPSCONSOLE_NEXT_PCT": "50",
        "OPSCONSOLE_OPERATOR": "alice",
        "OPSCONSOLE_REASON": "looks good",
        "OPSCONSOLE_STAGE_PCT": "25",
    }
    assert p.state.decisions[-1]["via"] == "hook"


async def test_non_zero_is_refused_with_the_last_stderr_line():
    hook = HookDecider({"on_rollback": "echo noise >&2; echo 'rollout is locked' >&2; exit 3"})
    outcome = await hook.decide("g-25", "rollback", "alice", "", "k1")
    assert outcome == DecisionOutcome("refused", "rollout is locked (exit 3)")
    quiet = await HookDecider({"on_hold": "exit 4"}).decide("g", "hold", "a", "", "k")
    assert quiet == DecisionOutcome("refused", "hook 'exit 4' exited 4")


async def test_a_missing_command_fails():
    hook = HookDecider({"on_approve": "opsconsole-no-such-command-xyz --promote"})
    outcome = await hook.decide("g-25", "approve", "alice", "", "k1")
    assert outcome.result == "failed"
    assert outcome.detail.startswith(
        "hook command not found: 'opsconsole-no-such-command-xyz --promote'"
    )


async def test_a_hung_command_is_killed():
    hook = HookDecider({"on_approve": "sleep 30"}, timeout=0.2)
    outcome = await hook.decide("g", "approve", "alice", "", "k")
    assert outcome == DecisionOutcome(
        "failed", "hook 'sleep 30' did not finish within 0.2 s (killed)"
    )


async def test_a_verb_without_a_hook_is_disabled_and_refused():
    p = Pipeline()
    open_gate(p)
    desk = DecisionDesk(p, HookDecider({"on_approve": "true"}), operator="alice")
    avail = desk.availability()
    assert avail["approve"].enabled
    assert avail["hold"] == (False, "no on_hold hook in the config file")
    assert avail["rollback"] == (False, "no on_rollback hook in the config file")
    assert await desk.decide("g-25", "rollback", "") == DecisionOutcome(
        "refused", "no on_rollback hook in the config file"
    )
    assert p.state.decisions == []  # nothing was attempted, so nothing to audit


async def test_abort_runs_the_rollback_hook_without_a_gate(tmp_path: Path):
    out = tmp_path / "gate.txt"
    hook = HookDecider({"on_rollback": f'printf "[%s]" "$OPSCONSOLE_GATE_ID" > {out}'})
    assert (await hook.abort("alice", "now", "k")).result == "accepted"
    assert out.read_text() == "[]"
    assert hook.describe("rollback", None, "alice", "now").startswith("run: printf")


async def test_the_decision_is_in_the_store_when_the_hook_runs(tmp_path: Path):
    db = tmp_path / "s.db"
    script = tmp_path / "check.py"
    script.write_text(
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "key = os.environ['OPSCONSOLE_DECISION_ID']\n"
        "rows = conn.execute(\"SELECT data FROM events WHERE kind = 'decision'\").fetchall()\n"
        "sys.exit(0 if sum(key in data for (data,) in rows) == 1 else 9)\n"
    )
    hook = HookDecider({"on_approve": f"{sys.executable} {script} {db}"})
    p = Pipeline(Recorder(db, flush_interval=5.0))  # only the durable write can put it there
    open_gate(p)
    outcome = await DecisionDesk(p, hook, operator="alice").decide("g-25", "approve", "")
    assert outcome.result == "accepted", outcome.detail
    p.close()
    with sqlite3.connect(db) as conn:
        kinds = [
            k
            for (k,) in conn.execute(
                "SELECT kind FROM events WHERE kind LIKE 'decision%' ORDER BY seq"
            )
        ]
    assert kinds == ["decision", "decision_result"]


async def test_a_decision_sits_after_the_gate_it_answers_on_a_fast_clock():
    import time

    ahead = time.time() + 86_400  # a simulated agent whose clock runs ahead of ours
    p = Pipeline()
    p.feed(ev.GateOpened(ts=ahead, source="agent", gate_id="g", stage_pct=10, next_pct=25))
    outcome = await DecisionDesk(p, HookDecider({"on_approve": "true"}), operator="a").decide(
        "g", "approve", ""
    )
    assert outcome.result == "accepted"
    assert p.state.decisions[-1]["at"] >= ahead
