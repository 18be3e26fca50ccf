"""`watch --kube` against the wire-level fake Kubernetes API (tests/kube/fake_api.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import closed_cleanly, opsconsole, query
from tests.helpers.fake_kube_api import FakeKubeAPI
from tests.helpers.kube import CANARY, NS, ROLLOUT, STABLE, controller_status, pod, rollout_object


@pytest.fixture
def api() -> Iterator[FakeKubeAPI]:
    """A canary Rollout paused after its first step (10 %), as tests/kube's fixture has it."""
    server = FakeKubeAPI(NS)
    server.add("rollouts", rollout_object(1, 10))
    for i in range(3):
        server.add("pods", pod(f"{ROLLOUT}-{STABLE}-{i}", STABLE))
    server.add("pods", pod(f"{ROLLOUT}-{CANARY}-0", CANARY))
    yield server
    server.close()


def watch_args(api: FakeKubeAPI, tmp_path: Path, db: Path) -> list[str]:
    kubeconfig = api.kubeconfig(tmp_path / "kubeconfig")
    return [
        "watch", "--kube", "--namespace", NS, "--rollout", ROLLOUT,
        "--kubeconfig", str(kubeconfig), "--headless", "--read-only", "--db", str(db),
    ]  # fmt: skip


def gates(db: Path) -> list[str]:
    sql = "SELECT json_extract(data, '$.gate_id') FROM events WHERE kind = 'gate_opened'"
    return [g for (g,) in query(db, sql)]


def test_a_canary_rollout_through_its_steps_is_recorded(
    api: FakeKubeAPI, tmp_path: Path, background
) -> None:
    db = tmp_path / "kube.db"
    bg = background(*watch_args(api, tmp_path, db))
    bg.wait_for("the first gate", lambda: gates(db) == [f"{ROLLOUT}/step-1"])
    # The Argo controller, promoted by someone else: each setWeight step, then its pause.
    for step, weight in ((3, 25), (5, 50), (7, 75)):
        api.modify(
            "rollouts",
            ROLLOUT,
            lambda o, s=step, w=weight: o.update(status=controller_status(s - 1, w, paused=False)),
        )
        api.modify(
            "rollouts",
            ROLLOUT,
            lambda o, s=step, w=weight: o.update(status=controller_status(s, w)),
        )

    def finish(obj: dict) -> None:
        obj["status"] = controller_status(8, 100, paused=False)
        obj["status"]["phase"] = "Healthy"

    api.modify("rollouts", ROLLOUT, finish)
    bg.wait_for("the outcome", lambda: query(db, "SELECT 1 FROM events WHERE kind = 'outcome'"))
    assert bg.running  # a cluster does not end: the watch goes on until stopped
    code = bg.stop()
    assert code == 0, bg.stderr  # the rollout it saw succeeded
    assert "Traceback" not in bg.stderr
    closed_cleanly(db)
    assert gates(db) == [f"{ROLLOUT}/step-{i}" for i in (1, 3, 5, 7)]
    stages = query(
        db, "SELECT json_extract(data, '$.traffic_pct') FROM events WHERE kind = 'stage'"
    )
    assert [s for (s,) in stages] == [10, 25, 50, 75, 100]
    [(service, outcome, source)] = query(db, "SELECT service, outcome, source FROM sessions")
    assert (service, outcome, source) == (ROLLOUT, "succeeded", "watch")
    out = bg.stdout.splitlines()
    assert [line.split()[2] for line in out if " stage " in line] == [
        "10%", "25%", "50%", "75%", "100%",
    ]  # fmt: skip
    # Nothing was sent to the cluster: --read-only, and nobody decided.
    assert not api.requests_for("PATCH", "/rollouts/")


def test_rbac_403_is_recorded_in_words_and_the_watch_goes_on(
    api: FakeKubeAPI, tmp_path: Path, background
) -> None:
    api.forbidden.add("rollouts")
    db = tmp_path / "kube.db"
    bg = background(*watch_args(api, tmp_path, db))
    sql = (
        "SELECT json_extract(data, '$.message') FROM events"
        " WHERE kind = 'source_status' AND json_extract(data, '$.status') = 'error'"
    )
    [(message,), *_] = bg.wait_for("the RBAC error", lambda: query(db, sql))
    assert bg.running
    code = bg.stop()
    assert "Traceback" not in bg.stderr
    closed_cleanly(db)
    assert message.startswith(f"RBAC refused access to rollouts in namespace {NS} (403 Forbidden")
    assert "cannot list" in message and "grant get/list/watch on rollouts" in message
    assert "RBAC refused access to rollouts" in bg.stdout
    assert code == 128 + 15, bg.stderr  # stopped by SIGTERM before any outcome (issue 19)


def test_a_rejected_token_is_one_line_and_a_failing_exit(api: FakeKubeAPI, tmp_path: Path) -> None:
    db = tmp_path / "kube.db"
    args = watch_args(api, tmp_path, db)
    api.kubeconfig(tmp_path / "kubeconfig", token="expired-token")
    done = opsconsole(tmp_path, *args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.strip()]
    assert "rejected the credentials (401 Unauthorized)" in line and "log in again" in line


def test_attached_to_an_aborted_rollout_the_session_is_rolled_back_with_its_cause(
    tmp_path: Path, background
) -> None:
    from tests.helpers.argo import aborted_by_analysis, analysis_run, canary

    server = FakeKubeAPI(NS)
    try:
        obj = canary("search", step=5)
        aborted_by_analysis(obj, "search-7c6d9f8b5-7")
        server.add("rollouts", obj)
        server.add(
            "analysisruns", analysis_run("search", "search-7c6d9f8b5-7", phase="Failed", failed=3)
        )
        db = tmp_path / "kube.db"
        args = watch_args(server, tmp_path, db)
        args[args.index(ROLLOUT)] = "search"
        bg = background(*args)
        sql = "SELECT json_extract(data, '$.detail') FROM events WHERE kind = 'outcome'"
        [(detail,)] = bg.wait_for("the outcome", lambda: query(db, sql))
        assert "background analysis search-7c6d9f8b5-7 failed" in detail
        code = bg.stop()
        assert "Traceback" not in bg.stderr
        closed_cleanly(db)
        [(outcome,)] = query(db, "SELECT outcome FROM sessions")
        assert outcome == "rolled_back"  # not in_progress
        assert code == 3, bg.stderr
        assert "outcome rolled_back" in bg.stdout
    finally:
        server.close()


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ([], "--kube needs --namespace N or --all-namespaces"),
        (["--namespace", NS, "--headless"], "the fleet view needs the screen"),
    ],
)
def test_the_fleet_view_says_what_it_needs(
    api: FakeKubeAPI, tmp_path: Path, extra: list[str], said: str
) -> None:
    kubeconfig = api.kubeconfig(tmp_path / "kubeconfig")
    done = opsconsole(tmp_path, "watch", "--kube", "--kubeconfig", str(kubeconfig), *extra)
    assert done.returncode == 1
    assert said in done.stderr and "Traceback" not in done.stderr
