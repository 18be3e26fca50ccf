"""Issue 17, set 52 part B: applications' own layouts and dates. An access row (Gin's,
Fiber's: status, then latency) sent through a logger as its message. Every line here is
written for this file in the shape those programs produce, not copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# logrus' TextFormatter around a middleware's row: log.Infof("| %3d | %13v | %15s | %s | %s |")
LOGRUS_ROWS = (
    'time="2024-03-05T10:00:01+02:00" level=info msg="| 201 |      3.5ms |  10.0.0.7 | PUT |'
    ' /v1/items |"\n'
    'time="2024-03-05T10:00:02+02:00" level=info msg="| 404 |     812.4µs |  10.0.0.7 | GET |'
    ' /v1/items/9 |"\n'
    'time="2024-03-05T10:01:10+02:00" level=warning msg="| 502 |       1m2.5s |  10.0.0.7 |'
    ' POST | /v1/sync |"\n'
)


def test_an_access_row_in_a_logrus_message_gives_its_status_and_latency() -> None:
    ok, missing, slow = parse(LOGRUS_ROWS)
    assert utc(ok.ts) == "2024-03-05T08:00:01"
    assert samples(ok) == {"http_status": 201.0, "response_time_ms": 3.5}
    assert samples(missing) == {"http_status": 404.0, "response_time_ms": 0.8124}
    assert samples(slow) == {"http_status": 502.0, "response_time_ms": 62500.0}
    # the logger's level stays the line's: the row's status does not override it
    assert (ok.level, missing.level, slow.level) == ("INFO", "INFO", "WARNING")


def test_gins_own_row_in_a_json_message_without_a_level_takes_its_status_level() -> None:
    [line] = parse(
        '{"msg":"[GIN] 2024/03/05 - 10:00:01 | 503 |      850µs |  10.0.0.7 | PUT      '
        '\\"/v1/items\\""}\n'
    )
    assert samples(line) == {"http_status": 503.0, "response_time_ms": 0.85}
    assert line.level == "ERROR"


def test_a_table_row_of_other_cells_is_no_request() -> None:
    [line] = parse('time="2024-03-05T10:00:01+02:00" level=info msg="| 201 | items | 3 |"\n')
    assert samples(line) == {}
