"""JFrog Artifactory's request.log: each request served, a line of cells split by pipes.

Before 7.x: ``20170413140522|68|REQUEST|172.17.0.1|anonymous|GET|/webapp/|HTTP/1.1|200|0``
(the time as ``yyyyMMddHHmmss``, the request's ms, the kind, the client, the user, the
method, the path, the protocol, the status, the bytes). Since 7.x (the JFrog Platform's
log layout): ``2021-05-12T13:58:46.686Z|40ea218a769325db|10.0.0.1|andreyt|GET|/api/x|200|
-1|1219373|80|npm/8.1.0`` (the time in UTC, the trace id, the client, the user, the method,
the URL, the status, the request's and the response's bytes, the ms, the user agent).
Its request-out.log (Artifactory's own calls to remote repositories) has the same cells but
the user agent, a remote repository's name where the client stands and an absolute URL
where the path does: no request served, and no line of this reader's (a path opens with
"/"). The message is the request and its answer; the client, user, method and path are
the fields (the trace id, the bytes and the agent are not kept).
"""

from __future__ import annotations

import re
from calendar import timegm
from typing import Any, Final

from console.parse.timestamps import parse_iso

_OLD: Final = re.compile(
    r"(\d{14})\|(\d+)\|[A-Z_]+\|([^|]*)\|([^|]*)\|([A-Z]+)\|([^|]*)\|[^|]*\|(\d{3})\|-?\d+$"
)
_PLATFORM: Final = re.compile(
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\|[0-9a-f]*\|([^|]*)\|([^|]*)\|([A-Z]+)"
    r"\|(/[^|]*)\|(\d{3})\|-?\d+\|-?\d+\|(\d+)(?:\||$)"
)


def request_line(line: str) -> tuple[float, int, float, dict[str, Any]] | None:
    """A request.log line's time, status, ms and fields (client, user, method, path), or
    None for a line of neither layout."""
    if line[14:15] == "|":
        m = _OLD.match(line)
        if m is None:
            return None
        d = m.group(1)
        try:
            ts = float(
                timegm((int(d[:4]), int(d[4:6]), int(d[6:8]), int(d[8:10]), int(d[10:12]),
                        int(d[12:14]), 0, 0, 0))
            )  # fmt: skip
        except (ValueError, OverflowError):
            return None
        client, user, method, path, status, took = (
            m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(2)
        )  # fmt: skip
    else:
        m = _PLATFORM.match(line)
        if m is None:
            return None
        parsed = parse_iso(m.group(1))
        if parsed is None:
            return None
        ts = parsed
        client, user, method, path, status, took = m.group(2, 3, 4, 5, 6, 7)
    fields = {"client": client, "user": user, "method": method, "path": path}
    return ts, int(status), float(took), fields
