"""Issue 19: `opsconsole serve` on a shared bastion.

The real `python -m console serve` runs the real console (`watch` against a simulated agent on
loopback) for whoever holds a token; a real WebSocket client (aiohttp) knocks with no token, a
wrong one, a foreign Origin, one session too many, and finally with alice's token approves a
gate, which the agent and the recording attribute to alice, not to the Unix user.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

from console.control.operator import current_operator
from console.serve import Access, new_tokens, served_origins
from console.sim.handle import SimHandle
from tests.helpers.sim_operator import FAST

ROOT = Path(__file__).resolve().parents[2]
WAIT = 90.0  # a cap on each wait (the machine is shared); nothing asserts how long anything took


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    def __init__(self, url: str, tokens: dict[str, str], log: Path, db: Path) -> None:
        self.url = url
        self.tokens = tokens  # name → token, as serve printed them
        self.log = log
        self.db = db

    @property
    def origin(self) -> str:
        return self.url

    def ws_url(self, token: str) -> str:
        return self.url.replace("http://", "ws://") + f"/ws/{token}?width=120&height=40"


@pytest.fixture
def sim() -> Iterator[SimHandle]:
    with SimHandle.start("healthy", **FAST, heartbeat_s=0.2) as handle:
        yield handle


@pytest.fixture
def served(tmp_path: Path, sim: SimHandle) -> Iterator[Served]:
    token_file = tmp_path / "agent.token"
    token_file.write_text(sim.token)
    token_file.chmod(0o600)
    db = tmp_path / "web.db"
    port = _free_port()
    env = dict(os.environ, OPSCONSOLE_CONFIG_DIR=str(tmp_path / "config"), USER="unixroot")
    env.pop("OPSCONSOLE_WEB_OPERATOR", None)
    log = tmp_path / "serve.log"
    out = log.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console",
            "serve",
            "--port",
            str(port),
            "--operator",
            "alice",
            "--operator",
            "bob",
            "--max-sessions",
            "1",
            "watch",
            "--agent",
            sim.url,
            "--token-file",
            str(token_file),
            "--db",
            str(db),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        tokens: dict[str, str] = {}
        while len(tokens) < 2:
            assert proc.poll() is None, f"serve exited {proc.returncode}: {log.read_text()}"
            assert time.monotonic() < deadline, "serve never printed its addresses"
            for line in log.read_text().splitlines():
                name, _, address = line.strip().partition(": ")
                if address.startswith(url + "/?token="):
                    tokens[name] = address.split("token=", 1)[1]
            time.sleep(0.05)
        while True:
            with contextlib.suppress(httpx.HTTPError):
                httpx.get(url + "/static/js/textual.js", timeout=2)
                break
            assert time.monotonic() < deadline, "serve never answered"
            time.sleep(0.05)
        yield Served(url, tokens, log, db)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
        out.close()


async def _refused(url: str, origin: str | None) -> int:
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            async with session.ws_connect(url, headers=headers, timeout=aiohttp.ClientWSTimeout()):
                pass
    return refused.value.status


def test_the_page_wants_a_token_and_its_own_host(served: Served) -> None:
    alice = served.tokens["alice"]
    assert httpx.get(served.url + "/", timeout=5).status_code == 403
    assert httpx.get(served.url + "/?token=nope", timeout=5).status_code == 403
    # A DNS name rebound to 127.0.0.1: the browser sends that name as Host.
    rebound = httpx.get(
        served.url + f"/?token={alice}", headers={"Host": "evil.example:80"}, timeout=5
    )
    assert rebound.status_code == 403
    page = httpx.get(served.url + f"/?token={alice}", timeout=5)
    assert page.status_code == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.url.rsplit(":", 1)[1]}/ws/' in (
        page.text
    )
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"


async def test_strangers_are_refused_and_alice_approves_as_alice(
    served: Served, sim: SimHandle
) -> None:
    alice, bob = served.tokens["alice"], served.tokens["bob"]
    # No token, a wrong token, no Origin, a foreign Origin: refused before any console starts.
    assert await _refused(served.ws_url("x" * 32), served.origin) == 403
    assert await _refused(served.ws_url(""), served.origin) in (403, 404)
    assert await _refused(served.ws_url(alice), None) == 403
    assert await _refused(served.ws_url(alice), "http://evil.example") == 403
    assert await _refused(served.ws_url(alice), "null") == 403
    assert await _refused(served.ws_url(alice), served.origin + ".evil.example") == 403
    assert "connected" not in served.log.read_text().replace("refused", "")

    agent = sim.agent
    assert agent is not None
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(served.ws_url(alice), headers={"Origin": served.origin}) as ws,
    ):
        # The limit is one session: bob, with a good token, is told it is full.
        assert await _refused(served.ws_url(bob), served.origin) == 503
        page = httpx.get(served.url + f"/?token={bob}", timeout=5)
        assert page.status_code == 503 and "alice" in page.text

        # The console comes up; once the agent has a gate open, alice presses `a`.
        screen = bytearray()
        deadline = time.monotonic() + WAIT
        gate_id: str | None = None
        pressed = 0.0

        def decided(gate: str) -> Any:
            decided = sim.call(lambda: agent.gates[gate].decision)
            return decided.operator if decided is not None else None

        while gate_id is None or decided(gate_id) is None:
            assert time.monotonic() < deadline, "the gate was never decided through the web"
            try:
                msg = await ws.receive(timeout=0.3)
                if msg.type == aiohttp.WSMsgType.BINARY:
                    screen += msg.data
                elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    pytest.fail(f"the console closed: {served.log.read_text()}")
            except TimeoutError:
                pass
            status = sim.call(agent.status)
            gate = status["gate"]
            # Approve is not confirmed. Pressed again only while the same gate waits (the
            # console may not have had the gate yet the first time).
            again = time.monotonic() > pressed + 3.0
            same = gate is not None and gate_id in (None, gate["gate_id"])
            if gate is not None and same and b"GATE" in screen and again:
                gate_id = gate["gate_id"]
                pressed = time.monotonic()
                await ws.send_str(json.dumps(["stdin", "a"]))
        assert decided(gate_id) == "alice"
        assert b"WEB alice" in screen  # the console says whose session it is
        assert "alice connected (127.0.0.1:" in served.log.read_text()
        await ws.close()

    deadline = time.monotonic() + WAIT
    while "alice left" not in served.log.read_text():
        assert time.monotonic() < deadline, served.log.read_text()
        time.sleep(0.05)
    with sqlite3.connect(served.db) as db:
        rows = db.execute("SELECT data FROM events WHERE kind = 'decision'").fetchall()
    recorded = [json.loads(r[0]) for r in rows]
    assert [(r["operator"], r["decision"], r["gate_id"]) for r in recorded][:1] == [
        ("alice", "approve", gate_id)
    ]
    assert {r["operator"] for r in recorded} == {"alice"}
    assert recorded[0]["origin"].startswith("web 127.0.0.1:")
    assert "unixroot" not in json.dumps(recorded)


def test_tokens_name_people_and_compare_whole() -> None:
    tokens = new_tokens(["alice", "bob"])
    access = Access(tokens=tokens, origins=served_origins("127.0.0.1", 8000))
    by_name = {name: token for token, name in tokens.items()}
    assert access.person(by_name["alice"]) == "alice"
    assert access.person(by_name["bob"]) == "bob"
    assert access.person(by_name["alice"][:-1]) is None
    assert access.person("") is None and access.person(None) is None
    assert access.person(by_name["alice"] + "x") is None
    assert len(set(new_tokens(["alice"])) | set(tokens)) == 3  # fresh per run


def test_only_the_served_origins() -> None:
    origins = served_origins("127.0.0.1", 8000)
    access = Access(tokens={}, origins=origins)
    for good in ("http://127.0.0.1:8000", "http://localhost:8000", "http://LOCALHOST:8000"):
        assert access.origin_allowed(good), good
    for bad in (
        "http://evil.example",
        "http://127.0.0.1:8001",
        "https://127.0.0.1:8000.evil.example",
        "null",
        None,
    ):
        assert not access.origin_allowed(bad), bad
    assert access.host_allowed("127.0.0.1:8000") and not access.host_allowed("evil.example")
    public = served_origins("10.0.0.5", 8000, ["https://ops.example.com"])
    assert public == {"http://10.0.0.5:8000", "https://ops.example.com"}


def test_names_that_cannot_be_recorded_are_refused() -> None:
    from console.errors import UsageError

    for bad in ("", "a b", "\x1b]0;pwned\x07", "x" * 65, "[bold]root"):
        with pytest.raises(UsageError):
            new_tokens([bad])


def test_the_web_operator_is_who_authenticated() -> None:
    env: dict[str, Any] = {
        "USER": "root",
        "OPSCONSOLE_WEB_OPERATOR": "alice",
        "OPSCONSOLE_WEB_ORIGIN": "127.0.0.1:5555",
    }
    who = current_operator(env)
    assert (who.name, who.origin, who.web) == ("alice", "web 127.0.0.1:5555", True)
    # a name serve would never give falls back to the Unix user, never reaches the audit
    who = current_operator({**env, "OPSCONSOLE_WEB_OPERATOR": "\x1b[2Jroot"})
    assert (who.name, who.web) == ("root", False)


async def test_the_page_answers_behind_the_https_proxy_named_by_origin() -> None:
    """`--origin https://ops.example.com` (a TLS proxy in front, passing the Host on as
    WebSocket proxies must): the page is served at that name and points its WebSocket at
    wss:// there, not at the plain-http address the proxy reaches."""
    from aiohttp.test_utils import TestClient, TestServer

    from console.serve import WebConsole

    tokens = new_tokens(["alice"])
    alice = next(iter(tokens))
    access = Access(
        tokens=tokens, origins=served_origins("127.0.0.1", 8000, ["https://ops.example.com"])
    )
    async with TestClient(TestServer(WebConsole("true", access, say=lambda _: None).app())) as c:
        page = await c.get(f"/?token={alice}", headers={"Host": "ops.example.com"})
        assert page.status == 200
        text = await page.text()
        assert f'data-session-websocket-url="wss://ops.example.com/ws/{alice}"' in text
        assert "https://ops.example.com/static/" in text
        # the proxy's name on plain http is no origin of this server
        refused = await c.get(f"/?token={alice}", headers={"Host": "ops.example.com:8000"})
        assert refused.status == 403
        local = await c.get(f"/?token={alice}", headers={"Host": "127.0.0.1:8000"})
        assert local.status == 200
        assert f'data-session-websocket-url="ws://127.0.0.1:8000/ws/{alice}"' in await local.text()


STUCK_CONSOLE = """
import os, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a console stuck in its exit, deaf to TERM
open(sys.argv[1], "w").write(str(os.getpid()))
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
while True:
    time.sleep(1)
"""


async def test_a_console_that_will_not_quit_is_ended_and_frees_its_place(tmp_path: Path) -> None:
    """When its browser goes, a console is asked to quit; one that doesn't (hung, deaf to
    TERM) is killed, so it neither holds one of the --max-sessions places nor lingers as a
    ~70 MB process on the bastion."""
    from aiohttp.test_utils import TestClient, TestServer

    from console.serve import WebConsole

    script = tmp_path / "stuck.py"
    script.write_text(STUCK_CONSOLE)
    pid_file = tmp_path / "pid"
    tokens = new_tokens(["alice"])
    alice = next(iter(tokens))
    access = Access(tokens=tokens, origins=served_origins("127.0.0.1", 8000), max_sessions=1)
    said: list[str] = []
    command = f"exec {sys.executable} {script} {pid_file}"
    web = WebConsole(command, access, say=said.append, stop_grace=0.5)
    async with TestClient(TestServer(web.app())) as c:
        ws = await c.ws_connect(f"/ws/{alice}", headers={"Origin": "http://127.0.0.1:8000"})
        deadline = time.monotonic() + WAIT
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, said
            await asyncio.sleep(0.05)
        pid = int(pid_file.read_text())
        await ws.close()
        while not any(line.startswith("alice left") for line in said):
            assert time.monotonic() < deadline, said
            await asyncio.sleep(0.05)
        assert access.connected == {}
        with pytest.raises(ProcessLookupError):  # gone and reaped, not a zombie
            while True:
                os.kill(pid, 0)
                assert time.monotonic() < deadline, f"console {pid} still running"
                await asyncio.sleep(0.05)
