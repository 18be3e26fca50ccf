"""Lines of common logs that this session's later rules (sets 46 to 53, Rails request blocks)
were not written for but could touch, and what the parser makes of them (issue #17's fourth
review)."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc


def test_a_certificates_expiry_a_year_ahead_gives_no_year() -> None:
    # the kubelet's certificate manager on the day its client certificate was issued: the
    # expiry a year ahead, on the same month and day, is no year of the line (journal,
    # klog alone, and a Go time.Time deep in a struct after a key)
    cert = (
        "certificate_manager.go:356] kubernetes.io/kube-apiserver-client-kubelet: Certificate"
        " expiration is 2025-06-01 09:55:00 +0000 UTC, rotation deadline is 2025-03-12"
        " 04:11:09.1 +0000 UTC"
    )
    text = (
        f"Jun 01 10:00:00 node1 kubelet[812]: I0601 10:00:00.123456     812 {cert}\n"
        "Jun 01 10:00:01 node1 kubelet[812]: I0601 10:00:01.000000     812 kubelet.go:1] up\n"
        f"I0601 10:00:02.000000     812 {cert}\n"
        "Jun 01 10:00:03 node1 app[9]: cert {Subject:CN=node1 "
        + "Extra:x " * 60
        + "NotAfter:2025-06-01 09:55:00 +0000 UTC}\n"
    )
    assert [utc(e.ts) for e in parse(text)] == [
        "2024-06-01T10:00:00",
        "2024-06-01T10:00:01",
        "2024-06-01T10:00:02",
        "2024-06-01T10:00:03",
    ]
