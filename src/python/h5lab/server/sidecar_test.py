"""The sidecar supervisor on its own, with a stand-in child process."""

import asyncio
import logging
import sys

from h5lab.server.sidecar import Sidecar

# Prints the listening line, then one line far longer than a stream's line limit, then a short one, and exits.
CHILD = """
import sys
print("h5lab listening on http://127.0.0.1:1 root_dir=x bucket=y", flush=True)
print("x" * 300_000, flush=True)
print("after the long line", flush=True)
sys.exit(3)
"""


def test_a_child_that_prints_a_very_long_line_is_still_restarted_and_read():
    async def scenario() -> Sidecar:
        sidecar = Sidecar([sys.executable, "-c", CHILD], 1, logging.getLogger("test"), restart_delay=0.05, start_timeout=10)
        sidecar.start()
        deadline = asyncio.get_running_loop().time() + 10
        while sidecar.restarts < 2 and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        await sidecar.stop()
        return sidecar

    sidecar = asyncio.run(scenario())
    assert sidecar.restarts >= 2
    assert "after the long line" in sidecar.output
    assert sidecar.last_exit is not None and "3" in sidecar.last_exit
    assert sidecar.state == "stopped"
