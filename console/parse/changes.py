"""Telling a change seen twice from a new one.

An agent log often states a change in its own words (``[ACTION] Applying config change ...``,
``Executing: deploy_kubernetes(...)``) and also carries the CD system's change event for the
same change as a JSON line. Both describe one fact, and the analysis ranks and lists changes,
so the parser emits it once: a change is a repeat when an earlier one of the same kind, within
a few minutes, names the same service/version/environment and carries nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from console import events as ev

WINDOW_S: Final = 300.0
_KEEP: Final = 64  # changes are few; this only bounds a pathological input


def _version(v: str | None) -> str | None:
    if v and v[0] in "vV" and v[1:2].isdigit():
        return v[1:]  # "v2.5.0" (agent's words) and "2.5.0" (CD event) are one version
    return v


def _same(a: Any, b: Any) -> bool:
    """Equal, or one side doesn't say (a log entry may not name what a JSON event does)."""
    return a is None or b is None or a == b


class RecentChanges:
    """``fresh(event)`` is True the first time a change is seen, False for a repeat."""

    def __init__(self, window: float = WINDOW_S) -> None:
        self.window = window
        self._deployments: list[ev.Deployment] = []
        self._configs: list[ev.ConfigChange] = []

    def clear(self) -> None:
        self._deployments.clear()
        self._configs.clear()

    def fresh(self, event: ev.Event) -> bool:
        if isinstance(event, ev.Deployment):
            for d in self._near(self._deployments, event.ts):
                if (
                    _same(d.service, event.service)
                    and _same(_version(d.version), _version(event.version))
                    and _same(d.environment, event.environment)
                    and self._known(event.changes, d.changes, event.ts)
                ):
                    return False
            self._remember(self._deployments, event)
            return True
        if isinstance(event, ev.ConfigChange):
            for c in self._near(self._configs, event.ts):
                if (
                    _same(c.service, event.service)
                    and _same(c.resource, event.resource)
                    and dict(c.changes) == dict(event.changes)
                ):
                    return False
            self._remember(self._configs, event)
            return True
        return True

    def _near(self, seen: list[Any], ts: float) -> list[Any]:
        w = self.window
        return [e for e in seen if abs(e.ts - ts) <= w]

    def _known(self, changes: Mapping[str, Any], own: Mapping[str, Any], ts: float) -> bool:
        """Every item of ``changes`` was already stated by the deployment or a config change."""
        configs = self._near(self._configs, ts)
        for key, value in changes.items():
            if own.get(key) == value:
                continue
            if not any(c.changes.get(key) == value for c in configs):
                return False
        return True

    @staticmethod
    def _remember(seen: list[Any], event: ev.Event) -> None:
        seen.append(event)
        if len(seen) > _KEEP:
            del seen[0]
