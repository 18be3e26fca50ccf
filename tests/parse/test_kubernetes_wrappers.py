"""Kubernetes components' logs inside wrappers and year-less layouts (issue 17, set 48 part
B): Docker's json-file and a CRI runtime's line giving the inner klog line its year and
day, a hard-wrapped zap record, a journal whose messages show the year."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc


def _docker(inner: str, stamp: str, stream: str = "stderr") -> str:
    return f'{{"log":"{inner}\\n","stream":"{stream}","time":"{stamp}"}}\n'


def test_docker_json_file_gives_year_less_klog_lines_its_year_after_a_gap() -> None:
    # kube-proxy's klog (no year) in the node's json-file log: the wrapper's 2019 holds for
    # every line, after an idle hour and over midnight too (the reference alone says 2024)
    lines = parse(
        _docker(
            "I0311 09:15:02.118204       7 proxier.go:790] Syncing iptables rules",
            "2019-03-11T09:15:02.118400Z",
        )
        + _docker(
            "I0311 10:40:17.004120       7 service.go:301] Service default/web updated",
            "2019-03-11T10:40:17.004300Z",
        )
        + _docker(
            "W0312 00:05:44.500000       7 proxier.go:640] clusterCIDR not specified",
            "2019-03-12T00:05:44.500200Z",
        )
    )
    assert [utc(e.ts) for e in lines] == [
        "2019-03-11T09:15:02",
        "2019-03-11T10:40:17",
        "2019-03-12T00:05:44",
    ]
    assert [e.fmt for e in lines] == ["klog", "klog", "klog"]


def test_a_time_of_day_inside_a_wrapper_takes_the_wrappers_day() -> None:
    # Serilog's console "[HH:mm:ss INF]" in a json-file line and behind a CRI runtime's time
    docker = parse(_docker("[08:00:05 INF] Worker started", "2019-03-12T08:00:05.1Z", "stdout"))
    cri = parse(
        "2019-03-12T08:00:05.100Z stdout F [08:00:05 INF] Worker started\n"
        "2019-03-12T08:00:06.100Z stdout F [08:00:06 INF] Worker ready\n"
    )
    assert [utc(e.ts) for e in docker] == ["2019-03-12T08:00:05"]
    assert [utc(e.ts) for e in cri] == ["2019-03-12T08:00:05", "2019-03-12T08:00:06"]
    assert [e.message for e in cri] == ["Worker started", "Worker ready"]


def test_a_wrappers_year_does_not_move_an_inner_full_date() -> None:
    # the inner line's own year stands (a container restored from an old image's clock)
    lines = parse(
        _docker("2018-11-02T07:00:00Z INFO started", "2019-03-11T09:15:02Z", "stdout")
        + _docker("I0311 09:15:03.000000       7 main.go:12] ready", "2019-03-11T09:15:03Z")
    )
    assert [utc(e.ts) for e in lines] == ["2018-11-02T07:00:00", "2019-03-11T09:15:03"]


def _hard_wrapped(record: str, width: int) -> str:
    return "".join(record[i : i + width] + "\n" for i in range(0, len(record), width))


def test_a_json_record_hard_wrapped_inside_a_string_is_read_whole() -> None:
    # zap's JSON copied from a terminal: an error's stacktrace cut every 60 characters, the
    # cut lines starting anywhere (a word's middle, "\n\t", a dot); klog lines between
    trace = "main.reconcile\\n\\t/src/app/ctl.go:88\\nmain.loop\\n\\t/src/app/loop.go:12" * 3
    wrapped = (
        '{"level":"error","ts":1552295702.25,"logger":"ctl","msg":"sync failed",'
        f'"error":"dial tcp: refused","stacktrace":"{trace}"}}'
    )
    lines = parse(
        '{"level":"info","ts":1552295700.5,"logger":"ctl","msg":"Starting workers"}\n'
        + _hard_wrapped(wrapped, 60)
        + "E0311 09:15:03.000000       1 reflector.go:307] Failed to watch *v1.Pod\n"
        + _hard_wrapped(wrapped.replace("1552295702.25", "1552295741.75"), 55)
    )
    assert [(utc(e.ts), e.level, e.fmt) for e in lines] == [
        ("2019-03-11T09:15:00", "INFO", "json"),
        ("2019-03-11T09:15:02", "ERROR", "json"),
        ("2019-03-11T09:15:03", "ERROR", "klog"),
        ("2019-03-11T09:15:41", "ERROR", "json"),
    ]
    assert lines[1].message == "sync failed"
    assert lines[1].fields["stacktrace"].startswith("main.reconcile\n\t/src/app/ctl.go:88")
    assert len(lines[1].detail) == len(_hard_wrapped(wrapped, 60).splitlines()) - 1


def test_a_cut_record_that_never_closes_keeps_its_lines() -> None:
    # the copy lost the record's end: its lines stay as they were read, the next record too
    lines = parse(
        '{"level":"error","ts":1552295702.25,"msg":"sync failed","stacktrace":"main.rec\n'
        "oncile at ctl.go:88\n"
        "\n"
        '{"level":"info","ts":1552295705.5,"msg":"Starting workers"}\n'
    )
    assert lines[-1].message == "Starting workers"
    assert utc(lines[-1].ts) == "2019-03-11T09:15:05"
    assert all(e.fmt != "json" for e in lines[:-1])
    kept = [t for e in lines for t in (e.message, *e.detail)]
    assert "oncile at ctl.go:88" in kept


def test_a_cut_record_closing_as_no_record_keeps_its_lines() -> None:
    # a hand-rolled pattern (not JSON) whose message goes over lines: closed, no record
    lines = parse(
        '{"time":"2019-03-11 09:15:02.250","level":"ERROR","message":"Mismatch. Check:\n'
        "Expected: call(1)\n"
        'See the docs."}\n'
        '{"level":"info","ts":1552295705.5,"msg":"Starting workers"}\n'
    )
    kept = [t for e in lines for t in (e.message, *e.detail)]
    assert "Expected: call(1)" in kept
    assert 'See the docs."}' in kept
    assert lines[-1].message == "Starting workers"


_EVENT = (
    'E0311 09:15:02.250100    1402 event.go:368] "Server rejected event" err="forbidden" '
    'event="&Event{ObjectMeta:{node-a.17c2  default    0 0001-01-01 00:00:00 +0000 UTC '
    "<nil> <nil> map[] map[] [] [] []},InvolvedObject:ObjectReference{Kind:Node,Name:node-a,"
    "UID:node-a,},Reason:Starting,Message:Starting kubelet.,Source:EventSource{Component:"
    "kubelet,Host:node-a,},{first}LastTimestamp:{first}Count:1,Type:Normal,}"
)


def _journal_event(first: str) -> str:
    stamped = _EVENT.replace("{first}", first)
    return f"Mar 11 09:15:02 node-a kubenswrapper[1402]: {stamped}\n"


def test_a_go_time_inside_a_year_less_line_on_its_day_gives_the_year() -> None:
    # Go's time.Time printed in a struct (FirstTimestamp:2019-03-11 09:15:02.25 +0000 UTC),
    # far into a journal line of 2019: the year (the reference alone says 2024)
    lines = parse(
        _journal_event("FirstTimestamp:2019-03-11 09:15:02.250032118 +0000 UTC m=+0.41,")
        + "Mar 11 09:15:03 node-a kubenswrapper[1402]: I0311 09:15:03.000100    1402 "
        'kubelet.go:401] "Started kubelet"\n'
    )
    assert [utc(e.ts) for e in lines] == ["2019-03-11T09:15:02", "2019-03-11T09:15:03"]


def test_a_go_time_of_another_day_or_the_zero_time_gives_no_year() -> None:
    # an event first seen a year before, on another day: a time the line talks about; Go's
    # zero time (0001-01-01) is no year either
    lines = parse(
        _journal_event("FirstTimestamp:2018-03-02 07:00:00.1 +0000 UTC m=+0.41,")
        + _journal_event("")
    )
    assert [utc(e.ts) for e in lines] == ["2024-03-11T09:15:02", "2024-03-11T09:15:02"]


def test_a_go_time_now_after_the_files_change_still_gives_the_year() -> None:
    # with its monotonic reading (m=+0.41) the time is time.Now(), the writer's clock: its
    # year stands past the reference (June 2024); without it, a date after the file's last
    # change is one the line talks about
    now = parse(_journal_event("FirstTimestamp:2025-03-11 09:15:02.25 +0000 UTC m=+0.41,"))
    told = parse(_journal_event("FirstTimestamp:2025-03-11 09:15:02.25 +0000 UTC,"))
    assert [utc(e.ts) for e in now] == ["2025-03-11T09:15:02"]
    assert [utc(e.ts) for e in told] == ["2024-03-11T09:15:02"]
