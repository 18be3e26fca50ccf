"""The quick reading of ``GET /path 200 25.3ms`` (anytime._plain_request, a journald or
JSON record's own access line) gives what the general reading gives, or leaves the line to it:
it is only a shortcut, never a second opinion."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from console.parse import anytime

_method = st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FETCH"])
# paths with the pieces that trouble a status reader: ids, 3-digit runs, keys, pipes, colons
_piece = st.sampled_from(
    ["api", "v1", "users", "me", "404", "1500", "200x", "x500", "status=503", "code:502",
     "a.500", "500.json", "|", "said:", "?q=1", "&n=250", "-301-", "é", "", "123456"]
)  # fmt: skip
_path = st.lists(_piece, max_size=6).map(lambda ps: "/" + "/".join(ps))
_status = st.sampled_from(["200", "201", "302", "404", "500", "503", "101", "199", "600", "20"])
_time = st.sampled_from(
    ["25.3ms", "1ms", "0.5s", "850µs", "850μs", "12us", "3ns", "12", "1.5m", "ms", "7.ms"]
)


@settings(max_examples=600, deadline=None)
@given(_method, _path, _status, _time)
def test_the_quick_reading_agrees_with_the_general_one(
    method: str, path: str, status: str, time: str
) -> None:
    message = f"{method} {path} {status} {time}"
    quick = anytime._plain_request(message)
    if quick is not None:
        assert quick == anytime._request_read(message), message


def test_the_commonest_shape_is_read_quickly() -> None:
    assert anytime._plain_request("GET /api/v1/users/me 200 25.3ms") == (200, 25.3)
    assert anytime._plain_request("POST /orders 503 1.5s") == (503, 1500.0)
    # a number in the path the general reading might take as the status: left to it
    assert anytime._plain_request("GET /api/status=500 200 3ms") is None
    assert anytime.request_in_message("GET /api/status=500 200 3ms") is not None
