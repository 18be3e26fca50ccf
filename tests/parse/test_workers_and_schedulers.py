"""Background workers', job queues' and schedulers' logs (issue 17, set 66): Django's query
log inside a Celery worker's, a scheduler loop's time and its start-up's, Ruby's inspect
and backtraces under Resque's and Sidekiq's lines, Ruby's report of an uncaught exception,
an HTTP server's answer to another protocol's request line, a 12-hour clock after an ISO
date (docs/log-formats.md: Set 66)."""

from __future__ import annotations

from console import events as ev
from tests.helpers.parsing import parse, samples, utc

# --- Django's query log (django.db.backends at DEBUG) --------------------------------------

CELERY_QUERIES = """\
[2023-03-14 08:02:11,402: DEBUG/ForkPoolWorker-1] (0.004) SELECT "shop_order"."id", \
"shop_order"."state" FROM "shop_order" WHERE "shop_order"."state" = 'new'; args=('new',)
[2023-03-14 08:02:11,409: DEBUG/ForkPoolWorker-1] (0.000) UPDATE "shop_order" SET \
"state" = 'sent' WHERE "shop_order"."id" = 7; args=('sent', 7); alias=default
[2023-03-14 08:02:11,411: INFO/ForkPoolWorker-1] Task shop.tasks.send_orders[5b1c] \
succeeded in 0.0121s: None
"""


def test_a_django_query_line_is_timed_in_any_layout() -> None:
    lines = parse(CELERY_QUERIES)
    assert [samples(e) for e in lines] == [
        {"query_duration_ms": 4.0},
        {"query_duration_ms": 0.0},
        {"response_time_ms": 12.1},
    ]


def test_django_query_seconds_need_the_statement_and_its_args() -> None:
    lines = parse(
        "2023-03-14 08:02:12,001 DEBUG django.db.backends (0.125) SAVEPOINT s1; args=None\n"
        "2023-03-14 08:02:12,002 INFO app retried (0.125) times; no args\n"
        "2023-03-14 08:02:12,003 INFO app (0.125) ms spent; args=none\n"
    )
    assert samples(lines[0]) == {"query_duration_ms": 125.0}
    assert samples(lines[1]) == {} and samples(lines[2]) == {}


# --- a scheduler's loop and its start-up ---------------------------------------------------

SCHEDULER = """\
[2023-10-02T06:40:01.118+0000] {plugins_manager.py:346} DEBUG - Loading 3 plugin(s) took \
0.21 seconds
[2023-10-02T06:40:01.120+0000] {providers_manager.py:378} DEBUG - Initialization of Providers \
Manager[hooks] took 0.35 seconds
[2023-10-02T06:40:01.121+0000] {serde.py:357} DEBUG - loading serializers took 0.004 seconds
[2023-10-02T06:40:02.504+0000] {scheduler_job_runner.py:1004} DEBUG - Ran scheduling loop in \
0.13 seconds
[2023-10-02T06:40:03.580+0000] {scheduler_job_runner.py:1004} DEBUG - Ran scheduling loop in \
1.02 seconds
"""


def test_a_scheduler_loop_is_timed_its_start_up_steps_are_not() -> None:
    lines = parse(SCHEDULER)
    assert [samples(e) for e in lines] == [
        {},
        {},
        {},
        {"duration_ms": 130.0},
        {"duration_ms": 1020.0},
    ]


def test_a_scheduler_loop_behind_compose_s_prefix_and_in_airflow_1_s_words() -> None:
    lines = parse(
        "airflow-scheduler-1  | [2023-10-02T06:40:04.611+0000] {scheduler_job_runner.py:1004} "
        "DEBUG - Ran scheduling loop in 0.07 seconds\n"
        "[2017-05-02 11:20:31,214] {jobs.py:1442} INFO - Ran scheduling loop in 0.05s\n"
    )
    assert [samples(e) for e in lines] == [{"duration_ms": 70.0}, {"duration_ms": 50.0}]


def test_a_run_named_in_the_middle_of_a_clause_is_no_run() -> None:
    lines = parse(
        "2023-10-02 06:40:04,000 INFO worker - Job ran out of memory in 5 seconds\n"
        "2023-10-02 06:40:05,000 INFO worker - Ran smoke checks in 2.5 seconds\n"
    )
    assert samples(lines[0]) == {}
    assert samples(lines[1]) == {"duration_ms": 2500.0}


# --- Ruby's inspect and backtraces under a worker's lines ----------------------------------

RESQUE_FAILURE = """\
I, [2019-02-03T10:14:22.003311 #4412]  INFO -- : (Job{mail} | Mailer | [12]) failed: \
#<Mongo::Error::OperationFailure: The command: #<Mongo::Protocol::Query
  @collection="users"
  @selector={:count=>"users", :query=>{"id"=>12}}
  @flags=[]>
failed with error "not authorized on app">
I, [2019-02-03T10:14:27.101002 #4412]  INFO -- : Checking mail
"""


def test_a_ruby_inspect_over_lines_is_the_entry_s_message() -> None:
    lines = parse(RESQUE_FAILURE)
    assert [e.level for e in lines] == ["INFO", "INFO"]  # "failed with error" is no entry
    assert lines[0].detail[-1] == 'failed with error "not authorized on app">'
    assert lines[1].message.endswith("Checking mail")


def test_a_line_after_the_inspect_closed_stands_on_its_own() -> None:
    lines = parse(
        "I, [2019-02-03T10:14:22.003311 #4412]  INFO -- : lost #<Conn host=db\n"
        "  port=27017>\n"
        "fatal error: connection pool exhausted>\n"
    )
    assert [e.fmt for e in lines] == ["ruby", "plain"]
    assert lines[1].level == "FATAL"


SIDEKIQ_BACKTRACE = """\
2016-04-11T09:30:02Z 8818 TID-ox2f3 WARN: Net::ReadTimeout
2016-04-11T09:30:02Z 8818 TID-ox2f3 WARN: /srv/app/lib/fetcher.rb:41:in `rescue in fetch'
/srv/app/lib/fetcher.rb:33:in `fetch'
/srv/app/app/workers/fetch_worker.rb:9:in `perform'
/srv/gems/sidekiq-3.1.0/lib/sidekiq/processor.rb:52:in `block (2 levels) in process'
2016-04-11T09:30:03Z 8818 TID-ox2f3 FetchWorker JID-9ac1 INFO: fail: 1.204 sec
"""


def test_ruby_frames_at_the_margin_join_the_entry_they_continue() -> None:
    lines = parse(SIDEKIQ_BACKTRACE)
    assert len(lines) == 3
    assert lines[1].detail == (
        "/srv/app/lib/fetcher.rb:33:in `fetch'",
        "/srv/app/app/workers/fetch_worker.rb:9:in `perform'",
        "/srv/gems/sidekiq-3.1.0/lib/sidekiq/processor.rb:52:in `block (2 levels) in process'",
    )
    assert samples(lines[2]) == {"duration_ms": 1204.0}


def test_ruby_frames_after_a_line_of_other_words_stand_alone() -> None:
    lines = parse(
        "2016-04-11T09:30:02Z 8818 TID-ox2f3 INFO: queue drained\n"
        "/srv/app/lib/fetcher.rb:33:in 'Fetcher#fetch'\n"
        "/srv/app/lib/runner.rb:7:in 'Runner#call'\n"
    )
    assert [e.fmt for e in lines] == ["text", "plain"]
    assert lines[1].detail == ("/srv/app/lib/runner.rb:7:in 'Runner#call'",)


RUBY_CRASH = """\
2016-04-11T09:31:40Z 9022 TID-1pe INFO: Shutting down
/srv/gems/activesupport-4.2.0/lib/active_support/dependencies.rb:274:in `require': \
/srv/app/app/models/invoice.rb:18: syntax error, unexpected keyword_end (SyntaxError)
      end
         ^
/srv/app/app/models/invoice.rb:40: syntax error, unexpected end-of-input, expecting keyword_end
\tfrom /srv/gems/activesupport-4.2.0/lib/active_support/dependencies.rb:274:in `block in require'
\tfrom /srv/app/config/environment.rb:5:in `<top (required)>'
2016-04-11T09:31:52Z 9101 TID-2x0 INFO: Booting Sidekiq 3.1.0
"""


def test_ruby_s_report_of_an_uncaught_exception_is_one_entry() -> None:
    lines = parse(RUBY_CRASH)
    crash = lines[1]
    # an error as the report of an exception nothing caught, as a bare Python traceback is
    # (session 32; its "syntax error, ..." is the message's sentence, session 28)
    assert crash.fmt == "plain" and crash.level == "ERROR"
    assert crash.detail[2] == (
        "/srv/app/app/models/invoice.rb:40: syntax error, unexpected end-of-input, "
        "expecting keyword_end"
    )
    assert crash.detail[-1].startswith("\tfrom /srv/app/config/environment.rb:5")
    assert [e for e in lines if e.level in ev.ERROR_LEVELS] == [crash]
    assert lines[-1].message.endswith("Booting Sidekiq 3.1.0")


def test_a_line_after_the_crash_s_frames_stands_on_its_own() -> None:
    lines = parse(
        "app.rb:3:in `charge': card declined (Billing::Declined)\n"
        "\tfrom app.rb:9:in `<main>'\n"
        "cleanup: removed 3 temp files\n"
    )
    assert [e.message for e in lines] == [
        "app.rb:3:in `charge': card declined (Billing::Declined)",
        "cleanup: removed 3 temp files",
    ]


# --- an HTTP server's answer to another protocol's request line ----------------------------


def test_a_request_line_of_another_protocol_answered_keeps_its_status() -> None:
    lines = parse(
        "INFO[2019-07-01 21:14:09,377]: 192.168.1.20 - - [01/Jul/2019 21:14:09] "
        '"GET /info?txtAirPlay&txtRAOP RTSP/1.0" 400 -\n'
        'INFO:werkzeug:192.168.1.20 - - [01/Jul/2019 21:14:10] "GET /info RTSP/1.0" 400 -\n'
        '203.0.113.9 - - [01/Jul/2019:21:14:11 +0000] "OPTIONS sip:nm SIP/2.0" 400 150 "-" "-"\n'
        "INFO[2019-07-01 21:14:12,001]: streaming over RTSP/1.0 to 192.168.1.20\n"
    )
    assert [samples(e).get("http_status") for e in lines] == [400.0, 400.0, 400.0, None]
    assert lines[0].level == "WARNING"


# --- a 12-hour clock after an ISO date -----------------------------------------------------

WINSTON_12H = """\
[2024-02-29 11:58:40 PM] info: \tcron: checking renewals
[2024-03-01 12:00:05 AM] error: \tcron: renewal failed
[2024-03-01 12:30:00 PM] info: \tnoon report sent
2024-03-01 01:15:09 PM warn: reminder queue is slow
"""


def test_an_iso_date_on_a_12_hour_clock_reads_its_marker() -> None:
    lines = parse(WINSTON_12H)
    assert [utc(e.ts) for e in lines] == [
        "2024-02-29T23:58:40",
        "2024-03-01T00:00:05",
        "2024-03-01T12:30:00",
        "2024-03-01T13:15:09",
    ]
    assert [e.level for e in lines] == ["INFO", "ERROR", "INFO", "WARNING"]
    assert lines[3].message == "reminder queue is slow"  # the marker is the time's, no word


def test_a_24_hour_time_or_a_word_after_it_is_no_marker() -> None:
    lines = parse(
        "2024-03-01 15:37:07 PM x\n"
        "2024-03-01 03:37:07 AMQP channel closed\n"
        "2024-03-01 03:37:07+01:00 PM y\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2024-03-01T15:37:07",
        "2024-03-01T03:37:07",
        "2024-03-01T02:37:07",
    ]


# --- the review of set 66's rules (lines of our own) ---------------------------------------


def test_a_crash_report_no_frame_followed_leaves_the_lines_after_it() -> None:
    # a report of one line (an exception raised at the top level: no "\tfrom" frames), then
    # the next start's lines: each its own, not the report's message
    lines = parse(
        "app.rb:1:in `<main>': boom (RuntimeError)\n"
        "Puma starting in single mode...\n"
        "* Min threads: 5, max threads: 5\n"
        "Use Ctrl-C to stop\n"
    )
    assert [len(e.detail) for e in lines] == [0, 0, 0, 0]
    assert lines[-1].message == "Use Ctrl-C to stop"


def test_ran_out_of_is_no_run() -> None:
    lines = parse(
        "2024-01-02 10:00:00,000 INFO Ran out of retries in 30 seconds\n"
        "2024-01-02 10:00:01,000 DEBUG - Ran scheduling loop in 0.05 seconds\n"
    )
    assert [samples(e) for e in lines] == [{}, {"duration_ms": 50.0}]


def test_a_word_in_mixed_case_after_the_time_is_no_marker() -> None:
    (line,) = parse("2024-03-01 09:15:09 Am I the leader? yes\n")
    assert line.message == "Am I the leader? yes"
    assert utc(line.ts) == "2024-03-01T09:15:09"


def test_huey_spring_batch_and_delayed_job_runs_are_timed() -> None:
    text = (
        "2022-10-01 18:17:46.100  INFO 3104 --- [main] o.s.batch.core.step.AbstractStep"
        "         : Step: [product.productFileStep] executed in 5s193ms\n"
        "2022-10-01 18:17:46.148  INFO 3104 --- [main] o.s.b.c.l.support.SimpleJobLauncher"
        "      : Job: [SimpleJob: [name=product.productJob]] completed with the following "
        "parameters: [{run.id=1}] and the following status: [COMPLETED] in 5s321ms\n"
        "[2025-06-14 03:09:06,325] INFO:huey:Worker-2:tasks.process_channel_task: 09d9f568 "
        "executed in 46.500s\n"
        "[2025-06-14 03:09:07,000] ERROR:huey.consumer.Worker:Worker-3:Error reading from queue\n"
        "2013-04-20T10:32:55+0530: [Worker(delayed_job host:x pid:3392)] "
        "Snorby::Jobs::SensorCacheJob completed after 0.7119\n"
        # ASP.NET Core's action: a part of the request its Request finished line times
        "2022-10-19 18:19:13.020 +08:00 [INF] Executed action Api.Values.Get (Api) in 79.2549ms\n"
    )
    lines = parse(text)
    durs = [samples(ln).get("duration_ms") for ln in lines]
    assert durs[:3] == [5193.0, 5321.0, 46500.0]
    assert lines[3].level == "ERROR" and durs[3] is None
    assert durs[4] is not None and round(durs[4], 1) == 711.9
    assert samples(lines[5]) == {}
