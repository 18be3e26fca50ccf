"""Review of session 24's rules against shapes they were not written for: SQLAlchemy's
wrapped driver exception, nginx's upstream times over several tries, Java's month names in
more locales. Lines written here in those shapes."""

from __future__ import annotations

import pytest

from console.parse.derived import SERVED, latency_tier
from tests.helpers.parsing import parse, samples, utc


@pytest.mark.parametrize(
    "message",
    [
        # libpq before 14: the failure said once per try
        'FATAL:  password authentication failed for user "app"',
        # libpq 14 on: each try's failure names the server it asked
        'connection to server at "db" (172.18.0.2), port 5432 failed: FATAL:  password '
        'authentication failed for user "app"',
    ],
)
def test_libpqs_message_said_again_after_sqlalchemys_wrapped_exception_is_the_tracebacks(
    message: str,
) -> None:
    # SQLAlchemy's DBAPIError wraps psycopg2's exception, its class in brackets before the
    # driver's message ("(%s.%s) %s", sqlalchemy.exc.StatementError._message), then links
    # its error's page: the traceback's lines, one ERROR entry as psycopg2's bare exception
    text = (
        "2024-05-19 06:57:31,100 ERROR Exception on /login [POST]\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/env/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 145, '
        "in __init__\n"
        "    self._dbapi_connection = engine.raw_connection()\n"
        f"sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) {message}\n"
        f"{message}\n"
        "\n"
        "(Background on this error at: https://sqlalche.me/e/20/e3q8)\n"
        "2024-05-19 06:57:32,100 INFO next request\n"
    )
    lines = parse(text)
    assert [(line.level, line.message) for line in lines] == [
        ("ERROR", "Exception on /login [POST]"),
        ("INFO", "next request"),
    ]
    assert message in lines[0].detail


def test_a_postgres_line_after_sqlalchemys_exception_line_is_still_an_entry() -> None:
    # only the wrapped message said again joins it
    text = (
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in <module>\n'
        "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) FATAL:  password "
        'authentication failed for user "app"\n'
        'FATAL:  database "shop" does not exist\n'
    )
    assert parse(text)[-1].message == 'database "shop" does not exist'


def test_a_proxys_upstream_time_over_several_tries_is_its_requests_latency() -> None:
    # nginx writes $upstream_response_time for each upstream it tried, ", " between them
    # and " : " between upstream groups, "-" for a try with no time
    # (ngx_http_upstream_response_time_variable); the list of a retried request in set
    # 134's layout (unquoted), a quoted one, and nginx's JSON log (escape=json quotes it).
    # The tries are one after the other: the request took their sum.
    text = (
        '172.23.0.1 - - [31/Mar/2024:05:25:10 +0000] "GET /docs HTTP/1.1" 502 939 "-" '
        '"Mozilla/5.0" "-" upstream_response_time=0.010, 0.020 '
        "upstream_addr=172.23.0.4:8081, 172.23.0.5:8081\n"
        '172.23.0.1 - - [31/Mar/2024:05:25:11 +0000] "GET /docs HTTP/1.1" 504 939 "-" '
        '"Mozilla/5.0" "-" upstream_response_time=-, 0.020 : 0.005 '
        "upstream_addr=172.23.0.4:8081, 172.23.0.5:8081 : 10.0.0.9:80\n"
        '172.23.0.1 - - [31/Mar/2024:05:25:12 +0000] "GET /docs HTTP/1.1" 200 939 "-" '
        '"Mozilla/5.0" "-" urt="0.020"\n'
        '172.23.0.1 - - [31/Mar/2024:05:25:13 +0000] "GET /docs HTTP/1.1" 200 939 "-" '
        '"Mozilla/5.0" "-" urt="0.010, 0.020"\n'
        '{"time":"2024-03-31T05:25:14+00:00","request":"GET /x HTTP/1.1","status":"502",'
        '"upstream_response_time":"0.010, 0.020 : 0.005"}\n'
    )
    lines = parse(text)
    assert [samples(line).get("upstream_time_ms") for line in lines] == [
        30.0,
        25.0,
        20.0,
        30.0,
        35.0,
    ]
    assert latency_tier(lines[0].samples) == (SERVED, 30.0)
    assert lines[0].fields["upstream_addr"] == "172.23.0.4:8081, 172.23.0.5:8081"


def test_a_list_that_is_no_nginx_time_gives_no_duration() -> None:
    # "-" alone (no upstream asked), and a list in no nginx's "%T.%03M"
    text = (
        '172.23.0.1 - - [31/Mar/2024:05:25:10 +0000] "GET /docs HTTP/1.1" 200 939 "-" '
        '"Mozilla/5.0" "-" upstream_response_time=- upstream_addr=-\n'
        '{"time":"2024-03-31T05:25:14+00:00","request":"GET /x HTTP/1.1","status":"200",'
        '"upstream_response_time":"1, 2"}\n'
    )
    assert [samples(line) for line in parse(text)] == [
        {"http_status": 200.0, "response_bytes": 939.0},
        {"http_status": 200.0},
    ]


def test_an_access_lines_month_as_java_writes_it_in_more_locales() -> None:
    # Java's "MMM" from CLDR's data (JDK 9 on): de's format form "März" (the JDK 8 "Mär"
    # read before), de_AT's "Jän.", ru's "февр." "сент." "нояб." (glibc's "фев" "сен" "ноя"
    # read before); pl's "sty" "paź" "lis" (glibc's and CLDR's alike)
    text = "".join(
        f'10.0.0.1 - - [05/{month}/2024:19:36:19 +0100] "GET /a HTTP/1.1" 200 12\n'
        for month in ("März", "Jän.", "февр.", "сент.", "нояб.", "sty", "paź", "lis")
    )
    lines = parse(text)
    assert [line.fmt for line in lines] == ["access"] * 8
    assert [utc(line.ts)[:10] for line in lines] == [
        "2024-03-05",
        "2024-01-05",
        "2024-02-05",
        "2024-09-05",
        "2024-11-05",
        "2024-01-05",
        "2024-10-05",
        "2024-11-05",
    ]
