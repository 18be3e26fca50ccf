"""The postmortem export: a session's report (console/report/build.py) rendered as Markdown
for people (console/report/markdown.py, with SVG charts beside it) or JSON for tools (schema
in docs/export-schema.md), redacted, written 0600.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from console import files
from console.errors import ExportError
from console.redact import redact, redact_mapping
from console.report.build import FORMAT_VERSION, OUTCOMES, build
from console.report.charts import render_svg
from console.report.markdown import render_markdown
from console.report.model import Report
from console.store.catalog import open_store
from console.textsafe import json_text

__all__ = [
    "FORMAT_VERSION",
    "OUTCOMES",
    "ExportError",
    "build_report",
    "chart_paths",
    "export_files",
    "export_session",
    "redacted",
    "render_json",
    "render_markdown",
    "write_private",
]

T = TypeVar("T")


def build_report(db: sqlite_utils.Database | Path | str, session_id: str) -> dict[str, Any]:
    """The JSON document of one session's postmortem (docs/export-schema.md)."""
    return build(db, session_id).to_json()


def render_json(report: Report | dict[str, Any]) -> str:
    doc = report.to_json() if isinstance(report, Report) else report
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def redacted(value: T) -> T:
    """A copy of a report (or any part) with every string through the redactor, and
    mappings (a config change's values) as ``redact_mapping`` treats them."""
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: redacted(getattr(value, f.name)) for f in fields(value)}
        return replace(value, **changes)
    if isinstance(value, str):
        return redact(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(redacted(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict | list):
        return redact_mapping(value)
    if value is not None and hasattr(value, "items"):  # a read-only Mapping
        return redact_mapping(dict(value.items()))
    return value


def chart_paths(out: Path, report: Report) -> dict[str, Path]:
    """Where each chart of a Markdown export goes: ``NAME-latency.svg`` beside ``NAME.md``."""
    stem = out.name[: -len(out.suffix)] if out.suffix else out.name
    return {c.name: out.with_name(f"{stem}-{c.name}.svg") for c in report.charts}


def export_session(db_path: Path | str, session_id: str, fmt: str, out: Path | None = None) -> str:
    """Render the postmortem as ``md`` or ``json``; write it to ``out`` (mode 0600) if given,
    and a Markdown export's charts as SVG files beside it (linked from the Markdown)."""
    return export_files(db_path, session_id, fmt, out)[0]


def export_files(
    db_path: Path | str, session_id: str, fmt: str, out: Path | None = None
) -> tuple[str, list[Path]]:
    """``export_session``, and the files it wrote (the report first, then its charts)."""
    fmt = fmt.lower()
    if fmt not in ("md", "markdown", "json"):
        raise ExportError(f"unknown export format {fmt!r}; use md or json")
    db = open_store(db_path)
    try:
        # The store is redacted as it is written; redacting the report again catches what an
        # older opsconsole let through, and a config change's values under secret keys.
        report = redacted(build(db, session_id))
    finally:
        db.conn.close()
    if fmt == "json":
        text = render_json(report)
        if out is None:
            return text, []
        write_private(Path(out), text)
        return text, [Path(out)]
    svgs = chart_paths(Path(out), report) if out is not None else {}
    text = render_markdown(report, {name: p.name for name, p in svgs.items()})
    if out is None:
        return text, []
    for chart in report.charts:
        write_private(svgs[chart.name], render_svg(chart))
    write_private(Path(out), text)
    return text, [Path(out), *(svgs[c.name] for c in report.charts)]


def write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only (reports can quote secrets from logs)."""
    try:
        files.write_private(path, text)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None
