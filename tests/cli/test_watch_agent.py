"""`watch --agent URL --token-file F` against the simulated agent over real HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.sim.handle import SimHandle
from tests.helpers.cli import closed_cleanly, one_line, opsconsole, query
from tests.helpers.net import free_port

TOKEN = "cli-test-token-5f2c"


@pytest.fixture
def sim() -> Iterator[SimHandle]:
    # The clock stands still at gates, so the console's decisions are what moves it on.
    with SimHandle.start("healthy", speed=2000, token=TOKEN, freeze_at_gates=True) as handle:
        yield handle


def token_file(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "token"
    path.write_text(value + "\n")
    path.chmod(0o600)
    return path


def test_watch_agent_auto_runs_the_rollout_to_success(tmp_path: Path, sim: SimHandle) -> None:
    db = tmp_path / "agent.db"
    r = opsconsole(
        tmp_path, "watch", "--agent", sim.url, "--token-file", str(token_file(tmp_path, TOKEN)),
        "--headless", "--auto", "--db", str(db),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    out = r.stdout.splitlines()
    assert [line.split()[2] for line in out if " stage " in line] == [
        "10%", "25%", "50%", "75%", "100%",
    ]  # fmt: skip
    assert len([line for line in out if " result  accepted approve" in line]) == 4
    assert out[-1].endswith("outcome succeeded")
    assert sim.wait(10) and sim.outcome == "succeeded"
    closed_cleanly(db)
    [(outcome, source)] = query(db, "SELECT outcome, source FROM sessions")
    assert (outcome, source) == ("succeeded", "watch")
    decided = query(db, "SELECT count(*) FROM events WHERE kind = 'gate_closed'")
    assert decided == [(4,)]
    assert TOKEN not in db.read_bytes().decode("latin-1")


def test_watch_agent_with_a_wrong_token_says_so(tmp_path: Path, sim: SimHandle) -> None:
    wrong = token_file(tmp_path, "bogus-7Qx9Lm")
    r = opsconsole(
        tmp_path, "watch", "--agent", sim.url, "--token-file", str(wrong),
        "--headless", "--db", str(tmp_path / "agent.db"),
    )  # fmt: skip
    assert r.returncode != 0
    line = one_line(r.stderr)
    assert line.startswith("opsconsole: ") and "refused the token (403)" in line
    assert "bogus-7Qx9Lm" not in r.stdout + r.stderr  # a token is never shown


def test_watch_agent_down_fails_fast_and_clearly(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    r = opsconsole(
        tmp_path, "watch", "--agent", url, "--token-file", str(token_file(tmp_path, TOKEN)),
        "--headless", "--db", str(tmp_path / "agent.db"),
    )  # fmt: skip
    assert time.monotonic() - started < 20  # bounded: it does not retry forever
    assert r.returncode != 0
    line = one_line(r.stderr)
    assert line.startswith("opsconsole: ") and "cannot reach the agent" in line and url in line
