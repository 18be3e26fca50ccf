"""The real console in tmux (send-keys, capture-pane): the demo, a gate decision and replay,
under the terminals an on-call engineer actually has."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.tmux import Tmux, tmux_available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]


@pytest.fixture
def tmux() -> Iterator[list[Tmux]]:
    made: list[Tmux] = []
    yield made
    for t in made:
        t.close()


@pytest.mark.parametrize(
    ("term", "size", "env"),
    [
        ("xterm-256color", (120, 40), {}),
        ("screen-256color", (80, 24), {}),
        ("linux", (80, 24), {}),
        ("xterm-256color", (100, 30), {"NO_COLOR": "1"}),
    ],
)
def test_demo_gate_decision_in_tmux(
    tmux: list[Tmux], tmp_path: Path, term: str, size: tuple[int, int], env: dict[str, str]
) -> None:
    t = Tmux(*size, term=term, env={**env, "OPSCONSOLE_CONFIG_DIR": str(tmp_path)})
    tmux.append(t)
    t.start(["demo", "--scenario", "healthy", "--speed", "300", "--db", str(tmp_path / "s.db")])
    screen = t.wait_for("GATE", timeout=40)
    assert "recommendation-service" in screen
    assert "Approve" in screen and "Rollback" in screen
    t.keys("a")  # approve the first gate: the rollout moves on to 25 %
    t.wait_for(lambda s: "25%" in s and "▶25%" in s, timeout=30)
    t.quit()  # the next gate may be open by now: then it asks first


def test_rollback_confirmation_in_tmux(tmux: list[Tmux], tmp_path: Path) -> None:
    t = Tmux(120, 40, env={"OPSCONSOLE_CONFIG_DIR": str(tmp_path)})
    tmux.append(t)
    t.start(["demo", "--scenario", "healthy", "--speed", "300", "--db", str(tmp_path / "s.db")])
    t.wait_for("GATE", timeout=40)
    t.keys("r")
    screen = t.wait_for("This will be sent", timeout=10)
    assert "POST" in screen and "rollback" in screen
    t.keys("Enter")  # no reason yet: refused
    t.wait_for("A reason is required", timeout=10)
    t.keys("-l", "bad canary")
    t.keys("Enter")
    t.wait_for(lambda s: "ROLLED BACK" in s or "rolled back" in s, timeout=40)
    # the gate closes when the agent's answer is folded in, a moment after the words: a q
    # before that asks, rightly, whether to quit with a gate open (seen on a loaded machine)
    t.wait_for("no gate open", timeout=20)
    t.keys("q")
    t.wait_for("EXITED 0", timeout=20)


def test_replay_in_tmux(tmux: list[Tmux], tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "sample_sessions" / "missing-index.db"
    if not sample.exists():
        pytest.fail("sample_sessions/missing-index.db is missing: run 'make sample-sessions'")
    t = Tmux(120, 40, env={"OPSCONSOLE_CONFIG_DIR": str(tmp_path)})
    tmux.append(t)
    t.start(["replay", str(sample)])
    t.wait_for("REPLAY", timeout=20)
    t.keys("$")  # the end of the session
    screen = t.wait_for("ROLLED BACK", timeout=10)
    assert "READ-ONLY" in screen
    t.keys("0")  # back to the start
    t.keys("]")  # next marker
    t.wait_for(lambda s: "stage" in s.lower(), timeout=10)
    t.keys("q")
    t.wait_for("EXITED 0", timeout=20)
