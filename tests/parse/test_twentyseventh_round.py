"""Session 27's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

import pytest

from console.parse.derived import latency_tier
from tests.helpers.parsing import parse, samples, utc

_UA = '127.0.0.1 - - [22/Sep/2019:15:26:59 +0700] "GET / HTTP/1.1" 200 12 "-" "hey/0.0.1"'


def test_a_quoted_time_after_the_agent_is_the_requests() -> None:
    # gunicorn's access_log_format grown by '"%(L)s"' (seconds to the microsecond), quoted
    # in the style of the default's "%(f)s" "%(a)s"; nginx's '"$request_time"
    # "$upstream_response_time"' (the first is the request's)
    gunicorn, nginx, whole, status_like, address = parse(
        f'{_UA} "0.001561"\n{_UA} "0.012" "0.010"\n{_UA} "2"\n{_UA} "200"\n{_UA} "10.0.0.1"\n'
    )
    assert samples(gunicorn)["request_time_ms"] == pytest.approx(1.561)
    assert samples(nginx)["request_time_ms"] == pytest.approx(12.0)
    # a whole number there may be a port, a count, an upstream's code: no time
    for line in (whole, status_like, address):
        assert "request_time_ms" not in samples(line)


def test_a_mail_servers_delivery_delay_times_no_work() -> None:
    # postfix's delivery lines: delay= is the message's time in the queue, not a request
    # served, whatever the reason quotes (a remote's reply, a deferral naming a URL)
    bounced, deferred, sent = parse(
        "Jun  1 09:17:49 mx postfix/smtp[3076]: 9FB7660673: to=<a@example.org>, "
        "relay=mx2.example.org[192.0.2.33]:25, delay=0.39, delays=0.1/0.02/0.11/0.16, "
        "dsn=5.7.23, status=bounced (host mx2.example.org[192.0.2.33] said: 550 5.7.23 "
        "Recipient address rejected: SPF fail. Please see http://www.openspf.net/Why?s=mfrom "
        "(in reply to RCPT TO command))\n"
        "Jun  1 09:17:50 mx postfix-out/smtp[3078]: 1A2B3C4D5E: to=<c@example.org>, "
        "relay=none, delay=1.2, delays=0.1/0/1.1/0, dsn=4.7.1, status=deferred (host "
        "mx.example.org[192.0.2.34] refused to talk to me: 554 5.7.1 listed at "
        "https://www.spamhaus.org/query/ip/198.51.100.7)\n"
        "Jun  1 09:17:50 mx postfix/local[3077]: 0781D60674: to=<b@example.org>, relay=local, "
        "delay=0.02, delays=0.01/0/0/0.01, dsn=2.0.0, status=sent (delivered to maildir)\n"
    )
    assert samples(bounced)["duration_ms"] == 390.0
    for line in (bounced, deferred, sent):
        assert latency_tier(line.samples, line) is None


def test_rsyslog_facility_and_severity_give_the_level() -> None:
    # rsyslog's template "%timestamp:::date-rfc3339% %syslogfacility-text%.%syslogseverity-
    # text% %syslogtag%%msg%" (a Raspberry Pi's boot log): the priority it was sent at is
    # the level, the program's own words ("ERROR ::") sent at info are not
    err, kern, said_error, debug = parse(
        "2017-10-24T09:00:17.278078+00:00 daemon.err systemd[1]: Failed to start x.service.\n"
        "2017-10-24T09:00:13.898524+00:00 kern.err kernel[-]: [    7.984347] eth0: PHY is "
        "not registered\n"
        "2017-10-24T09:00:15.456989+00:00 daemon.info mesh-init[291]: ERROR :: No interfaces "
        "detected\n"
        "2017-10-24T09:00:13.698524+00:00 daemon.info mesh-init[291]: DEBUG :: cmd: ip link\n"
    )
    assert (err.level, kern.level, said_error.level, debug.level) == (
        "ERROR",
        "ERROR",
        "INFO",
        "INFO",
    )
    assert err.fields == {"facility": "daemon", "program": "systemd", "pid": "1"}
    assert err.message == "Failed to start x.service." and utc(err.ts) == "2017-10-24T09:00:17"
    assert kern.message.startswith("[    7.984347]")


def test_a_host_before_the_facility_and_severity_is_kept() -> None:
    # the same template with %hostname% first (RSYSLOG_DebugFormat-like layouts)
    (line,) = parse("Oct 24 09:00:13 pi3 daemon.warning mesh-init[291]: link flapping\n")
    assert line.level == "WARNING"
    assert line.fields == {
        "host": "pi3",
        "facility": "daemon",
        "program": "mesh-init",
        "pid": "291",
    }
    assert line.message == "link flapping"


def test_a_facility_and_severity_with_a_bare_tag_or_an_unknown_name() -> None:
    bare, alert, other = parse(
        "Oct 24 09:00:13 pi3 daemon.info mesh-init[291]:\n"
        "Oct 24 09:00:14 pi3 alert.err foo[1]: x\n"
        # a severity rsyslog never writes: a host's name, as before
        "Oct 24 09:00:15 db.panic postgres[7]: y\n"
    )
    assert bare.fields is not None and bare.fields["program"] == "mesh-init"
    assert alert.level == "ERROR" and alert.fields is not None
    assert alert.fields["program"] == "foo"
    assert other.fields is not None and other.fields["host"] == "db.panic"


def test_a_request_record_at_npms_http_level_times_in_ms() -> None:
    # morgan-json through winston (an Express app's logs/http.log): morgan's :response-time
    # is milliseconds, written as a float
    (line,) = parse(
        '{"content_length":143,"level":"http","message":"incoming-request","method":"GET",'
        '"response_time":6.813,"service":"user-service","status":404,'
        '"timestamp":"2023-02-22 08:27:47.312 PM","url":"/user?pageNumber=1"}\n'
    )
    assert samples(line)["response_time_ms"] == 6.813
    assert utc(line.ts) == "2023-02-22T20:27:47"


def test_a_printed_werkzeug_response_is_no_request_served() -> None:
    # a Flask app's print(resp) under uWSGI: the byte count is no status; the uWSGI line
    # after it is the request served
    printed, served = parse(
        "<Response 229 bytes [302 FOUND]>\n"
        "[pid: 20041|app: 0|req: 11/22] 43.250.201.49 () {48 vars in 931 bytes} "
        "[Sat Jan 16 20:50:28 2021] POST /user/register => generated 229 bytes in 8 msecs "
        "(HTTP/1.1 302) 4 headers in 216 bytes (1 switches on core 0)\n"
    )
    assert "http_status" not in samples(printed)
    assert samples(served)["http_status"] == 302.0
    # requests' Response printed with more after it stays a call's answer
    (call,) = parse('<Response [200]> {"ok": true}\n')
    assert "http_status" not in samples(call)


def test_javascripts_gmt_offset_is_west_of_utc_when_minus() -> None:
    # Date.prototype.toString(): "GMT-0600 (Central Standard Time)" is six hours behind UTC
    # (dateutil alone reads "GMT-0600" the POSIX way round; the east one, with its zone's
    # name, read right before through the general reader and must stay so)
    west, east = parse(
        "[Wed Oct 11 2023 03:12:13 GMT-0600] GET /api/x 200\n"
        "[Wed Oct 11 2023 03:12:14 GMT+0800 (中国标准时间)] GET /api/y 200\n"
    )
    assert utc(west.ts) == "2023-10-11T09:12:13"
    assert utc(east.ts) == "2023-10-10T19:12:14"


def test_a_dated_line_indented_under_a_dated_one_is_an_entry() -> None:
    # a Koa app's hand-written access log whose lines open with a tab (its writer's
    # `\t${ip}-- status:${status} -- reqTime:${new Date()} -- ...`), and log4j lines pasted
    # one space in under an unindented one (Alfresco's catalina.out)
    lines = parse(
        "127.0.0.1-- 500 -- Wed Oct 31 2018 17:25:22 GMT+0800 (China Standard Time) -- POST\n"
        "\treqIp:127.0.0.1-- status:500 -- reqTime:Wed Oct 31 2018 17:28:07 GMT+0800 (China "
        "Standard Time) -- reqMethod:POST -- reqUrl:/addUser?= -- resTime:19ms\n"
        "\treqIp:127.0.0.1-- status:200 -- reqTime:Wed Oct 31 2018 17:59:33 GMT+0800 (China "
        "Standard Time) -- reqMethod:POST -- reqUrl:/addUser?= -- resTime:4ms\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2018-10-31T09:25:22",
        "2018-10-31T09:28:07",
        "2018-10-31T09:59:33",
    ]
    assert [samples(e).get("http_status") for e in lines[1:]] == [500.0, 200.0]
    assert lines[1].level == "ERROR" and samples(lines[2])["response_time_ms"] == 4.0


def test_a_date_indented_in_an_entrys_text_stays_its_text() -> None:
    # SQL Server's banner (its build date), a PostgreSQL statement's values (a time before
    # the entry's): lines of the entry above, whatever dates they hold
    banner, values = parse(
        "2025-06-01 09:22:44.69 Server      Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64)\n"
        "\tOct  8 2022 05:58:25\n"
        "\tCopyright (C) 2022 Microsoft Corporation\n"
        "2021-01-21 12:58:34.901 CET [4247] LOG:  duration: 141522.046 ms  statement:\n"
        "        INSERT INTO monitoring.metric_sessions_current\n"
        "        VALUES ('2021-01-21T12:55:54.599037+01:00', 30, 'template1')\n"
    )
    assert len(banner.detail) == 2 and banner.detail[0] == "\tOct  8 2022 05:58:25"
    assert len(values.detail) == 2 and values.detail[1].lstrip().startswith("VALUES")


def test_a_request_loggers_cells_give_its_status_and_time() -> None:
    # Iris' request logger (pipe-separated: time|latency|status|method|path|ip|...) and a
    # gin LoggerWithFormatter row with padded cells sent through logrus (go-admin)
    iris, padded = parse(
        "2020-12-09 15:00:47|679.305µs|404|GET|/|127.0.0.1|0 B|9 B||\n"
        'time="2020-03-15T20:30:35+08:00" level=info msg=" 200     39.43391ms        '
        '127.0.0.1  GET  /api/v1/dict/databytype/sys_normal_disable "\n'
    )
    assert samples(iris)["http_status"] == 404.0
    assert samples(iris)["response_time_ms"] == pytest.approx(0.679305)
    assert samples(padded)["http_status"] == 200.0
    assert samples(padded)["response_time_ms"] == pytest.approx(39.43391)


def test_cells_that_are_not_one_request_give_none() -> None:
    # two numbers a status could be, no path, a table of counts: no request read
    lines = parse(
        "2020-12-09 15:00:47|200|404|GET|/x|127.0.0.1\n"
        "2020-12-09 15:00:48|679.305µs|404|GET|api|127.0.0.1\n"
        "2020-12-09 15:00:49  GET  200  requests  /s\n"
    )
    for line in lines:
        assert "http_status" not in samples(line)


def test_a_response_record_with_a_5xx_at_info_is_an_error() -> None:
    # a FastAPI middleware's JSON lines: the request's record, then its response's, nothing
    # but the status and the time, at INFO whatever the answer
    request, response, ok = parse(
        '{"timestamp": "2025-05-08T17:54:03.273+00:00", "level": "INFO", "request": '
        '{"method": "GET", "url": "http://127.0.0.1:8000/error"}, "logger": "info_logger"}\n'
        '{"timestamp": "2025-05-08T17:54:03.307+00:00", "level": "INFO", "response": '
        '{"status_code": 500, "response_time": 0.0345}, "logger": "info_logger"}\n'
        '{"timestamp": "2025-05-08T17:54:04.307+00:00", "level": "INFO", "response": '
        '{"status_code": 200, "response_time": 0.0045}, "logger": "info_logger"}\n'
    )
    assert (request.level, response.level, ok.level) == ("INFO", "ERROR", "INFO")
    assert samples(response)["response_time_ms"] == pytest.approx(34.5)


def test_a_nil_error_pair_is_no_error() -> None:
    # hclog's "[ERROR] ...: error=<nil>" broken over two lines (consul-api-gateway): the
    # second line's pair says there was none
    lines = parse(
        "2022-05-05T21:47:08.144Z [ERROR] k8s/logger.go:23: kubernetes-client: Failed to watch "
        "*v1alpha2.ReferencePolicy: the server could not find the requested resource\n"
        ": error=<nil>\n"
        "worker stopped error=null\n"
    )
    assert [e.level for e in lines] == ["ERROR", "UNKNOWN", "UNKNOWN"]


def test_an_error_announcing_a_list_keeps_the_lines_up_to_the_next_entry() -> None:
    # NLog's "date|logger|LEVEL|message" from an ASP.NET middleware: the error's message
    # ends with a colon, its list follows unindented ("Error 1:" is one of its items);
    # ClickHouse's error with its stack frames ("0. DB::Exception::...") likewise
    nlog, finished, clickhouse = parse(
        "2020-12-17 17:50:38.8269|Imagine.WebAPI.Middlewares.ErrorHandlingMiddleware|ERROR|"
        "The following errors occurred with attribute routing information:\n"
        "\n"
        "Error 1:\n"
        "Attribute routes with the same name 'x' must have the same template:\n"
        "2020-12-17 17:50:38.8569|Microsoft.AspNetCore.Hosting.Internal.WebHost|INFO|"
        "Request finished in 197.5292ms 500 application/json\n"
        "2023-10-11 12:29:02.491349 [ 279 ] {2397ed9e} <Error> executeQuery: Code: 86. "
        "DB::Exception: Bridge is not running:\n"
        "0. DB::Exception::Exception(std::string const&, int, bool) @ 0x0 in /usr/bin/clickhouse\n"
        "1. DB::IBridgeHelper::startBridgeCommand() @ 0x15762aec in /usr/bin/clickhouse\n"
    )
    assert nlog.level == "ERROR" and nlog.detail[1:] == (
        "Error 1:",
        "Attribute routes with the same name 'x' must have the same template:",
    )
    assert samples(finished)["http_status"] == 500.0
    assert clickhouse.level == "ERROR" and len(clickhouse.detail) == 2


def test_a_grpc_status_quoted_in_a_line_is_no_level() -> None:
    # Go's log of an export that failed (OpenTelemetry's telemetrygen): the gRPC status it
    # got, printed by status.Error, in a line of no level
    (line,) = parse(
        "2026/05/26 20:53:22 traces export: exporter export timeout: rpc error: code = "
        "Unavailable desc = write tcp 172.20.0.4:32898->172.20.0.3:4317: write: broken pipe\n"
    )
    assert line.level != "ERROR"


def test_goframes_access_and_sql_lines() -> None:
    # GoFrame v1: its access log (status, then the request with its scheme and host, then
    # the seconds) and gdb's SQL lines in its glog ("[  3 ms] ..."), its levels four letters
    access, sql, debug = parse(
        '2020-07-10 18:20:56.053 200 "POST http 127.0.0.1:7777 /base/register HTTP/1.1" '
        '0.050, 127.0.0.1, "", "ApiPOST Runtime +https://www.apipost.cn"\n'
        "2020-07-14 09:12:41.593 [ERRO] [ 11 ms] SELECT * FROM `sys_job` WHERE `status`=0\n"
        "2020-07-14 09:12:42.000 [DEBU] [  3 ms] [default] [rows:1] SHOW FULL COLUMNS FROM `u`\n"
    )
    assert samples(access)["http_status"] == 200.0
    assert samples(access)["request_time_ms"] == pytest.approx(50.0)
    assert access.fields is not None and access.fields["path"] == "/base/register"
    assert (sql.level, samples(sql)["query_ms"]) == ("ERROR", 11.0)
    assert (debug.level, samples(debug)["query_ms"]) == ("DEBUG", 3.0)


def test_a_json_array_element_on_its_own_line_is_a_record() -> None:
    # journalctl -o json before systemd wrote one object a line: an array, "{ ... },"
    info, error = parse(
        '{ "__REALTIME_TIMESTAMP" : "1364519240195737", "PRIORITY" : "6", "_HOSTNAME" : '
        '"arch", "SYSLOG_IDENTIFIER" : "kernel", "MESSAGE" : "ACPI: Added _OSI" },\n'
        '{ "__REALTIME_TIMESTAMP" : "1364519243195737", "PRIORITY" : "3", "_HOSTNAME" : '
        '"arch", "SYSLOG_IDENTIFIER" : "kernel", "MESSAGE" : "*ERROR* Hardware has no '
        'pitchlock" },\n'
    )
    assert (info.level, error.level) == ("INFO", "ERROR")
    assert utc(info.ts) == "2013-03-29T01:07:20"
    assert error.message == "*ERROR* Hardware has no pitchlock"


def test_wgets_answer_is_a_call_made() -> None:
    # an installer's log with wget's progress in it (curtin's): the server's answer to a
    # download, no request served
    (line,) = parse("HTTP request sent, awaiting response... 200 OK\n")
    assert "http_status" not in samples(line)


@pytest.mark.parametrize(
    "indented",
    [
        "  - 2024-03-01 10:30:00",  # a YAML list of times
        "  started_at=2024-03-01 10:00:05",  # a pair
        "    1   2024-03-01 10:00:01   ok",  # a table's row
        '    "2024-03-01T10:00:02Z",',  # a JSON array of strings
        "  'when': '2024-03-01 10:00:02'}",  # a printed dict
        "    log('2024-03-01 10:00:01,000 INFO x')",  # a traceback's source line
        "\t2024-03-01 10:00:05 scheduled retry",  # a time with no level nor status
    ],
)
def test_an_indented_time_that_says_no_entry_stays_the_entrys_text(indented: str) -> None:
    lines = parse(
        f"2024-03-01 10:00:00,123 ERROR app: failed job\n{indented}\n\tat com.x.Y.m(Y.java:1)\n"
    )
    assert len(lines) == 1 and lines[0].detail == (indented, "\tat com.x.Y.m(Y.java:1)")


def test_review_of_the_later_rules() -> None:
    # an error's announced list ends at a line saying a level or a request
    listed = parse(
        "2024-03-01 10:00:00,123 ERROR app: Failed to send email to:\n"
        "a@example.org\n"
        "GET /api/users 500 12ms\n"
        "FATAL: database down\n"
    )
    assert [len(e.detail) for e in listed] == [1, 0, 0]
    # a number a word labels is no status among a request logger's cells
    (labelled,) = parse("2024-03-01 10:00:00 INFO endpoint  GET  /api/x  p99  250ms  errors  500\n")
    assert "http_status" not in samples(labelled)
    # a 5xx response record below INFO is not raised
    (debug,) = parse(
        '{"level":"debug","ts":"2024-03-01T10:00:00Z","status_code":500,"elapsed":1.2}\n'
    )
    assert debug.level == "DEBUG"
    # an array element under a text entry is kept as its line, comma and all
    (entry,) = parse('2023-11-13 00:00:00,123 INFO app: failed:\n{"a": 1},\n')
    assert entry.detail == ('{"a": 1},',)
    # four-letter levels in capitals and brackets only
    (words,) = parse("2024-03-01 10:00:00 pani puri shop opened\n")
    assert words.level != "FATAL"
