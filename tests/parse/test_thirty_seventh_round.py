"""Session 37's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples, utc


def test_plays_error_handler_message_under_a_2_4_head() -> None:
    # Play 2.4 on ("%date [%level] from %logger in %thread - %message%n%xException", set
    # 401): the error handler's message opens with a newline, the head's line ending with the
    # separator; the id line under it is the entry's message (the request answered 500), the
    # exception and its trace are its detail: one error
    text = (
        "2021-10-06 16:00:16,472 [INFO] from play.api.Play in dispatcher-8 - Application "
        "started (Dev) (no global state)\n"
        "2021-10-06 16:00:16,530 [ERROR] from play.api.http.DefaultHttpErrorHandler in "
        "play-dev-mode-akka.actor.default-dispatcher-8 - \n"
        "\n"
        "! @7l9nbbp7d - Internal server error, for (POST) [/person] ->\n"
        " \n"
        "play.api.db.evolutions.InvalidDatabaseRevision: Database 'default' needs evolution!\n"
        "\tat play.api.db.evolutions.EvolutionsWebCommands.handleWebCommand(X.scala:511)\n"
        "2021-10-06 16:00:17,000 [WARN] from application in dispatcher-9 - slow\n"
    )
    started, failed, warned = parse(text)
    assert [started.level, failed.level, warned.level] == ["INFO", "ERROR", "WARNING"]
    assert failed.message.startswith("! @7l9nbbp7d - Internal server error")
    assert failed.fields == {
        "logger": "play.api.http.DefaultHttpErrorHandler",
        "thread": "play-dev-mode-akka.actor.default-dispatcher-8",
        "status": 500,
        "method": "POST",
        "path": "/person",
    }
    assert samples(failed) == {measures.HTTP_STATUS: 500}
    assert any("InvalidDatabaseRevision" in d for d in failed.detail)
    assert utc(failed.ts) == "2021-10-06T16:00:16"
    # a message that merely ends with a dash keeps its line
    (dashed,) = parse("2021-10-06 16:00:18,000 [INFO] from app in main - retry -\n")
    assert dashed.fmt != "play" and dashed.message.endswith("retry -")


def test_pm2_daemon_log_levels_by_console_method() -> None:
    # PM2's ~/.pm2/pm2.log (set 403): "<time>: PM2 log: ..." and "PM2 error: ..."; its CLI's
    # warning passed on through console.error stays a warning; an app given up on after its
    # restarts ("errored") is an error whatever method wrote it
    text = (
        "2022-03-30T05:31:16: PM2 log: Script /home/x/app.js had too many unstable restarts "
        '(16). Stopped. "errored"\n'
        "2022-03-30T05:32:43: PM2 error: app=httpsapp id=3 does not have a pid\n"
        "2022-02-04T11:58:30: PM2 error: [PM2][WARN] No process found\n"
        "2019-06-25T15:15:34: PM2 error: Error: ENOENT: no such file or directory\n"
        "    at Object.fs.openSync (fs.js:646:18)\n"
    )
    stopped, no_pid, warned, failed = parse(text)
    assert [e.level for e in (stopped, no_pid, warned, failed)] == [
        "ERROR",
        "ERROR",
        "WARNING",
        "ERROR",
    ]
    assert no_pid.message == "app=httpsapp id=3 does not have a pid"
    assert list(failed.detail) == ["    at Object.fs.openSync (fs.js:646:18)"]
    assert utc(no_pid.ts) == "2022-03-30T05:32:43"


def test_delayed_job_times_a_job_of_any_class() -> None:
    # Delayed Job's worker log (set 403): "Class#method completed after 13.7888" names no
    # job, its worker's tag does; 4.x's "Job X (id=1) COMPLETED after 0.0123" too
    text = (
        "2012-04-18T21:13:45+0100: [Worker(delayed_job host:laptop.local pid:61869)] "
        "Class#importFbLikes completed after 13.7888\n"
        "2020-01-01T10:00:00+0000: [Worker(host:web1 pid:123)] Job ImportJob (id=42) "
        "COMPLETED after 0.0123\n"
        "2012-04-18T21:13:46+0100: [Worker(delayed_job host:laptop.local pid:61869)] "
        "1 jobs processed at 0.0701 j/s, 0 failed ...\n"
    )
    old, new, summary = parse(text)
    assert samples(old) == {"duration_ms": 13788.8}
    assert derived.latency_tier(old.samples, old) == (derived.TIMED, 13788.8)
    assert samples(new) == {"duration_ms": 12.3}
    assert derived.latency_tier(new.samples, new) == (derived.TIMED, 12.3)
    assert not samples(summary)


def test_lager_crash_report_title_glued_behind_a_message() -> None:
    # lager's crash.log (set 401): a report written without its newline, the next report's
    # title behind it; the line is that report: a crash or supervisor report an error, a
    # progress report none
    text = (
        "2013-12-19 22:22:41 =ERROR REPORT====\n"
        'Unable to determine options for "/home/mk/lincx/scripts/config_test.erl"'
        "2013-12-19 22:22:41 =ERROR REPORT====\n"
        'Unable to determine options for "/home/mk/lincx/scripts/of_controller_v4.erl"'
        "2013-12-19 22:22:42 =CRASH REPORT====\n"
        "  crasher:\n"
        "    initial call: tuncer:init/1\n"
        'Unable to determine options for "/home/mk/lincx/scripts/of_controller.erl"'
        "2013-12-19 22:22:43 =PROGRESS REPORT====\n"
        "    supervisor: {local,sasl_safe_sup}\n"
    )
    head, glued, crashed, progressed = parse(text)
    assert [e.level for e in (head, glued, crashed, progressed)] == [
        "ERROR",
        "ERROR",
        "ERROR",
        "INFO",
    ]
    assert crashed.detail[0] == "  crasher:"


def test_monolog_http_client_channels_state_no_status_served() -> None:
    # Symfony's dev.log (set 405): EightPointsGuzzleBundle's line for each call the app made
    # ("GET http://api/... 200"), Symfony HttpClient's response; the app's own channel's
    # request line keeps its status
    text = (
        "[2019-03-05 08:43:52] eight_points_guzzle.INFO: GET http://realestate.example.pl/api"
        "/wording/ 200 [] []\n"
        '[2023-01-01 10:00:00] http_client.INFO: Response: "503 https://api.example.com/v1" '
        "[] []\n"
        "[2023-01-01 10:00:01] app.INFO: GET /home 500 [] []\n"
    )
    guzzle, client, own = parse(text)
    assert not samples(guzzle) and not samples(client)
    assert guzzle.level == client.level == "INFO"
    assert samples(own) == {measures.HTTP_STATUS: 500}


def test_jupyter_notebook_6_time_of_day_head() -> None:
    # Notebook 6's log_datefmt "%H:%M:%S" (set 406): the level's letter (C critical), a time
    # of day alone, the app's name; a head with no message takes the lines under it
    text = (
        "[I 10:29:13.881 LabApp] Use Control-C to stop this server.\n"
        "[C 10:29:13.891 LabApp] \n"
        "    \n"
        "    To access the notebook, open this file in a browser:\n"
        "[W 21:23:02.020 LabApp] WebSocket ping timeout after 119899 ms.\n"
        "[E 11:35:49.387 LabApp] Cannot interrupt kernel. No kernel is running!\n"
        "[C 11:35:39.921 LabApp] received signal 15, stopping\n"
    )
    lines = parse(text)
    assert [e.level for e in lines] == ["INFO", "CRITICAL", "WARNING", "ERROR", "CRITICAL"]
    assert lines[0].fields == {"logger": "LabApp"}
    assert lines[4].message == "received signal 15, stopping"
    assert utc(lines[0].ts)[11:] == "10:29:13"
    # not a time: a letter in brackets before other words
    (other,) = parse("[C 12:61:00.000 LabApp] x\n")
    assert other.level != "CRITICAL"


def test_a_bracketed_date_alone_heads_a_block_read_by_its_first_line() -> None:
    # Snakemake's run log (set 406): "[Mon Mar 25 19:06:03 2019]" over a job's lines, the
    # first of them its message and level ("Error in rule x:" an error; "Job 34: ..." none)
    text = (
        "[Mon Mar 25 19:03:03 2019]\n"
        "Job 34: Processing fastq files from fastq/x.fastq.gz\n"
        "\n"
        "Submitted job 34 with external jobid '95965.hpcfe01'.\n"
        "[Mon Mar 25 19:06:03 2019]\n"
        "Error in rule rseqc_gtf2bed:\n"
        "    jobid: 37\n"
        "    log: 00log/rseqc_gtf2bed.log\n"
        "[Mon Mar 25 19:07:03 2019]\n"
        "Finished job 39.\n"
        "    shell: grep -c error x.log\n"
    )
    job, failed, finished = parse(text)
    assert job.message.startswith("Job 34:") and job.level == "UNKNOWN"
    assert failed.message == "Error in rule rseqc_gtf2bed:" and failed.level == "ERROR"
    assert list(failed.detail) == ["    jobid: 37", "    log: 00log/rseqc_gtf2bed.log"]
    assert finished.level == "UNKNOWN"  # its lines' words are the job's, not its level
    assert utc(failed.ts) == "2019-03-25T19:06:03"
    # Apache's error line keeps its reading
    (apache,) = parse("[Thu May 16 09:23:38.123456 2024] [core:error] [pid 12] AH00124: x\n")
    assert apache.fmt == "apache-error" and apache.level == "ERROR"


def test_slurmctld_rpc_times_and_job_completion_records() -> None:
    # slurmctld.log (set 406): a client's RPC handled, "usec=" its time; the jobcomp/filetxt
    # record: its time its EndTime (StartTime before it, "Unknown" for a job never started),
    # a FAILED job an error, a TIMEOUT a warning, a COMPLETED or CANCELLED one neither
    text = (
        "[2024-02-01T12:22:36.604] sched: _slurm_rpc_allocate_resources JobId=1 "
        "NodeList=compute[00-01] usec=187\n"
        "[2024-01-31T15:32:44.328] _slurm_rpc_reconfigure_controller: completed usec=1008\n"
    )
    allocated, reconfigured = parse(text)
    assert derived.latency_tier(allocated.samples, allocated) == (derived.TIMED, 0.187)
    assert derived.latency_tier(reconfigured.samples, reconfigured) == (derived.TIMED, 1.008)
    jobs = (
        "JobId=1 UserId=u(1001) Name=interactive JobState=FAILED Partition=normal "
        "StartTime=2024-02-01T12:22:36 EndTime=2024-02-01T12:28:25 NodeCnt=2 "
        "SubmitTime=2024-02-01T12:22:36 ExitCode=1:0\n"
        "JobId=3 UserId=u(1001) Name=hello JobState=CANCELLED Partition=express "
        "StartTime=Unknown EndTime=2024-02-01T12:56:18 NodeCnt=0 "
        "SubmitTime=2024-02-01T12:46:04 ExitCode=0:0\n"
        "JobId=7 UserId=u(1001) Name=long JobState=TIMEOUT Partition=normal "
        "StartTime=2024-02-01T13:00:00 EndTime=2024-02-01T13:05:00 NodeCnt=1 "
        "SubmitTime=2024-02-01T12:59:00 ExitCode=0:15\n"
        "JobId=8 UserId=u(1001) Name=ok JobState=COMPLETED Partition=normal "
        "StartTime=2024-02-01T13:10:00 EndTime=2024-02-01T13:10:21 NodeCnt=1 "
        "SubmitTime=2024-02-01T13:09:00 ExitCode=0:0\n"
    )
    failed, cancelled, timed_out, completed = parse(jobs)
    assert [e.level for e in (failed, cancelled, timed_out, completed)] == [
        "ERROR",
        "INFO",
        "WARNING",
        "INFO",
    ]
    assert [utc(e.ts)[11:] for e in (failed, cancelled, timed_out, completed)] == [
        "12:28:25",
        "12:56:18",
        "13:05:00",
        "13:10:21",
    ]
    # a record with a start alone keeps it
    (started,) = parse("job=9 state=RUNNING StartTime=2024-02-01T14:00:00\n")
    assert utc(started.ts) == "2024-02-01T14:00:00"


def test_a_containers_own_line_behind_kubectl_timestamps() -> None:
    # `kubectl logs --timestamps` / `docker logs -t` (set 404, a support bundle's pod log):
    # RFC 3339 to the nanosecond, then the container's own line: klog (the stamp's year),
    # logrus' logfmt, a JSON record, an access line, read as they are; plain words keep the
    # stamp's time and their level word
    text = (
        "2022-03-22T17:13:23.925246924Z 10.52.0.57 - - [22/Mar/2022:17:13:23 +0000] "
        '"GET /v1/volumes/pvc-1 HTTP/1.1" 404 0 "" "Go-http-client/1.1"\n'
        '2022-03-22T17:13:30.616562539Z time="2022-03-22T17:13:30Z" level=warning '
        'msg="longhorn-kubernetes-pod-controller: Error syncing pod x" controller=y\n'
        "2022-03-22T17:13:30.647202603Z E0322 17:13:30.646896       1 "
        "kubernetes_pod_controller.go:145] fail to sync x\n"
        '2022-03-22T17:13:31.000000001Z {"level":"warn","msg":"Error syncing"}\n'
        "2022-03-22T17:13:31.5Z INFO plain words\n"
    )
    access, logrus, klog, record, plain = parse(text)
    assert samples(access)[measures.HTTP_STATUS] == 404
    assert (logrus.level, logrus.fmt, logrus.message) == (
        "WARNING",
        "logfmt",
        "longhorn-kubernetes-pod-controller: Error syncing pod x",
    )
    assert (klog.level, klog.fmt, klog.message) == ("ERROR", "klog", "fail to sync x")
    assert utc(klog.ts) == "2022-03-22T17:13:30"
    assert (record.level, record.fmt) == ("WARNING", "json")
    assert (plain.level, plain.message) == ("INFO", "plain words")


def test_an_asa_line_relayed_with_the_devices_name_before_its_code() -> None:
    # Cisco ASA through a syslog server writing RFC 3339 times (set 410): "host : %ASA-...":
    # the code's severity the level (2 critical), the device's name a field
    text = (
        "2011-04-26T18:47:57-06:00 ant-fw : %ASA-2-106100: access-list inside denied udp "
        "inside/192.168.30.30(56542) -> dmz/10.30.30.20(53) hit-cnt 1 first hit\n"
        "2011-04-26T18:47:58-06:00 ant-fw : %ASA-6-106100: access-list inside permitted udp "
        "inside/192.168.30.30(39520) -> dmz/10.30.30.20(53) hit-cnt 1 first hit\n"
    )
    denied, permitted = parse(text)
    assert (denied.level, denied.fmt, permitted.level) == ("CRITICAL", "cisco", "INFO")
    assert denied.fields == {"host": "ant-fw"}
    assert denied.message.startswith("%ASA-2-106100: access-list")
    assert utc(denied.ts) == "2011-04-27T00:47:57"


def test_an_ike_messages_number_is_no_status() -> None:
    # strongSwan's charon (set 410): "response 274 [ ]", "request 1 [ IDi AUTH ]" number an
    # IKE message and list its payloads; an HTTP line's "response 503" stays a status
    text = (
        "Oct 28 15:17:46 192.168.16.251 charon[86700]: 14[ENC] <con1|334> generating "
        "INFORMATIONAL response 301 [ ]\n"
        "Oct 28 15:17:47 192.168.16.251 charon[86700]: 09[ENC] <con1|334> parsed IKE_AUTH "
        "request 200 [ IDi CERT AUTH ]\n"
        "Oct 28 15:17:48 web1 app[12]: GET /api/x response 503 in 12ms\n"
    )
    ike, auth, http = parse(text)
    assert not samples(ike) and not samples(auth)
    assert samples(http)[measures.HTTP_STATUS] == 503


def test_go_tests_t_log_of_a_loggers_dated_line_is_that_line() -> None:
    # go test -v (set 411): geth's log15 records passed through t.Log, one per line under
    # the test's run, four spaces in; what a test logs in words stays its run's
    text = (
        "=== RUN   TestE2E\n"
        "    stack_test.go:68: INFO [05-30|10:28:43.457] node: Initializing rollup node"
        "           version=v0.1\n"
        "        \n"
        "FCU. FCS: {HeadBlockHash:0xbf3f}\n"
        "    stack_test.go:68: ERROR[05-30|10:28:44.039] node: sequencer temporarily failed"
        ' err="temp: failed"\n'
        "        \n"
        "    stack_test.go:70: waiting for the node\n"
        "--- FAIL: TestE2E (1.20s)\n"
    )
    lines = parse(text)
    fmts = [(e.level, e.fmt) for e in lines]
    assert ("INFO", "log15") in fmts and ("ERROR", "log15") in fmts
    failed = next(e for e in lines if e.level == "ERROR" and e.fmt == "log15")
    assert failed.message.startswith("node: sequencer temporarily failed")
    assert utc(failed.ts)[5:] == "05-30T10:28:44"
    assert any("waiting for the node" in d for e in lines for d in e.detail)


def test_review_a_stamps_time_stands_where_the_lines_own_is_another_clock() -> None:
    # (review) a line's own time behind a UTC stamp is taken within two minutes of it (the
    # program's, finer); a local time with no zone, a date printed as data, a record's old
    # time give way to the stamp's
    text = (
        "2026-05-20T11:48:49.3648856Z [2026-05-20 13:48:48] CLUSTER-CI: runner start\n"
        "2022-03-22T17:13:30.647202603Z 2022-03-22 18:13:30,646 INFO  [main] o.a.Foo - started\n"
        "2024-05-01T10:00:01.1234567Z 2019-03-25 19:06:03 +0000 Fix bug in parser\n"
        '2024-05-01T10:00:01.4234567Z {"time":"2015-01-01T00:00:00Z","level":"error"}\n'
        '2024-05-01T10:00:02.5Z {"time":"2024-05-01T10:00:02.100Z","level":"warn","msg":"x"}\n'
    )
    ci, local, data, old_record, own_record = parse(text)
    assert utc(ci.ts) == "2026-05-20T11:48:49"
    assert utc(local.ts) == "2022-03-22T17:13:30" and local.level == "INFO"
    assert utc(data.ts) == "2024-05-01T10:00:01"
    assert utc(old_record.ts) == "2024-05-01T10:00:01" and old_record.level == "ERROR"
    assert utc(own_record.ts, "milliseconds") == "2024-05-01T10:00:02.100"


def test_review_monolog_json_under_a_client_channel_states_no_status() -> None:
    # (review) Monolog's JsonFormatter: the same Guzzle channel as the text line's
    line = (
        '{"message":"GET http://api.example.com/x 502","context":{},"level":200,'
        '"level_name":"INFO","channel":"eight_points_guzzle",'
        '"datetime":"2023-01-01T10:00:01.000000+00:00","extra":{}}\n'
    )
    (guzzle,) = parse(line)
    assert guzzle.level == "INFO" and not samples(guzzle)
    (odd,) = parse('{"message":"GET /x 502 1.2 ms","level":"info","channel":{"a":1}}\n')
    assert samples(odd)[measures.HTTP_STATUS] == 502  # a channel of no name: no client's


def test_review_an_end_time_wins_only_within_a_month_after_its_start() -> None:
    # (review) a promotion's dates a year apart: the record's time its start; an end before
    # its start is none; a job's end within a month (one at a 7-day limit) its record's time
    times = [
        utc(e.ts)
        for e in parse(
            '{"msg":"promo","start_date":"2024-02-01T00:00:00Z","end_date":"2025-02-01T00:00:00Z"}\n'
            "JobId=9 JobState=FAILED StartTime=2024-02-01T12:00:00 EndTime=2024-02-01T11:00:00\n"
            "JobId=10 JobState=FAILED StartTime=2024-02-01T12:00:00 EndTime=2024-02-03T11:00:00\n"
            "JobId=11 JobState=TIMEOUT StartTime=2024-02-01T12:00:00 EndTime=2024-02-08T12:00:05\n"
        )
    ]
    assert times == [
        "2024-02-01T00:00:00",
        "2024-02-01T12:00:00",
        "2024-02-03T11:00:00",
        "2024-02-08T12:00:05",
    ]


def test_review_delayed_jobs_failures_are_errors_and_play_2_4_heads_are_peeled() -> None:
    # (review) Delayed Job says a job's failure at error (3.x and 4.x); a count of failures
    # in its summary is none. Play 2.4's head on a line with its message: logger and thread
    text = (
        "2012-04-18T21:42:48+0100: [Worker(delayed_job host:laptop pid:62077)] "
        "Class#importFbLikes failed with NoMethodError: undefined method - 0 failed attempts\n"
        "2020-01-01T10:00:00+0000: [Worker(host:web1 pid:123)] Job ImportJob (id=42) FAILED "
        "(0 prior attempts) with RuntimeError: boom\n"
        "2020-01-01T10:00:01+0000: [Worker(host:web1 pid:123)] Job ImportJob (id=42) REMOVED "
        "permanently because of 25 consecutive failures\n"
        "2012-04-18T21:13:46+0100: [Worker(delayed_job host:laptop pid:61869)] "
        "1 jobs processed at 0.0701 j/s, 0 failed ...\n"
    )
    levels = [e.level for e in parse(text)]
    assert levels[:3] == ["ERROR"] * 3 and levels[3] != "ERROR"
    (play,) = parse(
        "2021-10-06 16:00:16,472 [INFO] from play.api.Play in dispatcher-8 - Application "
        "started (Dev)\n"
    )
    assert play.message == "Application started (Dev)"
    assert play.fields == {"logger": "play.api.Play", "thread": "dispatcher-8"}


def test_fourth_sets_request_times_said_in_other_words() -> None:
    # (sets 413-415) Emby's "Response 200 to <ip>. Time: 1ms."; Fiber's JSON logger pads its
    # latency ("      1.042µs"); a tracing span's close (Meilisearch, tracing-actix-web):
    # busy and idle, the request's whole time
    emby, fiber, span = parse(
        "2025-12-28 04:27:14.373 Debug WebAppService-0HNI5O3U5G2S8:00000004: http/1.1 Response "
        "200 to 127.0.0.1. Time: 12ms. GET http://localhost:8096/web/x.png. \n"
        '{"time":"2023-09-17 18:07:46","status":"500","method":"POST","path":"/api/user",'
        '"ip":"127.0.0.1","latency":"      1.042µs"}\n'
        '2026-05-09T02:04:05.830890Z  INFO HTTP request{method=POST host="localhost:7700" '
        "route=/indexes user_agent=node status_code=202}: meilisearch: close time.busy=3.60ms "
        "time.idle=13.0ms\n"
    )
    assert derived.latency_tier(emby.samples, emby) == (derived.SERVED, 12.0)
    assert derived.latency_tier(fiber.samples, fiber) == (derived.SERVED, 0.001042)
    assert fiber.level == "ERROR"
    tier = derived.latency_tier(span.samples, span)
    assert tier is not None and tier[0] == derived.SERVED and round(tier[1], 3) == 16.6


def test_winstons_minute_second_tail_after_the_time() -> None:
    # winston's tutorial format "YYYY-MM-DD HH:mm:ss:ms" (set 414): moment's minute and
    # second again after the time; the level after it is the line's
    (line,) = parse("2021-11-26 13:54:20:5420 \x1b[31merror\x1b[39m: Server Started at Port\n")
    assert (line.level, line.message, utc(line.ts)) == (
        "ERROR",
        "Server Started at Port",
        "2021-11-26T13:54:20",
    )


def test_second_review_delayed_job_play_and_a_sentences_time() -> None:
    # (second review) Delayed Job 4.1.10's final failure an error, 3.x's "PERMANENTLY
    # removing" its info; Play's head only with logback's level names; "Time:" a sentence's
    text = (
        "2020-01-01T10:00:00+0000: [Worker(host:web1 pid:123)] Job ImportJob (id=42) FAILED "
        "permanently because of 25 consecutive failures\n"
        "2012-04-18T21:42:48+0100: [Worker(delayed_job host:laptop pid:62077)] PERMANENTLY "
        "removing Class#importFbLikes because of 25 consecutive failures.\n"
        "2021-10-06 16:00:18,000 [SYNC] from node-1 in 12 ms - ok\n"
        "2024-01-01 10:00:00.000 Info Server: Response 200 to 10.0.0.1. Up Time: 3600s, "
        "GET http://localhost:8096/health\n"
    )
    final, removing, sync, uptime = parse(text)
    assert final.level == "ERROR" and removing.level != "ERROR"
    assert sync.level != "SYNC" and "from node-1" in sync.message
    assert derived.latency_tier(uptime.samples, uptime) is None
