"""Issue 17, the thirteenth round's set 20 (log-based exporters' and monitoring plugins' test
data, Kubernetes components' fixtures): lines written here in the shapes real programs print
(syslog out of order, klog whose year is in a later message, the kernel's audit records,
Squid's no-reply code), never copied from a log."""

from __future__ import annotations

from console import events as ev
from console.parse import DerivedMetrics, LogParser
from tests.helpers.parsing import parse, samples, utc

# --- years ------------------------------------------------------------------------------------


def test_year_less_dates_are_never_placed_after_the_files_last_change() -> None:
    """Test data gathered from several servers runs April, February, then July: July is the
    year before the file's last change (June 2024), not the July after it, as a month that
    follows the log's last time would otherwise be."""
    lines = parse(
        "Apr 26 10:55:19 mx1 postfix/smtpd[401]: connect from unknown[192.0.2.7]\n"
        "Feb 11 16:49:24 mx2 postfix/qmgr[77]: 4BCD1: removed\n"
        "Jul 24 03:28:15 mx3 postfix/smtp[912]: 9F0A2: to=<a@example.org>, status=sent\n"
        "Oct 30 08:00:01 mx3 postfix/smtp[913]: 9F0A3: to=<b@example.org>, status=sent\n"
    )
    assert [utc(e.ts)[:10] for e in lines] == [
        "2024-04-26",
        "2024-02-11",
        "2023-07-24",
        "2023-10-30",
    ]


def test_year_less_dates_with_no_year_in_the_log_are_each_placed_against_the_files_change() -> None:
    """An auth.log of August lines then April lines, no year anywhere, the file changed in
    June 2024: August is 2023's, April 2024's (each in the twelve months before the change,
    as lnav places them), not the April four months before August."""
    lines = parse(
        "Aug 30 12:02:00 bastion sshd[811]: Accepted publickey for deploy from 192.0.2.4\n"
        "Apr 30 17:52:46 bastion sudo: deploy : TTY=pts/0 ; PWD=/srv ; USER=root\n"
    )
    assert [utc(e.ts) for e in lines] == ["2023-08-30T12:02:00", "2024-04-30T17:52:46"]


def test_once_the_log_gives_a_year_its_year_less_lines_follow_it() -> None:
    """A full date first (2019), then year-less lines: they follow the log's own time, the
    file's change (June 2024) no longer their reference."""
    lines = parse(
        "2019-11-15 14:00:00 INFO collector started\n"
        "Nov 15 14:31:56 box kernel: eth0: link up\n"
        "Jan  2 08:00:00 box kernel: eth0: link down\n"
    )
    assert [utc(e.ts)[:10] for e in lines] == ["2019-11-15", "2019-11-15", "2020-01-02"]


def test_a_syslog_file_still_rolls_over_the_new_year() -> None:
    """December then January, before the file's last change: the January is the next year."""
    lines = parse(
        "Dec 31 23:59:58 web1 cron[1]: (root) CMD (run-parts)\n"
        "Jan  1 00:00:02 web1 cron[1]: (root) CMD (logrotate)\n"
    )
    assert [utc(e.ts) for e in lines] == ["2023-12-31T23:59:58", "2024-01-01T00:00:02"]


def test_a_log_with_years_after_the_reference_keeps_following_its_own_times() -> None:
    """A file whose own dates run past the reference (a copy's modification time is no
    bound then): a year-less line after them follows them."""
    lines = parse(
        '2025-11-02T09:00:00Z level=info msg="start"\nNov  2 09:00:05 node7 kernel: eth0: link up\n'
    )
    assert utc(lines[1].ts) == "2025-11-02T09:00:05"


def test_klog_lines_before_the_message_that_gives_the_year_take_it() -> None:
    """cluster-autoscaler's klog: the year is in the second line's message
    (``lastScaleUpTime=2024-11-29 ...``); the first line, a guess until then, takes it too."""
    lines = parse(
        "I1129 14:37:49.760704   95247 filter.go:67] Skipping node-a - min size reached\n"
        "I1129 14:37:49.760777   95247 autoscaler.go:626] Scale down status: "
        "lastScaleUpTime=2024-11-29 14:34:37.342074 +0530 IST m=+1195.04\n"
        "I1129 14:38:00.213085   95247 autoscaler.go:306] Starting main loop\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2024-11-29T14:37:49",
        "2024-11-29T14:37:49",
        "2024-11-29T14:38:00",
    ]


def test_klog_with_no_year_anywhere_is_placed_by_the_year_rule() -> None:
    lines = parse(
        "I1129 14:37:49.760704   95247 filter.go:67] Skipping node-a\n"
        "E1129 14:37:50.000001   95247 filter.go:70] failed to list nodes\n"
    )
    assert [utc(e.ts)[:10] for e in lines] == ["2023-11-29", "2023-11-29"]
    assert lines[1].level == "ERROR"


def test_kernel_audit_epoch_gives_a_syslog_line_its_year_not_its_time() -> None:
    """``audit(1573828316.362:40)`` is 2019-11-15T14:31:56Z: the year is 2019; the header's
    time stays (a host three hours east of UTC keeps its neighbours' clock)."""
    lines = parse(
        "Nov 15 17:31:50 box kernel: [26069.68] kauditd_printk_skb: 29 callbacks suppressed\n"
        "Nov 15 17:31:56 box kernel: [26069.69] audit: type=1400 "
        'audit(1573828316.362:40): apparmor="STATUS" operation="profile_load"\n'
    )
    assert [utc(e.ts) for e in lines] == ["2019-11-15T17:31:50", "2019-11-15T17:31:56"]


def test_an_audit_epoch_on_another_day_is_not_the_lines_year() -> None:
    """An audit serial quoted from another day (a replay, a copy) gives no year."""
    lines = parse(
        "Mar  3 10:00:00 box auditd[9]: replayed audit(1573828316.362:40): type=USER_LOGIN\n"
    )
    assert utc(lines[0].ts) == "2024-03-03T10:00:00"


# --- statuses ---------------------------------------------------------------------------------


def test_squid_no_reply_code_000_is_no_status() -> None:
    """Squid writes ``NONE/000`` when it sent no reply (aborted, denied before one): no
    status, the elapsed milliseconds still read."""
    lines = parse(
        "1576177221.686   3976 203.0.113.1 NONE/000 13564 GET http://example.org/ - "
        "HIER_NONE/- -\n"
        "1576177221.690     12 203.0.113.1 TCP_MISS/503 512 GET http://example.org/ - "
        "HIER_DIRECT/198.51.100.4 text/html\n"
    )
    assert "http_status" not in samples(lines[0])
    # (session 34: the time a served request's with no status sent, as Traefik's 0)
    assert samples(lines[0])["unanswered_ms"] == 3976.0
    assert lines[0].level == "INFO"
    assert samples(lines[1])["http_status"] == 503.0
    assert lines[1].level == "ERROR"


def test_a_code_above_599_is_no_server_error() -> None:
    """HTTP's status classes end at 5xx (RFC 9110, 15): a 603 a server wrote is kept as the
    status it said, and is no error."""
    lines = parse(
        "1576177221.686     40 203.0.113.2 TCP_MISS/603 800 GET http://example.org/x - "
        "HIER_DIRECT/198.51.100.4 text/html\n"
    )
    assert samples(lines[0])["http_status"] == 603.0
    assert lines[0].level == "INFO"


def test_the_error_rate_counts_5xx_and_not_a_6xx() -> None:
    """The derived error rate: of four requests one 500 and one 603, a quarter in error."""
    text = "".join(
        f"1576177221.{i}     40 203.0.113.2 TCP_MISS/{code} 800 GET http://example.org/ - "
        "HIER_DIRECT/198.51.100.4 text/html\n"
        for i, code in enumerate((200, 500, 603, 404))
    )
    p, d = LogParser(now=lambda: 2e9, year_ref=1.7e9), DerivedMetrics()
    got = [s for e in p.feed_text(text) + p.flush() for s in d.feed(e)] + d.flush()
    rates = [s.value for s in got if isinstance(s, ev.MetricSample) and s.name == ev.ERROR_RATE]
    assert rates == [25.0]


# --- durations --------------------------------------------------------------------------------


def test_how_long_a_container_ran_is_no_requests_duration() -> None:
    """dockerd's ``execDuration`` (logrus text behind syslog) is the container's life; a
    request's ``duration`` on the same kind of line still reads."""
    lines = parse(
        'Nov 23 09:09:57 node1 dockerd[1]: time="2025-11-23T09:09:57.112Z" level=warning '
        'msg="ShouldRestart failed" container=2af4 execDuration=26m51.986s restartCount=0\n'
        'Nov 23 09:10:02 node1 dockerd[1]: time="2025-11-23T09:10:02.500Z" level=info '
        'msg="API request" method=GET duration=12.5ms\n'
    )
    assert samples(lines[0]) == {}
    assert samples(lines[1]) == {"duration_ms": 12.5}


def test_a_download_timed_in_words_is_a_duration() -> None:
    """``in <duration>`` after a download (a fetch of many): its time, as after a request."""
    lines = parse("2024-05-16 09:00:00 INFO crawler: Download of 12 pages completed in 30.23s\n")
    assert samples(lines[0]) == {"duration_ms": 30230.0}
