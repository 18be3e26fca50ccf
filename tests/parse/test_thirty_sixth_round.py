"""Session 36's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

import pytest

from console.parse import derived
from tests.helpers.parsing import parse, samples, utc


def test_exim_session_reception_and_delivery_times() -> None:
    # Exim 4's mainlog (set 337): D= on the line closing an SMTP session, RT= on a reception,
    # DT= on a delivery (its call to another host), in Exim's own spelling of a time; QT= (a
    # queue's wait) and a D= on a line that is no Exim session's are no work's time
    text = (
        "2023-04-23 03:50:45 SMTP connection from (localhost) [198.51.100.7]:59474 lost D=2s\n"
        "2023-04-23 03:51:00 SMTP connection from [203.0.113.9]:1136 closed by QUIT D=1m3s\n"
        "2023-04-23 03:52:00 1pqXyZ-000Abc-7Q <= a@example.org H=mx.example.org [203.0.113.9]"
        " P=esmtps S=3120 RT=0.412s id=x@example.org\n"
        "2023-04-23 03:52:01 1pqXyZ-000Abc-7Q => b@example.net R=dnslookup T=remote_smtp"
        " H=mx.example.net [192.0.2.4] DT=3s QT=4s\n"
        "2023-04-23 03:52:01 1pqXyZ-000Abc-7Q Completed QT=4s\n"
        "2023-04-23 03:53:00 rebuilt index D=5s\n"
    )
    lost, quit_, received, delivered, completed, other = parse(text)
    assert samples(lost) == {"response_time_ms": 2000.0}
    assert samples(quit_) == {"response_time_ms": 63000.0}
    assert samples(received) == {"response_time_ms": 412.0}
    assert samples(delivered) == {"upstream_time_ms": 3000.0}
    assert not samples(completed) and not samples(other)
    assert derived.latency_tier(lost.samples, lost) == (derived.TIMED, 2000.0)


def test_php_fpm_watchdog_says_how_long_the_request_ran() -> None:
    # PHP-FPM's error log (set 302): request_slowlog_timeout's "executing too slow" and
    # request_terminate_timeout's "execution timed out", the seconds the request had run
    text = (
        "[21-May-2018 08:40:17] WARNING: [pool www] child 30245, script '/srv/www/index.php'"
        ' (request: "POST /index.php") executing too slow (5.414265 sec), logging\n'
        "[21-May-2018 08:40:19] WARNING: [pool www] child 30236, script '/srv/www/cron.php'"
        ' (request: "GET /cron.php?run=1") execution timed out (31.002120 sec), terminating\n'
        "[21-May-2018 08:40:19] NOTICE: child 30236 stopped for tracing\n"
    )
    slow, killed, notice = parse(text)
    assert slow.level == "WARNING" and samples(slow) == {"response_time_ms": 5414.265}
    assert samples(killed) == {"response_time_ms": pytest.approx(31002.12)}
    assert not samples(notice)


def test_a_traceback_after_an_errors_message_lines_is_that_errors() -> None:
    # Celery's "Received unregistered task" (sets 373, 380): its message goes on over lines
    # at the margin, then its traceback; one error, not two. A traceback after lines that no
    # error wrote before them is still an error of its own (Django's "Internal Server Error")
    trace = (
        "Traceback (most recent call last):\n"
        '  File "/usr/lib/python3/celery/worker/consumer/consumer.py", line 559, in on_task\n'
        "    strategy = strategies[type_]\n"
        "KeyError: 'app.tasks.task'\n"
    )
    text = (
        "[2017-11-27 02:31:11,779: ERROR/MainProcess] Received unregistered task of type"
        " 'app.tasks.task'.\n"
        "The message has been ignored and discarded.\n"
        "\n"
        "Did you remember to import the module containing this task?\n"
        "The full contents of the message body was:\n"
        "b'[[], {}, {}]' (77b)\n" + trace + "[2017-11-27 02:31:12,001: INFO/MainProcess] ready\n"
        "Internal Server Error: /orders\n" + trace
    )
    entries = parse(text)
    errors = [e for e in entries if e.level == "ERROR"]
    assert len(errors) == 2
    assert "Received unregistered task" in errors[0].message
    assert errors[1].message == "Internal Server Error: /orders"


def test_mattermost_app_errors_carry_their_status() -> None:
    # Mattermost 1.x's l4g text log (set 316): an AppError's line names the API's path, then
    # code= its HTTP status and rid= the request's id; its [EROR] kept for a 4xx too. A code=
    # with no request's id after it is no status.
    text = (
        "[2016/02/01 10:29:51 PKT] [EROR] /api/v1/admin/logs:getLogs code=403"
        " rid=d8ma3nsug7nt38bjw8yptybf9e uid=ypyc ip=127.0.0.1 You do not have the"
        " appropriate permissions (system) [details: userId=ypyc]\n"
        "[2016/02/01 10:29:52 PKT] [INFO] /api/v1/jobs code=200 exited\n"
    )
    denied, other = parse(text)
    assert denied.level == "ERROR" and samples(denied) == {"http_status": 403.0}
    assert "http_status" not in samples(other)


def test_capistrano_log_sshkit_lines_and_ruby_loggers_header() -> None:
    # Capistrano's log/capistrano.log (set 385): Ruby's Logger header gives the file's first
    # time, SSHKit's lines (the level right-aligned in six columns) are entries of their own,
    # untimed but for each run's START; a command's Finished line its run time
    text = (
        "# Logfile created on 2021-03-12 09:24:10 +0100 by logger.rb/v1.4.3\n"
        "  INFO ---------------------------------------------------------------------------\n"
        "  INFO START 2021-03-12 09:24:10 +0100 cap production deploy\n"
        "  INFO [66941bf5] Running /usr/bin/env mkdir -p /tmp as deploy@web-1\n"
        " DEBUG [66941bf5] Command: /usr/bin/env mkdir -p /tmp\n"
        "  INFO [66941bf5] Finished in 0.357 seconds with exit status 0 (successful).\n"
        "  INFO START 2021-03-12 10:30:38 +0100 cap production deploy\n"
        " ERROR [6f390ff1] Finished in 1.5 seconds with exit status 1 (failed).\n"
    )
    header, rule, start, running, command, finished, later, failed = parse(text)
    assert utc(header.ts) == "2021-03-12T08:24:10" and header.fmt == "ruby-logger"
    assert rule.fmt == "sshkit" and rule.ts == header.ts
    assert start.message.startswith("START ") and utc(start.ts) == "2021-03-12T08:24:10"
    assert running.level == "INFO" and command.level == "DEBUG"
    assert running.fields == {"command": "66941bf5"}
    assert samples(finished) == {"task_ms": 357.0} and finished.fields["exit_status"] == 0
    assert utc(later.ts) == "2021-03-12T09:30:38"
    assert (
        failed.ts == later.ts and failed.level == "ERROR" and samples(failed) == {"task_ms": 1500.0}
    )


def test_a_python_traceback_a_capistrano_command_printed_is_one_error() -> None:
    # set 385: SSHKit tabs in the first line of a command's output; the traceback's other
    # lines, a chained one's too, follow at the margin
    text = (
        "  INFO START 2021-03-12 10:27:48 +0100 cap production deploy\n"
        " DEBUG [fa1c219e] Command: python3 manage.py migrate\n"
        " DEBUG [fa1c219e] \tTraceback (most recent call last):\n"
        '  File "manage.py", line 11, in main\n'
        "    from django.core.management import execute_from_command_line\n"
        "ModuleNotFoundError: No module named 'django'\n"
        "\n"
        "The above exception was the direct cause of the following exception:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "manage.py", line 22, in <module>\n'
        "    main()\n"
        "ImportError: Couldn't import Django.\n"
        "  INFO START 2021-03-12 10:28:54 +0100 cap production deploy\n"
    )
    _start, command, trace, again = parse(text)
    assert command.level == "DEBUG" and trace.level == "ERROR"
    assert trace.detail[-1] == "ImportError: Couldn't import Django."
    assert again.message.startswith("START ")


def test_pi_hole_ftl_debug_flags_are_debug_lines() -> None:
    # Pi-hole FTL's log (set 387): the process (M its main thread, /T a thread's id), then a
    # debug flag's name as the level; "FTL 1" further in is the program's name, no FATAL
    text = (
        "2024-05-09 02:36:19.067 [71314M] DEBUG_QUERIES: **** new UDP IPv4 query[A] query"
        ' "example.org" from eth0/192.168.1.5#5353 (ID 4, FTL 1, src/dnsmasq/forward.c:1645)\n'
        "2024-05-09 02:36:19.070 [71314/T71329] DEBUG_ANY: * NETWORKING:     NO   *\n"
        "2024-05-09 02:36:19.071 [71314/T71329] ERR: Cannot open database\n"
    )
    query, flags, failed = parse(text)
    assert [query.level, flags.level, failed.level] == ["DEBUG", "DEBUG", "ERROR"]


def test_a_response_a_client_got_from_a_url_is_no_status_of_its_own() -> None:
    # certbot behind syslog (set 387): the ACME server's report quotes the page it fetched
    # from the challenge URL, "404 Not Found" that server's answer
    text = (
        "Sep  2 10:18:05 web certbot[12854]: Attempting to renew cert (example.org) from"
        " /etc/letsencrypt/renewal/example.org.conf produced an unexpected error: Failed"
        " authorization procedure. example.org (http-01): urn:ietf:params:acme:error:"
        "unauthorized :: The client lacks sufficient authorization :: Invalid response from"
        " https://example.org/.well-known/acme-challenge/Ee-wiIV4 [192.0.2.1]: "
        '"<!DOCTYPE HTML PUBLIC \\"-//IETF//DTD HTML 2.0//EN\\">\\n<html><head>\\n<title>404'
        ' Not Found</title>". Skipping.\n'
    )
    (renewal,) = parse(text)
    assert "http_status" not in samples(renewal)


def test_terraform_apply_times_its_resources_and_boxes_its_diagnostics() -> None:
    # `terraform apply` output (set 385): a resource's change timed as a build's step; a
    # diagnostic's box one entry at its summary's severity, its prose ("...part of an error
    # message.") no error
    text = (
        "aws_vpc.vpc: Creating...\n"
        "aws_vpc.vpc: Creation complete after 16s [id=vpc-0a451f36a9626de71]\n"
        "aws_efs_mount_target.mt: Creation complete after 1m23s [id=fsmt-08af10c6]\n"
        "aws_instance.old: Destruction complete after 2s\n"
        "╷\n"
        "│ Warning: Resource targeting is in effect\n"
        "│ \n"
        "│ The -target option is not for routine use, and is provided only for\n"
        "│ exceptional situations such as recovering from errors or mistakes, or when\n"
        "│ Terraform specifically suggests to use it as part of an error message.\n"
        "╵\n"
        "╷\n"
        "│ Error: creating EC2 Instance: UnauthorizedOperation\n"
        "│ \n"
        "│   with aws_instance.web,\n"
        "╵\n"
    )
    entries = parse(text)
    timed = [samples(e).get("task_ms") for e in entries[:4]]
    assert timed == [None, 16000.0, 83000.0, 2000.0]
    boxes = [e for e in entries if e.message.startswith("│ ")]
    assert [(e.level, len(e.detail)) for e in boxes] == [("WARNING", 5), ("ERROR", 3)]
    assert sum(e.level == "ERROR" for e in entries) == 1


def test_an_errors_kind_on_the_line_after_it_announced_it_is_that_error() -> None:
    # dbt's dbt.log (set 386): "Encountered an error:", then the error's kind at the margin
    # ("Runtime Error"), its message indented under it: one error
    text = (
        "21:40:20.377859 [error] [MainThread]: Encountered an error:\n"
        "Runtime Error\n"
        "  No dbt_project.yml found at expected path /home/ubuntu/airflow/dbt_project.yml\n"
        "21:40:20.380000 [debug] [MainThread]: Command `dbt run` failed after 0.26 seconds\n"
    )
    error, failed = parse(text)
    assert error.level == "ERROR" and error.detail[0] == "Runtime Error"
    assert failed.level == "DEBUG"


def test_hive_cli_time_taken_is_its_statements_time() -> None:
    # the Hive CLI's console (set 386): "OK", then the statement's time, the panel's
    text = "OK\nTime taken: 0.997 seconds\n"
    _ok, taken = parse(text)
    assert derived.latency_tier(taken.samples, taken) == (derived.TIMED, 997.0)


def test_zap_console_message_with_tabs_of_its_own_keeps_its_cells() -> None:
    # zap's console encoder (set 384): time, level, caller, then a middleware's message
    # written as tab-separated cells (method, status, path, client, seconds)
    text = (
        "2020-04-24T09:55:12.003+0800\tINFO\tmiddleware/mylog.go:58\tPOST\t500\t/user/login"
        "\t127.0.0.1\t0.095\n"
        "2020-04-24T09:55:13.003+0800\tINFO\tapi\tmiddleware/mylog.go:58\tGET\t200\t/x\n"
    )
    failed, ok = parse(text)
    assert failed.message == "POST 500 /user/login 127.0.0.1 0.095"
    assert failed.fields["caller"] == "middleware/mylog.go:58"
    assert failed.level == "ERROR" and samples(failed)["http_status"] == 500.0
    assert ok.fields["logger"] == "api" and samples(ok)["http_status"] == 200.0


def test_an_errors_kind_as_a_heading_of_an_info_report_is_no_error() -> None:
    # `dbt debug` in dbt.log (set 313): an info entry's report goes on at the margin, an
    # error's kind its heading ("Runtime Error"), its message indented
    text = (
        "09:03:47.347001 [info ] [MainThread]: Could not load dbt_project.yml\n"
        "Profile loading failed for the following reason:\n"
        "Runtime Error\n"
        '  Credentials in profile "sales_etl", target "dev" invalid\n'
        "\n"
        "Runtime Error\n"
        '  Credentials in profile "dbt_cie", target "dev" invalid\n'
    )
    entries = parse(text)
    assert not [e for e in entries if e.level == "ERROR"]
    assert sum(d == "Runtime Error" for e in entries for d in e.detail) == 2


def test_odoo_bad_query_and_the_error_postgresql_answered_are_one_record() -> None:
    # Odoo 18's server log (set 373): sql_db's "bad query: %s\nERROR: %s"
    text = (
        "2026-03-04 10:23:06,024 14952 ERROR odoo18 odoo.sql_db: bad query: b' UPDATE"
        ' "ebay_category" SET "category_type" = 1\'\n'
        "ERROR: cursor already closed \n"
        "2026-03-04 10:23:06,026 14952 INFO odoo18 odoo.service.server: Initiating shutdown\n"
    )
    bad, shutdown = parse(text)
    assert bad.level == "ERROR" and bad.detail == ("ERROR: cursor already closed ",)
    assert shutdown.level == "INFO"


def test_an_errors_wrapped_error_on_the_next_line_is_that_record() -> None:
    # Elastic Beanstalk's eb-engine.log (set 331): a Go error's message with pip's error
    # after its newline; uvicorn's (set 340) "ERROR:    Exception in ASGI application" under
    # its 500 access line is the app's own report
    text = (
        "2021/10/15 19:03:26.034880 [ERROR] An error occurred during execution of command"
        " [app-deploy] - [InstallDependency]. Error: fail to install dependencies with error\n"
        "ERROR: No matching distribution found for pywin32==302\n"
        'INFO:     10.0.0.1:0 - "POST /x HTTP/1.0" 500 Internal Server Error\n'
        "ERROR:    Exception in ASGI application\n"
    )
    deploy, request, report = parse(text)
    assert deploy.detail == ("ERROR: No matching distribution found for pywin32==302",)
    assert request.level == "ERROR" and report.level == "ERROR"


def test_buildkit_plain_progress_carries_its_steps_own_times() -> None:
    # docker build --progress=plain (set 338): "#N <seconds since the build began> <line>";
    # a line the step ran with a time of its own (mockery's zerolog) gives the log its time,
    # the step's other lines stay entries of their own, its DONE line its time
    text = (
        "#44 [builder 7/9] RUN make mocks\n"
        "#44 225.9 2026-04-17T10:07:18.492354920Z INF Starting mockery version=v3.3.2\n"
        "#44 245.9 > Task :registries:static:build\n"
        "#44 DONE 62.4s\n"
    )
    step, mockery, task, done = parse(text)
    assert utc(mockery.ts) == "2026-04-17T10:07:18" and mockery.level == "INFO"
    assert mockery.fields["build_step"] == 44 and mockery.message.startswith("Starting mockery")
    assert not mockery.detail and task.message.startswith("#44 245.9 > Task")
    assert samples(done) == {"task_ms": 62400.0} and done.ts == mockery.ts == step.ts


def test_a_stores_upkeep_timed_in_a_record_is_no_work_served() -> None:
    # etcd 3.5's zap JSON (set 389): a compaction's took= is the store's upkeep; a
    # transaction's trace is a request's time
    text = (
        '{"level":"info","ts":"2023-10-11T09:19:30.039Z","caller":"mvcc/kvstore_compaction.go:66",'
        '"msg":"finished scheduled compaction","compact-revision":228339,"took":"14.699988ms"}\n'
        '{"level":"info","ts":"2023-10-11T09:56:23.201Z","caller":"traceutil/trace.go:171",'
        '"msg":"trace[894448096] transaction","duration":"112.924807ms"}\n'
    )
    compaction, transaction = parse(text)
    assert derived.latency_tier(compaction.samples, compaction) is None
    assert derived.latency_tier(transaction.samples, transaction) == (derived.TIMED, 112.924807)


def test_a_calls_time_arguments_are_no_time_of_the_record() -> None:
    # a HolmesGPT fixture (set 391): the tool call's metadata, its start_time a parameter
    text = (
        '{"tool_name":"fetch_pod_logs","match_params":{"pod_name":"catalogue",'
        '"start_time":"2025-05-22T04:06:36Z","end_time":"2025-05-22T10:06:36Z"}}\n'
        "ts=2025-05-22T06:30:34.1Z caller=logging.go:62 method=Health result=2 took=5.3µs\n"
    )
    call, health = parse(text)
    assert utc(health.ts) == "2025-05-22T06:30:34"
    assert utc(call.ts) not in ("2025-05-22T04:06:36", "2025-05-22T10:06:36")


def test_ray_cxx_components_letter_is_their_level() -> None:
    # Ray's raylet.out (set 393): spdlog's time, the level's letter, pid and thread, then the
    # component and the source; the message's "Error" words are no level of a warning
    text = (
        "[2022-06-20 22:45:26,244 W 128931 128956] (raylet) metric_exporter.cc:207: [1] Export"
        " metrics to agent failed: GrpcUnknown: RPC Error message: Method not found!\n"
        "[2022-06-20 22:45:26,617 I 128931 128931] (raylet) agent_manager.cc:40: HandleRegister\n"
        "[2022-06-20 22:45:27,001 E 128931 128931] (gcs_server) gcs_server.cc:88: Failed to start\n"
    )
    warned, info, failed = parse(text)
    assert [warned.level, info.level, failed.level] == ["WARNING", "INFO", "ERROR"]
    assert warned.fields == {
        "pid": "128931",
        "thread": "128956",
        "component": "raylet",
        "source": "metric_exporter.cc:207",
    }
    assert utc(warned.ts, "milliseconds") == "2022-06-20T22:45:26.244"
    assert failed.message == "Failed to start"


def test_review_a_dated_entry_with_a_traceback_after_an_error_is_its_own_error() -> None:
    # the review of session 36 (1): the Celery rule is for lines of no layout only
    text = (
        "2024-06-01 10:00:00,123 app.db: ERROR connection lost\n"
        "2024-06-01 10:00:00,200 app.views: request /orders failed\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n'
        "ValueError: x\n"
    )
    lost, failed = parse(text)
    assert lost.level == "ERROR" and failed.level == "ERROR"


def test_review_a_padded_level_then_a_time_is_no_sshkit_line() -> None:
    # the review (3): Python's "%(levelname)6s %(asctime)s", a bracketed name not SSHKit's id
    text = (
        "  INFO 2024-06-01 10:00:00,123 [main] Foo - started\n"
        "Starting migrations\n"
        "  INFO [alembic.runtime.migration] Context impl PostgresqlImpl.\n"
    )
    started, *rest = parse(text)
    assert utc(started.ts) == "2024-06-01T10:00:00" and started.fmt != "sshkit"
    assert not [e for e in rest if e.fmt == "sshkit"]


def test_review_time_taken_is_a_query_only_in_the_hive_clis_words() -> None:
    # the review (4): another program's "Time taken:" is no statement's time
    text = (
        "epoch 3 done\nTime taken: 45.2 seconds\n"
        "OK\n14\nTime taken: 24.36 seconds, Fetched: 1 row(s)\nOK\nTime taken: 0.058 seconds\n"
    )
    _epoch, took, _ok, _row, query, _ok2, statement = parse(text)
    assert samples(took) == {"duration_ms": 45200.0}
    assert samples(query) == {"query_duration_ms": 24360.0}
    assert samples(statement) == {"query_duration_ms": 58.0}


def test_review_an_error_title_alone_is_an_entry_unless_a_line_announced_it() -> None:
    # the review (5): "Fatal Error" under a line that announced nothing stays an error
    text = "Starting build\nFatal Error\n"
    _start, fatal = parse(text)
    assert fatal.level in ("ERROR", "CRITICAL", "FATAL")


def test_review_a_route_named_for_upkeep_is_still_work() -> None:
    # the review (6): a request to /v1/checkpoints times work served
    text = (
        '{"time":"2024-06-01T10:00:00Z","msg":"handled POST /v1/checkpoints","duration_ms":240}\n'
    )
    (handled,) = parse(text)
    assert derived.latency_tier(handled.samples, handled) == (derived.TIMED, 240.0)


def test_django_structlog_request_records_carry_their_status() -> None:
    # django-structlog's middleware (set 392): "code" its response's status; a 500 at info
    # (request_finished) is an error as an access record's is
    head = '{"request_id": "7d8e", "ip": "127.0.0.1", "code": 500, '
    text = (
        head + '"request": "<WSGIRequest: POST \'/x/\'>", "event": "request_failed",'
        ' "timestamp": "2020-07-14T19:14:36.5Z", "level": "error"}\n'
        + head
        + '"request": "<WSGIRequest: POST \'/y/\'>", "event": "request_finished",'
        ' "timestamp": "2020-07-14T19:14:37.5Z", "level": "info"}\n'
        '{"code": 200, "request": "<WSGIRequest: GET \'/\'>", "event": "request_finished",'
        ' "timestamp": "2020-07-14T19:14:38.5Z", "level": "info"}\n'
        '{"code": 404, "event": "lookup_done", "timestamp": "2020-07-14T19:14:39Z",'
        ' "level": "info"}\n'
    )
    failed, finished, ok, other = parse(text)
    assert samples(failed)["http_status"] == 500 and failed.level == "ERROR"
    assert samples(finished)["http_status"] == 500 and finished.level == "ERROR"
    assert samples(ok)["http_status"] == 200 and ok.level == "INFO"
    assert "http_status" not in samples(other)


def test_an_outcome_word_under_status_is_a_levelless_records_severity() -> None:
    # a hand-rolled Go JSON log (set 392): no level, "status" an outcome's word
    text = (
        '{"timestamp":"2024-09-26 14:44:58","status":"Failure","message":"Error fetching USD'
        ' quote"}\n'
        '{"timestamp":"2024-09-26 14:45:58","status":"Info","message":"quote saved"}\n'
        '{"timestamp":"2024-09-26 14:46:58","status":"pending","message":"queued"}\n'
    )
    failure, info, pending = parse(text)
    assert [failure.level, info.level, pending.level] == ["ERROR", "INFO", "INFO"]


def test_a_statements_time_behind_a_long_thread_name_and_padded_ids() -> None:
    # UCMDB's DAL slow log (set 395): a thread's name long and spaced, two spaces after N/A
    text = (
        '2017-12-12 19:59:26,375  INFO   [Starter for "model_topology" (during Writer server'
        " startup). (customer 1, id name: Default Client)] -  1062ms N/A  select X from Y\n"
        "2018-02-02 19:36:26,432  INFO   [HA Heartbeat scheduler] -  2942ms N/A SELECT * FROM"
        " HA_WRITER for update\n"
    )
    starter, heartbeat = parse(text)
    assert samples(starter) == {"query_ms": 1062.0}
    assert samples(heartbeat) == {"query_ms": 2942.0}


def test_a_spark_stage_finished_is_a_jobs_work() -> None:
    # Spark 1.2's driver log (set 394): DAGScheduler's stage, timed as its job is
    text = (
        "2015-02-28 18:02:49,528 [sparkDriver-akka.actor.default-dispatcher-4] INFO "
        " org.apache.spark.scheduler.DAGScheduler - Stage 0 (take at ProfileTrimmer.scala:55)"
        " finished in 0.167 s\n"
    )
    (stage,) = parse(text)
    assert derived.latency_tier(stage.samples, stage) == (derived.TIMED, 167.0)


def test_review2_django_structlog_shapes_and_their_limits() -> None:
    # the second review (1, 3): a list under "event" reads (it raised TypeError, stopping the
    # import); an outbound call's record at info keeps its level whatever its status
    text = (
        '{"time":"2024-06-01T10:00:14Z","event":["request_finished"],"code":1}\n'
        '{"time":"2024-06-01T10:00:15Z","level":"info","msg":"request completed",'
        '"request":"GET https://upstream/x","status":503}\n'
    )
    listed, call = parse(text)
    assert "http_status" not in samples(listed)
    assert call.level == "INFO" and samples(call)["http_status"] == 503


def test_review2_a_state_under_status_is_no_level() -> None:
    # the second review (2): a thing's state in lower case (an order's, JSend's "error"), a
    # logfmt pair, a record with a level of its own
    text = (
        '{"ts":"2024-06-01T10:00:00Z","message":"order updated","order_id":7,"status":"failed"}\n'
        '{"ts":"2024-06-01T10:00:01Z","msg":"all good","status":"error"}\n'
        'time=2024-06-01T10:00:02Z msg="order created" order=7 status=Failure\n'
        '{"ts":"2024-06-01T10:00:03Z","level":"info","msg":"job done","status":"Failure"}\n'
    )
    assert [e.level for e in parse(text)] == ["INFO", "INFO", "INFO", "INFO"]


def test_review2_spark_2s_stages_and_a_spaced_verb_after_a_time() -> None:
    # the second review (4, 5): Spark 2's ResultStage and ShuffleMapStage; a time then spaced
    # prose ("12s  delete old snapshots") is no statement's
    text = (
        "2020-01-01 10:00:00 INFO DAGScheduler: ResultStage 1 (collect at Foo.scala:10)"
        " finished in 0.523 s\n"
        "2020-01-01 10:00:01 INFO DAGScheduler: ShuffleMapStage 0 (map at Foo.scala:9)"
        " finished in 1.234 s\n"
        "12s  delete old snapshots\n"
    )
    result, shuffle, prose = parse(text)
    assert derived.latency_tier(result.samples, result) == (derived.TIMED, 523.0)
    assert derived.latency_tier(shuffle.samples, shuffle) == (derived.TIMED, 1234.0)
    assert "query_ms" not in samples(prose)


def test_review2_hyphenated_upkeep_is_upkeep() -> None:
    # the second review (6): "auto-compaction", "WAL-checkpoint"
    text = (
        '{"time":"2024-06-01T10:00:00Z","msg":"auto-compaction finished","duration_ms":120}\n'
        '{"time":"2024-06-01T10:00:01Z","msg":"WAL-checkpoint done","duration_ms":80}\n'
    )
    for entry in parse(text):
        assert derived.latency_tier(entry.samples, entry) is None
