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


def test_a_platform_component_in_trouble_is_escalated_not_waited_out() -> None:
    f = _facts()
    node_oom = Change(
        "infrastructure",
        AT + 920,
        infra="oom",
        text="OOMKilling: Memory cgroup out of memory: Killed process 1 (coredns)",
        obj="Node/ip-10-9-4-31.ec2.internal",
        namespace="default",
    )
    dns_pod = Change(
        "infrastructure",
        AT + 930,
        infra="crashloop",
        text="BackOff: Back-off restarting failed container coredns",
        obj="Pod/coredns-7db6d8ff4d-2xk9p",
        namespace="kube-system",
    )
    f.changes = [node_oom, dns_pod]
    top = Candidate("infrastructure", change=node_oom, subject=node_oom.obj or "")
    kind, detail, target = action(top, f, 0.85)
    assert (kind, target) == ("escalate", "coredns")
    assert "kube-system" in detail and "do not roll back" in detail
    # The same node trouble killing only our own pods is waited out.
    f.changes = [node_oom]
    kind, _, _ = action(top, f, 0.85)
    assert kind == "wait"


def test_an_event_still_failing_long_after_it_began_is_not_healing() -> None:
    from console.analysis.rca.onset import Episode

    f = _facts()
    drain = Change("infrastructure", AT + 880, infra="node", text="NodeNotReady", obj="Node/n1")
    top = Candidate("infrastructure", change=drain, subject="Node/n1")

    def episode(end: float | None) -> Episode:
        return Episode(AT + 900, AT + 900, end, "", 0.5, 30.0, 300, 1000, 290.0, 1e-30, "errors")

    f.episode = episode(AT + 1200)  # over in five minutes: a drain that completed
    assert action(top, f, 0.85)[0] == "wait"
    f.episode = episode(None)  # still failing 45 minutes on, when the input ends
    kind, detail, _ = action(top, f, 0.85)
    assert kind == "escalate" and "not healing" in detail


def test_a_pod_moved_by_a_node_in_trouble_names_the_node() -> None:
    f = _facts()
    pressure = Change(
        "infrastructure",
        AT + 850,
        infra="node",
        text="NodeHasDiskPressure: status is now: NodeHasDiskPressure",
        obj="Node/ip-10-12-7-88.ec2.internal",
    )
    moved = Change(
        "infrastructure", AT + 890, infra="node", text="Evicted", obj="Pod/audit-77f-q4t2h"
    )
    f.changes = [pressure, moved]
    kind, detail, target = action(Candidate("infrastructure", change=moved), f, 0.85)
    assert kind == "wait" and target == "ip-10-12-7-88.ec2.internal"
    assert "ip-10-12-7-88.ec2.internal" in detail


def test_our_own_pods_dying_for_long_stay_a_limit_to_raise() -> None:
    from console.analysis.rca.onset import Episode

    f = _facts()
    f.episode = Episode(AT + 900, AT + 900, None, "", 0.5, 30.0, 300, 1000, 290.0, 1e-30, "errors")
    ev = Change("infrastructure", AT + 890, infra="oom", text="OOMKilled", obj="Pod/orders-7d9-x1")
    kind, _, _ = action(
        Candidate("infrastructure", change=ev, subject="Pod/orders-7d9-x1"), f, 0.85
    )
    assert kind == "fix_forward"
