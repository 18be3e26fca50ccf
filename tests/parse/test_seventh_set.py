"""Issue 17, seventh set: access layouts with numbers before the referer (mod_logio's %I %O,
%T's whole seconds), MongoDB's severity letters, a JVM GC log's banner, JSON records spread
over several lines, HAProxy's own messages. Every line here is written in the format's
documented shape, not copied from a log."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console import events as ev
from console.parse import LogParser
from tests.helpers.parsing import NOW, REF, parse, samples, utc


def test_logio_bytes_then_whole_seconds_before_the_referer() -> None:
    """lighttpd (or Apache) with ``%{X-Forwarded-For}i %h %u %t "%r" %>s %b %I %O %T
    "%{Referer}i" "%{User-Agent}i"``: %I and %O are byte counts, %T the time in seconds; a
    missing forwarded-for address is ``-``."""
    lines = parse(
        '203.0.113.9 10.1.2.3 - [16/May/2024:09:00:01 -0700] "GET /pkg/list.gz HTTP/1.0" '
        '200 48213 352 48490 2 "-" "fetcher/1.2"\n'
        '- 127.0.0.1 - [16/May/2024:09:00:04 -0700] "HEAD /ping HTTP/1.1" 304 0 140 121 0 '
        '"-" "curl/8.1"\n'
    )
    assert [utc(e.ts) for e in lines] == ["2024-05-16T16:00:01", "2024-05-16T16:00:04"]
    assert [e.fmt for e in lines] == ["access", "access"]
    assert [samples(e)["request_time_ms"] for e in lines] == [2000.0, 0.0]
    assert [samples(e)["http_status"] for e in lines] == [200.0, 304.0]
    assert lines[0].fields is not None and lines[0].fields["user_agent"] == "fetcher/1.2"
    assert lines[0].fields["bytes_out"] == 48490


def test_apache_s_combinedio_pair_after_the_agent_is_no_duration() -> None:
    """httpd.conf's ``combinedio`` appends ``%I %O``: byte counts, not %D."""
    (line,) = parse(
        '192.0.2.4 - - [16/May/2024:09:00:01 +0000] "GET /index.html HTTP/1.1" 200 5120 '
        '"-" "Mozilla/5.0" 431 5398\n'
    )
    assert "request_time_ms" not in samples(line)
    assert line.fields is not None and line.fields["bytes_in"] == 431


@pytest.mark.parametrize(
    ("tail", "ms"),
    [
        ("12500", 12.5),  # %D: microseconds
        ("431 5398 1875", 1.875),  # combinedio and %D
        ("431 5398 3", 3000.0),  # combinedio and %T
        ("0.042", 42.0),  # nginx's $request_time
        ("512 0.042", 42.0),  # nginx's $request_length $request_time
        ("0/12500", 12.5),  # Apache's %T/%D
    ],
)
def test_a_time_column_after_the_agent(tail: str, ms: float) -> None:
    (line,) = parse(
        '192.0.2.4 - - [16/May/2024:09:00:01 +0000] "GET /index.html HTTP/1.1" 200 5120 '
        f'"-" "Mozilla/5.0" {tail}\n'
    )
    assert samples(line)["request_time_ms"] == pytest.approx(ms)


def test_a_jvm_gc_log_s_banner_takes_its_first_entry_s_time() -> None:
    """A JDK 8 GC log (-XX:+PrintGCDateStamps) opens with the VM's banner, its build date
    deep in the line, and the command line's flags: a heap size of 2^30 bytes is no epoch
    time. The entries are dated with an offset; JDK 9+ unified logging brackets its tags."""
    lines = parse(
        "Java HotSpot(TM) 64-Bit Server VM (25.202-b08) for linux-amd64 JRE (1.8.0_202-b08), "
        'built on Dec 15 2018 12:40:22 by "java_re" with gcc 7.3.0\n'
        "Memory: 4k page, physical 8167420k(5120000k free), swap 0k(0k free)\n"
        "CommandLine flags: -XX:InitialHeapSize=1073741824 -XX:MaxHeapSize=2147483648 "
        "-XX:+PrintGCDateStamps -XX:+UseG1GC\n"
        "2019-03-04T11:20:05.123+0100: 0.842: [GC pause (G1 Evacuation Pause) (young), "
        "0.0081234 secs]\n"
        "   [Eden: 24.0M(24.0M)->0.0B(20.0M) Heap: 24.0M(1024.0M)->3.1M(1024.0M)]\n"
        "[2019-03-04T11:20:07.500+0100][3.219s][warning][gc,alloc] GC(3) To-space exhausted\n"
    )
    assert [utc(e.ts) for e in lines] == ["2019-03-04T10:20:05"] * 4 + ["2019-03-04T10:20:07"]
    assert [e.level for e in lines][-1] == "WARNING"
    assert not any(e.level == "ERROR" for e in lines)


def test_an_epoch_after_a_key_of_time_is_still_the_line_s_time() -> None:
    (line,) = parse("sampler ts=1690000030 queue=12 depth=3\n")
    assert utc(line.ts) == "2023-07-22T04:27:10"


def test_mongodb_s_severity_letter_before_its_component() -> None:
    """MongoDB 3.0-4.2: ``<time> <severity> <component> [<context>] <message>``, severity F
    E W I D (D1-D5 from 4.2), the component padded, ``-`` for none."""
    lines = parse(
        "2019-06-04T10:11:12.123+0200 I CONTROL  [initandlisten] MongoDB starting\n"
        "2019-06-04T10:11:13.500+0200 E STORAGE  [initandlisten] WiredTiger error (13)\n"
        "2019-06-04T10:11:14.000+0200 F -        [conn7] Got signal: 6 (Aborted).\n"
        "2019-06-04T10:11:15.000+0200 D2 REPL_HB  [replexec-3] Sending heartbeat\n"
        "2019-06-04T10:11:16.000+0200 W NETWORK  [conn8] Error sending response\n"
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "FATAL", "DEBUG", "WARNING"]
    assert utc(lines[0].ts) == "2019-06-04T08:11:12"
    assert lines[2].message == "[conn7] Got signal: 6 (Aborted)."


def test_capnslog_s_letter_before_a_bar() -> None:
    """etcd's capnslog: ``<time> <letter> | <package>: <message>``, C critical, N notice."""
    lines = parse(
        "2017-02-10 08:00:00.000100 N | etcdserver/membership: set the cluster version\n"
        "2017-02-10 08:00:01.000200 E | rafthttp: failed to dial peer (connection refused)\n"
        "2017-02-10 08:00:02.000300 C | etcdmain: listen tcp: bind: address already in use\n"
    )
    assert [e.level for e in lines] == ["NOTICE", "ERROR", "CRITICAL"]
    assert lines[1].message.startswith("rafthttp: failed")


def test_a_capital_word_after_the_time_is_no_severity_letter() -> None:
    (line,) = parse("2024-05-16 09:00:00 I started the export of 12 files\n")
    assert (line.level, line.message) == ("UNKNOWN", "I started the export of 12 files")


def test_haproxy_s_own_messages_carry_their_level_in_brackets() -> None:
    """HAProxy's messages (syslog or stderr): ``[ALERT]``, ``[WARNING]``, ``[NOTICE]``, then
    day-of-year/time and pid. ALERT is critical; "alert" in a sentence is no level."""
    lines = parse(
        "Mar  2 10:00:01 lb1 haproxy[900]: [ALERT] 061/100001 (900) : backend 'api' has no "
        "server available!\n"
        "Mar  2 10:00:02 lb1 haproxy[900]: [WARNING] 061/100002 (900) : Server api/a1 is DOWN\n"
        "Mar  2 10:00:03 lb1 haproxy[900]: [NOTICE] 061/100003 (900) : New worker forked\n"
        "Mar  2 10:00:04 lb1 pager[77]: alert sent to the on-call engineer\n"
    )
    assert [e.level for e in lines] == ["CRITICAL", "WARNING", "NOTICE", "INFO"]


@pytest.mark.parametrize(
    "line",
    [
        '{"method":"GET","path":"/jobs/7.json","format":"json","controller":"JobsController",'
        '"action":"show","status":200,"duration":58.33,"view":40.43,"db":15.26,'
        '"time":"2021-04-02T10:00:01Z"}',
        "time=2021-04-02T10:00:01Z method=GET path=/jobs/7.json format=json "
        "controller=JobsController action=show status=200 duration=58.33 view=40.43 db=15.26",
    ],
)
def test_lograge_s_duration_is_milliseconds(line: str) -> None:
    """Rails' lograge (GitLab before ``duration_s``, Discourse): ``duration``, ``view`` and
    ``db`` in ms, where a bare float ``duration`` is otherwise seconds (zap)."""
    (e,) = parse(line + "\n")
    assert samples(e)["duration_ms"] == pytest.approx(58.33)


def test_a_float_duration_without_lograge_s_siblings_is_still_seconds() -> None:
    (e,) = parse('{"level":"info","ts":1617357601.0,"msg":"done","duration":1.5}\n')
    assert samples(e)["duration_ms"] == pytest.approx(1500.0)


def test_a_json_record_pretty_printed_over_several_lines_is_one_record() -> None:
    """GitLab's JSON logs as its docs show them, ``jq .``'s output: one object over many
    lines, the closing brace at the margin. Lograge's float ``duration`` (with ``view`` and
    ``db`` beside it) is milliseconds."""
    lines = parse(
        "{\n"
        '  "severity": "INFO",\n'
        '  "time": "2021-04-02T10:00:01.250Z",\n'
        '  "method": "GET",\n'
        '  "path": "/api/v4/projects",\n'
        '  "params": [\n'
        '    {"key": "page", "value": "2"}\n'
        "  ],\n"
        '  "status": 404,\n'
        '  "duration": 81.5,\n'
        '  "view": 12.25,\n'
        '  "db": 40.0\n'
        "}\n"
        "{\n"
        '\t"severity": "ERROR",\n'
        '\t"time": "2021-04-02T10:00:03Z",\n'
        '\t"message": "could not reach the cluster"\n'
        "}\n"
    )
    assert [(utc(e.ts), e.level, e.fmt) for e in lines] == [
        ("2021-04-02T10:00:01", "INFO", "json"),
        ("2021-04-02T10:00:03", "ERROR", "json"),
    ]
    assert samples(lines[0]) == {"duration_ms": 81.5, "http_status": 404.0}
    # Every line lands in one LogLine: the lines after the first are the record's detail.
    assert lines[1].message == "could not reach the cluster"
    assert lines[1].detail == (
        '\t"severity": "ERROR",',
        '\t"time": "2021-04-02T10:00:03Z",',
        '\t"message": "could not reach the cluster"',
        "}",
    )


def test_an_object_with_keys_at_the_margin_or_its_brace_on_the_last_key() -> None:
    lines = parse(
        '{"time": "2021-04-02T10:00:01Z",\n'
        '  "level": "warn", "msg": "slow disk"}\n'
        "{\n"
        '"time": "2021-04-02T10:00:02Z",\n'
        '"level": "error",\n'
        '"msg": "disk full"\n'
        "}\n"
        "2021-04-02 10:00:05 INFO after the records\n"
    )
    assert [(utc(e.ts), e.level, e.message) for e in lines] == [
        ("2021-04-02T10:00:01", "WARNING", "slow disk"),
        ("2021-04-02T10:00:02", "ERROR", "disk full"),
        ("2021-04-02T10:00:05", "INFO", "after the records"),
    ]


def test_an_unclosed_brace_leaves_its_lines_as_they_were() -> None:
    """A ``{`` that no object follows, and an object cut off by the end of the file: their
    lines stay lines of their own, the next log line is read as itself."""
    lines = parse(
        "{\n"
        "2021-04-02 10:00:05 ERROR the next line\n"
        "{\n"
        '  "time": "2021-04-02T10:00:06Z",\n'
        '  "msg": "cut off'
    )
    assert [e.message for e in lines] == ["{", "the next line", "{"]
    assert lines[1].level == "ERROR"
    assert lines[2].detail == ('  "time": "2021-04-02T10:00:06Z",', '  "msg": "cut off')


def test_a_pretty_printed_record_fed_in_chunks_is_the_same_record() -> None:
    text = (
        '{\n  "time": "2021-04-02T10:00:01Z",\n  "msg": "a"\n}\n'
        '{"time": "2021-04-02T10:00:02Z", "msg": "b"}\n'
    )
    whole = parse(text)
    p = LogParser(now=lambda: NOW, year_ref=REF)
    out = []
    for line in text.splitlines(keepends=True):
        out += p.feed(line)
    out += p.flush()
    assert [e for e in out if isinstance(e, ev.LogLine)] == whole
    fast = LogParser(now=lambda: NOW, year_ref=REF)
    fast.feed_text(text)
    fast.flush()
    assert (fast.lines_read, fast.lines_uninterpreted) == (p.lines_read, p.lines_uninterpreted)
    assert p.lines_uninterpreted == 0
    assert [e.message for e in whole] == ["a", "b"]


def test_ntp_statistics_lines_give_their_modified_julian_day_and_seconds() -> None:
    """ntpd's loopstats/peerstats: day as a Modified Julian Day, seconds past UTC midnight."""
    lines = parse(
        "57462 36011.250 198.51.100.4 9614 -0.000123456 0.012345678 0.000456789 0.000012345\n"
        "57463 120.5 0.000006019 13.778190 0.000351733 0.013380 6\n"
    )
    assert [utc(e.ts) for e in lines] == ["2016-03-15T10:00:11", "2016-03-16T00:02:00"]
    assert [e.fmt for e in lines] == ["text", "text"]


def test_zeek_s_tsv_log_under_its_fields_line() -> None:
    """Zeek (Bro) TSV: ``#fields`` names the tab-separated columns, ``ts`` is epoch
    seconds, ``-`` unset and ``(empty)`` an empty set."""
    lines = parse(
        "#separator \\x09\n"
        "#fields\tts\tuid\tid.orig_h\tmethod\thost\turi\tuser_agent\ttags\tstatus_code\n"
        "1552644001.250000\tCa1\t10.0.0.1\tGET\tshop.example\t/\tMozilla/5.0 (X11)\t(empty)\t200\n"
        "1552644002.500000\tCa2\t10.0.0.2\tGET\tshop.example\t/gone\t-\t(empty)\t404\n"
    )
    rows = [e for e in lines if e.fmt == "w3c"]
    assert [utc(e.ts) for e in rows] == ["2019-03-15T10:00:01", "2019-03-15T10:00:02"]
    assert [samples(e)["http_status"] for e in rows] == [200.0, 404.0]
    assert rows[0].fields is not None and "tags" not in rows[0].fields


def test_a_zeek_http_row_without_its_fields_line() -> None:
    """Without ``#fields``: the epoch first is the time (a row of columns is no stack frame),
    the status the column its reason phrase follows."""
    (line,) = parse(
        "1432555199.633017\tCk2\t192.0.2.35\t55281\t198.51.100.146\t80\t4\tPOST\tapi.example\t"
        "/v1/x\t-\tcurl/7.1\t0\t5\t503\tService Unavailable\t-\t-\n"
    )
    assert utc(line.ts) == "2015-05-25T11:59:59"
    assert samples(line)["http_status"] == 503.0
    assert line.level == "ERROR"


def test_cisco_s_message_code_gives_the_severity() -> None:
    """%FACILITY-SEVERITY-MNEMONIC (ASA, IOS): the digit is syslog's severity, 0 to 7."""
    lines = parse(
        "Mar 15 10:00:01 fw1 %ASA-4-106023: Deny tcp src outside:198.51.100.9/4444 dst "
        "inside:10.0.0.5/22\n"
        "Mar 15 10:00:02 fw1 %ASA-3-710003: TCP access denied by ACL\n"
        "Mar 15 10:00:03 fw1 %ASA-6-302013: Built inbound TCP connection 1\n"
        "Mar 15 10:00:04 rtr1 88: *Mar 15 10:00:04.120: %LINEPROTO-5-UPDOWN: Line protocol "
        "on Interface Gi0/1, changed state to down\n"
        "Mar 15 10:00:05 rtr1 89: *Mar 15 10:00:05.120: %SYS-2-MALLOCFAIL: Memory allocation "
        "failed\n"
        "Mar 15 10:00:06 web1 app[3]: discount of 5% applied\n"
    )
    assert [e.level for e in lines] == [
        "WARNING",
        "ERROR",
        "INFO",
        "NOTICE",
        "CRITICAL",
        "INFO",
    ]


def test_glog_with_the_year_as_cockroachdb_writes_it() -> None:
    """crdb-v1: the level letter, YYMMDD, the time, the goroutine, file:line, tags."""
    lines = parse(
        "I210315 10:00:00.123456 1 util/log/clog.go:123  [n1] node started\n"
        "E210315 10:00:01.500000 77 server/server.go:456  [n1] failed to connect to gossip\n"
    )
    assert [(utc(e.ts), e.level, e.fmt) for e in lines] == [
        ("2021-03-15T10:00:00", "INFO", "klog"),
        ("2021-03-15T10:00:01", "ERROR", "klog"),
    ]
    assert lines[1].message == "[n1] failed to connect to gossip"


def test_logcat_s_brief_and_time_layouts() -> None:
    """``logcat -v brief``: ``L/Tag( pid): msg``; ``-v time`` puts MM-DD HH:MM:SS.mmm first.
    The letter is the level, a word in the message ("FATAL EXCEPTION") is not."""
    lines = parse(
        "05-16 09:00:01.250 W/ActivityManager(  512): Slow operation: 120ms\n"
        "E/AndroidRuntime( 1234): FATAL EXCEPTION: main\n"
    )
    assert [(e.level, e.fmt) for e in lines] == [("WARNING", "logcat"), ("ERROR", "logcat")]
    assert utc(lines[0].ts) == "2024-05-16T09:00:01"
    assert lines[1].fields == {"tag": "AndroidRuntime", "pid": "1234"}


def test_an_s3_server_access_line_gives_status_bytes_and_total_time() -> None:
    """S3's server access log: owner, bucket, [time], ..., "request-URI", status, error
    code, bytes sent, object size, total time (ms), turn-around time (ms), ..."""
    owner = "b" * 64
    lines = parse(
        f"{owner} media [06/Feb/2019:00:00:38 +0000] 192.0.2.3 {owner} 3E57427F3EXAMPLE "
        'REST.GET.OBJECT cat.jpg "GET /media/cat.jpg HTTP/1.1" 200 - 2662992 3462992 70 10 '
        '"-" "curl/7.68" - hostid= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader '
        "media.s3.amazonaws.com TLSv1.2\n"
        f"1{owner[1:]} media [06/Feb/2019:00:00:40 +0000] 192.0.2.4 - 891CE47D2EXAMPLE "
        'REST.PUT.OBJECT up.bin "PUT /media/up.bin HTTP/1.1" 403 AccessDenied 243 - 21 - '
        '"-" "aws-cli/2.0" -\n'
    )
    assert [(utc(e.ts), e.fmt, e.level) for e in lines] == [
        ("2019-02-06T00:00:38", "access", "INFO"),
        ("2019-02-06T00:00:40", "access", "WARNING"),
    ]
    assert [samples(e)["request_time_ms"] for e in lines] == [70.0, 21.0]
    assert [samples(e)["http_status"] for e in lines] == [200.0, 403.0]


def test_a_batch_of_records_gives_a_logline_per_record() -> None:
    """CloudTrail's ``{"Records": [...]}``, Azure's ``{"records": [...]}``, a JSON array of
    records, on one line or pretty-printed over several."""
    lines = parse(
        '{"Records": [{"eventTime": "2019-03-15T10:00:01Z", "eventName": "ConsoleLogin"}, '
        '{"eventTime": "2019-03-15T10:00:05Z", "eventName": "GetObject"}]}\n'
        "[\n"
        "  {\n"
        '    "time": "2019-03-15T10:01:00Z",\n'
        '    "level": "error",\n'
        '    "message": "first"\n'
        "  },\n"
        '  {"time": "2019-03-15T10:02:00Z", "level": "info", "message": "second"}\n'
        "]\n"
        '[{"time": "2019-03-15T10:03:00Z", "msg": "third", "status": 503}]\n'
        "2019-03-15 10:05:00 INFO after the batches\n"
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2019-03-15T10:00:01", "INFO"),
        ("2019-03-15T10:00:05", "INFO"),
        ("2019-03-15T10:01:00", "ERROR"),
        ("2019-03-15T10:02:00", "INFO"),
        ("2019-03-15T10:03:00", "ERROR"),
        ("2019-03-15T10:05:00", "INFO"),
    ]
    assert lines[3].message == "second"


def test_an_array_of_numbers_is_no_batch() -> None:
    lines = parse("[\n  1,\n  2\n]\n")
    assert [(e.message, e.detail, e.fmt) for e in lines] == [("[", ("  1,", "  2", "]"), "plain")]


def test_bacula_s_day_and_month_without_a_year() -> None:
    """Bacula: ``DD-Mon HH:MM host JobId N: msg`` (newer ones add the year)."""
    lines = parse(
        '09-Jan 19:54 backup-dir JobId 12: Created new Volume "Full-0001" in catalog.\n'
        "21-Dec-2016 12:30 backup-sd JobId 13: Error: could not open device\n"
    )
    # the year-less head is a guess, held until the full date after it: 2016's (section 4)
    assert [utc(e.ts) for e in lines] == ["2016-01-09T19:54:00", "2016-12-21T12:30:00"]
    alone = parse('09-Jan 19:54 backup-dir JobId 12: Created new Volume "Full-0001".\n')
    assert [utc(e.ts) for e in alone] == ["2024-01-09T19:54:00"]  # no full date: the rule's


def test_levels_in_angle_brackets_clickhouse_and_weblogic() -> None:
    """ClickHouse: ``2020.07.28 13:00:00.123456 [ 123 ] {query} <Error> logger: msg``;
    WebLogic: ``####<date> <Severity> <Subsystem> ... <raw ms> <message ID> <message>``."""
    lines = parse(
        "2020.07.28 13:00:00.123456 [ 123 ] {q-1} <Error> executeQuery: Code: 60, table is "
        "missing\n"
        "2020.07.28 13:00:01.500000 [ 124 ] {} <Information> Application: Ready for "
        "connections.\n"
        "####<Jan 1, 2020 12:00:00,000 PM UTC> <Error> <HTTP> <host1> <AdminServer> "
        "<[ACTIVE] ExecuteThread: '0'> <<WLS Kernel>> <> <> <1577880000000> <BEA-101020> "
        "<Servlet failed with an Exception>\n"
        "####<Mar 3, 2021 9:15:02 AM CET> <Notice> <WebLogicServer> <host1> <AdminServer> "
        "<main> <<WLS Kernel>> <> <> <> <BEA-000365> <Server state changed to RUNNING.>\n"
        "2020.07.28 13:00:02.000000 [ 125 ] {} <Debug> more information about the error\n"
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2020-07-28T13:00:00", "ERROR"),
        ("2020-07-28T13:00:01", "INFO"),
        ("2020-01-01T12:00:00", "ERROR"),
        ("2021-03-03T08:15:02", "NOTICE"),
        ("2020-07-28T13:00:02", "DEBUG"),
    ]
    assert lines[2].message == "Servlet failed with an Exception"


def test_logrus_s_terminal_layout() -> None:
    """logrus's TextFormatter on a terminal: ``LEVL[secs]`` (or ``[time]`` with
    FullTimestamp), the message padded, then the fields, read as a record's."""
    lines = parse(
        "INFO[2021-04-02T10:00:01Z] A group of walrus emerges    animal=walrus size=10\n"
        "WARN[0003] The group's number increased tremendously!    number=122 omg=true\n"
        'ERRO[0004] request failed                                status=502 error="bad gateway"\n'
        "PANI[0005] The ice breaks!                               number=100\n"
    )
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "FATAL"]
    assert utc(lines[0].ts) == "2021-04-02T10:00:01"
    assert lines[1].message == "The group's number increased tremendously!"
    assert samples(lines[2])["http_status"] == 502.0


def test_zerolog_s_console_writer() -> None:
    """zerolog's ConsoleWriter: time.Kitchen, a three-letter level, the message, fields."""
    lines = parse(
        "2021-04-02T09:00:00Z INF started\n"
        "3:04PM INF Hello World foo=bar\n"
        '3:05PM ERR request failed error="timeout" status=504\n'
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2021-04-02T09:00:00", "INFO"),
        ("2021-04-02T15:04:00", "INFO"),
        ("2021-04-02T15:05:00", "ERROR"),
    ]
    assert lines[1].message == "Hello World"
    assert samples(lines[2])["http_status"] == 504.0


def test_pino_pretty_s_level_after_a_time_of_day() -> None:
    """pino-pretty (translateTime): ``[17:35:28.992] ERROR (42): msg``: the word is the level;
    an agent entry's bracketed level is still read as before."""
    lines = parse(
        "[17:35:28.992] ERROR (42): boom\n[17:35:29.100] WARN (42): slow\n"
        "[17:35:30] [OBSERVATION] as before\n[17:35:31] plain words\n"
    )
    assert [e.level for e in lines] == ["ERROR", "WARNING", "OBSERVATION", "INFO"]


def test_mongodb_s_ctime_stamps_with_a_severity_letter() -> None:
    """``--timeStampFormat ctime``: ``Wed Dec 31 18:17:54.811 E NETWORK [conn5] msg``."""
    lines = parse(
        "Wed Jan 31 18:17:54.811 E NETWORK  [conn5] SocketException handling request\n"
        "Wed Jan 31 18:17:55.000 I CONTROL  [main] ***** SERVER RESTARTED *****\n"
        "Wed Jan 31 18:17:56.000 [initandlisten] MongoDB 2.x: no severity\n"
    )
    assert [e.level for e in lines] == ["ERROR", "INFO", "UNKNOWN"]
    assert utc(lines[0].ts) == "2024-01-31T18:17:54"


_PRETTY = [
    '{\n  "time": "2021-04-02T10:00:01Z",\n  "level": "error",\n  "msg": "a"\n}',
    '{\n\t"time": "2021-04-02T10:00:02Z",\n\t"params": [\n\t\t{"k": "v"}\n\t],\n\t"msg": "b"\n}',
    '[\n  {"time": "2021-04-02T10:00:03Z", "msg": "c"},\n  {"msg": "d"}\n]',
    '{\n"time": "2021-04-02T10:00:04Z",\n"msg": "e"\n}',
    '{"time": "2021-04-02T10:00:05Z",\n  "msg": "f"}',
    '{\n  "cut": ',
    "[\n  1,\n  2\n]",
    "2021-04-02 10:00:06 INFO a text line",
    "  an indented line",
    "}",
    "",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PRETTY), max_size=12), st.data())
def test_records_over_several_lines_read_the_same_line_by_line_or_in_chunks(
    pieces: list[str], data: st.DataObject
) -> None:
    """However the lines come (one at a time, or in chunks cut anywhere), the events
    and the counts are the same, and every line is read once."""
    text = "".join(p + "\n" for p in pieces)
    one = LogParser(now=lambda: NOW, year_ref=REF)
    by_line: list[ev.Event] = []
    for line in text.splitlines():
        by_line += one.feed(line)
    by_line += one.flush()
    ends = [i + 1 for i, c in enumerate(text) if c == "\n"]
    cuts = sorted(set(data.draw(st.lists(st.sampled_from(ends), max_size=4)) if ends else []))
    two = LogParser(now=lambda: NOW, year_ref=REF)
    by_text: list[ev.Event] = []
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        by_text += two.feed_text(text[a:b])
    by_text += two.flush()
    assert by_text == by_line
    assert (two.lines_read, two.lines_uninterpreted) == (one.lines_read, one.lines_uninterpreted)
    assert one.lines_read == len(text.splitlines())
    assert 0 <= one.lines_uninterpreted <= one.lines_read


def test_logstash_s_grok_names_response_is_the_status() -> None:
    """Records made of access lines by Logstash's COMBINEDAPACHELOG (request, verb, response,
    bytes; Kibana's sample web logs): ``response`` is the status, number or string."""
    lines = parse(
        '{"time": "17/May/2015:08:05:32 +0000", "remote_ip": "192.0.2.3", "request": '
        '"GET /downloads/a HTTP/1.1", "response": 304, "bytes": 0, "agent": "apt"}\n'
        '{"@timestamp": "2015-05-17T08:05:33Z", "verb": "GET", "request": "/x", '
        '"response": "503", "bytes": "0", "clientip": "192.0.2.4"}\n'
        '{"time": "2015-05-17T08:05:34Z", "msg": "sent", "response": 200}\n'
    )
    assert [samples(e).get("http_status") for e in lines] == [304.0, 503.0, None]
    assert [e.level for e in lines] == ["INFO", "ERROR", "INFO"]
    assert utc(lines[0].ts) == "2015-05-17T08:05:32"
