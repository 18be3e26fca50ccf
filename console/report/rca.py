"""Render a root-cause report as JSON (for tools) or Markdown (for people)."""

from __future__ import annotations

import json
from typing import Any

from console.analysis.rca import RcaReport

_ACTION = {
    "rollback": "ROLLBACK",
    "revert": "REVERT",
    "fix_forward": "FIX FORWARD",
    "escalate": "ESCALATE",
    "wait": "WAIT",
    "none": "NONE",
}


def render_json(report: RcaReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str)


def _md(text: Any) -> str:
    """Log text is data: keep it from turning into Markdown structure."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: RcaReport) -> str:
    d = report.to_dict()
    out: list[str] = []
    title = f"# Root-cause analysis{': ' + report.service if report.service else ''}"
    out += [title, ""]
    out += ["## Root cause", "", f"**{report.category}**: {_md(report.summary)}", ""]
    out += ["## Critical failure (first symptom)", "", _md(report.critical_failure), ""]
    if d["onset_at"]:
        out += [f"Onset: {d['onset_at']}", ""]
    out += ["## Impact", "", _md(report.impact), ""]
    early = d["early_warning"]
    if early:
        lead = ""
        if early["lead_s"] is not None and early["lead_s"] > 0:
            lead = f", {early['lead_s']:.0f} s before the agent's first alarm ({early['agent_at']})"
        out += ["## Early warning", "", f"{early['at']}: {_md(early['message'])}{lead}", ""]
    blamed = d.get("blamed_change")
    if blamed:
        what = blamed["kind"]
        if blamed.get("service"):
            what += f" of {blamed['service']}"
        if blamed.get("version"):
            prev = blamed.get("previous_version")
            what += f" {prev} → {blamed['version']}" if prev else f" {blamed['version']}"
        if blamed.get("resource"):
            what += f" on {blamed['resource']}"
        keys = ", ".join(
            f"`{k}` {v.get('before')} → {v.get('after')}"
            for k, v in (blamed.get("changes") or {}).items()
        )
        out += [
            "## Blamed change",
            "",
            _md(f"{what} at {blamed['at']}") + (f": {_md(keys)}" if keys else ""),
            "",
        ]
    elif d["deployment"]:
        dep = d["deployment"]
        changes = ", ".join(
            f"`{k}` {v.get('before')} → {v.get('after')}" for k, v in dep["config_changes"].items()
        )
        version = f" {dep['version']}" if dep.get("version") else ""
        out += [
            "## Latest change before the onset (not blamed)",
            "",
            f"{dep['kind']}{version} at {dep['at']}" + (f": {changes}" if changes else ""),
            "",
        ]
    out += ["## Evidence", ""]
    for i, e in enumerate(d["evidence"], 1):
        out.append(f"{i}. [{e['source']}] {e['at'] or 'n/a'}: {_md(e['detail'])}")
    out.append("")
    out += [
        "## Recommended action",
        "",
        f"**{_ACTION.get(report.action_kind, report.action_kind)}**: {_md(report.action_detail)}",
        "",
    ]
    out += [f"## Confidence: {report.confidence:.0%} ({report.band})", ""]
    for note in report.confidence_notes:
        out.append(f"- {_md(note)}")
    for lim in report.limitations:
        out.append(f"- Missing input: {_md(lim)}")
    out.append("")
    top = d["explanation"].get(report.category)
    if top and top["points"]:
        out += ["### How the score was computed", ""]
        for p in top["points"]:
            out.append(f"- {p['points']:+.2f} ({p['source']}) {_md(p['reason'])}")
        out.append("")
    out += ["## Alternatives rejected", ""]
    for alt in report.alternatives:
        out.append(f"- {alt['category']} ({alt['confidence']:.0%}): {_md(alt['why_not'])}")
    out.append("")
    if report.inputs:
        out += ["## Inputs", ""]
        out += [f"- {_md(note)}" for note in report.inputs]
        out.append("")
    return "\n".join(out)


FORMATS = ("md", "json")


def render(report: RcaReport, fmt: str = "md") -> str:
    """``fmt``: ``md`` or ``json`` (what ``opsconsole rca --format`` takes)."""
    if fmt == "json":
        return render_json(report)
    if fmt in ("md", "markdown"):
        return render_markdown(report)
    raise ValueError(f"unknown format {fmt!r}: use md or json")
