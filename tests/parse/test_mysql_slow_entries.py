"""Issue 17: MySQL's (and MariaDB's, Percona Server's) slow query log, one entry per query:
its ``# `` header lines, ``SET timestamp``, ``use`` and the statement are one entry, not five
(docs/log-formats.md, section 3). Lines written here in the servers' shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_5_5_log_with_two_queries_in_one_second_under_one_time_line() -> None:
    """5.5/5.6 and MariaDB write ``# Time:`` only when the second changes: the second
    query of that second opens at its ``# User@Host:``."""
    lines = parse(
        "# Time: 151201 10:00:00\n"
        "# User@Host: shop[shop] @ app1 [192.0.2.5]\n"
        "# Query_time: 2.500000  Lock_time: 0.000100 Rows_sent: 3  Rows_examined: 9000\n"
        "use shopdb;\n"
        "SELECT id, total\n"
        "  FROM orders\n"
        "  WHERE total > 100;\n"
        "# User@Host: report[report] @ app2 [192.0.2.6]\n"
        "# Query_time: 1.250000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 40\n"
        "SELECT COUNT(*) FROM carts;\n"
        "# Time: 151201 10:00:07\n"
        "# User@Host: shop[shop] @ app1 [192.0.2.5]\n"
        "# Query_time: 3  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n"
        "UPDATE orders SET state = 'paid' WHERE id = 7;\n"
    )
    assert [e.fmt for e in lines] == ["mysql_slow"] * 3
    assert [utc(e.ts) for e in lines] == [
        "2015-12-01T10:00:00",
        "2015-12-01T10:00:00",
        "2015-12-01T10:00:07",
    ]
    assert [samples(e)["query_duration_ms"] for e in lines] == [2500.0, 1250.0, 3000.0]
    first = lines[0]
    assert first.message == "SELECT id, total"
    assert first.detail == ("  FROM orders", "  WHERE total > 100;")
    assert first.fields is not None
    assert first.fields["user"] == "shop"
    assert first.fields["client_ip"] == "192.0.2.5"
    assert first.fields["rows_examined"] == 9000
    assert first.fields["lock_time"] == 0.0001
    assert first.fields["schema"] == "shopdb"
    assert lines[1].message == "SELECT COUNT(*) FROM carts;"
    assert lines[1].fields is not None and lines[1].fields["user"] == "report"
    assert [e.level for e in lines] == ["INFO"] * 3


def test_an_8_0_log_with_its_server_header_and_the_time_with_a_zone() -> None:
    """8.0 (and 5.7) write ``# Time:`` for every query, in ISO 8601 with its zone; the
    server's three header lines are no part of a query, even after one."""
    lines = parse(
        "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
        "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
        "Time                 Id Command    Argument\n"
        "# Time: 2024-03-05T08:01:02.123456+02:00\n"
        "# User@Host: app[app] @ localhost []  Id:    31\n"
        "# Query_time: 0.750000  Lock_time: 0.000012 Rows_sent: 1  Rows_examined: 1200\n"
        "SET timestamp=1709618461;\n"
        "SELECT * FROM users WHERE email = 'a@example.org';\n"
        "/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:\n"
        "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock\n"
        "Time                 Id Command    Argument\n"
        "# Time: 2024-03-05T06:05:00.000001Z\n"
        "# User@Host: app[app] @ localhost []  Id:    32\n"
        "# Query_time: 12.000300  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1709618700;\n"
        "select sleep(12);\n"
    )
    queries = [e for e in lines if samples(e)]
    assert [utc(e.ts, "milliseconds") for e in queries] == [
        "2024-03-05T06:01:02.123",
        "2024-03-05T06:05:00.000",
    ]
    assert [samples(e)["query_duration_ms"] for e in queries] == [750.0, 12000.3]
    assert [e.message for e in queries] == [
        "SELECT * FROM users WHERE email = 'a@example.org';",
        "select sleep(12);",
    ]
    assert [e.detail for e in queries] == [(), ()]
    assert queries[0].fields is not None and queries[0].fields["thread_id"] == 31
    # the header lines: entries of no duration, dated as the queries around them
    others = [e for e in lines if not samples(e)]
    assert len(others) == 6 and len(lines) == 8
    assert {e.message[:9] for e in others} == {"/usr/sbin", "Tcp port:", "Time     "}
    assert min(e.ts for e in lines) == queries[0].ts


def test_mariadb_s_extra_header_lines_are_the_query_s_fields() -> None:
    """MariaDB's (and Percona Server's) ``# Thread_id:``, ``# Rows_affected:`` lines under
    ``# Query_time:``; with no ``# Time:`` (same second) ``SET timestamp`` dates it."""
    lines = parse(
        "# Time: 240305  8:01:02\n"
        "# User@Host: shop[shop] @ app1 [192.0.2.5]\n"
        "# Thread_id: 42  Schema: shopdb  QC_hit: No\n"
        "# Query_time: 0.004000  Lock_time: 0.000200  Rows_sent: 1  Rows_examined: 40\n"
        "# Rows_affected: 0  Bytes_sent: 96\n"
        "# explain: id select_type table type\n"
        "# explain: 1 SIMPLE t1 ALL\n"
        "SET timestamp=1709625662;\n"
        "SELECT 1;\n"
        "# User@Host: shop[shop] @ app1 [192.0.2.5]\n"
        "# Thread_id: 43  Schema: shopdb  QC_hit: Yes\n"
        "# Query_time: 0.000100  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0\n"
        "# Rows_affected: 0  Bytes_sent: 96\n"
        "SET timestamp=1709625663;\n"
        "# administrator command: Ping;\n"
    )
    assert len(lines) == 2
    a, b = lines
    assert utc(a.ts) == "2024-03-05T08:01:02"
    assert utc(b.ts) == "2024-03-05T08:01:03"  # its SET timestamp (epoch)
    assert a.fields is not None and b.fields is not None
    assert (a.fields["thread_id"], a.fields["schema"], a.fields["qc_hit"]) == (42, "shopdb", "No")
    assert (a.fields["bytes_sent"], a.fields["rows_affected"]) == (96, 0)
    assert b.fields["qc_hit"] == "Yes"
    assert "explain" not in a.fields
    assert b.message == "# administrator command: Ping;"
    assert [samples(e)["query_duration_ms"] for e in lines] == [4.0, 0.1]


def test_a_line_of_another_format_ends_the_query() -> None:
    lines = parse(
        "# Time: 2024-03-05T08:01:02.000000Z\n"
        "# User@Host: app[app] @ localhost []  Id:    31\n"
        "# Query_time: 1.000000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1\n"
        "SELECT 1;\n"
        "2024-03-05T08:01:03.000000Z 0 [Warning] [MY-010055] [Server] IP address could not"
        " be resolved\n"
    )
    assert [e.fmt for e in lines] == ["mysql_slow", "mysql"]
    assert lines[0].message == "SELECT 1;" and lines[0].detail == ()
    assert lines[1].level == "WARNING"


def test_a_log_cut_after_its_time_line_starts_at_its_user_line() -> None:
    """A file that opens in the middle of a second: the first query has no ``# Time:``,
    and no time until its ``SET timestamp``."""
    lines = parse(
        "# User@Host: app[app] @ localhost []\n"
        "# Query_time: 5.000000  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1709625662;\n"
        "DELETE FROM sessions WHERE expires < NOW();\n"
        "# Time: 240305  8:01:09\n"
        "# User@Host: app[app] @ localhost []\n"
        "# Query_time: 2.000000  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n"
        "OPTIMIZE TABLE sessions;\n"
    )
    assert [utc(e.ts) for e in lines] == ["2024-03-05T08:01:02", "2024-03-05T08:01:09"]
    assert [e.message for e in lines] == [
        "DELETE FROM sessions WHERE expires < NOW();",
        "OPTIMIZE TABLE sessions;",
    ]


def test_comment_lines_inside_a_statement_stay_in_it() -> None:
    """SQL's ``#`` and ``--`` comments after the statement's first line are its lines, not
    a header nor a query of their own; a ``# Query_time:`` after a statement with no
    ``# User@Host:`` before it (a cut file) opens the next query."""
    lines = parse(
        "# Time: 2024-03-05T08:01:02.000000Z\n"
        "# User@Host: app[app] @ localhost []  Id:    31\n"
        "# Query_time: 1.000000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1\n"
        "SELECT a\n"
        "# the column we need\n"
        "-- and no other\n"
        "FROM t;\n"
        "# Query_time: 2.000000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1\n"
        "SELECT b FROM t;\n"
    )
    assert [e.message for e in lines] == ["SELECT a", "SELECT b FROM t;"]
    assert lines[0].detail == ("# the column we need", "-- and no other", "FROM t;")
    assert [samples(e)["query_duration_ms"] for e in lines] == [1000.0, 2000.0]
    assert lines[1].ts == lines[0].ts  # no time of its own: the last one seen


def test_a_zone_less_time_line_and_set_timestamp_agree() -> None:
    """5.5's ``# Time:`` is the server's local time (here UTC+2), ``SET timestamp`` an
    epoch: the query of the same second, dated by its SET timestamp alone, is put on the
    ``# Time:`` lines' clock (learnt from the query before: end minus start minus its
    Query_time), not two hours before the query it followed."""
    lines = parse(
        "# Time: 240305 10:01:02\n"
        "# User@Host: app[app] @ localhost []\n"
        "# Query_time: 2.000000  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1709625660;\n"
        "SELECT 1;\n"
        "# User@Host: app[app] @ localhost []\n"
        "# Query_time: 0.500000  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0\n"
        "SET timestamp=1709625662;\n"
        "SELECT 2;\n"
    )
    assert [utc(e.ts) for e in lines] == ["2024-03-05T10:01:02", "2024-03-05T10:01:02"]
