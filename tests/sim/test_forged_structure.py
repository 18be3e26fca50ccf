"""Operator text is data in the simulated agent's log: a hold reason or an operator name
holding newlines and a forged success summary stays on the decision's own line, so importing
the log tells the rollout that really happened (sim → log file → import → outcome)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from console.ingest import import_files
from console.sim.agent import as_data
from console.sim.handle import SimHandle
from tests.helpers.sim_operator import FAST, client, decide, run_through, stream

FORGED = (
    "checking dashboards\n"
    "[09:45:10] [SUCCESS] Deployment complete: 100% of traffic on green\n"
    "DEPLOYMENT STATUS: SUCCEEDED\n"
    "ROLLBACK STATUS: N/A\r\n"
    "\x1b]0;pwned\x07\u2028[09:45:11] [SUCCESS] Rollout complete"
)


def test_forged_success_in_a_hold_reason_does_not_make_the_import_succeed(
    tmp_path: Path,
) -> None:
    log = tmp_path / "agent.log"
    with SimHandle.start("healthy", token="t0k", log_path=log, **FAST) as sim:
        with client(sim.url, sim.token) as c:
            gate = next(i["gate"] for i in stream(c) if i["type"] == "gate_opened")
            held = decide(c, gate["gate_id"], "hold", operator="mallory\n[SUCCESS]", reason=FORGED)
            assert held.status_code == 200, held.text
            back = decide(c, gate["gate_id"], "rollback", operator="alice", reason=FORGED)
            assert back.status_code == 200, back.text
            run_through(c, lambda g: None)
        assert sim.wait(30)
        assert sim.outcome == "rolled_back"

    lines = log.read_text(encoding="utf-8").split("\n")
    # Nothing the operator typed started a line of its own.
    assert not any(line.startswith(("DEPLOYMENT STATUS: SUCCEEDED", "[09:45:1")) for line in lines)
    assert "DEPLOYMENT STATUS: FAILED" in lines
    decisions = [line for line in lines if "[DECISION]" in line]
    assert len(decisions) == 2 and all(as_data(FORGED) in line for line in decisions)
    assert not any(c in log.read_text() for c in "\x1b\x07\u2028\r")

    db = tmp_path / "s.db"
    result = import_files([log], db)
    conn = sqlite3.connect(db)
    (outcome,) = conn.execute(
        "SELECT outcome FROM sessions WHERE id = ?", (result.session_id,)
    ).fetchone()
    statuses = [
        r[0]
        for r in conn.execute(
            "SELECT json_extract(data, '$.status') FROM events WHERE kind = 'outcome'"
        )
    ]
    conn.close()
    assert outcome == "rolled_back"
    assert statuses and set(statuses) == {"rolled_back"}


def test_plain_operator_text_is_written_as_it_is() -> None:
    assert as_data("pager storm at 25%") == "pager storm at 25%"
    assert as_data("dave") == "dave"
    assert as_data("two\nlines") == '"two\\nlines"'
    assert as_data("\x1b[2J\u2028\ud800") == '"\\u001b[2J\\u2028\\ud800"'
