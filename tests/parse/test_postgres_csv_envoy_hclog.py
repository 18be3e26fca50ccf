"""Shapes a held-out real-file set found read wrong (run once, then fixed by general rules):
PostgreSQL's csvlog, an application line under an access log's bracketed time, Envoy's code
0, and a bare number under a time key beside a written date. Lines of our own."""

from __future__ import annotations

from tests.parse.test_common_loggers import read


def test_postgres_csvlog_columns_zone_level_and_query_duration() -> None:
    got = read(
        '2024-05-16 05:23:38.120 EDT,"app","shop",4711,"10.0.0.9:51234",66460a1e.1267,7,'
        '"SELECT",2024-05-16 05:20:14 EDT,5/112,0,LOG,00000,"duration: 12.500 ms  statement:'
        ' select 1",,,,,,,,,"psql","client backend",,0\n'
        '2024-05-16 05:23:39.001 EDT,"app","shop",4711,"10.0.0.9:51234",66460a1e.1267,8,'
        '"SELECT",2024-05-16 05:20:14 EDT,5/113,0,ERROR,42P01,"relation ""carts"" does not '
        'exist",,,,,,"select * from carts",15,,"psql","client backend",,0\n'
    )
    assert [g[0] for g in got] == ["2024-05-16T09:23:38.120+00:00", "2024-05-16T09:23:39.001+00:00"]
    assert [g[1] for g in got] == ["INFO", "ERROR"]
    assert got[0][3] == {"query_duration_ms": 12.5}
    assert got[1][2] == 'relation "carts" does not exist'


def test_an_application_line_under_an_access_logs_time_keeps_its_level() -> None:
    got = read(
        "[16/May/2024:11:23:38 +0200] ERROR com.shop.Pay: card declined\n"
        "[16/May/2024:11:23:39 +0200] INFO com.shop.Pay: retrying\n"
        "[16/May/2024:11:23:40 +0000] MISS 502 502 - GET https shop.example "
        '"/pay" [Client 1.2.3.4]\n'
    )
    assert [g[1] for g in got] == ["ERROR", "INFO", "ERROR"]
    assert got[0][0] == "2024-05-16T09:23:38.000+00:00"
    assert got[2][3] == {"http_status": 502.0}


def test_envoy_code_zero_is_no_http_status() -> None:
    got = read(
        '[2024-05-16T09:23:38.120Z] "GET /cart HTTP/1.1" 0 DC 0 0 5 - "-" "curl/8" "id" '
        '"shop" "-"\n'
        '[2024-05-16T09:23:39.120Z] "GET /cart HTTP/1.1" 200 - 0 612 7 6 "-" "curl/8" "id" '
        '"shop" "10.0.0.3:80"\n'
    )
    # no status, the time a served request's all the same (session 34: as Traefik's 0)
    assert got[0][3] == {"unanswered_ms": 5.0}
    assert got[1][3] == {"http_status": 200.0, "request_time_ms": 7.0}


def test_a_bare_number_under_time_beside_a_written_date_is_not_the_time() -> None:
    got = read(
        '{"@level":"warn","@message":"heartbeat slow","@timestamp":"2024-05-16T09:23:38.500000Z",'
        '"peer":"node-2","time":2875020441}\n'
        '{"level":30,"time":1715851419000,"msg":"pino ms, alone"}\n'
    )
    assert got[0][0] == "2024-05-16T09:23:38.500+00:00"
    assert got[1][0] == "2024-05-16T09:23:39.000+00:00"
