"""Issue 17 (set 39, mainstream services' committed logs, a third draw): a request line's
time before a logger's trailing metadata (winston's printf writing its splat as ``{}``), and
an epoch number in a year-less syslog line giving the line its year (HAProxy's ``%Ts``).
Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# --- a request's time before trailing metadata -------------------------------------------------


def test_morgan_line_in_winston_printf_with_empty_metadata() -> None:
    """winston's ``printf`` writes ``${message} ${JSON.stringify(meta)}``: morgan's tiny line
    (``:method :url :status :res[content-length] - :response-time ms``) then ``{}``."""
    lines = parse(
        "2025-01-09T10:00:01.120Z [info]: GET /api/cart 200 512 - 12.875 ms {}\n"
        "2025-01-09T10:00:02.500Z [info]: POST /api/pay 502 48 - 301.5 ms {} {}\n"
        '2025-01-09T10:00:03.900Z [warn]: GET /api/me 401 20 - 3.25 ms {"user":null} []\n'
    )
    assert [samples(ln).get("response_time_ms") for ln in lines] == [12.875, 301.5, 3.25]
    assert [samples(ln).get("http_status") for ln in lines] == [200.0, 502.0, 401.0]


def test_a_braced_value_that_is_not_trailing_metadata_gives_no_time() -> None:
    # the number before the braces is a count, written with no unit: no duration
    lines = parse("2025-01-09T10:00:01.120Z [info]: GET /api/cart 200 512 items {}\n")
    assert "response_time_ms" not in samples(lines[0])


# --- an epoch number gives a year-less line its year ------------------------------------------


def test_epoch_field_gives_a_syslog_line_its_year() -> None:
    """HAProxy's custom ``log-format`` with ``%Ts`` (epoch seconds) behind syslog's header,
    which writes no year: 1362130512 is 2013-03-01T09:35:12Z, the header's day."""
    lines = parse(
        "Mar  1 10:35:12 lb1 haproxy[812]: 1362130512 203.0.113.9:51514 10.0.0.5:8080 "
        "GET /index.html 200 web be_app 6f1c2a\n"
        "Mar  1 10:35:13 lb1 haproxy[812]: 1362130513 203.0.113.9:51516 10.0.0.5:8080 "
        "GET /app.js 304 web be_app 7a2b3c\n"
    )
    # the header's time kept (the host's clock), in the epoch's year
    assert [utc(e.ts) for e in lines] == ["2013-03-01T10:35:12", "2013-03-01T10:35:13"]


def test_epoch_in_milliseconds_gives_the_year_too() -> None:
    lines = parse("Jul 20 06:00:01 web1 app[3]: job=rotate ts=1658296801250 ok\n")
    assert utc(lines[0].ts)[:4] == "2022"


def test_a_number_on_another_day_gives_no_year() -> None:
    """An ID that reads as an epoch on another day of the year says nothing of the line's."""
    lines = parse("Mar  3 10:00:00 box app[9]: order 1573828316 shipped\n")
    assert utc(lines[0].ts) == "2024-03-03T10:00:00"


def test_a_number_inside_a_word_gives_no_year() -> None:
    # 1362130512 inside a path or an address is no epoch of its own
    lines = parse("Mar  1 10:35:12 lb1 app[9]: GET /img/1362130512.png 200\n")
    assert utc(lines[0].ts)[:4] == "2024"


def test_an_epoch_in_another_partys_reply_gives_no_year() -> None:
    """A mail server's reply quoted in postfix's line carries its own clock's number: the
    line's layout puts no time there (the year stays as placed)."""
    lines = parse(
        "Mar  1 10:35:12 mx postfix/smtp[7]: 0A1B2C: to=<a@example.org>, status=sent "
        "(250 2.0.0 OK 1362130512 x1si2.1 - gsmtp)\n"
    )
    assert utc(lines[0].ts)[:4] == "2024"
