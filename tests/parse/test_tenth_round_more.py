"""Issue 17, the tenth round's further rules: lines written here in the shapes real services
print (ASP.NET Core's console logger, uWSGI's master log pasted indented, kube-apiserver's
utiltrace, etcd's slow-apply warnings, Airflow's task duration), never copied from a log."""

from __future__ import annotations

import pytest

from tests.helpers.parsing import parse, samples, utc

# --- ASP.NET Core's console logger (Microsoft.Extensions.Logging's simple formatter) -------


def test_dotnet_console_with_a_timestamp_and_scopes_reads_the_request_under_them() -> None:
    """``TimestampFormat`` puts the time before ``info:``; ``IncludeScopes`` writes the scopes
    (``=> ...``) on the first indented line, the message after them."""
    lines = parse(
        "2023-03-02 10:15:00Z info: Microsoft.AspNetCore.Hosting.Diagnostics[1]\n"
        "      => RequestPath:/orders RequestId:0HABC:00000007\n"
        "      Request starting HTTP/1.1 GET http://shop:8080/orders - -\n"
        "2023-03-02 10:15:01Z fail: Microsoft.AspNetCore.Server.Kestrel[13]\n"
        "      => RequestPath:/orders RequestId:0HABC:00000007\n"
        "      Unhandled exception while processing the request.\n"
        "2023-03-02 10:15:01Z info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      => RequestPath:/orders RequestId:0HABC:00000007\n"
        "      Request finished in 41.25ms 500 application/json\n"
    )
    assert [(utc(e.ts), e.level, e.fmt) for e in lines] == [
        ("2023-03-02T10:15:00", "INFO", "dotnet"),
        ("2023-03-02T10:15:01", "ERROR", "dotnet"),
        # the request's access record, served 500: an error as any access line's (set 470)
        ("2023-03-02T10:15:01", "ERROR", "dotnet"),
    ]
    assert lines[2].message == "Microsoft.AspNetCore.Hosting.Diagnostics[2]"
    assert samples(lines[0]) == {}
    assert samples(lines[2]) == {"http_status": 500.0, "response_time_ms": 41.25}


def test_dotnet_console_without_a_time_skips_its_scopes_too() -> None:
    lines = parse(
        "info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      => SpanId:9a1f, TraceId:77c0 => ConnectionId:0HN2\n"
        "      Request finished HTTP/2 POST https://api:5001/pay - 201 - application/json 9.5ms\n"
    )
    assert len(lines) == 1
    assert samples(lines[0]) == {"http_status": 201.0, "response_time_ms": 9.5}


@pytest.mark.parametrize(
    ("finished", "want"),
    [
        # .NET 6 and on: status, content length, content type, then the time
        ("Request finished HTTP/1.1 GET http://h/a - 200 - text/html 6.8ms", (200.0, 6.8)),
        ("Request finished HTTP/1.1 GET http://h/a - 301 0 null 12.5ms", (301.0, 12.5)),
        # a content type with a space in it (as Serilog renders the property)
        (
            "Request finished HTTP/1.1 GET http://h/a - 404 0 text/plain; charset=utf-8 3.25ms",
            (404.0, 3.25),
        ),
        # .NET 5 and before: the time first
        ("Request finished in 6.8026ms 200 text/html; charset=utf-8", (200.0, 6.8026)),
    ],
)
def test_dotnet_request_finished_shapes(finished: str, want: tuple[float, float]) -> None:
    lines = parse(f"warn: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n      {finished}\n")
    got = samples(lines[0])
    assert (got["http_status"], got["response_time_ms"]) == want


def test_dotnet_single_line_console_reads_the_message_on_the_head_line() -> None:
    """``SingleLine = true``: category, scopes and message on the one line."""
    lines = parse(
        "2023-03-02 10:15:02Z info: Microsoft.AspNetCore.Hosting.Diagnostics[2] "
        "Request finished HTTP/1.1 GET http://shop/cart - 503 0 - 1500.5ms\n"
        "fail: Shop.Payments[0] card service unreachable\n"
    )
    # (the access record's 503 its severity, as on two lines: set 470, review 8)
    assert [(e.level, e.fmt) for e in lines] == [("ERROR", "dotnet"), ("ERROR", "dotnet")]
    assert utc(lines[0].ts) == "2023-03-02T10:15:02"
    assert samples(lines[0]) == {"http_status": 503.0, "response_time_ms": 1500.5}
    assert samples(lines[1]) == {}


def test_a_time_before_a_word_and_colon_is_not_taken_for_dotnet() -> None:
    lines = parse("2023-03-02 10:15:02 info: cache warmed [3 regions]\n")
    assert lines[0].fmt != "dotnet" and lines[0].level == "INFO"


# --- a log pasted indented (uWSGI's master log in a document) ------------------------------


def test_an_indented_plain_line_does_not_swallow_dated_lines_at_its_indentation() -> None:
    """A whole log indented by three spaces: its first line is of no known layout, the lines
    after it at the same indentation carry their times (uWSGI's ``Thu Jul 25 ... 2013 - ...``
    and ``*** Starting uWSGI ... on [Thu Jul 25 ...] ***``), and read as unindented."""
    lines = parse(
        "   bind(): Address already in use [core/socket.c line 769]\n"
        "   Mon Mar  4 09:12:30 2019 - !!! /usr/bin/uwsgi (pid: 812) exited with status 1 !!!\n"
        "   Mon Mar  4 09:12:30 2019 - !!! Fallback config to fallback.ini !!!\n"
        "   [uWSGI] getting INI configuration from fallback.ini\n"
        "   *** Starting uWSGI 2.0.18 (64bit) on [Mon Mar  4 09:12:31 2019] ***\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2019-03-04T09:12:30",  # held until the first time, then given it
        "2019-03-04T09:12:30",
        "2019-03-04T09:12:30",
        "2019-03-04T09:12:30",
        "2019-03-04T09:12:31",
    ]
    assert lines[1].message.startswith("Mon Mar  4 09:12:30 2019 - !!!")


def test_an_indented_plain_line_keeps_its_undated_lines_at_the_same_indentation() -> None:
    """Lines of no layout at the plain line's indentation stay its continuation (a pasted
    stack trace), and deeper ones too, as before."""
    lines = parse(
        "   Exception in thread main\n"
        "   at com.example.Shop.pay(Shop.java:42)\n"
        "       at com.example.Main.main(Main.java:7)\n"
    )
    assert len(lines) == 1 and len(lines[0].detail) == 2


# --- kube-apiserver's utiltrace ------------------------------------------------------------


def test_utiltrace_total_time_is_the_entry_duration_and_its_steps_are_not() -> None:
    """Kubernetes 1.18's utiltrace: ``(total time: 657.1ms):`` on the klog line, the steps
    ``Trace[id]: [656.9ms] [656.8ms] ...`` under it; 1.20 and on: ``(total time: 657ms):``,
    steps ``---"..." 656ms (14:50:14.088)`` and an ``END`` line."""
    lines = parse(
        'I0310 08:00:01.500000       1 trace.go:116] Trace[402]: "Update" '
        "url:/api/v1/namespaces/shop/pods/web-1,client:10.0.0.7 (started: 2022-03-10 "
        "08:00:00.250 +0000 UTC m=+3.1) (total time: 1.25012s):\n"
        "Trace[402]: [1.2495s] [1.2494s] Object stored in database\n"
        'I0310 08:00:02.100000       1 trace.go:205] Trace[77]: "Get" '
        "url:/api/v1/nodes/n1,client:10.0.0.8 (10-Mar-2022 08:00:01.643) (total time: 457ms):\n"
        'Trace[77]: ---"About to write a response" 456ms (08:00:02.099)\n'
        "Trace[77]: [457.118ms] [457.118ms] END\n"
        "I0310 08:00:03.000000       1 controller.go:12] synced in 3 steps (total time: soon)\n"
    )
    assert len(lines) == 3
    assert samples(lines[0]) == {"duration_ms": 1250.12}
    assert samples(lines[1]) == {"duration_ms": 457.0}
    assert samples(lines[2]) == {}


# --- etcd's slow applies (capnslog, before 3.4's zap) --------------------------------------


@pytest.mark.parametrize(
    ("message", "want"),
    [
        ("etcdserver: apply entries took too long [12.5ms for 2 entries]", 12.5),
        ("apply entries took too long [1.2s for 40 entries]", 1200.0),
        (
            'etcdserver: read-only range request "key:\\"/registry/pods\\" " with result '
            '"range_response_count:3 size:840" took too long (153.25ms) to execute',
            153.25,
        ),
    ],
)
def test_etcd_took_too_long_is_the_request_apply_time(message: str, want: float) -> None:
    for line in (
        f"Mar 10 08:00:01 node-1 etcd[900]: {message}\n",  # via syslog
        f"2019-03-10 08:00:01.250000 W | {message}\n",  # capnslog's own layout
    ):
        got = parse(line)
        assert samples(got[0]) == {"duration_ms": want}, line


def test_etcd_words_about_time_that_are_no_request() -> None:
    got = parse(
        "Mar 10 08:00:01 node-1 etcd[900]: avoid queries with large range/delete range!\n"
        "Mar 10 08:00:02 node-1 etcd[900]: wal: sync duration of 1.5s, expected less than 1s\n"
        "Mar 10 08:00:03 node-1 etcd[900]: the clock took too long to settle\n"
    )
    assert [samples(e) for e in got] == [{}, {}, {}]


# --- Airflow's task duration ---------------------------------------------------------------


def test_airflow_task_duration_in_seconds_is_the_task_run_time() -> None:
    """TaskInstance.set_duration logs ``Task Duration set to <seconds>`` (a float of
    total_seconds(), no unit); ``None`` when the task has no end."""
    got = parse(
        "[2023-04-01, 12:00:05 UTC] {taskinstance.py:1400} DEBUG - Task Duration set to 2.5\n"
        "[2023-04-01, 12:00:06 UTC] {taskinstance.py:1400} DEBUG - Task Duration set to None\n"
    )
    assert [samples(e) for e in got] == [{"response_time_ms": 2500.0}, {}]
