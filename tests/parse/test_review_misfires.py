"""Issue 17, a review of this session's rules (sets 31, 32, 36) against common logs they were
not written for: lines of our own in the shapes of syslog, Python logging, logrus, Rails and
prose messages, where a rule read a date a message only talks about, a count as a status, a
setting as a duration, or joined entries that stand apart. Each test holds the rule's own
case beside the misfire, so the mend is seen to keep it."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# --- a run's dated summary: only in output whose lines carry no time ---------------------


def test_a_summary_wording_in_a_timed_log_is_no_time_of_its_own() -> None:
    # syslog's year-less lines, then a line of no layout saying when a run started: the
    # date is one the message tells; it neither re-dates the lines before nor stands alone
    text = (
        "Dec  3 10:00:01 host backupd[12]: report:\n"
        "Dec  3 10:00:01 host backupd[12]: done\n"
        "Last run started at 2019-01-02 03:04:05\n"
    )
    lines = parse(text)
    assert [utc(ln.ts)[:4] for ln in lines][:2] == ["2023", "2023"]
    assert all(not utc(ln.ts).startswith("2019") for ln in lines)


def test_a_summary_wording_between_logfmt_lines_stays_untimed() -> None:
    text = (
        'time="2024-05-01T10:00:00Z" level=info msg="sync begins"\n'
        "Run finished at: 2019-01-02 03:04:05\n"
        'time="2024-05-01T10:00:01Z" level=info msg="sync ends"\n'
    )
    lines = parse(text)
    assert all(utc(ln.ts).startswith("2024-05-01") for ln in lines)


def test_a_builds_summary_still_times_untimed_output() -> None:
    text = (
        "[INFO] BUILD SUCCESS\n"
        "[INFO] Total time:  40.152 s\n"
        "[INFO] Finished at: 2023-05-04T12:34:26+02:00\n"
        "Test Suite 'All tests' started at 2023-05-04 12:40:00.064\n"
        "Test Suite 'All tests' passed at 2023-05-04 12:40:03.100\n"
    )
    lines = parse(text)
    assert utc(lines[-3].ts) == "2023-05-04T10:34:26"
    assert [utc(ln.ts) for ln in lines[-2:]] == ["2023-05-04T12:40:00", "2023-05-04T12:40:03"]


# --- a status after a request line's protocol: Gin's, its latency after it ----------------


def test_a_count_after_a_request_lines_protocol_is_no_status() -> None:
    text = (
        "2024-05-01 10:00:03,123 INFO client: sent GET /api HTTP/1.1 200 bytes\n"
        '[GIN] "GET /goods HTTP/1.1 200 1.5ms "curl/8.5.0" "\n'
    )
    lines = parse(text)
    assert "http_status" not in samples(lines[0])
    assert samples(lines[1])["http_status"] == 200.0


# --- '<word> duration: 3ms': a limit or a setting is no run's time -------------------------


def test_a_limit_on_a_runs_duration_is_no_duration() -> None:
    text = (
        "2024-05-01 10:00:02,123 INFO app: max request duration: 30s\n"
        "2024-05-01 10:00:03,123 INFO app: configured check duration: 10s\n"
        "2024-05-01 10:00:04,123 INFO app: expected run duration: 2s\n"
        "2024-05-01 10:00:05,123 INFO app: Sync duration: 45ms\n"
    )
    lines = parse(text)
    assert [samples(ln).get("duration_ms") for ln in lines] == [None, None, None, 45.0]


# --- 'intended ... took': InnoDB's cadence overrun only -----------------------------------


def test_a_took_after_the_word_intended_in_prose_is_still_a_duration() -> None:
    text = (
        "2024-05-01 10:00:00,123 INFO app: we intended to finish early but the job took 5s\n"
        "2024-05-01T10:00:01.000000Z 0 [Note] [MY-011953] [InnoDB] page_cleaner: 1000ms "
        "intended loop took 41200ms. The settings might not be optimal.\n"
    )
    lines = parse(text)
    assert samples(lines[0]).get("duration_ms") == 5000.0
    assert "duration_ms" not in samples(lines[1])


# --- a configuration dump: the word naming the object, not a path or a far word -----------


def test_a_request_to_a_config_path_keeps_its_duration() -> None:
    text = (
        '2024-05-01 10:00:03,123 INFO app: Request to /config completed {"duration": 500, '
        '"status": 200}\n'
        '2024-05-01 10:00:04,123 INFO app: options changed, request done {"duration": 500}\n'
        '2024-05-01 10:00:05,123 INFO app: loaded settings {"timeout": 30, "duration": 500}\n'
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 500.0, "http_status": 200.0}
    assert samples(lines[1]) == {"duration_ms": 500.0}
    assert samples(lines[2]) == {}


# --- start= before duration=: a span asked for, not one timed with its unit ---------------


def test_a_timed_span_after_its_start_keeps_its_duration() -> None:
    text = (
        "2024-05-01 10:00:02,123 INFO tracer: span name=fetch start=1714557602123 "
        "duration=350ms status=ok\n"
        "2024-05-01 10:00:03,123 INFO rtmp: play: name='cam' args='' start=0 duration=0 reset=0\n"
    )
    lines = parse(text)
    assert samples(lines[0]).get("duration_ms") == 350.0
    assert "duration_ms" not in samples(lines[1])


# --- Rails' exception report: joined only from its blank opening part ----------------------


def test_two_errors_of_one_request_stand_apart_outside_a_report() -> None:
    text = (
        "E, [2024-05-01T10:00:00.100000 #1] ERROR -- : [abc] Payment declined for order 7\n"
        "E, [2024-05-01T10:00:00.200000 #1] ERROR -- : [abc] Could not send receipt\n"
    )
    lines = parse(text)
    assert [ln.message for ln in lines] == [
        "[abc] Payment declined for order 7",
        "[abc] Could not send receipt",
    ]


def test_rails_exception_report_parts_still_join() -> None:
    text = (
        "F, [2024-05-01T10:00:00.100000 #1] FATAL -- : [abc]   \n"
        "F, [2024-05-01T10:00:00.100000 #1] FATAL -- : [abc] ActiveRecord::RecordNotFound "
        "(Couldn't find Order with 'id'=9):\n"
        "F, [2024-05-01T10:00:00.100000 #1] FATAL -- : [abc]   \n"
        "F, [2024-05-01T10:00:00.100000 #1] FATAL -- : [abc] app/controllers/orders_"
        "controller.rb:5:in `show'\n"
    )
    lines = parse(text)
    assert len(lines) == 1
    assert lines[0].message.startswith("[abc] ActiveRecord::RecordNotFound")


# --- a transfer's time beside its rate: a finished transfer, not a progress line ----------


def test_a_progress_lines_time_so_far_is_no_transfers_duration() -> None:
    text = (
        "[#####-----] 50% 12.3 MB in 5s (2.4 MB/s)\n"
        "2024-05-01 10:00:00,123 INFO dl: 45% done, 12.3 MB in 5s (2.4 MB/s)\n"
        "2024-05-01 10:00:01,123 INFO dl: Downloaded: 3 files, 4.5M in 2.3s (1.96 MB/s)\n"
    )
    lines = parse(text)
    assert [samples(ln).get("duration_ms") for ln in lines] == [None, None, 2300.0]


# --- a wait to come in minutes (took/in ... min read since set 32) -------------------------


def test_a_retry_to_come_in_minutes_is_no_duration() -> None:
    text = (
        "2024-05-01 10:00:07,123 INFO app: request will be retried in 5 minutes\n"
        "2024-05-01 10:00:08,123 INFO app: request will be retried in 5s\n"
        "2024-05-01 10:00:09,123 INFO app: request GET /x served in 2 minutes\n"
    )
    lines = parse(text)
    assert [samples(ln).get("duration_ms") for ln in lines] == [None, None, 120000.0]
