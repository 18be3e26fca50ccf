"""Issue 17, set 40 part A (docs/log-formats.md, section 7): requests and statuses a message
says, where the record around it names none: a JSON record whose message is an access line
in Common/Combined Log Format (winston carrying morgan's ``combined``), a JSON record at
WARNING or worse whose message says a status in words (pino's, an OTLP record's body), and
ASP.NET Core's .NET 6/7 ``Request finished`` message (the request's content type and length
before the status). Lines written here in each program's documented shape."""

from __future__ import annotations

import json

import pytest

from console import events as ev
from console.parse.anytime import request_in_message
from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples


def _status(line: ev.LogLine) -> float | None:
    return samples(line).get(HTTP_STATUS)


# --- a JSON record whose message is a CLF/combined access line ---


def test_winston_record_carrying_morgan_combined() -> None:
    recs = [
        {
            "level": "info",
            "message": '10.1.2.3 - - [02/Mar/2024:08:15:00 +0000] "GET /api/items HTTP/1.1" '
            '200 512 "-" "Mozilla/5.0 (X11; Linux x86_64)"',
            "timestamp": "2024-03-02T08:15:00.120Z",
        },
        {
            "level": "info",
            "message": '::ffff:10.1.2.3 - - [02/Mar/2024:08:15:04 +0000] "POST /api/orders '
            'HTTP/1.1" 503 88 "https://shop.example/cart" "curl/8.4.0"',
            "timestamp": "2024-03-02T08:15:04.900Z",
        },
    ]
    got = parse("\n".join(json.dumps(r) for r in recs) + "\n")
    assert [_status(x) for x in got] == [200.0, 503.0]
    # an access line carried at info takes its 5xx's level, as in a text log (session 21:
    # two sets' writers count winston's morgan 5xx lines errors); the logger's word kept
    assert [x.level for x in got] == ["INFO", "ERROR"]
    assert got[1].fields is not None and got[1].fields["level"] == "info"
    assert all("response_time_ms" not in samples(x) for x in got)  # combined times nothing


def test_clf_message_without_a_level_takes_its_status_level() -> None:
    rec = {
        "msg": '10.0.0.7 - alice [02/Mar/2024:09:00:00 +0100] "DELETE /v1/key/9 HTTP/1.0" 500 0',
        "time": "2024-03-02T08:00:00Z",
    }
    (got,) = parse(json.dumps(rec) + "\n")
    assert _status(got) == 500.0
    assert got.level == "ERROR"


def test_a_bracketed_time_and_a_quote_without_a_request_line_say_no_status() -> None:
    rec = {
        "level": "info",
        "message": 'cache [warm] "items" 200 entries loaded',
        "timestamp": "2024-03-02T08:15:00Z",
    }
    (got,) = parse(json.dumps(rec) + "\n")
    assert _status(got) is None


# --- a JSON record at WARNING or worse whose message says a status in words ---


def test_pino_error_record_saying_a_status_in_words() -> None:
    rec = {
        "level": "error",
        "time": "2024-03-02T10:00:00.000Z",
        "pid": 4120,
        "msg": 'price feed failed: upstream request failed: 403 Forbidden {\n  "code": 7\n}',
    }
    (got,) = parse(json.dumps(rec) + "\n")
    assert _status(got) == 403.0
    assert got.level == "ERROR"


def test_otlp_warning_body_saying_a_status_code() -> None:
    rec = {
        "timeUnixNano": "1709373600000000000",
        "severityNumber": 13,
        "severityText": "WARN",
        "body": {"stringValue": "Export failed: collector answered with HTTP status code 503\n"},
    }
    export = {"resourceLogs": [{"resource": {}, "scopeLogs": [{"logRecords": [rec]}]}]}
    (got,) = parse(json.dumps(export) + "\n")
    assert _status(got) == 503.0
    assert got.level == "WARNING"


def test_a_warning_gives_its_status_not_its_time() -> None:
    # Read at WARNING or worse only, a request's time would come from failures alone (the
    # same service's INFO "Completed 200 in 9ms" unread) and skew the latency charts.
    rec = {
        "level": "ERROR",
        "@timestamp": "2024-03-02T10:00:00.000Z",
        "message": "quote request failed: 502 Bad Gateway after 31ms",
    }
    (got,) = parse(json.dumps(rec) + "\n")
    assert samples(got) == {HTTP_STATUS: 502.0}
    # A framework's "Completed NNN in T" line is a request's at any level: its time is read
    # at INFO and at ERROR alike, so the charts see both.
    done = {**rec, "level": "INFO", "message": "Completed 200 OK in 9ms"}
    failed = {**rec, "message": "Completed 502 Bad Gateway in 31ms"}
    ok, bad = parse(json.dumps(done) + "\n" + json.dumps(failed) + "\n")
    assert samples(ok) == {HTTP_STATUS: 200.0, "response_time_ms": 9.0}
    assert samples(bad) == {HTTP_STATUS: 502.0, "response_time_ms": 31.0}


def test_an_info_record_saying_a_status_in_words_is_left_alone() -> None:
    # Only a record at WARNING or worse is read for one (the common INFO record costs nothing
    # more); a message opening with a method is read at any level, as before.
    rec = {
        "level": "info",
        "time": "2024-03-02T10:00:00.000Z",
        "msg": "health check returned 200",
    }
    (got,) = parse(json.dumps(rec) + "\n")
    assert _status(got) is None


def test_a_warning_whose_numbers_are_no_status() -> None:
    rec = {
        "level": "warn",
        "time": "2024-03-02T10:00:00.000Z",
        "msg": "loaded 200 rules, 404 skipped",
    }
    (got,) = parse(json.dumps(rec) + "\n")
    assert _status(got) is None


# --- ASP.NET Core's "Request finished", .NET 6 and 7 ---


@pytest.mark.parametrize(
    ("message", "want"),
    [
        # .NET 6/7: the request's content type and length ("-" when none) before the dash
        (
            "Request finished HTTP/2 GET https://api.example:8443/health - - - 200 - "
            "application/json;+charset=utf-8 3.2100ms",
            (200, 3.21),
        ),
        (
            "Request finished HTTP/1.1 POST http://shop.local/api/cart application/json 57 "
            "- 415 0 - 12.5000ms",
            (415, 12.5),
        ),
        # .NET 8 on (and 5's "- 404 -" before): no request content fields
        ("Request finished HTTP/1.1 GET http://h/x - 404 0 - 0.9000ms", (404, 0.9)),
    ],
)
def test_aspnetcore_request_finished(message: str, want: tuple[int, float]) -> None:
    assert request_in_message(message) == pytest.approx(want)


def test_serilog_text_line_with_the_request_finished_message() -> None:
    text = (
        "2024-03-02 11:20:05.412 +01:00 [INF] Request finished HTTP/2 GET "
        "https://localhost:5001/index.html - - - 200 - text/html;charset=utf-8 41.7700ms\n"
    )
    (got,) = parse(text)
    assert _status(got) == 200.0
    assert samples(got)["response_time_ms"] == pytest.approx(41.77)
    assert got.level == "INFO"
