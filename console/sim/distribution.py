"""Latency distributions of the simulated service: mixtures of log-normal components.

One model yields everything a real service exposes about latency (the average, the 95th and
99th percentiles, and Prometheus histogram bucket counts), so the figures in the agent's log,
in the protocol's metric samples and behind ``histogram_quantile`` all agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_Z95 = 1.6448536269514722
_Z99 = 2.3263478740408408


@dataclass(frozen=True, slots=True)
class LogNormal:
    """A log-normal latency component (milliseconds) with its share of the requests."""

    weight: float
    mu: float
    sigma: float

    @classmethod
    def from_mean_p99(cls, mean_ms: float, p99_ms: float, weight: float = 1.0) -> LogNormal:
        """The component whose mean and 99th percentile are the given figures."""
        mean_ms = max(mean_ms, 0.1)
        ratio = max(p99_ms / mean_ms, 1.0001)
        # ln(p99/mean) = z99*s - s^2/2; take the smaller root (the realistic, less skewed one).
        gap = math.log(ratio)
        disc = max(_Z99 * _Z99 - 2.0 * gap, 0.0)
        sigma = _Z99 - math.sqrt(disc)
        mu = math.log(mean_ms) - sigma * sigma / 2.0
        return cls(weight=weight, mu=mu, sigma=sigma)

    @property
    def mean(self) -> float:
        return math.exp(self.mu + self.sigma * self.sigma / 2.0)

    def cdf(self, x_ms: float) -> float:
        if x_ms <= 0:
            return 0.0
        if self.sigma <= 0:
            return 1.0 if math.log(x_ms) >= self.mu else 0.0
        z = (math.log(x_ms) - self.mu) / self.sigma
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))

    def quantile(self, q: float) -> float:
        z = _Z95 if q == 0.95 else _Z99 if q == 0.99 else _normal_ppf(q)
        return math.exp(self.mu + z * self.sigma)


def _normal_ppf(q: float) -> float:
    # Bisection on erf: only used for quantiles other than 0.95/0.99, never in a hot loop.
    lo, hi = -8.0, 8.0
    for _ in range(80):
        mid = (lo + hi) / 2.0
        if 0.5 * (1.0 + math.erf(mid / math.sqrt(2.0))) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


@dataclass(frozen=True, slots=True)
class Mixture:
    """Several components; weights need not sum to one (they are normalised)."""

    parts: tuple[LogNormal, ...]

    @classmethod
    def combine(cls, mixtures: Iterable[tuple[float, Mixture]]) -> Mixture:
        """Mix whole distributions, e.g. blue and green weighted by their request rates."""
        parts: list[LogNormal] = []
        for share, mix in mixtures:
            total = mix.total_weight
            if share <= 0 or total <= 0:
                continue
            parts.extend(
                LogNormal(weight=share * p.weight / total, mu=p.mu, sigma=p.sigma)
                for p in mix.parts
            )
        return cls(parts=tuple(parts))

    @property
    def total_weight(self) -> float:
        return sum(p.weight for p in self.parts)

    @property
    def mean(self) -> float:
        total = self.total_weight
        if total <= 0:
            return 0.0
        return sum(p.weight * p.mean for p in self.parts) / total

    def cdf(self, x_ms: float) -> float:
        total = self.total_weight
        if total <= 0:
            return 1.0
        return sum(p.weight * p.cdf(x_ms) for p in self.parts) / total

    def quantile(self, q: float) -> float:
        if not self.parts:
            return 0.0
        if len(self.parts) == 1:
            return self.parts[0].quantile(q)
        lo, hi = 0.01, 1.0
        while self.cdf(hi) < q and hi < 1e7:
            hi *= 2.0
        for _ in range(60):
            mid = math.sqrt(lo * hi)
            if self.cdf(mid) < q:
                lo = mid
            else:
                hi = mid
        return math.sqrt(lo * hi)

    def bucket_shares(self, bounds_s: Sequence[float]) -> list[float]:
        """Cumulative share of requests at or under each bound (seconds), as Prometheus counts."""
        return [self.cdf(b * 1000.0) for b in bounds_s]
