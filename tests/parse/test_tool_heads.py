"""Issue 17: the shapes lnav's own format catalogue reads and we did not (checked against its
samples, which are not copied here): the Java Service Wrapper's wrapper.log, logcat with a
uid column, strace with pids, CUPS' error_log, SSSD's debug levels, Robot Framework's and
Nextflow's dates. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_wrapper_log_reads_its_columns_and_the_jvm_s_own_lines() -> None:
    text = (
        "STATUS | wrapper  | 2019/03/04 10:00:00 | --> Wrapper Started as Service\n"
        "INFO   | jvm 1    | 2019/03/04 10:00:02 | WrapperManager: Initializing...\n"
        "INFO   | jvm 1    | 2019/03/04 10:00:05 | 2019-03-04 10:00:04,912 [main] ERROR"
        " org.example.Broker - store failed\n"
        "INFO   | jvm 1    | 2019/03/04 10:00:05 | java.io.IOException: disk full\n"
        "INFO   | jvm 1    | 2019/03/04 10:00:05 | \tat org.example.Store.write(Store.java:88)\n"
        "ERROR  | wrapper  | 2019/03/04 10:05:00 | JVM appears hung: Timed out waiting.\n"
        "STATUS | wrapper  | 2019/03/04 10:05:01 | JVM exited unexpectedly.\n"
    )
    lines = parse(text)
    assert [utc(ln.ts) for ln in lines] == [
        "2019-03-04T10:00:00",
        "2019-03-04T10:00:02",
        "2019-03-04T10:00:04",  # the JVM's own time, not the wrapper's
        "2019-03-04T10:05:00",
        "2019-03-04T10:05:01",
    ]
    assert [ln.level for ln in lines] == ["INFO", "INFO", "ERROR", "ERROR", "INFO"]
    # the trace's lines, each behind the wrapper's columns, stay with the JVM's entry
    assert len(lines[2].detail) == 2 and "Store.java:88" in lines[2].detail[1]
    assert lines[0].message == "--> Wrapper Started as Service"


def test_wrapper_level_info_yields_to_a_level_word_the_jvm_wrote() -> None:
    lines = parse(
        "INFO   | jvm 1    | 2019/03/04 10:00:02 | WARNING: low memory\n"
        "INFO   | jvm 1    | 2019/03/04 10:00:03 | plain output\n"
    )
    assert [ln.level for ln in lines] == ["WARNING", "INFO"]


def test_logcat_with_a_uid_column_numeric_or_named() -> None:
    lines = parse(
        "04-02 09:15:01.100  1000  2310  2310 E Camera  : open failed\n"
        "04-02 09:15:01.200  root   812   812 W wlan    : water mark reached\n"
        "04-02 09:15:01.300 u0_a91 4410  4432 I Chrome  : started\n"
    )
    assert [ln.level for ln in lines] == ["ERROR", "WARNING", "INFO"]
    assert [ln.message for ln in lines] == ["open failed", "water mark reached", "started"]
    assert lines[0].fields is not None and lines[0].fields["uid"] == "1000"
    assert lines[1].fields is not None and lines[1].fields["pid"] == "812"
    assert utc(lines[2].ts, "milliseconds") == "2024-04-02T09:15:01.300"


def test_strace_lines_behind_a_pid() -> None:
    lines = parse(
        '2201 1718000000.000100 openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3 <0.000020>\n'
        "2202 1718000000.250000 connect(4, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED <0.000300>\n"
        '[pid  2203] 1718000001.000000 write(1, "ok", 2) = 2\n'
    )
    assert [utc(ln.ts) for ln in lines] == [
        "2024-06-10T06:13:20",
        "2024-06-10T06:13:20",
        "2024-06-10T06:13:21",
    ]
    assert [ln.fields and ln.fields["pid"] for ln in lines] == ["2201", "2202", "2203"]
    assert lines[1].message.startswith("connect(")
    assert not samples(lines[0])  # a syscall's time is no request's


def test_cups_error_log_letters() -> None:
    lines = parse(
        "I [12/Mar/2024:08:00:01 +0100] Listening to localhost:631\n"
        "W [12/Mar/2024:08:00:02 +0100] No limit for CUPS-Get-Document\n"
        "E [12/Mar/2024:08:00:03 +0100] Unable to open listen socket\n"
        "d [12/Mar/2024:08:00:04 +0100] cupsdSetBusyState: newbusy=0\n"
    )
    assert [ln.level for ln in lines] == ["INFO", "WARNING", "ERROR", "DEBUG"]
    assert utc(lines[0].ts) == "2024-03-12T07:00:01"
    assert lines[2].message == "Unable to open listen socket"


def test_sssd_debug_level_bits() -> None:
    lines = parse(
        "(2024-03-12 10:00:01): [be[corp.example]] [sdap_connect_done] (0x0040): bind failed\n"
        "(2024-03-12 10:00:02): [nss] [nss_cmd_getpwnam] (0x0080): cache miss\n"
        "(2024-03-12 10:00:03): [pam] [sss_process_init] (0x0010): cannot set up connection\n"
        "(2024-03-12 10:00:04): [be[corp.example]] [sdap_search] (0x0400): searching\n"
    )
    assert [ln.level for ln in lines] == ["ERROR", "WARNING", "FATAL", "DEBUG"]


def test_robot_framework_compact_date_and_fail() -> None:
    lines = parse(
        "20240312 10:00:01.250 - INFO - + START SUITE: Checkout\n"
        "20240312 10:00:02.000 - FAIL - Element 'id:pay' not visible\n"
    )
    assert [utc(ln.ts, "milliseconds") for ln in lines] == [
        "2024-03-12T10:00:01.250",
        "2024-03-12T10:00:02.000",
    ]
    assert [ln.level for ln in lines] == ["INFO", "ERROR"]


def test_nextflow_month_dash_day() -> None:
    lines = parse(
        "Apr-02 11:20:05.101 [main] DEBUG nextflow.cli.Launcher - $> nextflow run main.nf\n"
        "Apr-02 11:20:09.870 [Task monitor] ERROR nextflow.processor.TaskProcessor - failed\n"
    )
    assert [utc(ln.ts) for ln in lines] == ["2024-04-02T11:20:05", "2024-04-02T11:20:09"]
    assert [ln.level for ln in lines] == ["DEBUG", "ERROR"]
