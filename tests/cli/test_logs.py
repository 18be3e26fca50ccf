"""`import FILE`, `watch --log FILE` (tail -F, stopped by SIGTERM) and `watch --log -` (a pipe)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers.cli import FIXTURE_LOGS, closed_cleanly, one_line, opsconsole, query

LOGS = sorted(FIXTURE_LOGS.glob("*.log"))
ENTRY = re.compile(r"^\[\d\d:\d\d:\d\d\] \[\w+\] (.*)$")
# A service's text line (docs/log-formats.md section 3): the message after time and level.
TEXT_ENTRY = re.compile(r"^\d{4}-\d\d-\d\dT\S+ [A-Z]+ (.*)$")


def line_content(line: str) -> str:
    """What of a physical line the store keeps as text: an entry's message, a JSON log line's
    message, a timestamped text line's message, anything else as written."""
    m = ENTRY.match(line) or TEXT_ENTRY.match(line)
    if m:
        return m.group(1).strip()
    try:
        obj = json.loads(line)
    except ValueError:
        return line.strip()
    return str(obj["message"]) if isinstance(obj, dict) and "message" in obj else line.strip()


def assert_every_line_recorded(db: Path, session_id: str, log: Path) -> None:
    texts = "\n".join(
        t or ""
        for (t,) in query(
            db,
            "SELECT text FROM events "
            "WHERE session_key = (SELECT key FROM sessions WHERE id = ?) AND kind = 'log'",
            [session_id],
        )
    )
    missing = [
        line
        for line in log.read_text(encoding="utf-8").splitlines()
        if line.strip() and line_content(line) not in texts
    ]
    assert not missing, missing[:5]


@pytest.mark.parametrize("log", LOGS, ids=[p.name for p in LOGS])
def test_import_prints_the_session_id_and_the_counts(tmp_path: Path, log: Path) -> None:
    db = tmp_path / "import.db"
    r = opsconsole(tmp_path, "import", str(log), "--db", str(db))
    assert r.returncode == 0, r.stderr
    sid = one_line(r.stdout)
    assert query(db, "SELECT id FROM sessions") == [(sid,)]
    m = re.match(r"(\d+) lines read, (\d+) not interpreted", one_line(r.stderr))
    assert m, r.stderr
    lines = len(log.read_text(encoding="utf-8").splitlines())
    assert int(m.group(1)) == lines
    assert 0 <= int(m.group(2)) <= lines
    assert_every_line_recorded(db, sid, log)


def test_import_of_a_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "import.db"
    r = opsconsole(tmp_path, "import", str(tmp_path / "missing.log"), "--db", str(db))
    assert r.returncode == 1
    line = one_line(r.stderr)
    assert line.startswith("opsconsole: ") and "missing.log" in line
    assert "unexpected error" not in line
    assert r.stdout == ""


def test_watch_log_file_headless_is_saved_on_sigterm(tmp_path: Path, background) -> None:
    log = FIXTURE_LOGS / "rollout_success.log"
    db = tmp_path / "watch.db"
    bg = background("watch", "--log", str(log), "--headless", "--db", str(db), "--name", "tail")
    # The last entry of the file is in the store: the whole file has been read.
    bg.wait_for(
        "the whole file in the store",
        lambda: query(db, "SELECT 1 FROM events WHERE text = 'Agent session terminated'"),
    )
    assert bg.running  # tail -F: a file that stops growing does not end the watch
    code = bg.stop()
    assert code == 0, bg.stderr  # the log says the rollout succeeded
    assert "Traceback" not in bg.stderr
    closed_cleanly(db)
    [(sid, name, outcome)] = query(db, "SELECT id, name, outcome FROM sessions")
    assert (name, outcome) == ("tail", "succeeded")
    assert_every_line_recorded(db, sid, log)
    stages = [line.split()[2] for line in bg.stdout.splitlines() if " stage " in line]
    assert stages == ["10%", "25%", "50%", "75%", "100%"]


def test_watch_log_stdin_ends_with_the_pipe(tmp_path: Path) -> None:
    log = FIXTURE_LOGS / "rollout_missing_index.log"
    db = tmp_path / "pipe.db"
    r = opsconsole(
        tmp_path, "watch", "--log", "-", "--headless", "--db", str(db), input=log.read_bytes()
    )
    assert r.returncode == 3, r.stderr  # the log's rollout was rolled back
    assert "Traceback" not in r.stderr
    closed_cleanly(db)
    [(sid, outcome)] = query(db, "SELECT id, outcome FROM sessions")
    assert outcome == "rolled_back"
    assert r.stdout.splitlines()[0] == f"session {sid} recording to {db}"
    assert_every_line_recorded(db, sid, log)
    # The same lines, the same log events as an import of the file.
    imported = tmp_path / "import.db"
    i = opsconsole(tmp_path, "import", str(log), "--db", str(imported))
    assert i.returncode == 0, i.stderr
    sql = "SELECT text FROM events WHERE kind = 'log' ORDER BY seq"
    assert query(db, sql) == query(imported, sql)
