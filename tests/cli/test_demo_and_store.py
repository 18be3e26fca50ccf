"""`demo --headless`, then what the store holds: `sessions`, `export`, `rca`, and `replay`'s
refusals of files it must not touch."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from tests.helpers.cli import one_line, opsconsole, query

STAGES = ("10%", "25%", "50%", "75%", "100%")


def demo(home: Path, db: Path, scenario: str) -> tuple[str, str, int]:
    """Run a headless demo; (session id, stdout, exit status)."""
    r = opsconsole(
        home, "demo", "--headless", "--auto", "--scenario", scenario, "--speed", "2000",
        "--db", str(db),
    )  # fmt: skip
    assert "Traceback" not in r.stderr
    m = re.match(r"session (\S+) recording to (.+)", r.stdout.splitlines()[0])
    assert m and Path(m.group(2)) == db, r.stdout
    return m.group(1), r.stdout, r.returncode


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One database holding a healthy and a rolled-back demo session."""
    home = tmp_path_factory.mktemp("demo-store")
    db = home / "sessions.db"
    healthy = demo(home, db, "healthy")
    missing = demo(home, db, "missing-index")
    return {"home": home, "db": db, "healthy": healthy, "missing": missing}


def test_healthy_demo_succeeds_with_a_line_per_stage(store: dict) -> None:
    sid, out, code = store["healthy"]
    assert code == 0, out
    stage_lines = [line for line in out.splitlines() if " stage " in line]
    assert [line.split()[2] for line in stage_lines] == list(STAGES)
    assert len([line for line in out.splitlines() if " gate " in line]) == 4
    assert out.splitlines()[-1].endswith("outcome succeeded")
    rows = query(store["db"], "SELECT outcome, events FROM sessions WHERE id = ?", [sid])
    assert rows and rows[0][0] == "succeeded" and rows[0][1] > 100


def test_missing_index_demo_exits_3_rolled_back(store: dict) -> None:
    sid, out, code = store["missing"]
    assert code == 3, out
    assert any(" rollback " in line for line in out.splitlines())
    assert out.splitlines()[-1].endswith("outcome rolled_back")
    rows = query(store["db"], "SELECT outcome FROM sessions WHERE id = ?", [sid])
    assert rows == [("rolled_back",)]
    kinds = {
        k
        for (k,) in query(
            store["db"],
            "SELECT DISTINCT kind FROM events "
            "WHERE session_key = (SELECT key FROM sessions WHERE id = ?)",
            [sid],
        )
    }
    assert {"stage", "gate_opened", "decision", "rollback", "outcome", "metric", "log"} <= kinds


def test_sessions_lists_both(store: dict) -> None:
    r = opsconsole(store["home"], "sessions", "--db", str(store["db"]))
    assert r.returncode == 0, r.stderr
    header, *rows = r.stdout.splitlines()
    assert header.split() == [
        "ID", "RECORDED", "NAME", "SERVICE", "STARTED", "DURATION", "OUTCOME", "EVENTS",
    ]  # fmt: skip
    by_id = {row.split()[0]: row for row in rows}
    for key, name, outcome in (
        ("healthy", "demo healthy", "succeeded"),
        ("missing", "demo missing-index", "rolled_back"),
    ):
        sid = store[key][0]
        row = by_id[sid]
        count = query(store["db"], "SELECT events FROM sessions WHERE id = ?", [sid])[0][0]
        assert name in row and "recommendation-service" in row and outcome in row
        assert re.search(r" (just now|\d+ min ago) ", row)  # recorded moments ago
        assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row)  # started
        assert re.search(r" \d+[hms]( \d+[ms])? ", row)  # duration
        assert row.split()[-1] == str(count)


def _iso_with_zone(value: str) -> None:
    assert datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None, value


def test_export_latest_json_has_the_postmortem_fields(store: dict) -> None:
    r = opsconsole(
        store["home"], "export", "--latest", "--format", "json", "--db", str(store["db"])
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    session = doc["session"]
    assert session["id"] == store["missing"][0]  # the newest
    assert {"id", "name", "service", "version", "started_at", "ended_at"} <= session.keys()
    _iso_with_zone(session["started_at"])
    _iso_with_zone(session["ended_at"])
    assert doc["outcome"] == "rolled_back"
    assert [s["traffic_pct"] for s in doc["stages"]] == [10, 25, 50, 75]
    for stage in doc["stages"]:
        assert {"traffic_pct", "started_at", "ended_at"} <= stage.keys()
        _iso_with_zone(stage["started_at"])
    assert {
        "latency_avg_ms", "latency_p95_ms", "latency_p99_ms", "error_rate_pct",
        "db_connections", "db_connections_max",
    } <= doc["peaks"].keys()  # fmt: skip
    assert doc["decisions"] and all(
        {"at", "decision", "operator", "result"} <= d.keys() for d in doc["decisions"]
    )
    assert {d["decision"] for d in doc["decisions"]} == {"approve"}
    assert "notes" in doc and isinstance(doc["timeline"], list) and doc["timeline"]


def test_export_markdown_to_a_private_file(store: dict, tmp_path: Path) -> None:
    out = tmp_path / "postmortem.md"
    sid = store["healthy"][0]
    r = opsconsole(
        store["home"], "export", sid, "--format", "md", "-o", str(out), "--db", str(store["db"])
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    assert out.stat().st_mode & 0o777 == 0o600
    text = out.read_text()
    assert text.startswith("#") and sid in text and "succeeded" in text


def test_rca_of_a_config_bug_demo_session_says_config_change(tmp_path: Path) -> None:
    db = tmp_path / "config-bug.db"
    _, out, code = demo(tmp_path, db, "config-bug")
    assert code == 3, out
    r = opsconsole(tmp_path, "rca", str(db), "--format", "json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["root_cause"]["category"] == "config_change"
    assert "db_pool_size" in report["root_cause"]["summary"]


def _fingerprint(path: Path) -> tuple[str, int, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, siblings


@pytest.mark.parametrize("case", ["not-sqlite", "truncated", "unknown-id", "newer-schema"])
def test_replay_refuses_bad_input_in_one_line_and_leaves_the_file(
    store: dict, tmp_path: Path, case: str
) -> None:
    source = store["db"]
    target = tmp_path / "input.db"
    args: list[str]
    if case == "not-sqlite":
        target.write_text("these are not the rows you are looking for\n")
        args, expect = [str(target)], "not SQLite"
    elif case == "truncated":
        target.write_bytes(source.read_bytes()[:20_000])
        args, expect = [str(target)], "truncated"
    elif case == "unknown-id":
        target.write_bytes(source.read_bytes())
        args, expect = ["no-such-session", "--db", str(target)], "no-such-session"
    else:
        target.write_bytes(source.read_bytes())
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
        conn.close()
        args, expect = [str(target)], "newer"
    before = _fingerprint(target)
    r = opsconsole(tmp_path, "replay", *args)
    assert r.returncode != 0
    line = one_line(r.stderr)
    assert line.startswith("opsconsole: ") and expect in line
    assert "unexpected error" not in line
    assert _fingerprint(target) == before
