"""Issue 17, set 29: database servers' own logs. SQL Server's ERRORLOG (UTF-16 with a
byte-order mark), Java's ``Date.toString()`` in Derby's boot banner, a two-digit numeric
offset after the time, RethinkDB's log_file (time, uptime, level word), Solr's ``QTime=``,
Neo4j's query.log ``N ms:``, Oracle's alert log and its ``ORA-NNNNN:`` lines, Jetty's
``badMessage: 400``. Lines written here in those shapes (docs/log-formats.md, sections 3, 4,
5, 6 and 7)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from console.ingest import read_chunks
from tests.helpers.parsing import parse, samples, utc

ERRORLOG = (
    "2024-11-05 07:14:02.31 Server      Microsoft SQL Server 2022 (RTM-CU9) - 16.0.4085.2 (X64)\r\n"
    "2024-11-05 07:14:02.31 Server      UTC adjustment: -5:00\r\n"
    "2024-11-05 07:14:02.40 Server      Server process ID is 4412.\r\n"
    "2024-11-05 07:14:03.02 spid12s     Starting up database 'master'.\r\n"
    "2024-11-05 07:14:05.77 spid58      Login failed for user 'report'. Reason: Password did"
    " not match. [CLIENT: 10.2.0.8]\r\n"
)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (b"", "utf-8"),
    ],
)
def test_a_byte_order_mark_picks_the_files_encoding(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "ERRORLOG"
    path.write_bytes(bom + ERRORLOG.encode(codec))
    text = "".join(read_chunks(path))
    assert not text.startswith("\ufeff")
    assert text == ERRORLOG
    lines = parse(text)
    assert [utc(ln.ts) for ln in (lines[0], lines[-1])] == [
        "2024-11-05T07:14:02",
        "2024-11-05T07:14:05",
    ]
    assert lines[-1].message.startswith("spid58")


def test_utf16_text_split_across_reads_stays_whole(tmp_path: Path) -> None:
    # Many lines, so the file spans several reads and a character's two bytes can straddle one.
    body = "".join(
        f"2024-11-05 07:{i // 60 % 60:02d}:{i % 60:02d}.10 spid{i % 90}      Ünïcode löß {i}\r\n"
        for i in range(60000)
    )
    path = tmp_path / "ERRORLOG.1"
    path.write_bytes(codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    assert "".join(read_chunks(path)) == body


def test_java_date_to_string_has_its_year_after_the_zone_name() -> None:
    # java.util.Date.toString(): "EEE MMM dd HH:mm:ss zzz yyyy" (Derby's boot banner, `date`).
    lines = parse(
        "------------------------------------------------------------\n"
        "Wed Feb 07 08:12:30 CET 2018:\n"
        "Booting Derby version 10.14.2.0: instance 1a2b-3c4d on database directory /srv/db\n"
        "Sat Nov 02 22:41:09 EDT 2019: Shutting down Derby engine\n"
    )
    assert [utc(ln.ts) for ln in lines[-2:]] == ["2018-02-07T07:12:30", "2019-11-03T02:41:09"]
    assert lines[-2].detail[0].startswith("Booting Derby")


def test_ctime_year_after_the_time() -> None:
    (line,) = parse("Thu Mar 09 04:05:06 2017\n")
    assert utc(line.ts) == "2017-03-09T04:05:06"


def test_a_two_digit_offset_after_the_time_is_its_zone() -> None:
    # Go's "-07" and PostgreSQL's %t write the offset in hours only.
    lines = parse(
        "14-02-2021 23:10:05 -05 [ERROR] Unable to connect to host 10.0.0.4 (pool.cpp:88)\n"
        "15-02-2021 00:01:10 +09 [WARN] Retrying in 2s (pool.cpp:91)\n"
    )
    assert [utc(ln.ts) for ln in lines] == ["2021-02-15T04:10:05", "2021-02-14T15:01:10"]
    assert [ln.level for ln in lines] == ["ERROR", "WARNING"]


def test_rethinkdb_uptime_then_level_word() -> None:
    # RethinkDB's log_file: the time (ns), the process's uptime in seconds, "level: message".
    lines = parse(
        "2023-04-11T09:30:01.120334455 0.021877s notice: Running rethinkdb 2.4.2\n"
        "2023-04-11T09:30:01.125001122 0.026544s info: Listening for driver connections\n"
        "2023-04-11T09:31:44.900112233 103.801653s warn: Slow disk write (4 s)\n"
        "2023-04-11T09:31:45.000118831 103.901660s error: Heartbeat timeout, killing connection\n"
    )
    assert [ln.level for ln in lines] == ["NOTICE", "INFO", "WARNING", "ERROR"]
    assert lines[-1].message == "Heartbeat timeout, killing connection"
    assert utc(lines[-1].ts) == "2023-04-11T09:31:45"
    assert all(not ln.samples for ln in lines)


def test_solr_qtime_is_the_requests_time_in_ms() -> None:
    # Solr's request line (SolrCore.execute / HttpSolrCall): QTime, the request's time in ms;
    # status=0 its success in its own terms, a served request with no HTTP status written
    # (session 24: two raters counted every QTime line's time and listed no 200).
    lines = parse(
        "2024-02-12 11:40:03.517 INFO  (qtp1934798916-31) [c:books s:shard2 r:core_node6"
        " x:books_shard2_replica_n4] o.a.s.c.S.Request [books_shard2_replica_n4]  webapp=/solr"
        " path=/select params={q=title:river&rows=10&wt=json} hits=14 status=0 QTime=42\n"
        "2024-02-12 11:40:09.001 INFO  (qtp1934798916-33) [   ] o.a.s.s.HttpSolrCall [admin]"
        " webapp=null path=/admin/cores params={action=STATUS&wt=json} status=500 QTime=1207\n"
    )
    assert [dict(samples(ln)) for ln in lines] == [
        {"served_ok_ms": 42.0},
        {"http_status": 500.0, "response_time_ms": 1207.0},
    ]


def test_neo4j_query_log_ms_is_the_querys_time() -> None:
    # Neo4j's query.log (db.logs.query): "id:N - <ms> ms: <bytes> B - ..."; 3.x writes no id.
    # The elapsed ms is the query's time. (Session 41, set 507: VERBOSE's "Query started:"
    # line's ms is the time so far, its planning, not the query's: none.)
    lines = parse(
        "2023-06-02 08:15:40.101+0000 INFO  Query started: id:7 - 12 ms: 0 B - bolt-session\tbolt"
        "\tneo4j-python/5.9.0\t\tclient/10.0.0.5:50122\tserver/10.0.0.2:7687>\tneo4j - app -"
        " MATCH (p:Person) RETURN count(p) - {} - runtime=null - {}\n"
        "2023-06-02 08:15:40.730+0000 INFO  id:7 - 6 ms: 31 B - bolt-session\tbolt"
        "\tneo4j-python/5.9.0\t\tclient/10.0.0.5:50122\tserver/10.0.0.2:7687>\tneo4j - app -"
        " MATCH (p:Person) RETURN count(p) - {} - runtime=pipelined - {}\n"
        "2017-05-09 14:02:11.220+0000 INFO  2210 ms: (planning: 31, waiting: 0) - 88 B -"
        " 14 page hits, 0 page faults - bolt-session\tbolt\tneo4j\tneo4j-java/1.2\t\tclient/"
        "10.0.0.9:40100\tserver/10.0.0.2:7687>\tneo4j - MATCH (n) RETURN n LIMIT 5 - {}\n"
        "2023-06-02 08:15:41.000+0000 INFO  Cached 3 ms: plans after warm-up\n"
    )
    assert [samples(ln).get("query_duration_ms") for ln in lines] == [None, 6.0, 2210.0, None]


ALERT_LOG = (
    "Mon Mar 04 02:10:07 2024\n"
    "Starting ORACLE instance (normal)\n"
    "Mon Mar 04 02:10:09 2024\n"
    "ALTER DATABASE OPEN\n"
    "Mon Mar 04 02:10:11 2024\n"
    "Errors in file /u01/app/oracle/diag/rdbms/orcl/orcl/trace/orcl_dbw0_881.trc:\n"
    "ORA-01157: cannot identify/lock data file 4 - see DBWR trace file\n"
    "ORA-01110: data file 4: '/u02/oradata/ORCL/users01.dbf'\n"
    "Mon Mar 04 02:10:11 2024\n"
    "ORA-1157 signalled during: ALTER DATABASE OPEN...\n"
    "Mon Mar 04 02:10:15 2024\n"
    "Shutting down instance (abort)\n"
    "License high water mark = 3\n"
)


def test_a_line_that_is_only_a_time_heads_the_lines_under_it() -> None:
    # Oracle's alert log (before 11g's XML one): a ctime line, then the entry's message lines.
    lines = parse(ALERT_LOG)
    assert [ln.message for ln in lines[:2]] == [
        "Mon Mar 04 02:10:07 2024",
        "Mon Mar 04 02:10:09 2024",
    ]
    assert [len(ln.detail) for ln in lines] == [1, 1, 3, 1, 2]
    assert utc(lines[-1].ts) == "2024-03-04T02:10:15"


def test_an_oracle_error_line_states_an_error() -> None:
    lines = parse(ALERT_LOG)
    # its entry's level: the three entries carrying ORA- errors, not the others
    assert [ln.level for ln in lines] == ["UNKNOWN", "UNKNOWN", "ERROR", "ERROR", "UNKNOWN"]
    # and an entry of its own where it stands alone (sqlplus' output, a client's log)
    (alone,) = parse("ORA-12541: TNS:no listener\n")
    assert alone.level == "ERROR"
    (said,) = parse("Stored ORA-01555 counts in the report\n")
    assert said.level != "ERROR"


def test_jettys_bad_message_names_the_status_it_answered() -> None:
    # Jetty 9's HttpChannel: "badMessage: <status> <reason> for <channel>" (an embedded
    # server's log: Neo4j 3.x, Solr), the request rejected with that status.
    (line,) = parse(
        "2018-02-20 06:12:09.311+0000 WARN  badMessage: 400 Illegal character 0x3 for"
        " HttpChannelOverHttp@5e1f{r=0,c=false,a=IDLE,uri=null}\n"
    )
    assert samples(line) == {"http_status": 400.0}
    assert line.level == "WARNING"
