"""Session 26's readings, each from a file of its evaluation sets (shapes written here)."""

from __future__ import annotations

import json

from console import events as ev
from console.parse import LogParser
from console.parse.derived import latency_tier
from tests.helpers.parsing import NOW, REF, parse, samples, utc


def _entry(i: int) -> dict[str, object]:
    """A GCP Cloud Logging LogEntry: a Cloud Run request log, every tenth a 503."""
    failed = i % 10 == 0
    return {
        "insertId": f"690b4219000{i:05d}",
        "httpRequest": {
            "requestMethod": "GET",
            "requestUrl": f"https://api.example.com/v1/items/{i}",
            "status": 503 if failed else 200,
            "latency": f"0.{i % 90 + 10:02d}1234s",
        },
        "resource": {"type": "cloud_run_revision", "labels": {"service_name": "api"}},
        "timestamp": f"2025-11-05T12:{i // 60 % 60:02d}:{i % 60:02d}.618781Z",
        "severity": "ERROR" if failed else "INFO",
        "logName": "projects/p/logs/run.googleapis.com%2Frequests",
    }


def test_a_pretty_printed_export_gives_a_record_each_as_it_closes() -> None:
    # GCP's "Download logs" as JSON: one array, indented, of any length. Each record is read
    # the moment its brace closes, not when the array does (which took the whole file).
    text = json.dumps([_entry(i) for i in range(1200)], indent=2) + "\n"
    lines = text.splitlines(keepends=True)
    p = LogParser(now=lambda: NOW, year_ref=REF)
    got: list[ev.LogLine] = []
    for n, line in enumerate(lines):
        got += [e for e in p.feed_text(line) if isinstance(e, ev.LogLine)]
        if n == 40:
            assert got, "the first record waited for the array's end"
    got += [e for e in p.flush() if isinstance(e, ev.LogLine)]
    assert len(got) == 1200
    assert utc(got[0].ts) == "2025-11-05T12:00:00" and got[0].level == "ERROR"
    assert samples(got[0])["http_status"] == 503.0
    assert samples(got[1])["latency_ms"] == 111.234
    assert sum(e.level == "ERROR" for e in got) == 120
    # every line of the file is in one of them, in order: the first record stands for the
    # opening bracket and carries its own lines after it
    assert got[0].detail[:2] == ("  {", '    "insertId": "690b421900000000",')


def test_filter_log_events_output_reads_each_lambda_line() -> None:
    # `aws logs filter-log-events`: {"events": [...], "searchedLogStreams": [...]}; each
    # event's message is the Lambda runtime's line, read as that line
    events = [
        {
            "logStreamName": "2019/06/19/[$LATEST]c3ad5cef",
            "timestamp": 1560937541344,
            "message": "2019-06-19T09:45:41.343Z\tc2da5455-4d1e-4a69-a9f6-e0c1890b72d3\t"
            "statusCounts =  { Complete: 3168, Error: 3 }\n",
            "ingestionTime": 1560937541351,
            "eventId": "348100703803334040499",
        },
        {
            "logStreamName": "2019/06/19/[$LATEST]c3ad5cef",
            "timestamp": 1560937541400,
            "message": "2019-06-19T09:45:41.399Z\tc2da5455-4d1e-4a69-a9f6-e0c1890b72d3\t"
            'ERROR\tInvoke Error\t{"errorType":"TypeError"}\n',
            "ingestionTime": 1560937541401,
            "eventId": "348100703803334040500",
        },
        {
            "logStreamName": "2019/06/19/[$LATEST]c3ad5cef",
            "timestamp": 1560937541500,
            "message": "REPORT RequestId: c2da5455-4d1e-4a69-a9f6-e0c1890b72d3\t"
            "Duration: 303.60 ms\tBilled Duration: 400 ms \tMemory Size: 128 MB\t"
            "Max Memory Used: 111 MB\t\n",
            "ingestionTime": 1560937541501,
            "eventId": "348100703803334040501",
        },
    ]
    doc = {
        "events": events,
        "searchedLogStreams": [{"logStreamName": "x", "searchedCompletely": True}],
    }
    counts, invoke, report, tail = parse(json.dumps(doc, indent=4) + "\n")
    assert utc(counts.ts, "milliseconds") == "2019-06-19T09:45:41.343"
    assert counts.message.startswith("statusCounts") and counts.level == "UNKNOWN"
    assert invoke.level == "ERROR" and invoke.message.startswith("Invoke Error")
    assert samples(report)["response_time_ms"] == 303.6
    assert latency_tier(report.samples, report) is not None
    assert tail.fmt == "plain" and '"searchedLogStreams"' in tail.message


def test_kubectl_list_output_gives_its_items() -> None:
    doc = {
        "apiVersion": "v1",
        "items": [
            {
                "kind": "Event",
                "lastTimestamp": "2024-05-16T09:23:38Z",
                "message": "Back-off restarting failed container api",
                "reason": "BackOff",
                "type": "Warning",
            },
            {
                "kind": "Event",
                "lastTimestamp": "2024-05-16T09:24:01Z",
                "message": "Started container api",
                "reason": "Started",
                "type": "Normal",
            },
        ],
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    }
    backoff, started, tail = parse(json.dumps(doc, indent=4) + "\n")
    assert utc(backoff.ts) == "2024-05-16T09:23:38" and backoff.message.startswith("Back-off")
    assert utc(started.ts) == "2024-05-16T09:24:01"
    # the wrapper's lines before its list are the first item's, in order (it stands for the
    # "{"); its keys after, a line
    assert backoff.detail[:2] == ('    "apiVersion": "v1",', '    "items": [')
    assert '"kind": "List"' in tail.message


def test_a_stretch_cut_out_of_an_export_reads_its_records() -> None:
    # records indented as in the array they came from, with no bracket before them
    body = json.dumps([_entry(i) for i in range(3)], indent=2)
    stretch = "\n".join("  " + line for line in body.splitlines()[1:-1]) + "\n"
    got = parse(stretch)
    assert [samples(e)["http_status"] for e in got] == [503.0, 200.0, 200.0]


def test_a_bracket_opening_no_records_is_read_as_before() -> None:
    # a pretty-printed list of strings, and a Python list of dicts (single quotes: no JSON)
    listing = parse('Hosts:\n[\n  "db-1",\n  "db-2"\n]\n')
    assert [e.message for e in listing] == ["Hosts:", "["] and listing[1].detail[-1] == "]"
    py = "[{'id': 70774, 'name': 'test'}, {'id': 70775, 'name': 'x'}]\n"
    (line,) = parse(py)
    assert line.message == py.strip()


def test_a_lambda_line_without_its_level_word() -> None:
    # Node's runtime before 2021 wrote no level: a level word opening the message is one,
    # a word inside it (a printed object's key, a count) none
    counts, failed, leveled = parse(
        "2019-06-19T09:45:41.343Z\tc2da5455-4d1e-4a69-a9f6-e0c1890b72d3\t"
        "statusCounts =  { Complete: 3168, Error: 3 }\n"
        "2019-06-19T09:45:42.001Z\tc2da5455-4d1e-4a69-a9f6-e0c1890b72d3\t"
        "Error: connect ECONNREFUSED 10.0.0.5:5432\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (net.js:1141:16)\n"
        "2019-06-19T09:45:43.001Z\tc2da5455-4d1e-4a69-a9f6-e0c1890b72d3\tWARN\tslow downstream\n"
    )
    assert (counts.level, failed.level, leveled.level) == ("UNKNOWN", "ERROR", "WARNING")
    assert failed.fields == {"request_id": "c2da5455-4d1e-4a69-a9f6-e0c1890b72d3"}
    assert failed.detail and "afterConnect" in failed.detail[0]


def test_rails_client_errors_are_the_requests_not_the_apps() -> None:
    # Rails 2's log_error (no level written): a routing error is answered 404
    routing, name_error = parse(
        'ActionController::RoutingError (No route matches "/favicon.ico" with {:method=>:get}):\n'
        "NameError (undefined local variable or method `store_location' for #<X:0x1>):\n"
    )
    assert (routing.level, name_error.level) == ("WARNING", "ERROR")


_HEROKU = (
    "2015-06-05T11:37:18.099280+00:00 app[web.1]: Completed 500 Internal Server Error in 7ms\n"
    "2015-06-05T11:37:18.102001+00:00 app[web.2]: Completed 500 Internal Server Error in 9ms\n"
    "2015-06-05T11:37:18.105361+00:00 app[web.1]: \n"
    "2015-06-05T11:37:18.105357+00:00 app[web.1]: NameError (undefined local variable or "
    "method `store_location' for #<NoticesController:0x007fc1a4eb2108>):\n"
    "2015-06-05T11:37:18.105390+00:00 app[web.1]:   app/controllers/notices_controller.rb:7:in "
    "`count'\n"
    "2015-06-05T11:37:18.110001+00:00 app[web.2]: NameError (undefined local variable or "
    "method `store_location' for #<NoticesController:0x007fc1a4eb3000>):\n"
    '2015-06-05T11:37:18.120050+00:00 heroku[router]: at=info method=GET path="/notices/count" '
    'host=x.herokuapp.com request_id=5e7c fwd="1.2.3.4" dyno=web.1 connect=0ms service=11ms '
    "status=500 bytes=1588\n"
    "2015-06-05T11:37:30.000000+00:00 app[web.1]: ArgumentError (wrong number of arguments):\n"
)


def test_a_heroku_exception_report_after_its_completed_500_is_that_requests() -> None:
    lines = parse(_HEROKU)
    errors = [e.message[:13] for e in lines if e.level == "ERROR"]
    # each failure counted on its Completed line and on the router's; the reports after
    # them are theirs; a report no failed request came before stays an error
    assert errors == [
        "Completed 500",
        "Completed 500",
        "at=info metho",
        "ArgumentError",
    ]


def test_a_request_record_answered_5xx_at_info_is_an_error() -> None:
    gin, structlog, winston, other = parse(
        '{"level":"info","ts":1772266203.671561,"caller":"http/middleware.go:51",'
        '"msg":"/api/v1/policies","status":500,"method":"POST","path":"/api/v1/policies",'
        '"latency":0.00000858}\n'
        '{"level": "info", "timestamp": "2025-10-20T10:16:19+1100", "message": '
        '"request_complete", "method": "GET", "path": "/admin/metrics", "status": 503, '
        '"latency_ms": 28.3}\n'
        '{"duration_ms":1255,"event":"request_end","level":"info","message":"Request end",'
        '"method":"GET","statusCode":500,"timestamp":"2025-09-18 14:37:45.073","url":"/p/1"}\n'
        '{"level":"info","ts":1772266203.9,"msg":"retry scheduled","status":500,'
        '"method":"POST"}\n'
    )
    assert (gin.level, structlog.level, winston.level) == ("ERROR", "ERROR", "ERROR")
    assert gin.fields is not None and gin.fields["level"] == "info"  # the logger's word kept
    assert other.level == "INFO"  # a record about a request, not the request's own


def test_a_logs_insights_csv_row_of_container_insights() -> None:
    # the @message cell is Fluent Bit's record of the container's line: that line is read
    record = {
        "time": "2024-03-17T14:36:12.332775906Z",
        "stream": "stderr",
        "_p": "F",
        "log": "E0317 14:36:12.100000       1 reflector.go:147] Failed to watch *v1.Service: "
        "forbidden",
        "kubernetes": {"pod_name": "agent-1", "namespace_name": "amazon-cloudwatch"},
    }
    access = dict(
        record,
        log='192.168.25.221 - - [17/Mar/2024 14:36:02] "GET /health_check HTTP/1.1" 200 -',
    )

    def row(ts: str, rec: dict[str, object]) -> str:
        cell = json.dumps(rec, separators=(",", ":")).replace('"', '""')
        return f'{ts},"{cell}",stream-1,123:/aws/containerinsights/c/application\n'

    _head, klog, werkzeug = parse(
        "@timestamp,@message,@logStream,@log\n"
        + row("2024-03-17 14:36:12.332", record)
        + row("2024-03-17 14:36:02.330", access)
    )
    assert klog.level == "ERROR" and "Failed to watch" in klog.message
    assert samples(werkzeug)["http_status"] == 200.0
    assert utc(werkzeug.ts) == "2024-03-17T14:36:02"


def test_the_kernels_own_timings_are_no_latency() -> None:
    (freeze,) = parse(
        "Jun 28 13:57:32 llamabox kernel: Freezing remaining freezable tasks completed "
        "(elapsed 0.000 seconds)\n"
    )
    assert "duration_ms" in samples(freeze)
    assert latency_tier(freeze.samples, freeze) is None


def test_a_line_redrawn_by_carriage_returns_reads_as_a_terminal_shows_it() -> None:
    # tqdm's frames (no newline while it runs), then uWSGI's request line written after the
    # last one; compose's "\r\x1b[K" erase before a container's exit
    bar = "\r  0%|          | 0/7 [00:00<?, ?it/s]\r 14%|█▍        | 1/7 [00:01<00:08,  1.40s/it]"
    request, exited, windows = parse(
        bar + "[pid: 36648|app: 0|req: 2/12] 127.0.0.1 () {44 vars in 697 bytes} "
        "[Sun Oct 30 15:22:36 2022] GET /api/v1/data/ => generated 5089 bytes in 887 msecs "
        "(HTTP/1.0 200) 6 headers in 208 bytes (1 switches on core 0)\n"
        "\r\x1b[Kweb-1 exited with code 143\n"
        # a raw return inside a message (a Windows path's "\r" printed as one) is the message's
        "[2018-02-28 10:43:57] local.ERROR: Undefined variable: error (View: C:\\www\\shipit\r"
        "esources\\views\\login.blade.php)\n"
    )
    assert samples(request)["http_status"] == 200.0 and request.message.startswith("GET /api")
    assert exited.message == "web-1 exited with code 143"
    assert windows.level == "ERROR" and utc(windows.ts) == "2018-02-28T10:43:57"


def test_a_capitalised_duration_label_between_a_requests_fields() -> None:
    (line,) = parse(
        "WARNING 2026-02-23 06:49:34,267 RESPONSE: GET /api/workout/program/list/ | Status: 500 "
        "| Duration: 2184ms | User: someone@example.com | IP: 172.18.0.1\n"
    )
    assert samples(line) == {"http_status": 500.0, "response_time_ms": 2184.0}


def test_a_records_time_in_its_loggers_own_layout_beats_a_nested_one() -> None:
    # winston's timestamp({format: "DD-MM-YYYY hh:mm:ss.SSS A"}), beside the user it logged
    (line,) = parse(
        '{"data":{"createdAt":"2024-04-17T11:35:04.787Z","email":"a@example.com"},'
        '"level":"info","message":"Login Successful","timestamp":"17-04-2024 07:39:04.638 PM"}\n'
    )
    assert utc(line.ts) == "2024-04-17T19:39:04"
    assert line.fields is not None and "data.createdAt" in line.fields


def test_a_pino_custom_level_between_two_is_the_lower_ones() -> None:
    warn, error = parse(
        '{"level":45,"time":1638279679859,"msg":"Response axios - berhasil"}\n'
        '{"level":50,"time":1638279679860,"msg":"payment failed"}\n'
    )
    assert (warn.level, error.level) == ("WARNING", "ERROR")
    assert warn.fields is not None and warn.fields["level"] == 45


def test_fly_logs_read_the_programs_line_behind_flys_tag() -> None:
    logrus, access, proxy = parse(
        '2026-03-21T11:26:22Z app[3d8d545df53908] fra [info]time="2026-03-21T11:26:22.1777Z" '
        'level=error msg="copy stream failed" error="reading from a closed fifo"\n'
        "2026-03-21T11:26:23Z app[3d8d545df53908] fra [info]web-1  | 10.0.0.1 - - "
        '[21/Mar/2026:11:26:23 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8.0"\n'
        "2026-03-21T11:26:24Z proxy[3d8d545df53908] fra [error] could not find a good candidate "
        "within 90 attempts at load balancing\n"
    )
    assert (logrus.level, logrus.message) == ("ERROR", "copy stream failed")
    assert samples(access)["http_status"] == 200.0
    assert proxy.level == "ERROR" and proxy.fields is not None
    assert proxy.fields["region"] == "fra"


def test_flasks_default_layout_alone_and_on_a_heroku_dyno() -> None:
    # httpx's log of a call the app made: the other server's answer, no request it served
    call = (
        "[2025-09-24 14:39:23,720] INFO in _client: HTTP Request: GET "
        'https://db.example.co/rest/v1/x "HTTP/1.1 400 Bad Request"'
    )
    alone, dyno = parse(call + "\n2025-09-24T14:39:23.720000+00:00 app[web.1]: " + call + "\n")
    for line in (alone, dyno):
        assert line.level == "INFO" and line.message.startswith("HTTP Request: GET")
        assert line.fields is not None and line.fields["module"] == "_client"
        assert "http_status" not in samples(line)


def test_more_client_calls_say_the_other_servers_answer() -> None:
    # httpx's line behind its logger's name, axios' rejection through a JSON logger, and
    # Synapse's HTTP client: calls the service made, no status it served
    lines = parse(
        "2026-03-01T19:07:12Z app[e827420f269e48] sin [info]httpx HTTP Request: POST "
        'https://router.example.co/v1/chat/completions "HTTP/1.1 200 OK"\n'
        '{"timestamp":"2026-05-01T22:01:49.000Z","severity":"error","message":"[CR] API test '
        'failed (attempt #1): Request failed with status code 401"}\n'
        "2021-10-16 10:02:19,123 - synapse.http.client - 443 - INFO - phone_stats_home-0 - "
        "Received response to PUT https://matrix.example.org/report-usage-stats/push: 200\n"
    )
    assert [samples(e).get("http_status") for e in lines] == [None, None, None]
    assert lines[1].level == "ERROR"


def test_a_dotnet_exception_with_its_hresult_continues_its_entry() -> None:
    (entry,) = parse(
        "2018-09-25 09:09:57,908 [7] ERROR Flight.Presentation.MvcApplication - ASP.global_asax\n"
        "System.Web.HttpException (0x80004005): The controller for path '/Shared/Error' was not "
        "found or does not implement IController.\n"
        "   at System.Web.Mvc.DefaultControllerFactory.GetControllerInstance(RequestContext rc)\n"
    )
    assert entry.level == "ERROR" and entry.detail[0].startswith("System.Web.HttpException")


def test_the_opentelemetry_java_agents_own_lines() -> None:
    (line,) = parse(
        "[otel.javaagent 2025-08-29 04:04:54:134 +0530] [OkHttp http://localhost:4317/...] ERROR "
        "io.opentelemetry.exporter.internal.grpc.GrpcExporter - Failed to export metrics.\n"
    )
    assert utc(line.ts, "milliseconds") == "2025-08-28T22:34:54.134"
    assert line.level == "ERROR" and line.message == "Failed to export metrics."
    assert line.fields is not None and line.fields["thread"] == "OkHttp http://localhost:4317/..."


def test_a_printed_requests_response_is_a_calls_answer() -> None:
    (line,) = parse("<Response [200]>\n")
    assert "http_status" not in samples(line)


def test_an_activerecord_query_opening_a_development_log() -> None:
    # `bin/rails db:create db:migrate`'s queries, no request before them
    first, second, migrating = parse(
        "  (192.0ms)  CREATE DATABASE \"shop_development\" ENCODING = 'unicode'\n"
        "  ↳ bin/rails:9\n"
        '  (215.2ms)  CREATE DATABASE "shop_test"\n'
        "  ↳ bin/rails:9\n"
        "Migrating to CreateUsers (20220516130053)\n"
    )
    assert samples(first) == {"query_duration_ms": 192.0} and first.detail == ("  ↳ bin/rails:9",)
    assert samples(second) == {"query_duration_ms": 215.2}
    assert migrating.message.startswith("Migrating")


def test_a_lower_case_kind_of_error_mid_sentence_is_no_level() -> None:
    shutdown, lookup, prose = parse(
        "2024-05-21T01:00:00.000000+00:00 app[web.1]: server=x.herokuapp.com//socket.io/ "
        "client=10.1.29.191:27071 socket shutdown error: [Errno 9] Bad file descriptor\n"
        "/usr/sbin/mysqld: symbol lookup error: /usr/sbin/mysqld: undefined symbol: "
        "SSL_library_init\n"
        "2026/06/20 14:00:42 the worker stopped because a spawning error occurred\n"
    )
    assert shutdown.level == "INFO" and lookup.level == "UNKNOWN"
    # nor one a sentence says occurred (session 28: a sentence's common noun is no level)
    assert prose.level not in ("ERROR", "CRITICAL", "FATAL")  # a failure said in prose stays one


def test_passengers_own_log_reads_its_level_letter() -> None:
    failed, notice = parse(
        "[ E 2018-01-08 17:09:07.3981 96475/T7 age/Cor/Con/CheckoutSession.cpp:285 ]: [Client "
        "1-1] Cannot checkout session because a spawning error occurred.\n"
        "[ N 2018-01-08 17:09:08.0010 96475/T1 age/Cor/CoreMain.cpp:1117 ]: Passenger core "
        "online, PID 96475\n"
    )
    assert (failed.level, notice.level) == ("ERROR", "NOTICE")
    assert notice.message == "Passenger core online, PID 96475"
    assert notice.fields is not None and notice.fields["pid"] == "96475"


def test_a_5xx_record_at_winstons_http_level_is_an_error() -> None:
    # morgan-json through winston's stream, at the npm "http" level whatever the answer
    failed, fine = parse(
        '{"level":"http","message":"incoming-request","method":"POST","response_time":51.68,'
        '"status":500,"timestamp":"2023-02-22 08:34:53.554 PM","url":"/api/user/me"}\n'
        '{"level":"http","message":"incoming-request","method":"GET","response_time":6.8,'
        '"status":404,"timestamp":"2023-02-22 08:35:00.000 PM","url":"/user"}\n'
    )
    assert failed.level == "ERROR" and failed.fields is not None
    assert failed.fields["level"] == "http"
    assert fine.level != "ERROR"
