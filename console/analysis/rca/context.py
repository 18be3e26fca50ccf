"""What the candidates are judged on: the measured facts of one input, gathered once."""

from __future__ import annotations

from dataclasses import dataclass, field

from console.analysis.analysts import DeployFindings, LogFindings, MetricFindings
from console.analysis.rca.changes import Change
from console.analysis.rca.onset import Episode
from console.analysis.rca.signatures import Record, Signature

CORRELATION_WINDOW_S = 2 * 3600.0  # a change this long before the onset can still be the cause
ONSET_SLACK_S = 60.0  # a change inside the onset's own minute still counts as before it


@dataclass
class Facts:
    service: str | None
    records: list[Record]
    episode: Episode | None
    onset: float | None
    onset_what: str
    end: float | None
    signatures: list[Signature]
    changes: list[Change]  # every change read, of every service
    logs: LogFindings
    metrics: MetricFindings
    deploys: DeployFindings
    rollout_seen: bool
    alert_at: float | None = None
    claims: list[tuple[float, str]] = field(default_factory=list)  # an agent's ROOT CAUSE lines
    incident: list[str] = field(default_factory=list)  # why we think there is an incident

    @property
    def failures_after(self) -> int:
        return sum(s.after for s in self.signatures)

    def before_onset(self) -> list[Change]:
        """Changes that can have caused the incident: before its onset, within the window."""
        ref = self.onset if self.onset is not None else self.end
        if ref is None:
            return []
        return [
            c
            for c in self.changes
            if c.at <= ref + ONSET_SLACK_S
            and ref - c.at <= CORRELATION_WINDOW_S
            and (self.alert_at is None or c.at <= self.alert_at)
        ]

    def incident_text(self, top: int = 8, *, context: bool = False) -> str:
        """The failing signatures' text (templates and an example of each, with ``context``
        their fields and stack frames too), lower case."""
        sigs = [s for s in self.signatures if s.after > s.before][:top] or self.signatures[:top]
        if context:
            return " \n".join(f"{s.template} {s.example} {s.context}" for s in sigs).lower()
        return " \n".join(f"{s.template} {s.example}" for s in sigs).lower()
