"""Root-cause analysis: when the incident started, which change (if any) caused it, why, and
what to do. ``docs/rca.md`` describes the method.

Modules, in the order the analysis runs: ``signatures`` (service log lines as records, errors
as templates), ``onset`` (a count test against a long baseline), ``changes`` (releases,
config, flags, env vars, Kubernetes events), ``candidates`` and ``database`` (causes and their
plausibility), ``action`` (confidence and what to act on), ``narrative`` (the report's words),
``commander`` (all of it), ``model`` (the report's types).
"""

from __future__ import annotations

from console.analysis.rca.commander import analyse, early_warning
from console.analysis.rca.model import (
    ACTIONS,
    CATEGORIES,
    Candidate,
    Evidence,
    Point,
    RcaReport,
    confidence_band,
)

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "Candidate",
    "Evidence",
    "Point",
    "RcaReport",
    "analyse",
    "confidence_band",
    "early_warning",
]
