"""A test's or a module's own time as its runner prints it, a transfer's time beside its rate,
and a status a JUL entry's second line says (issue 17, sets 31 and 32). Lines written here in
the tools' shapes: pytest's verdicts and summary, XCTest's, Maven's reactor summary, BIND's
zone transfers, wget's and scp's totals, a java.util.logging entry."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples


def _durations(text: str) -> list[float | None]:
    # a runner's times are tasks' (measures.TASK_MS, counted by the latency panel as other
    # work) or, a whole run's, RUN_MS; a transfer's stays a duration of its line
    found = [samples(e) for e in parse(text)]
    return [s.get("task_ms", s.get("run_ms", s.get("duration_ms"))) for s in found]


def test_pytest_verdict_with_its_time_in_brackets() -> None:
    lines = _durations(
        "2025-03-02T08:00:01.1Z tests/test_io.py::TestRead::test_empty PASSED [0.0420s] [ 10%]\n"
        "2025-03-02T08:00:01.2Z tests/test_io.py::TestRead::test_big FAILED [2.5000s] [ 20%]\n"
        "2025-03-02T08:00:01.3Z tests/test_io.py::TestRead::test_skip SKIPPED [0.0010s] [ 30%]\n"
        "2025-03-02T08:00:01.4Z tests/test_io.py::TestRead::test_plain PASSED [ 40%]\n"
    )
    assert lines == [42.0, 2500.0, 1.0, None]


def test_pytest_summary_closed_by_its_time() -> None:
    lines = _durations(
        "======== 12 passed, 3 skipped, 1 deselected in 75.25s (0:01:15) ========\n"
        "==================== 2 failed, 7 passed in 0.31s ====================\n"
        "=== 4 passed in 1 second ===\n"
        "==================== test session starts ====================\n"
    )
    assert lines == [75250.0, 310.0, None, None]


def test_pytest_slowest_durations_report() -> None:
    lines = _durations(
        "============ slowest 3 durations ============\n"
        "1.52s call     tests/test_io.py::TestRead::test_big\n"
        "0.20s setup    tests/test_io.py::TestRead::test_big\n"
        "0.01s teardown tests/test_io.py::test_plain[utf-8]\n"
        "E       Failed: Timeout >1.0s\n"
    )
    assert [d for d in lines if d is not None] == [1520.0, 200.0, 10.0]


def test_a_time_taken_in_minutes() -> None:
    lines = _durations(
        "2025-03-02T08:00:01Z Finished test_io 1/1 ... [2025-03-02 08:00:01.1][55.5], "
        "took 2.50min\n"
    )
    assert lines == [150000.0]


def test_xctest_case_and_suite_times() -> None:
    lines = _durations(
        "Test Suite 'ParserTests' started at 2021-05-04 10:20:30.100\n"
        "Test Case '-[ParserTests test_empty]' started.\n"
        "Test Case '-[ParserTests test_empty]' passed (0.002 seconds).\n"
        "Test Case 'ParserTests.test_utf8' failed (1.250 seconds).\n"
        "Test Suite 'ParserTests' failed at 2021-05-04 10:20:31.400.\n"
        "Executed 2 tests, with 1 failure (0 unexpected) in 1.252 (1.260) seconds\n"
        "Executed 1 test, with 0 failures (0 unexpected) in 0.000 (0.001) seconds\n"
    )
    timed = [d for d in lines if d is not None]
    assert timed == [2.0, 1250.0, 1252.0, 0.0]


def test_maven_reactor_module_times() -> None:
    lines = _durations(
        "[INFO] Reactor Summary:\n"
        "[INFO] \n"
        "[INFO] shop parent ....................................... SUCCESS [2.071s]\n"
        "[INFO] shop core ......................................... SUCCESS [1:05.500s]\n"
        "[INFO] shop web .......................................... FAILURE [  3.250 s]\n"
        "[INFO] shop app .......................................... SUCCESS [01:05 min]\n"
        "[INFO] shop dist ......................................... SKIPPED\n"
    )
    assert [d for d in lines if d is not None] == [2071.0, 65500.0, 3250.0, 65000.0]


def test_a_bracketed_number_with_s_is_no_test_time_without_a_verdict() -> None:
    lines = _durations(
        "2025-03-02 08:00:01 worker 3 status [0.5s] queued\n"
        "2025-03-02 08:00:02 cache warmed [entries 42s]\n"
    )
    assert lines == [None, None]


def test_a_transfer_time_beside_its_rate() -> None:
    lines = _durations(
        "03-Feb-2025 09:10:11.120 0x7f00aa: transfer of 'example.net/IN' from 192.0.2.7#53: "
        "Transfer completed: 3 messages, 40 records, 2210 bytes, 0.021 secs (105238 bytes/sec)"
        " (serial 2025020301)\n"
        "03-Feb-2025 09:10:12.500 client @0x7f00bb 192.0.2.9#4410 (example.net): transfer of "
        "'example.net/IN': AXFR ended: 2 messages, 40 records, 1900 bytes, 0.004 secs "
        "(475000 bytes/sec) (serial 2025020301)\n"
        "2025-02-03 09:11:00 Downloaded: 3 files, 4.5M in 2.3s (1.96 MB/s)\n"
        "2025-02-03 09:11:05 Transferred 51200 bytes in 1.5 seconds (33.3 KB/s)\n"
        "2025-02-03 09:11:09 Started App in 4.5 seconds (process running for 5.1)\n"
    )
    assert lines == [21.0, 4.0, 2300.0, 1500.0, None]


def test_a_jul_entrys_second_line_says_a_status() -> None:
    lines = parse(
        "Mar 04, 2015 9:15:02 AM org.example.agent.Connector waitForServer\n"
        "INFO: Server is not ready yet. Will try again: response code=503\n"
        "Mar 04, 2015 9:15:12 AM org.example.agent.Connector connect\n"
        "INFO: Connected\n"
    )
    assert [samples(e).get("http_status") for e in lines] == [503.0, None]
