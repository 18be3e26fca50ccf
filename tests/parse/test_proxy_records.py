"""Issue 17, set 44 part A (docs/log-formats.md, sections 2, 4 and 6): web servers', proxies'
and WAFs' records. A key of no known name read by its words: ``http_code`` closing it is a
status (ModSecurity v3's JSON audit log, curl's ``%{http_code}``), ``responsetime`` run
together is a response time (a hand-written nginx/OpenResty ``log_format``); a whole number
written as a string under a key of no unit is read as the integer it writes (HAProxy's timers
in a custom ``log-format``, ms); a JSON record in a syslog message, quoted as a shell quotes
HAProxy's ``log-format``. Lines written here in each program's documented shape."""

from __future__ import annotations

import json

from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples, utc


def test_modsecurity_v3_json_audit_status_from_http_code() -> None:
    recs = [
        {
            "transaction": {
                "client_ip": "10.9.8.7",
                "time_stamp": "Tue Mar 12 08:30:01 2024",
                "unique_id": "171023220112.345678",
                "request": {"method": "GET", "uri": "/login?id=1%27", "http_version": 1.1},
                "response": {"http_code": code, "headers": {}},
                "producer": {"modsecurity": "ModSecurity v3.0.12 (Linux)"},
                "messages": [],
            }
        }
        for code in (200, 403, 502)
    ]
    lines = parse("".join(json.dumps(r) + "\n" for r in recs))
    assert [samples(e).get(HTTP_STATUS) for e in lines] == [200, 403, 502]
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR"]
    assert utc(lines[0].ts) == "2024-03-12T08:30:01"


def test_http_code_is_a_status_only_closing_the_key() -> None:
    line = parse('{"time":"2024-03-12T08:30:01Z","msg":"probe","http_code_class":"2xx"}\n')[0]
    assert HTTP_STATUS not in samples(line)


def test_responsetime_run_together_is_request_time_in_seconds() -> None:
    line = parse(
        '{"@timestamp":"2024-03-12T08:30:01+00:00","client":"10.0.0.5","size":"812",'
        '"responsetime":"0.250","url":"/api/v1/items","status":"200"}\n'
    )[0]
    got = samples(line)
    assert got[HTTP_STATUS] == 200
    assert got["response_time_ms"] == 250.0


def test_whole_number_string_under_unitless_key_is_ms() -> None:
    """HAProxy's timers (%Tq, %Tr, %Tt ...) are milliseconds; a JSON log-format quoting them
    writes strings, a key=value log-format no types at all."""
    json_line = parse(
        '{"time":"2024-03-12T08:30:01Z","msg":"req","status":"200","response_time":"42"}\n'
    )[0]
    assert samples(json_line)["response_time_ms"] == 42.0
    kv_line = parse(
        "Accept_Time=12/Mar/2024:08:30:01.250 Client=10.0.0.5 Method=GET Status=200 "
        "Request_processing_time=37 Bytes=512\n"
    )[0]
    assert samples(kv_line)["response_time_ms"] == 37.0
    # with a point it stays seconds, as before
    float_line = parse(
        '{"time":"2024-03-12T08:30:01Z","msg":"req","status":"200","response_time":"0.042"}\n'
    )[0]
    assert samples(float_line)["response_time_ms"] == 42.0


def _haproxy_json(accept_local: str, epoch: int, status: str, tr: str) -> str:
    """A custom JSON log-format of HAProxy's own variables (%Tl, %Ts, %ST, %Tr), every value
    quoted, the format itself in single quotes in haproxy.cfg (kept in the output)."""
    return (
        "'"
        + json.dumps(
            {
                "backend_name": "web",
                "client_ip": "10.0.0.5",
                "local_date_time": accept_local,
                "response_time": tr,
                "status_code": status,
                "timestamp": str(epoch),
            },
            separators=(",", ":"),
        )
        + "'"
    )


def test_haproxy_json_log_format_behind_bsd_syslog() -> None:
    """The header is the host's clock (+0300 here, as the record's %Tl says): the line
    keeps it, in the record's year; the record gives the status, the timer (ms) and the
    level of a 503. The second session was accepted 9 s before it was logged."""
    text = (
        "Mar 12 10:30:01 lb1 haproxy[2211]: "
        + _haproxy_json("12/Mar/2023:10:30:01 +0300", 1678606201, "200", "12")
        + "\nMar 12 10:30:15 lb1 haproxy[2211]: "
        + _haproxy_json("12/Mar/2023:10:30:06 +0300", 1678606206, "503", "3")
        + "\n"
    )
    lines = parse(text)
    assert [utc(e.ts) for e in lines] == ["2023-03-12T10:30:01", "2023-03-12T10:30:15"]
    assert [samples(e).get(HTTP_STATUS) for e in lines] == [200, 503]
    assert [samples(e).get("response_time_ms") for e in lines] == [12.0, 3.0]
    assert [e.level for e in lines] == ["INFO", "ERROR"]
    assert lines[0].fields["program"] == "haproxy"


def test_record_local_time_far_from_the_header_is_not_its_clock() -> None:
    """A zone's local time an hour from the header: another clock, the record's time is
    the line's (as a record's UTC time behind a header is)."""
    text = (
        "Mar 12 10:30:01 lb1 haproxy[2211]: "
        + _haproxy_json("12/Mar/2023:11:30:01 +0300", 1678609801, "200", "12")
        + "\n"
    )
    assert utc(parse(text)[0].ts) == "2023-03-12T08:30:01"
