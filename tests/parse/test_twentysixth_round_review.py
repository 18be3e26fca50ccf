"""Review of session 26's commits against real inputs (shapes written here, each from the
source named beside it)."""

from __future__ import annotations

from console import events as ev
from console.parse import LogParser
from console.parse.textformats import level_in
from tests.helpers.parsing import parse, utc

_BAR = (
    "\r  0%|          | 0/10 [00:00<?, ?it/s]"
    "\r 50%|#####     | 5/10 [00:01<00:01,  4.90it/s]"
    "\r100%|##########| 10/10 [00:02<00:00,  4.90it/s]"
)


def test_a_collectors_prefix_before_tqdms_frames_stays() -> None:
    # tqdm's status_printer writes "\r" before every frame, so the text before the first
    # return is none of its: rsyslog's header, a GitHub Actions runner's time (each line of
    # a job's log opens with one) stay, with the time they give
    syslog, _done = parse(
        "Jun  1 10:00:00 host train[12]: " + _BAR + "\nJun  1 10:00:05 host train[12]: done\n"
    )
    assert utc(syslog.ts) == "2024-06-01T10:00:00" and syslog.fmt == "syslog"
    assert syslog.message.startswith("100%|")
    runner, _done = parse(
        "2024-06-01T10:00:00.1234567Z " + _BAR + "\n2024-06-01T10:00:03.1234567Z done\n"
    )
    assert utc(runner.ts) == "2024-06-01T10:00:00"


def test_a_line_of_returns_alone_draws_nothing_and_stays() -> None:
    # "\r\r\n" (a Windows program's "\r\n" written through a text-mode stream): no frame,
    # the line as it came (test_eighteenth_round's held line keeps it)
    p = LogParser(now=lambda: 1_700_000_000.0)
    out = p.feed('{"level": "ERROR", "message": "trunc') + p.feed("\r\r\n") + p.flush()
    lines = [e for e in out if isinstance(e, ev.LogLine)]
    assert [t for e in lines for t in (e.message, *e.detail)][-1] == "\r"


def test_a_sentences_level_word_before_a_number_is_its_level() -> None:
    # util.inspect's "{ Complete: 3168, Error: 3 }" is a count; "failed, Error: 503" (a
    # message joined with a comma, console.error("Upload failed, Error:", status)) is not
    assert level_in("statusCounts =  { Complete: 3168, Error: 3 }") == "UNKNOWN"
    assert level_in("call to api, Error: 503") == "ERROR"
    assert level_in("Build finished, Error: 2 projects failed to build") == "ERROR"


def test_a_dotnet_lambda_lines_short_level_names() -> None:
    # Amazon.Lambda.RuntimeSupport's DefaultLogMessageFormatter: time, request id, then
    # ConvertLogLevelToLabel's "trce"/"dbug"/"info"/"warn"/"fail"/"crit", tab-separated
    rid = "8f5a2b1c-1111-2222-3333-444455556666"
    fail, debug = parse(
        f"2024-06-01T10:00:00.123Z\t{rid}\tfail\tOrder processing failed\n"
        f"2024-06-01T10:00:00.223Z\t{rid}\tdbug\tcache hit\n"
    )
    assert fail.level == "ERROR" and fail.message == "Order processing failed"
    assert debug.level == "DEBUG" and debug.message == "cache hit"


def test_a_rendered_4xx_leaves_no_place_for_a_5xx_report() -> None:
    # Heroku, Rails' SimpleFormatter: a 422 the app rendered (no exception, no report), then
    # a second later another request failing in a middleware before any controller (Rack::
    # Attack's Redis store: no Completed line of its own). ExceptionWrapper answers
    # Redis::CannotConnectError 500: the 422 was not its request, and its report is an error
    h = "2024-06-01T10:00:0{}.000000+00:00 app[web.1]: "
    lines = parse(
        h.format(0)
        + 'Started POST "/users" for 1.2.3.4 at 2024-06-01 10:00:00 +0000\n'
        + h.format(0)
        + "Completed 422 Unprocessable Entity in 12ms (ActiveRecord: 2.0ms)\n"
        + h.format(1)
        + 'Started GET "/" for 1.2.3.4 at 2024-06-01 10:00:01 +0000\n'
        + h.format(1)
        + "Redis::CannotConnectError (Error connecting to Redis on localhost:6379):\n"
    )
    assert lines[-1].level == "ERROR"
    # a 500's report after its Completed line is still that request's
    lines = parse(
        h.format(1)
        + 'Started GET "/boom" for 1.2.3.4 at 2024-06-01 10:00:01 +0000\n'
        + h.format(1)
        + "Completed 500 Internal Server Error in 3ms\n"
        + h.format(1)
        + "NoMethodError (undefined method `name' for nil):\n"
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "INFO"]


def test_a_platforms_logfmt_line_of_no_time_is_at_the_platforms() -> None:
    # `cf logs` and `fly logs` (flyctl's render.LogEntry: time, source[instance], region,
    # [level]) before a logfmt line with no time of its own (logrus' DisableTimestamp)
    lines = parse(
        '2024-06-01T10:00:00.00+0000 [APP/PROC/WEB/0] OUT time="2024-06-01T10:00:00Z" '
        "level=info msg=started\n"
        '2024-06-01T10:05:00.00+0000 [APP/PROC/WEB/0] OUT level=warn msg="disk low"\n'
        "2024-06-01T10:07:00Z app[3d8d545df53908] fra [info]level=info msg=tick\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2024-06-01T10:00:00",
        "2024-06-01T10:05:00",
        "2024-06-01T10:07:00",
    ]
    assert lines[1].level == "WARNING"


def test_a_wrappers_opening_lines_go_to_the_record_closing_on_its_list_line() -> None:
    # `aws logs filter-log-events` output with its first event on the "events" line: the
    # wrapper's "{" and that line are the first record's (it stands for the "{", the line is
    # its detail), not the second's
    first, second = parse(
        "{\n"
        '    "events": [{"logStreamName": "s", "timestamp": 1560937541344, "message": "hello", '
        '"eventId": "1"},\n'
        '        {"logStreamName": "s", "timestamp": 1560937541400, "message": "bye", '
        '"eventId": "2"}\n'
        "    ]\n"
        "}\n"
    )
    assert (first.message, second.message) == ("hello", "bye")
    assert len(first.detail) == 1 and first.detail[0].startswith('    "events": [{')
    assert second.detail == ()
