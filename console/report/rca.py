"""Render a root-cause report as JSON (for tools) or Markdown (for people)."""

from __future__ import annotations

import json

from console.analysis.rca import RcaReport
from console.redact import redact_mapping
from console.textsafe import json_text, markdown, markdown_code

_ACTION = {
    "rollback": "ROLLBACK",
    "revert": "REVERT",
    "fix_forward": "FIX FORWARD",
    "escalate": "ESCALATE",
    "wait": "WAIT",
    "none": "NONE",
}


def render_json(report: RcaReport) -> str:
    data = redact_mapping(report.to_dict())
    return json_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def render_markdown(report: RcaReport) -> str:
    # The report quotes log lines and config values: redacted like everything exported.
    d = redact_mapping(report.to_dict())
    out: list[str] = []
    title = f"# Root-cause analysis{': ' + markdown(report.service) if report.service else ''}"
    out += [title, ""]
    out += [
        "## Root cause",
        "",
        f"**{markdown(report.category)}**: {markdown(d['root_cause']['summary'])}",
        "",
    ]
    out += ["## Critical failure (first symptom)", "", markdown(d["critical_failure"]), ""]
    if d["onset_at"]:
        out += [f"Onset: {d['onset_at']}", ""]
    out += ["## Impact", "", markdown(d["impact"]), ""]
    early = d["early_warning"]
    if early:
        lead = ""
        if early["lead_s"] is not None and early["lead_s"] > 0:
            lead = f", {early['lead_s']:.0f} s before the agent's first alarm ({early['agent_at']})"
        out += ["## Early warning", "", f"{early['at']}: {markdown(early['message'])}{lead}", ""]
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
            markdown(f"{what} at {blamed['at']}") + (f": {markdown(keys)}" if keys else ""),
            "",
        ]
    elif d["deployment"]:
        dep = d["deployment"]
        changes = ", ".join(
            f"{markdown_code(k)} {markdown(v.get('before'))} → {markdown(v.get('after'))}"
            for k, v in dep["config_changes"].items()
        )
        version = f" {markdown(dep['version'])}" if dep.get("version") else ""
        out += [
            "## Latest change before the onset (not blamed)",
            "",
            f"{markdown(dep['kind'])}{version} at {dep['at']}"
            + (f": {changes}" if changes else ""),
            "",
        ]
    out += ["## Evidence", ""]
    for i, e in enumerate(d["evidence"], 1):
        out.append(f"{i}. [{markdown(e['source'])}] {e['at'] or 'n/a'}: {markdown(e['detail'])}")
    out.append("")
    out += [
        "## Recommended action",
        "",
        f"**{markdown(_ACTION.get(report.action_kind, report.action_kind))}**: "
        f"{markdown(d['recommended_action']['detail'])}",
        "",
    ]
    out += [f"## Confidence: {report.confidence:.0%} ({report.band})", ""]
    for note in d["confidence_notes"]:
        out.append(f"- {markdown(note)}")
    for lim in d["limitations"]:
        out.append(f"- Missing input: {markdown(lim)}")
    out.append("")
    top = d["explanation"].get(report.category)
    if top and top["points"]:
        out += ["### How the score was computed", ""]
        for p in top["points"]:
            out.append(f"- {p['points']:+.2f} ({markdown(p['source'])}) {markdown(p['reason'])}")
        out.append("")
    out += ["## Alternatives rejected", ""]
    for alt in d["alternatives"]:
        out.append(
            f"- {markdown(alt['category'])} ({alt['confidence']:.0%}): {markdown(alt['why_not'])}"
        )
    out.append("")
    if d["inputs"]:
        out += ["## Inputs", ""]
        out += [f"- {markdown(note)}" for note in d["inputs"]]
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
