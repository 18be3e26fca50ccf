"""The fleet view with thirty rollouts on the fake API server (real client): sorted with those
waiting for a person first, `/` filter, Enter into a rollout's console and Esc back, a gate
opening elsewhere shown in the table, on the status line and as a toast; each rollout opened
is its own recorded session."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from console.control.argo import ArgoRolloutsDecider
from console.runner import LiveSession
from console.sources.kube import KubeSource
from console.sources.kube.fleet import FleetSource
from console.ui.fleet_app import FleetApp
from console.ui.screens.console import ConsoleScreen
from console.ui.screens.fleet import FleetScreen
from tests.helpers.fake_kube_api import FakeKubeAPI
from tests.helpers.fleet import WAITING, serve_fleet
from tests.helpers.ui import screen_text, wait_for

NS = "shop"


def fleet_app(api: FakeKubeAPI, tmp_path: Path) -> FleetApp:
    kubeconfig = str(api.kubeconfig(tmp_path / "kc"))
    fleet = FleetSource(NS, kubeconfig=kubeconfig, max_backoff=1.0)

    def make_session(namespace: str, name: str) -> LiveSession:
        kube = KubeSource(namespace, name, kubeconfig=kubeconfig, max_backoff=1.0)
        decider = ArgoRolloutsDecider(
            namespace, name, kubeconfig=kubeconfig, current=kube.rollout_object
        )
        return LiveSession(
            db_path=tmp_path / "fleet.db",
            name=f"{namespace}/{name}",
            sources=[kube],
            decider=decider,
            analyzers=[],
            label="watch",
        )

    return FleetApp(fleet, make_session, refresh_interval=0.05, persist_theme=False)


@pytest.fixture
def api() -> Any:
    server = FakeKubeAPI(NS)
    serve_fleet(server)
    yield server
    server.close()


def name(line: str) -> str:
    words = line.split()
    return words[1] if words[0] == "▶" else words[0]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_thirty_rollouts_sorted_filtered_and_fitting(
    api: FakeKubeAPI, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = fleet_app(api, tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: len(app.fleet.tracker.rows) == 30, what="30 rows")
        await wait_for(pilot, lambda: "30 rollouts" in screen_text(app), what="the table drawn")
        text = screen_text(app)
        lines = text.splitlines()
        assert "▶ 4 waiting for you" in lines[0]
        assert all(len(line) <= size[0] for line in lines)
        assert lines[1].split()[:2] == ["NAME", "STR" if size[0] < 100 else "STRATEGY"]
        rows = lines[2 : 2 + 30]
        waiting = [line.split()[1] for line in rows[:4]]
        assert all(line.lstrip().startswith("▶") for line in rows[:4])
        assert sorted(waiting) == sorted(WAITING)
        assert "▶" not in "".join(rows[4:])
        assert "✖ Aborted" in rows[4]  # then the broken ones
        assert "✔ Healthy" in rows[-1] if size[1] >= 40 else "✔ Healthy" not in "".join(rows)
        cart = next(line for line in rows if name(line) == "cart")
        strategy = "canary" if size[0] >= 100 else "can"
        assert cart.split()[2:9] == [strategy, "‖", "Paused", "1/8", "20/20", "7", "8.2.0"]
        if size[1] >= 40:  # all thirty fit
            assert [name(line) for line in rows[-7:]] == [
                "accounts", "auth", "emails", "feeds", "notify", "orders", "stock",
            ]  # fmt: skip
        await pilot.press("slash")
        await pilot.press(*"ledger")
        await wait_for(pilot, lambda: "1 of 30 rollouts" in screen_text(app), what="filtered")
        shown = [line for line in screen_text(app).splitlines()[2:] if "‖" in line or "✔" in line]
        assert len(shown) == 1 and "ledger" in shown[0]
        await pilot.press("enter", "escape")
        await wait_for(pilot, lambda: "· 30 rollouts" in screen_text(app), what="filter cleared")


async def test_enter_opens_the_console_esc_comes_back_and_gates_elsewhere_show(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    app = fleet_app(api, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app.fleet.tracker.rows) == 30, what="30 rows")
        await wait_for(pilot, lambda: "30 rollouts" in screen_text(app), what="the table drawn")
        fleet_screen = app.screen
        assert isinstance(fleet_screen, FleetScreen)
        await pilot.press("slash", *"payments", "enter")
        await wait_for(pilot, lambda: "1 of 30" in screen_text(app), what="filtered")
        await pilot.press("enter")
        console = await wait_for(
            pilot, lambda: isinstance(app.screen, ConsoleScreen) and app.screen, what="console"
        )
        [session] = app.sessions
        await wait_for(pilot, lambda: session.state.gate, what="the blue-green's gate")
        assert session.state.gate["gate_id"] == "payments-bg/promotion"
        assert session.state.gate["stage_pct"] == 0.0
        assert "payments-bg" in screen_text(app)

        # A gate opens on a rollout not on screen: a pause step reached by "orders".
        def pause(o: dict[str, Any]) -> None:
            o["spec"]["strategy"]["blueGreen"]["autoPromotionEnabled"] = False
            o["status"].update(
                currentPodHash="9d8c7b6a5",
                phase="Paused",
                message="BlueGreenPause",
                controllerPause=True,
                pauseConditions=[{"reason": "BlueGreenPause", "startTime": "2026-11-22T10:00:00Z"}],
            )

        api.modify("rollouts", "orders", pause)
        await wait_for(
            pilot,
            lambda: any("shop/orders is waiting for you" in n.message for n in app._notifications),
            what="the toast",
        )
        assert app.screen is console
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is fleet_screen, what="back on the fleet")
        await pilot.press("escape")  # clear the filter
        await wait_for(pilot, lambda: "▶ 5 waiting for you" in screen_text(app), what="5 waiting")
        text = screen_text(app)
        assert "shop/orders is waiting for you" in text.splitlines()[-2]
        orders = next(line for line in text.splitlines() if " orders " in line)
        assert orders.lstrip().startswith("▶") and "‖ Paused" in orders
        await wait_for(pilot, lambda: session.finished.is_set(), what="the session stopped")
    app.close_all()
    with sqlite3.connect(tmp_path / "fleet.db") as db:
        names = [n for (n,) in db.execute("SELECT name FROM sessions")]
    assert names == ["shop/payments-bg"]
