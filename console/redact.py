"""Remove secrets from text before it is stored or exported.

``redact`` runs on every recorded event (the JSON text of its payload and its searchable text),
so it is built for the common case: ``lower()`` and one scan for the words secrets come with
(a few microseconds for a 200-byte line); a line without any is returned untouched.

It keeps JSON valid: when the text is a JSON document (it starts with ``{`` or ``[``), raw
double quotes are structure, so no replacement ever spans one, and a JSON field's value is
replaced by a JSON string. Keys and schemes stay visible (``password=«redacted»``,
``postgres://app:«redacted»@db``, ``Bearer «redacted»``) so a reader still sees what was there.

The forms it hides, and the ordinary lines it must leave alone, are a documented corpus
(docs/redaction.md, tests/helpers/secret_corpus.py). Every loop of every rule is linear in time and
memory: a 10 MB line costs a few hundred MB at most, not gigabytes.

Known limits: a secret in prose with no key, scheme or known prefix ("the password is
hunter2") is not recognised. A key block whose lines arrive as separate log events is only
hidden when they go through one ``Redactor`` in order (the recorders and the live screen do).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from typing import Any

MARK = "«redacted»"

# Names whose value is a secret. A key matches when it *ends* with one of these (so
# ``DB_PASSWORD`` and ``github_token`` do, ``token_bucket`` and ``max_tokens`` don't).
_KEYWORDS = (
    r"password|passwd|passphrase|pwd|secret|token|credentials?|authorization"
    r"|(?:api|access|secret|private|signing|encryption|master|account)[_-]?key|apikey"
    # "pass" only as the end of a longer name (db_pass, SMTP_PASS): "pass=120" is a count.
    r"|(?<=[_.-])pass"
)


# Lengths are bounded so that a hostile line (10 MB of "password.password." or "a://a://")
# costs linear time, not quadratic: no match may scan the rest of the line from every start.
_KEY_PREFIX = 64
_PEM_MAX = 20_000


def _key(n: int) -> str:
    return rf"(?<![\w.-])(?P<k{n}>[\w.-]{{0,{_KEY_PREFIX}}}?(?:{_KEYWORDS}))(?!\w)"


# Values. ``\"...\"`` is a quoted value inside a JSON string (escaped quotes); it never contains
# a raw quote, so replacing it cannot break the surrounding JSON.
# Every loop is "unrolled" (a plain character class repeated, then an escape and more of the
# class): an alternation under ``*`` makes sre keep a backtracking record per character,
# hundreds of bytes each, and a 10 MB ``password=`` value took 7.5 GB.
_V_ESCAPED = r'\\"[^"\\]*(?:\\[^"][^"\\]*)*\\"'
_V_DQUOTED = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_V_SQUOTED = r"'[^'\"\n]*'"
# A bare value ends at whitespace, quotes and list punctuation. ``\x`` escapes are taken
# (``\\`` in JSON is one backslash of the password) except \n \t \r \" which end it.
_BARE_CHARS = r"[^\s\"'\\,;&<>(){}\[\]]"
_BARE_ESCAPE = r"\\[^\"ntr]"
_V_BARE = rf"(?:{_BARE_CHARS}|{_BARE_ESCAPE}){_BARE_CHARS}*+(?:{_BARE_ESCAPE}{_BARE_CHARS}*+)*+"
# A config diff line, "db_password: old → new": both sides are secrets.
_V_ARROW = rf"{_V_BARE}\s*(?:→|->)\s*{_V_BARE}"
# Authorization schemes are kept in front of the redacted credential.
_SCHEME = r"(?:Bearer|Basic|Token|Digest|Negotiate|Bot|AWS4-HMAC-SHA256)\s+"
# null/true/false and nested objects/lists under a secret-looking key are left alone.
_NOT_LITERAL = r"(?!null\b|true\b|false\b|\{|\[)"
# "key= " (glued to its "=", an empty value, a space) then the next pair, in a line of pairs,
# is no value: Flux's "signing-key= verify-signatures=false sync-tag=flux". No match there,
# so the next pair is read as one. A value with "=" in it at the line's end stays a value.
_NO_NEXT_PAIR = (
    r"(?!(?<=\S=[ \t])(?-i:[a-z][a-z0-9]*[_.-][a-z0-9_.-]*|[a-z]{6,})=[^=\s]\S*[ \t]+[\w.-]+=)"
)

# (quote around the key as a regex, the same quote as text, allowed values) per form.
_Form = tuple[str, str, tuple[str, ...]]
_JSON_FORMS: tuple[_Form, ...] = (
    # In JSON text a raw " is structure: only a raw-quoted key takes a raw-quoted value, and
    # text inside a JSON string (password=x, password=\"x\") never takes one.
    (r'(?<!\\)"', '"', (_V_DQUOTED, _V_BARE)),
    (r'\\"', '\\"', (_V_ESCAPED, _V_BARE)),
    ("'", "'", (_V_ESCAPED, _V_SQUOTED, _V_BARE)),
    ("", "", (_V_ESCAPED, _V_SQUOTED, _V_ARROW, _V_BARE)),
)
_TEXT_FORMS: tuple[_Form, ...] = (
    ('"', '"', (_V_DQUOTED, _V_SQUOTED, _V_BARE)),
    (r'\\"', '\\"', (_V_ESCAPED, _V_BARE)),
    ("'", "'", (_V_DQUOTED, _V_SQUOTED, _V_BARE)),
    ("", "", (_V_ESCAPED, _V_DQUOTED, _V_SQUOTED, _V_ARROW, _V_BARE)),
)


class _Pairs:
    """key=value, key: value, "key": "value" ... in one regex, one named group per form."""

    def __init__(self, forms: tuple[_Form, ...]) -> None:
        self.quotes = [lit for _, lit, _ in forms]
        parts = []
        for n, (qre, _, values) in enumerate(forms):
            parts.append(
                rf"(?P<f{n}>{qre}{_key(n)}{qre}(?P<s{n}>\s*[:=]\s*){_NOT_LITERAL}{_NO_NEXT_PAIR}"
                rf"(?P<c{n}>{_SCHEME})?(?P<v{n}>{'|'.join(values)}))"
            )
        self.regex = re.compile("|".join(parts), re.IGNORECASE)

    def sub(self, text: str) -> str:
        return self.regex.sub(self.replace, text)

    def replace(self, m: re.Match[str]) -> str:
        name = m.lastgroup or "f0"
        n = int(name[1:])
        q = self.quotes[n]
        value = m.group(f"v{n}")
        scheme = m.group(f"c{n}") or ""
        if not scheme and (
            _not_a_secret(m.group(f"k{n}"), value)
            or (not q and _no_value(m.group(f"k{n}"), m.group(f"s{n}"), value, m.string, m.end()))
        ):
            return m.group()
        head = f"{q}{m.group(f'k{n}')}{q}{m.group(f's{n}')}{scheme}"
        if value.startswith('\\"'):
            return f'{head}\\"{MARK}\\"'
        if value[0] in "\"'":
            return f"{head}{value[0]}{MARK}{value[0]}"
        if not q and ("→" in value or "->" in value):
            return f"{head}{MARK} → {MARK}"
        if q and not scheme:
            return f"{head}{q}{MARK}{q}"  # a number under a JSON key becomes a JSON string
        return head + MARK


# Values under a secret-looking key that are not secrets: a masked value, MySQL's "(using
# password: YES)", a setting's state (MongoDB's "security": {"authorization": "enabled"}),
# and PWD/OLDPWD, which are the shell's working directory (sudo logs them).
_MASKED = re.compile(
    r"[\"']?(?:\*+|x{3,}|yes|no|none|\[redacted\]|<redacted>|redacted|\[filtered\]|«redacted»"
    r"|enabled|disabled|required|optional)"
    r"[\"']?",
    re.IGNORECASE,
)


def _not_a_secret(key: str, value: str) -> bool:
    low = key.lower()
    if low.endswith("pwd") and value[:1] in ("/", "~"):
        return True
    if low.endswith("publickeytoken"):
        return True  # .NET's assembly identity: a public key's hash, printed in every trace
    name = value.strip("\"'")
    if low in _SECRET_OBJECT_KEYS and _OBJECT_NAME.fullmatch(name) and "-" in name:
        return True  # a Secret's namespace/name (ingress-nginx's secret="shop/tls"), no content
    if value.startswith(key + ".", value[:1] in "\"'"):
        # a name in the key's own namespace: Envoy's start-up list of its extensions
        # ("envoy.grpc_credentials: envoy.grpc_credentials.default, ...")
        return True
    return len(value) <= 20 and (
        _MASKED.fullmatch(value) is not None or _PLACEHOLDER.fullmatch(value) is not None
    )


# An empty value, or a statement's parameter in its place (SQLAlchemy's "hashed_password=?",
# psycopg's %s, PostgreSQL's $1): no value was logged.
_PLACEHOLDER = re.compile(r"""\\?"\\?"|''|\?|%s|%\(\w+\)s|\$\d+""")
# After "key: " a sentence, no value: the key's own word opening it ("password: Password must
# be at least 6 characters", klog's "Failed to list *v1.Secret: secrets is forbidden"), Go's
# net/http error ("*v1.Secret: Get \"https://...\": dial tcp ..."), a word after
# "Authorization: " (Gitea's "Basic Authorization: Attempting login for: x"; a credential
# there has its scheme, or is no word). A password of letters alone then another word stays
# hidden ("password: letmein from 203.0.113.7").
_WORD = re.compile(r"[A-Za-z][a-z]{1,15}")
_SENTENCE_GOES_ON = re.compile(r" (?![\w.-]+[:=])[A-Za-z]")
_PROSE_WORD = re.compile(r" [a-z]+(?![\w.-])")
# The key's word opening a sentence, then its verb: "password must be ...", "secrets is
# forbidden", "password is required" (not "password: password from 203.0.113.7").
_SENTENCE_VERB = re.compile(
    r" (?:is|are|was|were|must|should|cannot|can't|can|does|do|did|has|have|had|will|too|not)\b"
)
_GO_URL_ERROR = re.compile(r"(?:Get|Post|Put|Patch|Delete|Head) \"?https?://")
# A Kubernetes object's namespace/name (lower-case DNS labels, a hyphen in them, as a TLS
# secret's "shop/api-tls-cert"): what a controller logs of a Secret it reads, under a key
# that names the object; "secret: deploy/s3cr3tpass" stays hidden.
_SECRET_OBJECT_KEYS = frozenset({"secret", "secretname", "secret_name", "secretref", "secret_ref"})
_OBJECT_NAME = re.compile(
    r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?/[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?"
)
# A source line in a traceback calling a function ("token = header.split(' ')[1]"): code.
_CALLED = re.compile(r"[A-Za-z_]\w{0,30}(?:\.[a-z_][a-z0-9_]*)+|[a-z]+_[a-z_]+")


def _go_type(text: str, at: int, key: str) -> bool:
    """Is the key a Go type a pointer names (klog's reflector: "Failed to watch *v1.Secret:
    failed to list *v1.Secret: ...", the object's kind, no value after it)?"""
    return text[at - 1 : at] == "*" and "." in key and key.rpartition(".")[2][:1].isupper()


def _no_value(key: str, sep: str, value: str, text: str, end: int) -> bool:
    """Is the bare ``value`` after ``sep`` no value of the key's: a sentence going on, or code
    calling a function?"""
    if text[end : end + 1] == "(":
        spaced = sep[:1] in " \t" and sep[-1:] in " \t" and "=" in sep
        return spaced and _CALLED.fullmatch(value) is not None
    if ":" not in sep or sep[-1:] not in (" ", "\t"):
        return False
    if text.startswith(" " + MARK, end):
        return True  # a scheme whose credential was hidden after it (_AUTH_CREDENTIAL)
    if _GO_URL_ERROR.match(text, end - len(value)):
        return True
    if _WORD.fullmatch(value) is None or _SENTENCE_GOES_ON.match(text, end) is None:
        return False
    low = key.lower()
    if low.endswith("authorization"):
        # a word then words of prose ("Attempting login for"), not a scheme and its
        # credential ("Splunk b6a8c3e2-...", "Apikey abcd1234")
        return value[0].isupper() and _PROSE_WORD.match(text, end) is not None
    if _go_type(text, end - len(value) - len(sep) - len(key), key):
        return value.islower()  # klog's "*v1.Secret: failed to list ..."
    base = re.split(r"[._-]", low)[-1]
    return (
        len(base) >= 5
        and value.lower().startswith(base)
        and _SENTENCE_VERB.match(text, end) is not None
    )


_PAIR_JSON = _Pairs(_JSON_FORMS)
_PAIR_TEXT = _Pairs(_TEXT_FORMS)
# An object under a secret key, as a config change is stored ("db_password": {"before":
# "old", "after": "new"}, in either order, values maybe objects themselves): every string or
# number inside is hidden, keys stay. Two levels of nesting; runs and strings are matched
# whole, so the loops turn once per token, not per character.
_J_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_J_INNER = rf"\{{(?:[^{{}}\"]++|{_J_STRING})*+\}}"
_SECRET_OBJECT = re.compile(
    rf'(?P<head>(?<!\\)"[\w.-]{{0,{_KEY_PREFIX}}}?(?:{_KEYWORDS})"\s*:\s*)'
    rf"(?P<obj>\{{(?:[^{{}}\"]++|{_J_STRING}|{_J_INNER})*+\}})",
    re.IGNORECASE,
)
_J_VALUE = re.compile(rf"(?P<k>{_J_STRING}\s*:\s*)(?:{_J_STRING}|-?[0-9][0-9.eE+-]*)")


def _hide_object(m: re.Match[str]) -> str:
    raw = m.group("obj")
    try:  # a real JSON object: hide its values structurally (a key may be any string, ":")
        value = json.loads(raw)
    except (ValueError, RecursionError):  # escaped JSON inside a string: by its tokens
        return m.group("head") + _J_VALUE.sub(lambda v: f'{v.group("k")}"{MARK}"', raw)
    # Kept as compact as it came (a stored record has no spaces; a pretty one keeps them).
    separators = (",", ":") if ": " not in raw and ", " not in raw else (", ", ": ")
    return m.group("head") + json.dumps(_hide(value), ensure_ascii=False, separators=separators)


# JSON field whose value is a quoted "Scheme credential": handled by the quoted branch above
# (the whole string is replaced). Bare "Bearer <token>" anywhere: the token must contain a digit
# so prose ("the bearer of bad news") is left alone.
_BEARER = re.compile(
    r"\b(?P<s>Bearer)\s+(?=[A-Za-z0-9._~+/-]*\d)(?!«)[A-Za-z0-9._~+/-]{8,}=*", re.IGNORECASE
)
_JWT = re.compile(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}+\.[A-Za-z0-9_-]{5,}+\.[A-Za-z0-9_-]*+")
# scheme://user:password@host: keep user and host. Greedy password so one containing "@"
# is cut at the last "@" of the authority.
_URL = re.compile(
    r"(?P<pre>(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{0,31}://[^\s:/@\"'\\]{0,256}):"
    r"(?!«)[^\s/\"'\\]{1,256}@"
)
# Access key ids of long-term (AKIA) and temporary (ASIA) credentials.
_AWS_KEY_ID = re.compile(r"\b(?P<p>AKIA|ASIA)[A-Z0-9]{16}\b")
# Providers' tokens, by their documented prefixes: GitHub, Slack, Stripe (secret, restricted,
# webhook signing; live and test), Google API keys and OAuth client secrets, GitLab (personal,
# runner, pipeline trigger, deploy, CI job, OAuth, feed, incoming mail, agent), npm, PyPI,
# SendGrid.
_TOKENS = re.compile(
    r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}"
    r"|xox[abposre]-[A-Za-z0-9-]{10,255}|xapp-[A-Za-z0-9-]{10,255}"
    r"|[sr]k_(?:live|test)_[A-Za-z0-9]{16,255}|whsec_[A-Za-z0-9+/=]{24,255}"
    r"|AIza[A-Za-z0-9_-]{35}|GOCSPX-[A-Za-z0-9_-]{20,255}"
    r"|gl(?:pat|rt|ptt|dt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,255}"
    r"|npm_[A-Za-z0-9]{36,255}|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}+"
    r"|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})"
)
# Signed URLs' signatures and credentials in a query string: Azure SAS (sig), S3 and GCS
# presigned URLs. access_token=... is a key=value pair like any other.
_QUERY = re.compile(
    r"(?P<pre>[?&;](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature)=)"
    r"(?!«)[^&\s\"'#<>]{1,4096}",
    re.IGNORECASE,
)
# curl -u user:password / --user=user:password: the user stays.
_CURL_USER = re.compile(
    r"(?P<pre>(?<!\S)(?:-u|--user)(?:\s+|=)['\"]?[^\s:'\"]{1,128}:)(?!«)[^\s'\"]{1,256}"
)
# A secret-named command-line flag and its value as the next argument (--db-password x).
_FLAG = re.compile(
    rf"(?P<k>(?<!\S)--?[\w.-]{{0,{_KEY_PREFIX}}}?(?:{_KEYWORDS}))(?![\w.-])(?P<s>\s+)"
    r"(?!-)(?!«)(?:\"[^\"\n]{0,4096}\"|'[^'\n]{0,4096}'|[^\s\"']{1,4096})",
    re.IGNORECASE,
)
# The same flag as an element of an argv list, its value the next element (JSON, a Python
# repr, or JSON escaped inside a message): ["--token","x"], ['--password', 'x'].
_ARGV_FLAG = re.compile(
    "|".join(
        rf"(?P<k{n}>{q}--?[\w.-]{{0,{_KEY_PREFIX}}}?(?:{_KEYWORDS}){q})(?P<s{n}>\s*,\s*{q})"
        rf"(?!-)(?!«)(?:{value}){{1,4096}}+(?={q})"
        for n, (q, value) in enumerate(
            ((r'(?<!\\)"', r'[^"\\\n]|\\[^"]'), (r'\\"', r'[^"\\\n]'), ("'", r"[^'\n]"))
        )
    ),
    re.IGNORECASE,
)
# -p with a password, in the commands that take one there (attached or as the next argument,
# in a command line or an argv list), or right after -u USER (app -u admin -p x). Elsewhere
# -p is a port (ssh), a parent directory (mkdir), a plugin (pytest) and stays. MySQL's and
# MariaDB's clients take their password only attached (-pSECRET): "-p shop" asks for it at
# the terminal, and shop is the database (see _PROMPTS).
_ARG_SEP = r"""(?:\\?["'])?(?:[ \t]*+,[ \t]*+|[ \t]++)(?:\\?["'])?"""
_ARG_TOKEN = r"""[^\s"'\\,|;&<>()]{1,256}+"""
_PW_COMMAND = (
    r"sshpass|mysql(?:dump|admin|import|check|show|slap)?|mariadb(?:-dump|-admin)?|twine"
    r"|mongo(?:sh|dump|restore|import|export)?"
    rf"|(?:docker|podman|nerdctl|buildah|skopeo|oras|helm|crane|oc|cf){_ARG_SEP}"
    rf"(?:(?:registry|auth){_ARG_SEP})?login"
)
_DASH_P = re.compile(
    rf"(?P<pre>(?:(?<![\w.-])(?P<cmd>(?i:{_PW_COMMAND}))(?:{_ARG_SEP}{_ARG_TOKEN}){{0,16}}?"
    rf"|(?<![^\s\[,\"'])(?P<u>-u|--user(?:name)?)(?:=|{_ARG_SEP})?{_ARG_TOKEN})"
    # After -u only a separate, non-numeric value: "ps -u root -p 1234" is a process id.
    rf"{_ARG_SEP}-p(?P<gap>(?(u){_ARG_SEP}(?!\d+(?![^\s\"'\\,]))|(?:{_ARG_SEP})?)))"
    r"""(?!-)(?!«)(?:[^\s"'\\]{1,256}+"""
    # or attached in a shell's quotes, -p'pass word' (never a JSON list's '","' between items)
    r"""|(?<=-p)(?P<q>\\?["'])(?!-)(?!«)[^"'\\\n,]{1,256}(?P=q)(?![^\s"'\\,\]})]))"""
)
# The clients whose -p takes its value only attached (MySQL's manual, "Using Options on the
# Command Line": "if the password value is given, it must follow the option letter with no
# intervening space"; MariaDB's the same): a word after "-p " is no password. Looked for
# back to the start of the command when -p came after -u with no command known before it.
_PROMPTS = re.compile(r"(?<![\w.-])(?:mysql\w*|mariadb(?:-\w+)?)(?![\w.-])", re.IGNORECASE)
_COMMAND_START = re.compile(r"[\n;|&]")


def _hide_dash_p(m: re.Match[str]) -> str:
    if m.group("gap"):  # a separate value: no password for a client that prompts
        cmd = m.group("cmd")
        if cmd is not None:
            if _PROMPTS.fullmatch(cmd):
                return m.group(0)
        else:
            head = m.string[max(0, m.start() - 256) : m.start()]
            cut = max((c.end() for c in _COMMAND_START.finditer(head)), default=0)
            if _PROMPTS.search(head, cut):
                return m.group(0)
    q = m.group("q") or ""
    return f"{m.group('pre')}{q}{MARK}{q}"


_SLACK_HOOK = re.compile(r"(?P<pre>hooks\.slack\.com/services/)[A-Za-z0-9/_-]+")
# Key material: base64, PEM headers, newlines (raw, or \n inside JSON), and "," between the
# strings of a JSON list of lines; quotes only ever in balanced pairs.
_PEM_BODY = r'(?:[A-Za-z0-9+/=\s:,.-]|\\[nr]|",\s*")'
_PEM = re.compile(
    r"(?P<begin>-----BEGIN (?P<what>[A-Z0-9 ]*?)PRIVATE KEY-----)(?!«)"
    rf"(?:{_PEM_BODY}{{0,{_PEM_MAX}}}?(?P<end>-----END (?P=what)PRIVATE KEY-----)"
    rf"|{_PEM_BODY}{{0,{_PEM_MAX}}})"
)

# One scan of the lower-cased text finds every word a secret comes with, and so which rules
# can match; most log lines stop at the first search. An alternation of plain literals lets
# sre skip by first character: far faster than a case-insensitive scan or one with groups.
_WORD_RULE = {
    **dict.fromkeys(
        ("pass", "pwd", "secret", "token", "credential", "authorization", "key"),
        "pair",
    ),
    "private key": "pem",
    "://": "url",
    "sig=": "query",
    "signature=": "query",
    "curl": "curl",
    **dict.fromkeys((" -p", '"-p', "'-p", ",-p"), "dashp"),
    "hooks.slack": "slack",
    "eyj": "jwt",
    "bearer": "bearer",
    "akia": "aws",
    "asia": "aws",
    **dict.fromkeys(
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "xapp-", "_live_", "aiza",
         "k_test_", "hsec_", "gocspx-", "glpat-", "glrt-", "glptt-", "gldt-", "glcbt-", "gloas-",
         "glsoat-", "glft-", "glimt-", "glagent-", "pm_", "pypi-", "sg."),
        "token",
    ),
}  # fmt: skip


def _trigger_regex(words: list[str]) -> re.Pattern[str]:
    """``a(?:kia|sia|...)|b(?:earer)|...``: factored by first character, which sre scans
    about twice as fast as the flat alternation. Longer words first within a group."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return re.compile("|".join(f"{re.escape(c)}(?:{'|'.join(r)})" for c, r in groups.items()))


_TRIGGER = _trigger_regex(list(_WORD_RULE))
# Where a key=value pair may end: found in the lower-cased text, then matched in place.
_KEYWORD = re.compile(
    r"password|passwd|passphrase|pwd|secret|token|credentials?|authorization|key|(?<=[_.-])pass"
)
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")

_Repl = str | Callable[[re.Match[str]], str]
# In this order: a key block or URL first, so the pair rule sees "«redacted»" there.
_RULES: tuple[tuple[str, re.Pattern[str], _Repl], ...] = (
    ("pem", _PEM, lambda m: f"{m.group('begin')}{MARK}{m.group('end') or ''}"),
    ("url", _URL, lambda m: f"{m.group('pre')}:{MARK}@"),
    ("slack", _SLACK_HOOK, lambda m: m.group("pre") + MARK),
    ("jwt", _JWT, MARK),
    ("bearer", _BEARER, lambda m: f"{m.group('s')} {MARK}"),
    ("aws", _AWS_KEY_ID, lambda m: m.group("p") + MARK),
    ("token", _TOKENS, MARK),
    ("query", _QUERY, lambda m: m.group("pre") + MARK),
    ("curl", _CURL_USER, lambda m: m.group("pre") + MARK),
    ("dashp", _DASH_P, _hide_dash_p),
)


def might_hold_secret(text: str) -> bool:
    """False when ``redact(text)`` is certainly ``text``: none of its trigger words occurs.
    One call over many texts joined by newlines answers for each of them (no trigger word
    spans a line), which is how an import clears a whole batch at once."""
    return _TRIGGER.search(text.lower()) is not None


def which_might_hold_secrets(texts: Sequence[str]) -> set[int]:
    """The indices of ``texts`` in which a trigger word occurs (``might_hold_secret`` of
    each), found in one search over them all: a batch with one URL in it sends only that
    row through ``redact``, not the whole batch."""
    joined = "\n".join(texts)
    low = joined.lower()
    hits = [m.start() for m in _TRIGGER.finditer(low)]
    if not hits:
        return set()
    if len(low) != len(joined):  # a character whose lower case is longer: positions differ
        return {i for i, t in enumerate(texts) if might_hold_secret(t)}
    ends = list(accumulate(len(t) + 1 for t in texts))  # where each text's line ends
    return {bisect_right(ends, h) for h in hits}


def redact(text: str) -> str:
    """``text`` with secrets replaced by ``«redacted»``; JSON text stays valid JSON."""
    low = text.lower()
    first = _TRIGGER.search(low)
    if first is None:
        return text
    found: set[str] = set()
    for m in _TRIGGER.finditer(low, first.start()):
        found.add(_WORD_RULE[m.group()])
    # Where the words a key=value pair ends with are (trigger words overlap: "_pass" and
    # "password" in "db_password", so they are found again on their own).
    keys = [m.span() for m in _KEYWORD.finditer(low, first.start())] if "pair" in found else []
    before = text
    for name, regex, repl in _RULES:
        if name in found:
            text = regex.sub(repl, text)
    if not keys:
        return text
    if "uthorization" in text:
        text = _AUTH_CREDENTIAL.sub(lambda m: m.group("pre") + MARK, text)
    text = _FLAG.sub(_hide_flag_value, text)
    if "," in text:
        text = _ARGV_FLAG.sub(_hide_argv_value, text)
    if '"' in text and "{" in text:
        text = _SECRET_OBJECT.sub(_hide_object, text)
    if text is not before:  # replacements moved the words: find them again
        low = text.lower()
        keys = [m.span() for m in _KEYWORD.finditer(low)]
    pairs = _PAIR_JSON if _is_json(text) else _PAIR_TEXT
    if len(low) != len(text):  # a character whose lower case is longer: positions differ
        return pairs.sub(text)
    return _sub_pairs(pairs, text, low, keys)


# An Authorization header's scheme we don't know by name, then its credential (Splunk's HEC
# "Authorization: Splunk <token>", "Apikey <key>", Okta's "SSWS <token>"): the credential
# hidden, the scheme kept, as for Bearer. A credential has a digit; prose ("Attempting login")
# has none.
_AUTH_CREDENTIAL = re.compile(
    r"(?P<pre>(?i:authorization)[\"']?\s*[:=]\s*[\"']?[A-Za-z][\w-]{1,20} )"
    r"(?!«)(?=[^\s\"',;]*\d)[^\s\"',;]{8,4096}"
)


def _hide_flag_value(m: re.Match[str]) -> str:
    if _prompted(m, m.group("k")):
        return m.group(0)
    return f"{m.group('k')}{m.group('s')}{MARK}"


def _hide_argv_value(m: re.Match[str]) -> str:
    n = next(n for n in range(3) if m.group(f"k{n}") is not None)
    if _prompted(m, m.group(f"k{n}").strip("\\\"'")):
        return m.group(0)
    return f"{m.group(f'k{n}')}{m.group(f's{n}')}{MARK}"


def _prompted(m: re.Match[str], flag: str) -> bool:
    """``--password`` then a separate word in a MySQL or MariaDB client's command: the client
    prompts, and the word is the next argument (the manual: the long form's value follows
    "=", "--password" alone asks for it), not a password."""
    if flag.lower() != "--password":
        return False
    head = m.string[max(0, m.start() - 256) : m.start()]
    cut = max((c.end() for c in _COMMAND_START.finditer(head)), default=0)
    return _PROMPTS.search(head, cut) is not None


def _is_json(text: str) -> bool:
    """JSON text, where a raw quote is structure? A log line that merely starts with a
    bracket ("[x] password: \"...\"") is text, and its quoted values are values."""
    if text[:1] not in "{[":
        return False
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _sub_pairs(pairs: _Pairs, text: str, low: str, keys: list[tuple[int, int]]) -> str:
    """Like ``pairs.sub`` but only tried where a key word is followed by ``:`` or ``=``
    (after a closing quote and spaces): prose like "token bucket" costs no regex match."""
    out: list[str] = []
    done = 0  # text[:done] is decided
    n = len(text)
    for start, end in keys:
        if low.startswith("s", end) and low.endswith("credential", 0, end):
            end += 1  # "credentials"
        if start < done or (end < n and (low[end].isalnum() or low[end] == "_")):
            continue  # already replaced, or the key goes on (token_bucket, tokens)
        j = end
        while j < n and j < end + 2 and low[j] in "\\\"'":
            j += 1
        while j < n and low[j] in " \t":
            j += 1
        if j >= n or low[j] not in ":=":
            continue
        floor = max(done, start - _KEY_PREFIX)
        while start > floor and text[start - 1] in _KEY_CHARS:
            start -= 1
        m = None
        if start > 0 and text[start - 1] in "\"'":
            quoted = start - (
                2 if text[start - 1] == '"' and text[start - 2 : start - 1] == "\\" else 1
            )
            m = pairs.regex.match(text, max(quoted, done))
        if m is None:
            m = pairs.regex.match(text, max(start, done))
        if m is None:
            continue
        out.append(text[done : m.start()])
        out.append(pairs.replace(m))
        done = m.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


_SECRET_KEY = re.compile(rf"[\w.-]*?(?:{_KEYWORDS})", re.IGNORECASE)


def is_secret_key(name: str) -> bool:
    """Whether a field called ``name`` holds a secret (``DB_PASSWORD``, ``api-key``, ...).

    A dotted name (a nested object flattened by the parser: ``changes.db_password.after``)
    holds one when any of its parts names one."""
    if _SECRET_KEY.fullmatch(name) is not None:
        return True
    return "." in name and any(_SECRET_KEY.fullmatch(part) for part in name.split("."))


def redact_mapping(obj: Any) -> Any:
    """A copy of a JSON-like value with secret fields and secrets inside strings redacted.

    Dicts and lists are walked. Under a secret-looking key (``password``, ``api_key`` ...)
    every value except None and booleans becomes ``«redacted»``, however deeply nested (a
    config change ``{"db_password": {"before": .., "after": ..}}`` hides both); every other
    string goes through ``redact``, and a list of strings (an argv) through it as a whole
    too. Tuples come back as lists, other values unchanged.
    """
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, Mapping):
        return {
            key: _hide(value)
            if isinstance(key, str) and is_secret_key(key)
            else redact_mapping(value)
            for key, value in obj.items()
        }
    if isinstance(obj, list | tuple):
        items = [redact_mapping(v) for v in obj]
        if len(items) > 1 and all(isinstance(v, str) for v in items):
            # An argv: a secret may be the element after its flag (["--token", "x"]), which
            # no element shows alone; the list as JSON text is read as a whole.
            text = json.dumps(items, ensure_ascii=False)
            hidden = redact(text)
            if hidden != text:
                return list(json.loads(hidden))
        return items
    return obj


def _hide(value: Any) -> Any:
    if value is None or isinstance(value, bool) or value == "":
        return value  # (an empty string: nothing was there to hide)
    if isinstance(value, Mapping):
        return {k: _hide(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_hide(v) for v in value]
    return MARK


# A line of a key block on its own: base64, or an encrypted key's header lines.
_PEM_LINE = re.compile(r"[A-Za-z0-9+/=]{1,100}|Proc-Type: [\w,]+|DEK-Info: [\w,-]+|")
_PEM_OPEN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
_PEM_CLOSE = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY-----")
_PEM_MAX_LINES = 400  # an RSA 8192-bit key is about 100 lines of base64


class Redactor:
    """``redact`` for a stream of log lines in order, which also hides the lines of a
    private key block that a log writes one per line (each its own event, where ``redact``
    alone would only see base64). After a ``BEGIN ... PRIVATE KEY`` line without its END,
    the lines that look like key material are replaced until the END line or the first
    line that does not. JSON text (an event's data, redacted beside its text) passes
    through ``redact`` without touching that state. One instance per stream."""

    def __init__(self) -> None:
        self.in_key = False
        self._lines = 0

    def __call__(self, text: str) -> str:
        if self.in_key and text[:1] not in "{[":
            if _PEM_CLOSE.search(text) is not None:
                self.in_key = False
                return text
            if self._lines < _PEM_MAX_LINES and _PEM_LINE.fullmatch(text.strip()) is not None:
                self._lines += 1
                return MARK if text.strip() else text
            self.in_key = False
        out = redact(text)
        if out is not text and text[:1] not in "{[":
            opened = list(_PEM_OPEN.finditer(text))
            if opened and _PEM_CLOSE.search(text, opened[-1].end()) is None:
                self.in_key, self._lines = True, 0
        return out
