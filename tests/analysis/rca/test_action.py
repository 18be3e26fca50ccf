"""What to do: it names what to act on, and never rolls back on thin evidence or for someone
else's failure."""

from console.analysis.analysts import DeployFindings, LogFindings, MetricFindings
from console.analysis.rca.action import ACT_MIN_CONFIDENCE, action
from console.analysis.rca.changes import Change
from console.analysis.rca.context import Facts
from console.analysis.rca.model import Candidate

AT = 1_770_000_000.0


def _facts() -> Facts:
    return Facts(
        service="orders",
        records=[],
        episode=None,
        onset=AT + 900,
        onset_what="",
        end=AT + 3600,
        signatures=[],
        changes=[],
        logs=LogFindings(),
        metrics=MetricFindings(),
        deploys=DeployFindings(),
        rollout_seen=False,
    )


def test_release_rollback_names_the_previous_version() -> None:
    rel = Change("deployment", AT, "orders", "3.8.1", "3.8.0")
    kind, detail, target = action(Candidate("code_change", change=rel), _facts(), 0.9)
    assert kind == "rollback" and "orders" in detail and "3.8.0" in detail
    assert target == "orders"


def test_no_rollback_below_the_documented_confidence() -> None:
    rel = Change("deployment", AT, "orders", "3.8.1", "3.8.0")
    kind, detail, _ = action(
        Candidate("code_change", change=rel), _facts(), ACT_MIN_CONFIDENCE - 0.01
    )
    assert kind == "escalate" and "3.8.1" in detail


def test_flags_keys_and_env_vars_are_named() -> None:
    flag = Change(
        "feature_flag",
        AT,
        "storefront",
        resource="flag/new-pricing-engine",
        changes={"enabled": {"before": False, "after": True}},
        setting="flag",
    )
    kind, detail, _ = action(Candidate("config_change", change=flag), _facts(), 0.9)
    assert kind == "revert" and "Turn flag new-pricing-engine off" in detail
    cfg = Change(
        "config_change",
        AT,
        "checkout",
        resource="configmap/checkout-config",
        changes={"DB_POOL_SIZE": {"before": 10, "after": 5}},
        setting="config",
    )
    kind, detail, _ = action(Candidate("config_change", change=cfg), _facts(), 0.9)
    assert (
        kind == "revert" and "DB_POOL_SIZE = 10" in detail and "configmap/checkout-config" in detail
    )
    env = Change(
        "config_change",
        AT,
        "mailer",
        resource="deployment/mailer env",
        changes={"SMTP_HOST": {"before": "smtp.x", "after": None}},
        setting="env",
    )
    kind, detail, _ = action(Candidate("config_change", change=env), _facts(), 0.9)
    assert kind == "fix_forward" and "SMTP_HOST" in detail


def test_never_a_rollback_for_an_outage_a_failover_or_another_service() -> None:
    outage = Candidate("dependency", subject="api.paynova.com")
    kind, detail, _ = action(outage, _facts(), 0.95)
    assert kind == "escalate" and "Do not roll back" in detail and "api.paynova.com" in detail
    failover = Candidate("infrastructure", subject="inventory-db")
    kind, detail, _ = action(failover, _facts(), 0.95)
    assert kind == "wait" and "inventory-db" in detail
    other = Change("deployment", AT, "pricing", "v7.4.0", "v7.3.2")
    kind, detail, _ = action(Candidate("dependency", change=other), _facts(), 0.95)
    assert kind == "escalate" and "pricing" in detail and "v7.3.2" in detail


def test_a_crash_loop_is_a_memory_limit_only_when_memory_ran_out() -> None:
    def for_event(text: str) -> str:
        ev = Change("infrastructure", AT, infra="crashloop", text=text, obj="Pod/orders-7d9-x1")
        c = Candidate("infrastructure", change=ev, subject="Pod/orders-7d9-x1")
        kind, detail, _ = action(c, _facts(), 0.85)
        assert kind == "fix_forward" and "Pod/orders-7d9-x1" in detail
        return detail

    assert "memory limit" not in for_event("BackOff: Back-off restarting failed container")
    assert "memory limit" in for_event("BackOff: restarting container (last state OOMKilled)")
