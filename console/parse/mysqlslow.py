"""MySQL's, MariaDB's and Percona Server's slow query log: what its lines are, for the
parser, which gathers one query's lines into one entry (docs/log-formats.md, section 3).

A query is written as ``# Time:`` (5.7 on: every query, ISO 8601 with its zone; up to 5.6
and MariaDB: ``yymmdd H:MM:SS``, only when the second changed), ``# User@Host:``, more
``# Key: value`` header lines (``# Query_time:``, MariaDB's and Percona's ``# Thread_id:``,
``# Rows_affected:`` ...), ``SET timestamp=N;`` (the query's start, epoch), ``use db;`` when
the database changed, then the statement over one line or more. The server writes three
lines of its own when it opens the file (``/usr/sbin/mysqld, Version: ... started with:``,
``Tcp port: ...``, ``Time   Id Command    Argument``)."""

from __future__ import annotations

import re
from typing import Any, Final

# "# User@Host: app[app] @ host [192.0.2.5]  Id:    31" (Id: from 5.6; the host or the
# address may be empty)
_USER_HOST: Final = re.compile(
    r"# User@Host: ([^\[ ]*)\[([^\]]*)\] @ ?(\S*) \[([^\]]*)\](?:\s+Id:\s+(\d+))?"
)
# "Key: value" pairs of a header line ("Rows_sent: 1  Rows_examined: 40", "QC_hit: No")
_PAIR: Final = re.compile(r"([A-Za-z_]+): +(\S+)")
# (MySQL's "Id:" names the connection, as MariaDB's and Percona's "Thread_id:" do)
_RENAMED: Final = {"id": "thread_id"}


def server_line(line: str) -> bool:
    """One of the three lines the server writes opening the file (or after a restart, a
    FLUSH LOGS): no part of a query."""
    return (
        line.endswith("started with:")
        or line.startswith("Tcp port: ")
        or (line.startswith("Time ") and " Id Command" in line)
    )


def set_timestamp(line: str) -> float | None:
    """``SET timestamp=1709625662;``: the query's start, in epoch seconds."""
    if not line.startswith("SET timestamp="):
        return None
    try:
        return float(line[14:].rstrip(";\r "))
    except ValueError:
        return None


def use_schema(line: str) -> str | None:
    """``use shopdb;``: the database the query ran in."""
    if line.startswith("use ") and line.endswith(";") and " " not in line[4:-1]:
        return line[4:-1].strip("`")
    return None


def user_host(line: str, fields: dict[str, Any]) -> None:
    """``# User@Host: user[priv_user] @ host [ip]  Id: 31`` into ``fields``."""
    m = _USER_HOST.match(line)
    if m is None:
        fields["user_host"] = line[13:].strip()
        return
    user, _priv, host, ip, conn = m.groups()
    fields["user"] = user
    if host:
        fields["client_host"] = host
    if ip:
        fields["client_ip"] = ip
    if conn:
        fields["thread_id"] = int(conn)


def header_pairs(line: str, fields: dict[str, Any]) -> float | None:
    """A ``# Key: value  Key: value`` header line into ``fields`` (numbers as numbers, keys
    in lower case); returns ``Query_time`` (seconds) if the line has it."""
    took: float | None = None
    if line.startswith("# explain: "):
        return None  # MariaDB's EXPLAIN table (log_slow_verbosity=explain): no pairs
    for key, raw in _PAIR.findall(line):
        name = key.lower()
        value: Any = raw
        if raw.isdigit():
            value = int(raw)
        elif raw[:1].isdigit() and raw.count(".") == 1 and raw.replace(".", "").isdigit():
            value = float(raw)
        if name == "query_time":
            took = value if isinstance(value, float | int) else None
            continue
        fields[_RENAMED.get(name, name)] = value
    return None if took is None else float(took)
