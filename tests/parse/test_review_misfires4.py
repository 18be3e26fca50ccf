"""Lines of common logs that this session's later rules (sets 46 to 53, Rails request blocks)
were not written for but could touch, and what the parser makes of them (issue #17's fourth
review)."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_certificates_expiry_a_year_ahead_gives_no_year() -> None:
    # the kubelet's certificate manager on the day its client certificate was issued: the
    # expiry a year ahead, on the same month and day, is no year of the line (journal,
    # klog alone, and a Go time.Time deep in a struct after a key)
    cert = (
        "certificate_manager.go:356] kubernetes.io/kube-apiserver-client-kubelet: Certificate"
        " expiration is 2025-06-01 09:55:00 +0000 UTC, rotation deadline is 2025-03-12"
        " 04:11:09.1 +0000 UTC"
    )
    text = (
        f"Jun 01 10:00:00 node1 kubelet[812]: I0601 10:00:00.123456     812 {cert}\n"
        "Jun 01 10:00:01 node1 kubelet[812]: I0601 10:00:01.000000     812 kubelet.go:1] up\n"
        f"I0601 10:00:02.000000     812 {cert}\n"
        "Jun 01 10:00:03 node1 app[9]: cert {Subject:CN=node1 "
        + "Extra:x " * 60
        + "NotAfter:2025-06-01 09:55:00 +0000 UTC}\n"
    )
    assert [utc(e.ts) for e in parse(text)] == [
        "2024-06-01T10:00:00",
        "2024-06-01T10:00:01",
        "2024-06-01T10:00:02",
        "2024-06-01T10:00:03",
    ]


def test_a_camel_case_time_key_of_a_point_or_a_life_is_no_duration() -> None:
    # 'key:value' pairs in capitals: a record's creation, its last sight, a process's uptime
    # and CPU time are no time spent (as 'uptime:', 'cpu_time:' are not); ThinkPHP's RunTime
    # and a response's time are
    text = (
        "2024-06-01 10:00:00 INFO node stats UpTime:3600s CPUTime:3s ResponseTime:0.2s\n"
        "2024-06-01 10:00:01 INFO session CreateTime:5s LastTime:2s\n"
        "2024-06-01 10:00:02 INFO job StartTime:2024-06-01 EndTime:10s\n"
        "2024-06-01 10:00:03 INFO [ SQL ] SELECT 1 [ RunTime:0.000431s ]\n"
    )
    uptime, session, job, sql = parse(text)
    assert samples(uptime) == {"duration_ms": 200.0}
    assert samples(session) == {}
    assert samples(job) == {}
    assert samples(sql) == {"duration_ms": 0.431}


def test_a_printed_pair_of_a_number_and_an_object_is_no_fluent_bit_line() -> None:
    # Fluent Bit's 'tag: [time, {record}]' has an epoch time; a reply's status and body or
    # a call's arguments printed as JSON under a dated line stay that line's plain output
    text = (
        "2024-06-01 10:00:00 INFO calling api\n"
        'reply: [200, {"ok":true}]\n'
        'args: [3, {"retry":true}]\n'
        'app.web: [1717236005.5, {"level":"error","msg":"boom"}]\n'
    )
    lines = parse(text)
    assert [e.fmt for e in lines] == ["text", "plain", "plain", "json"]
    assert lines[1].message == 'reply: [200, {"ok":true}]'
    assert lines[3].level == "ERROR"
    assert utc(lines[3].ts) == "2024-06-01T10:00:05"


def test_a_brace_never_closed_holds_no_margin_lines_of_the_programs_own() -> None:
    # a CI step's dated line ending in '{' (a shell function's start echoed), then the
    # tools' own output at the margin: each its own line, as with no brace; a value printed
    # over indented lines, its brace closing at the margin, stays the entry's
    text = (
        "2024-06-01 10:00:00 INFO running step deploy() {\n"
        "fatal: not a git repository\n"
        "Killed\n"
        "2024-06-01 10:00:01 INFO config {\n"
        '  "retries": 3\n'
        "}\n"
    )
    lines = parse(text)
    assert [(e.message, e.level) for e in lines] == [
        ("running step deploy() {", "INFO"),
        ("fatal: not a git repository", "FATAL"),
        ("Killed", "UNKNOWN"),
        ("config {", "INFO"),
    ]
    assert lines[3].detail == ('  "retries": 3', "}")


def test_another_programs_pipes_keep_their_day_first_date() -> None:
    # a level, an app, a host, then a day-first two-digit-year date: no YAJSW wrapper.log
    # (its source is 'wrapper' or the process's pid/restarts), the date read as before
    text = (
        "INFO|app|web-1|01-06-24 10:00:00|started\n"
        "ERROR|app|web-1|15-06-24 10:00:00|boom\n"
        "INFO|5732/0|Service Billing|24-06-01 10:00:02|Billing started\n"
    )
    assert [(utc(e.ts), e.level) for e in parse(text)] == [
        ("2024-06-01T10:00:00", "INFO"),
        ("2024-06-15T10:00:00", "ERROR"),
        ("2024-06-01T10:00:02", "INFO"),
    ]


def test_a_status_a_check_expected_is_no_answer() -> None:
    # a health check's or a test's wanted status before the one it had; 'Unexpected response
    # code: 500' is an answer had, but by a HashiCorp API client: a call's (session 28)
    text = (
        "2024-06-01 10:00:00 ERROR health check failed: Expected HTTP code: 200, got 503\n"
        "2024-06-01 10:00:01 ERROR expected status 200 but was 404\n"
        "2024-06-01 10:00:02 ERROR Unexpected response code: 500 (check has no TTL)\n"
        "2024-06-01 10:00:03 INFO curl: HTTP code: 200 Total time: 0.127004\n"
    )
    assert [samples(e).get("http_status") for e in parse(text)] == [None, None, None, 200.0]
