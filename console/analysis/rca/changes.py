"""What changed before the incident: releases, config, flags, env vars, Kubernetes events.

Read from Deployment and ConfigChange events (the change-events format, the agent's log,
Kubernetes), from change lines of other kinds that the parser keeps as log fields
(``{"kind": "feature_flag", ...}``), and from Kubernetes Event objects (``kubectl get events
-o json``) for infrastructure: OOMKilled, CrashLoopBackOff, node drains, failovers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from console import events as ev
from console.parse.timestamps import parse_time_value

# What a deployment records about the release itself rather than a setting it changed.
_VERSION_KEYS = ("version", "image", "tag", "image_tag", "digest", "commit", "git_sha")
_DEPLOY_META = frozenset({"replicas", "environment", "env", *_VERSION_KEYS})
_FLAG = re.compile(r"flag|feature|toggle|experiment|rollout|launchdarkly|unleash|^ff[_.-]", re.I)
_ENV_KEY = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{3,}$")
_ENV_RESOURCE = re.compile(r"\benv\b|environment|secret", re.I)

INFRA_KINDS: dict[str, re.Pattern[str]] = {
    "oom": re.compile(r"oom|out of memory|memory limit", re.I),
    "crashloop": re.compile(r"crashloop|back-?off restarting|backoff", re.I),
    "failover": re.compile(r"fail-?over|switchover|promot(?:ed|ing) .*primary|new primary", re.I),
    "node": re.compile(
        r"drain|cordon|nodenotready|node ?not ?ready|evict|preempt|node.*(?:shutdown|reboot)"
        r"|spot.*interrupt|terminat.*node|node ?has ?(?:disk|memory|pid) ?pressure",
        re.I,
    ),
    "scheduling": re.compile(r"failedscheduling|insufficient (?:cpu|memory)", re.I),
}

# A pod stopped or unready: on its own a rollout does this too.
_POD_GONE = re.compile(r"^(?:Killing|Evicted|Unhealthy|Preempting|NodeNotSchedulable)$")

_POD_CONFIG = re.compile(
    r"CreateContainerConfigError|secret \S+ not found|couldn't find key \S+ in (?:Secret|ConfigMap)"
)


@dataclass
class Change:
    kind: str  # deployment | config_change | feature_flag | infrastructure (as the input says)
    at: float
    service: str | None = None
    version: str | None = None
    previous_version: str | None = None
    environment: str | None = None
    resource: str | None = None
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    infra: str | None = None  # oom | crashloop | failover | node | scheduling | pod | config
    text: str = ""  # infrastructure: the event's reason and message
    obj: str | None = None  # infrastructure: the pod, node or database it concerns
    setting: str = ""  # config changes: flag | env | config (what kind of setting changed)
    namespace: str | None = None  # infrastructure: the namespace of what it concerns
    last: float | None = None  # infrastructure: when it was last seen (lastTimestamp)

    def describe(self) -> str:
        if self.kind == "infrastructure":
            return f"{self.text}" + (f" ({self.obj})" if self.obj else "")
        what = {
            "flag": "feature flag change",
            "env": "env var change",
            "config": "config change",
        }.get(self.setting, "release" if self.kind == "deployment" else self.kind)
        svc = f" of {self.service}" if self.service else ""
        ver = ""
        if self.version:
            ver = (
                f" {self.previous_version} → {self.version}"
                if self.previous_version
                else (f" {self.version}")
            )
        res = f" on {self.resource}" if self.resource else ""
        keys = ", ".join(
            f"{k} {_v(d.get('before'))} → {_v(d.get('after'))}" for k, d in self.changes.items()
        )
        return f"{what}{svc}{ver}{res}" + (f": {keys}" if keys else "")

    def blamed(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "service": self.service,
            "version": self.version,
            "previous_version": self.previous_version,
            "at": self.at,
            "resource": self.resource or self.obj,
            "changes": {k: dict(d) for k, d in self.changes.items()},
        }


def _v(value: Any) -> str:
    if value is None:
        return "(unset)"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _diff(value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping) and any(k in value for k in ("before", "after", "from", "to")):
        return {
            "before": value.get("before", value.get("from")),
            "after": value.get("after", value.get("to")),
        }
    return {"before": None, "after": value}


def _tag(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    if "@" in text:
        text = text.split("@", 1)[0]
    if (":" in text and "/" in text.split(":")[0]) or (text.count(":") == 1 and "//" not in text):
        text = text.rsplit(":", 1)[-1]
    return text or None


def _is_flag(resource: str | None, keys: Mapping[str, Any]) -> bool:
    if resource and _FLAG.search(resource):
        return True
    return bool(keys) and all(
        _FLAG.search(k) or (isinstance(d.get("after"), bool) and not _ENV_KEY.match(k))
        for k, d in keys.items()
    )


def _is_env(resource: str | None, keys: Mapping[str, Any]) -> bool:
    if resource:
        return bool(_ENV_RESOURCE.search(resource)) and "configmap" not in resource.lower()
    return bool(keys) and all(_ENV_KEY.match(k) for k in keys)


def _config(
    kind: str, ts: float, service: str | None, resource: str | None, raw: Mapping[str, Any]
) -> Change:
    diffs = {str(k): _diff(v) for k, v in raw.items()}
    diffs = {k: d for k, d in diffs.items() if d["before"] != d["after"] or d["before"] is None}
    flag = kind in ("feature_flag", "flag", "flag_change")
    if flag or _is_flag(resource, diffs):
        setting = "flag"
    elif kind in ("env_var", "env_change", "secret_change") or _is_env(resource, diffs):
        setting = "env"
    else:
        setting = "config"
    kind = "feature_flag" if flag else "config_change"
    return Change(kind, ts, service, resource=resource, changes=diffs, setting=setting)


def _deployment(
    ts: float, service: str | None, version: str | None, env: str | None, raw: Mapping[str, Any]
) -> Change:
    prev = None
    for key in _VERSION_KEYS:
        if key in raw:
            d = _diff(raw[key])
            prev = prev or _tag(d["before"])
            version = version or _tag(d["after"])
    diffs = {str(k): _diff(v) for k, v in raw.items() if str(k) not in _DEPLOY_META}
    diffs = {k: d for k, d in diffs.items() if d["before"] != d["after"] or d["before"] is None}
    return Change("deployment", ts, service, _tag(version), prev, env, None, diffs)


def _first(f: Mapping[str, Any], *keys: str) -> Any:
    for k in keys:
        if f.get(k) not in (None, ""):
            return f[k]
    return None


def _from_fields(ts: float, f: Mapping[str, Any]) -> Change | None:
    """A change line of a kind the parser does not turn into an event of its own."""
    kind = str(f.get("kind") or f.get("type") or "")
    svc = _first(f, "service", "app")
    svc = None if svc is None else str(svc)
    resource = _first(f, "resource", "flag", "flag_key", "key", "name", "configmap", "target")
    raw: Mapping[str, Any] = _changes_of(f)
    if not raw:
        raw = {}
        key = _first(f, "flag", "flag_key", "key", "name", "variable", "var")
        before = _first(f, "before", "from", "old", "old_value", "previous")
        after = _first(f, "after", "to", "new", "new_value", "value", "enabled")
        if key is not None and (before is not None or after is not None):
            raw = {str(key): {"before": before, "after": after}}
    if kind in ("release", "rollback", "deployment"):
        return _deployment(
            ts,
            svc,
            _opt(_first(f, "version", "to_version")),
            None,
            {
                **(
                    {"version": {"before": f["from_version"], "after": f.get("to_version")}}
                    if "from_version" in f
                    else {}
                ),
                **raw,
            },
        )
    if kind in ("infrastructure", "migration", "scale"):
        text = str(_first(f, "message", "description", "reason") or kind)
        return Change(
            "infrastructure", ts, svc, infra=_infra(text) or kind, text=text, obj=_opt(resource)
        )
    return _config(kind, ts, svc, None if resource is None else str(resource), raw)


def nested(f: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """``f[prefix]`` as a dict, whether the parser kept it nested or flattened it into
    dotted keys (``changes.enabled.after``): one level deep, the rest left dotted."""
    value = f.get(prefix)
    if isinstance(value, Mapping):
        return dict(value)
    out: dict[str, Any] = {}
    head = prefix + "."
    for key, v in f.items():
        if key.startswith(head):
            out[key[len(head) :]] = v
    return out


def _changes_of(f: Mapping[str, Any]) -> dict[str, Any]:
    """A change line's ``changes``: nested, or flattened to ``changes.<key>.before/after``
    (keys may hold dots of their own, so the last part decides)."""
    flat = nested(f, "changes")
    if not flat or any(isinstance(v, Mapping) for v in flat.values()):
        return flat
    out: dict[str, Any] = {}
    for key, v in flat.items():
        name, _, part = key.rpartition(".")
        if name and part in ("before", "after", "from", "to"):
            out.setdefault(name, {})[part] = v
        else:
            out[key] = v
    return out


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _infra(text: str) -> str | None:
    for name, rx in INFRA_KINDS.items():
        if rx.search(text):
            return name
    return None


def _k8s(ts: float, f: Mapping[str, Any], message: str) -> Change | None:
    """A Kubernetes Event (core/v1 or events.k8s.io/v1) that says the platform acted."""
    reason = str(f.get("reason") or "")
    note = str(f.get("note") or f.get("message") or message or "")
    text = f"{reason}: {note}" if reason else note
    infra = _infra(f"{reason} {note}")
    if infra is None and _POD_GONE.search(reason):
        infra = "pod"  # evidence for a drain or a crash, not a cause on its own
    if infra is None and _POD_CONFIG.search(f"{reason} {note}"):
        infra = "config"  # a pod's env refers to a secret or key that is not there
    if infra is None:
        return None
    obj_ref = nested(f, "involvedObject") or nested(f, "regarding")
    obj = "/".join(str(obj_ref.get(k)) for k in ("kind", "name") if obj_ref.get(k)) or None
    at = None
    for key in ("firstTimestamp", "eventTime", "deprecatedFirstTimestamp", "lastTimestamp"):
        at = parse_time_value(f.get(key)) if f.get(key) else None
        if at is not None:
            break
    meta = nested(f, "metadata")
    if at is None and meta.get("creationTimestamp"):
        at = parse_time_value(meta["creationTimestamp"])
    labels = meta.get("labels")
    if not isinstance(labels, Mapping):
        labels = {k[len("labels.") :]: v for k, v in meta.items() if k.startswith("labels.")}
    svc = _opt(labels.get("app") or labels.get("app.kubernetes.io/name"))
    last = parse_time_value(f.get("lastTimestamp")) if f.get("lastTimestamp") else None
    ns = _opt(obj_ref.get("namespace") or meta.get("namespace") or f.get("namespace"))
    return Change(
        "infrastructure",
        at if at is not None else ts,
        svc,
        infra=infra,
        text=text[:200],
        obj=obj,
        namespace=ns,
        last=last,
    )


def is_k8s_event(f: Mapping[str, Any]) -> bool:
    """A Kubernetes Event object (nested, or flattened by the parser)."""
    if "reason" not in f:
        return False
    return f.get("kind") == "Event" or any(
        k == "involvedObject" or k == "regarding" or k.startswith(("involvedObject.", "regarding."))
        for k in f
    )


def read_changes(events: Iterable[ev.Event]) -> list[Change]:
    out: list[Change] = []
    previous: dict[tuple[float, str | None], str] = {}  # (at, service) -> previous version
    for e in events:
        if isinstance(e, ev.Deployment):
            out.append(_deployment(e.ts, e.service, e.version, e.environment, e.changes))
        elif isinstance(e, ev.ConfigChange):
            out.append(_config("config_change", e.ts, e.service, e.resource, e.changes))
        elif isinstance(e, ev.LogLine) and e.fields and e.fmt != "agent":
            f = e.fields
            kind = f.get("kind")
            if kind == "deployment":
                # The change event's own line: what the Deployment event does not carry.
                prev = f.get("previous_version") or f.get("from_version")
                if prev is not None:
                    previous[(e.ts, _opt(f.get("service")))] = str(prev)
            elif is_k8s_event(f):
                ch = _k8s(e.ts, f, e.message)
                if ch is not None:
                    out.append(ch)
            elif kind not in (None, "config_change") and str(kind) in OTHER_CHANGE_KINDS:
                ch = _from_fields(e.ts, f)
                if ch is not None:
                    out.append(ch)
    out.sort(key=lambda c: c.at)
    for i, c in enumerate(out):
        if c.kind != "deployment":
            continue
        c.previous_version = c.previous_version or previous.get((c.at, c.service))
        if c.previous_version is None and c.version:
            earlier = [
                p.version
                for p in out[:i]
                if p.kind == "deployment" and p.service == c.service and p.version != c.version
            ]
            if earlier and earlier[-1]:
                c.previous_version = earlier[-1]
    return out


# The change kinds besides deployment and config_change (a change file's "kind").
OTHER_CHANGE_KINDS = frozenset(
    {
        "feature_flag",
        "flag_change",
        "flag",
        "env_change",
        "env_var",
        "secret_change",
        "rollback",
        "scale",
        "release",
        "infrastructure",
        "migration",
    }
)


def is_ours(change: Change, service: str | None) -> bool:
    return service is None or change.service is None or change.service == service
