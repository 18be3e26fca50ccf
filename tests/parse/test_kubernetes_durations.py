"""Durations Kubernetes' tools write in their own wordings (issue 17, set 48, part A):
client-go's round_trippers pair ``milliseconds=N`` (a unit as the key), kubeadm's ``healthy
after <Go duration>``, minikube's command runner ``Completed: <cmd>: (<Go duration>)``. Lines
of our own in their shape."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples


def test_a_full_unit_word_as_a_key_is_that_many_units() -> None:
    # client-go's round_trippers at -v=6 (klog's InfoS): the call's time under "milliseconds"
    lines = parse(
        'I0301 10:00:01.100000     42 round_trippers.go:553] "Response" verb="GET" '
        'url="https://10.0.0.1:6443/api/v1/namespaces/kube-system/pods" status="" '
        "milliseconds=12\n"
        'I0301 10:00:01.300000     42 round_trippers.go:553] "Response" verb="PUT" '
        'url="https://10.0.0.1:6443/api/v1/nodes/n1" status="" milliseconds=0\n'
        "2024-03-01T10:00:02Z worker synced shard=3 microseconds=2500\n"
    )
    assert [samples(e).get("duration_ms") for e in lines] == [12.0, 0.0, 2.5]
    assert all("http_status" not in samples(e) for e in lines)  # status="" is none


def test_a_whole_seconds_key_stays_a_setting() -> None:
    # "seconds" is as often a limit (a timeout's) as a time spent: only sub-second units
    lines = parse("2024-03-01T10:00:02Z lease renewed seconds=30\n")
    assert "duration_ms" not in samples(lines[0])


def test_a_state_reached_after_a_go_duration_is_the_time_to_reach_it() -> None:
    # kubeadm's wait phases print the time since they began, as Go prints a time.Duration
    lines = parse(
        "[wait] Waiting for a healthy kubelet. This can take up to 4m0s\n"
        "[wait] The kubelet is healthy after 812.5ms\n"
        "[wait] The control plane is healthy after 1m2.25s\n"
        "[apiclient] All control plane components are healthy after 6.25 seconds\n"
    )
    assert [samples(e).get("duration_ms") for e in lines] == [None, 812.5, 62250.0, 6250.0]


def test_a_state_after_a_count_or_a_limit_is_none() -> None:
    lines = parse(
        "[wait] node is unhealthy after 3 probes\n"
        "2024-03-01T10:00:02Z session is idle after 30s of silence, closing\n"
    )
    assert [samples(e).get("duration_ms") for e in lines] == [None, None]


def test_work_said_completed_with_its_go_duration_in_brackets_closing_the_line() -> None:
    # minikube's command runner: a command that ran over a second, its time as %s of a Duration
    lines = parse(
        "I0301 10:00:05.500000    9120 cli_runner.go:217] Completed: docker volume inspect "
        'cache --format "{{.Name}}": (2.3456789s)\n'
        "I0301 10:00:06.000000    9120 ssh_runner.go:235] Completed: sudo systemctl restart "
        "cri-docker: (1m4.5s)\n"
        'W0301 10:00:09.000000    9120 cli_runner.go:211] Executing "docker ps -a" took an '
        "unusually long time: 3.25s\n"
    )
    assert [samples(e).get("duration_ms") for e in lines] == [2345.6789, 64500.0, 3250.0]


def test_a_bracket_that_is_no_duration_alone_gives_none() -> None:
    lines = parse(
        "I0301 10:00:05.500000    9120 start.go:10] Completed: step two (of 5)\n"
        "I0301 10:00:05.600000    9120 start.go:11] Checking cache (2.5s budget)\n"
    )
    assert [samples(e).get("duration_ms") for e in lines] == [None, None]


def test_a_value_printed_over_lines_after_an_opening_brace_is_one_entry() -> None:
    # grpc-go's logger through klog: the address struct printed indented, its closing brace
    # at the margin with the error after it; one warning, not a warning and an error
    lines = parse(
        "W0301 10:00:01.000000       1 logging.go:59] [core] [Channel #7 SubChannel #8] grpc: "
        "addrConn.createTransport failed to connect to {\n"
        '  "Addr": "10.0.0.5:2379",\n'
        '  "ServerName": "10.0.0.5",\n'
        '  "Metadata": null\n'
        '}. Err: connection error: desc = "transport: Error while dialing: connection refused"\n'
        "E0301 10:00:02.000000       1 status.go:71] apiserver received an error: timeout\n"
        "I0301 10:00:03.000000       1 main.go:12] printing {\n"
        "}\n"
        "Error: this line comes after the brace closed\n"
    )
    assert [e.level for e in lines] == ["WARNING", "ERROR", "INFO", "ERROR"]
    assert lines[0].detail[-1].startswith("}. Err: connection error")
    assert lines[2].detail == ("}",)


def test_a_status_a_client_error_string_quotes_is_no_request_answered() -> None:
    # cadvisor's container handler through the kubelet: the runtime's answer to its lookup,
    # inside the kubelet's own warning
    lines = parse(
        "W0301 10:00:01.000000    2210 manager.go:1169] Failed to process watch event "
        "{EventType:0 Name:/kubepods.slice/crio-9f1c WatchSource:0}: Error finding container "
        "9f1c: Status 404 returned error can't find the container with id 9f1c\n"
        "2024-03-01T10:00:02Z GET /api/v1/items returned status 404 Not Found\n"
    )
    assert "http_status" not in samples(lines[0])
    assert samples(lines[1])["http_status"] == 404.0
