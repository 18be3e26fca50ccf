"""Issue #8: `opsconsole serve` puts the console in a browser through textual-serve.

The real `python -m console serve` serves a replay (deterministic, no simulator), and a real
headless Chromium loads the page, which starts the console over textual-serve's websocket. We
drive Chromium over the DevTools protocol on loopback (waiting for what the page does, never
for a fixed time), then check the screenshot shows the console painted in its theme.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_sessions" / "healthy.db"
CHROMIUM = next(
    (
        p
        for p in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
        if p and os.path.exists(p)
    ),
    None,
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # the page links a web font on the internet: keep every request on loopback
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--window-size=1280,800",
]
# themes/opsconsole-dark.toml: background, surface (the log), panel (status and gate bars)
DARK_THEME = {(0x12, 0x16, 0x1C), (0x18, 0x1D, 0x25), (0x23, 0x2A, 0x35)}
WAIT = 30.0  # a generous cap on each wait; nothing asserts how long anything took

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install -y chromium)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop_group(proc: subprocess.Popen[bytes], first: int = signal.SIGINT) -> None:
    """Stop a process and everything it started (its own session): politely, then not."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, first)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # children of a process that already left
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if text in cmdline:
                found.append(int(entry.name))
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`python -m console serve --port P replay <copy of healthy.db>`; the address it printed
    for the person running it (the page's URL with their token)."""
    if not SAMPLE.exists():
        pytest.fail("sample_sessions/healthy.db is missing: run 'make sample-sessions'")
    db = tmp_path / "served-healthy.db"
    shutil.copy(SAMPLE, db)
    port = _free_port()
    env = dict(os.environ, OPSCONSOLE_CONFIG_DIR=str(tmp_path / "config"))
    env.pop("NO_COLOR", None)
    env.pop("OPSCONSOLE_THEME", None)
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", "serve", "--port", str(port), "replay", str(db)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + WAIT
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"serve exited {proc.returncode}: {(tmp_path / 'serve.log').read_text()}"
                )
            printed = [
                line.split(": ", 1)[1]
                for line in (tmp_path / "serve.log").read_text().splitlines()
                if line.startswith("  ") and f"{url}/?token=" in line
            ]
            with contextlib.suppress(httpx.HTTPError):
                # the address serve printed for the person (it holds their token)
                if printed and httpx.get(printed[0], timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                pytest.fail("serve never answered on its port")
            time.sleep(0.1)
        yield printed[0]
    finally:
        _stop_group(proc)
        log.close()
    # everything it started (the console it ran for the browser) is gone too
    assert _processes_mentioning(str(db)) == []


class DevTools:
    """Just enough of the Chrome DevTools protocol: call a method, get its result."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        my_id = self.next_id
        await self.ws.send_json({"id": my_id, "method": method, "params": params})
        async for msg in self.ws:
            data = json.loads(msg.data)
            if data.get("id") == my_id:
                if "error" in data:
                    raise AssertionError(f"{method}: {data['error']}")
                return dict(data.get("result", {}))
        raise AssertionError(f"DevTools closed during {method}")

    async def js(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def wait_js(self, expression: str, what: str) -> Any:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            value = await self.js(expression)
            if value:
                return value
            await asyncio.sleep(0.1)
        raise AssertionError(f"the page never showed {what}")


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[int]:
    """A headless Chromium with DevTools on a loopback port; that port."""
    assert CHROMIUM is not None
    profile = tmp_path / "chromium-profile"
    proc = subprocess.Popen(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + WAIT
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None:
                pytest.fail(f"chromium exited {proc.returncode} before opening DevTools")
            if time.monotonic() > deadline:
                pytest.fail("chromium never opened its DevTools port")
            time.sleep(0.05)
        yield int(port_file.read_text().split()[0])
    finally:
        _stop_group(proc, signal.SIGTERM)
    assert _processes_mentioning(str(profile)) == []


def _png_pixels(png: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) to RGB pixels."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    prev = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(height):
        start = y * (stride + 1)
        method, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = prev[i]
            if method == 1:
                line[i] = (line[i] + left) & 0xFF
            elif method == 2:
                line[i] = (line[i] + up) & 0xFF
            elif method == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif method == 4:
                corner = prev[i - channels] if i >= channels else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 0xFF
        pixels.extend((line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels))
        prev = line
    return width, height, pixels


def test_index_page_is_the_textual_web_terminal(served: str) -> None:
    response = httpx.get(served, timeout=10)
    assert response.status_code == 200
    page = response.text
    assert "opsconsole" in page  # the title given to textual-serve
    assert 'class="textual-terminal"' in page and "textual.js" in page
    assert "/ws/" in page  # the websocket that starts a console for this tab
    static = httpx.get(served.split("/?", 1)[0] + "/static/js/textual.js", timeout=10)
    assert static.status_code == 200 and len(static.content) > 10_000


async def test_headless_chromium_runs_the_console(
    served: str, chromium: int, tmp_path: Path
) -> None:
    async with httpx.AsyncClient() as client:
        targets = (await client.get(f"http://127.0.0.1:{chromium}/json/list")).json()
    page = next(t for t in targets if t["type"] == "page")
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws,
    ):
        tools = DevTools(ws)
        await tools.call("Page.enable")
        await tools.call("Page.navigate", url=served)
        # textual.js marks the body when the console's first bytes arrive over the websocket
        await tools.wait_js(
            "document.body && document.body.classList.contains('-first-byte')",
            "the console's first bytes",
        )
        assert await tools.js("document.querySelectorAll('.textual-terminal .xterm').length") == 1
        # wait until the console has painted its frame (its theme's colours fill the view)
        shot_js = "document.querySelector('.textual-terminal canvas') !== null"
        await tools.wait_js(shot_js, "the terminal canvas")
        deadline = time.monotonic() + WAIT
        while True:
            small = base64.b64decode(
                (
                    await tools.call(
                        "Page.captureScreenshot",
                        clip={"x": 0, "y": 0, "width": 1280, "height": 720, "scale": 0.25},
                    )
                )["data"]
            )
            width, height, pixels = _png_pixels(small)
            counts = Counter(pixels)
            themed = sum(counts[c] for c in DARK_THEME)
            # Painted means what is asserted below: under load the first frames can fill
            # the view before every colour of the theme is on it.
            painted = (
                themed > len(pixels) // 2
                and all(counts[c] > 0 for c in DARK_THEME)
                and len(counts) >= 8
            )
            if painted or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert not await tools.js("document.body.classList.contains('-closed')"), (
            "the console's session ended in the browser"
        )
        # the console is on screen: now the full-size picture of it
        full = base64.b64decode((await tools.call("Page.captureScreenshot"))["data"])

    shot = tmp_path / "serve.png"
    shot.write_bytes(full)
    assert shot.stat().st_size > 10_000, f"{shot.stat().st_size} bytes: a blank page?"
    assert full[12:16] == b"IHDR" and struct.unpack(">I", full[16:20])[0] == 1280
    assert (width, height) == (320, 180)
    # not blank: many colours, and most of the view is painted in the console's own theme
    assert len(counts) >= 8, counts.most_common(5)
    assert themed > len(pixels) // 2, counts.most_common(5)
    assert all(counts[c] > 0 for c in DARK_THEME), counts.most_common(5)
