"""A secret in a log line never reaches the session database file; the file is private."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from console import events as ev
from console import ingest
from console.pipeline import Pipeline
from console.redact import redact
from console.report import postmortem
from console.store.recorder import Recorder

# Each secret is one alphanumeric word, so the FTS index (which lower-cases and splits on
# punctuation) would hold it whole too: the raw-bytes search below covers both.
SECRETS = {
    "url": "Urlpw7zqx41",
    "bearer": "Bearertok7zqx42abc",
    "field": "Fieldpw7zqx43",
    "apikey": "Apikey7zqx44",
    "aws": "AKIAZQXZQXZQX7ZQ4545",  # AKIA + 16
    "awssecret": "Awssecret7zqx46",
    "config_before": "Oldpw7zqx47",
    "config_after": "Newpw7zqx48",
    "reason": "Reasontok7zqx49",
    "finding": "Dsnpw7zqx50",
    "detail": "Detailpw7zqx51",
    "conn": "Connpw7zqx52",
}


def secret_events(t0: float = 1_732_181_400.0) -> list[ev.Event]:
    s = SECRETS
    return [
        ev.SessionInfo(
            ts=t0,
            service="recommendation-service",
            version="v2.5.0",
            task=f"deploy using DB_PASSWORD={s['conn']}",
        ),
        ev.LogLine(
            ts=t0 + 1,
            level="INFO",
            message=f"connecting to postgres://app:{s['url']}@db.internal:5432/orders",
        ),
        ev.LogLine(
            ts=t0 + 2,
            level="WARNING",
            message=f"GET /v1/status Authorization: Bearer {s['bearer']}",
            detail=(f"  - password={s['detail']}", f"  - key id {s['aws']}"),
        ),
        ev.LogLine(
            ts=t0 + 3,
            level="ERROR",
            message="login failed",
            fmt="json",
            fields={
                "password": s["field"],
                "api_key": s["apikey"],
                "env": {"aws_secret_access_key": s["awssecret"]},
            },
        ),
        ev.ConfigChange(
            ts=t0 + 4,
            service="recommendation-service",
            changes={"db_password": {"before": s["config_before"], "after": s["config_after"]}},
        ),
        ev.DecisionRequested(
            ts=t0 + 5,
            decision_id="d1",
            gate_id="g1",
            decision="rollback",
            operator="alice",
            reason=f"rotating token={s['reason']}",
        ),
        ev.Finding(
            ts=t0 + 6,
            code="rca",
            severity="critical",
            message="pool exhausted",
            data={"dsn": f"mysql://svc:{s['finding']}@db/x"},
        ),
    ]


def raw_store_bytes(db: Path) -> bytes:
    out = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(db) + suffix)
        if p.exists():
            out += p.read_bytes()
    return out


def leaked(blob: bytes) -> list[str]:
    low = blob.lower()
    return [k for k, v in SECRETS.items() if v.encode() in blob or v.lower().encode() in low]


def test_secrets_never_reach_the_database_file(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    rec = Recorder(db, name="secrets", redact=redact)
    seqs = [rec.append(e) for e in secret_events()]
    rec.wait_committed(seqs[-1])
    # While the session is open the batch sits in the WAL: check every file SQLite wrote.
    assert Path(str(db) + "-wal").exists()
    assert leaked(raw_store_bytes(db)) == []
    rec.close()
    assert leaked(raw_store_bytes(db)) == []
    # And the events are there, redacted, still readable JSON.
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT kind, data FROM events ORDER BY seq").fetchall()
    conn.close()
    assert len(rows) == len(seqs)
    assert all("«redacted»" in data for _, data in rows)
    rebuilt = [ev.from_record(0.0, kind, "", data) for kind, data in rows]
    assert isinstance(rebuilt[3], ev.LogLine) and rebuilt[3].fields is not None
    assert rebuilt[3].fields["password"] == "«redacted»"


def test_the_check_above_can_fail(tmp_path: Path) -> None:
    """Without redaction the same events do put every secret in the file."""
    db = tmp_path / "plain.db"
    rec = Recorder(db, name="plain", redact=None)
    for e in secret_events():
        rec.append(e)
    rec.close()
    assert sorted(leaked(raw_store_bytes(db))) == sorted(SECRETS)


def test_snapshots_do_not_leak_secrets(tmp_path: Path) -> None:
    db = tmp_path / "snap.db"
    rec = Recorder(db, name="snap", redact=redact)
    pipe = Pipeline(rec, snapshot_every=2)
    for e in secret_events():
        pipe.feed(e)
    pipe.feed(ev.LogLine(ts=1_732_181_500.0, level="INFO", message="tail"))
    pipe.close()
    assert leaked(raw_store_bytes(db)) == []


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_session_database_is_created_owner_only(tmp_path: Path) -> None:
    old = os.umask(0)  # even with a permissive umask
    try:
        db = tmp_path / "sub" / "sessions.db"
        rec = Recorder(db, name="perm", redact=redact)
        rec.append_durable(ev.LogLine(ts=1.0, level="INFO", message="hello"))
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        for suffix in ("-wal", "-shm"):  # SQLite gives its side files the database's mode
            side = Path(str(db) + suffix)
            if side.exists():
                assert _private(side), suffix
        rec.close()
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_postmortem_export_holds_no_secret_and_is_private(tmp_path: Path) -> None:
    db = tmp_path / "exp.db"
    rec = Recorder(db, name="export", redact=redact)
    for e in secret_events():
        rec.append(e)
    rec.append(ev.Outcome(ts=1_732_181_500.0, status="rolled_back", detail="token=Tokzqx99"))
    rec.close()
    for fmt in ("md", "json"):
        out = tmp_path / f"report.{fmt}"
        text = postmortem.export_session(db, rec.session_id, fmt, out)
        assert leaked(text.encode()) == [] and "tokzqx99" not in text.lower()
        assert leaked(out.read_bytes()) == []
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


AGENT_LOG_WITH_SECRETS = f"""Agent Runtime Log - test
================================================================================
Session ID: deploy-agent-test
Start Time: 2024-11-21 09:30:00 UTC

[09:30:00] [INFO] Connecting to postgres://app:{SECRETS["url"]}@db.internal:5432/orders
[09:30:01] [TOOL] Executing: configure(password="{SECRETS["field"]}")
  - Authorization: Bearer {SECRETS["bearer"]}
{{"ts":"2024-11-21T09:30:02Z","level":"ERROR","message":"denied","api_key":"{SECRETS["apikey"]}"}}
"""


def test_imported_log_secrets_never_reach_the_database(tmp_path: Path) -> None:
    log = tmp_path / "agent.log"
    log.write_text(AGENT_LOG_WITH_SECRETS)
    db = tmp_path / "imp.db"
    ingest.import_files([log], db, name="imported")
    assert leaked(raw_store_bytes(db)) == []


def test_json_field_secrets_among_many_clean_lines_never_reach_the_database(
    tmp_path: Path,
) -> None:
    """A JSON line's fields are cleared for redaction by their keys and values (remembered
    when clean): a secret in a value, under a secret-sounding key, or inside a nested list,
    among thousands of lines of the same shape, is still found and redacted."""
    import json

    clean = {"level": "info", "msg": "request completed", "path": "/api/v1/cart", "status": 200}
    lines = [json.dumps({**clean, "request_id": f"{i:016x}"}) for i in range(12_000)]
    lines[6_000] = json.dumps({**clean, "dsn": f"postgres://app:{SECRETS['url']}@db:5432/x"})
    lines[7_000] = json.dumps({**clean, "db_password": SECRETS["field"]})
    lines[8_000] = json.dumps({**clean, "args": ["-v", f"--api-key={SECRETS['apikey']}"]})
    lines[9_000] = json.dumps({**clean, "auth": f"Bearer {SECRETS['bearer']}"})
    log = tmp_path / "service.log"
    log.write_text("\n".join(lines) + "\n")
    db = tmp_path / "imp.db"
    ingest.import_files([log], db, name="imported")
    found = leaked(raw_store_bytes(db))
    assert not {"url", "field", "apikey", "bearer"} & set(found)
