"""File shapes ``opsconsole rca`` reads beyond what the parser knows: OTLP/JSON log data,
logfmt, pino's and bunyan's numeric levels."""

import json
from pathlib import Path

from console import events as ev
from console.analysis.inputs import events_from_files


def _attr(key: str, value: object) -> dict:
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    return {"key": key, "value": {"stringValue": value}}


def test_otlp_json_lines_become_one_log_line_per_record(tmp_path: Path) -> None:
    record = {
        "timeUnixNano": "1772732701512810752",
        "severityNumber": 17,
        "severityText": "ERROR",
        "body": {"stringValue": "search failed"},
        "attributes": [
            _attr("url.path", "/v1/search"),
            _attr("http.response.status_code", 503),
            _attr("exception.message", "queue full"),
        ],
    }
    line = {
        "resourceLogs": [
            {
                "resource": {
                    "attributes": [
                        _attr("service.name", "search-api"),
                        _attr("k8s.pod.name", "search-api-69d8c7f5b4-7mzpv"),
                    ]
                },
                "scopeLogs": [{"logRecords": [record, {**record, "severityText": "INFO"}]}],
            }
        ]
    }
    path = tmp_path / "search.otlp.jsonl"
    path.write_text(json.dumps(line) + "\n")
    lines = [e for e in events_from_files([path]) if isinstance(e, ev.LogLine)]
    assert [e.level for e in lines] == ["ERROR", "INFO"]
    first = lines[0]
    assert abs(first.ts - 1772732701.5128107) < 1e-3
    assert first.message == "search failed"
    assert first.fields is not None
    assert first.fields["service.name"] == "search-api"
    assert first.fields["http.response.status_code"] == 503
    assert first.fields["exception.message"] == "queue full"


def test_logfmt_lines(tmp_path: Path) -> None:
    path = tmp_path / "svc.log"
    path.write_text(
        'time="2026-03-01T10:00:00Z" level=error msg="upstream call failed"'
        ' error="dial tcp 10.0.0.1:443: connect: connection refused" status=502\n'
        "ts=2026-03-01T10:00:01Z level=info msg=ok\n"
    )
    lines = [e for e in events_from_files([path]) if isinstance(e, ev.LogLine)]
    assert [(e.level, e.message) for e in lines] == [
        ("ERROR", "upstream call failed"),
        ("INFO", "ok"),
    ]
    assert lines[0].fields == {
        "error": "dial tcp 10.0.0.1:443: connect: connection refused",
        "status": 502,
    }


def test_pino_and_bunyan_levels_are_on_their_own_scale(tmp_path: Path) -> None:
    path = tmp_path / "node.log"
    path.write_text(
        "".join(
            json.dumps({"level": n, "time": 1772732701000 + n, "msg": f"l{n}"}) + "\n"
            for n in (20, 30, 40, 50, 60)
        )
    )
    levels = [e.level for e in events_from_files([path]) if isinstance(e, ev.LogLine)]
    assert levels == ["DEBUG", "INFO", "WARNING", "ERROR", "FATAL"]


def test_a_recorded_session_alone_is_streamed_not_loaded(tmp_path: Path) -> None:
    from console.analysis.inputs import load_inputs, stream_inputs
    from console.store.recorder import Recorder

    db = tmp_path / "s.db"
    rec = Recorder(db, name="t")
    for i in range(2500):  # more than one chunk of the cursor
        rec.append(ev.LogLine(ts=1_700_000_000.0 + i, source="svc", level="INFO", message=f"n {i}"))
    rec.close()
    spec = f"{db}#{rec.session_id}"

    stream, notes = stream_inputs([spec])
    assert not isinstance(stream, list)
    assert notes == load_inputs([spec])[1]
    streamed = list(stream)
    assert [e.ts for e in streamed] == [e.ts for e in load_inputs([spec])[0]]
    assert len(streamed) == 2500
