"""Small helpers over raw Kubernetes API objects (JSON as the API serves it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

Obj = Mapping[str, Any]  # a raw API object, as JSON


def meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, Mapping) else {}


def name_of(obj: Mapping[str, Any]) -> str:
    return str(meta(obj).get("name", ""))


def rv_of(obj: Mapping[str, Any]) -> str | None:
    rv = meta(obj).get("resourceVersion")
    return str(rv) if rv is not None else None


def dig(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def parse_time(value: Any) -> float | None:
    """RFC 3339 (as the API writes it, nanoseconds included) to epoch seconds."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    if "." in text:  # fromisoformat takes at most 6 fraction digits
        head, _, rest = text.partition(".")
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def parse_time_ns(value: str) -> int | None:
    """An RFC 3339 timestamp to integer nanoseconds (pod log stamps carry nanoseconds)."""
    text = value.strip()
    frac = 0
    if "." in text:
        head, _, rest = text.partition(".")
        digits = ""
        for c in rest:
            if not c.isdigit():
                break
            digits += c
        frac = int(digits[:9].ljust(9, "0")) if digits else 0
        text = head + rest[len(digits) :]
    whole = parse_time(text)
    return None if whole is None else round(whole) * 1_000_000_000 + frac


def scalar(value: Any) -> Any:
    """ConfigMap values are strings; "10" → 10 so a pool size compares as a number."""
    if (
        isinstance(value, str)
        and value.strip().lstrip("-").isdigit()
        and len(value) < 19
        and str(int(value)) == value.strip()
    ):
        return int(value)
    return value


# --- pod templates: what counts as a change -------------------------------------------


def template_facts(template: Any) -> dict[str, Any]:
    """The parts of a pod template a change means something for; replicas are not here."""
    out: dict[str, Any] = {}
    containers = dig(template, "spec", "containers")
    if not isinstance(containers, list):
        return out
    for c in containers:
        if not isinstance(c, Mapping):
            continue
        cname = str(c.get("name", ""))
        out[f"{cname}.image"] = c.get("image")
        for env in c.get("env") or []:
            if isinstance(env, Mapping):
                value = env.get("value") if "value" in env else env.get("valueFrom")
                out[f"{cname}.env.{env.get('name')}"] = value
        if c.get("resources"):
            out[f"{cname}.resources"] = c.get("resources")
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """{key: {"before": x, "after": y}} for every key whose value differs."""
    out: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if b != a:
            out[key] = {"before": b, "after": a}
    return out


def image_version(image: Any) -> str | None:
    if not isinstance(image, str):
        return None
    tail = image.rsplit("/", 1)[-1]
    if "@" in tail:
        return tail.split("@", 1)[1]
    return tail.split(":", 1)[1] if ":" in tail else "latest"
