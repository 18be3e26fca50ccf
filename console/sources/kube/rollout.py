"""An Argo Rollouts Rollout read as its controller and ``kubectl argo rollouts get`` mean it.

``read_rollout(obj)`` turns the raw object into a ``RolloutReading``: strategy, phase and
message (``status.phase``, else derived from the conditions as the plugin's
``GetRolloutPhase``/``CalculateRolloutPhase`` do), the current step and its kind, set and
actual weight (``GetCurrentSetWeight``; the traffic router's status, else the canary
ReplicaSet's share of the available replicas), blue-green active vs preview (what the active
Service selects is what production gets), pauses with their reasons and whether a person must
lift them, abort and its cause (the failed analysis when there is one).

Weights are percentages of production traffic on the *new* revision (``currentPodHash``);
the stable revision is the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from console.sources.kube.objects import dig, image_version, meta, parse_time, template_facts

ARGO_GROUP = "argoproj.io"
ARGO_VERSION = "v1alpha1"
REVISION_ANNOTATION = "rollout.argoproj.io/revision"
HASH_LABEL = "rollouts-pod-template-hash"

# status.pauseConditions[].reason (v1alpha1 PauseReason); "InconclusiveAnalysis" is what
# controllers before v1.0 wrote.
PAUSE_STEP = "CanaryPauseStep"
PAUSE_BLUE_GREEN = "BlueGreenPause"
PAUSE_INCONCLUSIVE = ("InconclusiveAnalysisRun", "InconclusiveAnalysis", "InconclusiveExperiment")
PAUSE_USER = "PausedByUser"  # our name for spec.paused (the plugin's "manually paused")
PAUSE_VERIFYING_PREVIEW = "VerifyingPreview"  # status.verifyingPreview, before v0.4

_FAILED_ANALYSIS = ("Failed", "Error")


def canary_steps(rollout: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    steps = dig(rollout, "spec", "strategy", "canary", "steps")
    return [s for s in steps if isinstance(s, Mapping)] if isinstance(steps, list) else []


def strategy_of(rollout: Mapping[str, Any]) -> str:
    strategy = dig(rollout, "spec", "strategy")
    if isinstance(strategy, Mapping):
        if isinstance(strategy.get("blueGreen"), Mapping):
            return "blueGreen"
        if isinstance(strategy.get("canary"), Mapping):
            return "canary"
    return ""


def current_step_index(rollout: Mapping[str, Any]) -> int | None:
    """status.currentStepIndex, 0 when unset (as Argo's GetCurrentCanaryStep does)."""
    if not canary_steps(rollout):
        return None
    idx = dig(rollout, "status", "currentStepIndex")
    return int(idx) if isinstance(idx, int) and not isinstance(idx, bool) else 0


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):  # an intstr written as a string ("25")
        try:
            return float(value)
        except ValueError:
            return None
    return None


def max_weight(rollout: Mapping[str, Any]) -> float:
    """spec.strategy.canary.trafficRouting.maxTrafficWeight, 100 by default."""
    w = _number(dig(rollout, "spec", "strategy", "canary", "trafficRouting", "maxTrafficWeight"))
    return w if w and w > 0 else 100.0


def _pct(rollout: Mapping[str, Any], weight: float) -> float:
    return round(weight * 100.0 / max_weight(rollout), 2)


def set_weight(rollout: Mapping[str, Any]) -> float:
    """The weight the rollout asks for now, in % (Argo's GetCurrentSetWeight)."""
    if dig(rollout, "status", "abort"):
        return 0.0
    if dig(rollout, "status", "promoteFull"):
        return 100.0
    steps = canary_steps(rollout)
    idx = current_step_index(rollout)
    if idx is None or idx >= len(steps):
        return 100.0
    for i in range(idx, -1, -1):
        w = _number(steps[i].get("setWeight"))
        if w is not None:
            return _pct(rollout, w)
    return 0.0


def router_weight(rollout: Mapping[str, Any]) -> float | None:
    """What the traffic router reports (status.canary.weights.canary.weight), in %."""
    w = _number(dig(rollout, "status", "canary", "weights", "canary", "weight"))
    return None if w is None else _pct(rollout, w)


def has_traffic_router(rollout: Mapping[str, Any]) -> bool:
    return isinstance(dig(rollout, "spec", "strategy", "canary", "trafficRouting"), Mapping)


def plan_of(rollout: Mapping[str, Any]) -> tuple[float, ...]:
    if strategy_of(rollout) == "blueGreen":
        return (100.0,)  # one switch: promotion
    weights = [
        _pct(rollout, w)
        for s in canary_steps(rollout)
        if (w := _number(s.get("setWeight"))) is not None
    ]
    if weights and weights[-1] != 100.0:
        weights.append(100.0)  # finishing the steps promotes fully
    return tuple(weights)


def gate_of(rollout: Mapping[str, Any]) -> str:
    """The gate the rollout is at now (see gate_id_for)."""
    return gate_id_for(str(meta(rollout).get("name") or ""), current_step_index(rollout))


def gate_id_for(rollout_name: str, step_index: int | None) -> str:
    """The gate a pause is: a canary's step, or a blue-green's promotion."""
    if step_index is None:
        return f"{rollout_name}/promotion"
    return f"{rollout_name}/step-{step_index}"


_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(value: Any) -> float | None:
    """An Argo DurationString (an integer of seconds, or Go's "1m30s") in seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    pos, total = 0, 0.0
    for m in _DURATION.finditer(text):
        if m.start() != pos:
            return None
        total += float(m.group(1)) * _UNIT[m.group(2)]
        pos = m.end()
    return total if pos == len(text) and pos else None


def step_kind(step: Mapping[str, Any]) -> str:
    """The plugin's CanaryStepString kinds."""
    for kind in (
        "setWeight",
        "pause",
        "analysis",
        "experiment",
        "setCanaryScale",
        "setHeaderRoute",
        "setMirrorRoute",
        "plugin",
    ):
        if kind in step:
            return kind
    return "invalid"


def step_text(step: Mapping[str, Any]) -> str:
    kind = step_kind(step)
    if kind == "setWeight":
        return f"setWeight {step.get('setWeight')}"
    if kind == "pause":
        seconds = parse_duration(dig(step, "pause", "duration"))
        return "pause" if seconds is None else f"pause {dig(step, 'pause', 'duration')}"
    if kind == "analysis":
        names = [
            str(t.get("templateName") or t.get("clusterScope") or "?")
            for t in dig(step, "analysis", "templates") or []
            if isinstance(t, Mapping)
        ]
        return "analysis" + (f" {', '.join(names)}" if names else "")
    if kind == "experiment":
        seconds = dig(step, "experiment", "duration")
        return "experiment" + (f" {seconds}" if seconds else "")
    return kind


@dataclass(frozen=True, slots=True)
class AnalysisStatus:
    """One of the rollout's current*AnalysisRunStatus: which run, its phase, its message."""

    role: str  # background | step | pre-promotion | post-promotion
    name: str
    status: str
    message: str = ""

    @property
    def failed(self) -> bool:
        return self.status in _FAILED_ANALYSIS

    def describe(self) -> str:
        text = f"{self.role} analysis {self.name} {self.status.lower()}"
        return f"{text}: {self.message}" if self.message else text


@dataclass(frozen=True, slots=True)
class RolloutReading:
    name: str
    namespace: str
    strategy: str  # canary | blueGreen | "" (none given: the controller will refuse it)
    phase: str  # Healthy | Progressing | Paused | Degraded
    message: str
    revision: int | None
    current_hash: str
    stable_hash: str
    images: tuple[str, ...]
    created: float | None
    step: int | None  # canary with steps: 0-based index of the current step; N when done
    steps: int
    step_kind: str  # of the current step, "" when none
    step_text: str
    set_weight: float  # % of traffic the rollout asks for on the new revision
    actual_weight: float | None  # % the router (or the replica share) really gives it
    router: bool
    active_selector: str
    preview_selector: str
    pause_reasons: tuple[str, ...]
    paused: bool
    controller_pause: bool
    pause_started: float | None
    pause_until: float | None  # a timed pause resumes by itself at this time
    needs_human: bool  # paused and nobody but a person will lift it
    aborted: bool
    aborted_at: float | None
    invalid_spec: str | None
    promote_full: bool
    analysis: tuple[AnalysisStatus, ...] = ()
    aborted_message: str = ""  # the RolloutAborted condition's message
    stable_service: str = ""  # ping-pong: which of the two Services serves the stable revision
    experiment: str = ""
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def fully_promoted(self) -> bool:
        return bool(self.current_hash) and self.current_hash == self.stable_hash

    @property
    def production_pct(self) -> float:
        """% of production traffic on the new revision. Blue-green: what the active Service
        selects (0 or 100); canary: the actual weight, else the set weight."""
        if self.strategy == "blueGreen":
            if not self.current_hash:
                return 0.0
            if self.active_selector:
                return 100.0 if self.active_selector == self.current_hash else 0.0
            return 100.0 if self.fully_promoted else 0.0
        return self.actual_weight if self.actual_weight is not None else self.set_weight

    @property
    def failed_analysis(self) -> AnalysisStatus | None:
        return next((a for a in self.analysis if a.failed), None)

    def abort_cause(self) -> str:
        """Why it was aborted, the failed analysis first."""
        failed = self.failed_analysis
        if failed is not None:
            return failed.describe()
        if self.aborted_message:
            return self.aborted_message
        if self.message.startswith("RolloutAborted"):
            return self.message
        return "rollout aborted"

    @property
    def image_tag(self) -> str:
        return (image_version(self.images[0]) or "") if self.images else ""


def _conditions(rollout: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    conds = dig(rollout, "status", "conditions")
    return [c for c in conds if isinstance(c, Mapping)] if isinstance(conds, list) else []


def _pause_conditions(rollout: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    conds = dig(rollout, "status", "pauseConditions")
    return [c for c in conds if isinstance(c, Mapping)] if isinstance(conds, list) else []


def _generation_observed(rollout: Mapping[str, Any]) -> bool:
    """isGenerationObserved: a numeric status.observedGeneration (v0.10+) must have caught up
    with metadata.generation; v0.9's hash-like value always counts as observed."""
    observed = dig(rollout, "status", "observedGeneration")
    generation = meta(rollout).get("generation")
    try:
        seen = int(str(observed))
    except ValueError:
        return True
    if not isinstance(generation, int):
        return True
    return seen >= generation


def rollout_phase(rollout: Mapping[str, Any]) -> tuple[str, str]:
    """(phase, message) as ``kubectl argo rollouts get`` shows them (GetRolloutPhase)."""
    status = rollout.get("status") if isinstance(rollout.get("status"), Mapping) else {}
    assert isinstance(status, Mapping)
    spec = rollout.get("spec") if isinstance(rollout.get("spec"), Mapping) else {}
    assert isinstance(spec, Mapping)
    if not _generation_observed(rollout):
        return "Progressing", "waiting for rollout spec update to be observed"
    if status.get("controllerPause") and not _pause_conditions(rollout):
        return "Progressing", "waiting for rollout to unpause"
    if status.get("phase"):
        return str(status["phase"]), str(status.get("message") or "")
    return _calculate_phase(rollout, spec, status)


def _calculate_phase(
    rollout: Mapping[str, Any], spec: Mapping[str, Any], status: Mapping[str, Any]
) -> tuple[str, str]:
    """CalculateRolloutPhase, for controllers before v1.0 that wrote no status.phase."""
    for cond in _conditions(rollout):
        if cond.get("type") == "InvalidSpec":
            return "Degraded", f"InvalidSpec: {cond.get('message') or ''}".rstrip(": ")
        if cond.get("reason") in ("RolloutAborted", "ProgressDeadlineExceeded"):
            return "Degraded", f"{cond.get('reason')}: {cond.get('message') or ''}".rstrip(": ")
    if spec.get("paused"):
        return "Paused", "manually paused"
    if status.get("verifyingPreview"):  # controllers before v0.4 waited for a promote so
        return "Paused", "verifying preview"
    for cond in _pause_conditions(rollout):
        return "Paused", str(cond.get("reason") or "")
    restart_at = spec.get("restartAt")
    if restart_at and restart_at != status.get("restartedAt"):
        return "Progressing", "rollout is restarting"
    replicas = spec.get("replicas")
    desired = replicas if isinstance(replicas, int) else 1
    updated = int(status.get("updatedReplicas") or 0)
    available = int(status.get("availableReplicas") or 0)
    if updated < desired:
        return "Progressing", "more replicas need to be updated"
    if available < updated:
        return "Progressing", "updated replicas are still becoming available"
    current, stable = status.get("currentPodHash") or "", status.get("stableRS") or ""
    strategy = strategy_of(rollout)
    if strategy == "blueGreen":
        active = dig(status, "blueGreen", "activeSelector") or ""
        if not active or active != current:
            return "Progressing", "active service cutover pending"
        if not stable or stable != current:
            if dig(spec, "strategy", "blueGreen", "postPromotionAnalysis") and dig(
                status, "blueGreen", "postPromotionAnalysisRunStatus", "status"
            ) not in ("Successful", "Failed", "Error", "Inconclusive"):
                return "Progressing", "waiting for analysis to complete"
            return "Progressing", "waiting for post-promotion verification to complete"
    elif strategy == "canary":
        if not has_traffic_router(rollout) and int(status.get("replicas") or 0) > updated:
            return "Progressing", "old replicas are pending termination"
        if not stable or stable != current:
            return "Progressing", "waiting for all steps to complete"
    return "Healthy", ""


def _analysis(rollout: Mapping[str, Any]) -> tuple[AnalysisStatus, ...]:
    out = []
    for role, path in (
        ("background", ("canary", "currentBackgroundAnalysisRunStatus")),
        ("step", ("canary", "currentStepAnalysisRunStatus")),
        ("pre-promotion", ("blueGreen", "prePromotionAnalysisRunStatus")),
        ("post-promotion", ("blueGreen", "postPromotionAnalysisRunStatus")),
    ):
        run = dig(rollout, "status", *path)
        if isinstance(run, Mapping) and run.get("name"):
            out.append(
                AnalysisStatus(
                    role=role,
                    name=str(run["name"]),
                    status=str(run.get("status") or ""),
                    message=str(run.get("message") or ""),
                )
            )
    return tuple(out)


def _template(
    rollout: Mapping[str, Any], replica_sets: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The pod template the rollout runs: its own, else (spec.workloadRef: the template is
    another workload's) the one of its ReplicaSet for status.currentPodHash."""
    own = dig(rollout, "spec", "template")
    if isinstance(own, Mapping):
        return own
    running = dig(rollout, "status", "currentPodHash")
    for rs in replica_sets:
        if running and (meta(rs).get("labels") or {}).get(HASH_LABEL) == running:
            found = dig(rs, "spec", "template")
            return found if isinstance(found, Mapping) else None
    return None


def _images(template: Mapping[str, Any] | None) -> tuple[str, ...]:
    containers = dig(template, "spec", "containers") if template else None
    if not isinstance(containers, list):
        return ()
    return tuple(str(c["image"]) for c in containers if isinstance(c, Mapping) and c.get("image"))


def revision_of(obj: Mapping[str, Any]) -> int | None:
    value = (meta(obj).get("annotations") or {}).get(REVISION_ANNOTATION)
    try:
        return int(str(value))
    except ValueError:
        return None


def read_rollout(
    rollout: Mapping[str, Any],
    replica_sets: Sequence[Mapping[str, Any]] = (),
) -> RolloutReading:
    """The Rollout as the controller means it. ``replica_sets``: the rollout's own, for the
    actual weight of a canary without a traffic router (the canary's available replicas as a
    share of the rollout's)."""
    status = rollout.get("status") if isinstance(rollout.get("status"), Mapping) else {}
    assert isinstance(status, Mapping)
    spec = rollout.get("spec") if isinstance(rollout.get("spec"), Mapping) else {}
    assert isinstance(spec, Mapping)
    strategy = strategy_of(rollout)
    template = _template(rollout, replica_sets)
    phase, message = rollout_phase(rollout)
    steps = canary_steps(rollout)
    idx = current_step_index(rollout)
    current = steps[idx] if idx is not None and idx < len(steps) else None
    aborted = bool(status.get("abort"))
    current_hash = str(status.get("currentPodHash") or "")
    stable_hash = str(status.get("stableRS") or dig(status, "canary", "stableRS") or "")
    sw = set_weight(rollout) if strategy == "canary" else 0.0
    router = has_traffic_router(rollout)
    actual: float | None = None
    if strategy == "canary":
        available = int(status.get("availableReplicas") or 0)
        if current is None and not aborted:
            actual = 100.0  # past the last step (or no steps): all on the new revision
        elif router:
            actual = router_weight(rollout)
            if actual is None:
                actual = sw if available > 0 else 0.0
        elif available > 0:
            canary = [
                rs
                for rs in replica_sets
                if (meta(rs).get("labels") or {}).get(HASH_LABEL) == current_hash
                and current_hash != stable_hash
            ]
            if canary or replica_sets:
                ready = sum(int(dig(rs, "status", "availableReplicas") or 0) for rs in canary)
                actual = round(min(100.0, ready * 100.0 / available), 2)
        else:
            actual = 0.0
    pauses = _pause_conditions(rollout)
    reasons = [str(c.get("reason") or "") for c in pauses]
    if spec.get("paused"):
        reasons.append(PAUSE_USER)
    if status.get("verifyingPreview") and strategy == "blueGreen":
        reasons.append(PAUSE_VERIFYING_PREVIEW)
    starts = [t for c in pauses if (t := parse_time(c.get("startTime"))) is not None]
    pause_started = min(starts) if starts else parse_time(status.get("pauseStartTime"))
    pause_until: float | None = None
    needs_human = False
    for reason in reasons:
        if reason == PAUSE_STEP and current is not None and step_kind(current) == "pause":
            seconds = parse_duration(dig(current, "pause", "duration"))
            if seconds is None:
                needs_human = True
            elif pause_started is not None:
                pause_until = pause_started + seconds
        elif reason == PAUSE_BLUE_GREEN:
            auto = dig(spec, "strategy", "blueGreen", "autoPromotionSeconds")
            if isinstance(auto, int) and auto > 0 and pause_started is not None:
                pause_until = pause_started + auto
            else:
                needs_human = True
        else:  # inconclusive analysis or experiment, spec.paused: a person decides
            needs_human = True
    # Before v0.8 the controller paused a pause step with spec.paused itself.
    if PAUSE_USER in reasons and current is not None and step_kind(current) == "pause":
        seconds = parse_duration(dig(current, "pause", "duration"))
        if seconds is not None and pause_started is not None and len(reasons) == 1:
            pause_until, needs_human = pause_started + seconds, False
    invalid = next(
        (
            str(c.get("message") or "")
            for c in _conditions(rollout)
            if c.get("type") == "InvalidSpec"
        ),
        None,
    )
    aborted_message = next(
        (
            f"RolloutAborted: {c.get('message') or ''}".rstrip(": ")
            for c in _conditions(rollout)
            if c.get("reason") == "RolloutAborted"
        ),
        "",
    )
    # Ping-pong (ALB): the two Services swap roles at each promotion; the status says which
    # one is stable now.
    ping_pong = dig(spec, "strategy", "canary", "pingPong")
    stable_service = ""
    if isinstance(ping_pong, Mapping):
        side = dig(status, "canary", "stablePingPong")
        # IsStablePing: ping only when the status says so, pong otherwise (unset too).
        stable_service = str(
            ping_pong.get("pingService" if side == "ping" else "pongService") or ""
        )
    return RolloutReading(
        stable_service=stable_service,
        aborted_message=aborted_message if aborted else "",
        name=str(meta(rollout).get("name") or ""),
        namespace=str(meta(rollout).get("namespace") or ""),
        strategy=strategy,
        phase=phase,
        message=message,
        revision=revision_of(rollout),
        current_hash=current_hash,
        stable_hash=stable_hash,
        images=_images(template),
        created=parse_time(meta(rollout).get("creationTimestamp")),
        step=idx,
        steps=len(steps),
        step_kind=step_kind(current) if current is not None else "",
        step_text=step_text(current) if current is not None else "",
        set_weight=sw,
        actual_weight=actual,
        router=router,
        active_selector=str(dig(status, "blueGreen", "activeSelector") or ""),
        preview_selector=str(dig(status, "blueGreen", "previewSelector") or ""),
        pause_reasons=tuple(reasons),
        paused=bool(reasons) and not aborted,
        controller_pause=bool(status.get("controllerPause")),
        pause_started=pause_started,
        pause_until=pause_until,
        needs_human=needs_human and not aborted,
        aborted=aborted,
        aborted_at=parse_time(status.get("abortedAt")),
        invalid_spec=invalid,
        promote_full=bool(status.get("promoteFull")),
        analysis=_analysis(rollout),
        experiment=str(dig(status, "canary", "currentExperiment") or ""),
        facts=template_facts(template),
    )
