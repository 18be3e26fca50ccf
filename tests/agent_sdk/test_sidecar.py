"""The shell sidecar driven by a real bash script; decisions over HTTP; the console records it."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers.protocol_client import client, decide, wait_for

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
set -u
oc() { "$PY" -m console agent "$@"; }
oc serve --port 0 --token-file "$TOK" --service web --version 1.2.3 --linger 3 \
   --plan 10,25,50 > "$WORK/serve.out" 2> "$WORK/serve.err" &
oc log "[$(date -u +%T)] [INFO] Task: Deploy web v1.2.3 to production"
printf '[%s] [OBSERVATION] piped\n  - continuation line\n' "$(date -u +%T)" | oc log
oc stage 10
oc traffic 10
oc metrics --scope green latency_p99_ms=120 error_rate_pct=0.1
oc gate --stage 10 --next 25 --timeout 2m; echo "gate1=$?"
oc stage 25
oc traffic 25
oc gate --stage 25 --next 50 --timeout 2m; echo "gate2=$?"
oc rollback "rolled back at the gate"
oc traffic 0
oc end --outcome rolled_back; echo "end=$?"
oc log "too late"; echo "late=$?"
wait
echo "serve=$?"
"""


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSCONSOLE_")}
    env.update(
        PYTHONPATH=str(ROOT),
        PY=sys.executable,
        NO_COLOR="1",
        OPSCONSOLE_CONFIG_DIR=str(home / "config"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_STATE_HOME=str(home / "xdg-state"),
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_RUNTIME_DIR=str(home / "run"),
    )
    env.update(extra)
    return env


def test_bash_script_with_two_gates_recorded_by_the_console(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir(mode=0o700)
    tok = tmp_path / "agent.token"
    script = tmp_path / "agent.sh"
    script.write_text(SCRIPT)
    env = env_for(tmp_path, TOK=str(tok), WORK=str(tmp_path))
    agent = subprocess.Popen(
        ["bash", str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    watch = None
    try:
        serve_out = tmp_path / "serve.out"
        url = wait_for(
            lambda: (
                serve_out.exists()
                and next(
                    (
                        ln.split()[-1]
                        for ln in serve_out.read_text().splitlines()
                        if "listening" in ln
                    ),
                    None,
                )
            ),
            20,
        )
        token = tok.read_text().strip()
        assert stat.S_IMODE(tok.stat().st_mode) == 0o600
        control = tmp_path / "run" / "opsconsole" / "agent.sock"
        assert stat.S_IMODE(control.stat().st_mode) == 0o600
        db = tmp_path / "watch.db"
        watch = subprocess.Popen(
            [sys.executable, "-m", "console", "watch", "--agent", url,
             "--token-file", str(tok), "--headless", "--db", str(db)],
            cwd=ROOT, env=env_for(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        with client(url, token) as c:
            g1 = wait_for(lambda: c.get("/v1/status").json()["gate"], 20)
            assert (g1["stage_pct"], g1["next_pct"]) == (10, 25)
            assert decide(c, g1["gate_id"], "approve", "alice", "p99 fine").status_code == 200
            g2 = wait_for(
                lambda: (g := c.get("/v1/status").json()["gate"]) and g["gate_id"] != g1["gate_id"]
                and g, 20,
            )  # fmt: skip
            assert decide(c, g2["gate_id"], "rollback", "bob", "errors up").status_code == 200
        out, _ = agent.communicate(timeout=30)
        _, w_err = watch.communicate(timeout=30)
    finally:
        for p in (agent, watch):
            if p is not None and p.poll() is None:
                p.kill()
                p.communicate()
    results = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    assert results == {"gate1": "0", "gate2": "3", "end": "0", "late": "1", "serve": "0"}
    assert watch.returncode == 3, w_err  # the console saw a rolled-back rollout
    assert "Traceback" not in w_err + (tmp_path / "serve.err").read_text()
    conn = sqlite3.connect(db)
    try:
        kinds = dict(conn.execute("SELECT kind, count(*) FROM events GROUP BY kind"))
        decided = list(
            conn.execute(
                "SELECT json_extract(data, '$.decision'), json_extract(data, '$.operator') "
                "FROM events WHERE kind = 'gate_closed' ORDER BY seq"
            )
        )
        (outcome,) = conn.execute("SELECT outcome FROM sessions").fetchone()
        logs = [r[0] for r in conn.execute("SELECT text FROM events WHERE kind = 'log'")]
    finally:
        conn.close()
    assert decided == [("approve", "alice"), ("rollback", "bob")]
    assert outcome == "rolled_back"
    assert kinds.get("gate_opened") == 2
    assert any("continuation line" in p for p in logs)
    assert token not in db.read_bytes().decode("latin-1")
    assert not control.exists()  # the sidecar cleaned up its socket


def test_commands_without_a_sidecar_fail_fast_and_clearly(tmp_path: Path) -> None:
    env = env_for(tmp_path, OPSCONSOLE_AGENT_CONTROL=str(tmp_path / "none.sock"))
    started = time.monotonic()
    r = subprocess.run(
        [sys.executable, "-m", "console", "agent", "gate", "--stage", "10", "--next", "25"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert time.monotonic() - started < 40  # bounded wait for a sidecar to appear
    assert r.returncode == 1
    (line,) = r.stderr.splitlines()
    assert line.startswith("opsconsole: no sidecar at") and "Traceback" not in r.stderr


def test_a_gate_is_not_left_hanging_when_the_sidecar_dies(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir(mode=0o700)
    env = env_for(tmp_path)
    serve = subprocess.Popen(
        [sys.executable, "-m", "console", "agent", "serve", "--token-file",
         str(tmp_path / "tok"), "--port", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    gate = None
    try:
        control = tmp_path / "run" / "opsconsole" / "agent.sock"
        wait_for(control.exists, 20)
        gate = subprocess.Popen(
            [sys.executable, "-m", "console", "agent", "gate", "--stage", "10", "--next", "25"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        url = next(ln.split()[-1] for ln in iter(serve.stdout.readline, "") if "listening" in ln)  # type: ignore[union-attr]
        token = (tmp_path / "tok").read_text().strip()
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as c:
            wait_for(lambda: c.get("/v1/status").json()["gate"], 20)
        serve.kill()  # the sidecar dies while the script waits at the gate
        _, err = gate.communicate(timeout=30)
    finally:
        for p in (serve, gate):
            if p is not None and p.poll() is None:
                p.kill()
                p.communicate()
    assert gate.returncode == 1
    (line,) = err.splitlines()
    assert "sidecar" in line and "Traceback" not in err


def test_timeout_exits_4_and_an_abort_reaches_the_script_as_3(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir(mode=0o700)
    control = tmp_path / "own.sock"  # a sidecar of its own, beside any other
    env = env_for(tmp_path, OPSCONSOLE_AGENT_CONTROL=str(control))
    serve = subprocess.Popen(
        [sys.executable, "-m", "console", "agent", "serve", "--token-file",
         str(tmp_path / "tok"), "--linger", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip

    def oc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "console", "agent", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    try:
        url = next(ln.split()[-1] for ln in iter(serve.stdout.readline, "") if "listening" in ln)  # type: ignore[union-attr]
        timed_out = oc("gate", "--stage", "10", "--next", "25", "--timeout", "1s")
        assert timed_out.returncode == 4, timed_out.stderr
        assert "timed out" in timed_out.stdout
        token = (tmp_path / "tok").read_text().strip()
        with client(url, token) as c:
            st = c.get("/v1/status").json()
            assert st["state"] == "rolling_back"  # the agent rolled back by itself
            closed = [i for i in items_now(c) if i["type"] == "gate_closed"]
            assert [(i["decision"], i["operator"]) for i in closed] == [("rollback", "agent")]
            r = c.post(
                "/v1/rollback", json={"operator": "dave", "reason": "x"},
                headers={"Idempotency-Key": "k"},
            )  # fmt: skip
            assert r.status_code == 409  # already rolling back: nothing to abort
        bad = oc("metrics", "latency_p99_ms@purple=3")
        assert bad.returncode == 1 and "NAME@blue|green=NUMBER" in bad.stderr
        assert oc("end", "--outcome", "rolled_back").returncode == 0
        assert serve.wait(30) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
        serve.communicate()
    assert not control.exists()


def items_now(c: httpx.Client) -> list[dict[str, object]]:
    """The items so far (the stream stays open while the rollout runs: read up to last_seq)."""
    last = c.get("/v1/status").json()["last_seq"]
    got: list[dict[str, object]] = []
    with c.stream("GET", "/v1/events", params={"after": 0}) as resp:
        for line in resp.iter_lines():
            if line.strip():
                item = json.loads(line)
                if "seq" in item:
                    got.append(item)
                if len(got) >= last:
                    break
    return got


def test_an_abort_reaches_a_script_at_its_next_command(tmp_path: Path) -> None:
    control = tmp_path / "c.sock"
    env = env_for(tmp_path, OPSCONSOLE_AGENT_CONTROL=str(control))
    serve = subprocess.Popen(
        [sys.executable, "-m", "console", "agent", "serve", "--token-file",
         str(tmp_path / "tok"), "--linger", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip

    def oc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "console", "agent", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    try:
        url = next(ln.split()[-1] for ln in iter(serve.stdout.readline, "") if "listening" in ln)  # type: ignore[union-attr]
        assert oc("stage", "10").returncode == 0
        token = (tmp_path / "tok").read_text().strip()
        with client(url, token) as c:
            r = c.post("/v1/rollback", json={"operator": "dave", "reason": "pager storm"})
            assert r.status_code == 200
        told = oc("traffic", "10")
        assert told.returncode == 3
        assert "rollback requested by dave" in told.stderr and "pager storm" in told.stderr
        assert oc("gate", "--stage", "10", "--next", "25").returncode == 3
        assert oc("rollback", "as asked").returncode == 0
        assert oc("traffic", "0").returncode == 0  # told once; the rollback can be logged
        assert oc("end", "--outcome", "rolled_back").returncode == 0
        assert serve.wait(30) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
        serve.communicate()


def test_the_default_socket_directory_must_be_private(tmp_path: Path) -> None:
    from console.agent_sdk.sidecar import private_dir
    from console.errors import EndpointError

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    with pytest.raises(EndpointError, match="not a private directory"):
        private_dir(shared)
    private_dir(tmp_path / "mine")
    assert stat.S_IMODE((tmp_path / "mine").stat().st_mode) == 0o700


def test_a_big_pipe_into_agent_log_arrives_whole_in_order(tmp_path: Path) -> None:
    control = tmp_path / "c.sock"
    env = env_for(tmp_path, OPSCONSOLE_AGENT_CONTROL=str(control))
    serve = subprocess.Popen(
        [sys.executable, "-m", "console", "agent", "serve", "--token-file",
         str(tmp_path / "tok"), "--linger", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = [f"line {i} " + "é" * (i % 300) for i in range(3000)] + ["x" * 300_000]
    try:
        url = next(ln.split()[-1] for ln in iter(serve.stdout.readline, "") if "listening" in ln)  # type: ignore[union-attr]
        r = subprocess.run(
            [sys.executable, "-m", "console", "agent", "log"],
            input="\n".join(lines) + "\n", cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=60,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
        token = (tmp_path / "tok").read_text().strip()
        with client(url, token) as c:
            got = [str(i["line"]) for i in items_now(c) if i["type"] == "log"]
    finally:
        serve.terminate()
        serve.communicate(timeout=30)
    body = [ln for ln in got if ln.startswith(("line ", "xxx"))]
    assert body[:3000] == lines[:3000]
    assert body[3000].startswith("x" * 1000) and body[3000].endswith("more bytes)")


def test_the_gate_prints_the_operators_text_as_data(tmp_path: Path) -> None:
    """`agent gate` writes who decided and why to the script's output (a CI log, a terminal):
    the reason an operator typed is data there, its escapes visible, never acted on."""
    (tmp_path / "run").mkdir(mode=0o700)
    env = env_for(tmp_path, OPSCONSOLE_AGENT_CONTROL=str(tmp_path / "g.sock"))
    serve = subprocess.Popen(
        [sys.executable, "-m", "console", "agent", "serve", "--token-file",
         str(tmp_path / "tok"), "--port", "0", "--linger", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    gate = None
    try:
        url = next(ln.split()[-1] for ln in iter(serve.stdout.readline, "") if "listening" in ln)  # type: ignore[union-attr]
        gate = subprocess.Popen(
            [sys.executable, "-m", "console", "agent", "gate", "--stage", "10", "--next", "25"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        token = (tmp_path / "tok").read_text().strip()
        hostile = "p99 high\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\r\n[SUCCESS] all good\u202e"
        with client(url, token) as c:
            opened = wait_for(lambda: c.get("/v1/status").json()["gate"], 20)
            r = decide(c, opened["gate_id"], "rollback", operator="carol", reason=hostile)
            assert r.status_code == 200
        out, err = gate.communicate(timeout=30)
    finally:
        for p in (serve, gate):
            if p is not None and p.poll() is None:
                p.kill()
                p.communicate()
    assert gate.returncode == 3, err
    (line,) = out.splitlines()
    assert line.startswith("gate gate-1-10: rollback by carol: p99 high")
    assert not any(c in line for c in "\x1b\x07\r\u202e")
    assert "␛]52;c;cm0gLXJmIH4=␇␛[2J" in line


def test_a_sidecar_stopped_mid_gate_tells_the_script_it_rolled_back(tmp_path: Path) -> None:
    """SIGTERM to `agent serve` while the script waits at a gate: the consoles are told the
    gate closed as a rollback by the agent, and so is the script: exit 3, not the 1 of a
    sidecar that vanished (a script that rolls back on 3 would otherwise leave traffic where
    the consoles were told it was taken back from)."""
    (tmp_path / "run").mkdir(mode=0o700)
    env = env_for(tmp_path, OPSCONSOLE_AGENT_CONTROL=str(tmp_path / "t.sock"))
    serve = subprocess.Popen(
        [sys.executable, "-m", "console", "agent", "serve", "--token-file",
         str(tmp_path / "tok"), "--port", "0", "--linger", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    gate = None
    try:
        url = next(ln.split()[-1] for ln in iter(serve.stdout.readline, "") if "listening" in ln)  # type: ignore[union-attr]
        gate = subprocess.Popen(
            [sys.executable, "-m", "console", "agent", "gate", "--stage", "10", "--next", "25"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        token = (tmp_path / "tok").read_text().strip()
        with client(url, token) as c:
            wait_for(lambda: c.get("/v1/status").json()["gate"], 20)
        serve.terminate()
        out, err = gate.communicate(timeout=30)
        serve.communicate(timeout=30)
    finally:
        for p in (serve, gate):
            if p is not None and p.poll() is None:
                p.kill()
                p.communicate()
    assert gate.returncode == 3, (out, err)
    assert out.startswith("gate gate-1-10: rollback by agent: the sidecar was stopped")
