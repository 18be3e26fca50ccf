"""A namespace of thirty Rollouts in every state, for the fleet view's tests and for looking
at it by hand: ``python -m tests.helpers.fleet KUBECONFIG`` serves them on 127.0.0.1 and
writes a kubeconfig for it (Ctrl-C stops it)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from tests.helpers.argo import (
    NEW_HASH,
    OLD_HASH,
    aborted_by_analysis,
    blue_green,
    canary,
    replica_set,
)
from tests.helpers.fake_kube_api import FakeKubeAPI

WAITING = ("cart", "search-api", "payments-bg", "ledger")  # the four that wait for a person
SERVICES = (
    "accounts", "auth", "basket", "billing", "catalog", "checkout", "coupons", "delivery",
    "emails", "feeds", "gateway", "graphql", "images", "inventory", "invoices", "media",
    "notify", "orders", "pricing", "profiles", "ratings", "refunds", "reviews", "shipping",
    "stock", "tax",
)  # fmt: skip


def fleet_objects() -> list[dict[str, Any]]:
    """Thirty rollouts: four waiting for a person, two aborted, one InvalidSpec, timed pauses,
    analysis and experiment steps, blue-greens promoted, canaries healthy."""
    out = [
        canary("cart", step=1),
        canary("search-api", step=7, router=False),
        blue_green("payments-bg"),
        blue_green("ledger", legacy=True),
    ]
    for i, name in enumerate(SERVICES):
        kind = i % 8
        if kind == 0:
            obj = canary(name, step=8, phase="Healthy")
            obj["status"].update(stableRS=NEW_HASH, message="")
        elif kind == 1:
            obj = blue_green(name, promoted=True)
        elif kind == 2:
            obj = canary(name, step=3)  # a timed pause: it resumes by itself
        elif kind == 3:
            obj = canary(name, step=4)  # an analysis step
        elif kind == 4:
            obj = canary(name, step=5)
            aborted_by_analysis(obj, f"{name}-{NEW_HASH}-7")
        elif kind == 5:
            obj = canary(name, step=6)  # an experiment step
        elif kind == 6:
            obj = blue_green(name, auto_promotion_seconds=3600)
        else:
            obj = canary(name, step=2, router=False)
        obj["metadata"]["creationTimestamp"] = f"2026-11-{1 + i % 20:02d}T08:00:00Z"
        out.append(obj)
    out[-1]["status"]["conditions"].append(
        {
            "type": "InvalidSpec",
            "status": "True",
            "reason": "InvalidSpec",
            "message": "The Rollout is invalid: spec.strategy.canary.steps[2].setWeight:"
            " Invalid value: 140: must be between 0 and 100",
        }
    )
    out[-1]["status"].pop("phase", None)
    return out


def serve_fleet(api: FakeKubeAPI) -> None:
    for obj in fleet_objects():
        api.add("rollouts", obj)
        name = obj["metadata"]["name"]
        api.add("replicasets", replica_set(name, OLD_HASH, 6, available=4))
        api.add("replicasets", replica_set(name, NEW_HASH, 7, available=1))


if __name__ == "__main__":
    server = FakeKubeAPI("shop")
    serve_fleet(server)
    server.kubeconfig(Path(sys.argv[1]))
    print(f"serving 30 rollouts at {server.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.close()
