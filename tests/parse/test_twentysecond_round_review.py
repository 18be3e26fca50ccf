"""Review of session 22's rules against real shapes of the same products they were not
written for: uWSGI's other memory report and the prefixes before it, and a work announced
with its number and the length it is given. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

_REQUEST = (
    "[pid: 4120|app: 0|req: 57/212] 10.4.0.9 () {44 vars in 902 bytes} "
    "[Tue Mar  4 10:12:45 2025] POST /api/orders => generated 91 bytes in 311 msecs "
    "(HTTP/1.1 502) 4 headers in 142 bytes (1 switches on core 0)\n"
)
_SIZES = "{address space usage: 412090368 bytes/393MB} {rss usage: 61243392 bytes/58MB} "


def test_uwsgis_request_line_under_its_second_memory_report_is_read() -> None:
    # uWSGI's core/logging.c (uwsgi_logit_simple): --memory-report=2 adds "{uss usage: %llu
    # bytes/%lluMB} {pss usage: %llu bytes/%lluMB} " after the address space and rss
    extra = "{uss usage: 52428800 bytes/50MB} {pss usage: 54525952 bytes/52MB} "
    (line,) = parse(_SIZES + extra + _REQUEST)
    assert line.fmt == "uwsgi" and line.level == "ERROR"
    assert utc(line.ts).startswith("2025-03-04T10:12:45")
    assert samples(line) == {"http_status": 502.0, "response_time_ms": 311.0}
    assert line.fields["rss_mb"] == 58 and line.fields["uss_mb"] == 50
    assert line.fields["pss_mb"] == 52


def test_uwsgis_memory_report_behind_a_prefix_or_its_host_is_read() -> None:
    # logging.c: --vhost writes the request's host and a space before the memory report;
    # the "prefix" log encoder (--log-req-encoder "prefix UWSGI: ") writes its words before
    # the whole line, as the prefix before "[pid: " already read
    for head in ("shop.example.org ", "UWSGI: "):
        (line,) = parse(head + _SIZES + _REQUEST)
        assert line.fmt == "uwsgi", head
        assert samples(line) == {"http_status": 502.0, "response_time_ms": 311.0}
        assert line.fields["address_space_mb"] == 393


def test_a_numbered_task_announced_with_its_length_is_no_time_taken() -> None:
    # a Go worker's log.Printf("Start task #%d duration: %v\n", ...) before it sleeps that
    # long, then "Stop task  #%d after %v": the length it is given, not a time taken
    text = (
        "2025/03/04 10:12:45 Start task #3 duration: 2s\n"
        "2025/03/04 10:12:47 request #11 duration: 12ms\n"
    )
    start, done = parse(text)
    assert samples(start) == {}
    assert samples(done) == {"duration_ms": 12.0}
