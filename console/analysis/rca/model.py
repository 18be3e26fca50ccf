"""The report's types: points, candidates, evidence and the report itself.

A candidate's score is the sum of its points (capped below certainty); every point has the
source it came from (logs, metrics, deploy) and a sentence saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from console.timefmt import iso

# The report's vocabularies (docs/rca.md): what caused it, and what to do about it.
CATEGORIES = (
    "config_change",
    "code_change",
    "dependency",
    "infrastructure",
    "capacity",
    "missing_index",
    "none",
)
ACTIONS = ("rollback", "revert", "fix_forward", "escalate", "wait", "none")
MAX_SCORE = 0.97  # never claim certainty


def confidence_band(confidence: float) -> str:
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"


@dataclass
class Point:
    """One reason a candidate scored: ``points`` (may be negative), its source and why."""

    points: float
    source: str  # logs | metrics | deploy
    reason: str
    at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": round(self.points, 2),
            "source": self.source,
            "at": iso(self.at),
            "reason": self.reason,
        }


@dataclass
class Candidate:
    """One explanation: a category, the change it blames (if any) and its points."""

    category: str
    points: list[Point] = field(default_factory=list)
    why_not: str = ""
    change: Any = None  # the blamed changes.Change, when the cause is a change
    subject: str = ""  # what to act on: a host, a flag, a key, a service
    missing: str = ""  # a release's cause: the setting (env var, secret, key) nobody set
    mechanism: str = ""  # how it fails, when the action depends on it: "certificate"
    weak: bool = False  # a change linked to the errors by shared words only

    @property
    def score(self) -> float:
        return max(0.0, min(MAX_SCORE, sum(p.points for p in self.points)))

    def add(self, points: float, source: str, reason: str, at: float | None = None) -> None:
        self.points.append(Point(points, source, reason, at))

    def sources(self) -> set[str]:
        return {p.source for p in self.points if p.points > 0}


@dataclass
class Evidence:
    source: str
    at: float | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "at": iso(self.at), "detail": self.detail}


@dataclass
class RcaReport:
    category: str
    summary: str
    confidence: float
    evidence: list[Evidence]
    action_kind: str
    action_detail: str
    onset_at: float | None
    deployment: dict[str, Any] | None
    alternatives: list[dict[str, Any]]
    candidates: list[Candidate]
    critical_failure: str
    impact: str
    limitations: list[str]
    confidence_notes: list[str]
    service: str | None = None
    alert_at: float | None = None
    sources: dict[str, bool] = field(default_factory=dict)
    early_warning: dict[str, Any] | None = None
    inputs: list[str] = field(default_factory=list)
    blamed_change: dict[str, Any] | None = None
    action_target: str | None = None

    @property
    def band(self) -> str:
        return confidence_band(self.confidence)

    def to_dict(self) -> dict[str, Any]:
        dep = None
        if self.deployment is not None:
            dep = {**self.deployment, "at": iso(self.deployment.get("at"))}
        blamed = None
        if self.blamed_change is not None:
            blamed = {**self.blamed_change, "at": iso(self.blamed_change.get("at"))}
        return {
            "service": self.service,
            "alert_at": iso(self.alert_at),
            "root_cause": {"category": self.category, "summary": self.summary},
            "confidence": round(self.confidence, 2),
            "critical_failure": self.critical_failure,
            "impact": self.impact,
            "onset_at": iso(self.onset_at),
            "evidence": [e.to_dict() for e in self.evidence],
            "recommended_action": {
                "kind": self.action_kind,
                "detail": self.action_detail,
                "target": self.action_target,
            },
            "blamed_change": blamed,
            "deployment": dep,
            "alternatives": self.alternatives,
            "explanation": {
                c.category: {
                    "score": round(c.score, 2),
                    "points": [p.to_dict() for p in c.points],
                }
                for c in _best_per_category(self.candidates)
            },
            "early_warning": _early_dict(self.early_warning),
            "confidence_notes": self.confidence_notes,
            "limitations": self.limitations,
            "sources": self.sources,
            "inputs": self.inputs,
        }


def _best_per_category(candidates: list[Candidate]) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for c in candidates:
        if c.category not in seen or c.score > seen[c.category].score:
            seen[c.category] = c
    return list(seen.values())


def _early_dict(early: dict[str, Any] | None) -> dict[str, Any] | None:
    if early is None:
        return None
    return {**early, "at": iso(early["at"]), "agent_at": iso(early.get("agent_at"))}
