"""One colour of the example service: a small HTTP API whose requests each run a "query".

    python service.py --colour green --port 9102 [--fault none|slow-queries|errors]

Every request holds one of the service's database connections (a pool of POOL_SIZE) for the
query's time. The fault switch (the flag, or ``PUT /_fault`` with ``none``, ``slow-queries``
or ``errors``) models a bad release:

- ``slow-queries``: a missing index. While the table's hot rows fit the cache the query is as
  fast as before; past SCAN_THRESHOLD_RPS requests a second on this colour every query scans,
  taking longer the more load there is, and the statement timeout (STATEMENT_TIMEOUT_S) turns
  the slowest into 504s. It bites only once enough traffic reaches it.
- ``errors``: 5 % of requests fail with 500.

``GET /_stats`` says what the agent reads besides nginx's log: connections in use, the pool,
the recent request rate.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import time

from aiohttp import web

BASE_QUERY_S = 0.030
POOL_SIZE = 20
POOL_WAIT_S = 1.0
SCAN_THRESHOLD_RPS = 14.0
SCAN_S_PER_RPS = 0.030
STATEMENT_TIMEOUT_S = 0.250
RATE_WINDOW_S = 3.0
FAULTS = ("none", "slow-queries", "errors")


class Service:
    def __init__(self, colour: str, fault: str, seed: int) -> None:
        self.colour = colour
        self.fault = fault
        self.pool = asyncio.Semaphore(POOL_SIZE)
        self.in_use = 0
        self.arrivals: collections.deque[float] = collections.deque()
        self.rng = random.Random(seed)

    def rate(self, now: float) -> float:
        while self.arrivals and self.arrivals[0] < now - RATE_WINDOW_S:
            self.arrivals.popleft()
        return len(self.arrivals) / RATE_WINDOW_S

    async def handle(self, request: web.Request) -> web.Response:
        now = time.monotonic()
        self.arrivals.append(now)
        rps = self.rate(now)
        if self.fault == "errors" and self.rng.random() < 0.05:
            return web.json_response({"error": "internal error", "colour": self.colour}, status=500)
        try:
            await asyncio.wait_for(self.pool.acquire(), POOL_WAIT_S)
        except TimeoutError:
            return web.json_response({"error": "no database connection"}, status=503)
        self.in_use += 1
        try:
            query = BASE_QUERY_S * (0.8 + 0.4 * self.rng.random())
            if self.fault == "slow-queries" and rps > SCAN_THRESHOLD_RPS:
                query += (rps - SCAN_THRESHOLD_RPS) * SCAN_S_PER_RPS * self.rng.expovariate(1.0)
            if query > STATEMENT_TIMEOUT_S:
                await asyncio.sleep(STATEMENT_TIMEOUT_S)
                return web.json_response(
                    {"error": "statement timeout", "colour": self.colour}, status=504
                )
            await asyncio.sleep(query)
        finally:
            self.in_use -= 1
            self.pool.release()
        return web.json_response({"colour": self.colour, "query_ms": round(query * 1000, 1)})

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "colour": self.colour,
                "fault": self.fault,
                "db_connections": self.in_use,
                "db_pool_size": POOL_SIZE,
                "rps": round(self.rate(time.monotonic()), 2),
            }
        )

    async def set_fault(self, request: web.Request) -> web.Response:
        fault = (await request.text()).strip()
        if fault not in FAULTS:
            return web.json_response({"error": f"fault must be one of {FAULTS}"}, status=400)
        self.fault = fault
        return web.json_response({"fault": fault})


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--colour", choices=("blue", "green"), required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--fault", choices=FAULTS, default="none")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    svc = Service(args.colour, args.fault, args.seed)
    app = web.Application()
    app.router.add_get("/_stats", svc.stats)
    app.router.add_put("/_fault", svc.set_fault)
    app.router.add_get("/{tail:.*}", svc.handle)
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
