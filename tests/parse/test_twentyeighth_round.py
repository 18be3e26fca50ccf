"""Session 28's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

import pytest

from console.parse.derived import latency_tier
from console.parse.textformats import level_in
from tests.helpers.parsing import parse, samples, utc


def test_gins_default_row_with_a_quoted_path_and_minutes() -> None:
    # Gin's default LogFormatter: "%13v" of the latency, as Go prints a time.Duration
    # (minutes past a minute: a long poll), the method padded, the path quoted (%#v)
    short, long_poll, no_method = parse(
        '[GIN] 2024/01/05 - 01:40:05 | 200 |     679.961µs |   192.168.1.102 | GET      "/"\n'
        "[GIN] 2024/01/05 - 01:40:26 | 200 |         4m34s |   192.168.1.102 | POST     "
        '"/api/v1/poll?status=true"\n'
        "[GIN] 2024/01/05 - 01:40:27 | 200 |         4m34s |   192.168.1.102 | "
        '"/api/v1/poll"\n'
    )
    assert samples(short) == {"http_status": 200.0, "response_time_ms": pytest.approx(0.679961)}
    assert samples(long_poll)["response_time_ms"] == pytest.approx(274_000.0)
    assert utc(long_poll.ts) == "2024-01-05T01:40:26"
    # a row naming no method is no request's
    assert "response_time_ms" not in samples(no_method)


def test_a_size_then_a_time_with_its_unit_glued_on() -> None:
    # a Go service's own access layout: '%s %s "%s %s" %s %d %d %v "%s"' (address, date
    # and time, method and path, protocol, status, size, the time.Duration, the agent)
    ua = '"Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"'
    fast, slow, long_, unitless = parse(
        f'10.1.2.3 2022-06-04 19:17:36 "OPTIONS /svc/list" HTTP/1.1 204 0 0µs {ua}\n'
        f'10.1.2.3 2022-06-04 19:17:36 "GET /svc/list" HTTP/1.1 200 31 3336µs {ua}\n'
        f'10.1.2.3 2022-06-04 19:18:01 "POST /svc/sync" HTTP/1.1 502 0 1m2.5s {ua}\n'
        f'10.1.2.3 2022-06-04 19:18:02 "GET /svc/list" HTTP/1.1 200 31 3336 {ua}\n'
    )
    assert samples(fast) == {"http_status": 204.0, "response_time_ms": 0.0}
    assert samples(slow)["response_time_ms"] == pytest.approx(3.336)
    assert samples(long_)["response_time_ms"] == pytest.approx(62_500.0)
    assert long_.level == "ERROR"
    # a number with no unit after the size: a count, a port, no time
    assert samples(unitless) == {"http_status": 200.0}


def test_a_json_records_coloured_level_is_its_word() -> None:
    # python-json-logger fed a record whose levelname a colouring formatter had already
    # wrapped in SGR codes, written out escaped
    info, error = parse(
        '{"timestamp": "2026-05-27T08:10:40.429477+00:00", "level": "\\u001b[32mINFO\\u001b[0m",'
        ' "logger": "app.main", "message": "pipeline stopped"}\n'
        '{"timestamp": "2026-05-27T08:10:41.001+00:00", "level": "\\u001b[31mERROR\\u001b[0m",'
        ' "logger": "app.main", "message": "Redis connection refused"}\n'
    )
    assert (info.level, error.level) == ("INFO", "ERROR")
    assert "level" not in (error.fields or {})  # the word said nothing more than the level


def test_pm2s_json_log_reads_the_apps_own_line() -> None:
    # pm2 with log_type "json": each line the app wrote (pino's JSON here, or its console's
    # text) under its process's name, the newline kept
    incoming, completed, said = parse(
        '{"message":"{\\"level\\":30,\\"time\\":1759353891034,\\"pid\\":7,\\"reqId\\":\\"req-2q\\",'
        '\\"req\\":{\\"method\\":\\"DELETE\\",\\"url\\":\\"/admin/courses/9\\"},'
        '\\"msg\\":\\"incoming request\\"}\\n","timestamp":"2025-10-01T21:24:51","type":"out",'
        '"process_id":0,"app_name":"api"}\n'
        '{"message":"{\\"level\\":30,\\"time\\":1759353891043,\\"pid\\":7,\\"reqId\\":\\"req-2q\\",'
        '\\"res\\":{\\"statusCode\\":500},\\"responseTime\\":9.208,'
        '\\"msg\\":\\"request completed\\"}\\n","timestamp":"2025-10-01T21:24:51","type":"out",'
        '"process_id":0,"app_name":"api"}\n'
        '{"message":"[AUTH] Checking authentication...\\n","timestamp":"2025-10-01T21:24:52",'
        '"type":"out","process_id":0,"app_name":"api"}\n'
    )
    assert incoming.ts == pytest.approx(1759353891.034)
    assert completed.level == "ERROR"  # a 500 at info, its request's record
    assert samples(completed) == {"http_status": 500.0, "response_time_ms": pytest.approx(9.208)}
    assert said.message == "[AUTH] Checking authentication..."
    assert utc(said.ts) == "2025-10-01T21:24:52"
    # another record with an "app_name" and more keys of its own is the app's, not pm2's
    (own,) = parse(
        '{"message":"hello\\n","timestamp":"2025-10-01T21:24:52","type":"out",'
        '"process_id":0,"app_name":"api","user":"ana"}\n'
    )
    assert own.fields and own.fields["user"] == "ana"


def test_a_sentences_common_noun_is_no_level() -> None:
    # no level of the line's own, the word one of its sentence's (the sets' readers counted
    # none of these): a font library's complaint in a container's output, uWSGI's "unable to
    # load app", Heroku's router quoting an app's notice, MySQL's answer quoted in a trace
    font, uwsgi, notice, sql = parse(
        "Fontconfig error: No writable cache directories\n"
        "unable to load app 0 (mountpoint='') (callable not found or import error)\n"
        "Invalid session 7SrRQ (further occurrences of this error will be logged with level INFO)\n"
        "Caused by: java.sql.SQLSyntaxErrorException: You have an error in your SQL syntax\n"
    )
    for line in (font, uwsgi, notice, sql):
        assert line.level not in ("ERROR", "CRITICAL", "FATAL"), line.message
    # the severe words say a severity wherever they stand
    (panic,) = parse("Kernel panic - not syncing: VFS: Unable to mount root fs\n")
    assert panic.level in ("FATAL", "CRITICAL")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("[2025/09/16 09:34:24] [ warn] [engine] failed to flush chunk", "WARNING"),  # Fluent Bit
        ('{"t":1,"level":"error","message":"x"} trailing', "ERROR"),  # a key's value
        ('logger=ngalert t=2024-03-10T14:14:53Z level=error msg="Notify failed"', "ERROR"),
        ("x\tinfo\t/src/router.go:18\tuse middleware cors", "INFO"),  # zap's console columns
        ("[GIN-debug] GET    /api/v1/items --> main.list (4 handlers)", "DEBUG"),
        ("Apr 02 11:24:16 err    | scylla[124]: Failed to start", "ERROR"),  # a padded column
        ("[26 Aug, 2025 - 12:28:36:2836] error: Login Error: 401", "ERROR"),  # after the head
        ("initdb: warning: enabling trust authentication", "WARNING"),  # a program's name
        ("_bk;t=1729032370297🚨 Error: The command exited with status 1", "ERROR"),  # a sign
        ("[16-May-2024 09:00:05 UTC] PHP Parse error:  syntax error", "ERROR"),
        ("Internal Server Error: /orders/7", "ERROR"),  # a kind named with capitals
        ("BTRFS error (device sdb1): bdev /dev/sdb1 errs: wr 0, rd 14", "ERROR"),
        ("[ 8812.402001] sd 2:0:0:0: [sdb] Unhandled error code", "ERROR"),  # the kernel's
        ("worker: fetch of feed 12 failed: Unknown error -1", "ERROR"),  # an errno after it
        ("Uncorrected error", "ERROR"),  # a message naming it
        ("日志信息：error !", "UNKNOWN"),
    ],
)
def test_a_level_word_where_a_layout_or_wording_puts_one(text: str, level: str) -> None:
    assert level_in(text) == level


def test_telegraf_gitea_and_xorg_write_their_levels_in_their_own_signs() -> None:
    telegraf_error, telegraf_warning, gitea, xorg = parse(
        "2019-03-05T10:00:00Z E! [inputs.jti] Could not initiate login check: rpc error\n"
        "2019-03-05T10:00:01Z W! Outputs are not used in testing mode!\n"
        "2020/01/05 10:00:02 ...routers/user/setting/keys.go:96:KeysPost() [E] AddPublicKey: "
        "calcFingerprint: exit status 255\n"
        "Mar 05 10:00:03 ws gdm-x-session[1203]: (EE) Server terminated with error (1). "
        "Closing log file.\n"
    )
    assert (telegraf_error.level, telegraf_warning.level) == ("ERROR", "WARNING")
    assert gitea.level == "ERROR" and xorg.level == "ERROR"
    (trace,) = parse("2020/01/05 10:00:04 ...modules/process/manager.go:188:Add() [T] Start x\n")
    assert trace.level == "TRACE"


def test_plug_logger_jsons_log_type_error_is_its_level() -> None:
    crash, request = parse(
        '{"request_id":"2m3f","message":"** (UndefinedFunctionError) function x/1 is undefined",'
        '"log_type":"error"}\n'
        '{"request_id":"2m3g","method":"GET","path":"/","status":200,"duration":1.2,'
        '"log_type":"http","date_time":"2019-02-26T18:17:40Z"}\n'
    )
    assert crash.level == "ERROR"
    assert request.level == "INFO"


def test_eventlets_access_line_under_oslo_log_gives_its_seconds() -> None:
    # neutron-server's wsgi line: oslo.log's head, then eventlet's "%(client_ip)s - -
    # [%(date_time)s] \"%(request_line)s\" %(status_code)s %(body_length)s %(wall_seconds).6f"
    (line,) = parse(
        "2016-11-04 09:41:00.209 17166 INFO neutron.wsgi [req-66971c92 013aa1 bd586f - - -] "
        '10.10.10.80 - - [04/Nov/2016 09:41:00] "GET /v2.0/security-groups.json?id=4c77 '
        'HTTP/1.1" 200 2187 0.148433\n'
    )
    assert samples(line) == {"http_status": 200.0, "response_time_ms": pytest.approx(148.433)}
    # inside a JSON record's message, its quoted agent after it (the request-id middleware)
    (ecs,) = parse(
        '{"@timestamp": "2020-04-23T10:24:41.326035", "log.level": "info", "message": '
        '"127.0.0.1 127.0.0.1:8000 - [23/Apr/2020:06:24:38 -0400] \\"GET / HTTP/1.1\\" 200 - '
        '3.323 \\"-\\" \\"curl/7.54.0\\" - b5f56ce4"}\n'
    )
    assert samples(ecs)["response_time_ms"] == pytest.approx(3323.0)


def test_winstons_printf_at_npms_http_level() -> None:
    # "[${timestamp}] ${level.toUpperCase()}: ${message} ${JSON.stringify(meta)}", the
    # access records at npm's http level: their meta's status and duration; a 5xx an error
    ok, failed, morgan = parse(
        '[2025-12-05 20:25:22] HTTP: Request completed {"service":"api","method":"GET",'
        '"path":"/","statusCode":200,"duration":"5ms"}\n'
        '[2025-12-05 20:25:23] HTTP: Request completed {"service":"api","method":"GET",'
        '"path":"/stats","statusCode":500,"duration":"3ms"}\n'
        '[2025-12-05 20:25:23] HTTP: GET /api/v1/stats 500 2.803 ms - 58 {"service":"api"}\n'
    )
    assert ok.level == "HTTP" and samples(ok) == {"http_status": 200.0, "duration_ms": 5.0}
    assert failed.level == "ERROR" and failed.fields and failed.fields["level"] == "http"
    assert morgan.level == "ERROR"
    assert samples(morgan) == {"http_status": 500.0, "response_time_ms": pytest.approx(2.803)}


def test_housekeeping_and_a_clients_answer_are_no_requests_served() -> None:
    # Grafana's cleanup service times its own jobs; Consul's API client quotes the agent's
    # answer to a call it made
    cleanup, consul = parse(
        'logger=cleanup t=2025-07-12T05:49:17.802550001Z level=info msg="Completed cleanup '
        'jobs" duration=38.81313ms\n'
        "2016/08/22 17:56:13 [WARN] checks: Unexpected response code: 500 (CheckID does not "
        "have associated TTL)\n"
    )
    assert samples(cleanup) == {"duration_ms": pytest.approx(38.81313)}
    assert latency_tier(cleanup.samples, cleanup) is None
    assert "http_status" not in samples(consul)


def test_actix_webs_default_logger_gives_its_seconds_after_the_agent() -> None:
    # env_logger's "[time LEVEL target] msg", actix-web's Logger::default(): '%a "%r" %s %b
    # "%{Referer}i" "%{User-Agent}i" %T' (seconds, six decimals)
    (line,) = parse(
        "[2025-07-19T18:27:40Z INFO  actix_web::middleware::logger] 127.0.0.1 "
        '"GET /admin/users HTTP/1.1" 302 0 "http://127.0.0.1:8082/" "Mozilla/5.0 (X11; Linux '
        'x86_64) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0" 0.000763\n'
    )
    assert samples(line) == {"http_status": 302.0, "response_time_ms": pytest.approx(0.763)}


def test_an_exporters_answer_and_a_quoted_log_line_are_no_requests_served() -> None:
    # the OpenTelemetry Collector's exporter quoting its backend's answer; an analyser and
    # Fluentd quoting a line of another log they could not read
    exporter, analyser, fluentd = parse(
        '{"level":"warn","ts":"2025-09-03T16:45:38.755-0400","caller":"chronicleexporter/'
        'http_exporter.go:281","msg":"Received non-OK response from Chronicle",'
        '"otelcol.component.id":"chronicle/Secops","otelcol.component.kind":"exporter",'
        '"status":"403 Forbidden"}\n'
        "2024-11-27 11:25:26,123 - ERROR - Failed to process log line: ::1 - - "
        '[27/Nov/2024:11:13:49 +0900] "GET / HTTP/1.1" 304 247 "-" "Mozilla/5.0"\n'
        '2024-11-27 11:25:27 +0000 [warn]: #0 pattern not matched: "10.0.0.1 - - '
        '[27/Nov/2024:11:13:50 +0000] \\"GET /x HTTP/1.1\\" 502 0 \\"-\\" \\"curl/8.0\\""\n'
    )
    for line in (exporter, analyser, fluentd):
        assert "http_status" not in samples(line), line.message
    assert analyser.level == "ERROR" and fluentd.level == "WARNING"


def test_a_validators_error_text_glued_to_its_word_is_no_level() -> None:
    # go-playground/validator's err.Error() on a line of its own under a request's body
    (line,) = parse(
        "Key: 'RegisterRequest.RepeatPassword' Error:Field validation for 'RepeatPassword' "
        "failed on the 'required' tag\n"
    )
    assert line.level not in ("ERROR", "CRITICAL", "FATAL")


def test_a_level_after_a_long_bracketed_trace_context() -> None:
    # logback with SkyWalking's toolkit: "%d [%sw_ctx] [%thread] %-5level %logger - %msg",
    # its context (service, instance, trace, segment, span) past the first 200 characters
    ctx = (
        "[SW_CTX:[ts-admin-basic-info-service,e4c0e9f215624b3182af69f32cf6c3b0@10.244.2.70,"
        "bf9f57e740f4403488806bbd958a04dc.43.16283427418370061,"
        "bf9f57e740f4403488806bbd958a04dc.43.16283427418370060,0]]"
    )
    error, info = parse(
        f"2021-08-07 21:25:45.844 {ctx} [http-nio-18767-exec-8] ERROR a.b.AdminController - "
        "Get all configs failed\n"
        f"2021-08-07 21:25:46.001 {ctx} [http-nio-18767-exec-9] INFO  a.b.AdminController - ok\n"
    )
    assert (error.level, info.level) == ("ERROR", "INFO")


def test_akamai_datastreams_turnaround_time_and_a_ci_runners_transfer() -> None:
    akamai, runner = parse(
        '{"reqTimeSec":"1718939899","reqMethod":"GET","reqPath":"/v/1.m4s","statusCode":"206",'
        '"turnAroundTimeMSec":"12","transferTimeMSec":"1830","reqEndTimeMSec":"3"}\n'
        "Downloading artifacts from coordinator... ok        id=113296602 status=200 "
        "token=9voFyq8b\n"
    )
    assert samples(akamai) == {"http_status": 206.0, "response_time_ms": 12.0}
    assert "http_status" not in samples(runner)  # GitLab's answer to the runner


def test_the_kernels_words_stay_its_levels() -> None:
    # (the review's findings) dmesg's lines, their stamp taken off before the level is read,
    # and a syslog line of program "kernel" with no stamp at all
    lines = parse(
        "[ 1234.567890] blk_update_request: I/O error, dev sda, sector 123456\n"
        "[ 1234.600000] EXT4-fs warning (device sda1): ext4_dx_add_entry:2235: Directory full\n"
    )
    assert [ln.level for ln in lines] == ["ERROR", "WARNING"]
    ext4, scsi, edac, app = parse(
        "2024-05-01T10:00:01.1+00:00 host kernel: EXT4-fs error (device sda1): ext4_find_entry\n"
        "May  1 10:00:02 host kernel: sd 2:0:0:0: [sdb] Unhandled error code\n"
        "May  1 10:00:03 host kernel: EDAC MC0: 1 CE memory read error on CPU_SrcID#0\n"
        "May  1 10:00:04 host app[12]: upload failed with error, enable DEBUG logging\n"
    )
    assert ext4.level == scsi.level == edac.level == "ERROR"
    # a program's sentence: no level, nor a later word's ("DEBUG")
    assert app.level == "INFO"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("npm error code ERESOLVE", "ERROR"),  # npm 10's words
        ("npm warn deprecated inflight@1.0.6: This module is not supported", "WARNING"),
        ("2024-01-15 10:23:45.1234|error|MyApp.Program|Unhandled exception", "ERROR"),  # NLog
        ("2024-01-15 10:23:45,warning,Low disk space", "WARNING"),  # a CSV's column
        ("retry — error while reading the config", "UNKNOWN"),  # a dash is no sign
    ],
)
def test_a_level_word_the_review_found_misread(text: str, level: str) -> None:
    assert level_in(text) == level


def test_housekeeping_a_request_names_and_a_quoted_lines_time() -> None:
    served, quoted = parse(
        "2024-05-01 10:00:00 INFO GET /api/v1/maintenance took 123ms\n"
        "2024-05-01 10:00:01 INFO processed log line: GET /api/x 500 12ms\n"
    )
    # a request's path: work served, whatever it is called
    assert latency_tier(served.samples, served) is not None
    # a line quoted from another log: neither its status nor its time is this program's
    assert "http_status" not in samples(quoted)
    assert latency_tier(quoted.samples, quoted) is None


def test_pm2s_stream_is_no_level() -> None:
    (stderr,) = parse(
        '{"message":"Debugger listening on ws://127.0.0.1:9229/x\\n","timestamp":'
        '"2025-10-01T21:24:51","type":"err","process_id":0,"app_name":"api"}\n'
    )
    assert stderr.level not in ("ERROR", "CRITICAL", "FATAL")
    assert stderr.fields and stderr.fields["stream"] == "err"
