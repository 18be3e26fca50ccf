"""Session 39's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples, utc


def test_a_files_path_in_a_timed_line_is_no_request_served() -> None:
    # Airflow's DAG file processor (sets 313, 373, 425): the scheduler reading its own DAG
    # files, timed; a path under a file system's top directory, or a source file's, is no
    # request's target, so no latency judged against the SLO
    text = (
        "[2023-09-14T11:43:17.397+0000] {processor.py:179} INFO - Processing "
        "/opt/airflow/dags/4_the_best_movies.py took 1.222 seconds\n"
        "[2023-09-14T11:43:18.000+0000] {processor.py:179} INFO - Processing "
        "/home/ruth/dags/db_test.py took 0.150 seconds\n"
        "[2023-09-14T11:43:19.000+0000] {app.py:10} INFO - Compiled /app/views.py took "
        "0.2 seconds\n"
        "[2023-09-14T11:43:20.000+0000] {app.py:10} INFO - Served /api/v1/dags took 0.3 seconds\n"
        "[2023-09-14T11:43:21.000+0000] {app.py:10} INFO - GET /static/app.py took 0.1 seconds\n"
    )
    opt, home, compiled, api, method = parse(text)
    for own in (opt, home, compiled):
        assert own.samples and derived.latency_tier(own.samples, own) is None
    # a URL's path, and any target behind a method, are still requests served
    assert derived.latency_tier(api.samples, api) is not None
    assert derived.latency_tier(method.samples, method) is not None


def test_cabins_ruby_hash_lines_are_records() -> None:
    # Logstash 1.4's log (set 442; Logstash before 5.0, fpm and other tools on the Cabin
    # logger write a Ruby Hash's inspect a line): its time, level and message read as a JSON
    # record's, an exception inspected as Ruby does kept as the object's text
    text = (
        '{:timestamp=>"2014-08-27T17:19:39.340000+0000", :message=>"Reading config file", '
        ':file=>"logstash/agent.rb", :level=>:debug, :line=>"301"}\n'
        '{:timestamp=>"2016-09-29T11:10:05.559000+0200", :message=>"Parsed JSON object/hash '
        'requires a target configuration option", :source=>"message", :raw=>"", :level=>:warn}\n'
        '{:timestamp=>"2016-09-29T11:10:06.000000+0200", :message=>"Pipeline aborted due to '
        'error", :exception=>#<Errno::EACCES: Permission denied - /var/lib/logstash/.sincedb>, '
        ':backtrace=>["org/jruby/RubyFile.java:370:in `initialize\'", "file.rb:1"], '
        ":level=>:error}\n"
        '{:timestamp=>"2018-07-21T12:49:29.324299+0000", :message=>"Created package", '
        ':path=>"python-pipenv_2018.7.1_all.deb"}\n'
        '{:timestamp=>"2017-02-10T17:19:47.073000+0800", :message=>"webhdfs write caused an '
        'exception: {\\"RemoteException\\":{\\"exception\\":\\"Recovery\\"}}\\nretrying", '
        ":level=>:error}\n"
    )
    debug, warn, error, created, escaped = parse(text)
    assert (utc(debug.ts), debug.level, debug.message) == (
        "2014-08-27T17:19:39",
        "DEBUG",
        "Reading config file",
    )
    assert (utc(warn.ts), warn.level) == ("2016-09-29T09:10:05", "WARNING")
    assert error.level == "ERROR" and error.message == "Pipeline aborted due to error"
    assert str(error.fields["exception"]).startswith("#<Errno::EACCES: Permission denied")
    assert error.fields["backtrace"].startswith('["org/jruby/RubyFile.java:370')
    assert (utc(created.ts), created.level) == ("2018-07-21T12:49:29", "INFO")
    assert escaped.level == "ERROR" and escaped.message.startswith(
        'webhdfs write caused an exception: {"RemoteException":{"exception":"Recovery"}}\nretry'
    )
    assert utc(escaped.ts) == "2017-02-10T09:19:47"


def test_a_ruby_hash_that_is_no_cabin_record_stays_a_line() -> None:
    # an app printing a hash of its own data: no time or message key, no record
    (line,) = parse("{:rooms=>1, :shelters=>2, :refilled=>true}\n")
    assert line.fmt != "json" and line.message.startswith("{:rooms=>1")


def test_a_logrus_key_with_a_plurals_parentheses_is_a_pair() -> None:
    # dockerd's "Docker daemon" line behind syslog (set 444): "graphdriver(s)=overlay2" is
    # one of its pairs, so the line is logfmt, its time the syslog header's as its
    # neighbours' are (not its zoned time= read as a time in prose)
    text = (
        'Sep 28 12:27:25 vm containerd[966]: time="2023-09-28T12:27:25.249515758+05:30" '
        'level=info msg="starting containerd" revision= version="1.6.12"\n'
        'Sep 28 12:27:53 vm dockerd[1373]: time="2023-09-28T12:27:53.007035011+05:30" '
        'level=info msg="Docker daemon" commit="20.10.21" graphdriver(s)=overlay2 '
        "version=20.10.21\n"
    )
    containerd, dockerd = parse(text)
    assert dockerd.message == "Docker daemon"
    assert dockerd.fields is not None and dockerd.fields["graphdriver(s)"] == "overlay2"
    assert dockerd.ts - containerd.ts == 28.0


def test_an_error_httpx_raised_and_a_page_printed_serve_nothing() -> None:
    # a FastAPI app's log (set 446): httpx's HTTPStatusError for Ollama's 404; a Celery
    # task's result holding the HTML page it fetched: statuses received, none served
    text = (
        "2025-09-09 03:10:26,100 - app.llm - ERROR - Failed to generate: Client error '404 "
        "Not Found' for url 'http://localhost:11434/api/generate'\n"
        "2025-09-09 03:10:27,100 - app.llm - ERROR - Server error '503 Service Unavailable' "
        "for url 'https://api.example/v1'\n"
        "<title>404 Not Found</title>\n"
        "<center><h1>502 Bad Gateway</h1></center>\n"
        "2025-09-09 03:10:28,100 - app.web - INFO - GET /api/x 404 3ms\n"
    )
    lines = parse(text)
    statuses = [samples(x).get("http_status") for x in lines]
    assert statuses[:-1] == [None] * (len(lines) - 1)
    assert statuses[-1] == 404.0


def test_a_requests_total_beside_its_phases_is_its_time() -> None:
    # text-generation-inference's request span (set 447): the total, not the first phase's
    # (validation's 0.3 ms), wherever the total stands among them; a total alone is left to
    # the pairs' reading (a total_time's word says a sum, not one request's)
    text = (
        '2023-11-04T11:43:14.853390Z  INFO generate{total_time="11.980090527s" '
        'validation_time="317.897µs" queue_time="61.512µs" inference_time="11.979711398s" '
        'time_per_token="46.795747ms"}: text_generation_router::server: Success\n'
        '2023-11-04T11:43:15.000000Z  INFO generate{validation_time="317.897µs" '
        'total_time="2.5s"}: text_generation_router::server: Success\n'
    )
    first, second = parse(text)
    assert samples(first) == {"request_duration_ms": 11980.090527}
    assert samples(second) == {"request_duration_ms": 2500.0}
    assert derived.latency_tier(first.samples, first) is not None
    (alone,) = parse('2023-11-04T11:43:16Z  INFO generate{total_time="2.5s"}: Success\n')
    assert samples(alone) == {}


def test_a_clients_exception_quoting_postgres_is_no_postgres_line() -> None:
    # Rails' ActionView::Template::Error quoting PG::UndefinedTable (set 447): no server's
    # log_line_prefix holds a class path or an open parenthesis
    (line,) = parse(
        "2024-05-27T14:55:11.665053+00:00 app[web.1]: [21f83ab7] ActionView::Template::Error "
        '(PG::UndefinedTable: ERROR:  relation "x" does not exist\n'
    )
    assert line.fmt != "postgres" and line.message.startswith("[21f83ab7] ActionView::")
    (server,) = parse('2024-05-27 14:55:11 UTC [42] app@db ERROR:  relation "x" does not exist\n')
    assert server.fmt == "postgres" and server.level == "ERROR"


_HEROKU = "2024-05-27T14:55:11.{:06d}+00:00 "


def test_rails_report_behind_its_tags_under_heroku_is_one_entry() -> None:
    # a Heroku stream (set 447): Rails' exception report, its lines behind the request's
    # tags alone, each under the platform's header; then the router's line, its own
    tag = "[21f83ab7-3b1d-45aa-bd2e-a0b1ec9bc901]"
    lines = [
        f"app[web.1]: E, [2024-05-27T14:55:11.665003 #7] ERROR -- : {tag}",
        f"app[web.1]: {tag} ActionView::Template::Error (PG::UndefinedTable: ERROR:  relation "
        '"assignments" does not exist',
        'app[web.1]: LINE 1: SELECT "assignments".* FROM "assignments"',
        "app[web.1]: ^",
        "app[web.1]: ):",
        f'app[web.1]: {tag}     3:   <li><%= link_to "Home", assignments_path%></li>',
        f"app[web.1]: {tag}",
        'heroku[router]: at=info method=GET path="/" host=x.herokuapp.com dyno=web.1 '
        "connect=0ms service=93ms status=500 bytes=1891 protocol=https",
        "app[web.1]: I, [2024-05-27T14:55:12.000000 #7]  INFO -- : [9a] Started GET /",
    ]
    text = "".join(_HEROKU.format(i) + x + "\n" for i, x in enumerate(lines))
    report, router, started = parse(text)
    assert report.level == "ERROR" and len(report.detail) == 6
    assert router.level == "ERROR" and samples(router)["http_status"] == 500.0
    assert started.level == "INFO"


def test_a_go_panics_stack_under_heroku_is_the_panics() -> None:
    # net/http's recovered panic on a Heroku dyno (set 447): the goroutine's stack, each
    # line under the platform's header, its file lines' tabs lost: one entry
    lines = [
        "app[web.1]: 2020/01/05 11:53:18 http: panic serving 10.1.2.3:14719: dial tcp: "
        "lookup port=0: no such host",
        "app[web.1]: goroutine 21 [running]:",
        "app[web.1]: net/http.(*conn).serve.func1(0xc0000ad040)",
        "app[web.1]: /app/tmp/cache/go1.12.12/go/src/net/http/server.go:1769 +0x139",
        "app[web.1]: panic(0x7e4280, 0xc0001322d0)",
        "app[web.1]: /app/tmp/cache/go1.12.12/go/src/runtime/panic.go:522 +0x1b5",
        "app[web.1]: created by net/http.(*Server).Serve",
        "app[web.1]: /app/tmp/cache/go1.12.12/go/src/net/http/server.go:2884 +0x2f4",
        'heroku[router]: at=error code=H13 desc="Connection closed without response" '
        'method=GET path="/" host=x dyno=web.1 connect=0ms service=6ms status=503 bytes=0',
    ]
    text = "".join(_HEROKU.format(i) + x + "\n" for i, x in enumerate(lines))
    panic, router = parse(text)
    assert panic.level in ("ERROR", "FATAL") and len(panic.detail) == 7
    assert samples(router)["http_status"] == 503.0


def test_a_step_runners_lines_time_a_jobs_work() -> None:
    # SonarQube's Compute Engine (set 450): each step of a project's analysis, timed under
    # the logger that runs them: work done, a job's, not the program's own nor a request's
    text = (
        "2019.09.09 07:43:09 INFO  ce[AW0Wensni0qGHmnd6KuF][o.s.c.t.s.ComputationStepExecutor] "
        "Extract report | status=SUCCESS | time=54ms\n"
        "2019.09.09 07:43:10 INFO  ce[][o.s.c.a.SomeService] Housekeeping | time=5ms\n"
    )
    step, own = parse(text)
    assert samples(step) == {"duration_ms": 54.0}
    assert derived.times_work(step) and measures.names_job(step.message, step.fields)
    assert not derived.times_work(own)


def test_pythons_exception_line_saying_a_status_is_its_tracebacks() -> None:
    # a Flask app's error log (set 448): werkzeug's NotFound, its message saying "404 Not
    # Found", right under the last frame: the traceback's line, and the chained exception
    # after it too (one entry, not three)
    text = (
        "2021-06-29 09:51:42,905 app.py:1891:ERROR:Exception on /x [GET]\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/werkzeug/routing.py", line 1945, in match\n'
        "    raise NotFound()\n"
        "werkzeug.exceptions.NotFound: 404 Not Found: The requested URL was not found on the "
        "server.\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/flask/app.py", line 2097, in make_response\n'
        "    raise TypeError(\n"
        "TypeError: The view function did not return a valid response.\n"
        "2021-06-29 09:51:43,000 manage.py:16:WARNING:Server 404.\n"
    )
    error, warning = parse(text)
    assert error.level == "ERROR" and len(error.detail) == 11
    assert "http_status" not in samples(error)
    assert warning.level == "WARNING"


def test_a_commands_output_quoted_in_a_klog_line_is_its() -> None:
    # minikube's "Last Start" log (set 449): kubectl's failure quoted in a klog warning,
    # its streams named, its stderr's "error: ..." the warning's, not an error entry; the
    # healthz URL it polled, whole, "returned 403:", then the API server's Status object:
    # a call's answer, data
    text = (
        "W0704 20:38:53.178787   10176 addons.go:452] apply failed, will retry: sudo kubectl "
        "apply -f /etc/kubernetes/addons/storageclass.yaml: Process exited with status 1\n"
        "stdout:\n"
        "\n"
        "stderr:\n"
        'error: error validating "/etc/kubernetes/addons/storageclass.yaml": failed to '
        "download openapi\n"
        "I0704 20:39:15.984684   10176 api_server.go:279] https://127.0.0.1:61956/healthz "
        "returned 403:\n"
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":'
        '"forbidden: User \\"system:anonymous\\" cannot get path \\"/healthz\\"","reason":'
        '"Forbidden","details":{},"code":403}\n'
        "I0704 20:39:16.000000   10176 api_server.go:253] Checking apiserver healthz\n"
    )
    warning, returned, checking = parse(text)
    assert warning.level == "WARNING" and len(warning.detail) == 4
    assert returned.level == "INFO" and samples(returned) == {}
    assert len(returned.detail) == 1 and checking.level == "INFO"


def test_a_mark_before_a_level_word_after_a_time_of_day() -> None:
    # a Python operator's console (set 449): "[HH:MM:SS] ⚠️ ERROR (-15): " in colour
    lines = parse("\x1b[91m[16:40:10] ⚠️ ERROR (-15): \x1b[0m\n[16:40:11] ✅ Pod ready\n")
    assert lines[0].level == "ERROR"
    assert lines[-1].level != "ERROR"


def test_review_round_39_misfires() -> None:
    # the review of f622a48..b4d93c7: lines the rules above were not written for
    # a Go stack's blank line under the dyno's header: no crash, the stack goes on
    text = "".join(
        _HEROKU.format(i) + x + "\n"
        for i, x in enumerate(
            [
                "app[web.1]: panic: runtime error: invalid memory address",
                "app[web.1]: [signal SIGSEGV: segmentation violation code=0x1 addr=0x0]",
                "app[web.1]: ",
                "app[web.1]: goroutine 1 [running]:",
                "app[web.1]: main.main()",
                "app[web.1]: \t/app/main.go:12 +0x1d",
                "app[web.1]: ...additional frames elided...",
                "app[web.2]: goroutine 7 [running]:",
                "app[web.1]: panic: second one",
            ]
        )
    )
    first, other, second = parse(text)
    assert len(first.detail) == 6 and other.fields and other.fields.get("dyno") == "web.2"
    assert second.message.startswith("panic: second")
    # another dyno's report, and a line of no tags, are no part of a Rails report
    tag = "[21f83ab7]"
    text = "".join(
        _HEROKU.format(i) + x + "\n"
        for i, x in enumerate(
            [
                f"app[web.1]: E, [2024-05-27T14:55:11.665003 #7] ERROR -- : {tag}",
                f"app[web.1]: {tag} ActionView::Template::Error (boom):",
                f"app[web.2]: {tag} ActionView::Template::Error (other):",
                "app[web.1]: * Listening on tcp://0.0.0.0:3000",
            ]
        )
    )
    report, other_dyno, puma = parse(text)
    assert len(report.detail) == 1 and other_dyno.message.startswith(tag)
    assert puma.message.startswith("* Listening")
    # PostgreSQL's own prefix with a client's IPv6 address
    (pg,) = parse(
        "2024-05-01 10:00:00 UTC [123] user=app,db=app,app=psql,client=::1 LOG:  duration: "
        "12.345 ms  statement: select 1\n"
    )
    assert pg.fmt == "postgres" and samples(pg) == {"query_duration_ms": 12.345}
    # Logstash's Elasticsearch output: the cluster's answer, no status served; a hash with
    # no :timestamp is no Cabin record; an escape past Unicode's end stays as written
    failed, printed, odd = parse(
        '{:timestamp=>"2016-01-01T00:00:00.000000+0000", :message=>"Failed action. ", '
        ':status=>400, :action=>["index", {:_id=>nil}], :level=>:warn}\n'
        '{:status=>404, :message=>"x"}\n'
        '{:timestamp=>"2016-01-01T00:00:01", :message=>"bad \\u{FFFFFF} \\xE2\\x80\\x94"}\n'
    )
    assert failed.level == "WARNING" and "http_status" not in samples(failed)
    assert printed.fmt != "json" and "http_status" not in samples(printed)
    assert odd.message == "bad \\u{FFFFFF} \u2014"
    # a total at the line's end; a store's upkeep timed in phases is its own
    end, upkeep = parse(
        "2024-01-01T00:00:00Z INFO gen{queue_time=2ms total_time=2.5s}: served\n"
        "2024-01-01T00:00:01Z INFO compaction done total_time=12s read_time=3s write_time=9s\n"
    )
    assert samples(end) == {"request_duration_ms": 2500.0}
    assert derived.latency_tier(upkeep.samples, upkeep) is None
    # httpx's redirect; check_http's older and failing forms; Tomcat's error page
    lines = parse(
        "2024-01-01 00:00:00 INFO x: Redirect response '307 Temporary Redirect' for url "
        "'https://x'\n"
        "[1700000000] SERVICE ALERT: h;HTTP;OK;HARD;1;HTTP OK HTTP/1.1 200 OK - 964 bytes in "
        "0.430 seconds\n"
        "[1700000001] SERVICE ALERT: h;HTTP;CRITICAL;HARD;1;HTTP CRITICAL - Invalid HTTP "
        "response received from host on port 8080: HTTP/1.1 500 Internal Server Error\n"
        "<title>HTTP Status 404 – Not Found</title>\n"
    )
    assert all("http_status" not in samples(x) for x in lines)
    # a route under a name a file system's top directory has is still a route
    (feed,) = parse("2024-01-01 00:00:00 INFO Handled /home/feed took 3ms\n")
    assert derived.latency_tier(feed.samples, feed) is not None


def test_nextjs_failed_compile_is_one_error() -> None:
    # Next.js 15's dev server (set 453): the module alone after its mark, then the
    # compiler's error and its code frame: one error, not two
    text = (
        "> app@1.0.0 dev\n"
        "> next dev --port 3005\n"
        "\n"
        "   ▲ Next.js 15.1.4\n"
        "   - Local:        http://localhost:3005\n"
        "\n"
        " ✓ Ready in 2.1s\n"
        " ✓ Compiled in 411ms (403 modules)\n"
        " ○ Compiling /d/[uid]/[...slug] ...\n"
        " ⨯ ./src/app/d/[uid]/[...slug]/page.tsx\n"
        "Error:   \x1b[31mx\x1b[0m Expected unicode escape\n"
        "     ,-[/mnt/d/Source/app/src/app/d/[uid]/[...slug]/page.tsx:201:1]\n"
        " 198 |   // Load dashboard server-side\n"
        " GET /d/demo 500 in 653ms\n"
        " ⨯ unhandledRejection: Error: boom\n"
    )
    lines = parse(text)
    assert [x.level for x in lines][-3:] == ["ERROR", "ERROR", "ERROR"]
    assert lines[-3].message.startswith("⨯ ./src/") and len(lines[-3].detail) == 3


def test_sql_server_agents_marks_are_its_levels() -> None:
    # SQLAGENT.OUT (set 454): "?" information, "+" warning, "!" error before the message's
    # number in brackets (no syslog priority: "[170]" read as one made a CRITICAL)
    text = (
        "2020-11-21 05:20:06 - ? [170] Populating alert cache...\n"
        "2020-11-21 05:20:05 - + [260] Unable to start mail session.\n"
        "2020-11-21 05:20:07 - ! [298] SQLServer Error: 15404, Could not obtain information\n"
    )
    info, warning, error = parse(text)
    assert [info.level, warning.level, error.level] == ["INFO", "WARNING", "ERROR"]
    assert info.message == "Populating alert cache..."
    assert error.fields is not None and error.fields["message_id"] == 298


def test_grafanas_data_source_answer_is_no_status_served() -> None:
    # Grafana 10's logfmt (set 452): its Loki client's answer to an alert rule's query
    (line,) = parse(
        "logger=tsdb.loki endpoint=queryData pluginId=loki dsName=Loki uname=grafana_scheduler "
        'fromAlert=true t=2024-03-10T14:13:30.103378062Z level=info msg="Response received '
        'from loki" duration=83.997388ms stage=databaseRequest statusCode=200 contentLength=\n'
    )
    assert "http_status" not in samples(line)
    (served,) = parse(
        'logger=context userId=1 t=2024-03-10T14:13:31Z level=info msg="Request Completed" '
        "method=GET path=/api/ds/query status=400 duration=4.2ms\n"
    )
    assert samples(served)["http_status"] == 400.0


def test_sonarrs_api_lines_are_requests_served() -> None:
    # Sonarr's debug log (set 458; Radarr and Prowlarr write the same): its API's requests
    text = (
        "2025-02-18 01:35:47.7|Debug|Api|[GET] /api/v3/episodeFile?seriesId=11: 200.OK (34 ms)\n"
        "2025-02-18 01:35:48.1|Debug|Api|[PUT] /api/v3/series/11: 202.Accepted (5 ms)\n"
    )
    get, put = parse(text)
    assert samples(get) == {"http_status": 200.0, "response_time_ms": 34.0}
    assert samples(put)["http_status"] == 202.0


def test_a_traceback_under_a_bracketed_service_line_is_its() -> None:
    # paperless-ngx (set 458): "[%(asctime)s] [%(levelname)s] [%(name)s] %(message)s", the
    # traceback logger.exception writes under it; psycopg2's error with libpq's LINE and
    # caret, then its chained exception, one trace (a Django log, set 457)
    text = (
        "[2025-03-24 03:03:10,946] [ERROR] [paperless.tasks] ConsumeTaskPlugin failed: TV.pdf\n"
        "Traceback (most recent call last):\n"
        '  File "/usr/src/paperless/src/documents/tasks.py", line 154, in consume_file\n'
        "    msg = plugin.run()\n"
        'psycopg2.errors.UndefinedTable: relation "GlobalTag" does not exist\n'
        'LINE 1: ..."GlobalTag"."created" FROM "GlobalTag...\n'
        "                                       ^\n"
        "\n"
        "\n"
        "The above exception was the direct cause of the following exception:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/django/core/handlers/exception.py", line 47, in inner\n'
        "    response = get_response(request)\n"
        'django.db.utils.ProgrammingError: relation "GlobalTag" does not exist\n'
        "[2025-03-24 03:03:11,946] [INFO] [paperless.tasks] ok\n"
    )
    failed, ok = parse(text)
    assert failed.level == "ERROR" and len(failed.detail) == 14
    assert ok.level == "INFO"


def test_data_a_record_carries_is_no_time_of_its() -> None:
    # winston's JSON lines of an Express app (set 457): Joi's "_original" (the value it
    # validated), Sequelize's "instance" (the row), jsonwebtoken's "expiredAt": none the
    # record's time, so a record of no time of its own gets the last one's
    text = (
        "2025-01-14T09:57:47.365Z error: unhandledRejection: Validation error\n"
        '{"_original":{"start_date":"2024-03-20","total":600},"level":"error",'
        '"message":"\\"plan_id\\" is required"}\n'
        '{"errors":[{"instance":{"createdAt":"2025-01-16T00:48:22.644Z"}}],"level":"error",'
        '"message":"Validation error"}\n'
        '{"expiredAt":"2025-01-16T10:37:36.000Z","level":"error","message":"jwt expired"}\n'
    )
    lines = parse(text)
    assert {utc(x.ts) for x in lines} == {"2025-01-14T09:57:47"}


def test_review_round_39b_misfires() -> None:
    # the review of 20c66e9..3440e2b: lines the rules above were not written for
    # SQL Server Agent: a number in digits int() refuses, no crash; its "[LOG]" form
    odd, log = parse(
        "2020-11-21 05:20:06 - ? [²³¹] x\n"
        "2020-11-21 05:20:07 - ! [LOG] Exception 5 caught at line 0 of file x. "
        "SQLServerAgent initiating self-termination\n"
    )
    assert odd.message.endswith("x") and log.level == "ERROR"
    # a command's quoted output ends at a crash's first line and at a program's marked line
    text = (
        "W0704 20:38:53.178787   10176 addons.go:452] apply failed, will retry: exit 1\n"
        "stderr:\n"
        "error: error validating data\n"
        "❌  Exiting due to GUEST_START: failed to start node\n"
        "panic: runtime error: index out of range\n"
    )
    warning, exiting, panic = parse(text)
    assert len(warning.detail) == 2 and exiting.message.startswith("❌")
    assert panic.level in ("ERROR", "FATAL")
    # Python 3.11's carets under the last frame; git's "fatal:" after a stack is its own
    text = (
        "2024-05-01 10:00:00,000 ERROR django.request: Internal Server Error: /x\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/app/views.py", line 3, in f\n'
        "    cursor.execute(sql)\n"
        "    ^^^^^^^^^^^^^^^^^^^\n"
        "psycopg.errors.QueryCanceled: canceling statement due to statement timeout\n"
        "2024-05-01 10:00:01,000 INFO app: next\n"
    )
    error, info = parse(text)
    assert len(error.detail) == 5 and info.level == "INFO"
    # a Kubernetes audit event, its own time, under a klog line: a record of its own
    text = (
        "I0704 20:38:53.178787   10176 main.go:12] serving\n"
        '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1",'
        '"stage":"ResponseComplete","requestURI":"/api/v1/pods","verb":"list",'
        '"responseStatus":{"metadata":{},"code":403},'
        '"requestReceivedTimestamp":"2024-07-04T20:38:54.000000Z"}\n'
    )
    klog, audit = parse(text)
    assert not klog.detail and audit.fmt == "json"
    # Grafana's data source's error; a URL whole that returned a status, other wordings
    lines = parse(
        'logger=tsdb.loki t=2024-03-10T14:13:30Z level=error msg="Error received from loki" '
        "duration=26ms stage=databaseRequest statusCode=400\n"
        "2024-01-01 00:00:00 INFO x: https://x/healthz returned status code 503\n"
        '2024-01-01 00:00:01 INFO x: "https://x/y" returned HTTP status 503 after 1200ms\n'
    )
    assert all("http_status" not in samples(x) for x in lines)
    # a mark's level word after two spaces, or capitalised with its colon; a metric's
    # abbreviation no level
    lines = parse(
        "[16:40:10] ⚠️  ERROR (-15): x\n[16:40:11] ❌ Error: boom\n[16:40:12] 📊 ERR rate 0%\n"
    )
    assert [x.level for x in lines] == ["ERROR", "ERROR", "INFO"]
    # a step runner's bare name, and behind a "%c{1} - " layout
    for said in ("TaskRunner took 54ms", "2019-09-09 07:43:09 INFO StepExecutor - step took 5ms"):
        assert measures.names_job(said)
