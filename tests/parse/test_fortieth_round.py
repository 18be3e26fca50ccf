"""Session 40's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived
from tests.helpers.parsing import parse, samples, utc


def test_iris_request_logger_lines_are_requests_served() -> None:
    # Iris' request logger ("%v %4v %s %s %s": status, latency as Go prints it, client,
    # method, path), copied into services' own middleware and sent through logrus (set 463);
    # a text line and a JSON record's message alike
    text = (
        "[INFO] 2020/05/19 12:09 200    46.87542ms ::1 GET /api/v1/users\n"
        "[WARN] 2020/05/19 12:10 500 1m2.5s 10.0.0.1 POST /x?y=1 upstream gone\n"
        '{"level":"info","msg":" 2022-11-04 11:45:16.7106 404   17.161823ms '
        '127.0.0.1:64896 GET /api/v1/users/user_info","time":"2022-11-04T11:45:16+08:00"}\n'
    )
    ok, failed, json = parse(text)
    assert samples(ok) == {"http_status": 200.0, "response_time_ms": 46.87542}
    assert samples(failed) == {"http_status": 500.0, "response_time_ms": 62500.0}
    assert samples(json) == {"http_status": 404.0, "response_time_ms": 17.161823}
    # the status first in the message (after a time the middleware wrote, at most): prose,
    # a client's line or a number that is no status are no such line
    for prose in (
        "2020/05/19 12:09 retrying 503 500ms backoff GET /api/v1/x\n",
        "2020/05/19 12:09 sleeping 250 15ms each GET /x\n",
        "2020/05/19 12:09 outbound 200 12ms api.github.com GET /repos/x\n",
        '{"level":"warn","msg":"client: got 503 1.2s from GET /api/v1/x",'
        '"time":"2024-01-01T00:00:00Z"}\n',
    ):
        (line,) = parse(prose)
        assert "http_status" not in samples(line) and line.level != "ERROR", prose


def test_lua_nginx_refusing_a_status_names_none_served() -> None:
    # OpenResty's error log (set 462): a script's ngx.exit after the headers went; the status
    # it asked for was never sent, the one sent is the access line's
    text = (
        "2017/03/21 22:42:52 [error] 67210#0: *1 attempt to set status 404 via ngx.exit after "
        'sending out the response status 200, client: 127.0.0.1, server: , request: "GET /a '
        'HTTP/1.1", host: "localhost"\n'
    )
    (line,) = parse(text)
    assert "http_status" not in samples(line)
    assert line.level == "ERROR"


def test_mongodbs_own_threads_do_housekeeping() -> None:
    # MongoDB 3.6 (set 462): the periodic task runner's tasks and an unnamed thread's index
    # build for the session cache are the server's own; a client's command on its connection
    # is timed work
    text = (
        "2018-08-01T14:33:53.257+0800 I COMMAND  [thread13] command config.$cmd command: "
        'createIndexes { createIndexes: "system.sessions", indexes: [ { key: { lastUse: 1 }, '
        'name: "lsidTTLIndex", expireAfterSeconds: 1800 } ], $db: "config" } numYields:0 '
        "reslen:98 locks:{ Global: { acquireCount: { r: 1, w: 1 } } } protocol:op_msg 158ms\n"
        "2018-08-13T20:07:17.230+0800 I COMMAND  [PeriodicTaskRunner] task: "
        "DBConnectionPool-cleaner took: 133ms\n"
        '2018-09-05T19:39:20.936+0800 I COMMAND  [conn67] command infnote appName: "MongoDB '
        'Shell" command: dropDatabase { dropDatabase: 1.0, $db: "infnote" } numYields:0 '
        "reslen:59 locks:{ Global: { acquireCount: { r: 2, w: 2 } } } protocol:op_msg 634ms\n"
    )
    index, cleaner, drop = parse(text)
    assert samples(index) == {} and samples(cleaner) == {}
    assert samples(drop) == {"query_duration_ms": 634.0}
    # 2.x's runner thread
    (old,) = parse(
        "Mon Jan  6 20:32:18.899 [PeriodicTask::Runner] task: DBConnectionPool-cleaner took: 5ms\n"
    )
    assert samples(old) == {}


def test_a_time_key_run_into_a_value_is_no_key() -> None:
    # a uWSGI app printing a request's dict without separators (set 462): "909timestamp="
    # is data, the line has no time of its own and takes the one before it
    text = (
        "[pid: 22092|app: 0|req: 1/1] 10.0.0.7 () {36 vars in 640 bytes} [Thu Jun 16 15:28:12 "
        "2016] GET /functiontest => generated 21 bytes in 83 msecs (HTTP/1.1 200) 2 headers in "
        "79 bytes (1 switches on core 0)\n"
        "device_id=f8:a4:5f:11:21:79is_exact=0keywords=909timestamp=2016-03-31 15:39:00client"
        "_credentialsf8:a4\n"
    )
    request, printed = parse(text)
    assert utc(printed.ts) == utc(request.ts) == "2016-06-16T15:28:12"
    # the same near the line's head
    (near,) = parse("keywords=909timestamp=2016-03-31 15:39:00client_credentials\n")
    assert not utc(near.ts).startswith("2016-03-31")
    # a key of its own still times its line, digits in its words and all
    (own,) = parse("app=x timestamp=2016-03-31T15:39:00Z msg=hello\n")
    assert utc(own.ts) == "2016-03-31T15:39:00"
    (pod,) = parse("CEF:0|k8s|x|1|100|event|3| k8s.pod.start_time=2016-03-31T15:39:00Z\n")
    assert utc(pod.ts) == "2016-03-31T15:39:00"


def test_dbt_events_keep_their_lines() -> None:
    # dbt's dbt.log (set 466): every event opens with its head, a message's line breaks
    # kept; a connection's retry quotes libpq's error ("FATAL: ...") on lines of its own,
    # the debug event's, no error of the log's. The file's invocation banner says it is the
    # file (dbt --debug on a terminal writes the same heads among other programs' lines)
    text = (
        "============================== 22:59:29.905412 | e5976737-df84-4430-8dfe-12d9505849a5"
        " ==============================\n"
        "22:59:30.322239 [debug] [MainThread]: Postgres adapter: Got a retryable error when "
        "attempting to open a postgres connection.\n"
        "1 attempts remaining. Retrying in 0 seconds.\n"
        "Error:\n"
        'FATAL:  password authentication failed for user "dbt"\n'
        "2024-01-01 10:00:00 is a date a model's SQL holds\n"
        "\n"
        "22:59:30.352008 [error] [Thread-1 (]: Encountered an error:\n"
        "Runtime Error\n"
        "  No dbt_project.yml found at expected path /srv/dbt/dbt_project.yml\n"
        "22:59:30.400000 [test ] [MainThread]: a test-level event\n"
    )
    _banner, retry, failed, tested = parse(text)
    assert retry.level == "DEBUG" and retry.message.startswith("Postgres adapter: Got")
    assert "Error:" in retry.detail and retry.fields == {"thread": "MainThread"}
    assert utc(retry.ts)[11:] == "22:59:30" and len(retry.detail) == 5
    assert failed.level == "ERROR" and failed.fields == {"thread": "Thread-1 ("}
    assert failed.detail[0] == "Runtime Error"
    assert tested.level == "DEBUG"
    # no banner (dbt --debug's output in a CI job's log): another program's lines their own
    ci = parse(
        "22:59:30.352008 [info ] [MainThread]: Finished running 3 view models\n"
        "make: *** [Makefile:3: dbt] Error 2\n"
    )
    assert [line.level for line in ci] == ["INFO", "ERROR"]


def test_the_firmware_loaders_miss_is_a_warning() -> None:
    # a PinePhone's syslog (set 464): the kernel's "Direct firmware load ... failed with
    # error -2" is its dev_warn; the driver's own line says if it is an error
    text = (
        "Jul 25 10:40:29 mobian kernel: [    8.380882] platform regulatory.0: Direct firmware "
        "load for regulatory.db failed with error -2\n"
        "Jul 25 10:40:29 mobian kernel: [    2.021622] panel-xingbangda-xbd599 1ca0000.dsi.0: "
        "[drm:xbd599_probe] *ERROR* mipi_dsi_attach failed. Is host ready?\n"
    )
    firmware, panel = parse(text)
    assert firmware.level == "WARNING" and panel.level == "ERROR"
    # 3.x kernels' wording, no file named
    (old,) = parse(
        "kernel: [    2.1] iwlwifi 0000:03:00.0: Direct firmware load failed with error -2\n"
    )
    assert old.level == "WARNING"


def test_a_task_id_pair_names_the_work_timed() -> None:
    # Airflow 2's scheduler (set 466): "TaskInstance Finished: dag_id=..., task_id=...,
    # run_duration=0.346433" (seconds), each task run's time; a DAG run's too
    text = (
        "2024-03-06 12:25:06,869 INFO - TaskInstance Finished: dag_id=my_dag, task_id=first, "
        "run_id=manual__2024-03-06T05:48:30+00:00, map_index=-1, run_start_date=2024-03-06 "
        "07:25:03.832475+00:00, run_end_date=2024-03-06 07:25:04.178908+00:00, "
        "run_duration=0.346433, state=success, executor_state=success, try_number=1\n"
        "2024-03-06 12:25:07,000 INFO - Loop finished: iteration=4, run_duration=0.5\n"
    )
    task, loop = parse(text)
    assert derived.latency_tier(task.samples, task) == (derived.TIMED, 346.433)
    assert derived.latency_tier(loop.samples, loop) is None  # the scheduler's own loop


def test_a_process_runners_prefix_before_json_records() -> None:
    # concurrently's "[api] " before each line of a Node server (set 416): pino's records
    # behind it read as records, its other lines (an object printed over lines) the name's
    text = (
        '[api] {"level":30,"time":1768584937566,"pid":7640,"hostname":"mac","reqId":"req-l",'
        '"res":{"statusCode":200},"responseTime":253.16,"msg":"request completed"}\n'
        "[api] [handleSolanaQuote] Token metadata: {\n"
        "[api]   tokenIn: 'So111',\n"
        "[api] }\n"
    )
    record, printed, _closing = parse(text)
    assert record.fmt == "json" and utc(record.ts) == "2026-01-16T17:35:37"
    assert samples(record) == {"http_status": 200.0, "response_time_ms": 253.16}
    assert printed.fields == {"prefix": "api"} and printed.detail == ("[api]   tokenIn: 'So111',",)
    # a level's word in brackets before a record is no process's name
    (leveled,) = parse('[INFO] {"msg": "x", "time": "2024-01-01T00:00:00Z"}\n')
    assert not (leveled.fields or {}).get("prefix")


def test_a_thrown_objects_own_words_then_its_frames_are_the_errors() -> None:
    # SymmetricDS' service wrapper (set 468): "Exception caught." at SEVERE, then the
    # exception's toString (its own words, no class name) and its frames: one error
    text = (
        "2020-04-13 17:39:48 [SEVERE ] [wrapper] Exception caught.\n"
        "Error 16 [Unexpected exit from server] with native error 1\n"
        "\tat org.jumpmind.symmetric.wrapper.WrapperService.execJava(WrapperService.java:236)\n"
        "\tat org.jumpmind.symmetric.wrapper.Wrapper.main(Wrapper.java:69)\n"
        "\n"
        "2020-04-13 17:50:28 [INFO   ] [wrapper] Started wrapper as PID 21518\n"
    )
    caught, started = parse(text)
    assert caught.level == "ERROR" and caught.detail[0].startswith("Error 16")
    assert started.level == "INFO"


def test_a_russian_locales_month_in_a_log4j_date() -> None:
    # lsFusion's start.log (set 468): log4j's "dd MMM yyyy HH:mm:ss,SSS" in ru
    text = (
        "15 июл. 2026 18:50:02,398  INFO StartLogger - Server is starting...\n"
        "20 июл. 2026 20:20:44,001 ERROR StartLogger - Server failed\n"
    )
    start, failed = parse(text)
    assert utc(start.ts) == "2026-07-15T18:50:02" and utc(failed.ts) == "2026-07-20T20:20:44"
    assert failed.level == "ERROR"


def test_artifactory_request_logs_both_layouts() -> None:
    # Artifactory's request.log (set 468's 6.x layout; 7.x's as JFrog's docs give it)
    text = (
        "20170413140522|68|REQUEST|172.17.0.1|anonymous|GET|/webapp/|HTTP/1.1|200|0\n"
        "2021-05-12T13:58:47.686Z|40ea218a769325dc|10.0.0.1|admin|PUT|/artifactory/libs/x.jar"
        "|502|1219373|0|3|curl/7.1\n"
    )
    old, platform = parse(text)
    assert utc(old.ts) == "2017-04-13T14:05:22"
    assert samples(old) == {"http_status": 200.0, "response_time_ms": 68.0}
    assert old.message == "GET /webapp/ 200" and old.fields["user"] == "anonymous"
    assert utc(platform.ts) == "2021-05-12T13:58:47" and platform.level == "ERROR"
    assert samples(platform) == {"http_status": 502.0, "response_time_ms": 3.0}


def test_scrapys_retries_quote_the_answer_it_got() -> None:
    # Scrapy's retry middleware (set 471): the crawler's request in Scrapy's repr, the
    # status the site answered with; no request the crawler served
    text = (
        "2017-04-28 19:05:11 [scrapy.downloadermiddlewares.retry] DEBUG: Retrying <GET "
        "https://www.zhihu.com/question/19561836> (failed 1 times): 502 Bad Gateway\n"
        "2017-04-28 19:05:12 [scrapy.downloadermiddlewares.retry] ERROR: Gave up retrying "
        "<POST https://example.org/api> (failed 3 times): 503 Service Unavailable\n"
    )
    retry, gave_up = parse(text)
    assert "http_status" not in samples(retry) and "http_status" not in samples(gave_up)
    assert gave_up.level == "ERROR"


def test_aspnet_cores_request_finished_5xx_is_an_error_in_every_sink() -> None:
    # Serilog's CLEF from ASP.NET Core (set 470): the hosting diagnostics' access record at
    # Information (no @l) whatever the answer; a 5xx its severity, as in Serilog's text and
    # the console logger's two lines
    text = (
        '{"@t":"2019-11-03T11:49:34.7346496Z","@m":"Request finished in 36016.195ms 500 '
        'text/plain","@i":"791a596a","ElapsedMilliseconds":36016.195,"StatusCode":500,'
        '"SourceContext":"Microsoft.AspNetCore.Hosting.Diagnostics"}\n'
        '{"@t":"2019-11-03T11:50:00.0000000Z","@m":"Request finished in 12.5ms 404 text/plain",'
        '"ElapsedMilliseconds":12.5,"StatusCode":404}\n'
        "info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      Request finished HTTP/1.1 GET http://localhost:5000/x - 502 0 - 3.5ms\n"
    )
    failed, missing, console = parse(text)
    assert failed.level == "ERROR" and samples(failed)["http_status"] == 500.0
    assert missing.level == "INFO"
    assert console.level == "ERROR" and samples(console)["http_status"] == 502.0


def test_a_level_letter_in_brackets_after_the_time() -> None:
    # frp's client log (set 474): "[I]", "[W]", "[E]" after the time say the level; an
    # "error:" in a warning's words does not make it an error
    text = (
        "2026-01-28 11:53:43.868 [W] [client/control.go:170] [cb1b3069] [3333] start error: "
        "type [http] not supported when vhost http port is not set\n"
        "2026-01-28 11:53:44.000 [I] [client/service.go:301] login to server success\n"
        "2026-04-24 15:44:33.868 [E] [proxy/proxy.go:202] [5b27586b] [x] connect to local "
        "service [127.0.0.1:6789] error: dial tcp 127.0.0.1:6789: connection refused\n"
    )
    warned, info, failed = parse(text)
    assert (warned.level, info.level, failed.level) == ("WARNING", "INFO", "ERROR")
    assert warned.message.startswith("[client/control.go:170]")


def test_sing_box_writes_its_zone_before_the_date() -> None:
    # sing-box's log (set 474): "+0300 2026-01-26 19:04:17 INFO ..."
    (line,) = parse("+0300 2026-01-26 19:04:17 INFO network: updated default interface wlan0\n")
    assert utc(line.ts) == "2026-01-26T16:04:17" and line.level == "INFO"
    assert line.message == "network: updated default interface wlan0"


def test_geths_own_elapsed_times_are_no_work_served() -> None:
    # geth's log15 terminal format (set 474): "Commit new mining work ... elapsed=" and the
    # like time the node's own operations; its RPC server's "Served ..." lines are requests
    # (set 434)
    text = (
        "INFO [05-11|20:37:13] Commit new mining work                   number=1 txs=0 "
        "uncles=0 elapsed=240.941µs\n"
        "WARN [09-23|15:56:34.506] Served personal_unlockAccount            conn=127.0.0.1:63104"
        ' reqid=360923 duration=6.095417ms err="the method does not exist"\n'
    )
    mining, served = parse(text)
    assert derived.latency_tier(mining.samples, mining) is None
    assert derived.latency_tier(served.samples, served) is not None


def test_aws_sdk_request_failures_quote_the_apis_answer() -> None:
    # the AWS VPC CNI's ipamd (set 473): aws-sdk-go's RequestFailure in a zap record's message
    text = (
        '{"level":"error","ts":"2022-07-26T10:43:34.412Z","caller":"ipamd/ipamd.go:463","msg":'
        '"Failed to call ec2:DescribeNetworkInterfaces: AccessDenied: Not authorized\\n\\tstatus'
        ' code: 403, request id: d56a8d58-a4fd-4112-835d-5af0ec4888a2"}\n'
    )
    (line,) = parse(text)
    assert line.level == "ERROR" and "http_status" not in samples(line)


def test_next_js_marks_behind_pm2s_time_and_meteors_failures() -> None:
    # a PM2 error log with log_date_format (set 475): "2026-02-10T21:43:07:  ⨯ Failed to
    # start server"; Meteor's run output (set 475): "=> Errors prevented startup:"
    failed, ok = parse(
        "2026-02-10T21:43:07:  ⨯ Failed to start server\n2026-02-10T21:43:08:  ✓ Ready in 2.1s\n"
    )
    assert failed.level == "ERROR" and failed.message == "⨯ Failed to start server"
    assert ok.level == "INFO"
    meteor = parse(
        "=> Started proxy.\n"
        "=> Errors prevented startup:\n"
        "   \n"
        "   While processing files with omega:meteor-desktop-bundler (for target\n"
        "=> Your application has errors. Waiting for file change.\n"
    )
    assert [line.level for line in meteor][:2] == ["UNKNOWN", "ERROR"]


def test_redis_before_3_stamps_its_signal_handlers_lines_with_epoch_seconds() -> None:
    # Redis 2.8 (sets 411, 478): "[pid | signal handler] (epoch) ...", the only lines with a
    # year; the year-less lines around them take it
    text = (
        "[14791] 15 May 07:54:19.621 # Server started, Redis version 2.8.17\n"
        "[14791 | signal handler] (1463266462) Received SIGINT scheduling shutdown...\n"
        "[14791] 15 May 07:54:22.225 # User requested shutdown...\n"
    )
    started, signal, shutdown = parse(text)
    assert utc(signal.ts) == "2016-05-14T22:54:22" and signal.fmt == "redis"
    assert utc(started.ts)[:4] == utc(shutdown.ts)[:4] == "2016"


def test_a_docker_api_answer_in_a_record_is_no_status_served() -> None:
    # dockerode's error through winston (set 477): "(HTTP code 404) no such container", the
    # record's statusCode the engine's answer to the monitor's call
    text = (
        '{"level":"error","message":"Error checking container web: (HTTP code 404) no such '
        'container - No such container: web ","statusCode":404,"timestamp":"2025-08-09 '
        '06:15:30"}\n'
        '{"level":"info","message":"GET /health","statusCode":200,"timestamp":"2025-08-09 '
        '06:15:31"}\n'
    )
    failed, served = parse(text)
    assert "http_status" not in samples(failed) and failed.level == "ERROR"
    assert samples(served)["http_status"] == 200.0


def test_milli_secs_written_apart() -> None:
    # a Spring filter's own words (set 477): "Request has finished took 2163 milli secs"
    (line,) = parse(
        "2021-03-11 15:19:04.423  INFO 22076 --- [nio-8080-exec-1] c.r.filters.DurationFilter"
        "     : Request has finished took 2163 milli secs to process\n"
    )
    assert samples(line) == {"duration_ms": 2163.0}


def test_sqlclients_exception_trailer_is_its_traces() -> None:
    # ABP's log4net file (set 479): SqlException.ToString() closes its frames with the
    # connection's id and the error's number: the FATAL entry's, no errors of their own
    text = (
        "FATAL 2020-07-13 19:14:49,645 [1    ] Abp.AbpBootstrapper                      - "
        "Microsoft.Data.SqlClient.SqlException (0x80131904): A network-related error occurred\n"
        "   at Microsoft.Data.SqlClient.SqlConnection.Open()\n"
        "   at Abp.AbpBootstrapper.Initialize()\n"
        "ClientConnectionId:00000000-0000-0000-0000-000000000000\n"
        "Error Number:2,State:0,Class:20\n"
        "INFO  2020-07-13 19:14:50,001 [1    ] Abp.Modules.AbpModuleManager             - next\n"
    )
    fatal, info = parse(text)
    assert fatal.level == "FATAL" and fatal.detail[-1] == "Error Number:2,State:0,Class:20"
    assert info.level == "INFO"


def test_review_8_prefixes_frames_and_families() -> None:
    # a request's id or a level's letter before a record is no process runner's name
    tagged = parse(
        '[3f2a9c1e-77b0-4d2b-a1a8-5c7e0f1a2b3c] {"method":"GET","path":"/x","status":500,'
        '"duration":12.5}\n'
        '[E] {"msg":"x","time":"2024-01-01T00:00:00Z"}\n'
        "[E] disk failed\n"
    )
    assert [(line.fields or {}).get("prefix") for line in tagged] == [None, None, None]
    assert tagged[2].level == "ERROR"
    # logback's packaging after a frame joins the error the same
    (caught,) = parse(
        "2020-04-13 17:39:48 [SEVERE ] [wrapper] Exception caught.\n"
        "Error 16 [Unexpected exit from server] with native error 1\n"
        "\tat org.jumpmind.Wrapper.main(Wrapper.java:69) ~[wrapper.jar:3.11]\n"
    )
    assert len(caught.detail) == 2
    # the other AWS SDKs' failed calls
    for said in (
        "operation error S3: GetObject, https response error StatusCode: 503, RequestID: X1",
        "Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; "
        "Request ID: 4442587FB7D0A2F9)",
    ):
        (line,) = parse(f"2024-01-01 10:00:00 ERROR {said}\n")
        assert "http_status" not in samples(line), said
    # Meteor's crash, beego's letters, an accented word no month
    assert parse("=> Exited with code: 1\n")[0].level == "ERROR"
    beego = parse(
        "2024/01/01 10:00:00.000 [C] [app.go:12] db gone\n"
        "2024/01/01 10:00:01.000 [N] [app.go:13] error: none, reconnected\n"
    )
    assert [line.level for line in beego] == ["CRITICAL", "NOTICE"]
    (word,) = parse("Marža 12 10:00:00 ready\n")
    assert not utc(word.ts).endswith("-03-12T10:00:00")


def test_artifactory_request_out_log_is_no_request_served() -> None:
    # request-out.log: Artifactory's own call to a remote repository (JFrog's docs' sample)
    (out,) = parse(
        "2021-05-12T13:58:46.686Z|40ea218a769325db|generic-remote|andreyt|HEAD|https://acme."
        "jfrog.com/artifactory/generic-packages/x.jar|502|1219373|0|80\n"
    )
    assert "http_status" not in samples(out)


def test_dbt_file_mode_across_versions_and_its_end() -> None:
    # dbt 1.0-1.4 date their banner; a CI job printing dbt.log goes on with its own lines
    text = (
        "============================== 2022-11-03 13:49:04.535297 | 6a9d1e35-2f3c-4f7e-9a55-"
        "1c7e9b2e1d2a ==============================\n"
        "13:49:04.535297 [debug] [MainThread]: Postgres adapter: Got a retryable error\n"
        "Error:\n"
        "13:49:05.000000 [info ] [MainThread]: Finished\n"
        "2022-11-03T13:49:06Z ERROR deploy failed: dbt exited 2\n"
        "make: *** [Makefile:3: dbt] Error 2\n"
    )
    _banner, retry, finished, deploy, make = parse(text)
    assert retry.detail == ("Error:",) and finished.level == "INFO"
    assert deploy.level == "ERROR" and make.level == "ERROR"


def test_postgresql_under_syslog_times_its_statements() -> None:
    # PostgreSQL's syslog destination (set 476): RFC 5424 and 3164 alike, its line's split
    # tag and its own prefix before "LOG:  duration: ..."
    text = (
        "<134>1 2025-11-30T21:10:20+00:00 172.20.0.2 postgres 65 - - [8-1] 2025-11-30 "
        "21:10:20.507 UTC [65] 00000: db=postgres,user=postgres,app=psql,client=[local] LOG:  "
        "duration: 21.376 ms  statement: SELECT 1\n"
        "Nov 30 21:10:21 db1 postgres[65]: [9-1] LOG:  duration: 3.5 ms  statement: SELECT 2\n"
        "Nov 30 21:10:22 db1 app[7]: LOG:  duration: 9.0 ms  (an app's words)\n"
    )
    five, three, other = parse(text)
    assert samples(five) == {"query_duration_ms": 21.376}
    assert samples(three) == {"query_duration_ms": 3.5}
    assert "query_duration_ms" not in samples(other)


def test_a_streams_day_first_dates_once_it_shows_them() -> None:
    # a PHP app's action log on IIS (set 479): "dd/MM/yyyy"; once a day above 12 says the
    # order, later dates that could be either are day first too
    text = (
        "18/12/2022 14:17:42 | 92.247.57.179 | Mozilla/5.0 | login\n"
        "01/02/2023 20:33:29 | 92.247.57.179 | Mozilla/5.0 | login\n"
    )
    settled, later = parse(text)
    assert utc(settled.ts) == "2022-12-18T14:17:42" and utc(later.ts) == "2023-02-01T20:33:29"
    # a US log stays month first
    us = parse("12/18/2022 14:17:42 | x | login\n01/02/2023 20:33:29 | x | login\n")
    assert utc(us[1].ts) == "2023-01-02T20:33:29"


def test_apports_log_and_guzzles_failed_calls() -> None:
    # Ubuntu's apport.log (set 480): its time after the program and pid
    text = (
        "ERROR: apport (pid 641546) 2026-02-01 22:36:45,049: is_closing_session(): no "
        "DBUS_SESSION_BUS_ADDRESS in environment\n"
        "ERROR: apport (pid 785277) 2026-02-02 11:46:07,006: this executable already crashed\n"
        # before 2.25 every line was "ERROR:" (error_log), with time.asctime(): its words
        # say the level
        "ERROR: apport (pid 1234) Mon Feb  1 22:36:45 2021: called for pid 5\n"
    )
    first, second, older = parse(text)
    assert utc(first.ts) == "2026-02-01T22:36:45" and first.level == "ERROR"
    assert utc(second.ts) == "2026-02-02T11:46:07" and not first.detail
    assert utc(older.ts) == "2021-02-01T22:36:45" and older.fields["pid"] == "1234"
    assert older.level != "ERROR"
    # Guzzle's RequestException in a Laravel log (set 480): the answer the app's call got
    (guzzle,) = parse(
        "[2018-02-25 16:38:27] local.ERROR: Client error: `GET http://api.steampowered.com/x` "
        "resulted in a `403 Forbidden` response\n"
    )
    assert "http_status" not in samples(guzzle) and guzzle.level == "ERROR"


def test_review_9_day_order_and_its_limits() -> None:
    # a line's time from another stamp on it is not moved; votes by container; a stray
    # day-first line in a US log does not outvote its month-first lines
    stamped = parse(
        "13/05/2022 | 2024-01-01 10:00:00 | INFO x\n06/05/2022 | 2024-01-01 10:00:00 | INFO y\n"
    )
    assert utc(stamped[1].ts) == "2024-01-01T10:00:00"
    compose = parse("web_1  | 18/12/2022 10:00:00 | login\napi_1  | 12/06/2022 10:00:00 | US app\n")
    assert utc(compose[1].ts) == "2022-12-06T10:00:00"
    us = parse(
        "12/18/2024 10:00:00 x\n12/19/2024 10:00:00 x\n25/12/2024 10:00:00 stray\n"
        "02/03/2025 10:00:00 x\n"
    )
    assert utc(us[3].ts) == "2025-02-03T10:00:00"
    # a digit that is no ASCII one
    (odd,) = parse("1²/05/2022 2024-01-01T10:00:00Z INFO x\n")
    assert utc(odd.ts) == "2024-01-01T10:00:00"


def test_review_9_guards() -> None:
    # Redis' signal epoch out of range: no such line, no exception
    parse("[14791 | signal handler] (99999999999999999999) Received SIGINT\nnext line\n")
    # runner names: a word of hex letters, a pid are names; a date is none
    named = parse(
        '[feedback] {"level":30,"time":1768584937566,"msg":"ok"}\n'
        '[12345] {"level":30,"time":1768584937566,"msg":"ok"}\n'
        '[2024-01-01] {"level":30,"time":1768584937566,"msg":"ok"}\n'
    )
    assert [(line.fields or {}).get("prefix") for line in named] == ["feedback", "12345", None]
    # .NET's frame with its file's line joins the error the same
    (caught,) = parse(
        "2020-04-13 17:39:48 [SEVERE ] [wrapper] Exception caught.\n"
        "Error 16 [Unexpected exit from server] with native error 1\n"
        "   at X.Main(String[] args) in C:\\src\\Program.cs:line 69\n"
    )
    assert len(caught.detail) == 2
    # a served status beside a quoted call's answer is kept
    kept = parse(
        '{"level":"error","message":"GET /api 500: (HTTP code 404) no such container",'
        '"statusCode":500,"method":"GET","url":"/api","responseTime":12}\n'
        "2024-01-01 10:00:00 INFO GET /api/profile 502 in 312ms: Server error: `GET "
        "http://up/x` resulted in a `503 Service Unavailable` response\n"
    )
    assert samples(kept[0])["http_status"] == 500.0
    assert samples(kept[1])["http_status"] == 502.0
    # an ASP page's "Error Number: 53" under an INFO line is its own line
    asp = parse("2024-01-01 10:00:00 INFO start\nError Number: 53\n")
    assert len(asp) == 2
    # a file's status letter after a time is no beego level
    (status,) = parse("2024-01-01 10:00:00 [M] src/app.js\n")
    assert status.level not in ("CRITICAL", "FATAL")
    # the AWS SDK for Java 2.x; Guzzle's redirect kind; milli seconds
    (aws,) = parse(
        "2024-01-01 10:00:00 ERROR S3Exception: Access Denied (Service: S3, Status Code: 403,"
        " Request ID: 4442587FB7D0A2F9)\n"
    )
    assert "http_status" not in samples(aws)
    (redirect,) = parse(
        "[2024-01-01 10:00:00] local.ERROR: Unsuccessful request: `GET http://x/y` resulted "
        "in a `302 Found` response\n"
    )
    assert "http_status" not in samples(redirect)
    (ms,) = parse("2024-01-01 10:00:00 INFO Request has finished took 12 milli seconds\n")
    assert samples(ms) == {"duration_ms": 12.0}
    # Artifactory's request.log line ending at its ms
    (art,) = parse(
        "2021-05-12T13:58:47.686Z|40ea218a769325dc|10.0.0.1|admin|GET|/api/system/ping|200|-1|0|3\n"
    )
    assert samples(art)["http_status"] == 200.0


def test_review_9_dbt_file_mode_ends_at_a_ci_runners_lines() -> None:
    text = (
        "============================== 13:49:04.535297 | 6a9d1e35-2f3c-4f7e-9a55-1c7e9b2e1d2a"
        " ==============================\n"
        "13:49:05.000000 [info ] [MainThread]: Finished\n"
        "2022-11-03T13:49:06.0000000Z dbt run finished\n"
        "Error: Process completed with exit code 2.\n"
    )
    _banner, finished, runner = parse(text)
    assert finished.detail == () and runner.message == "dbt run finished"
