"""Issue 17, set 26: logs whose line heads write no year. HTCondor's job event log (the user
log: ``NNN (cluster.proc.subproc) MM/DD HH:MM:SS`` heads, detail indented under them, ``...``
closing each event; condor_event.cpp's formatHeader), and the rule that a year-less log takes
its year from a full date written inside one of its entries on that entry's day (Bacula's job
report under ``DD-Mon HH:MM`` heads, Nextflow's ``Created:`` line under ``Mon-DD`` heads).
Lines written here in those shapes (docs/log-formats.md, sections 3 and 4)."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc

# A DAG node's events as HTCondor writes them (year-less dates, the host's local time).
CONDOR = (
    "000 (4021.000.000) 02/14 08:05:11 Job submitted from host: <10.2.0.4:9618?sock=a1>\n"
    "    DAG Node: fetch\n"
    "...\n"
    "001 (4021.000.000) 02/14 08:05:40 Job executing on host: <10.2.0.17:9618>\n"
    "...\n"
    "006 (4021.000.000) 02/14 08:06:40 Image size of job updated: 1024\n"
    "\t3  -  MemoryUsage of job (MB)\n"
    "\t2900  -  ResidentSetSize of job (KB)\n"
    "...\n"
    "005 (4021.000.000) 02/14 08:09:02 Job terminated.\n"
    "\t(0) Abnormal termination (signal 6)\n"
    "\t(0) No core file\n"
    "\t\tUsr 0 00:00:02, Sys 0 00:00:00  -  Run Remote Usage\n"
    "\t\tUsr 0 00:00:00, Sys 0 00:00:00  -  Run Local Usage\n"
    "\t12  -  Run Bytes Sent By Job\n"
    "...\n"
    "009 (4021.000.000) 02/14 08:09:30 Job was aborted.\n"
    "\tvia condor_rm (by user ops)\n"
    "...\n"
)


def test_condor_event_log_one_entry_per_event_with_its_detail_and_closer() -> None:
    lines = parse(CONDOR)
    assert [utc(ln.ts) for ln in lines] == [
        "2024-02-14T08:05:11",  # no year written: the year rule's (June 2024 reference)
        "2024-02-14T08:05:40",
        "2024-02-14T08:06:40",
        "2024-02-14T08:09:02",
        "2024-02-14T08:09:30",
    ]
    assert {ln.fmt for ln in lines} == {"condor"}
    assert lines[0].message == "Job submitted from host: <10.2.0.4:9618?sock=a1>"
    assert lines[0].detail == ("    DAG Node: fetch", "...")
    assert all(ln.detail[-1] == "..." for ln in lines)
    assert len(lines[3].detail) == 6
    assert lines[3].fields == {"event": "005", "job": "4021.0.0"}


def test_condor_levels_come_from_the_event_code() -> None:
    lines = parse(CONDOR)
    # a signal's end is a failure; an abort (condor_rm, DAGMan's removal) is an operator's act
    assert [ln.level for ln in lines] == ["INFO", "INFO", "INFO", "ERROR", "INFO"]
    more = parse(
        "002 (77.000.000) 03/01 10:00:00 (1) Job file not executable.\n"
        "...\n"
        "012 (78.000.000) 03/01 10:00:05 Job was held.\n"
        "\tError from slot1@node7: Failed to execute '/bin/job.sh'\n"
        "\tCode 6 Subcode 2\n"
        "...\n"
        "005 (79.000.000) 03/01 10:01:00 Job terminated.\n"
        "\t(1) Normal termination (return value 3)\n"
        "...\n"
        "021 (80.000.000) 03/01 10:02:00 Error from starter on slot2@node7:\n"
        "\tdisk quota exceeded\n"
        "...\n"
        "004 (81.000.000) 03/01 10:03:00 Job was evicted.\n"
        "\t(0) Job was not checkpointed.\n"
        "...\n"
    )
    assert [ln.level for ln in more] == ["ERROR", "WARNING", "INFO", "ERROR", "INFO"]


def test_condor_year_rule_and_iso_dates() -> None:
    autumn = parse(
        "000 (9.000.000) 10/02 23:59:58 Job submitted from host: <10.0.0.1:9618>\n"
        "...\n"
        "001 (9.000.000) 10/03 00:00:03 Job executing on host: <10.0.0.2:9618>\n"
        "...\n"
    )
    assert [utc(ln.ts) for ln in autumn] == ["2023-10-02T23:59:58", "2023-10-03T00:00:03"]
    # the ISO_DATE option writes the year; SUB_SECOND milliseconds; UTC a "Z"
    iso = parse(
        "000 (15.000.000) 2022-11-08 14:20:01 Job submitted from host: <10.0.0.1:9618>\n"
        "...\n"
        "001 (15.000.000) 2022-11-08 14:20:07.250Z Job executing on host: <10.0.0.2:9618>\n"
        "...\n"
    )
    assert [utc(ln.ts, "milliseconds") for ln in iso] == [
        "2022-11-08T14:20:01.000",
        "2022-11-08T14:20:07.250",
    ]
    assert [len(ln.detail) for ln in iso] == [1, 1]


# A backup director's year-less heads, its job report under one of them.
BACKUP = (
    "02-Mar 10:04 vault-dir JobId 41: Start Backup JobId 41, Job=Nightly.2019-03-02_10.04.00_05\n"
    '02-Mar 10:04 vault-sd JobId 41: Ready to append to end of Volume "v7" size=9921\n'
    "02-Mar 10:05 vault-dir JobId 41: Bacula vault-dir 9.4.2 (04Feb19):\n"
    "  JobId:                  41\n"
    '  FileSet:                "Home" 2018-11-20 09:00:00\n'
    "  Scheduled time:         02-Mar-2019 10:04:00\n"
    "  Start time:             02-Mar-2019 10:04:02\n"
    "  Termination:            Backup OK\n"
    "\n"
    "02-Mar 10:05 vault-dir JobId 41: Begin pruning Jobs older than 6 months .\n"
)


def test_a_full_date_inside_an_entry_on_its_day_gives_the_log_its_year() -> None:
    lines = parse(BACKUP)
    assert [utc(ln.ts) for ln in lines] == [
        "2019-03-02T10:04:00",  # the lines before the report, moved with it
        "2019-03-02T10:04:00",
        "2019-03-02T10:05:00",  # its own head's time, the report's year
        "2019-03-02T10:05:00",  # after it: placed from the log's last time
    ]


def test_a_full_date_a_day_off_for_a_zone_counts_too() -> None:
    lines = parse(
        "Oct-03 23:40:02.100 [main] DEBUG nextflow.cli.Launcher - $> nextflow run x.nf\n"
        "Oct-03 23:40:02.300 [main] DEBUG nextflow.cli.CmdRun - \n"
        "  Version: 24.10.1 build 5920\n"
        "  Created: 04-10-2022 04:40 UTC (03-10-2022 23:40 CDT)\n"
        "  System: Linux 6.1.0\n"
        "Oct-03 23:40:03.010 [main] INFO  nextflow.Session - Session start\n"
    )
    # October under a June 2024 reference is 2023's; the Created line says 2022
    assert [utc(ln.ts, "milliseconds") for ln in lines] == [
        "2022-10-03T23:40:02.100",
        "2022-10-03T23:40:02.300",
        "2022-10-03T23:40:03.010",
    ]


def test_a_full_date_on_another_day_moves_nothing() -> None:
    lines = parse(
        "02-Mar 10:05 vault-dir JobId 41: Bacula vault-dir 9.4.2 (04Feb19):\n"
        '  FileSet:                "Home" 2018-11-20 09:00:00\n'
        "02-Mar 10:06 vault-dir JobId 42: restore files changed before 2019-01-15 10:00:00\n"
    )
    # a configuration's date, an argument, a build's: none on its entry's day
    assert [utc(ln.ts) for ln in lines] == ["2024-03-02T10:05:00", "2024-03-02T10:06:00"]
    built = parse("Oct-03 23:40:02.300 [main] DEBUG nextflow.cli.CmdRun - built 12-09-2021 10:00\n")
    assert [utc(ln.ts) for ln in built] == ["2023-10-03T23:40:02"]


def test_a_date_inside_a_name_or_with_a_two_digit_year_moves_nothing() -> None:
    lines = parse(
        "05-Mar 08:00 vault-dir JobId 50: wrote volume node7-2019-03-05T08:00:01-5c7e\n"
        "05-Mar 08:01 vault-dir JobId 50: [INFO] 03/05/19-08:00:58 reflector answered\n"
    )
    # a document's or a volume's name holds a date; "03/05/19" does not say which is the year
    assert [utc(ln.ts) for ln in lines] == ["2024-03-05T08:00:00", "2024-03-05T08:01:00"]


def test_an_expiry_or_a_schedules_date_is_no_witness_of_the_year() -> None:
    renewed = parse(
        "Mar  3 10:00:00 web1 renew[12]: certificate renewed, notAfter=Mar  3 09:59:00 2022 GMT\n"
    )
    assert [utc(ln.ts) for ln in renewed] == ["2024-03-03T10:00:00"]
    lines = parse(
        "May-18 21:00:00.100 [main] DEBUG nextflow.cli.CmdRun - registry token\n"
        "  expires: 2022-05-18 21:00:00\n"
        "  valid until 2021-05-18 21:00:00\n"
        "  next run: 2023-05-18 21:30:00\n"
        "May-18 21:00:01.200 [main] INFO  nextflow.Session - Session start\n"
    )
    # a lifetime's end, a next run: dates the entry talks about, not the log's year
    assert [utc(ln.ts) for ln in lines] == ["2024-05-18T21:00:00", "2024-05-18T21:00:01"]


def test_a_full_date_after_the_reference_time_is_no_witness_of_the_year() -> None:
    lines = parse(
        "May-18 21:00:00.100 [main] DEBUG nextflow.cli.CmdRun - \n"
        "  Created: 18-05-2025 21:00 UTC\n"
        "May-18 21:00:01.200 [main] INFO  nextflow.Session - Session start\n"
    )
    # the file was last written in June 2024: no line of it was written in 2025
    assert [utc(ln.ts) for ln in lines] == ["2024-05-18T21:00:00", "2024-05-18T21:00:01"]
    live = parse("Jun  1 10:00:00 web1 renew[12]: renewed, notAfter=Jun  1 09:59:00 2025 GMT\n")
    assert [utc(ln.ts) for ln in live] == ["2024-06-01T10:00:00"]  # the year rule's


def test_a_record_without_a_time_between_year_less_lines_takes_the_line_before_it() -> None:
    # A test binary's klog lines (no year) and a JSON progress record with no time of its
    # own between them: the record was held with a stand-in for "none" and came back
    # 10^18 seconds before the epoch, a time no datetime can show.
    lines = parse(
        "I0314 09:12:01.250000   4242 runner.go:88] Starting run on node 1\n"
        '{"msg":"Suite starting","total":3,"completed":0,"failed":0}\n'
        "I0314 09:12:02.500000   4242 runner.go:91] Spec 1 of 3\n"
    )
    assert [utc(ln.ts) for ln in lines] == [
        "2024-03-14T09:12:01",
        "2024-03-14T09:12:01",
        "2024-03-14T09:12:02",
    ]
    assert lines[1].message == "Suite starting"


def test_a_date_alone_on_the_entrys_day_gives_a_year_less_log_its_year() -> None:
    # anacron says the day it started on, in full, under syslog's year-less head
    lines = parse(
        "Mar  2 06:25:01 bastion CRON[811]: (root) CMD (test -x /usr/sbin/anacron)\n"
        "Mar  2 06:25:02 bastion anacron[815]: Anacron 2.3 started on 2019-03-02\n"
        "Mar  2 06:25:03 bastion anacron[815]: Normal exit (0 jobs run)\n"
    )
    assert [utc(ln.ts) for ln in lines] == [
        "2019-03-02T06:25:01",
        "2019-03-02T06:25:02",
        "2019-03-02T06:25:03",
    ]


def test_a_date_alone_that_is_no_witness_of_the_year_is_not_taken() -> None:
    # another day, a certificate's end, a path's part, a version: the reference year stays
    for said in (
        "report for 2019-02-27 sent",
        "certificate valid until 2019-03-02",
        "rotated /var/log/app/2019-03-02/app.log",
        "running build v2019-03-02",
    ):
        lines = parse(f"Mar  2 06:25:02 bastion app[815]: {said}\n")
        assert utc(lines[0].ts) == "2024-03-02T06:25:02", said


def test_a_day_of_the_reference_month_after_the_reference_is_the_year_befores() -> None:
    # Redis 4 under nohup: "pid:role dd Mon HH:MM:SS.mmm", June then December; the file was
    # last changed on 1 June 2024, so its 23 June is 2023's, and December follows it
    lines = parse(
        "16285:C 23 Jun 00:36:40.615 # Redis is starting\n"
        "16285:M 25 Jun 19:25:19.100 * Ready to accept connections\n"
        "55637:M 08 Dec 05:02:58.061 * Background saving started by pid 44073\n"
    )
    assert [utc(ln.ts) for ln in lines] == [
        "2023-06-23T00:36:40",
        "2023-06-25T19:25:19",
        "2023-12-08T05:02:58",
    ]
    # within a day of the reference (a zone's hours): still its year
    (late,) = parse("Jun  1 22:10:00 web1 cron[12]: (root) CMD (run-parts /etc/cron.hourly)\n")
    assert utc(late.ts) == "2024-06-01T22:10:00"
