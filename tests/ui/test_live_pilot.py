"""Issue #2: the real console (screen, session, recorder) over the real simulated agent, on
loopback, runs each scenario to its end, and the recorded session holds what the agent did."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.runner import LiveSession
from console.sources.logfile import LogFileSource
from console.ui.app import OpsConsoleApp
from console.ui.live_feed import LiveFeed
from console.ui.widgets.log_view import LogView
from tests.helpers.ui import Live, export_text, screen_text, until_finished, wait_for

OUTCOMES = {
    "healthy": "succeeded",
    "missing-index": "rolled_back",
    "pool-exhaustion": "rolled_back",
    "config-bug": "rolled_back",
}


def agent_items(lv: Live) -> list[dict[str, Any]]:
    """Everything the simulated agent served, read straight from it (it serves until stop)."""
    headers = {"Authorization": f"Bearer {lv.sim.token}"}
    with httpx.Client(base_url=lv.sim.url, headers=headers, timeout=20) as http:
        resp = http.get("/v1/events", params={"after": 0})
        resp.raise_for_status()
    return [json.loads(line) for line in resp.text.splitlines() if line.strip()]


@pytest.mark.parametrize("scenario", sorted(OUTCOMES))
async def test_scenario_runs_to_its_end_and_is_recorded(scenario: str, live: Any) -> None:
    lv: Live = live(scenario)
    async with lv.app.run_test(size=(120, 40)) as pilot:
        await until_finished(pilot, lv, approve=True)
        assert lv.session.errors == []
        assert lv.sim.wait(30)
        assert lv.state.outcome is not None
        assert lv.state.outcome["status"] == OUTCOMES[scenario] == lv.sim.outcome
        await pilot.pause(0.15)  # a tick or two: the screen shows the end
        text = screen_text(lv.app)
        assert "ENDED" in text and "RECORDING" in text
        assert ("succeeded" if scenario == "healthy" else "rolled back") in text

    items = agent_items(lv)
    assert items and items[0]["type"] == "session"
    # The stages are the traffic shifts the agent's own log announced, in order.
    shifts = [
        float(m.group(1))
        for item in items
        if item["type"] == "log"
        and (m := re.search(r"traffic_shift\(percentage=(\d+(?:\.\d+)?)\b", item["line"]))
    ]
    stages = [s["traffic_pct"] for s in lv.events("stage")]
    assert stages == shifts
    if scenario == "healthy":
        assert stages == [10.0, 25.0, 50.0, 75.0, 100.0]
    else:
        assert stages[:2] == [10.0, 25.0] and stages == sorted(stages)
        assert lv.events("rollback"), "a rolled back rollout records its rollback"
    outcome = lv.events("outcome")
    assert outcome and outcome[-1]["status"] == OUTCOMES[scenario]

    # Every metric sample the agent produced is stored, from the agent, with its value.
    stored: dict[tuple[str, str], list[float]] = {}
    for metric in lv.events("metric"):
        if metric["source"] == "agent":
            key = (metric["name"], metric.get("scope") or "")
            stored.setdefault(key, []).append(metric["value"])
    samples = [s for item in items if item["type"] == "metrics" for s in item["samples"]]
    assert len(samples) > 20
    missing = [
        s
        for s in samples
        if float(s["value"]) not in stored.get((s["name"], s.get("scope") or ""), [])
    ]
    assert missing == []
    assert sum(len(v) for v in stored.values()) >= len(samples)
    # The gates the agent opened are the gates the session recorded.
    opened = [i["gate"]["gate_id"] for i in items if i["type"] == "gate_opened"]
    assert [g["gate_id"] for g in lv.events("gate_opened")] == opened


HOSTILE = "[bold red]x[/] \x1b[31mred\x1b[0m \x1b]52;c;aGVsbG8=\x07 done"


async def test_markup_and_escapes_in_a_log_line_reach_the_screen_literally(
    tmp_path: Path,
) -> None:
    log = tmp_path / "agent.log"
    log.write_text(
        "[14:05:00] [INFO] Agent starting up\n"
        f"[14:05:01] [ERROR] {HOSTILE}\n"
        f"  - detail: {HOSTILE}\n"
        "[14:05:02] [INFO] after the hostile line\n",
        encoding="utf-8",
    )
    session = LiveSession(
        db_path=tmp_path / "s.db", name="hostile", sources=[LogFileSource(str(log))]
    )
    app = OpsConsoleApp(
        LiveFeed(session), runner=session.run, refresh_interval=0.05, persist_theme=False
    )
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            view = app.screen.query_one(LogView)
            await wait_for(
                pilot,
                lambda: any("after the hostile line" in t for t in view.visible_text()),
                what="the log lines on screen",
            )
            lines = view.visible_text()
            assert any("[bold red]x[/]" in t for t in lines)
            for t in lines:
                assert "\x1b" not in t and "\x07" not in t
            rendered = "".join(
                seg.text for y in range(view.size.height) for seg in view.render_line(y)
            )
            assert "\x1b" not in rendered and "[bold red]x[/]" in rendered
            assert "[bold red]x[/]" in screen_text(app)
            assert "\x1b" not in screen_text(app)
            exported = export_text(app)  # a saved screenshot shows it literally too
            assert "[bold red]x[/]" in exported and "\x1b" not in exported
            await asyncio.sleep(0)
    finally:
        session.close()
