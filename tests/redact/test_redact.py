"""Secrets are replaced before anything is stored; ordinary log text is left exactly alone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.redact import MARK, is_secret_key, redact, redact_mapping

R = MARK


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
            f"Authorization: Bearer {R}",
        ),
        (
            "curl -H 'Authorization: Bearer abcdefgh' https://agent",
            f"curl -H 'Authorization: Bearer {R}' https://agent",
        ),
        ("authorization=Basic dXNlcjpwYXNz", f"authorization=Basic {R}"),
        # What is left alone as no value must not take a secret with it (review of 592d2f7):
        # an empty value before a secret pair, a letters-only password before more words,
        # user/password under any key, "=" inside a value, a dotted token before "(".
        (
            "msg=loaded smtp_password= db_password=Sup3r-S3cret!9 port=5432",
            f"msg=loaded smtp_password= db_password={R} port=5432",
        ),
        (
            "login failed user: admin password: letmein from 203.0.113.7",
            f"login failed user: admin password: {R} from 203.0.113.7",
        ),
        ("user: bob password: hunter host: db1", f"user: bob password: {R} host: db1"),
        ("password: Hunter for bob", f"password: {R} for bob"),
        ("credentials: admin/hunter2", f"credentials: {R}"),
        ('{"password":"admin/hunter2"}', f'{{"password":"{R}"}}'),
        ("password = Kx9=mP2q!", f"password = {R}"),
        ("X-Vault-Token=hvs.CAESIJxkQp3Ab9zT0KeWqL7m(ttl=768h)", f"X-Vault-Token={R}(ttl=768h)"),
        # (second review) a password that is the key's own word, "=" in a value after "key= ",
        # a Go type's secret field, user/password under "secret", a scheme's credential
        # after "Authorization: ", a token before "(" after " = "
        (
            "attempt user: root password: password from 45.1.2.3 port 22",
            f"attempt user: root password: {R} from 45.1.2.3 port 22",
        ),
        ("connecting with password= Zq8=hL2pX4 to db01", f"connecting with password= {R} to db01"),
        ("token= abc=def9 expires=3600", f"token= {R} expires=3600"),
        ("*conf.DBPassword: Sup3rS3cret", f"*conf.DBPassword: {R}"),
        ('*cfg.Password = "hunter2"', f'*cfg.Password = "{R}"'),
        ("secret: deploy/s3cr3tpass", f"secret: {R}"),
        (
            "Authorization: Splunk b6a8c3e2-1111-2222-3333-444455556666",
            f"Authorization: Splunk {R}",
        ),
        ("token = hvs.CAESIJxkQp3Ab9zT0KeWqL7m(ttl=768h)", f"token = {R}(ttl=768h)"),
        ("retrying with Bearer 7f3a9c1e55d0b2aa", f"retrying with Bearer {R}"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2ln in header", f"token {R} in header"),
        (
            "dsn postgres://app:hunter2@db.internal:5432/orders ok",
            f"dsn postgres://app:{R}@db.internal:5432/orders ok",
        ),
        ("redis://:p@ss@cache:6379/0", f"redis://:{R}@cache:6379/0"),
        ("https://deploy:tok3n@git.example/repo.git", f"https://deploy:{R}@git.example/repo.git"),
        (
            "Server=db;User Id=sa;Password=Sup3r!;Encrypt=true",
            f"Server=db;User Id=sa;Password={R};Encrypt=true",
        ),
        ("Driver={x};Uid=sa;Pwd=abc123;", f"Driver={{x}};Uid=sa;Pwd={R};"),
        ("key id AKIAIOSFODNN7EXAMPLE used", f"key id AKIA{R} used"),
        ("sts ASIAY34FZKBOKMUTVV7A", f"sts ASIA{R}"),
        (
            "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            f"aws_secret_access_key={R}",
        ),
        ("AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG", f"AWS_SECRET_ACCESS_KEY: {R}"),
        ("password=hunter2 passwd: hunter3", f"password={R} passwd: {R}"),
        (
            "secret=s1 token=t1 api_key=k1 apikey=k2 client_secret=cs api-key: k3",
            f"secret={R} token={R} api_key={R} apikey={R} client_secret={R} api-key: {R}",
        ),
        ("DB_PASSWORD=abc GITHUB_TOKEN=xyz", f"DB_PASSWORD={R} GITHUB_TOKEN={R}"),
        ('login password="two words" ok', f'login password="{R}" ok'),
        ("GET /cb?code=1&access_token=abc123&state=x", f"GET /cb?code=1&access_token={R}&state=x"),
        ("push ghp_" + "a1" * 18 + " done", f"push {R} done"),
        ("pat github_pat_11ABCDEFG0123456789_abcdefghijklmnop", f"pat {R}"),
        ("slack xoxb-1234567890-abcdefghij", f"slack {R}"),
        (
            "hook https://hooks.slack.com/services/T000/B000/XXXXXXXX",
            f"hook https://hooks.slack.com/services/{R}",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nab+/=\n"
            "-----END RSA PRIVATE KEY-----\nok",
            f"-----BEGIN RSA PRIVATE KEY-----{R}-----END RSA PRIVATE KEY-----\nok",
        ),
        (
            "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjE=",
            f"-----BEGIN OPENSSH PRIVATE KEY-----{R}",
        ),
        ("  - db_password: oldpw1 → newpw2", f"  - db_password: {R} → {R}"),
        ("  - api_key: k1 -> k2", f"  - api_key: {R} → {R}"),
        (
            '{"changes":{"db_password":{"before":"a1","after":12},"db_pool_size":{"before":10,"after":5}}}',
            f'{{"changes":{{"db_password":{{"before":"{R}","after":"{R}"}},"db_pool_size":{{"before":10,"after":5}}}}}}',
        ),
        ("{'password': 'x', 'secret_key': 5}", f"{{'password': '{R}', 'secret_key': '{R}'}}"),
        # A log line that starts with a bracket is text, not JSON: its quoted value goes too.
        ('[x] password: "hunter2"', f'[x] password: "{R}"'),
        ('[09:30] api_key: "k-123" [retry]', f'[09:30] api_key: "{R}" [retry]'),
    ],
)
def test_redacts(raw: str, expected: str) -> None:
    assert redact(raw) == expected
    assert redact(expected) == expected  # idempotent: a marker is not a secret


BENIGN = [
    "[09:31:20] [OBSERVATION] Traffic at 10%:",
    "  - Request rate: 750 req/s to green",
    "  - P99 latency: 780ms (SLO violation: >500ms)",
    "  - DB connections: Blue 58, Green 62, Total 120/250 (48%)",
    "  - pool_available: -3",
    "  - db_pool_size: 10 → 5",
    "[09:32:00] [THOUGHT] The token bucket refilled; rate limiter is healthy",
    "max_tokens=2000 tokens: 512 token_bucket_size=40 tokenizer=bpe",
    "passwords rotated: 3, secrets synced: 12",
    "cache key: user:42 evicted; primary key violation on orders",
    "the bearer of bad news; Bearer auth enabled",
    "image gcr.io/company/recommendation-service:v2.5.0",
    "GET https://api.internal/v1/status 200 12ms",
    "user@example.com logged in from 10.0.0.4",
    "Session ID: deploy-agent-20241121-0930-attempt2",
    "ASIA-PACIFIC region and AKIA are just words",
    '{"timestamp":"2024-11-21T09:31:20Z","level":"INFO","message":"ok","latency_ms":125}',
    '{"kind":"config_change","changes":{"db_pool_size":{"before":10,"after":5}}}',
    '{"token_count":5,"key":"orders","secret_name":"db-creds","password":null}',
]


@pytest.mark.parametrize("line", BENIGN)
def test_ordinary_text_untouched(line: str) -> None:
    assert redact(line) == line


def _dump(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def test_json_fields_and_text_inside_json() -> None:
    payload = {
        "level": "INFO",
        "message": "login password=hunter2 for postgres://app:pw9@db/x",
        "detail": ["  - Authorization: Bearer abc123def456", 'cfg {"api_key": "k-77"}'],
        "fields": {
            "password": "x1",
            "token": 12345,
            "api_key": None,
            "n": {"secret": "y"},
            "Authorization": "Bearer zzz999zzz",
            "pwd": -3.5,
            "ok": "fine",
        },
    }
    out = redact(_dump(payload))
    back = json.loads(out)
    assert back["message"] == f"login password={R} for postgres://app:{R}@db/x"
    assert back["detail"] == [f"  - Authorization: Bearer {R}", f'cfg {{"api_key": "{R}"}}']
    f = back["fields"]
    assert f["password"] == f["token"] == f["Authorization"] == f["pwd"] == R
    assert f["api_key"] is None and f["n"] == {"secret": R} and f["ok"] == "fine"


def test_json_quote_boundaries_are_respected() -> None:
    # "password:" ends a JSON string; the next string must not be taken as its value.
    for obj in (
        {"message": "enter password:", "k": "v"},
        {"message": "token=", "next": "x"},
        {"a": "password='x y'", "b": 'password=\\"q\\"'},
        {"detail": ["-----BEGIN PRIVATE KEY-----", "MIIEvQ", "abc"], "x": 1},
    ):
        out = redact(_dump(obj))
        back = json.loads(out)
        assert set(back) == set(obj)


def test_private_key_as_json_list_of_lines() -> None:
    lines = [
        "-----BEGIN EC PRIVATE KEY-----",
        "MHcCAQEEIB",
        "oUQDQgAE",
        "-----END EC PRIVATE KEY-----",
    ]
    back = json.loads(redact(_dump({"detail": lines, "after": 1})))
    assert "MHcCAQEEIB" not in json.dumps(back) and back["after"] == 1


def test_redact_mapping() -> None:
    obj = {
        "password": "x",
        "list": [{"token": "a"}, ("api_key", "password=zz")],
        "msg": "token=abc",
        "token_bucket": 5,
        "secret": {"inner": "postgres://u:p@h/db", "n": [1, None]},
        "flag_token": True,
    }
    assert redact_mapping(obj) == {
        "password": R,
        "list": [{"token": R}, ["api_key", f"password={R}"]],
        "msg": f"token={R}",
        "token_bucket": 5,
        "secret": {"inner": R, "n": [R, None]},
        "flag_token": True,
    }
    assert obj["password"] == "x"  # a copy, the input is untouched


def test_is_secret_key() -> None:
    for k in ("password", "DB_PASSWORD", "github-token", "client_secret", "x-api-key", "apikey"):
        assert is_secret_key(k), k
    for k in ("token_bucket", "max_tokens", "key", "secret_name", "pool_available"):
        assert not is_secret_key(k), k


# --- properties ----------------------------------------------------------------------------

SECRET_KEYS = [
    "password",
    "DB_PASSWORD",
    "token",
    "api_key",
    "client_secret",
    "Authorization",
    "aws_secret_access_key",
    "passwd",
    "pwd",
    "apikey",
    "secret",
]
PLAIN_KEYS = ["message", "level", "latency_ms", "token_count", "key", "service", "a b", "é"]
# The secret itself: recognisable, so its absence can be checked, and with the characters
# that delimit values elsewhere (quotes, spaces, backslashes, braces, unicode).
secret_values = st.builds(
    lambda s: "ZQX" + s,
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12).filter(
        lambda s: "ZQX" not in s
    ),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
json_values = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=4),
        st.dictionaries(
            st.sampled_from(PLAIN_KEYS + SECRET_KEYS) | st.text(max_size=8), kids, max_size=4
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values, st.booleans())
def test_redacted_json_stays_valid(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    out = redact(text)
    json.loads(out)
    assert redact(out) == out


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(PLAIN_KEYS), json_values, max_size=3),
    st.sampled_from(SECRET_KEYS),
    secret_values,
    st.booleans(),
)
def test_secret_json_field_never_survives(
    base: dict[str, Any], key: str, secret: str, ascii_only: bool
) -> None:
    obj = dict(base)
    obj[key] = secret
    obj["nested"] = {"fields": {key: secret}, "list": [{key: secret}]}
    out = redact(json.dumps(obj, ensure_ascii=ascii_only))
    back = json.loads(out)
    assert "ZQX" not in json.dumps(back, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["password", "DB_PASSWORD", "token", "api_key", "secret", "pwd", "passwd"]),
    st.sampled_from(["=", ": ", ":", " = "]),
    st.from_regex(r"ZQX[A-Za-z0-9!#$%*+/.@^_~-]{0,20}", fullmatch=True),
    st.text(max_size=20),
    st.text(max_size=20),
    st.booleans(),
)
def test_secret_pair_in_text_never_survives(
    key: str, sep: str, secret: str, before: str, after: str, as_json: bool
) -> None:
    line = f"{before} {key}{sep}{secret} {after}"
    if as_json:
        out = json.loads(redact(json.dumps({"message": line}, ensure_ascii=False)))["message"]
    else:
        out = redact(line)
    assert "ZQX" not in out


def test_which_might_hold_secrets_names_each_text_might_hold_secret_would() -> None:
    """One search over a batch names the same texts as a search of each: secrets, ordinary
    lines, multi-line blocks, and a character whose lower case is longer (positions shift)."""
    from console.redact import might_hold_secret, which_might_hold_secrets
    from tests.helpers.secret_corpus import ORDINARY, SECRETS

    texts = [*ORDINARY, *(s.line for s in SECRETS), "İstanbul token=abc", "İ", "plain"]
    texts = [t for pair in zip(texts, reversed(texts), strict=True) for t in pair]
    expected = {i for i, t in enumerate(texts) if might_hold_secret(t)}
    assert expected and len(expected) < len(texts)
    assert which_might_hold_secrets(texts) == expected
    ascii_only = [t for t in texts if "İ" not in t]
    assert which_might_hold_secrets(ascii_only) == {
        i for i, t in enumerate(ascii_only) if might_hold_secret(t)
    }
    assert which_might_hold_secrets([]) == set()
