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
