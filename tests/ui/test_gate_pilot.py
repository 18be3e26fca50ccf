"""Issue #4: the gate bar's buttons and the rollback confirmation, driven with Pilot against the
real simulated agent over loopback HTTP; what was sent is read back from the recorded session."""

from __future__ import annotations

import json
from typing import Any

import httpx
from textual.widgets import Button, Input, Static

from console.control.decisions import READ_ONLY
from console.ui.screens.confirm import ConfirmDecision
from tests.helpers.ui import Live, replay_app, sample, screen_text, until_finished, wait_for


def static_text(widget: Static) -> str:
    return str(widget.render())


def gate_text(lv: Live) -> str:
    return static_text(lv.app.screen.query_one("#gate-text", Static))


def why_text(lv: Live) -> str:
    return static_text(lv.app.screen.query_one("#gate-why", Static))


def button(lv: Live, verb: str) -> Button:
    return lv.app.screen.query_one(f"#verb-{verb}", Button)


def agent_status(lv: Live) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {lv.sim.token}"}
    with httpx.Client(base_url=lv.sim.url, headers=headers, timeout=10) as http:
        return http.get("/v1/status").json()


async def open_gate_with_checks(pilot: Any, lv: Live) -> dict[str, Any]:
    gate: dict[str, Any] = await wait_for(
        pilot,
        lambda: lv.state.gate if lv.state.gate and lv.state.gate.get("checks") else None,
        what="a gate with its checks",
    )
    await wait_for(pilot, lambda: "GATE" in gate_text(lv), what="the gate bar")
    return gate


async def test_gate_bar_shows_the_gate_and_approve_shifts_to_25(live: Any) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=(120, 40)) as pilot:
        gate = await open_gate_with_checks(pilot, lv)
        assert (gate["stage_pct"], gate["next_pct"]) == (10.0, 25.0)
        text = gate_text(lv)
        assert f"GATE {gate['gate_id']}" in text
        assert "stage 10% done" in text and "waiting " in text
        assert "Approve will shift to 25%" in text
        for check in gate["checks"]:
            symbol = {True: "✓", False: "✗", None: "?"}[check["ok"]]
            # A passing check names itself; a failing or unknown one says why in full.
            said = check["name"] if check["ok"] is True else check["reason"] or check["name"]
            assert f"{symbol} {said}"[:60] in text
        assert "blue→green" in text
        assert lv.app.screen.query_one("#gate").has_class("-open")
        assert not button(lv, "approve").disabled
        assert "Approve" in screen_text(lv.app)

        await pilot.click("#verb-approve")
        await wait_for(pilot, lambda: lv.state.green_pct == 25.0, what="25 % on green")
        decisions = lv.events("decision")
        assert [(d["decision"], d["gate_id"]) for d in decisions] == [("approve", gate["gate_id"])]
        assert agent_status(lv)["traffic"]["green_pct"] >= 25.0
        nxt = await wait_for(pilot, lambda: lv.state.gate, what="the next gate")
        assert nxt["stage_pct"] == 25.0


async def test_hold_keeps_the_gate_open_and_shows_held(live: Any) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=(120, 40)) as pilot:
        gate = await open_gate_with_checks(pilot, lv)
        await pilot.press("h")
        await wait_for(pilot, lambda: (lv.state.gate or {}).get("held"), what="the hold")
        await wait_for(pilot, lambda: "HELD" in gate_text(lv), what="HELD on the gate bar")
        assert lv.state.gate["gate_id"] == gate["gate_id"]
        assert button(lv, "hold").disabled
        assert "hold: the gate is already held" in why_text(lv)
        assert not button(lv, "approve").disabled  # a hold never decides for anyone
        assert agent_status(lv)["gate"]["gate_id"] == gate["gate_id"]
        assert [d["decision"] for d in lv.events("decision")] == ["hold"]


async def test_rollback_asks_shows_what_it_sends_and_can_be_cancelled(live: Any) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=(120, 40)) as pilot:
        gate = await open_gate_with_checks(pilot, lv)
        await pilot.press("r")
        modal = await wait_for(
            pilot,
            lambda: lv.app.screen if isinstance(lv.app.screen, ConfirmDecision) else None,
            what="the confirmation",
        )
        request = static_text(modal.query_one("#confirm-request", Static))
        assert f"POST {lv.sim.url}/v1/gates/{gate['gate_id']}/decision" in request
        body = json.loads(request.replace("␊", "\n").splitlines()[-1])
        assert body["decision"] == "rollback" and body["operator"]
        assert set(body) == {"decision", "operator", "reason"}
        assert lv.sim.token not in request and lv.sim.token not in screen_text(lv.app)
        assert "This will be sent" in screen_text(lv.app)

        await pilot.press("enter")  # no reason: refused, the dialog stays
        await pilot.pause()
        assert lv.app.screen is modal
        assert "A reason is required." in static_text(modal.query_one("#confirm-error", Static))

        await pilot.press("escape")  # cancel: nothing is sent
        await wait_for(pilot, lambda: lv.app.screen is not modal, what="the dialog to close")
        await pilot.pause(0.2)
        assert lv.events("decision") == []
        assert lv.state.gate["gate_id"] == gate["gate_id"]
        assert agent_status(lv)["state"] == "at_gate"

        await pilot.press("r")
        modal = await wait_for(
            pilot,
            lambda: lv.app.screen if isinstance(lv.app.screen, ConfirmDecision) else None,
            what="the confirmation again",
        )
        modal.query_one("#confirm-reason", Input).focus()
        await pilot.press(*"p99 regress")
        await pilot.press("enter")
        await until_finished(pilot, lv)
        assert lv.state.outcome["status"] == "rolled_back"
        sent = lv.events("decision")
        assert [(d["decision"], d["reason"]) for d in sent] == [("rollback", "p99 regress")]


async def test_rollback_during_monitoring_is_an_abort_with_the_same_confirmation(
    live: Any,
) -> None:
    # Slow enough that the 10 % stage is monitored for a few seconds before its gate opens.
    lv: Live = live("healthy", speed=60.0)
    async with lv.app.run_test(size=(120, 40)) as pilot:
        await wait_for(
            pilot,
            lambda: lv.state.stages and lv.state.gate is None and lv.state.green_pct == 10.0,
            what="the 10 % stage",
        )
        await wait_for(pilot, lambda: "no gate is open" in why_text(lv), what="why")
        assert "approve" in why_text(lv)
        assert button(lv, "approve").disabled and button(lv, "hold").disabled
        assert not button(lv, "rollback").disabled
        await pilot.press("a")  # disabled verb: says why, sends nothing
        await pilot.pause()
        assert lv.events("decision") == []

        await pilot.press("r")
        modal = await wait_for(
            pilot,
            lambda: lv.app.screen if isinstance(lv.app.screen, ConfirmDecision) else None,
            what="the confirmation",
        )
        assert "abort the rollout" in screen_text(lv.app)
        request = static_text(modal.query_one("#confirm-request", Static))
        assert f"POST {lv.sim.url}/v1/rollback" in request and lv.sim.token not in request
        await pilot.press(*"abort now", "enter")
        await until_finished(pilot, lv)
        assert lv.state.outcome["status"] == "rolled_back"
        assert [d["reason"] for d in lv.events("decision")] == ["abort now"]


async def test_read_only_shows_the_gate_and_sends_nothing(live: Any) -> None:
    lv: Live = live("healthy", read_only=True)
    async with lv.app.run_test(size=(120, 40)) as pilot:
        gate = await open_gate_with_checks(pilot, lv)
        assert "READ-ONLY" in screen_text(lv.app)
        for verb in ("approve", "hold", "rollback"):
            assert button(lv, verb).disabled, verb
            assert f"{verb}: {READ_ONLY}" in why_text(lv) or READ_ONLY in why_text(lv)
        await pilot.press("a", "h", "r")
        await pilot.click("#verb-approve")
        await pilot.click("#verb-rollback")
        await pilot.pause(0.2)
        assert not isinstance(lv.app.screen, ConfirmDecision)
        assert lv.events("decision") == []
        status = agent_status(lv)
        assert status["state"] == "at_gate" and status["gate"]["gate_id"] == gate["gate_id"]


async def confirm_rollback(pilot: Any, lv: Live) -> ConfirmDecision:
    await open_gate_with_checks(pilot, lv)
    await pilot.press("r")
    dialog: ConfirmDecision = await wait_for(
        pilot,
        lambda: lv.app.screen if isinstance(lv.app.screen, ConfirmDecision) else None,
        what="the confirmation",
    )
    return dialog


async def test_the_confirmation_shows_the_request_line_by_line(live: Any) -> None:
    lv: Live = live("healthy")
    async with lv.app.run_test(size=(120, 40)) as pilot:
        dialog = await confirm_rollback(pilot, lv)
        request = static_text(dialog.query_one("#confirm-request", Static))
        assert "␊" not in request
        lines = screen_text(lv.app).splitlines()
        post = [i for i, line in enumerate(lines) if "POST http://127.0.0.1:" in line]
        body = [i for i, line in enumerate(lines) if '{"decision": "rollback"' in line]
        assert len(post) == len(body) == 1 and body[0] == post[0] + 3, lines
        await pilot.press("escape")


async def test_buttons_show_their_keys() -> None:
    app, _ = replay_app(sample("missing-index"), seek=100)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Approve [a]" in text and "Hold [h]" in text and "Rollback [r]" in text
        app.push_screen(
            ConfirmDecision("Roll back", lambda reason: "POST http://agent/v1/rollback")
        )
        await pilot.pause()
        text = screen_text(app)
        assert "Send [enter]" in text and "Cancel [esc]" in text
