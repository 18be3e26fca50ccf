"""A bounded load generator: RATE requests a second to URL, at most CONCURRENCY in flight,
for at most DURATION seconds (or until SIGTERM). Loopback only.

    python loadgen.py http://127.0.0.1:9100/ --rate 40 --duration 600
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import time
from urllib.parse import urlsplit

import aiohttp

MAX_RATE = 200.0
MAX_CONCURRENCY = 64


async def run(url: str, rate: float, concurrency: int, duration: float) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    slots = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=5)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:

        async def one() -> None:
            try:
                async with session.get(url) as resp:
                    await resp.read()
            except (aiohttp.ClientError, TimeoutError):
                pass  # nginx logs what happened; the agent reads it there
            finally:
                slots.release()

        start = time.monotonic()
        n = 0
        tasks: set[asyncio.Task[None]] = set()
        while not stop.is_set() and time.monotonic() - start < duration:
            n += 1
            due = start + n / rate
            delay = due - time.monotonic()
            if delay > 0:
                try:
                    await asyncio.wait_for(stop.wait(), delay)
                    break
                except TimeoutError:
                    pass
            if slots.locked():
                continue  # bounded: skip a beat rather than pile up
            await slots.acquire()
            t = asyncio.create_task(one())
            tasks.add(t)
            t.add_done_callback(tasks.discard)
        for t in list(tasks):
            t.cancel()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("url")
    p.add_argument("--rate", type=float, default=40.0)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--duration", type=float, default=600.0)
    args = p.parse_args()
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        p.error("the load generator only targets loopback")
    if not 0 < args.rate <= MAX_RATE:
        p.error(f"--rate must be in (0, {MAX_RATE:g}]")
    asyncio.run(run(args.url, args.rate, min(args.concurrency, MAX_CONCURRENCY), args.duration))


if __name__ == "__main__":
    main()
