"""Issue 17 (set 39, mainstream services' committed logs, a third draw): a request line's
time before a logger's trailing metadata (winston's printf writing its splat as ``{}``), and
an epoch number in a year-less syslog line giving the line its year (HAProxy's ``%Ts``).
Lines written here in those shapes."""

from __future__ import annotations

from console.parse.measures import REQUEST_DURATIONS
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


# --- Python's cookbook layout with a message that starts on the next line ------------------


def test_an_empty_message_after_the_level_takes_the_lines_under_it() -> None:
    """``%(asctime)s - %(name)s - %(levelname)s - %(message)s`` with a message that starts
    with a newline: the line after the head is the entry's, not a line of its own (its own
    "Error" word is the message's, no second error)."""
    lines = parse(
        "2024-11-25 18:47:33,051 - services.quotes - ERROR - \n"
        "=== Error calling the rates API: Error code: 429 ===\n"
        "2024-11-25 18:47:33,086 - services.quotes - INFO - next symbol\n"
    )
    assert [ln.level for ln in lines] == ["ERROR", "INFO"]
    assert lines[0].detail == ("=== Error calling the rates API: Error code: 429 ===",)


def test_a_message_ending_in_a_dash_after_words_is_no_empty_message() -> None:
    # a level word in the message, then a dash: a message of its own, the next line too
    lines = parse(
        "2024-11-25 18:47:33,051 - app - INFO - switching mode to DEBUG -\n"
        "plain output of a child process\n"
    )
    assert len(lines) == 2


# --- a wait to come is no duration ----------------------------------------------------------


def test_a_retry_said_as_the_clauses_verb_is_a_wait_not_a_duration() -> None:
    """``Retrying request to /v1/chat in 0.84 seconds`` (openai-python's and httpx clients'
    back-off): the time before the next try, not how long a request took."""
    lines = parse(
        "2024-11-25 18:47:26,425 - client - INFO - "
        "Retrying request to /v1/chat in 0.843658 seconds\n"
        "2024-11-25 18:47:27,425 - client - INFO - Request to /v1/chat completed in 0.84 seconds\n"
    )
    assert not REQUEST_DURATIONS & samples(lines[0]).keys()
    assert [v for k, v in samples(lines[1]).items() if k in REQUEST_DURATIONS] == [840.0]


def test_spring_boots_empty_message_takes_the_report_under_it() -> None:
    """Spring Boot's ConditionEvaluationReportLoggingListener logs its message after a
    newline (and a blank line): the head's logger to fields, the text its entry's, one error
    in all (the failure's own ERROR line)."""
    lines = parse(
        "2021-03-02 10:15:01.120  INFO 7 --- [           main] "
        "ConditionEvaluationReportLoggingListener :\n"
        "\n"
        "Error starting ApplicationContext. To display the conditions report re-run your "
        "application with 'debug' enabled.\n"
        "2021-03-02 10:15:01.121 ERROR 7 --- [           main] o.s.boot.SpringApplication"
        "               : Application run failed\n"
    )
    assert [ln.level for ln in lines] == ["INFO", "ERROR"]
    assert lines[0].fields == {"pid": "7", "logger": "ConditionEvaluationReportLoggingListener"}
    assert lines[0].detail[-1].startswith("Error starting ApplicationContext.")


# --- a view's render time is a measure of its own -------------------------------------------


def test_rails_render_time_is_no_request_latency() -> None:
    """ActionView's ``Rendered ... (3.1ms)`` is a part of the request its ``Completed ... in``
    line times whole: kept as ``render_ms``, not a request's duration."""
    lines = parse(
        "I, [2019-04-02T08:00:01.100000 #12]  INFO -- : [ab12]   Rendered carts/show.html.erb "
        "within layouts/application (3.1ms)\n"
        "I, [2019-04-02T08:00:01.105000 #12]  INFO -- : [ab12] Completed 200 OK in 42ms "
        "(Views: 5.4ms | ActiveRecord: 9.7ms)\n"
    )
    assert samples(lines[0]) == {"render_ms": 3.1}
    assert samples(lines[1])["response_time_ms"] == 42.0


# --- set 42: auditd's two msg keys, statuses in a URL's brackets and a sentence's end ------


def test_auditd_user_record_keeps_its_time_and_its_quoted_message() -> None:
    """A user-space audit record writes ``msg=`` twice: ``msg=audit(EPOCH:serial):`` (the
    record's time) then ``msg='...'`` (what happened, single-quoted)."""
    lines = parse(
        "type=USER_LOGIN msg=audit(1616400000.250:812): pid=4411 uid=0 auid=1000 ses=7 "
        'msg=\'op=login id=1000 exe="/usr/sbin/sshd" hostname=? addr=10.0.0.8 '
        "terminal=ssh res=success'\n"
    )
    assert utc(lines[0].ts) == "2021-03-22T08:00:00"
    assert lines[0].message.startswith("op=login id=1000")
    assert lines[0].message.endswith("res=success")


def test_a_repeated_logfmt_key_keeps_both_values() -> None:
    lines = parse('time=2024-05-01T10:00:00Z level=info msg="first" msg="second"\n')
    assert lines[0].message == "second"
    assert (lines[0].fields or {}).get("msg_1") == "first"


def test_a_urls_status_in_brackets() -> None:
    """cloud-init's url_helper: ``Read from <url> (<status>, <size>b) after N attempts`` is
    its read of the metadata service, the answer it got: no status served (session 38:
    three held-out readings, sets 412 and 433, against this test's first reading)."""
    lines = parse(
        "2021-03-02 07:58:52,473 - url_helper.py[DEBUG]: Read from "
        "http://169.254.169.254/latest/meta-data/instance-id (200, 19b) after 1 attempts\n"
        "2021-03-02 07:58:53,001 - util.py[DEBUG]: see https://cloudinit.readthedocs.io/ "
        "(300 pages)\n"
    )
    assert "http_status" not in samples(lines[0])
    assert "http_status" not in samples(lines[1])


def test_a_status_ending_a_sentence() -> None:
    """Jenkins' CrumbFilter: ``... Returning 403.``; a decimal after the cue is no status."""
    lines = parse(
        "2018-03-19 08:51:02.123 WARNING hudson.security.csrf.CrumbFilter doFilter: No valid "
        "crumb was included in request for /job/x/build by ci. Returning 403.\n"
        "2018-03-19 08:51:03.123 INFO app.jobs: query returned 200.5 rows on average\n"
    )
    assert samples(lines[0])["http_status"] == 403.0
    assert "http_status" not in samples(lines[1])


def test_an_access_record_with_no_message_key_is_shown_as_its_request() -> None:
    """nginx's JSON ``log_format`` writes no message: the line's request and status are
    what it says (the record's keys stay its fields); a record with no status stays its
    line."""
    line = (
        '{"time_local":"13/Feb/2026:02:42:25 +0700","remote_addr":"10.0.0.9",'
        '"request":"GET /health HTTP/1.1","status":"404","request_time":"0.004"}'
    )
    plain = '{"time":"2026-02-13T02:42:25Z","user":"ana","action":"login"}'
    lines = parse(line + "\n" + plain + "\n")
    assert lines[0].message == "GET /health HTTP/1.1 404"
    assert (lines[0].fields or {})["remote_addr"] == "10.0.0.9"
    assert lines[1].message == plain


def test_a_text_layout_read_as_a_record_keeps_its_line_as_its_message() -> None:
    """CloudFront's tab-separated access line is read by its fields' names, as a record is,
    but it is no JSON record: its message stays the line (what the log view shows of it)."""
    line = (
        "2024-05-16\t09:00:00\tFRA56-P1\t5120\t203.0.113.7\tGET\td111.cloudfront.net\t"
        "/index.html\t200\t-\tMozilla/5.0\t-\t-\tHit\tabc1==\tshop.example\thttps\t180\t0.002\t"
        "-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tHit\tHTTP/2.0\t-\t-\t50012\t0.002\tHit\ttext/html\t"
        "5120\t-\t-"
    )
    lines = parse(line + "\n")
    assert lines[0].fmt == "cloudfront"
    assert lines[0].message in line
