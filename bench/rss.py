"""Peak resident memory of this process, in MB (Linux: ru_maxrss is in KiB)."""

from __future__ import annotations

import resource


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
