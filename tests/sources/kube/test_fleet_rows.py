"""Fleet rows: one per rollout, read as the controller means it, those needing a person first."""

from __future__ import annotations

from console.sources.kube.fleet import fleet_row, sort_rows
from console.sources.kube.rollout import read_rollout
from tests.helpers.argo import NEW_HASH, aborted_by_analysis, blue_green, canary
from tests.helpers.fleet import WAITING, fleet_objects


def test_thirty_rollouts_sort_with_those_waiting_first() -> None:
    rows = sort_rows([fleet_row(read_rollout(o)) for o in fleet_objects()])
    assert len(rows) == 30
    assert sorted(r.name for r in rows[:4]) == sorted(WAITING)
    assert all(r.waiting for r in rows[:4]) and not any(r.waiting for r in rows[4:])
    ranks = [r.rank for r in rows]
    assert ranks == sorted(ranks)
    assert rows[-1].phase == "Healthy"


def test_a_row_says_what_a_person_needs_to_know() -> None:
    bg = fleet_row(read_rollout(blue_green("cart")))
    assert (bg.strategy, bg.status, bg.step, bg.set_weight, bg.actual_weight) == (
        "blueGreen",
        "‖ Paused",
        "",
        0.0,
        0.0,
    )
    assert bg.waiting and (bg.revision, bg.image_tag) == (4, "3.1.0")
    obj = canary("search", step=5)
    aborted_by_analysis(obj, f"search-{NEW_HASH}-7")
    aborted = fleet_row(read_rollout(obj))
    assert (aborted.status, aborted.step, aborted.rank) == ("✖ Aborted", "5/8", 1)


def test_the_filter_matches_every_word() -> None:
    row = fleet_row(read_rollout(blue_green("payments-bg")))
    assert row.matches("pay bluegreen") and row.matches("PAUSED")
    assert not row.matches("pay canary")
