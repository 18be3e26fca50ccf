"""The hostile texts through every output the console has: headless lines, ``sessions``, the
Markdown and JSON exports, ``rca`` (Markdown and JSON), CLI error lines, toasts, the
timeline and the log panel. Nothing a terminal would act on comes out raw (C0, C1, ESC, OSC
52, BEL, CSI, bidi, separators, lone surrogates), and markup stays text: Rich markup is
never parsed, Markdown structure is escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content

from console import cli
from console import events as ev
from console.analysis.rca import analyse
from console.report import rca as rca_report
from console.report.postmortem import export_session
from console.runner import stage_printer
from console.state import State, reduce
from console.store.catalog import SessionSummary, format_sessions, list_sessions
from console.store.recorder import Recorder
from console.textsafe import markdown
from console.ui.app import OpsConsoleApp
from console.ui.replay import ReplayFeed, ReplayScreen
from console.ui.widgets.log_view import LogView
from console.ui.widgets.timeline import TimelinePanel
from tests.helpers.hostile_corpus import hostile_texts

TEXTS = hostile_texts()
T0 = 1_732_181_400.0
# What must never reach a terminal raw (a newline is only ever a line break of the output).
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ud800-\udfff]"
)


def assert_inert(text: str, where: str) -> None:
    for line in text.split("\n"):
        m = FORBIDDEN.search(line)
        assert m is None, f"{where}: raw U+{ord(m.group()):04X} in {line!r}"


def assert_all_markers(text: str, where: str) -> None:
    missing = [t[:4] for t in TEXTS if t[:4] not in text]
    assert missing == [], f"{where} lost {missing}"


def hostile_events() -> list[ev.Event]:
    out: list[ev.Event] = [
        ev.SessionInfo(ts=T0, name=TEXTS[7], service=TEXTS[0], version=TEXTS[1], task=TEXTS[9])
    ]
    t = T0
    for n, text in enumerate(TEXTS):
        t += 10
        gate = f"gate-{n}-{text}"
        out += [
            ev.LogLine(ts=t, level="ERROR", message=text, detail=(f"  - {text}",)),
            ev.StageStarted(ts=t + 1, traffic_pct=float(10 + n)),
            ev.GateOpened(ts=t + 2, gate_id=gate, stage_pct=float(10 + n), next_pct=None),
            ev.DecisionRequested(
                ts=t + 3,
                decision_id=f"d{n}",
                gate_id=gate,
                decision="hold",
                operator=text,
                reason=text,
            ),
            ev.DecisionResult(ts=t + 4, decision_id=f"d{n}", result="accepted", detail=text),
            ev.GateClosed(ts=t + 5, gate_id=gate, decision=text, operator=text, reason=text),
            ev.Finding(ts=t + 6, code="x", severity="warning", message=text),
            ev.SourceStatus(ts=t + 7, name="agent", status="error", message=text),
            ev.ConfigChange(ts=t + 8, changes={text: {"before": text, "after": text}}),
        ]
    out.append(ev.RollbackStarted(ts=t + 20, reason=TEXTS[9]))
    out.append(ev.Outcome(ts=t + 30, status="rolled_back", detail=TEXTS[2]))
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("hostile") / "s.db"
    rec = Recorder(db, name=TEXTS[7], source=TEXTS[3])
    for e in hostile_events():
        rec.append(e)
    rec.update_session(service=TEXTS[0], version=TEXTS[4], outcome=TEXTS[5])
    rec.close()
    return db, rec.session_id


def test_headless_lines() -> None:
    lines: list[str] = []
    listener = stage_printer(lines.append)
    for seq, e in enumerate(hostile_events(), 1):
        listener(e, seq)
    out = "\n".join(lines)
    assert len(lines) > len(TEXTS) * 4
    assert_inert(out, "headless")
    assert_all_markers(out, "headless")
    assert "[bold red]x[/]" in out  # literal: headless output is plain text


def test_sessions(store: tuple[Path, str]) -> None:
    db, _ = store
    out = format_sessions(list_sessions(db))
    assert_inert(out, "sessions")
    made = [
        SessionSummary(
            id=t, name=t, service=t, version=t, source=t, started_at=T0, ended_at=T0, outcome=t,
            events=1,
        )
        for t in TEXTS
    ]  # fmt: skip
    out = format_sessions(made)
    assert_inert(out, "sessions")
    assert_all_markers(out, "sessions")


def test_markdown_export(store: tuple[Path, str]) -> None:
    db, sid = store
    md = export_session(db, sid, "md")
    assert_inert(md, "markdown export")
    assert_all_markers(md, "markdown export")
    assert "<script>" not in md and "[click](" not in md and "\n# Heading" not in md
    assert markdown(TEXTS[8]) in md and markdown(TEXTS[7]) in md  # the one escape, applied
    # A table cell's text never adds a column or a row: its | are escaped, its lines joined.
    assert "| a | b |" not in md and "\n|---|---|\n# Heading" not in md


def test_json_export(store: tuple[Path, str]) -> None:
    db, sid = store
    text = export_session(db, sid, "json")
    assert_inert(text, "json export")
    report = json.loads(text)  # still JSON, the values escaped, not changed
    whos = {d["operator"] for d in report["decisions"]}
    assert TEXTS[8] in whos and TEXTS[0] in whos


def test_rca(store: tuple[Path, str]) -> None:
    report = analyse(hostile_events(), service=TEXTS[0], input_notes=TEXTS)
    md = rca_report.render_markdown(report)
    assert_inert(md, "rca markdown")
    assert "<script>" not in md and "[click](" not in md
    assert markdown(TEXTS[8]) in md
    js = rca_report.render_json(report)
    assert_inert(js, "rca json")
    assert json.loads(js)["inputs"] == TEXTS


def test_cli_error_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for text in TEXTS[:8]:
        missing = tmp_path / text.replace("/", "_").replace("\x00", "0")
        code = cli.main(["import", str(missing), "--db", str(tmp_path / "s.db")])
        assert code == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("opsconsole: cannot read")
        assert_inert(err, "error line")
    # An agent's HTTP error body quoted in an error: one line, inert.
    for text in TEXTS:
        line = cli._error_line(f"agent refused: HTTP 500: {text}")
        assert "\n" not in line
        assert_inert(line, "error line")


async def test_toasts_timeline_and_log_panel(store: tuple[Path, str]) -> None:
    db, sid = store
    feed = ReplayFeed(db, sid)
    feed.seek(feed.cursor.total)
    app = OpsConsoleApp(feed, screen_factory=lambda f: ReplayScreen(feed), persist_theme=False)
    async with app.run_test(size=(160, 50)) as pilot:
        for text in TEXTS:
            app.notify(text, title=text)
        await pilot.pause(0.1)
        notes = list(app._notifications)
        assert len(notes) >= len(TEXTS)
        for note in notes:
            assert_inert(note.message + "\n" + note.title, "toast")
        assert any("[bold red]x[/]" in n.message for n in notes)  # markup shown literally
        assert not any(n.markup for n in notes)
        # The timeline: gate operators and decisions from the store.
        panel = app.screen.query_one(TimelinePanel)
        drawn = panel.draw(feed.state)
        assert isinstance(drawn, Content)
        assert_inert(drawn.plain, "timeline")
        assert "hx" in drawn.plain
        # The log panel's lines.
        log = app.screen.query_one(LogView)
        lines = [line for entry in log._entries for line in entry.lines]
        assert_inert("\n".join(lines), "log panel")
        assert any("[bold red]x[/]" in line for line in lines)
        await pilot.press("q")
    feed.cursor.close()


def test_timeline_from_state() -> None:
    state = State()
    for e in hostile_events():
        state = reduce(state, e)
    drawn: Any = TimelinePanel().draw(state)
    assert_inert(drawn.plain, "timeline")
    assert "[bold red]x[/]" in drawn.plain or "hx" in drawn.plain
