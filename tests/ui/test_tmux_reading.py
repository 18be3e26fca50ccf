"""Issue 20 in the real console under tmux: wrap, the entry in full, copy (OSC 52 reaching
tmux's buffer, and the 0600 file), and the confirmations before approving past a failing check
and before quitting at an open gate."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.ui.clipboard import CLIPBOARD_FILE
from tests.helpers.tmux import Tmux, tmux_available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]
SAMPLE = Path(__file__).resolve().parents[2] / "sample_sessions" / "missing-index.db"


@pytest.fixture
def tmux() -> Iterator[list[Tmux]]:
    made: list[Tmux] = []
    yield made
    for t in made:
        t.close()


def _log_rows(screen: str, width: int) -> list[str]:
    """The log panel's rows: the text between its frame's sides, right of the panels."""
    rows = []
    for line in screen.splitlines():
        if line.count("│") >= 2:
            inner = line[line.index("│") + 1 : line.rindex("│")]
            rows.append(inner.rstrip())
    return rows


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_wrap_detail_and_copy_in_tmux(
    tmux: list[Tmux], tmp_path: Path, size: tuple[int, int]
) -> None:
    if not SAMPLE.exists():
        pytest.fail(f"{SAMPLE} is missing: run 'make sample-sessions'")
    db = tmp_path / "missing-index.db"
    shutil.copyfile(SAMPLE, db)
    t = Tmux(*size, env={"OPSCONSOLE_CONFIG_DIR": str(tmp_path / "config")})
    tmux.append(t)
    t.start(["replay", str(db)])
    t.wait_for("REPLAY", timeout=20)
    t.set_option("set-clipboard", "on")
    t.keys("$")  # the end: the agent's long summary lines
    screen = t.wait_for(lambda s: any(r.endswith("…") for r in _log_rows(s, size[0])), 10)
    assert "SHUTDOWN" in screen or "SUMMARY" in screen

    t.keys("z")
    screen = t.wait_for("wrap", timeout=10)
    assert not any(r.endswith("…") for r in _log_rows(screen, size[0])), screen

    t.keys("E")  # the last error entry
    t.keys("Enter")
    screen = t.wait_for("Log entry", timeout=10)
    assert "message" in screen and "level" in screen and "FAILURE" in screen

    t.keys("c")  # copy the whole entry from the pane
    screen = t.wait_for(lambda s: "clipboard" in s and "copied" in s, timeout=10)
    clip = tmp_path / CLIPBOARD_FILE
    assert clip.exists() and stat.S_IMODE(clip.stat().st_mode) == 0o600
    copied = clip.read_text(encoding="utf-8")
    assert "FAILURE" in copied
    # OSC 52 went through the terminal: tmux holds the same text in its buffer.
    assert t.buffer() == copied

    t.keys("Escape")
    t.wait_for(lambda s: "Log entry" not in s, timeout=10)
    t.keys("q")
    t.wait_for("EXITED 0", timeout=20)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_approve_past_a_failing_check_and_quit_at_a_gate_ask_in_tmux(
    tmux: list[Tmux], tmp_path: Path, size: tuple[int, int]
) -> None:
    t = Tmux(*size, env={"OPSCONSOLE_CONFIG_DIR": str(tmp_path)})
    tmux.append(t)
    # 300x: ten real seconds to decide at each gate (the demo's gate timeout).
    t.start(
        ["demo", "--scenario", "pool-exhaustion", "--speed", "300", "--db", str(tmp_path / "s.db")]
    )
    t.wait_for("GATE gate-1-10", timeout=40)
    t.keys("a")  # every check of the first window passes: no question
    screen = t.wait_for("GATE gate-2-25", timeout=40)
    assert "✗" in screen  # connections jumped in the 25 % window
    t.keys("a")
    screen = t.wait_for("Approve although", timeout=10)
    assert "DB connections" in screen
    t.keys("Escape")
    t.wait_for("Approve cancelled", timeout=10)

    t.keys("q")
    screen = t.wait_for("Quit with a gate open?", timeout=10)
    assert "gate-2-25 is open" in screen
    t.keys("n")
    t.wait_for(lambda s: "Quit with a gate open?" not in s, timeout=10)
    assert "EXITED" not in t.screen()
    t.keys("q")
    t.wait_for("Quit with a gate open?", timeout=10)
    t.keys("y")
    t.wait_for("EXITED 0", timeout=20)
