"""Issue 17 (set 26): durations a text line says under a name or a label, read generally:
a pair whose key is a unit (Slurm's ``usec=``) or ends in ``time`` with a unit after the
number (Apache Ignite's ``time=21 ms``, Pacemaker's ``exec-time:14ms``); a clock or a
duration in words under ``Elapsed time`` or ``duration`` (Bacula, restic), on the line or on
an indented report line under it; systemd's ``Startup finished in ...`` (none); work reported done
``in M:SS`` (restic's scan). And rclone's ``LEVEL : msg`` column holding a test step's number,
no level. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples

# --- pairs whose key names a duration ------------------------------------------------------


def test_a_unit_as_the_key_is_the_lines_duration() -> None:
    text = (
        "[2024-05-02T08:00:01.120] _slurm_rpc_submit_batch_job: JobId=9041 InitPrio=4294901700 "
        "usec=212\n"
        "[2024-05-02T08:00:02.000] _slurm_rpc_complete_batch_script: JobId=9040 msec=3\n"
        "[2024-05-02T08:00:03.000] sched: Allocate JobId=9041 NodeList=node07 #CPUs=2\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 0.212}
    assert samples(lines[1]) == {"duration_ms": 3.0}
    assert samples(lines[2]) == {}


def test_a_lifetime_a_setting_or_seconds_as_the_key_is_no_duration() -> None:
    text = (
        "[2024-05-02T08:00:01.000] dhcpd: granted 10.0.0.7 lease_time=86400s\n"
        "[2024-05-02T08:00:02.000] auth: token issued expiry_time:900s\n"
        "[2024-05-02T08:00:03.000] cron: job queued next_run_time=30s\n"
        "[2024-05-02T08:00:04.000] probe: timeout secs=30\n"
        "[2024-05-02T08:00:05.000] cache: entry stored ttl_time=60s valid_time=5s\n"
        "[2024-05-02T08:00:06.000] rpc: done run_time=12ms\n"
    )
    lines = parse(text)
    # a lease's, a token's, a schedule's, a limit: no run of the line's work
    assert [samples(ln) for ln in lines] == [{}, {}, {}, {}, {}, {"duration_ms": 12.0}]


def test_time_with_a_unit_after_the_number_is_a_duration_not_a_timestamp() -> None:
    text = (
        "May-02 08:00:01.500 [sys-#7%node%] INFO  o.a.i.i.p.c.d.d.p.GridDhtPartitionDemander - "
        "Completed rebalancing [cache=orders, fromNode=3b1f, topology=AffinityTopologyVersion "
        "[topVer=3, minorTopVer=0], time=48 ms]\n"
        "May-02 08:00:02.000 [main] INFO  c.e.Clock - drift check time=2024-05-02T08:00:02Z ok\n"
        "May-02 08:00:03.000 [main] INFO  c.e.Poll - round done time=7ms\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 48.0}
    assert samples(lines[1]) == {}
    assert samples(lines[2]) == {"duration_ms": 7.0}


def test_a_colon_pair_ending_in_time_the_first_such_wins() -> None:
    text = (
        "2024-05-02T08:00:01.000000+02:00 node2 pacemaker-execd[2210]:  notice: finished - "
        "rsc:web action:monitor call_id:12 pid:4410 exit-code:0 exec-time:27ms queue-time:1ms\n"
        "2024-05-02T08:00:02.000000+02:00 node2 pacemaker-execd[2210]:  notice: pending - "
        "rsc:db queue-time:4ms\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 27.0}
    assert samples(lines[1]) == {}  # a wait in the queue, no run's time


# --- a clock or words under a label -------------------------------------------------------


def test_elapsed_time_as_a_clock_and_in_words_on_a_report_line() -> None:
    text = (
        "02-May 08:10 store-sd JobId 71: Elapsed time=00:01:05, Transfer rate=1.2 M Bytes/second\n"
        "02-May 08:10 store-dir JobId 71: Bacula store-dir 9.6.7 (10Dec20):\n"
        "  JobId:                  71\n"
        "  Start time:             02-May-2024 08:09:00\n"
        "  End time:               02-May-2024 08:10:05\n"
        "  Elapsed time:           1 min 5 secs\n"
        "  Termination:            Backup OK\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 65000.0}
    assert len(lines[1].detail) == 5
    assert samples(lines[1]) == {"duration_ms": 65000.0}


def test_longer_worded_durations() -> None:
    text = (
        "02-May 09:00 store-dir JobId 72: Bacula store-dir 9.6.7 (10Dec20):\n"
        "  Elapsed time:           2 hours 3 mins 1 sec\n"
    )
    (line,) = parse(text)
    assert samples(line) == {"duration_ms": (2 * 3600 + 3 * 60 + 1) * 1000.0}


def test_duration_as_a_clock_and_work_done_in_a_clock() -> None:
    text = (
        "scanned 120 directories, 4410 files in 1:02:03\n"
        "[0:15] 12.50%  1.2 GiB / 9.6 GiB  410 / 4530 items  0 errors  ETA 1:45\n"
        "duration: 12:07, 13.20MiB/s\n"
        "snapshot 9e1c2a40 saved\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 3723000.0}
    assert samples(lines[1]) == {}
    assert samples(lines[2]) == {"duration_ms": 727000.0}
    assert samples(lines[3]) == {}


def test_a_clock_in_prose_is_no_duration() -> None:
    text = "2024-05-02 08:00:00 backup window opens in 10:30 tonight\n"
    (line,) = parse(text)
    assert samples(line) == {}


# --- systemd's start-up ---------------------------------------------------------------------


def test_systemd_startup_finished_is_no_request_duration() -> None:
    # a start-up's time, as Spring's "initialization completed in" and Tomcat's "Server
    # startup in": the corpora's writers count none (sets 36, 39, 40, 45, 46, 47, 50), and a
    # boot's minute in the latency panel would drown every request's milliseconds
    text = (
        "2024-05-02T08:00:01+0200 node1 systemd[2001]: Startup finished in 41ms.\n"
        "2024-05-02T08:00:02+0200 node1 systemd[1]: Startup finished in 2.101s (kernel) + "
        "1.5s (initrd) + 1min 3.250s (userspace) = 1min 6.851s.\n"
    )
    lines = parse(text)
    assert [samples(e) for e in lines] == [{}, {}]


def test_another_programs_startup_time_is_none() -> None:
    text = "2024-05-02 08:00:03 INFO app.Main - Startup finished in 2264 ms\n"
    (line,) = parse(text)
    assert samples(line) == {}


# --- rclone's level column ------------------------------------------------------------------


def test_a_step_number_in_rclones_level_column_is_no_level() -> None:
    text = (
        "(07)  : test 3. remove the marker file, sync. should fail critical.\n"
        "INFO  : Synching Path1 with Path2\n"
        "ERROR : Bisync critical error: marker check failed\n"
        "NOTICE: Bisync aborted.\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["UNKNOWN", "INFO", "ERROR", "NOTICE"]


def test_a_level_word_after_a_padded_name_column_still_says_the_level() -> None:
    lines = parse(
        "main  : ERROR: could not open /etc/app.conf\n"
        "db    : FATAL connection lost\n"
        "(07)  : test 3. should fail critical.\n"
    )
    # a program's or a module's name padded to the column, its level after it
    assert [ln.level for ln in lines] == ["ERROR", "FATAL", "UNKNOWN"]
