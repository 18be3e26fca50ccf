"""The onset: a count test against a long baseline, a rise that persists, the alert's anchor."""

import random

from console.analysis.rca.onset import choose, find_episodes, poisson_sf
from console.analysis.rca.signatures import Record

T0 = 1_770_000_000.0


def _log(minutes: int, rate: float, seed: int = 1, bad=lambda t: 0.002) -> list[Record]:
    """Request lines at ``rate`` a second; each fails with probability ``bad(t)``."""
    rng = random.Random(seed)
    out = []
    t = T0
    while t < T0 + minutes * 60:
        t += rng.expovariate(rate)
        failed = rng.random() < bad(t)
        out.append(
            Record(
                ts=t,
                level="ERROR" if failed else "INFO",
                message="request failed" if failed else "request finished",
                error_text="",
                fields={},
                endpoint="/api/orders" if rng.random() < 0.5 else "/api/cart",
            )
        )
    return out


def test_poisson_tail() -> None:
    assert poisson_sf(0, 3.0) == 1.0
    assert abs(poisson_sf(1, 2.0) - (1 - 2.718281828**-2)) < 1e-6
    assert poisson_sf(30, 1.0) < 1e-30


def test_quiet_day_with_stray_errors_and_a_burst_is_no_incident() -> None:
    recs = _log(120, 2.0, seed=3)
    # a burst of four errors in one minute, an hour in: noise, not an incident
    burst = T0 + 3600
    recs += [Record(burst + i, "ERROR", "boom", "", {}) for i in range(4)]
    recs.sort(key=lambda r: r.ts)
    assert find_episodes(recs) == []


def test_a_persistent_rise_starts_at_its_first_failing_minute() -> None:
    onset = T0 + 70 * 60
    recs = _log(120, 2.0, seed=4, bad=lambda t: 0.25 if t >= onset else 0.003)
    episode = choose(find_episodes(recs), None)
    assert episode is not None
    assert abs(episode.start - onset) <= 60
    assert episode.scope == "" and episode.pct > 10


def test_one_endpoint_failing_inside_a_small_overall_rate_is_found() -> None:
    onset = T0 + 80 * 60
    rng = random.Random(9)
    recs = _log(120, 3.0, seed=5)
    t = T0
    while t < T0 + 120 * 60:  # a small endpoint: 30 % of it fails after the onset
        t += rng.expovariate(0.15)
        failed = t >= onset and rng.random() < 0.3
        recs.append(Record(t, "ERROR" if failed else "INFO", "checkout", "", {}, "/api/checkout"))
    recs.sort(key=lambda r: r.ts)
    episode = choose(find_episodes(recs), None)
    assert episode is not None
    assert abs(episode.start - onset) <= 180


def test_alert_anchors_on_the_episode_in_progress() -> None:
    first, second = T0 + 40 * 60, T0 + 100 * 60
    recs = _log(
        130,
        2.0,
        seed=6,
        bad=lambda t: 0.3 if first <= t < first + 600 or t >= second else 0.002,
    )
    episodes = find_episodes(recs)
    assert len(episodes) >= 2
    anchored = choose(episodes, T0 + 110 * 60)
    assert anchored is not None and abs(anchored.start - second) <= 60
    assert choose(episodes, T0 + 10 * 60) is None  # an alert before anything happened


def test_a_minute_of_refusals_with_stragglers_is_a_burst_not_an_episode() -> None:
    # One minute at a fifth failing (one subscriber refusing connections), then a couple of
    # stragglers over the next minutes: three of five minutes 'elevated', yet no incident.
    burst = T0 + 3600

    def bad(t: float) -> float:
        if burst <= t < burst + 60:
            return 0.2
        if burst + 60 <= t < burst + 180:
            return 0.015
        return 0.005

    assert find_episodes(_log(120, 2.0, seed=5, bad=bad)) == []


def test_the_same_rise_kept_for_five_minutes_is_an_episode() -> None:
    onset = T0 + 3600

    def bad(t: float) -> float:
        return 0.2 if onset <= t < onset + 300 else 0.005

    (episode,) = [e for e in find_episodes(_log(120, 2.0, seed=5, bad=bad)) if not e.scope]
    assert abs(episode.start - onset) <= 60


def test_two_severe_minutes_near_an_alert_are_an_episode_and_not_without_one() -> None:
    # A replica-set election: two minutes at half the calls failing, then normal again
    # (a background of 1.5 % ordinary errors).
    onset = T0 + 3600  # on a minute: the storm fills two windows, no more

    def bad(t: float) -> float:
        return 0.5 if onset <= t < onset + 120 else 0.015

    recs = _log(120, 2.0, seed=5, bad=bad)
    found = [e for e in find_episodes(recs, alert_at=onset + 150) if not e.scope]
    (episode,) = found
    assert abs(episode.start - onset) <= 60
    assert episode.end is not None and episode.end - episode.start <= 600
    # Without an alert the same two minutes read as a burst, as a quiet day's would.
    assert [e for e in find_episodes(recs) if not e.scope] == []
    # An alert an hour later does not make an old storm the incident.
    assert [e for e in find_episodes(recs, alert_at=onset + 3600) if not e.scope] == []


def test_a_rolling_restarts_blip_is_no_incident_without_an_alert() -> None:
    # Two minutes of a few refused connections while pods warm up, on a 1 % background.
    blip = T0 + 3600 + 10

    def bad(t: float) -> float:
        return 0.08 if blip <= t < blip + 130 else 0.01

    assert [e for e in find_episodes(_log(120, 2.0, seed=3, bad=bad)) if not e.scope] == []


def test_a_small_rise_that_goes_on_is_an_episode_without_an_alert() -> None:
    # A flag at 5 %: 4 % of requests fail from the onset on, on a 0.5 % background.
    onset = T0 + 3600

    def bad(t: float) -> float:
        return 0.04 if t >= onset else 0.005

    (episode,) = [e for e in find_episodes(_log(120, 2.0, seed=4, bad=bad)) if not e.scope]
    assert abs(episode.start - onset) <= 180


def test_a_stray_minute_just_before_the_rise_is_not_its_onset() -> None:
    # A noisy minute three minutes before the real rise is significant on its own; the
    # minutes after it are back to normal, so the onset is where the rise begins.
    stray, onset = T0 + 3600, T0 + 3600 + 200

    def bad(t: float) -> float:
        if stray <= t < stray + 60:
            return 0.1
        return 0.3 if t >= onset else 0.005

    (episode,) = [e for e in find_episodes(_log(120, 2.0, seed=6, bad=bad)) if not e.scope]
    assert abs(episode.start - onset) <= 60
