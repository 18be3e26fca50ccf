"""Sessions mean what they say: a watch that never connected is failed and says why,
``--latest`` is the most recently recorded or imported, a finished import is ended."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from console.sim.handle import SimHandle

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_LOGS = ROOT / "tests" / "fixtures" / "logs"


# The command as a user runs it, with its own config and data directories under tmp_path.
# (Kept here rather than imported: the shared CLI helpers are moving to tests/helpers.)
def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSCONSOLE_")}
    env.update(
        PYTHONPATH=str(ROOT),
        NO_COLOR="1",
        OPSCONSOLE_CONFIG_DIR=str(home / "config"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_STATE_HOME=str(home / "xdg-state"),
        XDG_DATA_HOME=str(home / "xdg-data"),
    )
    return env


def opsconsole(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console", *args],
        cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=_env(home),
        timeout=60,
    )  # fmt: skip


class Background:
    """The command left running until ``stop()`` sends it SIGTERM."""

    def __init__(self, home: Path, args: list[str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "console", *args],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=_env(home),
        )  # fmt: skip

    def wait_for(self, what: str, pred: Callable[[], object], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"ended before {what}: {self.proc.communicate()[1]}")
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate(timeout=10)
            raise AssertionError("did not stop within 30 s of SIGTERM") from None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rows(db: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, outcome, meta FROM sessions ORDER BY created_at").fetchall()


def test_a_watch_that_never_reached_its_agent_is_failed_and_says_why(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    token = tmp_path / "token"
    token.write_text("t0ken-never-shown\n")
    token.chmod(0o600)
    url = f"http://127.0.0.1:{free_port()}"
    r = opsconsole(
        tmp_path, "watch", "--agent", url, "--token-file", str(token), "--headless",
        "--db", str(db),
    )  # fmt: skip
    assert r.returncode != 0
    [(sid, outcome, meta)] = _rows(db)
    assert outcome == "failed"
    assert "cannot reach the agent" in json.loads(meta or "{}")["failed"]
    listed = opsconsole(tmp_path, "sessions", "--db", str(db)).stdout
    assert "failed: never connected: cannot reach the agent" in listed
    report = json.loads(
        opsconsole(tmp_path, "export", sid, "--db", str(db), "--format", "json").stdout
    )
    assert report["outcome"] == "failed"
    assert "never connected" in report["outcome_detail"]


def test_a_watch_with_a_refused_token_is_failed_and_says_why(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    wrong = tmp_path / "token"
    wrong.write_text("not-the-token-9Zq\n")
    wrong.chmod(0o600)
    with SimHandle.start("healthy", speed=2000, token="the-real-token-4Kp") as sim:
        r = opsconsole(
            tmp_path, "watch", "--agent", sim.url, "--token-file", str(wrong), "--headless",
            "--db", str(db),
        )  # fmt: skip
    assert r.returncode != 0
    [(_sid, outcome, meta)] = _rows(db)
    assert outcome == "failed"
    why = json.loads(meta or "{}")["failed"]
    assert why.startswith("never connected: ") and "403" in why
    assert "not-the-token-9Zq" not in why + r.stdout + r.stderr


def test_an_empty_log_watched_and_stopped_is_not_a_failure(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    log = tmp_path / "quiet.log"
    log.write_text("")
    run = Background(tmp_path, ["watch", "--log", str(log), "--headless", "--db", str(db)])
    try:
        run.wait_for("the recording", lambda: _recorded(db))
    finally:
        run.stop()
    [(_sid, outcome, _meta)] = _rows(db)
    assert outcome != "failed"


def test_a_watch_of_a_missing_file_stopped_is_failed(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    missing = tmp_path / "not-there.log"
    run = Background(tmp_path, ["watch", "--log", str(missing), "--headless", "--db", str(db)])
    try:
        # Stopped once the source has said the file is missing ("waiting for ... to
        # appear"): a stop before that (a slow machine) is a watch that had nothing to say.
        run.wait_for("the source's complaint", lambda: _source_complaints(db))
    finally:
        run.stop()
    [(_sid, outcome, meta)] = _rows(db)
    assert outcome == "failed"
    assert "not-there.log" in json.loads(meta or "{}")["failed"]


def test_a_watch_that_read_its_log_is_not_marked_failed(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    log = tmp_path / "app.log"
    log.write_text((FIXTURE_LOGS / "rollout_success.log").read_text())
    run = Background(tmp_path, ["watch", "--log", str(log), "--headless", "--db", str(db)])
    try:
        run.wait_for("the log's outcome", lambda: db.exists() and _outcome_events(db))
    finally:
        run.stop()
    [(_sid, outcome, _meta)] = _rows(db)
    assert outcome == "succeeded"


def _outcome_events(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            query = "SELECT count(*) FROM events WHERE kind = 'outcome'"
            return int(conn.execute(query).fetchone()[0])
    except sqlite3.OperationalError:  # the store is being created
        return 0


def _source_complaints(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            query = "SELECT data FROM events WHERE kind = 'source_status'"
            return sum(json.loads(d).get("status") != "ok" for (d,) in conn.execute(query))
    except sqlite3.OperationalError:  # the store is being created
        return 0


def _recorded(db: Path) -> bool:
    try:
        return db.exists() and bool(_rows(db))
    except sqlite3.OperationalError:
        return False


def test_latest_is_the_last_imported_not_the_latest_agent_start(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = opsconsole(
        tmp_path, "import", str(FIXTURE_LOGS / "rollout_success.log"), "--db", str(db)
    )
    old = opsconsole(
        tmp_path, "import", str(FIXTURE_LOGS / "rollout_rollback_at_50.log"), "--db", str(db)
    )
    assert first.returncode == 0 and old.returncode == 0
    imported_last = old.stdout.strip()
    report = json.loads(
        opsconsole(tmp_path, "export", "--latest", "--db", str(db), "--format", "json").stdout
    )
    # The 2024 log was imported after the 2025 one: it is the latest.
    assert report["session"]["id"] == imported_last
    assert report["session"]["started_at"].startswith("2024-06-12")
    listed = opsconsole(tmp_path, "sessions", "--db", str(db)).stdout.splitlines()
    assert listed[1].startswith(imported_last) and "just now" in listed[1]
    # Written to a file, the Markdown has its charts beside it, and says so.
    out = tmp_path / "pm.md"
    wrote = opsconsole(tmp_path, "export", "--latest", "--db", str(db), "-o", str(out))
    assert wrote.returncode == 0, wrote.stderr
    assert wrote.stderr.strip() == (
        f"wrote {out} and its charts pm-latency.svg, pm-errors.svg, pm-traffic.svg"
    )
    assert "Stages: ✓10% ✓25% ✗50%" in out.read_text()
    assert (tmp_path / "pm-traffic.svg").stat().st_mode & 0o777 == 0o600


def test_an_import_read_to_its_end_is_ended_or_its_outcome(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cut = tmp_path / "cut.log"
    # The log stops mid-rollout: read to the end, it has no outcome of its own.
    lines = (FIXTURE_LOGS / "rollout_rollback_at_50.log").read_text().splitlines()
    cut.write_text("\n".join(lines[:40]) + "\n")
    sid = opsconsole(tmp_path, "import", str(cut), "--db", str(db)).stdout.strip()
    full = opsconsole(
        tmp_path, "import", str(FIXTURE_LOGS / "rollout_rollback_at_50.log"), "--db", str(db)
    ).stdout.strip()
    outcomes = {s: o for s, o, _m in _rows(db)}
    assert outcomes == {sid: "ended", full: "rolled_back"}
    report = json.loads(
        opsconsole(tmp_path, "export", sid, "--db", str(db), "--format", "json").stdout
    )
    assert report["outcome"] == "ended"
    assert report["session"]["ended_at"] is not None
