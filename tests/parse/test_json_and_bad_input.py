"""JSON lines, plain lines, derived metrics, and input that must never break the parser."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from console import events as ev
from console.ingest import read_lines
from console.parse import DerivedMetrics, LogParser

FIXTURES = Path(__file__).parent.parent / "fixtures" / "logs"
NOW = datetime(2030, 5, 6, 12, 0, tzinfo=UTC).timestamp()


def parse(lines: list[str]) -> tuple[list[ev.Event], LogParser]:
    p = LogParser(now=lambda: NOW)
    out: list[ev.Event] = []
    for line in lines:
        out += p.feed(line)
    return out + p.flush(), p


def logs(events: list[ev.Event]) -> list[ev.LogLine]:
    return [e for e in events if isinstance(e, ev.LogLine)]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def test_json_service_lines_keep_fields_and_time_under_any_key() -> None:
    events, p = parse(list(read_lines(FIXTURES / "service_config_bug.jsonl")))
    lines = logs(events)
    assert all(e.fmt == "json" for e in lines) and len(lines) == 12
    assert p.lines_uninterpreted == 0
    by_msg = [(iso(e.ts), e.level, e.message) for e in lines]
    assert by_msg[2] == ("2026-03-02T10:05:10+00:00", "INFO", "charge accepted")
    assert by_msg[4] == ("2026-03-02T10:06:05+00:00", "INFO", "refund accepted")  # "time", info
    assert by_msg[5][0] == "2026-03-02T10:06:40+00:00"  # "ts": epoch seconds
    assert by_msg[6][:2] == ("2026-03-02T10:14:50.250000+00:00", "WARNING")  # "@timestamp"
    assert by_msg[7][0] == "2026-03-02T10:15:10+00:00"  # epoch milliseconds
    err = lines[7]
    assert err.fields == {
        "db_pool_size": 4,
        "concurrent_calls": 9,
        "pool_available": -5,
        "possibly_deployment_related": True,
        "minutes_since_deployment": 15,
    }
    samples = [
        (e.name, e.value)
        for e in ev.explode(events)
        if isinstance(e, ev.MetricSample) and e.ts == err.ts
    ]
    assert samples == [(ev.POOL_SIZE, 4.0), (ev.CONCURRENT_CALLS, 9.0), (ev.POOL_AVAILABLE, -5.0)]
    # One query's duration keeps its own name: it is not the service's DB query time.
    named = [(e.name, e.value) for e in ev.explode(events) if isinstance(e, ev.MetricSample)]
    assert ("query_duration_ms", 2400.0) in named
    assert not any(name == ev.DB_QUERY_MS for name, _ in named)


def test_change_events_become_deployment_and_config_change() -> None:
    events, _ = parse(list(read_lines(FIXTURES / "service_config_bug.jsonl")))
    dep = next(e for e in events if isinstance(e, ev.Deployment))
    assert (dep.service, dep.version, iso(dep.ts)) == (
        "payments-api",
        "2026.03.02-1",
        "2026-03-02T10:00:00+00:00",
    )
    assert dep.changes == {"db_pool_size": {"before": 12, "after": 4}}
    cfg = next(e for e in events if isinstance(e, ev.ConfigChange))
    assert cfg.resource == "configmap/payments-api"
    assert cfg.changes["max_concurrent"] == {"before": 4, "after": 9}


def test_derived_metrics_per_minute_and_standing_down() -> None:
    events, _ = parse(list(read_lines(FIXTURES / "service_config_bug.jsonl")))
    d = DerivedMetrics()
    derived: list[ev.MetricSample] = []
    for e in events:
        derived += d.feed(e)  # type: ignore[arg-type]
    derived += d.flush()  # type: ignore[arg-type]
    rows = [(iso(e.ts)[11:19], e.name, round(e.value, 1)) for e in derived]
    # 10:05 (2 lines, 140 and 160 ms), ..., 10:15 (3 errors of 4; 2 timeouts; a charge's
    # 2210 ms, a query's 2400 ms: the latency the charge's, the query its part), 10:16.
    assert ("10:05:40", ev.ERROR_RATE, 0.0) in rows
    assert ("10:05:40", ev.LATENCY_AVG, 150.0) in rows
    assert ("10:15:55", ev.ERROR_RATE, 75.0) in rows
    assert ("10:15:55", ev.LATENCY_AVG, 2210.0) in rows
    assert not any(r[1].startswith("work_") for r in rows)
    assert ("10:15:55", ev.TIMEOUT_RATE, 50.0) in rows
    assert rows[-5:] == [  # the last minute (one timed line), emitted by flush()
        ("10:16:30", ev.ERROR_RATE, 0.0),
        ("10:16:30", ev.LATENCY_AVG, 1900.0),
        ("10:16:30", ev.LATENCY_P95, 1900.0),
        ("10:16:30", ev.LATENCY_P99, 1900.0),
        ("10:16:30", ev.TIMEOUT_RATE, 0.0),
    ]
    # The change events at 10:00 are not service lines: no sample for that minute.
    assert not any(r[0].startswith("10:00") for r in rows)
    # A real source of error rate: derivation stands down for good.
    d2 = DerivedMetrics()
    d2.feed(ev.MetricSample(ts=1.0, source="prometheus", name=ev.ERROR_RATE, value=1.0))
    for e in events:
        assert d2.feed(e) == []
    assert d2.flush() == []


def test_plain_lines_levels_and_times() -> None:
    events, p = parse(
        [
            "no format at all, an ERROR word",
            "Traceback (most recent call last):",
            '  File "app.py", line 3, in <module>',
            "ValueError: bad",
            "just words",
        ]
    )
    lines = logs(events)
    # The traceback (to its exception line) is the plain line's before it, as Python's
    # logging writes a record's message then its traceback.
    assert [(e.fmt, e.level) for e in lines] == [("plain", "ERROR"), ("plain", "UNKNOWN")]
    assert lines[1].ts == lines[0].ts == NOW  # no time of their own, none seen: now
    assert lines[0].detail == (
        "Traceback (most recent call last):",
        '  File "app.py", line 3, in <module>',
        "ValueError: bad",
    )
    assert p.lines_uninterpreted == 5


def test_a_timestamped_lines_traceback_is_its_detail() -> None:
    """The unindented lines of a traceback after a timestamped entry continue it; a line
    that is not one stands on its own."""
    events, p = parse(
        [
            "2025-09-01T06:00:45Z WARN ingress: upstream slow",
            "Traceback (most recent call last):",
            '  File "app.py", line 3, in <module>',
            "ValueError: bad",
            "2025-09-01T06:00:46Z INFO next",
            "kubectl: pod restarted",
        ]
    )
    lines = logs(events)
    assert [(e.fmt, e.level, e.message) for e in lines] == [
        ("text", "WARNING", "ingress: upstream slow"),
        ("text", "INFO", "next"),
        ("plain", "UNKNOWN", "kubectl: pod restarted"),
    ]
    assert iso(lines[0].ts) == "2025-09-01T06:00:45+00:00"
    assert lines[0].detail[-1] == "ValueError: bad" and len(lines[0].detail) == 3
    assert p.lines_uninterpreted == 1


def test_bad_json_becomes_plain_lines() -> None:
    bad = [
        '{"level": "ERROR", "message": "cut off',
        "[1, 2, 3]",
        '"just a string"',
        "{not json at all}",
        "{" * 5000 + "}" * 5000,
        "{}",
    ]
    events, p = parse(bad)
    lines = logs(events)
    assert [e.fmt for e in lines] == ["plain"] * 5 + ["json"]
    assert lines[0].level == "ERROR"
    assert [e.message for e in lines[:5]] == bad[:5]
    assert p.lines_uninterpreted == 5


def test_nul_crlf_and_replacement_characters() -> None:
    events, _ = parse(["[09:00:00] [INFO] a\x00b\r\n", "  - de\x00tail\r\n", "x\ufffdy\r"])
    lines = logs(events)
    assert lines[0].message == "a\x00b" and lines[0].detail == ("  - de\x00tail",)
    assert lines[1].message == "x\ufffdy"


def test_invalid_utf8_and_crlf_files(tmp_path: Path) -> None:
    f = tmp_path / "bad.log"
    f.write_bytes(b"[09:00:00] [INFO] caf\xc3\xa9 \xff\xfe ok\r\n\xc3\r\nlast-no-newline")
    lines = list(read_lines(f))
    assert lines == ["[09:00:00] [INFO] caf\u00e9 \ufffd\ufffd ok\r", "\ufffd\r", "last-no-newline"]
    events, p = parse(lines)
    assert [e.message for e in logs(events)] == [
        "caf\u00e9 \ufffd\ufffd ok",
        "\ufffd",
        "last-no-newline",
    ]
    assert p.lines_read == 3


def test_a_10_mb_line_is_kept_whole(tmp_path: Path) -> None:
    big = "[09:00:00] [INFO] " + "x" * 10_000_000
    f = tmp_path / "big.log"
    f.write_text(big + "\n" + '{"message": "' + "y" * 10_000_000 + '"}\n' + "z" * 10_000_000)
    events, _ = parse(list(read_lines(f)))
    lines = logs(events)
    assert [len(e.message) for e in lines] == [10_000_000, 10_000_000, 10_000_000]
    assert [e.fmt for e in lines] == ["agent", "json", "plain"]


def test_json_lines_without_time_take_the_stream_time() -> None:
    events, _ = parse(["[09:00:00] [INFO] x", json.dumps({"message": "m", "level": "error"})])
    lines = logs(events)
    assert lines[1].ts == lines[0].ts and lines[1].level == "ERROR"


def test_absurd_numbers_do_not_break_anything() -> None:
    lines = [
        '{"ts": 1' + "0" * 400 + ', "message": "far future", "duration_ms": 1' + "0" * 400 + "}",
        '{"timestamp": 1e400, "db_pool_size": 1e400, "duration_ms": -1e999}',
        '{"ts": "99999999999999999999999", "pool_available": 12345678901234567890123}',
    ]
    events, _ = parse(lines)
    assert len(logs(events)) == 3
    for e in events:
        ev.to_record(e)
        datetime.fromtimestamp(e.ts, UTC)  # every time is one a clock can show
    d = DerivedMetrics()
    for e in events:
        d.feed(e)
    assert [s.name for s in d.flush()] == [ev.ERROR_RATE]  # no duration was a usable number
    assert not any(
        isinstance(e, ev.MetricSample) and e.name == ev.POOL_SIZE for e in ev.explode(events)
    )  # 1e400 is infinity, not a pool size


def test_json_numbers_beyond_64_bits_are_kept_exact() -> None:
    """The fast JSON reader turns such integers into floats; the parser must not."""
    big = 123456789012345678901234567890
    events, _ = parse([f'{{"level": "INFO", "message": "m", "trace": {big}, "n": 1.5}}'])
    [line] = logs(events)
    assert line.fields == {"trace": big, "n": 1.5}


def test_json_numbers_beyond_64_bits_are_kept_exact_in_a_piece_of_lines() -> None:
    """``feed_text`` decides for a whole piece whether any line holds a 19-digit run; the
    line that does is still read exactly, its neighbours by the fast reader."""
    big = 123456789012345678901234567890
    plain = '{"level": "INFO", "message": "m", "n": 12345678}'
    text = "\n".join([plain, f'{{"level": "INFO", "message": "m", "trace": {big}}}', plain])
    p = LogParser(now=lambda: NOW)
    lines = logs(p.feed_text(text + "\n") + p.flush())
    assert [line.fields for line in lines] == [{"n": 12345678}, {"trace": big}, {"n": 12345678}]


def test_iso_times_read_through_the_seconds_cache_are_parse_time_values() -> None:
    """A JSON line's ISO time is read from its second (remembered) plus its fraction: the
    float must be the one parse_time_value gives, to the last bit, in every zone form."""
    import random

    from console.parse.jsonlines import _time_value
    from console.parse.timestamps import parse_time_value

    rnd = random.Random(5)
    values = [
        "2024-11-21T09:30:00.065 PDT",
        "2024-11-21T09:30:00.0651234Z",
        "2024-13-01T00:00:00.5Z",
    ]
    for _ in range(20_000):
        d = rnd.randint(1, 6)
        zone = rnd.choice(["", "Z", "+00:00", "-07:00", "+05:30", "+0530", " UTC"])
        values.append(
            f"{rnd.randint(1971, 2099)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            f"{rnd.choice('T ')}{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:"
            f"{rnd.randint(0, 59):02d}.{rnd.randint(0, 10**d - 1):0{d}d}{zone}"
        )
    for value in values * 2:  # the second time from the cache
        assert _time_value(value) == parse_time_value(value), value


def test_records_of_one_shape_read_alike_whatever_their_values() -> None:
    """Roles are looked up once per set of keys: the values still decide (a null message
    gives way to the next key, a non-string service is none, a nested object is flattened)."""
    rows = [
        {"message": None, "msg": "second", "service": 5, "level": "warn", "status": 503},
        {"message": "first", "msg": "x", "service": "api", "level": "info", "status": "200"},
        {"message": "n", "msg": "x", "service": {"name": "svc"}, "level": "info", "status": 1},
    ]
    events, _ = parse([json.dumps(r) for r in rows])
    a, b, c = logs(events)
    assert (a.message, a.level, a.samples) == ("second", "WARNING", (("http_status", 503.0, ""),))
    assert a.fields is not None and a.fields["service"] == 5
    assert (b.message, b.fields and b.fields.get("service")) == ("first", "api")
    assert b.samples == (("http_status", 200.0, ""),)
    assert c.fields is not None and c.fields.get("service.name") == "svc" and not c.samples


def test_a_level_string_is_read_on_its_keys_scale_whatever_came_first() -> None:
    """ "0" is pino's trace and journald's emergency: the level strings remembered across
    lines are remembered per scale, so one log's reading never leaks into another's."""
    from console.parse import LogParser

    parser = LogParser(source="log:t")
    lines = [
        '{"level": "0", "msg": "pino"}',
        '{"PRIORITY": "0", "MESSAGE": "journald"}',
        '{"level": "0", "msg": "pino again"}',
        '{"level": "\\u00b2", "msg": "a superscript two is no number"}',
    ]
    got = [e for line in lines for e in parser.feed(line)] + parser.flush()
    assert [(e.message, e.level) for e in got] == [  # type: ignore[attr-defined]
        ("pino", "TRACE"),
        ("journald", "FATAL"),
        ("pino again", "TRACE"),
        ("a superscript two is no number", "²"),
    ]
