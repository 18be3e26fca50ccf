"""Issue 17, the held-out misses after their measured run: loguru's level object, HAProxy
lines without their syslog header, IIS Advanced Logging's field names, and the like. Every
line here is written in the format's documented shape, not copied from a log."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers.parsing import parse, samples


def test_loguru_serialized_level_is_an_object_with_its_name() -> None:
    """loguru's ``serialize=True`` writes ``record.level`` as ``{icon, name, no}``: the
    name is the level (capitalised keys, as some re-serialisers write, too)."""
    lines = parse(
        '{"text": "x\\n", "record": {"level": {"icon": "i", "name": "INFO", "no": 20},'
        ' "message": "started", "time": {"repr": "2024-05-01 10:00:00+00:00",'
        ' "timestamp": 1714557600.0}}}\n'
        '{"text": "y\\n", "record": {"level": {"icon": "x", "name": "ERROR", "no": 40},'
        ' "message": "failed", "time": {"repr": "2024-05-01 10:00:01+00:00",'
        ' "timestamp": 1714557601.0}}}\n'
        '{"Time": "2024-05-01T10:00:02+00:00", "Level": {"Name": "CRITICAL", "No": 50},'
        ' "Message": "down"}\n'
        '{"Time": "2024-05-01T10:00:03+00:00", "Level": {"Name": "WARNING", "No": 30},'
        ' "Message": "slow"}\n'
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "CRITICAL", "WARNING"]


def test_haproxy_httplog_with_its_syslog_header_cut_before_the_tag() -> None:
    """``haproxy[pid]: client:port [accept date] frontend backend/server timers status
    bytes ...``: the status and its severity read as behind a full syslog header."""
    lines = parse(
        "haproxy[2210]: 192.0.2.7:40100 [03/Mar/2021:10:00:01.120] fe be/web1 "
        '5/0/1/20/26 200 512 - - ---- 1/1/0/0/0 0/0 "GET /a HTTP/1.1"\n'
        "haproxy[2210]: 192.0.2.8:40101 [03/Mar/2021:10:00:02.500] fe be/web2 "
        '5/0/1/-1/3001 504 194 - - sH-- 1/1/0/0/0 0/0 "GET /b HTTP/1.1"\n'
        "haproxy[2210]: 192.0.2.9:40102 [03/Mar/2021:10:00:03.000] tcp-in tcp/db1 "
        "0/0/4000 0 cD 0/0/0/0/0 0/0\n"
    )
    assert [samples(e).get("http_status") for e in lines[:2]] == [200.0, 504.0]
    assert [e.level for e in lines[:2]] == ["INFO", "ERROR"]
    assert samples(lines[0]).get("request_time_ms") == 26.0
    assert "http_status" not in samples(lines[2])


def test_iis_advanced_logging_local_time_and_time_taken_ms() -> None:
    """IIS Advanced Logging's W3C file names its fields its own way: ``date-local``,
    ``time-local`` and ``TimeTakenMS``, beside the usual ``sc-status``; its header may
    hold blank lines and padded ``#Fields:``."""
    lines = parse(
        "#Software: IIS Advanced Logging Module\n"
        "\n"
        "#Version: 1.0\n"
        "  \n"
        "#Fields:  date-local time-local  s-ip cs-method cs-uri-stem sc-status TimeTakenMS\n"
        "2020-02-03 04:05:06.250 10.1.1.1 GET /home 200 31\n"
        '2020-02-03 04:05:07.000 10.1.1.1 GET "/a b" 503 1200\n'
    )
    lines = [e for e in lines if e.fmt == "w3c"]
    assert [datetime.fromtimestamp(e.ts, UTC).isoformat()[:19] for e in lines] == [
        "2020-02-03T04:05:06",
        "2020-02-03T04:05:07",
    ]
    assert [samples(e).get("http_status") for e in lines] == [200.0, 503.0]
    assert [e.level for e in lines] == ["INFO", "ERROR"]
    assert [samples(e).get("duration_ms") for e in lines] == [31.0, 1200.0]


def test_istio_mixer_access_log_response_code() -> None:
    """Istio mixer's default access log instance writes ``responseCode`` (beside
    ``responseSize`` and ``latency``), pretty-printed by some collectors."""
    lines = parse(
        '{"level": "info", "time": "2019-01-02T03:04:05.5Z", "latency": "12.5ms",\n'
        ' "responseCode": 404, "responseSize": 20, "destination": "reviews"}\n'
        "{\n"
        '  "level" : "info",\n'
        '  "time" : "2019-01-02T03:04:06.5Z",\n'
        '  "latency" : "1.5s",\n'
        '  "responseCode" : 200\n'
        "}\n"
    )
    assert [samples(e).get("http_status") for e in lines] == [404.0, 200.0]


def test_semantic_logger_payload_holds_the_request_status() -> None:
    """Ruby semantic_logger's JSON puts the call's named values in ``payload``: its
    ``status`` is the request's, read as a status of the record's own."""
    lines = parse(
        '{"host": "web1", "application": "Shop", "timestamp": "2022-07-08T09:10:11.123456Z",'
        ' "level": "info", "level_index": 2, "name": "OrdersController",'
        ' "message": "Completed #show", "duration_ms": 12.5,'
        ' "payload": {"controller": "OrdersController", "action": "show", "status": 200}}\n'
        '{"host": "web1", "application": "Shop", "timestamp": "2022-07-08T09:10:12.123456Z",'
        ' "level": "error", "level_index": 4, "name": "OrdersController",'
        ' "message": "Completed #update", "payload": {"status": 500}}\n'
    )
    assert [samples(e).get("http_status") for e in lines] == [200.0, 500.0]
    assert [e.level for e in lines] == ["INFO", "ERROR"]


def test_a_container_name_seen_again_before_a_bar_is_its_prefix() -> None:
    """compose's ``container_name`` need not end in a number nor be padded: a name seen
    twice before `` | `` prefixes the lines, and then so does any other service's; a
    traceback behind it stays its entry's, not an error of its own."""
    lines = parse(
        "api_server | 2021-04-05 06:07:08,100 ERROR boom\n"
        "api_server | Traceback (most recent call last):\n"
        'api_server |   File "./app/handlers.py", line 3, in error\n'
        "api_server |     raise KeyError(1)\n"
        "proxy_box | 2021-04-05 06:07:09,000 WARNING slow upstream\n"
    )
    assert [e.level for e in lines].count("ERROR") == 1
    assert (lines[0].message, lines[-1].message) == ("boom", "slow upstream")
    assert lines[-1].level == "WARNING"
    assert all(not e.message.startswith(("api_server", "proxy_box")) for e in lines)


def test_uwsgi_request_line_behind_its_log_prefix() -> None:
    """uWSGI's ``--log-prefix`` puts a tag before its request line: the line after it is
    read as the plain request line (its status and its 'in N msecs')."""
    lines = parse(
        "WSGI: [pid: 7|app: 0|req: 3/9] 198.51.100.4 () {30 vars in 400 bytes}"
        " [Mon Jun  7 08:09:10 2021] POST /api => generated 80 bytes in 42 msecs"
        " (HTTP/1.1 502) 4 headers in 120 bytes (1 switches on core 0)\n"
    )
    assert samples(lines[0]).get("http_status") == 502.0
    assert samples(lines[0]).get("response_time_ms") == 42.0
    assert lines[0].level == "ERROR"


def test_grpc_middleware_time_ms_is_the_call_duration() -> None:
    """go-grpc-middleware's logrus and zap interceptors write the call's time as
    ``grpc.time_ms`` (milliseconds, a float), in logfmt and in JSON."""
    lines = parse(
        'time="2022-03-04T05:06:07Z" level=info msg="finished unary call with code OK"'
        " grpc.code=OK grpc.method=Get grpc.service=shop.Orders grpc.time_ms=2.5\n"
        '{"level":"info","ts":1646370368.0,"msg":"finished unary call with code OK",'
        '"grpc.code":"OK","grpc.time_ms":120.25}\n'
    )
    assert [samples(e).get("duration_ms") for e in lines] == [2.5, 120.25]


def test_labelled_request_seconds_after_an_access_line() -> None:
    """A layout's ``name:value`` labels after the combined fields (Zeus/Stingray's
    ``node_s:0.05 req_s:0.25 retries:0``): the label that names the request and a unit
    is its time; the backend's (node_s) is not the request's."""
    lines = parse(
        '192.0.2.1 host.example user [10/Oct/2015:13:55:36 +0000] "GET /a HTTP/1.1" 200 12'
        ' "-" "agent/1.0" "ssl: TLS, version=TLSv1.2" node_s:0.050000 req_s:0.250000'
        " retries:0 req_b:300\n"
        '192.0.2.1 host.example user [10/Oct/2015:13:55:37 +0000] "GET /b HTTP/1.1" 200 12'
        ' "-" "agent/1.0" req_ms:75 retries:1\n'
    )
    assert [samples(e).get("request_time_ms") for e in lines] == [250.0, 75.0]


def test_a_status_cue_is_a_word_of_its_own() -> None:
    """MongoDB's slow operation line counts ``nreturned:592``: 'returned' inside a longer
    name is no cue for an HTTP status (and the line is no error); 'returned 502' is."""
    lines = parse(
        "2019-02-03T04:05:06.789+0000 I COMMAND  [conn7] getmore shop.orders"
        " cursorid:1234 ntoreturn:0 nreturned:592 reslen:4000 104ms\n"
        "2019-02-03T04:05:07.000+0000 I NETWORK  [conn8] upstream returned 502\n"
    )
    assert "http_status" not in samples(lines[0])
    assert lines[0].level == "INFO"
    assert samples(lines[1]).get("http_status") == 502.0


def test_a_quoted_level_word_in_prose_is_a_value_not_the_level() -> None:
    """``Logging level limit changed to 'error'`` speaks of a setting; ``level="error"``
    and an unquoted ``ERROR`` still give the line's level."""
    lines = parse(
        "2021-05-06 07:08:09.100000 PST - Logging level limit changed to 'error'\n"
        '2021-05-06 07:08:09.200000 PST - switched to "warning" mode, ERROR follows\n'
        '2021-05-06 07:08:09.300000 PST - worker stopped level="error"\n'
    )
    assert [e.level for e in lines] == ["UNKNOWN", "ERROR", "ERROR"]


def test_innodb_untimed_tagged_lines_continue_their_entry() -> None:
    """MySQL 5.0's error log: InnoDB writes one message over lines each tagged
    ``InnoDB: ``, the time on the first only; its 'Fatal error' line is that entry's rest,
    not an entry of its own. A new timed line starts the next entry."""
    lines = parse(
        "090102  3:04:05  InnoDB: Error: cannot allocate 1000 bytes of\n"
        "InnoDB: memory with malloc! Total allocated memory\n"
        "InnoDB: Fatal error: cannot allocate the memory for the buffer pool\n"
        "090102  3:04:09 [Note] /usr/sbin/mysqld: ready for connections.\n"
    )
    assert len(lines) == 2
    assert lines[0].level == "ERROR" and len(lines[0].detail) == 2
    assert "ready for connections" in lines[1].message
