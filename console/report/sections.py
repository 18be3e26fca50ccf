"""The agent's own summary, as sections: ``CONTRIBUTING FACTORS:`` and the items under it.

A rollout agent ends its log with what it concluded (root cause, contributing factors,
remediation, lessons, customer impact), each a heading and a list. The postmortem quotes
them: they are what a reviewer needs and what the console cannot measure.
"""

from __future__ import annotations

import re

from console.report.model import AgentSection

# The agent's summary sections, by the words of their heading. Order matters: the first
# match names the section ("ROOT CAUSE" before "CAUSE" in a contributing-factors heading).
_SECTION_KINDS = (
    ("contributing_factors", ("CONTRIBUTING", "FACTORS")),
    ("remediation", ("REMEDIATION", "ACTION ITEM", "NEXT STEP", "FOLLOW-UP", "FOLLOW UP",
                     "TAKEAWAY", "FIX PLAN", "PREVENTION")),
    ("root_cause", ("ROOT CAUSE", "PRIMARY ISSUE", "PRIMARY CAUSE")),
    ("lessons", ("LESSON",)),
    ("impact", ("CUSTOMER IMPACT", "USER IMPACT", "IMPACT")),
)  # fmt: skip
_SECTION_WORDS = sorted({w for _k, words in _SECTION_KINDS for w in words})
# A heading: a few words (any case: "REMEDIATION PLAN", "Action items") and a colon.
_HEADING = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 ()/&',.-]{2,60}?)\s*:\s*(.*)$")
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def may_be_section(text: str) -> bool:
    """A cheap test before parsing: the first line names a kind of section."""
    first = text[: text.find("\n")] if "\n" in text else text
    upper = first.upper()
    return ":" in first and any(w in upper for w in _SECTION_WORDS)


def section_kind(heading: str) -> str | None:
    upper = heading.upper()
    for kind, words in _SECTION_KINDS:
        if any(w in upper for w in words):
            return kind
    return None


def agent_section(seq: int, ts: float, text: str) -> AgentSection | None:
    """``CONTRIBUTING FACTORS:`` and the lines under it, as a section; None for other text."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not set(ln.strip()) <= set("=-")]
    if not lines:
        return None
    m = _HEADING.match(lines[0])
    if m is None:
        return None
    heading, rest = m.group(1).strip(), m.group(2).strip()
    kind = section_kind(heading)
    if kind is None or (kind == "impact" and not rest and len(lines) == 1):
        return None
    items = ([rest] if rest else []) + [_ITEM.sub("", ln).strip() for ln in lines[1:]]
    items = [i for i in items if i]
    if not items:
        return None
    return AgentSection(at=ts, seq=seq, kind=kind, heading=heading, items=tuple(items))
