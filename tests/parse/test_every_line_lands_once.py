"""Property: every input line lands in exactly one LogLine, in order, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console import events as ev
from console.parse import LogParser

LEVELS = ["INFO", "OBSERVATION", "TOOL", "ERROR", "WARNING", "FAILURE", "SUCCESS", "X-CUSTOM"]

_time = st.builds(
    lambda h, m, s: f"{h:02d}:{m:02d}:{s:02d}",
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
)
_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=40)
_entry = st.builds(lambda t, lv, m: f"[{t}] [{lv}] {m}", _time, st.sampled_from(LEVELS), _text)
_detail = st.one_of(
    st.builds(
        lambda k, v: f"  - {k}: {v}",
        st.sampled_from(
            ["Average latency", "Error rate", "DB connections", "Blue", "Traffic", "P99 latency"]
        ),
        st.sampled_from(
            [
                "12ms",
                "0.5%",
                "Blue 1, Green 2, Total 3/9",
                "50%, Green: 50%",
                "100% on blue",
                "780ms (SLO violation: >500ms)",
                "1 → 2",
            ]
        ),
    ),
    st.builds(lambda n, t: f"  {n}. {t}", st.integers(1, 9), _text),
    st.just(""),
    st.just("=" * 20),
)
_header = st.sampled_from(
    [
        "Session ID: s-1",
        "Start Time: 2024-11-21 23:58:00 UTC",
        "Agent: A v1",
        "Attempt: 1/2",
        "Agent Runtime Log - test",
    ]
)
_summary = st.sampled_from(
    [
        "DEPLOYMENT STATUS: FAILED",
        "ROLLBACK STATUS: SUCCESSFUL",
        "TIME TO DETECT: 2 minutes",
        "PRIMARY ISSUE: something",
        "1. item",
        "- item",
    ]
)
_json = st.one_of(
    st.dictionaries(
        st.sampled_from(["level", "message", "timestamp", "ts", "db_pool_size", "x", "kind"]),
        st.one_of(
            st.integers(-10, 2_000_000_000_000),
            st.text(max_size=10),
            st.booleans(),
            st.sampled_from(["2024-11-21T10:00:00Z", "deployment", "config_change"]),
        ),
        max_size=5,
    ).map(json.dumps),
    st.just('{"level": "ERROR", "message": "trunc'),
    st.just("[1, 2]"),
)
# Lines of every other format, as the format fixtures write them (OTLP export lines left
# out: one of them is a LogLine per record).
_FORMATS = Path(__file__).parent.parent / "fixtures" / "logs" / "formats"
_format_lines = st.sampled_from(
    sorted(
        line
        for f in _FORMATS.iterdir()
        for line in f.read_text().splitlines()
        if line and "resourceLogs" not in line
    )
)
# Text entries and what may stand under them: an indented dated line (an entry of its own or
# its text), a Java frame, an error's announced list, an array's element on its own line.
_stamp = st.builds(
    lambda d, h, m: f"2023-11-{d:02d} {h:02d}:{m:02d}:00",
    st.integers(13, 14),
    st.integers(0, 23),
    st.integers(0, 59),
)
_said = st.sampled_from(
    ["app: failed:", "app: ok", "upstream said:", "GET /x 500 3ms", "error=<nil>", ""]
)
_dated = st.builds(
    lambda t, lv, m: f"{t},123 {lv} {m}",
    _stamp,
    st.sampled_from(["INFO", "ERROR", "[DEBU]", "WARN"]),
    _said,
)
_under = st.one_of(
    st.builds(
        lambda i, t, m: f"{i}{t} ERROR {m}", st.sampled_from(["\t", " ", "    "]), _stamp, _said
    ),
    st.builds(lambda i, t: f"{i}{t}", st.sampled_from(["  - ", "\t", "    log('"]), _stamp),
    st.sampled_from(["\tat com.x.Y.m(Y.java:1)", "Error 1:", "]", "},"]),
    st.builds(
        lambda t: json.dumps({"timestamp": t.replace(" ", "T") + "Z", "message": "m"}) + ",",
        _stamp,
    ),
)
_line = st.one_of(_entry, _detail, _header, _summary, _json, _text, _format_lines, _dated, _under)
_ending = st.sampled_from(["", "\n", "\r\n"])


def _strip_ending(s: str) -> str:
    if s.endswith("\n"):
        s = s[:-1]
    return s[:-1] if s.endswith("\r") else s


def _closer(line: str) -> bool:
    """A line of a JSON export's closing brackets alone (``]``, ``  },``), which the parser
    drops as it drops the export's punctuation (its last record went out before it came)."""
    return bool(line.strip()) and not line.strip(" \t\r,]}")


def _redrawn(text: str, line: str) -> bool:
    """Is ``text`` what a terminal shows of ``line``, redrawn by carriage returns (a line
    opening with one, a progress bar's frames): a frame's end behind the text before the
    first return (docs/log-formats.md)?"""
    if not (line[:1] == "\r" or ("\r" in line and "%|" in line)):
        return False
    head, *frames = line.split("\r")
    shown = text.removeprefix(head) if head.strip() else text
    return bool(shown) and any(f.endswith(shown) for f in frames)


def _covers(event: ev.LogLine, first: str) -> bool:
    """Does the event's message stand for this input line?"""
    if first.startswith("{") and event.fmt != "json":
        # A container runtime's json-file record: the line it carries in "log" is read on
        # its own (docs/log-formats.md), so the message stands for that line.
        try:
            record = json.loads(first)
        except ValueError:
            record = None
        if isinstance(record, dict) and isinstance(record.get("log"), str):
            first = record["log"].rstrip("\n")
    if event.fmt == "json":
        if first[0] != "{":
            # behind a container's prefix, or the "[" opening an export the record begins
            return "{" in first or first.strip(" \t") == "["
        try:
            # an array's element on its own line keeps its comma ("{...},")
            obj = json.loads(first[:-1] if first.endswith("},") else first)
        except ValueError:
            # a record cut inside a string and closed on the lines under it: the parser
            # reads its lines joined as written (docs/log-formats.md, section 2)
            obj = json.loads(first + "".join(event.detail))
        if "message" not in obj:
            return True  # another logger's key: the format tests say which
        msg = obj.get("message")
        return event.message == (first if msg is None else str(msg))
    if event.fmt == "logfmt":
        return True  # the msg pair, unquoted: not a substring of the line
    if _redrawn(event.message, first):
        return True
    if event.fmt not in ("agent", "plain"):
        # A text format's message is the line after its time, level and source.
        return event.message in first
    if event.fmt == "agent" and event.level not in ("HEADER", "SUMMARY"):
        # "[HH:MM:SS] [LEVEL] " stripped: the rest of the line is the message.
        prefix = first[: len(first) - len(event.message)]
        return (
            first.endswith(event.message)
            and prefix.startswith("[")
            and (f"[{event.level}]" in prefix or event.level == "INFO")
        )
    return event.message == first


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_line, _ending), max_size=60), st.data())
def test_every_line_lands_in_exactly_one_logline(
    pairs: list[tuple[str, str]], data: st.DataObject
) -> None:
    parser = LogParser(now=lambda: 1_700_000_000.0)
    events: list[ev.Event] = []
    for line, end in pairs:
        events += parser.feed(line + end)
        if data.draw(st.integers(0, 20)) == 0:
            events += parser.flush()  # an idle flush anywhere must not lose or split lines
    events += parser.flush()
    lines = [_strip_ending(line + end) for line, end in pairs]
    logs = [e for e in events if isinstance(e, ev.LogLine)]
    i = 0
    for e in logs:
        assert i < len(lines), "more lines in events than in the input"
        while not _covers(e, lines[i]) and _closer(lines[i]) and i + 1 < len(lines):
            i += 1  # a JSON export's closing bracket, dropped (docs/log-formats.md)
        assert _covers(e, lines[i]), (e, lines[i])
        i += 1
        for d in e.detail:
            assert d == lines[i] or _redrawn(d, lines[i]), (d, lines[i])
            i += 1
    while i < len(lines) and _closer(lines[i]):
        i += 1
    assert i == len(lines)
    assert parser.lines_read == len(lines)
    # The other events are well-formed (they serialise, as the recorder will do).
    for e in events:
        ev.to_record(e)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_line, st.sampled_from(["\n", "\n", "\n", "\r\n"])), max_size=60),
    st.booleans(),
    st.data(),
)
def test_feed_text_is_feed_line_by_line(
    pairs: list[tuple[str, str]], last_newline: bool, data: st.DataObject
) -> None:
    """The import's fast path (whole chunks of lines) gives exactly the events, in the same
    order, and the same counts as feeding the same lines one at a time."""
    text = "".join(line + end for line, end in pairs)
    if not last_newline and text.endswith("\n"):
        text = text[:-1]
    one = LogParser(now=lambda: 1_700_000_000.0)
    by_line: list[ev.Event] = []
    lines = text.split("\n") if text else []
    if text.endswith("\n"):
        lines.pop()
    for line in lines:
        by_line += one.feed(line)
    by_line += one.flush()
    # The same text in chunks cut at random line ends, as read_chunks hands it over.
    ends = [i + 1 for i, c in enumerate(text) if c == "\n"]
    cuts = sorted(set(data.draw(st.lists(st.sampled_from(ends), max_size=4)) if ends else []))
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    two = LogParser(now=lambda: 1_700_000_000.0)
    by_text: list[ev.Event] = []
    for chunk in chunks:
        by_text += two.feed_text(chunk)
    by_text += two.flush()
    assert by_text == by_line
    assert (two.lines_read, two.lines_uninterpreted) == (one.lines_read, one.lines_uninterpreted)
