"""The benches' generated inputs are what they say, and the peer's reading is told right."""

from __future__ import annotations

from pathlib import Path

import orjson

from bench.bench_compare import describe_formats, parse_formats
from bench.inputs import journald_service_log
from console.events import LogLine
from console.ingest import read_lines
from console.parse import LogParser


def test_journald_log_is_journalctl_json_our_parser_reads(tmp_path: Path) -> None:
    log = tmp_path / "journal.json"
    assert journald_service_log(log, 400) == 400
    records = [orjson.loads(line) for line in read_lines(log)]
    assert len(records) == 400
    # journalctl -o json: every value a string, the time in microseconds.
    assert all(all(isinstance(v, str) for v in r.values()) for r in records)
    stamps = [int(r["__REALTIME_TIMESTAMP"]) for r in records]
    assert stamps == sorted(stamps)
    parser = LogParser(source="log:journal.json")
    lines = [e for line in read_lines(log) for e in parser.feed(line)] + parser.flush()
    logs = [e for e in lines if isinstance(e, LogLine)]
    assert len(logs) == 400 and {e.fmt for e in logs} == {"json"}
    assert [round(e.ts * 1e6) for e in logs] == stamps
    assert {e.message for e in logs} == {r["MESSAGE"] for r in records}
    by_priority = {"3": "ERROR", "4": "WARNING", "6": "INFO"}
    assert [e.level for e in logs] == [by_priority[r["PRIORITY"]] for r in records]
    assert {"3", "4", "6"} <= {r["PRIORITY"] for r in records}


def test_lnav_formats_read_from_its_csv() -> None:
    found = parse_formats('formats\n"journald_json_log=990 syslog_log=10"\n')
    assert found == {"journald_json_log": 990, "syslog_log": 10}
    assert describe_formats(found, 1000) == "journald_json_log (+1 more), 100 % as entries"
    assert describe_formats(parse_formats("formats\n\n"), 1000) == "no format (0 % as entries)"
    assert describe_formats({"error_log": 300}, 1000) == "error_log, 30 % as entries"
