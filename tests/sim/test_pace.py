"""Issue 20, item 7: an agent that falls behind its schedule (a busy machine, a high --speed)
keeps its gates and keeps answering, instead of timing its gates out in one go."""

from __future__ import annotations

import asyncio
import time

from console.sim.agent import SimAgent


async def test_an_agent_far_behind_its_schedule_still_opens_and_keeps_its_gate() -> None:
    speed = 1000.0
    # 20 real seconds to decide, on the wall clock (10 x the speed, as the demo gives).
    agent = SimAgent("healthy", speed=speed, gate_timeout=20 * speed, seed=1)
    task = asyncio.create_task(agent.run())
    await asyncio.sleep(0)  # the run starts its clock
    # As if the machine had stalled for a minute: the schedule is far behind the wall clock.
    agent.clock._anchor -= 60.0
    answered = 0
    try:
        deadline = time.monotonic() + 30
        while agent.gate is None and not task.done():
            assert time.monotonic() < deadline, "no gate opened"
            # The agent yields while it catches up: this coroutine keeps running beside it.
            answered += 1
            await asyncio.sleep(0.01)
        assert not task.done(), agent.status()
        gate = agent.gate
        assert gate is not None and agent.state == "at_gate"
        assert agent.clock.lagged >= 1
        # The gate's timeout counts from its opening on the wall clock, not from the schedule.
        await asyncio.sleep(0.5)
        assert agent.gate is gate and gate.decision is None
        status, _ = agent.decide(gate.gate_id, "approve", "oncall", "")
        assert status == 200
        assert gate.decision is not None
        assert gate.decision.decision == "approve" and gate.decision.operator == "oncall"
        assert answered > 1
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
