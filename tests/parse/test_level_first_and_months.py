"""Issue 17 (set 21): log4j's level padded first (``%5p [%t] %d{ISO8601} %m``, right-justified,
as against Cassandra's left-justified ``%-5level``) and strftime's ``%b`` in the common European
locales (glibc's abbreviations for es, fr, de, it, pt, nl). Lines written here in those shapes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.parse.anytime import head_time
from tests.helpers.parsing import parse, utc

REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()

# --- the level first, padded either way --------------------------------------------------


def test_right_justified_level_lines_are_each_an_entry() -> None:
    text = (
        " INFO [pool-3-thread-1] 2023-02-14 08:00:01,250 Poller started for 4 queues\n"
        " WARN [pool-3-thread-1] 2023-02-14 08:00:02,500 Queue billing is 90% full\n"
        "ERROR [http-nio-8443-exec-7] 2023-02-14 08:00:03,750 Upload of report.csv failed\n"
        "DEBUG [main] 2023-02-14 08:00:04,000 heartbeat\n"
    )
    lines = parse(text)
    assert [(ln.level, utc(ln.ts)) for ln in lines] == [
        ("INFO", "2023-02-14T08:00:01"),
        ("WARNING", "2023-02-14T08:00:02"),
        ("ERROR", "2023-02-14T08:00:03"),
        ("DEBUG", "2023-02-14T08:00:04"),
    ]
    assert lines[0].message == "Poller started for 4 queues"
    assert lines[2].fields is not None and lines[2].fields["thread"] == "http-nio-8443-exec-7"


def test_wider_padding_and_a_thread_name_with_spaces() -> None:
    # Padded to six (a space before %5p): every line indented, the error by one, info by two.
    text = (
        "  INFO [Sync worker] 2023-02-14 09:10:00,001 Pushing 12 rows\n"
        " ERROR [Sync worker] 2023-02-14 09:10:05,002 Could not reach 10.0.0.8 in 5 s\n"
        "  INFO [Sync worker] 2023-02-14 09:10:06,003 Retrying\n"
    )
    lines = parse(text)
    assert [(ln.level, ln.message) for ln in lines] == [
        ("INFO", "Pushing 12 rows"),
        ("ERROR", "Could not reach 10.0.0.8 in 5 s"),
        ("INFO", "Retrying"),
    ]
    assert all(ln.fmt == "text" for ln in lines)


def test_left_justified_level_still_read() -> None:
    text = "WARN  [CompactionExecutor:3] 2023-02-14 10:00:00,000 Compacting large partition\n"
    (line,) = parse(text)
    assert (line.level, utc(line.ts)) == ("WARNING", "2023-02-14T10:00:00")


def test_a_stack_trace_under_a_padded_entry_stays_its_own() -> None:
    text = (
        "ERROR [worker-2] 2023-02-14 11:00:00,000 Job 41 failed\n"
        "java.lang.IllegalStateException: queue closed\n"
        "  at com.example.jobs.Runner.run(Runner.java:88)\n"
        "  at java.base/java.lang.Thread.run(Thread.java:829)\n"
        " INFO [worker-2] 2023-02-14 11:00:01,000 Job 42 started\n"
        "  at the end of the day this INFO [x] line is prose\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["ERROR", "INFO"]
    assert "Runner.java:88" in "\n".join(lines[0].detail)
    assert "Thread.java:829" in "\n".join(lines[0].detail)
    assert "prose" in "\n".join(lines[1].detail)


def test_an_indented_message_line_that_only_looks_like_a_level_continues() -> None:
    text = (
        " INFO [main] 2023-02-14 12:00:00,000 Config dump follows\n"
        " WARN [not a time here] but a continuation of the dump\n"
    )
    lines = parse(text)
    assert len(lines) == 1
    assert "continuation of the dump" in "\n".join(lines[0].detail)


# --- month names in other languages --------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "want"),
    [
        # glibc's abmon: es, fr (with its dots and accents), de, it, pt, nl
        ("ene 09 07:15:00 portal [err] {PHP} x", "2024-01-09T07:15:00"),
        ("dic 09 07:15:00 portal [err] {PHP} x", "2023-12-09T07:15:00"),
        ("ago 21 23:59:59 portal [info] ok", "2023-08-21T23:59:59"),
        ("janv. 03 06:00:00 batch démarré", "2024-01-03T06:00:00"),
        ("févr. 03 06:00:00 batch démarré", "2024-02-03T06:00:00"),
        ("juin 01 06:00:00 batch démarré", "2024-06-01T06:00:00"),
        ("juil. 03 06:00:00 batch démarré", "2023-07-03T06:00:00"),
        ("août 03 06:00:00 batch démarré", "2023-08-03T06:00:00"),
        ("déc. 03 06:00:00 batch démarré", "2023-12-03T06:00:00"),
        ("Mär 14 18:30:00 dienst gestartet", "2024-03-14T18:30:00"),
        ("Okt 14 18:30:00 dienst gestartet", "2023-10-14T18:30:00"),
        ("Dez 14 18:30:00 dienst gestartet", "2023-12-14T18:30:00"),
        ("gen 02 10:00:00 servizio avviato", "2024-01-02T10:00:00"),
        ("mag 02 10:00:00 servizio avviato", "2024-05-02T10:00:00"),
        ("set 02 10:00:00 servizio avviato", "2023-09-02T10:00:00"),
        ("out 02 10:00:00 serviço iniciado", "2023-10-02T10:00:00"),
        ("mai 02 10:00:00 serviço iniciado", "2024-05-02T10:00:00"),
        ("mrt 02 10:00:00 dienst gestart", "2024-03-02T10:00:00"),
        ("mei 02 10:00:00 dienst gestart", "2024-05-02T10:00:00"),
        # with a year
        ("15 dic 2022 09:00:00 informe generado", "2022-12-15T09:00:00"),
        ("15-sept.-2022 09:00:00 rapport créé", "2022-09-15T09:00:00"),
        ("ott 15, 2022 09:00 report creato", "2022-10-15T09:00:00"),
        # English, as before
        ("Sep 02 10:00:00 host started", "2023-09-02T10:00:00"),
        ("16 May 2024 09:00 started", "2024-05-16T09:00:00"),
    ],
)
def test_month_abbreviations_of_other_locales(line: str, want: str) -> None:
    ts = head_time(line, REF)
    assert ts is not None
    assert datetime.fromtimestamp(ts, UTC).replace(tzinfo=None).isoformat() == want


@pytest.mark.parametrize(
    "line",
    [
        # English words that are months elsewhere: no time without the whole date shape
        "timer set 5 10:00 by admin",
        "timed out 3 12:30 later",
        "moved mai 4 - 10:15 maybe",
        "deadline set 12 11:00 for review",
    ],
)
def test_english_words_are_no_months(line: str) -> None:
    assert head_time(line, REF) is None


def test_symfony_file_logger_in_spanish() -> None:
    text = (
        "nov 28 23:59:58 symfony [info] {sfWebController} Dispatch request\n"
        "dic 01 00:00:02 symfony [emerg] {PHP} Call to undefined method Foo::bar()\n"
        "dic 01 00:00:03 symfony [warning] {PHP} Undefined index: id\n"
    )
    lines = parse(text)
    assert [(ln.level, utc(ln.ts)) for ln in lines] == [
        ("INFO", "2023-11-28T23:59:58"),
        ("FATAL", "2023-12-01T00:00:02"),
        ("WARNING", "2023-12-01T00:00:03"),
    ]


# --- varnishlog's grouped transactions (vsl(7)) -----------------------------------------------

_VARNISH = (
    "*   << Request  >> 98311     \n"
    "-   Begin          req 98310 rxreq\n"
    "-   Timestamp      Start: 1717236000.250000 0.000000 0.000000\n"
    "-   Timestamp      Req: 1717236000.250000 0.000000 0.000000\n"
    "-   ReqStart       10.9.8.7 41000 a0\n"
    "-   ReqMethod      POST\n"
    "-   ReqURL         /cart/checkout\n"
    "-   ReqHeader      Host: shop.example.org\n"
    "-   VCL_call       RECV\n"
    "-   RespStatus     503\n"
    "-   RespReason     Backend fetch failed\n"
    "-   RespHeader     Date: Sat, 01 Jun 2024 10:00:00 GMT\n"
    "-   Timestamp      Process: 1717236000.500000 0.250000 0.250000\n"
    "-   Timestamp      Resp: 1717236000.512500 0.262500 0.012500\n"
    "-   ReqAcct        180 0 180 300 120 420\n"
    "-   End            \n"
    "\n"
    "*   << Request  >> 98313     \n"
    "-   Begin          req 98312 rxreq\n"
    "-   Timestamp      Start: 1717236001.000000 0.000000 0.000000\n"
    "-   ReqMethod      GET\n"
    "-   ReqURL         /img/logo.svg\n"
    "-   RespStatus     200\n"
    "-   Timestamp      Resp: 1717236001.000040 0.000040 0.000010\n"
    "-   End            \n"
)


def test_varnishlog_transaction_is_one_entry() -> None:
    lines = parse(_VARNISH)
    assert len(lines) == 2
    first, second = lines
    assert utc(first.ts) == "2024-06-01T10:00:00"
    assert first.level == "ERROR"
    assert first.fmt == "varnishlog"
    assert "POST /cart/checkout" in first.message
    got = {name: value for name, value, _scope in first.samples}
    assert got["http_status"] == 503
    assert got["request_time_ms"] == pytest.approx(262.5)
    assert any("ReqAcct" in d for d in first.detail)
    assert utc(second.ts) == "2024-06-01T10:00:01"
    assert second.level == "INFO"
    assert {name: value for name, value, _s in second.samples}["http_status"] == 200


def test_a_dash_line_outside_a_transaction_is_no_record() -> None:
    lines = parse("-   Begin of the list\n")
    assert [ln.fmt for ln in lines] == ["plain"]
