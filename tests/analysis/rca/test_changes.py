"""Changes as the change-events file and Kubernetes write them."""

import json
from pathlib import Path

from console.analysis.inputs import events_from_files
from console.analysis.rca.changes import read_changes


def _changes(tmp_path: Path, *objs: dict) -> list:
    path = tmp_path / "changes.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in objs))
    return read_changes(events_from_files([path]))


def test_kinds_settings_and_versions(tmp_path: Path) -> None:
    got = _changes(
        tmp_path,
        {
            "kind": "deployment",
            "at": "2026-02-06T11:40:00Z",
            "service": "orders",
            "version": "3.8.1",
            "previous_version": "3.8.0",
            "image": "registry/orders:3.8.1",
        },
        {
            "kind": "config_change",
            "at": "2026-02-06T11:50:00Z",
            "service": "orders",
            "resource": "configmap/orders-config",
            "changes": {"DB_POOL_SIZE": {"before": 10, "after": 5}},
        },
        {
            "kind": "config_change",
            "at": "2026-02-06T11:55:00Z",
            "service": "mailer",
            "resource": "deployment/mailer env",
            "changes": {"SMTP_PASSWORD": {"before": "***", "after": None}},
        },
        {
            "kind": "feature_flag",
            "at": "2026-02-06T12:00:00Z",
            "service": "storefront",
            "resource": "flag/new-pricing-engine",
            "changes": {"enabled": {"before": False, "after": True}},
        },
    )
    dep, cfg, env, flag = got
    assert (dep.kind, dep.version, dep.previous_version) == ("deployment", "3.8.1", "3.8.0")
    assert (cfg.kind, cfg.setting, cfg.resource) == (
        "config_change",
        "config",
        "configmap/orders-config",
    )
    assert cfg.changes == {"DB_POOL_SIZE": {"before": 10, "after": 5}}
    assert (env.kind, env.setting) == ("config_change", "env")
    assert env.changes["SMTP_PASSWORD"]["after"] is None
    assert (flag.kind, flag.setting, flag.resource) == (
        "feature_flag",
        "flag",
        "flag/new-pricing-engine",
    )
    assert flag.blamed()["resource"] == "flag/new-pricing-engine"
    # the parser may flatten a change line's objects (changes.enabled.after): still read
    assert flag.changes == {"enabled": {"before": False, "after": True}}


def test_kubernetes_events_are_infrastructure(tmp_path: Path) -> None:
    def event(
        reason: str, message: str, at: str, kind: str = "Pod", name: str = "ledger-7d-x"
    ) -> dict:
        return {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": f"{name}.1", "namespace": "prod"},
            "involvedObject": {"kind": kind, "name": name},
            "reason": reason,
            "message": message,
            "type": "Warning",
            "firstTimestamp": at,
            "lastTimestamp": at,
        }

    got = _changes(
        tmp_path,
        event(
            "OOMKilling", "Memory cgroup out of memory: Killed process 1", "2026-02-06T10:04:00Z"
        ),
        event("BackOff", "Back-off restarting failed container", "2026-02-06T10:06:00Z"),
        event("NodeNotReady", "Node is draining", "2026-02-06T10:07:00Z", "Node", "node-a"),
        event("Pulled", "Successfully pulled image", "2026-02-06T10:08:00Z"),
    )
    assert [(c.kind, c.infra) for c in got] == [
        ("infrastructure", "oom"),
        ("infrastructure", "crashloop"),
        ("infrastructure", "node"),
    ]
    assert got[2].obj == "Node/node-a"
