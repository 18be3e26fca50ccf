"""AnalysisRuns and Experiments of a rollout: their results as findings.

An AnalysisRun belongs to the rollout when the Rollout owns it (background and step analysis,
blue-green pre/post-promotion; the ``rollout-type`` label says which), or when an Experiment
the rollout owns does. A run that reaches a terminal phase while we watch becomes a Finding
naming its metrics and why they failed. Runs that had already finished when we attached are
reported too, once the rollout is known, if they belong to its current revision (their
``rollouts-pod-template-hash`` is the rollout's ``currentPodHash``): a failed analysis is why
the rollout we attached to was aborted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from console import events as ev
from console.sources.kube.objects import Obj, dig, meta, name_of
from console.sources.kube.rollout import HASH_LABEL
from console.sources.kube.trackers import SOURCE, Tracker

SEVERITY = {
    "Successful": "info",
    "Inconclusive": "warning",
    "Failed": "critical",
    "Error": "critical",
}
_ROLE = {
    "Background": "background",
    "Step": "step",
    "PrePromotion": "pre-promotion",
    "PostPromotion": "post-promotion",
}
_BAD = ("Failed", "Error", "Inconclusive")


def owner_names(obj: Mapping[str, Any], kind: str) -> list[str]:
    owners = meta(obj).get("ownerReferences") or []
    return [
        str(o.get("name"))
        for o in owners
        if isinstance(o, Mapping) and o.get("kind") == kind and o.get("name")
    ]


def _metric_reason(m: Mapping[str, Any]) -> str:
    """Why one metric ended as it did: its message, else its counts and last value."""
    if m.get("message"):
        return str(m["message"])
    counts = [
        f"{key} {m[key]}"
        for key in ("failed", "error", "inconclusive", "successful")
        if isinstance(m.get(key), int) and m[key]
    ]
    measurements = [x for x in m.get("measurements") or [] if isinstance(x, Mapping)]
    last = measurements[-1] if measurements else None
    if last is not None:
        if last.get("message"):
            counts.append(f"last: {last['message']}")
        elif last.get("value") is not None:
            counts.append(f"last value {last['value']}")
    total = m.get("count")
    head = f"{total} measurement{'s' if total != 1 else ''}" if isinstance(total, int) else ""
    return ", ".join(x for x in (head, *counts) if x)


def run_summary(run: Mapping[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """(one line, the metrics) for a finished AnalysisRun."""
    phase = str(dig(run, "status", "phase") or "")
    role = _ROLE.get(str((meta(run).get("labels") or {}).get("rollout-type") or ""), "")
    if not role and owner_names(run, "Experiment"):
        role = "experiment"
    metrics: list[dict[str, Any]] = []
    for m in dig(run, "status", "metricResults") or []:
        if isinstance(m, Mapping):
            metrics.append(
                {
                    "name": m.get("name"),
                    "phase": m.get("phase"),
                    "message": m.get("message"),
                    "reason": _metric_reason(m),
                }
            )
    bad = [m for m in metrics if m["phase"] in _BAD]
    text = f"{role + ' ' if role else ''}analysis {name_of(run)}: {phase}"
    if bad:
        text += " — " + "; ".join(
            f"metric {m['name']} {str(m['phase']).lower()}"
            + (f" ({m['reason']})" if m["reason"] else "")
            for m in bad
        )
    extra = dig(run, "status", "message")
    if extra and all(str(extra) != m["reason"] for m in bad):
        text += f": {extra}"
    return text, metrics


class AnalysisRunTracker(Tracker):
    """AnalysisRuns of the rollout; a terminal phase becomes a Finding."""

    def __init__(
        self,
        rollout: str,
        source: str = SOURCE,
        experiments: Callable[[], set[str]] | None = None,
    ) -> None:
        super().__init__()
        self.rollout = rollout
        self.source = source
        self.experiments = experiments or set
        self.at_attach: dict[str, Obj] = {}  # finished before we came, not reported yet
        self.reported: set[str] = set()

    def ours(self, run: Obj) -> bool:
        if self.rollout in owner_names(run, "Rollout"):
            return True
        mine = self.experiments()
        return any(e in mine for e in owner_names(run, "Experiment"))

    def change(
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None:
            return []
        phase = str(dig(new, "status", "phase") or "")
        if phase not in SEVERITY:
            return []
        ours = self.ours(new)
        if initial or (not ours and owner_names(new, "Experiment")):
            # Decided once the rollout (and its experiments) are known: see attach().
            self.at_attach[name_of(new)] = new
            return []
        if not ours:
            return []
        before = str(dig(old, "status", "phase") or "") if old else ""
        if phase == before:
            return []
        return self._finding(new, ts)

    def attach(self, current_hash: str, ts: float) -> list[ev.Event]:
        """Report the runs of the current revision that had finished before we watched."""
        out: list[ev.Event] = []
        for name, run in list(self.at_attach.items()):
            if not self.ours(run):
                continue
            del self.at_attach[name]
            run_hash = (meta(run).get("labels") or {}).get(HASH_LABEL)
            if run_hash and current_hash and run_hash != current_hash:
                continue  # an older revision's run: history, not news
            out.extend(self._finding(run, ts))
        return out

    def _finding(self, run: Obj, ts: float) -> list[ev.Event]:
        key = f"{name_of(run)}:{dig(run, 'status', 'phase')}"
        if key in self.reported:
            return []
        self.reported.add(key)
        phase = str(dig(run, "status", "phase") or "")
        text, metrics = run_summary(run)
        failing = [str(m["name"]) for m in metrics if m["phase"] in _BAD and m["name"]]
        return [
            ev.Finding(
                ts=ts,
                source=self.source,
                code="analysis_run",
                severity=SEVERITY[phase],
                message=text,
                metric=failing[0] if failing else None,
                data={
                    "analysis_run": name_of(run),
                    "phase": phase,
                    "rollout": self.rollout,
                    "metrics": metrics,
                },
            )
        ]


class ExperimentTracker(Tracker):
    """Experiments the rollout owns; a terminal phase becomes a Finding."""

    def __init__(self, rollout: str, source: str = SOURCE) -> None:
        super().__init__()
        self.rollout = rollout
        self.source = source

    def names(self) -> set[str]:
        return {n for n, e in self.objects.items() if self.rollout in owner_names(e, "Rollout")}

    def change(
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None or initial or self.rollout not in owner_names(new, "Rollout"):
            return []
        phase = str(dig(new, "status", "phase") or "")
        before = str(dig(old, "status", "phase") or "") if old else ""
        if phase == before or phase not in SEVERITY:
            return []
        message = str(dig(new, "status", "message") or "")
        return [
            ev.Finding(
                ts=ts,
                source=self.source,
                code="experiment",
                severity=SEVERITY[phase],
                message=f"experiment {name_of(new)}: {phase}" + (f": {message}" if message else ""),
                data={"experiment": name_of(new), "phase": phase, "rollout": self.rollout},
            )
        ]
