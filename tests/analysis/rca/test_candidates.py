"""What the candidates module reads in error text: a missing setting, by its usual words."""

import pytest

from console.analysis.rca.candidates import _missing_in, _raised_headroom, setting_kind


@pytest.mark.parametrize(
    ("text", "name", "phrase"),
    [
        (
            "SMTP_RELAY_URL is not set, using default relay",
            "SMTP_RELAY_URL",
            "env var SMTP_RELAY_URL",
        ),
        (
            "envconfig.Process: required key STRIPE_API_KEY missing value",
            "STRIPE_API_KEY",
            "env var STRIPE_API_KEY",
        ),
        (
            "Missing required environment variable: SENDGRID_API_KEY",
            "SENDGRID_API_KEY",
            "env var SENDGRID_API_KEY",
        ),
        (
            'Error: secret "mailer-smtp" not found',
            'secret "mailer-smtp"',
            'secret "mailer-smtp"',
        ),
        (
            "Error: couldn't find key api-key in Secret prod/mailer",
            "key api-key in Secret prod/mailer",
            "key api-key in Secret prod/mailer",
        ),
        (
            "Could not resolve placeholder 'smtp.relay.url' in value \"${smtp.relay.url}\"",
            "smtp.relay.url",
            "config key smtp.relay.url",
        ),
        (
            "config key 'payments.api_key' is missing",
            "payments.api_key",
            "config key payments.api_key",
        ),
    ],
)
def test_a_missing_setting_is_named(text: str, name: str, phrase: str) -> None:
    assert _missing_in(text) == name
    assert setting_kind(name) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "QueuePool limit of size 50 overflow 10 reached",
        "the user is not set up for 2FA",
        "field 'email' is required",  # a client's validation error, not our setting
    ],
)
def test_other_errors_name_no_setting(text: str) -> None:
    assert _missing_in(text) is None


@pytest.mark.parametrize(
    ("key", "before", "after", "errors", "weak"),
    [
        ("DB_POOL_SIZE", 12, 20, "QueuePool limit of size 20 overflow 5 reached", True),
        ("BACKEND_TIMEOUT_MS", 3000, 5000, "upstream request timeout", True),
        ("DB_POOL_SIZE", 20, 5, "QueuePool limit of size 5 overflow 0 reached", False),
        # A larger pool can exhaust the database's own connection slots.
        (
            "DB_POOL_SIZE",
            20,
            80,
            "FATAL: sorry, too many clients already; too many connections",
            False,
        ),
        ("MAX_CONCURRENT", 5, 8, "QueuePool limit of size 5 overflow 0 reached", False),
    ],
)
def test_a_headroom_key_raised_cannot_cause_the_shortage(
    key: str, before: int, after: int, errors: str, weak: bool
) -> None:
    said = _raised_headroom(key, {"before": before, "after": after}, errors.lower())
    assert bool(said) is weak


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("substitutions", "substitute"),
        ("substitution", "substitute"),
        ("swaps", "swap"),
        ("assignments", "assign"),
        ("estimates", "estimate"),
    ],
)
def test_word_forms_meet(a: str, b: str) -> None:
    from console.analysis.rca.candidates import stem

    assert stem(a) == stem(b)


def test_short_stems_are_not_used_in_code_text() -> None:
    from console.analysis.rca.candidates import stem

    # "stacking" must not meet every "stack trace"
    assert stem("stacking", 6) == "stacking"
    assert stem("substitutions", 6) == "substitut"


def test_a_release_every_pod_ran_cleanly_for_a_while_says_nothing_by_its_version() -> None:
    from console.analysis.analysts import DeployFindings, LogFindings, MetricFindings
    from console.analysis.rca.candidates import _settled
    from console.analysis.rca.changes import Change
    from console.analysis.rca.context import Facts
    from console.analysis.rca.signatures import Record

    at = 1_770_000_000.0

    def facts(onset: float, old_until: float) -> Facts:
        recs = [
            Record(at + t, "INFO", "ok", "", {}, version="6.1.4" if t < old_until else "6.2.0")
            for t in range(-600, int(onset) + 900, 10)
        ]
        return Facts(
            "livescores",
            recs,
            None,
            at + onset,
            "",
            recs[-1].ts,
            [],
            [],
            LogFindings(),
            MetricFindings(),
            DeployFindings(),
            False,
        )

    release = Change("deployment", at, "livescores", "6.2.0", "6.1.4")
    # Rolled out in three minutes, the surge fifty minutes later: the version says nothing.
    assert _settled(facts(3000, 180), release).startswith("47m")
    # Failing twelve minutes after the rollout: too soon to say it ran cleanly.
    assert _settled(facts(900, 180), release) == ""
    # Old pods still serving at the onset: the version can tell them apart.
    assert _settled(facts(3000, 2900), release) == ""
