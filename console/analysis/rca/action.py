"""What to do, naming what to act on, and how sure the report may be.

No rollback or revert is recommended below ``ACT_MIN_CONFIDENCE``: the report escalates
instead, naming the suspect. A dependency outage or an infrastructure event never gets a
rollback: rolling back our service cannot fix someone else's failure.
"""

from __future__ import annotations

import re

from console.analysis.rca import database
from console.analysis.rca.candidates import setting_kind
from console.analysis.rca.changes import Change
from console.analysis.rca.context import Facts
from console.analysis.rca.model import Candidate
from console.timefmt import clock

_GENERIC_FLAG_KEY = re.compile(
    r"^(?:enabled?|on|active|value|state|status|rollout(?:_?percent(?:age)?)?|percent(?:age)?"
    r"|variant|default|targeting|rules?)$",
    re.I,
)
ACT_MIN_CONFIDENCE = 0.6  # below this no rollback or revert is recommended: escalate
COVERAGE = {"logs": 0.85, "metrics": 0.7, "deploy": 0.75}  # factor when a source is missing
CLOSE_MARGIN = 0.15
AGREE_CAP = 0.85  # without logs, metrics and changes all agreeing, confidence stays below


def coverage(conf: float, sources: dict[str, bool]) -> tuple[float, list[str]]:
    """``conf`` discounted for each missing kind of input, and a note per discount."""
    notes = []
    for name, factor in COVERAGE.items():
        if not sources[name]:
            conf *= factor
            notes.append(f"× {factor:g}: no {name} source in the input")
    return conf, notes


def confidence(
    top: Candidate, runner: Candidate | None, sources: dict[str, bool]
) -> tuple[float, list[str]]:
    score = top.score
    notes = [f"score of {top.category}: {score:.2f} (sum of its points)"]
    agree = top.sources()
    if score > AGREE_CAP and not {"logs", "metrics", "deploy"} <= agree:
        missing = ", ".join(sorted({"logs", "metrics", "deploy"} - agree))
        notes.append(f"capped at {AGREE_CAP:g}: no evidence from {missing} agrees")
        score = AGREE_CAP
    conf, cov = coverage(score, sources)
    notes += cov
    if runner is not None and top.score - runner.score < CLOSE_MARGIN:
        conf *= 0.85
        what = runner.category + (f" ({runner.change.describe()})" if runner.change else "")
        notes.append(f"× 0.85: runner-up {what} scored {runner.score:.2f}, within {CLOSE_MARGIN:g}")
    return round(conf, 2), notes


def _restore(c: Change) -> str:
    keys = list(c.changes.items())
    pool_first = [kv for kv in keys if database.POOL_KEY.search(kv[0])] or keys
    return ", ".join(
        f"{k} = {d.get('before')}" for k, d in pool_first if d.get("before") is not None
    )


def action(top: Candidate, f: Facts, conf: float) -> tuple[str, str, str | None]:
    """(kind, detail, target): target is what to act on (a service, flag, key, host)."""
    c: Change | None = top.change
    kind, detail, target = _action(top, f)
    if kind in ("rollback", "revert") and conf < ACT_MIN_CONFIDENCE:
        what = c.describe() if c is not None else top.category
        return (
            "escalate",
            f"Confidence {conf:.0%} is below the {ACT_MIN_CONFIDENCE:.0%} needed to recommend"
            f" a {kind}: have the owner check {what} ({detail})",
            target,
        )
    return kind, detail, target


# Namespaces of the platform's own components (DNS, proxies, ingress, meshes, monitoring):
# another team owns them.
_PLATFORM_NS = re.compile(
    r"^(?:kube-system|kube-public|[\w-]+-system|ingress-nginx|cert-manager|monitoring"
    r"|linkerd|calico-\w+|tigera-operator)$"
)
NOT_HEALING_S = 20 * 60.0  # an infrastructure event still failing this long is not healing


def platform_component(top: Candidate, f: Facts) -> tuple[str, str] | None:
    """A platform component (another team's, in a namespace such as ``kube-system``) in
    trouble around the onset that the winning event is about or names: (its name, namespace)."""
    c = top.change
    if c is None or f.onset is None:
        return None
    said = f"{c.obj or ''} {c.text}".lower()
    for ch in f.changes:
        if ch.kind != "infrastructure" or not ch.namespace or not ch.obj:
            continue
        if not _PLATFORM_NS.match(ch.namespace) or not -1800 <= f.onset - ch.at <= 600:
            continue
        pod = ch.obj.split("/", 1)[-1].lower()
        name = re.sub(r"-(?:[a-z0-9]{8,10}-)?[a-z0-9]{5}$|-\d+$", "", pod)
        if ch is c or re.search(rf"\b{re.escape(name)}\b", said):
            return name, ch.namespace
    return None


def _node_behind(c: Change, f: Facts) -> str | None:
    """The node whose trouble (pressure, eviction, drain) in the half hour up to a pod's
    event is what moved the pod: the last such node event."""
    if (c.obj or "").lower().startswith("node/"):
        return None
    nodes = [
        ch
        for ch in f.changes
        if ch.kind == "infrastructure"
        and ch.infra in ("node", "oom")
        and (ch.obj or "").lower().startswith("node/")
        and c.at - 1800 <= ch.at <= c.at + 60
    ]
    return (nodes[-1].obj or "").split("/", 1)[1] if nodes else None


def _not_ours(top: Candidate, f: Facts) -> tuple[str, str, str | None] | None:
    """Escalate, not wait: the event is a platform component another team owns, or (what
    would be waited out) it is still failing at the end of the evidence long after it began
    (not a failover healing)."""
    comp = platform_component(top, f)
    what = top.subject or "the platform"
    if comp is not None:
        name, ns = comp
        return (
            "escalate",
            f"Escalate to the platform team: {name} ({ns}) is failing ({what}) and this"
            " service's calls fail with it; do not roll back, nothing of ours to undo.",
            name,
        )
    c = top.change
    if c is not None and c.infra in ("oom", "crashloop") and not (c.obj or "").startswith("Node/"):
        return None  # our own pods dying: a limit to raise (fix_forward), however long it lasts
    ep = f.episode
    if (
        ep is not None
        and ep.end is None
        and f.end is not None
        and f.end - ep.start >= NOT_HEALING_S
    ):
        return (
            "escalate",
            f"Escalate to the owner of {what}: still failing {clock(f.end)}, long after it"
            f" began at {clock(ep.start)}, so it is not healing on its own; do not roll back.",
            what,
        )
    return None


def _action(top: Candidate, f: Facts) -> tuple[str, str, str | None]:
    c: Change | None = top.change
    cat = top.category
    if cat == "config_change" and c is not None:
        res = f" on {c.resource}" if c.resource else ""
        if c.setting == "flag":
            key = next(iter(c.changes), "")
            name = (c.resource or key or "the flag").split("/", 1)[-1]
            if key and not _GENERIC_FLAG_KEY.match(key):
                name = f"{name} ({key})" if c.resource else key
            before = c.changes.get(key, {}).get("before")
            if before in (None, False, "false", "off", 0) or key.lower() in ("enabled", "on"):
                return "revert", f"Turn flag {name} off (changed at {clock(c.at)}).", name
            return (
                "revert",
                f"Set flag {name} back to {before} (changed at {clock(c.at)}).",
                name,
            )
        if c.setting == "env":
            key = next(iter(c.changes), "the variable")
            before = c.changes.get(key, {}).get("before")
            after = c.changes.get(key, {}).get("after")
            if after in (None, ""):
                return "fix_forward", f"Set the missing env var {key}{res} (it was {before}).", key
            return "revert", f"Restore env var {key} = {before}{res}.", key
        if c.kind == "deployment" and top.missing:
            svc = c.service or "the service"
            return (
                "fix_forward",
                f"Set the missing {setting_kind(top.missing)} on {svc} (its release"
                f" {c.version or ''} at {clock(c.at)} needs it); rolling back to"
                f" {c.previous_version or 'the previous version'} would also stop the errors.",
                top.subject,
            )
        if c.kind == "deployment":
            ver = f" {c.version}" if c.version else ""
            prev = f" to {c.previous_version}" if c.previous_version else ""
            svc = c.service or "the service"
            restore = _restore(c)
            return (
                "rollback",
                f"Roll back the deployment{ver} of {svc}{prev} made at {clock(c.at)}"
                + (f" and restore {restore}." if restore else "."),
                svc,
            )
        restore = _restore(c) or ", ".join(c.changes)
        key = next(iter(c.changes), "")
        return "revert", f"Restore {restore}{res} (changed at {clock(c.at)}).", (c.resource or key)
    if cat == "code_change" and c is not None:
        svc = c.service or f.service or "the service"
        to = f" to {c.previous_version}" if c.previous_version else " to the previous version"
        frm = f" (from {c.version})" if c.version else ""
        return "rollback", f"Roll back {svc}{to}{frm}.", svc
    if cat == "dependency" and c is not None and c.kind != "deployment":
        svc = c.service or "the other service"
        name = (c.resource or next(iter(c.changes), "the setting")).split("/", 1)[-1]
        undo = f"turn flag {name} off" if c.setting == "flag" else f"restore {_restore(c) or name}"
        return (
            "escalate",
            f"Do not roll back this service: {svc}'s {c.describe()} at {clock(c.at)} is"
            f" failing its calls. Call {svc}'s owner to {undo}.",
            svc,
        )
    if cat == "dependency" and c is not None:
        svc = c.service or "the other service"
        to = f" to {c.previous_version}" if c.previous_version else " to its previous version"
        return (
            "escalate",
            f"Do not roll back this service: {svc}'s release {c.version or ''} at {clock(c.at)}"
            f" is failing its calls. Call {svc}'s owner to roll it back{to}.",
            svc,
        )
    if cat == "dependency":
        host = top.subject or "the upstream"
        return (
            "escalate",
            f"Do not roll back: upstream {host} is failing. Call its owner (or the provider's"
            " status page); shed or fail over its calls until it recovers.",
            host,
        )
    if cat == "infrastructure":
        what = top.subject or "the platform"
        if top.mechanism == "certificate":
            return (
                "escalate",
                f"Do not roll back: the TLS certificate of {what} is not valid (expired or"
                " untrusted). Have its owner renew or replace it; then check that clients"
                " trust the new one.",
                what,
            )
        handover = _not_ours(top, f)
        if handover:
            return handover
        if c is not None and c.infra == "failover":
            return (
                "wait",
                f"Wait out the failover of {what}; do not roll back. Check that"
                " clients reconnect to the new primary.",
                what,
            )
        if c is not None and c.infra == "node":
            zone = f.failing_zone()
            if zone is not None:
                return (
                    "wait",
                    f"Wait out the trouble in zone {zone} ({what} is one of its casualties); do"
                    " not roll back. Pods reschedule in the other zones; spread what this"
                    f" service calls across zones once {zone} is back.",
                    zone,
                )
            node = _node_behind(c, f)
            if node is not None:
                return (
                    "wait",
                    f"Wait for pods to reschedule off node {node} ({what}); do not roll back."
                    f" Then see why {node} was in trouble.",
                    node,
                )
            return "wait", f"Wait for pods to reschedule after {what}; do not roll back.", what
        if c is not None and c.infra == "oom" and (c.obj or "").lower().startswith("node/"):
            node = (c.obj or "").split("/", 1)[1]
            return (
                "wait",
                f"Wait: node {node} ran out of memory and its kernel killed our pods (our own"
                " limit was not reached); do not roll back. Then find the pod that filled"
                " the node and set its memory limit.",
                node,
            )
        if c is not None and c.infra == "crashloop" and "oom" not in c.text.lower():
            # Crashing without running out of memory: a bigger limit would not help.
            return (
                "fix_forward",
                f"Find why {what} keeps crashing (its previous container's last lines); do"
                " not roll back without a release to blame.",
                what,
            )
        if c is not None and c.infra in ("oom", "crashloop"):
            return (
                "fix_forward",
                f"Raise the memory limit of {what} or find what grew; do"
                " not roll back without a release to blame.",
                what,
            )
        if c is None:
            return (
                "wait",
                f"Wait out the failover of {what}; do not roll back. Check that clients reconnect"
                " to the new primary.",
                what,
            )
        return "escalate", f"Escalate to the platform team about {what}.", what
    if cat == "missing_index":
        hint = f.logs.index_ddl[0] if f.logs.index_ddl else None
        found = database.index_hint(f) if hint is None else None
        if found is not None:
            table, col = found
            hint = f"CREATE INDEX CONCURRENTLY ON {table} ({col})"
            back = (
                f"; rolling {c.service or 'the service'} back to {c.previous_version} also stops it"
                if c is not None and c.previous_version
                else ""
            )
            return (
                "fix_forward",
                (
                    f"Create the missing index on {table}.{col} ({hint}) and verify the plan"
                    f" (EXPLAIN ANALYZE){back}."
                ),
                f"{table}.{col}",
            )
        idx = f" ({hint})" if hint else ""
        if f.rollout_seen:
            return (
                "rollback",
                (
                    f"Roll back traffic to blue; create the missing index for the new query"
                    f" pattern{idx} and verify the plan (EXPLAIN ANALYZE) before retrying the"
                    " deployment."
                ),
                "blue",
            )
        return (
            "fix_forward",
            (
                f"Create the missing index for the new query pattern{idx} and verify the plan"
                " (EXPLAIN ANALYZE)."
            ),
            None,
        )
    if cat == "capacity":
        arith = database.capacity_arithmetic(f)
        if top.subject == "connection pool":
            fix = (
                "raise max_connections or lower the pool per pod so that all pods of both"
                " colours fit"
            )
            if arith:
                fix += f" (now {arith[0]})"
            if f.rollout_seen:
                return "rollback", f"Roll back traffic to blue; {fix}, then retry.", "blue"
            return "fix_forward", fix[0].upper() + fix[1:] + ".", "connection pool"
        svc = f.service or "the service"
        return (
            "fix_forward",
            f"Scale out {svc} (more replicas, a higher autoscaler maximum, CPU or memory) and"
            " shed load until traffic falls; no change to roll back.",
            svc,
        )
    return "none", "Nothing to do.", None
