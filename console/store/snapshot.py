"""A State snapshot as the store keeps it: JSON, secrets redacted.

State holds text from outside (log messages, reasons, config values), so a snapshot is
redacted like an event. A session writes one every few thousand events, and most of
State has not changed since the last: each field is encoded on its own and redacted only
when its encoding differs from the one before. The metric series are numbers under
metric names; they change at every snapshot, so only their names are searched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from console.redact import might_hold_secret

# Fields whose values are numbers under metric names: only the names can hide a secret.
_NUMBERS_BY_NAME = frozenset({"metrics", "history", "observed", "resolving"})


class SnapshotEncoder:
    """Encodes one session's snapshots in order, remembering each field's last form."""

    def __init__(self, redact: Callable[[str], str] | None) -> None:
        self._redact = redact
        self._last: dict[str, tuple[str, str]] = {}  # field: (as encoded, as stored)
        self._plain_names: frozenset[str] = frozenset()

    def encode(self, state: dict[str, Any]) -> str:
        parts = []
        for name, value in state.items():
            # Each field as a one-key object: redaction reads it as the JSON it is.
            raw = json.dumps({name: value}, separators=(",", ":"))
            parts.append(self._clean(name, value, raw)[1:-1])
        return "{" + ",".join(parts) + "}"

    def _clean(self, name: str, value: Any, raw: str) -> str:
        redact = self._redact
        if redact is None:
            return raw
        last = self._last.get(name)
        if last is not None and last[0] == raw:
            return last[1]
        if name in _NUMBERS_BY_NAME and isinstance(value, dict) and self._plain(value):
            clean = raw
        else:
            clean = redact(raw)
        self._last[name] = (raw, clean)
        return clean

    def _plain(self, by_name: dict[str, Any]) -> bool:
        """Are these metric names free of anything redaction looks for?"""
        if self._plain_names.issuperset(by_name):
            return True
        if might_hold_secret("\n".join(by_name)):
            return False
        self._plain_names = self._plain_names.union(by_name)
        return True
