from __future__ import annotations

from datetime import timedelta, timezone

from console.timefmt import clock, duration, iso, iso_duration

T = 1_732_182_660.0  # 2024-11-21 09:51:00 UTC


def test_iso_has_a_zone_and_keeps_none() -> None:
    assert iso(T) == "2024-11-21T09:51:00Z"
    assert iso(T + 0.25) == "2024-11-21T09:51:00.250Z"
    assert iso(T, timezone(timedelta(hours=1))) == "2024-11-21T10:51:00+01:00"
    assert iso(None) is None and iso(float("nan")) is None


def test_clock_and_durations() -> None:
    assert clock(T) == "09:51:00" and clock(None) == "--:--:--"
    assert [duration(x) for x in (0, 45, 60, 90, 3600, 7500, -30)] == [
        "0s", "45s", "1m", "1m 30s", "1h 00m", "2h 05m", "-30s",
    ]  # fmt: skip
    assert duration(None) is None
    assert [iso_duration(x) for x in (0, 90, 3600.5, None)] == ["PT0S", "PT1M30S", "PT1H0.5S", None]


def test_clock_reads_the_same_second_by_second_as_the_datetime_does() -> None:
    """The clock remembers each second's text; a time in the last microsecond of a second
    (which the datetime rounds into the next one) must still read as the datetime reads it."""
    from datetime import UTC, datetime

    times = [T + k / 7 for k in range(30)] + [59.9999996, 59.9999994, -0.0000001, -0.5, 0.0]
    times += [s + f for s in range(0, 5000, 97) for f in (0.999999, 0.9999995, 0.99999999)]
    for ts in times * 2:  # the second pass reads what the first remembered
        assert clock(ts) == datetime.fromtimestamp(ts, UTC).strftime("%H:%M:%S"), ts
    assert clock(float("nan")) == clock(-1e300) == "--:--:--"
