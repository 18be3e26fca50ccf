"""Issue 17: access lines in layouts of their own. Operators write their own nginx
``log_format`` and Apache ``LogFormat``: the status before the request, the time as ISO 8601
in brackets, nginx's request and upstream times anywhere. A line holding a quoted HTTP
request line is read by what its parts are (docs/log-formats.md, section 3). Every line here
is written for this file in the shape those directives produce, not copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# log_format custom '$remote_addr - [$time_iso8601] $status "$request" '
#                   '$http_x_forwarded_for $request_time - $body_bytes_sent "$http_user_agent"';
STATUS_FIRST = (
    '203.0.113.9 - [2024-03-02T10:15:00+01:00] 404 "GET /backup/error.zip HTTP/1.1" '
    '198.51.100.4 0.002 - 162 "curl/8.4.0"\n'
)


def test_the_status_before_the_quoted_request_is_read_and_gives_the_level() -> None:
    [line] = parse(STATUS_FIRST)
    assert line.fmt == "access"
    assert utc(line.ts) == "2024-03-02T09:15:00"
    assert line.fields is not None
    assert line.fields["status"] == 404
    assert (line.fields["method"], line.fields["path"]) == ("GET", "/backup/error.zip")
    # "error" in the path is what was asked for, not how it went: the 404's level.
    assert line.level == "WARNING"
    assert samples(line)["http_status"] == 404
    assert samples(line)["request_time_ms"] == 2.0


def test_a_5xx_before_the_request_is_an_error_and_its_seconds_are_its_time() -> None:
    [line] = parse(
        '198.51.100.20 - [2024-03-02T10:15:04+00:00] 502 "POST /api/orders HTTP/2.0" '
        '- 1.250 - 0 "okhttp/4.12.0"\n'
    )
    assert line.level == "ERROR"
    assert samples(line) == {"http_status": 502.0, "request_time_ms": 1250.0}


def test_an_iso_time_in_the_brackets_of_a_combined_line() -> None:
    """``$time_iso8601`` where ``$time_local`` stood: the rest is combined, the request
    time closing the line."""
    [line] = parse(
        '198.51.100.7 - - [2024-03-02T10:15:01Z] "GET /health HTTP/1.1" 200 2 "-" '
        '"kube-probe/1.29" 0.001\n'
    )
    assert line.fmt == "access"
    assert utc(line.ts) == "2024-03-02T10:15:01"
    assert line.level == "INFO"
    assert samples(line) == {"http_status": 200.0, "response_bytes": 2.0, "request_time_ms": 1.0}


def test_the_request_time_first_and_a_clf_time_after_the_client() -> None:
    """``$request_time $remote_addr [$time_local] $status "$request" "$http_user_agent"``."""
    [line] = parse(
        '0.734 192.0.2.44 [02/Mar/2024:10:15:02 +0000] 503 "GET /search?q=fatal HTTP/1.1" '
        '"Mozilla/5.0"\n'
    )
    assert utc(line.ts) == "2024-03-02T10:15:02"
    assert line.level == "ERROR"
    assert samples(line) == {"http_status": 503.0, "request_time_ms": 734.0}


def test_of_several_nginx_times_the_largest_is_the_request_s() -> None:
    """``$upstream_connect_time $upstream_response_time $request_time``: every upstream time
    is part of the request's, so the request's is the largest, wherever it stands."""
    [line] = parse(
        '192.0.2.5 [2024-03-02T10:15:03+00:00] 200 "GET /x HTTP/1.1" 0.004 0.031 0.045\n'
    )
    assert samples(line)["request_time_ms"] == 45.0


def test_an_upstream_list_counts_as_its_sum() -> None:
    """Several upstream tries are written ``0.010, 0.020 : 0.005`` (commas and colons, as
    ``$upstream_addr``; ``-`` for a try that got no answer): one after the other, they add up."""
    listed, retried = parse(
        '192.0.2.5 [2024-03-02T10:15:03+00:00] 200 "GET /x HTTP/1.1" 0.010, 0.020 : 0.005\n'
        '192.0.2.6 [2024-03-02T10:15:04+00:00] 200 "GET /y HTTP/1.1" 0.003, -\n'
    )
    assert samples(listed)["request_time_ms"] == 35.0
    assert samples(retried)["request_time_ms"] == 3.0


def test_whole_numbers_and_other_decimals_give_no_duration() -> None:
    """Apache's ``%D`` (µs), ``%T`` (s) and ``%{ms}T`` are whole numbers, as bytes and ports
    are: nothing says which, so none is read. Nor a decimal nginx does not write for a time
    (``$gzip_ratio``'s two places), nor ``$msec`` (the epoch, not a duration)."""
    for tail in ("15230", "1532 87", "2.35", "1709374500.123"):
        [line] = parse(f'192.0.2.9 [2024-03-02T10:15:00+0100] 500 "GET /x HTTP/1.1" {tail}\n')
        assert line.level == "ERROR", tail
        assert samples(line) == {"http_status": 500.0}, tail


def test_level_words_in_the_request_referer_and_agent_give_no_level() -> None:
    [line] = parse(
        '192.0.2.10 - [2024-03-02T10:15:05+00:00] 200 "GET /errors/FATAL HTTP/1.1" '
        '"https://example.com/warning" "ErrorBot/1.0 (CRITICAL)" 0.010\n'
    )
    assert line.level == "INFO"
    assert line.fields is not None
    assert line.fields["status"] == 200


def test_a_three_digit_number_on_both_sides_of_the_request_is_no_status() -> None:
    """``404 "GET / HTTP/1.1" 555``: the status first and the bytes after, or a count first
    and the status after; the line does not say which."""
    [line] = parse('192.0.2.11 - [2024-03-02T10:15:06+00:00] 404 "GET / HTTP/1.1" 555\n')
    assert line.fmt == "access"
    assert line.level == "INFO"
    assert "http_status" not in samples(line)


def test_combined_lines_read_as_before() -> None:
    [line] = parse(
        '10.0.0.1 - bob [16/May/2024:11:00:01 +0200] "POST /error HTTP/1.1" 500 87 "ref" '
        '"ua" 0.120\n'
    )
    assert line.fmt == "access"
    assert line.level == "ERROR"
    assert line.fields is not None
    assert line.fields["user"] == "bob"
    assert samples(line) == {
        "http_status": 500.0,
        "response_bytes": 87.0,
        "request_time_ms": 120.0,
    }


def test_an_iso_time_first_then_the_access_layout() -> None:
    """``$time_iso8601 $remote_addr $status "$request" $request_time``: no level at the head,
    so the line is read as an access line, its path's word no level."""
    [line] = parse('2024-03-02T10:15:07+00:00 192.0.2.12 404 "GET /error.html HTTP/1.1" 0.003\n')
    assert line.fmt == "access"
    assert line.level == "WARNING"
    assert samples(line) == {"http_status": 404.0, "request_time_ms": 3.0}


def test_a_custom_layout_sent_to_syslog_takes_its_status_s_level() -> None:
    [line] = parse(
        "Mar  2 10:15:08 web1 nginx: 192.0.2.13 - [2024-03-02T10:15:08+00:00] 499 "
        '"GET /critical/path HTTP/1.1" 0.250\n'
    )
    assert line.fmt == "syslog"
    assert line.level == "WARNING"
    assert line.fields is not None
    assert line.fields["program"] == "nginx"
    assert samples(line) == {"http_status": 499.0, "request_time_ms": 250.0}


def test_envoy_s_default_line_behind_a_word_stays_envoy_s() -> None:
    """Envoy's response flags (letters or ``-``) after the status tell its line from a
    combined one; its duration is its own whole milliseconds."""
    [line] = parse(
        'ACCESS [2024-03-02T10:15:09.120Z] "GET /api HTTP/1.1" 503 UF 0 91 2001 - '
        '"192.0.2.14" "curl/8.4.0"\n'
    )
    assert line.fmt == "envoy"
    assert samples(line) == {"http_status": 503.0, "request_time_ms": 2001.0}


def test_a_logger_s_level_in_capitals_outside_the_quotes_is_kept() -> None:
    [line] = parse(
        'web-7 WARN 192.0.2.15 - [2024-03-02T10:15:10+00:00] 200 "GET /slow HTTP/1.1" 4.210\n'
    )
    assert line.fmt == "access"
    assert line.level == "WARNING"
    assert samples(line) == {"http_status": 200.0, "request_time_ms": 4210.0}
