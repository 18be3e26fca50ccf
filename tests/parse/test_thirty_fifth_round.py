"""Session 35's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_go_test_json_elapsed_is_seconds() -> None:
    # `go test -json` (test2json's TestEvent): a test's and a package's Elapsed in float
    # seconds; Serilog's request Elapsed stays milliseconds
    text = (
        '{"Time":"2024-03-01T10:00:00.22Z","Action":"pass","Package":"example.com/pkg",'
        '"Test":"TestFoo","Elapsed":0.1}\n'
        '{"Time":"2024-03-01T10:00:00.3Z","Action":"fail","Package":"example.com/pkg",'
        '"Elapsed":1.25}\n'
        '{"@t":"2024-03-01T10:00:01Z","RequestPath":"/x","StatusCode":200,"Elapsed":12.5}\n'
    )
    test, package, request = parse(text)
    assert samples(test) == {"elapsed_ms": 100.0}
    assert samples(package) == {"elapsed_ms": 1250.0}
    assert samples(request)["elapsed_ms"] == 12.5


def test_go_test_lines_behind_a_ci_runners_time_keep_their_verdicts_and_times() -> None:
    # a GitHub Actions raw job log of `go test -v`: the runner's time (seven digits, Z), then
    # go test's own line
    text = (
        "2024-03-01T10:00:00.1234567Z === RUN   TestFoo\n"
        "2024-03-01T10:00:00.3234567Z --- FAIL: TestFoo (1.50s)\n"
        "2024-03-01T10:00:00.5234567Z FAIL\texample.com/pkg\t1.234s\n"
        "2024-03-01T10:00:00.6234567Z FAILED to download module\n"
    )
    run, verdict, package, other = parse(text)
    assert utc(run.ts) == "2024-03-01T10:00:00" and run.level == "INFO"
    assert verdict.level == "ERROR" and samples(verdict) == {"task_ms": 1500.0}
    assert utc(verdict.ts, "milliseconds") == "2024-03-01T10:00:00.323"
    assert package.level == "ERROR" and samples(package) == {"run_ms": 1234.0}
    assert other.fmt != "go-test" and not samples(other)


def test_vllm_heads_with_no_message_do_not_stop_the_parse() -> None:
    # vLLM's banner (set 364): its head with nothing after it opens and closes the ASCII art;
    # a blank message continuing the same head used to raise IndexError
    head = "(APIServer pid=23283) INFO 08-01 20:59:09 [api_utils.py:339] "
    text = f"{head}\n{head}  version 0.25.1\n{head}\n{head}\n"
    entries = parse(text)
    assert entries and all(e.level == "INFO" for e in entries)
    assert any("version 0.25.1" in e.message for e in entries)
