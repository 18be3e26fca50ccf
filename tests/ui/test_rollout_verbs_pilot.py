"""The rollout verbs on screen: greyed out with their reason, confirmed with the exact patch,
recorded as decisions, sent on the wire (fake API server, real client)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList

from console.control.argo import ArgoRolloutsDecider
from console.runner import LiveSession
from console.sources.kube import KubeSource
from console.ui.app import OpsConsoleApp
from console.ui.live_feed import LiveFeed
from console.ui.screens.confirm import ConfirmDecision
from console.ui.screens.verbs import RolloutVerbs
from tests.helpers.argo import NS, OLD_HASH, blue_green, replica_set
from tests.helpers.fake_kube_api import FakeKubeAPI
from tests.helpers.ui import screen_text, wait_for


async def test_retry_an_aborted_blue_green_from_the_verbs_screen(tmp_path: Path) -> None:
    api = FakeKubeAPI(NS)
    api.add("rollouts", blue_green("cart", aborted=True))
    api.add("replicasets", replica_set("cart", OLD_HASH, 3, available=3))
    kubeconfig = str(api.kubeconfig(tmp_path / "kc"))
    source = KubeSource(NS, "cart", kubeconfig=kubeconfig, max_backoff=1.0)
    decider = ArgoRolloutsDecider(
        NS,
        "cart",
        kubeconfig=kubeconfig,
        current=source.rollout_object,
        replica_sets=source.replica_sets,
    )
    session = LiveSession(
        db_path=tmp_path / "s.db", name="cart", sources=[source], decider=decider, analyzers=[]
    )
    app = OpsConsoleApp(
        LiveFeed(session), runner=session.run, refresh_interval=0.05, persist_theme=False
    )
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: session.state.outcome, what="the rolled-back outcome")
            await wait_for(pilot, lambda: "✖ Degraded" in screen_text(app), what="the panel")
            panel = screen_text(app)
            # The Rollout panel (44 columns wide here: its lines wrap).
            assert "active serves the stable revision, 0% on" in panel
            assert "RolloutAborted: Rollout aborted update to" in panel
            await pilot.press("v")
            screen = await wait_for(
                pilot, lambda: isinstance(app.screen, RolloutVerbs) and app.screen, what="verbs"
            )
            text = screen_text(app)
            assert "✗ promote       the update is aborted: retry it first" in text
            assert "▸ retry         start the aborted update again" in text
            assert "✗ undo          no previous revision in history" in text
            options = screen.query_one(OptionList)
            options.highlighted = [o.id for o in options._options].index("retry")
            await pilot.press("enter")
            confirm = await wait_for(
                pilot,
                lambda: isinstance(app.screen, ConfirmDecision) and app.screen,
                what="confirm",
            )
            shown = screen_text(app)
            assert '{"status":{"abort":false}}' in shown
            assert f"rollouts.argoproj.io/cart in namespace {NS} (status)" in shown
            assert confirm is app.screen
            await pilot.press("enter")
            await wait_for(
                pilot,
                lambda: (
                    session.state.decisions and session.state.decisions[-1]["result"] != "pending"
                ),
                what="the decision's result",
            )
            decision = session.state.decisions[-1]
            assert (decision["decision"], decision["via"], decision["result"]) == (
                "retry",
                "argo",
                "accepted",
            )
            [patch] = api.requests_for("PATCH", "/rollouts/cart")
            assert json.loads(patch.body) == {"status": {"abort": False}}
    finally:
        session.close()
        api.close()
