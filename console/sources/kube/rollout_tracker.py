"""One Argo Rollout's changes as events: plan, traffic, phase, gates, abort and outcome."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from console import events as ev
from console.sources.kube.objects import Obj, diff, image_version
from console.sources.kube.rollout import (
    PAUSE_USER,
    RolloutReading,
    canary_steps,
    gate_id_for,
    plan_of,
    read_rollout,
)
from console.sources.kube.trackers import SOURCE, Tracker
from console.timefmt import clock, iso


def traffic_of(r: RolloutReading) -> tuple[float, float | None]:
    """(set, actual) % on the new revision. Blue-green has no weights: production is what
    the active Service selects, both asked for and given."""
    if r.strategy == "blueGreen":
        return r.production_pct, r.production_pct
    return r.set_weight, r.actual_weight


def pause_words(r: RolloutReading) -> str:
    """The pause in words, once: its reasons and how it ends."""
    if not r.paused:
        return ""
    # The controller's own reason names (CanaryPauseStep, BlueGreenPause, ...), which Argo
    # users know; spec.paused is a person's pause.
    words = ", ".join(
        dict.fromkeys("spec.paused" if x == PAUSE_USER else x for x in r.pause_reasons)
    )
    if r.needs_human:
        return f"paused: {words}, waiting for a promote"
    if r.pause_until is not None:
        return f"paused: {words}, resumes by itself at {clock(r.pause_until)}"
    return f"paused: {words}"


def describe(r: RolloutReading) -> str:
    """The detail line of a Phase: step, weights or services, pause, analysis, message."""
    parts: list[str] = []
    if r.strategy == "canary" and r.step is not None:
        step = f"step {r.step}/{r.steps}"
        parts.append(f"{step} {r.step_text}" if r.step_text else step)
    if r.strategy == "canary":
        actual = "?" if r.actual_weight is None else f"{r.actual_weight:g}"
        parts.append(f"weight {r.set_weight:g}% set, {actual}% actual")
        if r.stable_service:
            parts.append(f"stable on {r.stable_service}")
    elif r.strategy == "blueGreen":
        if r.fully_promoted:
            parts.append("active serves the current revision")
        elif r.production_pct >= 100:
            parts.append("promoted: active serves the new revision")
        else:
            preview = " (preview serves it)" if r.preview_selector == r.current_hash else ""
            parts.append(f"active serves the stable revision, 0% on the new one{preview}")
    pause = pause_words(r)
    if pause:
        parts.append(pause)
    if r.experiment:
        parts.append(f"experiment {r.experiment}")
    for a in r.analysis:
        if a.status not in ("Successful", ""):
            parts.append(a.describe())
    text = "; ".join(parts)
    # The controller's message often repeats the pause reason ("CanaryPauseStep"): say it once.
    message = r.message
    reason, sep, rest = message.partition(": ")
    said = rest if sep and reason.isalpha() else message  # "RolloutAborted: <what>"
    if message and message not in r.pause_reasons and said not in text:
        text = f"{text}; {message}" if text else message
    return text


@dataclass
class _Reported:
    """What was last reported for the rollout, to report only changes."""

    reading: RolloutReading
    traffic: tuple[float, float | None]
    detail: str
    gate: str | None = None
    ended: bool = False
    degraded: str = ""


class RolloutTracker(Tracker):
    """The Rollout NAME (list filtered by name). ``replica_sets``: the rollout's ReplicaSets as
    last watched, for the actual weight of a canary without a traffic router."""

    def __init__(
        self,
        name: str,
        source: str = SOURCE,
        replica_sets: Callable[[], Sequence[Obj]] | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.source = source
        self.replica_sets = replica_sets or (lambda: ())
        self.last: _Reported | None = None

    @property
    def reading(self) -> RolloutReading | None:
        return self.last.reading if self.last else None

    @property
    def stable_hash(self) -> str | None:
        return self.last.reading.stable_hash or None if self.last else None

    @property
    def canary_hash(self) -> str | None:
        return self.last.reading.current_hash or None if self.last else None

    def refresh(self, ts: float) -> list[ev.Event]:
        """Read the held object again (its ReplicaSets changed)."""
        obj = self.objects.get(self.name)
        return self.change(obj, obj, ts, initial=False) if obj is not None else []

    def change(
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        src = self.source
        if new is None:
            return [
                ev.Phase(
                    ts=ts, source=src, phase="deleted", detail=f"rollout {self.name} was deleted"
                )
            ]
        r = read_rollout(new, self.replica_sets())
        prev = self.last
        out: list[ev.Event] = []
        if prev is None:
            out.append(
                ev.SessionInfo(
                    ts=ts,
                    source=src,
                    service=self.name,
                    version=r.image_tag or None,
                    agent="argo-rollouts",
                )
            )
            plan = plan_of(new)
            if plan:
                out.append(ev.StagePlan(ts=ts, source=src, steps=plan))
        elif r.facts != prev.reading.facts:
            changes = diff(prev.reading.facts, r.facts)
            images = [c["after"] for k, c in changes.items() if k.endswith(".image")]
            out.append(
                ev.Deployment(
                    ts=ts,
                    source=src,
                    service=self.name,
                    version=image_version(images[0]) if images else None,
                    environment="green",
                    changes=changes,
                )
            )
        traffic = traffic_of(r)
        if prev is None or traffic != prev.traffic:
            green, actual = traffic
            if green > 0 and not r.aborted and (prev is None or green != prev.traffic[0]):
                out.append(ev.StageStarted(ts=ts, source=src, traffic_pct=green))
            out.append(ev.TrafficSplit(ts=ts, source=src, green_pct=green, actual_green_pct=actual))
        detail = describe(r)
        if prev is None or (r.phase, detail) != (prev.reading.phase, prev.detail):
            out.append(
                ev.Phase(ts=ts, source=src, phase=(r.phase or "unknown").lower(), detail=detail)
            )
        cur = _Reported(reading=r, traffic=traffic, detail=detail)
        out.extend(self._gate(prev, cur, new, ts))
        out.extend(self._ending(prev, cur, ts, initial=initial))
        self.last = cur
        return out

    def _gate(self, prev: _Reported | None, cur: _Reported, obj: Obj, ts: float) -> list[ev.Event]:
        """A pause is a gate: open while paused, closed by a promote (approve) or an abort."""
        r = cur.reading
        out: list[ev.Event] = []
        gate = prev.gate if prev else None
        at = gate_id_for(self.name, r.step)
        if gate and (r.aborted or not r.paused or gate != at):
            decision = "rollback" if r.aborted else "approve"
            out.append(
                ev.GateClosed(
                    ts=ts,
                    source=self.source,
                    gate_id=gate,
                    decision=decision,
                    reason="seen in the cluster",
                )
            )
            gate = None
        if r.paused and gate is None:
            gate = at
            out.append(
                ev.GateOpened(
                    ts=ts,
                    source=self.source,
                    gate_id=gate,
                    stage_pct=cur.traffic[0],
                    next_pct=self._next_pct(r, obj),
                    window_start=r.pause_started,
                )
            )
        cur.gate = gate
        return out

    @staticmethod
    def _next_pct(r: RolloutReading, obj: Obj) -> float | None:
        if r.strategy == "blueGreen":
            return None if r.production_pct >= 100 else 100.0  # promotion is the switch
        later = [
            float(s["setWeight"])
            for s in canary_steps(obj)[(r.step or 0) + 1 :]
            if isinstance(s.get("setWeight"), (int, float))
        ]
        return later[0] if later else None

    def _ending(
        self, prev: _Reported | None, cur: _Reported, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        r, src = cur.reading, self.source
        out: list[ev.Event] = []
        was = prev.reading if prev else None
        cur.ended = bool(prev and prev.ended)
        cur.degraded = prev.degraded if prev else ""
        if r.aborted and not (was and was.aborted):
            out.append(ev.RollbackStarted(ts=ts, source=src, reason=r.abort_cause()))
        if not cur.ended and r.aborted and (initial or prev is None or r.phase == "Degraded"):
            # Attached to a rollout already aborted: it is over, and we know why (and when).
            detail = f"aborted: {r.abort_cause()}"
            if (initial or prev is None) and r.aborted_at is not None:
                detail += f" (at {iso(r.aborted_at)}, before this session)"
            out.append(ev.Outcome(ts=ts, source=src, status="rolled_back", detail=detail))
            cur.ended = True
        elif (
            not cur.ended
            and not initial
            and was is not None
            and r.phase == "Healthy"
            and was.phase != "Healthy"
            and not r.aborted
            and (r.step is None or r.step >= r.steps)
        ):
            out.append(
                ev.Outcome(
                    ts=ts,
                    source=src,
                    status="succeeded",
                    detail=f"rollout {self.name} fully promoted",
                )
            )
            cur.ended = True
        if r.phase == "Degraded" and not r.aborted and r.message != cur.degraded:
            cur.degraded = r.message
            out.append(
                ev.Finding(
                    ts=ts,
                    source=src,
                    code="rollout_degraded",
                    severity="critical",
                    message=f"rollout {self.name} degraded: {r.message or 'no message'}",
                    data={"rollout": self.name, "invalid_spec": r.invalid_spec},
                )
            )
        if r.phase != "Degraded":
            cur.degraded = ""
        if r.phase != "Healthy" and not r.aborted:
            cur.ended = False  # a new revision started, or a retry
        return out
