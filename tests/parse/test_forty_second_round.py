"""Session 42's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_process_exit_status_is_no_request_status() -> None:
    # Upstart through rsyslog (set 524): an ssh job's exit status, not an HTTP answer
    text = (
        "Sep 30 01:10:47 minime init: ssh main process (315) terminated with status 255\n"
        "Sep 30 01:10:48 minime supervisord: app exited with status 127\n"
    )
    upstart, supervisor = parse(text)
    assert samples(upstart) == {} and samples(supervisor) == {}


def test_a_status_npm_received_is_no_request_status() -> None:
    # npm-registry-fetch's error (set 525): the registry's answer to npm's request
    (line,) = parse(
        "2025-11-28 02:35:51 npm error 404 Not Found - GET https://registry.npmjs.org/x - Not"
        " found\n"
    )
    assert "http_status" not in samples(line)


def test_a_reply_firebase_tools_received_is_no_request_status() -> None:
    # firebase-tools' --debug output (set 525): "<<<" marks an API's reply to the CLI
    text = (
        "[2026-04-07T05:17:56.370Z] >>> [apiv2][query] POST https://iam.googleapis.com/v1/p\n"
        "[2026-04-07T05:17:56.569Z] <<< [apiv2][status] POST https://iam.googleapis.com/v1/p 200\n"
    )
    _sent, received = parse(text)
    assert "http_status" not in samples(received)
    # a request the program served, written the same way without the arrow, keeps its status
    (served,) = parse("[2026-04-07T05:17:56.370Z] GET /api/items 200 12ms\n")
    assert samples(served)["http_status"] == 200.0


NPM7_REPORTS = (
    "npm error code ENOENT\n"
    "npm error syscall open\n"
    "npm error path /root/package.json\n"
    "npm error enoent Could not read package.json\n"
    "npm error A complete log of this run can be found in: /root/.npm/_logs/a-debug-0.log\n"
    "npm error code ENOENT\n"
    "npm error syscall open\n"
    "npm error A complete log of this run can be found in: /root/.npm/_logs/b-debug-0.log\n"
)

NPM6_REPORT = (
    "npm ERR! code ELIFECYCLE\n"
    "npm ERR! errno 1\n"
    "npm ERR! app@1.0.0 start: `node index.js`\n"
    "npm ERR! Exit status 1\n"
    "npm ERR!\n"
    "npm ERR! Failed at the app@1.0.0 start script.\n"
    "\n"
    "npm ERR! A complete log of this run can be found in:\n"
    "npm ERR!     /root/.npm/_logs/2020-05-01T10_00_00_000Z-debug.log\n"
    "npm ERR! missing script: build\n"
)


def test_npms_error_report_is_one_entry() -> None:
    # npm 10 (set 486) and npm 6: each report's lines behind the prefix, one error
    first, second = parse(NPM7_REPORTS)
    assert first.level == second.level == "ERROR"
    assert first.message == "npm error code ENOENT" and len(first.detail) == 4
    assert len(second.detail) == 2
    report, next_report = parse(NPM6_REPORT)
    assert report.message == "npm ERR! code ELIFECYCLE"
    assert report.detail[-1].endswith("-debug.log")
    assert next_report.message == "npm ERR! missing script: build"


def test_a_failed_commands_stderr_is_the_errors_message() -> None:
    # Node's child_process error (set 525): "Command failed: <cmd>", then the command's
    # stderr up to the blank line, as err.message is written
    text = (
        "[2025-11-28T02:35:51.135Z] Error deploying app: Command failed: npm install\n"
        "npm warn config production Use `--omit=dev` instead.\n"
        "npm error code E404\n"
        "npm error 404 Not Found - GET https://registry.npmjs.org/x - Not found\n"
        "\n"
        "Error: Command failed: npm install\n"
        "npm error code E404\n"
        "\n"
        "    at genericNodeError (node:internal/errors:983:15)\n"
        "    at Object.execSync (node:child_process:988:15)\n"
    )
    deploying, failed = parse(text)
    assert list(deploying.detail[:3]) == [
        "npm warn config production Use `--omit=dev` instead.",
        "npm error code E404",
        "npm error 404 Not Found - GET https://registry.npmjs.org/x - Not found",
    ]
    assert failed.level == "ERROR" and failed.detail[-1].endswith("(node:child_process:988:15)")
    # a line after the blank one is an entry again
    (alone, after) = parse("Command failed: make\nmake: *** [all] Error 2\n\nnpm error code E1\n")
    assert alone.detail[0] == "make: *** [all] Error 2" and after.message == "npm error code E1"


def test_powershells_native_command_record_keeps_the_commands_line() -> None:
    # `docker-compose up 2>&1 | Tee-Object` in Windows PowerShell (set 525): the command's
    # first stderr line behind "docker-compose : ", its logfmt time with an offset
    text = (
        'docker-compose : time="2025-11-18T09:02:33+05:30" level=warning \n'
        'msg="the attribute `version` is obsolete"\n'
        "At line:1 char:1\n"
    )
    warning = parse(text)[0]
    assert warning.level == "WARNING"
    assert utc(warning.ts) == "2025-11-18T03:32:33"


def test_nodes_report_behind_a_runtimes_stamps_is_one_error() -> None:
    # `docker logs -t` of a Node container that cannot start (set 525's Railway export has
    # the same shape, its lines shuffled): each line of the report behind its own stamp
    text = (
        "2024-05-01T10:00:00.100000000Z node:internal/modules/cjs/loader:1080\n"
        "2024-05-01T10:00:00.100100000Z   throw err;\n"
        "2024-05-01T10:00:00.100200000Z   ^\n"
        "2024-05-01T10:00:00.100300000Z \n"
        "2024-05-01T10:00:00.100400000Z Error: Cannot find module '/app/x.js'\n"
        "2024-05-01T10:00:00.100500000Z     at Module._resolveFilename (node:internal/x:1:15)\n"
        "2024-05-01T10:00:00.100600000Z \n"
        "2024-05-01T10:00:00.100700000Z Node.js v18.20.1\n"
        "2024-05-01T10:00:01.000000000Z > app@1.0.0 start\n"
    )
    report, restart = parse(text)
    assert report.level == "ERROR" and len(report.detail) == 7
    assert restart.message == "> app@1.0.0 start" and restart.level != "ERROR"


TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/srv/venv/bin/gunicorn", line 8, in <module>\n'
    "    load_entry_point('gunicorn==0.12.0', 'console_scripts', 'gunicorn')()\n"
    "IOError: [Errno 2] No such file or directory: '/srv/logs/gunicorn.log'\n"
)


def test_each_bare_traceback_of_a_crash_loop_is_an_error() -> None:
    # supervisord's capture of a crash-looping gunicorn's stderr (set 530): one traceback a start
    starts = parse(TRACEBACK * 3)
    assert [s.level for s in starts] == ["ERROR"] * 3
    assert all(len(s.detail) == 3 for s in starts)
    # a chained exception is one traceback
    chained = (
        TRACEBACK + "\nDuring handling of the above exception, another exception occurred:\n\n"
    )
    (one,) = parse(chained + TRACEBACK)
    assert one.detail[-1].startswith("IOError")
    # under a logged error the same traceback again is the error's (gunicorn 19, set 502)
    logged = "[2016-05-11 19:03:49 +0000] [5166] [ERROR] Exception in worker process:\n"
    (error,) = parse(logged + TRACEBACK + TRACEBACK)
    assert error.level == "ERROR" and len(error.detail) == 8


def test_a_response_record_with_its_apis_answer_keeps_its_5xx() -> None:
    # a Gin app's logrus middleware (set 529): "msg":"response" beside the answer it sent
    (line,) = parse(
        '{"data_length":64,"latency":3,"level":"info","msg":"response","resID":2,'
        '"response":{"code":1500,"errors":{},"message":"Failed to fetch user data"},'
        '"status":500,"time":"2020-01-17T16:42:11+03:00"}\n'
    )
    assert line.level == "ERROR" and line.message == "response"
    assert samples(line)["http_status"] == 500.0


def test_a_failed_command_takes_no_dated_line() -> None:
    # review 13: "Command failed: x" in a dated log's message is prose; the next dated
    # lines are entries of their own
    text = (
        "2024-05-01 10:00:00 ERROR deploy: Command failed: git pull origin main\n"
        "2024-05-01 10:00:01 INFO retrying in 5s\n"
        "2024-05-01 10:00:06 INFO GET /health 200 3ms\n"
    )
    failed, _retrying, served = parse(text)
    assert not failed.detail
    assert samples(served)["http_status"] == 200.0


def test_a_level_before_a_colon_is_no_powershell_command() -> None:
    # review 13: Python's "%(levelname)s : %(asctime)s : %(message)s"
    error, info = parse(
        "ERROR : 2024-05-01 10:00:00,123 : app : GET /x failed\n"
        "INFO : 2024-05-01 10:00:01,123 : app : started\n"
    )
    assert (error.level, info.level) == ("ERROR", "INFO")


def test_npms_report_holds_its_notices_and_npm_4s_code_amid_it() -> None:
    # review 13: npm 10's update notice between a report and its log line; npm 3 and 4
    # write "code" after the platform's lines
    (report,) = parse(
        "npm error code EUNSUPPORTEDPROTOCOL\n"
        'npm error Unsupported URL Type "workspace:": workspace:*\n'
        "npm notice New major version of npm available! 10.8.2 -> 11.0.0\n"
        "npm error A complete log of this run can be found in: /root/.npm/_logs/x-debug-0.log\n"
    )
    assert len(report.detail) == 3
    (npm4,) = parse(
        "npm ERR! Linux 4.4.0-101-generic\n"
        'npm ERR! argv "/usr/bin/node" "/usr/bin/npm" "start"\n'
        "npm ERR! code ELIFECYCLE\n"
        "npm ERR! errno 1\n"
    )
    assert npm4.message == "npm ERR! Linux 4.4.0-101-generic" and len(npm4.detail) == 3


def test_a_reply_received_arrow_carries_no_served_status() -> None:
    # OkHttp's HttpLoggingInterceptor in an Android app's log (set 532), firebase-tools'
    # debug file (review 13): "<--" and "<<<" mark a reply the program received
    text = (
        "2020-01-18 02:24:42.858 +0200 ApiLogger INFO[LogManagerThread] - <-- HTTP FAILED: "
        "BackendException{responseCode=400, responseMessage=Bad Request}\n"
        "[debug] [2024-03-01T10:00:00.500Z] <<< [apiv2][status] GET https://x.api.com/v1 401\n"
        "2024-03-01T10:00:01Z D/OkHttp: <-- 500 Internal Server Error https://api.x/v1 (123ms)\n"
        "2024-03-01T10:00:02Z --> GET /x 200 5ms 2b\n"
    )
    okhttp, firebase, android, koa = parse(text)
    assert "http_status" not in samples(okhttp) and "http_status" not in samples(firebase)
    assert "http_status" not in samples(android)
    assert samples(koa)["http_status"] == 200.0  # koa-logger's answer sent


def test_a_level_glued_to_its_threads_bracket() -> None:
    # logback's "%logger %-5level[%thread] - %msg" in an Android app's log (set 532)
    warn, info = parse(
        "2020-01-18 02:24:43.519 +0200 c.c.a.u.GpsDialogHelperImpl WARN[LogManagerThread] - "
        "error checking gps settings\n"
        "2020-01-18 02:25:00.522 +0200 CaptainPortalActivity INFO[LogManagerThread] - Http "
        "error occurred while loading url\n"
    )
    assert (warn.level, info.level) == ("WARNING", "INFO")


def test_a_psycopg2_crash_loops_tracebacks_each_an_error() -> None:
    # review 13: psycopg2's message goes on over indented lines and a blank one
    one = (
        "Traceback (most recent call last):\n"
        '  File "/app/manage.py", line 8, in <module>\n'
        "    main()\n"
        "psycopg2.OperationalError: could not connect to server: Connection refused\n"
        '\tIs the server running on host "db" (10.0.0.5) and accepting\n'
        "\tTCP/IP connections on port 5432?\n"
        "\n"
    )
    assert [e.level for e in parse(one * 3)] == ["ERROR"] * 3


def test_the_kernels_panic_notifier_is_no_panic() -> None:
    # drm at boot through rsyslog (set 536): a notifier's name, printed at KERN_INFO
    said, panic = parse(
        "Nov  4 10:19:16 host kernel: [    2.745182] drm: registered panic notifier\n"
        "Nov  4 10:19:17 host kernel: [    3.100000] Kernel panic - not syncing: VFS: Unable\n"
    )
    assert said.level == "INFO" and panic.level == "FATAL"


def test_robocopys_job_log_has_its_start_and_end() -> None:
    # ROBOCOPY's /LOG output (set 537): the header's and the summary's long dates
    text = (
        "\r\n"
        "-------------------------------------------------------------------------------\r\n"
        "   ROBOCOPY     ::     Robust File Copy for Windows                              \r\n"
        "-------------------------------------------------------------------------------\r\n"
        "\r\n"
        "  Started : Thursday, February 19, 2015 4:23:20 PM\r\n"
        "   Source : C:\\src\\bin\\\r\n"
        "\t    New File  \t\t  144384\tAutoMapper.dll\r  0%  \r100%  \r\n"
        "   Ended : Thursday, February 19, 2015 4:23:30 PM\r\n"
    )
    started, ended = parse(text)[1:]
    assert utc(started.ts) == "2015-02-19T16:23:20" and utc(ended.ts) == "2015-02-19T16:23:30"
    assert started.detail[0].strip().startswith("Source :")
    # without the header, an indented "Started : <date>" is the entry's line as before
    (alone,) = parse("job report\n  Started : Thursday, February 19, 2015 4:23:20 PM\n")
    assert len(alone.detail) == 1


def test_go_loggers_long_level_prefixes() -> None:
    # a Go logger's long prefixes in a game server's app.log (set 541): [EMER] [ALRT] [EROR]
    text = "".join(
        f"2021-07-26 11:32:12 [{p}] [c:/src/server.go:125] client gone\n"
        for p in ("EMER", "ALRT", "EROR", "NOTC", "DEBG")
    )
    assert [e.level for e in parse(text)] == ["FATAL", "CRITICAL", "ERROR", "NOTICE", "DEBUG"]


def test_an_ansible_playbook_runs_time() -> None:
    # Ansible's log_path with the timer callback (set 541): the whole run's time
    (line,) = parse(
        "2019-09-09 13:17:49,172 p=5713 u=deploy |  Playbook run took 0 days, 1 hours, "
        "2 minutes, 13 seconds\n"
    )
    assert samples(line) == {"run_ms": 3733000.0}


def test_a_number_no_server_answers_with_is_no_status() -> None:
    # OpenZWave's OZW_Log.txt (set 547): a device's status byte after "status="
    (alarm,) = parse(
        "2018-06-06 22:38:12.021 Info, Node002, Received Alarm report: type=0, level=0, "
        "sensorSrcID=50, type:Heat event:254, status=255\n"
    )
    assert "http_status" not in samples(alarm)


HOMEBRIDGE = (
    "\x1b[37m[13/08/2024, 10:15:11] \x1b[39m\x1b[36m[homebridge-webos-tv]\x1b[39m "
    "\x1b[90m[My LG TV] Error while retrieving the external input list \x1b[39m\n"
    "\x1b[37m[13/08/2024, 10:15:12] \x1b[39m\x1b[36m[homebridge-webos-tv]\x1b[39m "
    "\x1b[31m[My LG TV] Failed to connect to the TV\x1b[39m\n"
    "\x1b[37m[13/08/2024, 10:15:13] \x1b[39m\x1b[36m[homebridge-webos-tv]\x1b[39m "
    "[My LG TV] Connected to TV\n"
)


def test_homebridges_colour_is_its_level() -> None:
    # Homebridge's logger (set 547): gray debug, red error, plain info, whatever the words
    debug, error, info = parse(HOMEBRIDGE)
    assert (debug.level, error.level, info.level) == ("DEBUG", "ERROR", "UNKNOWN")
    assert debug.message.startswith("[13/08/2024, 10:15:11] [homebridge-webos-tv]")


def test_odoos_bad_query_over_lines_is_one_error() -> None:
    # Odoo 17's sql_db (set 545): "bad query: ", the statement's lines, PostgreSQL's answer
    text = (
        "2025-09-27 13:29:16,792 4956 ERROR ? odoo.sql_db: bad query: \n"
        "                UPDATE customer_map \n"
        "                WHERE id = 72\n"
        "            \n"
        "ERROR: Geometry SRID (4326) does not match column SRID (3857)\n"
        " \n"
        "2025-09-27 13:29:16,793 4956 WARNING ? odoo.modules.loading: Transient module states\n"
    )
    bad, _warning = parse(text)
    assert bad.level == "ERROR" and "ERROR: Geometry" in bad.detail[3]


def test_review_14s_misreads() -> None:
    # a time of day, or a level of its own, ends a failed command's stderr
    failed, served = parse(
        "10:00:00.100 ERROR deploy: Command failed: git pull\n"
        "10:00:06.789 INFO GET /health 200 3ms\n"
    )
    assert samples(served)["http_status"] == 200.0 and not failed.detail
    mvn = parse("Error: Command failed: git rev-parse HEAD\n[INFO] BUILD FAILURE\n")
    assert [e.message for e in mvn][1] == "[INFO] BUILD FAILURE"
    # a hand-written Express logger's "<--" before its own answer keeps its status
    (express,) = parse("2024-05-01T10:00:00Z [req-1] <-- GET /api/orders 503 12ms\n")
    assert samples(express)["http_status"] == 503.0
    # an error object whose message is no text is no entry of its own
    (record,) = parse('{"time":"2024-05-01T10:00:00Z","msg":"error","error":{"message":null}}\n')
    assert record.message == "error"
    # logrus' terminal words glued to their bracket, after a date
    fatal, debug = parse(
        "2024-05-01 10:00:00.123 FATA[0001] cannot start\n2024-05-01 10:00:00.123 DEBU[0000] x\n"
    )
    assert (fatal.level, debug.level) == ("FATAL", "DEBUG")
    # Node's report behind runtime stamps whose code line names a level word
    report = parse(
        "2024-05-01T10:00:00.100000000Z node:internal/process/promises:289\n"
        "2024-05-01T10:00:00.100100000Z             triggerUncaughtException(err, true);\n"
        "2024-05-01T10:00:00.100200000Z             ^\n"
        "2024-05-01T10:00:00.100300000Z \n"
        "2024-05-01T10:00:00.100400000Z Error: connect ECONNREFUSED 127.0.0.1:5432\n"
        "2024-05-01T10:00:00.100500000Z Node.js v18.20.1\n"
    )
    assert len(report) == 1 and report[0].level == "ERROR"
    # ROBOCOPY's header as the file's first line
    started = parse(
        "   ROBOCOPY     ::     Robust File Copy for Windows\n"
        "  Started : Thu Feb 19 16:23:20 2015\n"
        "   Source : C:\\src\\\n"
    )[1]
    assert utc(started.ts) == "2015-02-19T16:23:20" and len(started.detail) == 1
