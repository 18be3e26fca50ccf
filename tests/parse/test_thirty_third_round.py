"""Session 33's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples, utc


def test_snorts_year_less_alert_stamp_is_read() -> None:
    # Snort's full alert file: each "[**]" block carries "MM/DD-HH:MM:SS.ffffff" on its
    # third line; fast.log opens its line with it (no year unless snort ran with -y)
    text = (
        "[**] [1:527:8] BAD-TRAFFIC same SRC/DST [**]\n"
        "[Classification: Potentially Bad Traffic] [Priority: 2] \n"
        "03/26-08:32:28.115926 0.0.0.0:68 -> 255.255.255.255:67\n"
        "UDP TTL:128 TOS:0x0 ID:0 IpLen:20 DgmLen:328\n"
        "\n"
        "03/26-13:57:11.000412  [**] [1:2000:1] ET SCAN probe [**] [Priority: 2] {TCP} "
        "10.0.0.1:41 -> 10.0.0.2:80\n"
    )
    stamps = sorted(utc(line.ts) for line in parse(text) if line.ts)
    assert stamps[0] == "2024-03-26T08:32:28"
    assert stamps[-1] == "2024-03-26T13:57:11"
    # a dash between a day and a time is Snort's only with its microseconds
    (other,) = parse("03/10-10:00:00 step 3 of 10\n")
    assert utc(other.ts) != "2024-03-10T10:00:00"


def test_plex_media_servers_completed_line_is_a_served_request() -> None:
    # Plex Media Server.log: every request it answered, at DEBUG; its HttpClient's calls
    # out (a 200 from plex.tv) are no request it served
    text = (
        "Feb 06, 2026 12:48:39.813 [136529580047160] DEBUG - Completed: [192.168.1.208:18113] "
        "503 GET /media/providers (2 live) #1 GZIP 0ms 436 bytes (pipelined: 1)\n"
        "Feb 06, 2026 12:48:39.853 [136529445886776] DEBUG - [HttpClient/HCl#1] HTTP/1.1 "
        "(0.1s) 200 response from GET https://plex.tv/api/v2/server/users\n"
        "Feb 06, 2026 12:48:45.872 [136529580047160] DEBUG - Completed: [192.168.1.208:48045] "
        "200 GET /library/sections/50/all?type=1 (6 live) #2a GZIP Page 0-49 3ms 2648 bytes "
        "(pipelined: 2)\n"
        "Feb 06, 2026 12:49:38.829 [136529582156600] DEBUG - Completed: [192.168.1.208:62990] "
        "200 GET /library/sections (5 live) #54 TLS GZIP 539ms 2322 bytes (pipelined: 6)\n"
    )
    served, called, paged, tls = parse(text)
    assert samples(served) == {measures.HTTP_STATUS: 503, "response_time_ms": 0.0}
    # a 5xx served is an error whatever level the server logs its requests at
    assert served.level == "ERROR"
    assert samples(called) == {}
    assert called.level == "DEBUG"
    assert samples(paged) == {measures.HTTP_STATUS: 200, "response_time_ms": 3.0}
    assert paged.level == "DEBUG"  # a 2xx keeps the level it was logged at
    assert samples(tls)["response_time_ms"] == 539.0
    # before about 2022 Plex wrote no request number
    (older,) = parse(
        "Jan 12, 2022 13:42:43.716 [0x7f8444caa8] DEBUG - Completed: [192.168.1.89:61618] 503 "
        "GET /system/:/prefs (10 live) TLS GZIP 15ms 734 bytes (pipelined: 20)\n"
    )
    assert samples(older) == {measures.HTTP_STATUS: 503, "response_time_ms": 15.0}
    assert older.level == "ERROR"


def test_a_5xx_served_at_debug_is_an_error_but_a_call_answered_one_is_not() -> None:
    (spring,) = parse(
        "2024-05-02 10:00:00.000 DEBUG 1 --- [nio-8080-exec-1] o.s.web.servlet.DispatcherServlet"
        "        : Completed 500 INTERNAL_SERVER_ERROR\n"
    )
    assert spring.level == "ERROR"
    # a client logs the answers it got at debug: no status served, no error (the review's)
    head = "2024-05-02 10:00:00.000 DEBUG 1 --- [main] "
    calls = [
        head + "o.s.web.client.RestTemplate : Response 503 SERVICE_UNAVAILABLE",
        head + "o.s.w.r.f.client.ExchangeFunctions : [5b0c3b7a] Response 503 SERVICE_UNAVAILABLE",
        head + "c.x.ApiClient : [ApiClient#getItems] <--- HTTP/1.1 503 Service Unavailable (120ms)",
        head + "o.e.c.RestClient : request [GET http://localhost:9200/_cluster/health] returned "
        "[HTTP/1.1 503 Service Unavailable]",
        "2024-05-02T10:00:00Z [DEBUG] GET https://api.example.com/v1/items (status: 502): "
        "retrying in 1s (4 left)",
        '2024-05-02T10:00:00.000Z [DEBUG] retrying request: request="GET https://vault:8200/v1'
        '/sys/health (status: 503)" timeout=1s remaining=4',
        "2024-05-02 10:00:00.000 DEBUG [main] client: upstream responded with 503 Service "
        "Unavailable",
    ]
    for call in parse("\n".join(calls) + "\n"):
        assert call.level == "DEBUG", call.message
        assert measures.HTTP_STATUS not in samples(call), call.message


def test_solrs_update_summary_is_timed_by_its_closing_number() -> None:
    # Solr 6's LogUpdateProcessorFactory: what the update did, then " 0 " (its status, a
    # success) and the request's elapsed ms; the search requests' "status=0 QTime=45" alike
    head = "2016-09-20 01:17:35.128 INFO  (qtp110456297-17) [   x:IRF16P1] "
    update, search = parse(
        head + "o.a.s.u.p.LogUpdateProcessorFactory [IRF16P1]  webapp=/solr path=/update "
        "params={commit=true}{commit=} 0 1763\n"
        + head
        + "o.a.s.c.S.Request [IRF16P1]  webapp=/solr path=/select params={q=*:*} hits=10 "
        "status=0 QTime=45\n"
    )
    assert samples(update) == {measures.SERVED_OK_MS: 1763.0}
    assert derived.latency_tier(update.samples, update) == (derived.SERVED, 1763.0)
    assert derived.latency_tier(search.samples, search) == (derived.SERVED, 45.0)
    # a DataImportHandler's import answers at once and runs on: its summary's time is the
    # whole import's, no request's
    (imported,) = parse(
        head + "o.a.s.u.p.LogUpdateProcessorFactory [products]  webapp=/solr path=/dataimport "
        "params={command=full-import&commit=true}{add=[a, b (25000 adds)],commit=} 0 734219\n"
    )
    assert samples(imported) == {}
    # a count closing a line after braces is not one without Solr's webapp= before it
    (other,) = parse(head + "cache stats {hits=3} 0 1763\n")
    assert samples(other) == {}


def test_seaweedfs_glog_without_thread_or_bracket_is_read() -> None:
    # SeaweedFS's weed/glog: "Lmmdd hh:mm:ss.uuuuuu file:line msg", no pid, no "]"
    text = (
        "I0614 00:39:50.024209 master.go:282 current: 127.0.0.1:9333 peers:\n"
        "E0614 00:39:52.027614 s3.go:217 wait to connect to filer 127.0.0.1:8888\n"
    )
    info, error = parse(text)
    assert (utc(info.ts), info.level, info.fmt) == ("2023-06-14T00:39:50", "INFO", "klog")
    assert info.message == "current: 127.0.0.1:9333 peers:"
    assert info.fields == {"caller": "master.go:282"}
    assert (utc(error.ts), error.level) == ("2023-06-14T00:39:52", "ERROR")


def test_a_syslog_errors_traceback_under_its_programs_header_is_its_detail() -> None:
    # Amazon Linux's /var/log/messages: eb-cfn-init's own log relayed through syslog, an
    # ERROR record, then logger.exception's traceback, each line behind the header again
    h = "Aug 16 10:05:57 ip-172-31-17-26 [eb-cfn-init]: "
    text = (
        h + "2020-08-16 10:05:34,500 [ERROR] Timeout\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "/usr/lib/python2.7/dist-packages/cfnbootstrap/util.py", line 162\n'
        + h + "    return f(*args, **kwargs)\n"
        + h + "ReadTimeout: HTTPSConnectionPool(host='sqs.amazonaws.com'): Read timed out.\n"
        + h + "2020-08-16 10:05:34,503 [DEBUG] Sleeping for 0.428854 seconds\n"
    )  # fmt: skip
    error, sleeping = parse(text)
    assert error.level == "ERROR"
    assert "ReadTimeout" in error.detail[-1]
    assert sleeping.level == "DEBUG"
    # a traceback after another program's line, or after no error, is an entry of its own
    other = (
        h + "2020-08-16 10:05:34,500 [ERROR] Timeout\n"
        "Aug 16 10:05:57 ip-172-31-17-26 ntpd[2586]: Traceback (most recent call last):\n"
    )
    assert [line.level for line in parse(other)] == ["ERROR", "ERROR"]
    quiet = h + "2020-08-16 10:05:34,500 [INFO] ok\n" + h + "Traceback (most recent call last):\n"
    assert [line.level for line in parse(quiet)] == ["INFO", "ERROR"]


def test_a_syslog_traceback_keeps_its_frames_chained_or_uncaught() -> None:
    # the review's shapes: a chained exception (requests' timeouts are), a warning logged
    # with exc_info, an uncaught traceback on a service's stderr with no record before it
    h = "Aug 16 10:05:57 web1 myapp[2141]: "
    o = "Aug 16 10:06:57 web1 other[2]: "
    text = (
        h + "2020-08-16 10:05:34,500 [ERROR] fetch failed\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "a.py", line 1, in f\n'
        + h + "KeyError: 'x'\n"
        + h + "\n"
        + h + "During handling of the above exception, another exception occurred:\n"
        + h + "\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "a.py", line 3, in h\n'
        + h + "RuntimeError: boom\n"
        + h + "2020-08-16 10:05:35,500 [INFO] next\n"
        + o + "Traceback (most recent call last):\n"
        + o + '  File "b.py", line 1, in f\n'
        + o + "KeyError: 'DATABASE_URL'\n"
        + h + "WARNING:root:retrying fetch\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "a.py", line 1, in f\n'
        + h + "ValueError: v\n"
        + h + "INFO:root:done\n"
    )  # fmt: skip
    failed, following, uncaught, warned, done = parse(text)
    assert (failed.level, failed.detail[-1][-18:]) == ("ERROR", "RuntimeError: boom")
    assert following.message.endswith("[INFO] next")
    assert (uncaught.level, uncaught.detail[-1][-24:]) == ("ERROR", "KeyError: 'DATABASE_URL'")
    assert (warned.level, warned.detail[-1][-13:]) == ("WARNING", "ValueError: v")
    assert done.level == "INFO"


def test_home_assistants_setup_and_asyncios_slow_callbacks_time_no_work() -> None:
    # home-assistant.log: a domain's setup at start-up, asyncio's debug warning of a
    # callback that held the loop ("Executing <Task ...> took 0.136 seconds")
    head = "2024-07-28 11:52:45.753 "
    text = (
        head + "INFO (MainThread) [homeassistant.setup] Setup of domain api took 0.02 seconds\n"
        + head + "WARNING (MainThread) [asyncio] Executing <Task finished name='config entry "
        "setup' coro=<ConfigEntry.async_setup_locked() done> result=None> took 0.136 seconds\n"
        + head + "WARNING (MainThread) [asyncio] Executing <TimerHandle when=419636.52 "
        "EntityPlatform._async_handle_interval_callback()> took 0.145 seconds\n"
    )  # fmt: skip
    for line in parse(text):
        assert derived.latency_tier(line.samples, line) is None, line.message
    # a request's step in a layout's brackets is still one (the review's)
    (step,) = parse(head + "INFO [worker-3] [req-42] Loading user profile took 45ms\n")
    assert derived.latency_tier(step.samples, step) is not None
    # a job's time is still work ("Task ... succeeded in 0.2s")
    (job,) = parse(head + "INFO [celery.app.trace] Task app.send[1f2e] succeeded in 0.2s: None\n")
    assert derived.latency_tier(job.samples, job) is not None


def test_a_logger_name_after_a_clock_is_no_level() -> None:
    # a FastAPI service's logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s
    # %(message)s", datefmt="%H:%M:%S"): uvicorn's logger is named "uvicorn.error"
    text = (
        "17:37:57,338 uvicorn.error INFO Started server process [93034]\n"
        "17:37:57,33 fastapi_server INFO rid=IOMETF completed_in=0.38ms status_code=200\n"
        "17:38:08,138 app.db ERROR connection lost\n"
    )
    started, request, lost = parse(text)
    assert (started.level, started.message) == ("INFO", "Started server process [93034]")
    assert started.fields == {"logger": "uvicorn.error"}
    assert request.level == "INFO"
    # the middleware's "completed_in" times the request it served
    assert samples(request) == {measures.HTTP_STATUS: 200, "response_time_ms": 0.38}
    assert lost.level == "ERROR"


def test_a_done_in_key_with_its_unit_times_the_work() -> None:
    (job,) = parse("2024-05-31 17:37:57,338 worker INFO job=7 finished_in=2.5s\n")
    assert samples(job) == {"duration_ms": 2500.0}
    # no unit written: no telling seconds from ms
    (bare,) = parse("2024-05-31 17:37:57,338 worker INFO job=7 finished_in=3\n")
    assert samples(bare) == {}


def test_kafkas_controlled_shutdown_times_no_request() -> None:
    (line,) = parse(
        "[2023-01-16 17:29:29,010] INFO [KafkaServer id=0] Controlled shutdown request returned "
        "successfully after 43ms (kafka.server.KafkaServer)\n"
    )
    assert derived.latency_tier(line.samples, line) is None


def test_erlang_reports_under_lagers_time_are_entries_with_their_bodies() -> None:
    # lager's crash.log: "date time =KIND REPORT====", the report's lines under it
    text = (
        "2018-10-18 11:02:32 =ERROR REPORT====\n"
        '{module,"leo_backend_db_eleveldb"},{function,"prefix_search/3"},{line,227}\n'
        "2018-10-18 11:03:02 =CRASH REPORT====\n"
        "Error in process <0.32154.3029> on node 'storage_01@10.0.1.106' with exit value:\n"
        '{badarg,[{gen_fsm,send_event,2,[{file,"gen_fsm.erl"},{line,215}]}]}\n'
        "2018-10-18 11:03:04 =PROGRESS REPORT====\n"
        "    supervisor: {local,kernel_safe_sup}\n"
        "=SUPERVISOR REPORT==== 5-Apr-2017::18:48:48 ===\n"
        "     Supervisor: {local,leo_sup}\n"
    )
    levels = [line.level for line in parse(text)]
    assert levels == ["ERROR", "ERROR", "INFO", "ERROR"]


def test_a_request_record_wrapped_onto_its_next_line_keeps_its_status() -> None:
    # `heroku logs` copied from a terminal that wrapped: the router's pairs cut at a space,
    # the rest one space in on the next line
    text = (
        "2014-04-29T01:44:35.524397+00:00 heroku[router]: at=info method=GET "
        "path=/static/images/icon4.png host=berc-test.herokuapp.com request_id=481f77b3-56de\n"
        ' fwd="166.137.191.35" dyno=web.1 connect=0ms service=6ms status=200 bytes=19182\n'
    )
    (router,) = parse(text)
    assert samples(router)[measures.HTTP_STATUS] == 200
    assert samples(router)["response_time_ms"] == 6.0
    # an indented line under a record that has its status is the record's detail only
    done = (
        "2014-04-29T01:44:35.524397+00:00 heroku[router]: at=info method=GET path=/a "
        "service=6ms status=200\n"
        " note=x status=500\n"
    )
    (router,) = parse(done)
    assert samples(router)[measures.HTTP_STATUS] == 200


def test_a_response_status_line_alone_is_a_dump_of_a_call() -> None:
    # Terraform's logging transport under a provider's debug line: the response it got,
    # its status line and headers on the lines after
    text = (
        "2024-10-17T13:08:32.926+0100 [DEBUG] provider.terraform-provider-elasticstack: "
        "Fleet API Response Details:\n"
        "---[ RESPONSE ]--------------------------------------\n"
        "HTTP/1.1 503 Service Unavailable\n"
        "Transfer-Encoding: chunked\n"
    )
    for line in parse(text):
        assert measures.HTTP_STATUS not in samples(line), line.message
        assert line.level != "ERROR", line.message
    # a served request's line with its protocol still has its status
    (served,) = parse('10.0.0.1 - - [17/Oct/2024:13:08:32 +0000] "GET / HTTP/1.1" 503 12\n')
    assert samples(served)[measures.HTTP_STATUS] == 503


def test_rails_2s_rescue_page_gives_the_requests_status() -> None:
    # Rails 2.x development.log: an exception nothing handled, then its rescue page
    text = (
        "Processing DiscussionPostsController#index (for 127.0.0.1 at 2012-05-28 00:53:30) "
        "[GET]\n"
        "\n"
        "ActiveRecord::StatementInvalid (SQLite3::SQLException: no such table: "
        'discussion_posts: SELECT * FROM "discussion_posts" ):\n'
        "  app/controllers/discussion_posts_controller.rb:5:in `index'\n"
        "\n"
        "\n"
        "Rendered rescues/_trace (15.5ms)\n"
        "Rendering rescues/layout (internal_server_error)\n"
        "Rendering rescues/layout (not_found)\n"
    )
    lines = parse(text)
    statuses = [samples(ln).get(measures.HTTP_STATUS) for ln in lines]
    assert [s for s in statuses if s] == [500.0, 404.0]
    # the exception is the error, once: its status's line is no second one
    assert sum(ln.level == "ERROR" for ln in lines) == 1


def test_the_second_reviews_client_calls_and_shutdown_words() -> None:
    head = "2024-05-02 10:00:00.000 DEBUG 1 --- [main] "
    calls = [
        # WebClient since 5.3: the log prefix, then the response's id in brackets of its own
        head + "o.s.w.r.f.client.ExchangeFunctions : [6c7f2a1e] [a8b8b6b4-1] Response 503 "
        "SERVICE_UNAVAILABLE",
        head + "o.s.w.r.f.client.ExchangeFunctions : [5b0c3b7] Response 503 SERVICE_UNAVAILABLE"
        ", headers={masked}",
        head + "o.s.web.client.RestTemplate : Response 599",
        head + "c.x.Client : [Client#get(String)] <--- UNKNOWN 503 Service Unavailable (120ms)",
        '2024-05-02T10:00:00.000Z [DEBUG] vault-client: retrying request: request="GET '
        'https://vault:8200/v1/sys/health (status: 503)" timeout=1s remaining=4',
    ]
    for call in parse("\n".join(calls) + "\n"):
        assert samples(call) == {}, call.message
        assert call.level == "DEBUG", call.message
    # a shutdown in a path's or a job's name is no shutdown of the program's
    named = [
        "2024-05-02 10:00:00,000 INFO Request POST /api/vm/shutdown took 812ms",
        "2024-05-02 10:00:00,000 INFO job shutdown-nightly-vms took 5400ms",
    ]
    for line in parse("\n".join(named) + "\n"):
        assert samples(line) != {}, line.message


def test_a_wrapped_line_completes_a_record_only_with_pairs_alone() -> None:
    # a traceback's code line under a record is no pair of it (the second review's)
    h = "2024-06-01T10:00:00.000000+00:00 app[web.1]: "
    text = (
        h + 'level=error method=POST path=/api/orders request_id=abc123 msg="unhandled"\n'
        "    return JsonResponse(serializer.errors, status=400)\n"
    )
    (record,) = parse(text)
    assert measures.HTTP_STATUS not in samples(record)
    # the router's wrap right before its status: its service time already read
    text = (
        "2014-04-29T01:44:35.524397+00:00 heroku[router]: at=info method=GET path=/a "
        "host=x.herokuapp.com connect=0ms service=16ms\n"
        " status=200 bytes=19182\n"
    )
    (router,) = parse(text)
    assert samples(router)[measures.HTTP_STATUS] == 200


def test_a_syslog_traceback_with_a_long_exception_or_an_exception_group() -> None:
    h = "Aug 16 10:05:57 web1 myapp[2141]: "
    text = (
        h + "2020-08-16 10:05:34,500 [ERROR] db down\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "a.py", line 1, in f\n'
        + h + "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect\n"
        + h + "\tIs the server running on that host and accepting TCP/IP connections?\n"
        + h + "\n"
        + h + "(Background on this error at: https://sqlalche.me/e/14/e3q8)\n"
        + h + "ERROR:    Exception in ASGI application\n"
        + h + "  + Exception Group Traceback (most recent call last):\n"
        + h + '  |   File "anyio/_backends/_asyncio.py", line 767, in __aexit__\n'
        + h + "  | ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)\n"
        + h + "  +-+---------------- 1 ----------------\n"
        + h + "    | Traceback (most recent call last):\n"
        + h + "    | ValueError: x\n"
        + h + "    +------------------------------------\n"
        + h + "INFO:     127.0.0.1:5000 - \"GET / HTTP/1.1\" 200 OK\n"
    )  # fmt: skip
    down, asgi, access = parse(text)
    assert down.detail[-1].endswith("(Background on this error at: https://sqlalche.me/e/14/e3q8)")
    assert asgi.level == "ERROR"
    assert asgi.detail[-1].endswith("+------------------------------------")
    assert access.level == "INFO"


def test_a_clock_then_a_loggers_name_in_the_other_layouts() -> None:
    text = (
        "17:37:57 - uvicorn.error - INFO - Started server process [93034]\n"
        "17:37:58,338 [uvicorn.error] INFO Started\n"
        "17:37:59,338 uvicorn.error   INFO     Waiting for application startup.\n"
        # a level word is no logger's name: the first is the level
        "17:38:00,338 INFO DEBUG mode is on\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "INFO", "INFO", "INFO"]
    assert [(ln.fields or {}).get("logger") for ln in lines] == [
        "uvicorn.error",
        "uvicorn.error",
        "uvicorn.error",
        None,
    ]


def test_set_330s_and_331s_rules() -> None:
    # Airflow's env vars exported for a task, one a date: the setting's, no line's time
    text = (
        "[2019-10-22 12:00:57,529] {bash_operator.py:91} INFO - Exporting the following env "
        "vars:\n"
        "AIRFLOW_CTX_DAG_ID=test_new\n"
        "AIRFLOW_CTX_EXECUTION_DATE=2019-10-22T00:00:00+00:00\n"
    )
    assert {utc(ln.ts) for ln in parse(text)} == {"2019-10-22T12:00:57"}
    # Kafka Connect's REST request log: the ms after the agent, before log4j's logger
    (rest,) = parse(
        '[2025-02-10 17:19:23,901] INFO [0:0:0:0:0:0:0:1] - - [10/Feb/2025:17:19:23 +0000] "GET '
        '/connectors HTTP/1.1" 200 16 "-" "curl/7.61.1" 400 '
        "(org.apache.kafka.connect.runtime.rest.RestServer)\n"
    )
    assert samples(rest) == {measures.HTTP_STATUS: 200, "response_time_ms": 400.0}
    # eb-engine.log: chronyc's answer, a status alone, names no request
    (answer,) = parse("2021/10/15 18:56:34.522695 [INFO] 200 OK\n")
    assert samples(answer) == {}
    # lm-sensors' limits under journald: "crit" as a key
    (sensor,) = parse(
        "Feb 05 17:36:58 NAS sensors[587]: Core 0:       +58.0°C  (high = +80.0°C, crit = "
        "+100.0°C)\n"
    )
    assert sensor.level not in ("CRITICAL", "ERROR")
    # Rails 3.0 on Ruby 1.8: Time#to_s in its Started line
    (started,) = parse('Started GET "/" for 122.167.105.253 at Wed Dec 29 08:39:27 -0800 2010\n')
    assert utc(started.ts) == "2010-12-29T16:39:27"


def test_the_third_reviews_cases() -> None:
    # the kernel's failure errno is an error; lm-sensors' limits, each name of them, are not
    text = (
        "Feb 05 17:36:58 NAS kernel: device-mapper: table: 253:2: thin-pool: preresume "
        "failed, error = -22\n"
        "Feb 05 17:36:58 NAS sensors[587]:        (crit low = -40.0°C, crit = +70.0°C)\n"
        "Feb 05 17:36:58 NAS sensors[587]: (crit min = +0.50 V, crit max = +2.00 V)\n"
    )
    assert [ln.level for ln in parse(text)] == ["ERROR", "INFO", "INFO"]
    # Kafka's own connect-log4j.properties closes with the logger's line
    (rest,) = parse(
        "[2024-10-14 06:19:02,289] INFO [0:0:0:0:0:0:0:1] - - [14/Oct/2024:00:49:02 +0000] "
        '"POST /connector-plugins/x/config/validate HTTP/1.1" 405 58 "-" "PostmanRuntime/7.42.0" '
        "5 (org.apache.kafka.connect.runtime.rest.RestServer:62)\n"
    )
    assert samples(rest) == {measures.HTTP_STATUS: 405, "response_time_ms": 5.0}
    # the same behind an ISO layout (Confluent's REST Proxy) and behind compose's prefix:
    # each reaches another of the readers of a request inside a line
    iso, composed = parse(
        "2024-10-14 06:19:02,289 INFO [0:0:0:0:0:0:0:1] - - [14/Oct/2024:00:49:02 +0000] "
        '"GET /v3/clusters HTTP/1.1" 200 58 "-" "curl/8" 5 (io.confluent.rest-utils.requests:62)\n'
        "connect  | [2024-10-14 06:19:02,289] INFO 10.0.0.1 - - [14/Oct/2024:00:49:02 +0000] "
        '"GET /connectors HTTP/1.1" 200 58 "-" "curl/8" 7 '
        "(org.apache.kafka.connect.runtime.rest.RestServer:62)\n"
    )
    assert samples(iso)["response_time_ms"] == 5.0
    assert samples(composed)["request_time_ms"] == 7.0
    # Rails 2.3 names the rescue template's whole path; Rack's word for 422 (3.13's alias)
    (rescue,) = parse(
        "Rendering E:/Projects/x/vendor/rails/actionpack/lib/action_controller/templates/"
        "rescues/layout.erb (unprocessable_entity)\n"
    )
    assert samples(rescue) == {measures.HTTP_STATUS: 422}
    # logback's default after a clock: the thread in brackets, the logger after the level
    (started,) = parse("17:37:58.123 [main] INFO  com.example.App - Started App in 2.1 seconds\n")
    assert started.fields == {"thread": "main", "logger": "com.example.App"}
    assert started.message == "Started App in 2.1 seconds"
    # SQLAlchemy's statement and psycopg2's detail under a syslog traceback; a chained
    # exception group
    h = "Aug 16 10:05:57 web1 myapp[2141]: "
    text = (
        h + "2020-08-16 10:05:34,500 [ERROR] insert failed\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "a.py", line 1, in f\n'
        + h + "sqlalchemy.exc.IntegrityError: (psycopg2.errors.UniqueViolation) duplicate key\n"
        + h + "DETAIL:  Key (email)=(a@b.c) already exists.\n"
        + h + "\n"
        + h + "[SQL: INSERT INTO users (email) VALUES (%(email)s)]\n"
        + h + "[parameters: {'email': 'a@b.c'}]\n"
        + h + "(Background on this error at: https://sqlalche.me/e/14/gkpj)\n"
        + h + "\n"
        + h + "During handling of the above exception, another exception occurred:\n"
        + h + "\n"
        + h + "  + Exception Group Traceback (most recent call last):\n"
        + h + "  | ExceptionGroup: errors (1 sub-exception)\n"
        + h + "  +-+---------------- 1 ----------------\n"
        + h + "    | ValueError: y\n"
        + h + "    +------------------------------------\n"
        + h + "2020-08-16 10:05:35,500 [INFO] next\n"
    )  # fmt: skip
    failed, following = parse(text)
    assert failed.detail[-1].endswith("+------------------------------------")
    assert following.message.endswith("[INFO] next")


def test_set_333s_to_335s_rules() -> None:
    # Lift's TimeHelpers, its unit capitalised
    (lift,) = parse(
        "[INFO] [2010-11-27 14:35:28,142] [161630@qtp-3070558-0] n.l.u.TimeHelpers: Service "
        "request (GET) / took 513 Milliseconds\n"
    )
    assert samples(lift) == {"duration_ms": 513.0}
    # WebLogic's banner inside a record's message: the product's build date, no time
    text = (
        "####<May 20, 2016 1:50:11 PM CEST> <Info> <WebLogicServer> <slaskawi> <> <Thread-5> "
        "<> <> <> <1463745011893> <[severity-value: 64] > <BEA-000214> <WebLogic Server\n"
        "WebLogic Server 12.2.1.0.0 Tue Oct  6 10:05:47 PDT 2015 1721936 Copyright (c) 1995,"
        "2015, Oracle and/or its affiliates. All rights reserved.> \n"
    )
    assert min(utc(ln.ts) for ln in parse(text)) == "2016-05-20T11:50:11"
    # Play's default error handler: the request answered 500
    (play,) = parse("! @81lc7ck4f - Internal server error, for (GET) [/] ->\n")
    assert samples(play) == {measures.HTTP_STATUS: 500}
    # a servlet filter's spaced pair, its unit written
    (filtered,) = parse(
        "[2018-08-24 10:51:58] INFO  com.example.filters.ExecuteTimeFilter - request uri "
        "=/view/getView, executeTime = 158ms,paramMap ={}\n"
    )
    assert samples(filtered) == {"duration_ms": 158.0}
    # Django's runserver request behind a layout of no time
    (runserver,) = parse('INFO basehttp 124 "GET /meiduo_admin/x/ HTTP/1.1" 200 775\n')
    assert samples(runserver)[measures.HTTP_STATUS] == 200
    # Next.js 13's dev server prefixes; a list's "- error handling" is none
    text = "- error ./app/page.tsx:10:0\n- warn You have enabled x\n- error handling improved\n"
    assert [ln.level for ln in parse(text)] == ["ERROR", "WARNING", "UNKNOWN"]
    # Gitea's router with no status written: served, unanswered
    (gitea,) = parse(
        "2025/06/09 17:58:48 ...eb/routing/logger.go:102:func1() [I] router: completed POST "
        "/x/y/git-receive-pack for 192.168.1.163:0, 0  in 31.2ms @ repo/githttp.go:486(x)\n"
    )
    assert samples(gitea) == {measures.UNANSWERED_MS: 31.2}
    # tracing's fmt pads actix-web's access line
    (actix,) = parse(
        "2025-05-22T03:33:02.044949Z  INFO actix_web::middleware::logger: 127.0.0.1 "
        '"GET /collections HTTP/1.1" 200 59 "-" "curl/8.13.0" 0.000115    \n'
    )
    assert samples(actix)["response_time_ms"] == 0.115
    # Firecracker's boot source: the kernel's parameters, no level
    (boot,) = parse(
        "2024-08-26T09:46:23.519289934 [anonymous-instance:fc_api] The API server received a "
        'Put request on "/boot-source" with body "{\\"boot_args\\":\\"console=ttyS0 reboot=k '
        'panic=1 pci=off\\"}".\n'
    )
    assert boot.level not in ("FATAL", "ERROR", "CRITICAL")


def test_a_date_opening_a_line_of_no_layout_is_off_its_message() -> None:
    # the log pane showed Plex's lines as "Feb 06, 2026 12:48:39.813 [1365...] DEBUG - Co…"
    # at 120 columns: the time twice, the message cut
    text = (
        "Feb 06, 2026 12:48:39.813 [136529580047160] DEBUG - Completed: [192.168.1.208:18113] "
        "200 GET /library/sections (5 live) #54 TLS GZIP 3ms 2322 bytes (pipelined: 6)\n"
        "16.05.2024 09:23:38 [worker] job 12 done\n"
    )
    plex, worker = parse(text)
    # and off its thread's bracket and its level's word, as a known layout's
    assert plex.message.startswith("Completed: [192.168.1.208:18113] 200 GET ")
    assert plex.fields is not None and plex.fields["thread"] == "136529580047160"
    assert plex.level == "DEBUG"
    assert worker.message == "[worker] job 12 done"
    assert utc(worker.ts) == "2024-05-16T09:23:38"


def test_set_336s_to_339s_rules() -> None:
    # OpenStack's API services log the requests they answered by their own endpoint's URL
    (cinder,) = parse(
        "2013-09-27 18:26:40.503 6602 INFO cinder.api.openstack.wsgi [req-35ce1965 4be23dd4 "
        "4ca8f263] http://127.0.0.1:8776/v1/4ca8f263/volumes returned with HTTP 202\n"
    )
    assert samples(cinder) == {measures.HTTP_STATUS: 202}
    # its level kept: nova-api.log's eventlet access line for the same request is its error
    nova = parse(
        "2014-04-16 21:17:11.127 8885 INFO nova.api.openstack [req-77595e20 e7537 f3a2] "
        "http://10.0.0.5:8774/v2/f3a2/servers returned with HTTP 500\n"
        "2014-04-16 21:17:11.128 8885 INFO nova.osapi_compute.wsgi.server [req-77595e20 e7537 "
        'f3a2] 10.0.0.5 "POST /v2/f3a2/servers HTTP/1.1" status: 500 len: 335 time: 0.7661729\n'
    )
    assert [ln.level for ln in nova] == ["INFO", "ERROR"]
    # an unset RTC's date says no year: the board's kern.log keeps the reference's
    text = (
        "Jan  1 00:00:06 3dr_solo user.info kernel: snvs_rtc 20cc034.snvs-rtc-lp: setting "
        "system clock to 1970-01-01 00:00:00 UTC (0)\n"
        "Feb 26 10:04:18 3dr_solo user.err kernel: imx-uart 21f4000.serial: Rx FIFO overrun\n"
    )
    assert [utc(ln.ts)[:4] for ln in parse(text)] == ["2024", "2024"]
    # Android's system server times its own dispatches and lifecycles: no work served
    text = (
        "09-26 18:20:01.123  1234  1250 W Looper  : Dispatch took 200ms on android.ui, "
        "h=Handler (android.os.Handler) {a562902} cb=android.os.Handler$BlockingRunnable@d22 "
        "msg=0\n"
        "09-26 18:20:02.123  1234  1250 I SystemServiceManager: Service com.android.server."
        "StorageManagerService$Lifecycle took 1999 ms in onUnlockUser\n"
    )
    for line in parse(text):
        assert derived.latency_tier(line.samples, line) is None, line.message


def test_the_fourth_reviews_cases() -> None:
    # Java's IPv6 client says Java, not which Tomcat: 10's %D is µs (the rule is gone)
    (tomcat10,) = parse(
        '0:0:0:0:0:0:0:1 - - [21/Apr/2024:14:28:49 +0000] "GET /api/items HTTP/1.1" 200 512 15234\n'
    )
    assert samples(tomcat10)["request_time_ms"] == 15.234
    # settings are keys: sysctl's, a config's; a failure's errno is not
    text = (
        "Feb 05 17:36:58 NAS kernel: kernel.panic = 10\n"
        "Feb 05 17:36:58 NAS app[5]: debug = false\n"
        "Feb 05 17:36:58 NAS kernel: thin-pool: preresume failed, error = -22\n"
    )
    assert [ln.level for ln in parse(text)] == ["INFO", "INFO", "ERROR"]
    # libpq's position report and SQLAlchemy's statement over lines, under a syslog trace
    h = "Aug 16 10:05:57 web1 myapp[2141]: "
    text = (
        h + "2020-08-16 10:05:34,500 [ERROR] query failed\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "a.py", line 1, in f\n'
        + h + 'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedColumn) column "foo"\n'
        + h + "LINE 1: SELECT users.id AS users_id, users.foo AS users_foo \n"
        + h + "                                     ^\n"
        + h + "\n"
        + h + "[SQL: SELECT users.id AS users_id, users.foo AS users_foo \n"
        + h + "FROM users \n"
        + h + "WHERE users.email = %(email_1)s]\n"
        + h + "[parameters: {'email_1': 'a@b.c'}]\n"
        + h + "(Background on this error at: https://sqlalche.me/e/14/f405)\n"
        + h + "2020-08-16 10:05:35,500 [INFO] next\n"
    )  # fmt: skip
    failed, following = parse(text)
    assert failed.detail[-1].endswith(
        "(Background on this error at: https://sqlalche.me/e/14/f405)"
    )
    assert following.message.endswith("[INFO] next")
    # Python's "[%(name)s] %(levelname)s" after a clock: a message of its own dashes keeps them
    (werkzeug,) = parse(
        '10:05:47 [werkzeug] INFO 127.0.0.1 - - [01/Jun/2024 10:05:47] "GET /api HTTP/1.1" 500 -\n'
    )
    assert werkzeug.fields is not None and werkzeug.fields.get("logger") == "werkzeug"
    assert werkzeug.message.startswith("127.0.0.1 - - ")
    # logback's threads with spaces
    (hikari,) = parse(
        "10:05:47.125 [HikariPool-1 housekeeper] DEBUG com.zaxxer.hikari.pool.HikariPool - "
        "Pool stats (total=10, active=0)\n"
    )
    assert hikari.fields == {
        "thread": "HikariPool-1 housekeeper",
        "logger": "com.zaxxer.hikari.pool.HikariPool",
    }
    # Lift 3's line with its status; WebLogic 12.1's banner with two spaces; Next.js 13's
    # lower-case words; Firecracker's default boot line; Play's path with brackets; a
    # spaced unit
    (lift,) = parse(
        "[INFO] [2010-11-27 14:35:28,142] [1@qtp] n.l.u.TimeHelpers: Service request (GET) "
        "/index returned 200, took 513 Milliseconds\n"
    )
    assert samples(lift) == {measures.HTTP_STATUS: 200, "response_time_ms": 513.0}
    text = (
        "####<May 21, 2014 6:53:40 PM PDT> <Info> <WebLogicServer> <h> <> <main> <> <> <> "
        "<1400723620000> <BEA-000214> <WebLogic Server\n"
        "WebLogic Server 12.1.3.0.0  Wed May 21 18:53:34 PDT 2014 1604337 >\n"
    )
    assert min(utc(ln.ts) for ln in parse(text)) == "2014-05-22T01:53:40"
    text = (
        "- error unhandledRejection: TypeError [ERR_INVALID_ARG_TYPE]: x\n"
        "- warn metadata.metadataBase is not set\n"
    )
    assert [ln.level for ln in parse(text)] == ["ERROR", "WARNING"]
    (boot,) = parse(
        "2024-08-26T09:46:23.519289934 [anonymous-instance:fc_api] body "
        '"{\\"boot_args\\":\\"reboot=k panic=1 pci=off nomodules\\"}".\n'
    )
    assert boot.level not in ("FATAL", "ERROR", "CRITICAL")
    (play,) = parse(
        "! @81lc7ck4f - Internal server error, for (GET) [/api/items?filter[status]=open] ->\n"
    )
    assert play.fields is not None and play.fields["path"] == "/api/items?filter[status]=open"
    (spaced,) = parse(
        "[2018-08-24 10:51:58] INFO  x.ExecuteTimeFilter - request uri =/v, executeTime = 158 ms\n"
    )
    assert samples(spaced) == {"duration_ms": 158.0}
