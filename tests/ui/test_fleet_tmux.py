"""The fleet view in tmux against the fake API server with thirty rollouts: the real command,
keys in, screen out, at 80x24 and 120x40."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.fake_kube_api import FakeKubeAPI
from tests.helpers.fleet import serve_fleet
from tests.helpers.tmux import Tmux, tmux_available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]


@pytest.fixture
def api() -> Iterator[FakeKubeAPI]:
    server = FakeKubeAPI("shop")
    serve_fleet(server)
    yield server
    server.close()


def pause_orders(o: dict[str, Any]) -> None:
    """The controller starts a new blue-green revision of orders and waits for a promote."""
    o["spec"]["strategy"]["blueGreen"]["autoPromotionEnabled"] = False
    o["status"].update(
        currentPodHash="9d8c7b6a5",
        phase="Paused",
        message="BlueGreenPause",
        controllerPause=True,
        pauseConditions=[{"reason": "BlueGreenPause", "startTime": "2026-11-22T10:00:00Z"}],
    )


def pace(seconds: float = 0.5) -> None:
    """A person's pace between keys: keys typed ahead of a screen or focus change go to
    where the focus was (on this shared two-core machine a change can take a while)."""
    time.sleep(seconds)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_fleet_in_tmux(api: FakeKubeAPI, tmp_path: Path, size: tuple[int, int]) -> None:
    kubeconfig = api.kubeconfig(tmp_path / "kc")
    db = tmp_path / "fleet.db"
    t = Tmux(*size, env={"OPSCONSOLE_CONFIG_DIR": str(tmp_path / "cfg")})
    try:
        t.start(
            ["watch", "--kube", "--namespace", "shop", "--kubeconfig", str(kubeconfig),
             "--db", str(db)]
        )  # fmt: skip
        screen = t.wait_for("30 rollouts", timeout=40)
        lines = screen.splitlines()
        assert "▶ 4 waiting for you" in lines[0]
        assert all(line.lstrip().startswith("▶") for line in lines[2:6])
        assert all(len(line) <= size[0] for line in lines)
        pace()
        t.keys("/")
        t.wait_for("filter rollouts (enter")  # the filter is open: what is typed goes to it
        pace()  # and has the focus (under load the keys came before it, and were lost)
        t.keys("ledger")
        t.wait_for("1 of 30 rollouts")
        t.keys("Enter")  # keep the filter, back to the table
        pace()
        t.keys("Enter")  # open ledger's console
        t.wait_for("ledger/promotion", timeout=30)
        api.modify("rollouts", "orders", pause_orders)
        t.wait_for("shop/orders is waiting for you", timeout=30)  # a toast over the console
        t.keys("Escape")  # back to the fleet
        t.wait_for("1 of 30 rollouts")
        pace(1.5)  # an Esc while the console is still being taken down goes to it
        t.keys("Escape")  # clear the filter
        screen = t.wait_for("· 30 rollouts · ▶ 5 waiting for you", timeout=20)
        assert "shop/orders is waiting for you" in screen
        t.keys("q")
        t.wait_for("EXITED 0", timeout=20)
    finally:
        t.close()
    with sqlite3.connect(db) as conn:
        assert [n for (n,) in conn.execute("SELECT name FROM sessions")] == ["shop/ledger"]
