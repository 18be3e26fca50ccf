"""Issue 17 (set 22): GitLab Runner's job traces (section markers the only times), ``go test -v``
lines (a test's name is no level), logcat's Android Studio export and ``-v long`` layout, and a
two-digit year first (``%y-%m-%d``). Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc

ESC = "\x1b"


def test_gitlab_section_markers_time_the_trace_and_the_lines_between() -> None:
    text = (
        f"{ESC}[0KRunning with gitlab-runner 16.2.0 (abcd1234)\n"
        f"{ESC}[0;msection_start:1700000000:prepare_executor\n"
        f"{ESC}[0KUsing Docker executor with image golang:1.21 ...\n"
        "section_end:1700000004:prepare_executor\n"
        f"{ESC}[0Ksection_start:1700000004:step_script[collapsed=true]\r{ESC}[0KStep script\n"
        f"{ESC}[32;1m$ make build{ESC}[0;m\n"
        "go build ./...\n"
        "section_end:1700000031:step_script\n"
        f"{ESC}[0K{ESC}[32;1mJob succeeded{ESC}[0;m\n"
    )
    lines = parse(text)
    times = [utc(ln.ts) for ln in lines]
    # Nothing before the first marker gives a time: it takes the first one, never the clock.
    assert times[0] == "2023-11-14T22:13:20"
    assert times[-1] == "2023-11-14T22:13:51"  # after the last marker: its time
    assert "2030" not in "".join(times)
    heads = [ln for ln in lines if ln.fields and "section" in ln.fields]
    assert heads[2].fields is not None and heads[2].fields["section"] == "start step_script"
    assert heads[2].message == "Step script"
    assert all(ln.level != "ERROR" for ln in lines)


def test_a_runner_name_with_an_epoch_in_it_is_no_time() -> None:
    text = (
        "section_start:1700000100:prepare_script\n"
        "Running on runner-x1-project-42-concurrent-0 via runner-x1-srm-1690000000-ab12cd...\n"
        "section_end:1700000102:prepare_script\n"
    )
    assert [utc(ln.ts) for ln in parse(text)][-1] == "2023-11-14T22:15:02"
    assert min(ln.ts for ln in parse(text)) == 1700000100


def test_go_test_names_are_not_levels_but_its_failures_are_errors() -> None:
    text = (
        "=== RUN   TestDecodeError\n"
        "=== RUN   TestDecodeError/empty-error-body\n"
        'time="2023-04-02T08:00:01Z" level=error msg="decode failed" error="unexpected EOF"\n'
        "=== PAUSE TestRetryOnError\n"
        "=== CONT  TestRetryOnError\n"
        "--- PASS: TestDecodeError (0.02s)\n"
        "--- FAIL: TestRetryOnError (1.50s)\n"
        "--- SKIP: TestErrorPagesLive (0.00s)\n"
        "FAIL\n"
        "FAIL\texample.com/client\t1.913s\n"
        "ok  \texample.com/server\t0.204s\n"
    )
    lines = parse(text)
    levels = [ln.level for ln in lines]
    assert levels.count("ERROR") == 4  # logrus's error, --- FAIL, FAIL, FAIL <pkg>
    assert [ln.level for ln in lines[:2]] == ["INFO", "INFO"]
    fail = lines[6]
    assert fail.level == "ERROR" and fail.fields is not None
    assert fail.fields["test"] == "TestRetryOnError"
    assert lines[-1].level == "INFO" and lines[-1].fields == {"test": "example.com/server"}
    assert all(utc(ln.ts) == "2023-04-02T08:00:01" for ln in lines)  # the one time there is


def test_android_studio_logcat_export() -> None:
    text = (
        "02-11 09:15:40.120 812-812/? I/installd: installd firing up\n"
        "02-11 09:15:41.502 1203-1244/com.example.notes W/NotesSync: token expires in 30s\n"
        "02-11 09:15:42.007 1203-1203/com.example.notes E/AndroidRuntime: FATAL EXCEPTION: main\n"
    )
    lines = parse(text)
    assert [(ln.level, utc(ln.ts)) for ln in lines] == [
        ("INFO", "2024-02-11T09:15:40"),
        ("WARNING", "2024-02-11T09:15:41"),
        ("ERROR", "2024-02-11T09:15:42"),
    ]
    assert lines[1].fields == {
        "pid": "1203",
        "tid": "1244",
        "tag": "NotesSync",
        "package": "com.example.notes",
    }
    assert lines[1].message == "token expires in 30s"


def test_logcat_long_entries_gather_their_message_lines() -> None:
    text = (
        "--------- beginning of main\n"
        "[ 04-02 10:20:30.100  1500: 1522 D/ConnectivityService ]\n"
        "Network 101 validated; error count reset\n"
        "\n"
        "[ 04-02 10:20:31.250  2210: 2210 E/StrictMode ]\n"
        "policy violation; ~duration=12 ms: android.os.strictmode.DiskReadViolation\n"
        "\tat android.os.StrictMode.onDiskRead(StrictMode.java:1600)\n"
        "\tat java.io.FileInputStream.<init>(FileInputStream.java:160)\n"
        "\n"
        "[ 04-02 10:20:32.004  1500:  1533 W/Wifi     ]\n"
        "Scan failed; retrying\n"
        '{"ssid": "lab", "rssi": -71}\n'
        "3 networks seen, 0 errors\n"
        "\n"
    )
    entries = [ln for ln in parse(text) if ln.fields and "tag" in ln.fields]
    assert [(ln.level, utc(ln.ts)) for ln in entries] == [
        ("DEBUG", "2024-04-02T10:20:30"),
        ("ERROR", "2024-04-02T10:20:31"),
        ("WARNING", "2024-04-02T10:20:32"),
    ]
    assert entries[2].fields is not None and entries[2].fields["tag"] == "Wifi"
    assert entries[2].detail[:3] == (
        "Scan failed; retrying",
        '{"ssid": "lab", "rssi": -71}',
        "3 networks seen, 0 errors",
    )
    # the message lines are the entries' own: no line of them stands alone
    assert len(parse(text)) == 4  # the buffer banner, then the three entries
    assert [ln.level for ln in parse(text)].count("ERROR") == 1


def test_two_digit_year_first_as_strftime_writes_it() -> None:
    text = (
        "23-09-04 18:02:11 INFO (MainThread) [supervisor.core] Supervisor is up\n"
        "23-09-04 18:02:15 WARNING (SyncWorker_0) [supervisor.docker] Image not found\n"
    )
    lines = parse(text)
    assert [(ln.level, utc(ln.ts)) for ln in lines] == [
        ("INFO", "2023-09-04T18:02:11"),
        ("WARNING", "2023-09-04T18:02:15"),
    ]


def test_two_digit_year_day_first_only_when_year_first_cannot_be() -> None:
    # 2004-02-30 cannot be (no 30 February): read day-first, 4 February 2030
    lines = parse("04-02-30 07:00:00 ERROR disk full\n")
    assert utc(lines[0].ts) == "2030-02-04T07:00:00"
    assert lines[0].level == "ERROR"
