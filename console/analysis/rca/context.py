"""What the candidates are judged on: the measured facts of one input, gathered once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from console.analysis.analysts import DeployFindings, LogFindings, MetricFindings
from console.analysis.rca.changes import Change
from console.analysis.rca.onset import Episode
from console.analysis.rca.signatures import Record, Signature

CORRELATION_WINDOW_S = 2 * 3600.0  # a change this long before the onset can still be the cause
ONSET_SLACK_S = 60.0  # a change inside the onset's own minute still counts as before it
DETECT_SLACK_S = 300.0  # at most this long after the onset, up to its first significant minute
# Field names (their last dotted part) that carry an availability zone: ECS's
# cloud.availability_zone, Kubernetes' topology.kubernetes.io/zone label, plain zone/az.
_ZONE_KEYS = frozenset({"zone", "availability_zone", "availabilityzone", "az", "peer_zone"})


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
        # The onset is the likeliest change point, minutes before the first minute that is
        # significant on its own; a change between the two may still be what set it off.
        ep = self.episode
        if ep is not None and ep.detected_at is not None and self.onset == ep.start:
            ref_late = min(max(ref + ONSET_SLACK_S, ep.detected_at), ref + DETECT_SLACK_S)
        else:
            ref_late = ref + ONSET_SLACK_S
        return [
            c
            for c in self.changes
            if c.at <= ref_late
            and ref - c.at <= CORRELATION_WINDOW_S
            and (self.alert_at is None or c.at <= self.alert_at)
        ]

    def failing_zone(self) -> str | None:
        """The availability zone most failing lines after the onset name, when one zone
        accounts for at least 60 % of those that name any (a zone's trouble, not noise)."""
        if self.onset is None:
            return None
        until = self.episode.end if self.episode and self.episode.end else None
        zones: Counter[str] = Counter()
        for r in self.records:
            if r.ts < self.onset or (until is not None and r.ts > until) or not r.failed:
                continue
            for k, v in r.fields.items():
                if (
                    isinstance(v, str)
                    and v
                    and k.rsplit(".", 1)[-1].rsplit("/", 1)[-1].lower() in _ZONE_KEYS
                ):
                    zones[v] += 1
                    break
        if not zones:
            return None
        zone, n = zones.most_common(1)[0]
        return zone if n >= 10 and n / sum(zones.values()) >= 0.6 else None

    def incident_text(self, top: int = 8, *, context: bool = False) -> str:
        """The failing signatures' text (templates and an example of each, with ``context``
        their fields and stack frames too), lower case."""
        sigs = [s for s in self.signatures if s.after > s.before][:top] or self.signatures[:top]
        if context:
            return " \n".join(f"{s.template} {s.example} {s.context}" for s in sigs).lower()
        return " \n".join(f"{s.template} {s.example}" for s in sigs).lower()
