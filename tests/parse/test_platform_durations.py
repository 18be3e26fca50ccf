"""Issue 17, set 42 (docs/log-formats.md, sections 6 and 7): operations that system and
data-platform programs time in their own wording. HDFS DataNode's clienttrace (a line of
``key: value`` pairs, its duration in ns), ZooKeeper's leader election, Hive CLI's ``Time
taken:``, dnf's step timer (under its DDEBUG level) and Spark's DAGScheduler stage and job
under a log4j layout of a time of day alone. Lines written here in each program's shape."""

from __future__ import annotations

import pytest

from tests.helpers.parsing import parse, samples, utc


def _duration(text: str) -> list[float | None]:
    return [samples(x).get("duration_ms") for x in parse(text)]


# --- a line of "key: value" pairs (HDFS DataNode's clienttrace) ---


def test_hdfs_clienttrace_duration_is_nanoseconds() -> None:
    text = (
        "2023-04-05 10:11:12,345 INFO org.apache.hadoop.hdfs.server.datanode.DataNode.clienttrace:"
        " src: /10.4.0.21:50010, dest: /10.4.0.33:39144, bytes: 65536, op: HDFS_READ,"
        " cliID: DFSClient_attempt_7_0001_m_000002_0_11_1, offset: 0, srvID: 1f0e-aa2c,"
        " blockid: BP-11-10.4.0.2-16:blk_1073742001_1177, duration: 2750400\n"
        "2023-04-05 10:11:13,001 INFO org.apache.hadoop.hdfs.server.datanode.DataNode.clienttrace:"
        " src: /10.4.0.33:39150, dest: /10.4.0.21:50010, bytes: 1024, op: HDFS_WRITE,"
        " cliID: DFSClient_NONMAPREDUCE_42_1, offset: 0, srvID: 1f0e-aa2c,"
        " blockid: BP-11-10.4.0.2-16:blk_1073742002_1178, duration: 84000\n"
    )
    got = parse(text)
    assert [utc(x.ts) for x in got] == ["2023-04-05T10:11:12", "2023-04-05T10:11:13"]
    # System.nanoTime()'s difference: small ones too (84000 ns is 0.084 ms, not 84 s)
    assert [samples(x).get("duration_ms") for x in got] == [
        pytest.approx(2.7504),
        pytest.approx(0.084),
    ]


def test_listed_duration_with_its_unit_in_brackets_or_written() -> None:
    # Hadoop 2.8 and on: "duration(ns): N"; any list: a unit written with the number
    text = (
        "2023-04-05 10:12:00,100 INFO DataNode.clienttrace: src: /10.4.0.21:50010,"
        " dest: /10.4.0.40:51000, bytes: 4096, op: HDFS_READ, cliID: DFSClient_9,"
        " offset: 512, srvID: 77ab, blockid: BP-1:blk_5_6, duration(ns): 1500000\n"
        "2023-04-05 10:12:01,100 INFO sync: target: db2, rows: 120, elapsed: 350ms\n"
    )
    assert _duration(text) == [pytest.approx(1.5), pytest.approx(350.0)]


def test_listed_bare_number_without_a_unit_or_a_clienttrace_says_none() -> None:
    text = (
        "2023-04-05 10:13:00,000 INFO job: nightly, items: 40, duration: 12\n"
        "2023-04-05 10:13:01,000 INFO note: lease duration: 15s, renewals, later\n"
    )
    assert _duration(text) == [None, None]


# --- ZooKeeper's leader election ---


def test_zookeeper_election_took_is_milliseconds() -> None:
    text = (
        "2022-09-14 07:30:01,220 [myid:3] - INFO  [QuorumPeer[myid=3](plain=0.0.0.0:2181)"
        "(secure=disabled):Follower@75] - FOLLOWING - LEADER ELECTION TOOK - 318\n"
        "2022-09-14 07:31:40,002 [myid:2] - INFO  [QuorumPeer[myid=2](plain=0.0.0.0:2181)"
        "(secure=disabled):Leader@581] - LEADING - LEADER ELECTION TOOK - 2061 MS\n"
        "2022-09-14 07:31:41,002 [myid:2] - INFO  [main:QuorumPeer@900] - LEADER ELECTION"
        " TOOK - a while\n"
    )
    assert _duration(text) == [318.0, 2061.0, None]


# --- Hive CLI's statement time ---


def test_hive_cli_time_taken() -> None:
    text = "OK\nTime taken: 2.31 seconds\nOK\na\t1\nTime taken: 0.45 seconds, Fetched: 1 row(s)\n"
    got = parse(text)
    # the statement's time (session 36: a query's, the latency panel's when nothing else is)
    assert [samples(x).get("query_duration_ms") for x in got if "Time taken" in x.message] == [
        pytest.approx(2310.0),
        pytest.approx(450.0),
    ]


def test_time_taken_inside_a_sentence_is_not_a_statements() -> None:
    assert _duration("Average time taken: 3 seconds per page, see docs\n") == [None]


# --- dnf's step timer ---


def test_dnf_timer_under_its_ddebug_level() -> None:
    text = (
        "2022-01-20T03:04:05Z DDEBUG timer: load repos: 12 ms\n"
        "2022-01-20T03:04:06Z DEBUG Base command: install\n"
        "2022-01-20T03:04:07Z DDEBUG timer: depsolve: 140 ms\n"
    )
    got = parse(text)
    assert [x.level for x in got] == ["DEBUG", "DEBUG", "DEBUG"]
    assert got[0].message == "timer: load repos: 12 ms"  # no host "DDEBUG"
    assert [samples(x).get("duration_ms") for x in got] == [12.0, None, 140.0]


# --- Spark's stage and job under "[HH:mm:ss,SSS] LEVEL {Class} msg" ---


def test_spark_stage_and_job_times_under_a_time_of_day_layout() -> None:
    text = (
        "[09:14:02,110] INFO  {SparkContext} Starting job: count at Etl.scala:41\n"
        "[09:14:04,700] INFO  {DAGScheduler} ResultStage 2 (count at Etl.scala:41) finished"
        " in 2.482 s\n"
        "[09:14:04,702] INFO  {DAGScheduler} Job 1 finished: count at Etl.scala:41, took"
        " 2.590311 s\n"
        "[09:14:09,010] INFO  {DAGScheduler} ShuffleMapStage 4 (map at Etl.scala:50) failed"
        " in 0.730 s due to Job aborted due to stage failure\n"
    )
    assert _duration(text) == [None, pytest.approx(2482.0), pytest.approx(2590.311), 730.0]


def test_spark_stage_before_its_kinds_and_a_stage_said_otherwise() -> None:
    text = (
        "[09:20:00,000] INFO  {DAGScheduler} Stage 1 (reduce at Sum.scala:9) finished in"
        " 0.412 s\n"
        "[09:20:01,000] INFO  {Planner} BackupStage 2 (nightly) finished in 3.000 s\n"
        "[09:20:02,000] INFO  {Planner} Stage 3 (copy) finished in 5 s, then idle\n"
    )
    assert _duration(text) == [pytest.approx(412.0), None, None]
