"""Analysis: gate checks, early warning, SLO breaches and root-cause correlation.

Reads events and State, answers events (findings, gate checks); never touches the UI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.analysis.early_warning import EarlyWarningAnalyzer, SloBreachAnalyzer
from console.analysis.gate_checks import GateCheckAnalyzer
from console.analysis.incident import IncidentAnalyzer
from console.analysis.rca import RcaReport, analyse

if TYPE_CHECKING:
    from console.pipeline import Analyzer

__all__ = [
    "EarlyWarningAnalyzer",
    "GateCheckAnalyzer",
    "IncidentAnalyzer",
    "RcaReport",
    "SloBreachAnalyzer",
    "analyse",
    "default_analyzers",
]


def default_analyzers(*, service: str | None = None) -> list[Analyzer]:
    """The analysers a live session runs, in the order the Pipeline should call them."""
    return [
        GateCheckAnalyzer(),
        EarlyWarningAnalyzer(),
        SloBreachAnalyzer(),
        IncidentAnalyzer(service=service),
    ]
