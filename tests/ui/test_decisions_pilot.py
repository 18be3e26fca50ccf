"""Issue 20, item 5: decisions with care. Approving past a failing check asks first and names
the check; quitting with a gate open asks first. Against the real simulated agent."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from textual.widgets import Static

from console.ui.screens.confirm import ConfirmDecision, ConfirmQuit
from tests.helpers.ui import Live, replay_app, sample, screen_text, wait_for


def _failing(gate: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [c for c in (gate or {}).get("checks") or [] if c.get("ok") is False]


async def _gate_with_a_failing_check(pilot: Any, lv: Live) -> dict[str, Any]:
    """Approve the gates whose checks pass (no question asked) until one has a failing check."""
    approved: set[str] = set()
    while True:
        gate: dict[str, Any] = await wait_for(
            pilot,
            lambda: (
                lv.state.gate
                if lv.state.gate
                and lv.state.gate.get("checks")
                and lv.state.gate["gate_id"] not in approved
                else None
            ),
            what="a gate with its checks",
        )
        if _failing(gate):
            return gate
        approved.add(gate["gate_id"])
        await pilot.press("a")
        await pilot.pause(0.05)
        assert not isinstance(lv.app.screen, ConfirmDecision)  # every check passed: no question


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_approve_past_a_failing_check_asks_and_names_it(
    live: Any, size: tuple[int, int]
) -> None:
    lv: Live = live("pool-exhaustion")
    async with lv.app.run_test(size=size) as pilot:
        gate = await _gate_with_a_failing_check(pilot, lv)
        before = len(lv.events("decision"))
        await pilot.press("a")
        modal = await wait_for(
            pilot,
            lambda: lv.app.screen if isinstance(lv.app.screen, ConfirmDecision) else None,
            what="the approve confirmation",
        )
        text = screen_text(lv.app)
        for check in _failing(gate):
            assert check["name"] in str(modal.query_one("#confirm-title").render())
            warning = str(modal.query_one("#confirm-warning", Static).render())
            assert f"✗ {check['name']}: " in warning
        assert "Approve although" in text

        await pilot.press("escape")  # cancelled: nothing goes
        await wait_for(pilot, lambda: lv.app.screen is not modal, what="the dialog to close")
        await pilot.pause(0.2)
        assert len(lv.events("decision")) == before
        assert lv.state.gate["gate_id"] == gate["gate_id"]

        await pilot.press("a")
        await wait_for(
            pilot, lambda: isinstance(lv.app.screen, ConfirmDecision), what="the dialog again"
        )
        await pilot.press(*"accepting the pool risk", "enter")
        await wait_for(
            pilot, lambda: len(lv.events("decision")) > before, what="the decision recorded"
        )
        sent = lv.events("decision")[-1]
        assert (sent["decision"], sent["gate_id"]) == ("approve", gate["gate_id"])
        assert sent["reason"] == "accepting the pool risk"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_quit_with_a_gate_open_asks(live: Any, size: tuple[int, int]) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=size) as pilot:
        gate = await wait_for(pilot, lambda: lv.state.gate, what="a gate")
        await pilot.press("q")
        modal = await wait_for(
            pilot,
            lambda: lv.app.screen if isinstance(lv.app.screen, ConfirmQuit) else None,
            what="the quit question",
        )
        text = screen_text(lv.app)
        assert "Quit with a gate open?" in text
        assert f"Gate {gate['gate_id']} is open" in text
        await pilot.press("n")
        await wait_for(pilot, lambda: lv.app.screen is not modal, what="the question to close")
        assert lv.app.is_running and lv.app.return_code is None
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(lv.app.screen, ConfirmQuit), what="asked again")
        await pilot.press("y")
        await wait_for(pilot, lambda: lv.app.return_code == 0, what="the app to quit")


async def test_the_quit_question_closes_when_the_gate_does(live: Any) -> None:
    # A gate closed while the question is up (the agent's answer to a decision already sent,
    # another operator's): the question goes, the console stays, and says why.
    lv: Live = live("healthy")
    async with lv.app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: lv.state.gate, what="a gate")
        await pilot.press("q")
        modal = await wait_for(
            pilot,
            lambda: lv.app.screen if isinstance(lv.app.screen, ConfirmQuit) else None,
            what="the quit question",
        )
        await lv.session.decide("approve", "closed from elsewhere")
        await wait_for(pilot, lambda: lv.state.gate is None, what="the gate to close")
        await wait_for(pilot, lambda: lv.app.screen is not modal, what="the question to close")
        assert lv.app.is_running and lv.app.return_code is None
        await wait_for(pilot, lambda: "The gate closed" in screen_text(lv.app), what="why")


async def test_quit_in_replay_at_a_gate_does_not_ask() -> None:
    # Replay decides nothing, so nothing waits on it.
    app, feed = replay_app(sample("missing-index"))
    gate = feed.cursor.markers(("gate",), limit=1)[0]
    feed.seek(gate.seq)
    assert feed.state.gate is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code == 0, what="the app to quit")


async def test_the_approve_question_closes_when_its_gate_closes_meanwhile(live: Any) -> None:
    lv: Live = live("pool-exhaustion")
    async with lv.app.run_test(size=(120, 40), notifications=True) as pilot:
        gate = await _gate_with_a_failing_check(pilot, lv)
        await pilot.press("a")
        await wait_for(
            pilot, lambda: isinstance(lv.app.screen, ConfirmDecision), what="the question"
        )
        # Someone else decides this gate (another console, the agent's own timeout).
        headers = {"Authorization": f"Bearer {lv.sim.token}"}
        async with httpx.AsyncClient(base_url=lv.sim.url, headers=headers, timeout=10) as http:
            reply = await http.post(
                f"/v1/gates/{gate['gate_id']}/decision",
                json={"decision": "rollback", "operator": "other", "reason": "elsewhere"},
            )
        assert reply.status_code == 200, reply.text
        await wait_for(
            pilot,
            lambda: not isinstance(lv.app.screen, ConfirmDecision),
            what="the question to close",
        )
        await pilot.pause(0.2)
        assert f"Gate {gate['gate_id']} closed meanwhile: nothing was sent." in screen_text(lv.app)
        sent = [d["decision"] for d in lv.events("decision") if d["gate_id"] == gate["gate_id"]]
        assert "approve" not in sent


async def test_a_retried_decision_shows_only_its_newest_outcome(live: Any) -> None:
    """Approve's delivery is aborted (the agent's connection drops before it answers): the
    failure is shown. Approve again, delivered: the success is what the screen shows, not
    the earlier failure beside it."""
    from console.control.agent import AgentDecider

    async def abort(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)  # a request begins ... and the connection goes
        writer.transport.abort()

    dropper = await asyncio.start_server(abort, "127.0.0.1", 0)
    port = dropper.sockets[0].getsockname()[1]
    lv: Live = live("healthy")
    try:
        async with lv.app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_for(pilot, lambda: lv.state.gate, what="a gate")
            desk = lv.session.desk
            real = desk.decider
            desk.decider = AgentDecider(f"http://127.0.0.1:{port}", "t", attempts=1)
            await pilot.press("a")
            await wait_for(
                pilot, lambda: "approve: failed" in screen_text(lv.app), what="the failure"
            )
            desk.decider = real
            await pilot.press("a")
            await wait_for(
                pilot, lambda: "approve: accepted" in screen_text(lv.app), what="the success"
            )
            await pilot.pause(0.1)
            assert "approve: failed" not in screen_text(lv.app)
    finally:
        dropper.close()
        await dropper.wait_closed()
