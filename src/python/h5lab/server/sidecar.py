"""Keeps `h5lab serve` running as a child of the Jupyter server, on a fixed loopback port.

The port stays the same across restarts because kernels already hold it in HS_ENDPOINT and ~/.hscfg.
A child that keeps dying right after start is restarted with a growing delay instead of in a tight loop.
"""

import asyncio
import ctypes
import logging
import signal
import socket
import sys
from collections import deque
from collections.abc import Awaitable, Callable, Sequence

# The line `h5lab serve` prints once it accepts connections.
LISTENING_LINE = b"h5lab listening on "

# A run shorter than this counts as a failed start for the restart delay.
STABLE_RUN_SECONDS = 30.0


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exited with code {code}"


def _die_with_parent_hook() -> Callable[[], None] | None:
    """On Linux, the child gets SIGTERM if the Jupyter server dies without cleaning up (e.g. SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    return lambda: prctl(pr_set_pdeathsig, signal.SIGTERM)


class Sidecar:
    """One supervised child process. `state` is 'stopped', 'starting', 'running' or 'restarting'."""

    def __init__(
        self,
        argv: Sequence[str],
        port: int,
        log: logging.Logger,
        *,
        on_ready: Callable[[], Awaitable[None]] | None = None,
        restart_delay: float = 1.0,
        max_restart_delay: float = 30.0,
        start_timeout: float = 30.0,
    ):
        self.argv = list(argv)
        self.port = port
        self._log = log
        self._on_ready = on_ready
        self._restart_delay = restart_delay
        self._max_restart_delay = max_restart_delay
        self._start_timeout = start_timeout
        self._process: asyncio.subprocess.Process | None = None
        self._runner: asyncio.Task | None = None
        self._setup: asyncio.Future | None = None
        self._stopping = False
        self.state = "stopped"
        self.ready = asyncio.Event()
        self.restarts = 0
        self.last_exit: str | None = None
        # Last lines the child printed: shown in the lab when it fails to start.
        self.output: deque[str] = deque(maxlen=20)

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process and process.returncode is None else None

    def start(self) -> None:
        self._stopping = False
        self._runner = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        self._stopping = True
        process = self._process
        if process and process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()
        if self._runner:
            self._runner.cancel()
            try:
                await self._runner
            except (asyncio.CancelledError, Exception):  # a failed supervisor must not stop the shutdown
                pass
        self.ready.clear()
        self.state = "stopped"

    async def _run(self) -> None:
        quick_failures = 0
        loop = asyncio.get_running_loop()
        while not self._stopping:
            started = loop.time()
            try:
                await self._run_once()
            except Exception as error:  # whatever went wrong, the service is restarted, never left down
                self._log.exception("h5lab sidecar supervision failed")
                self.last_exit = f"supervision failed: {error}"
                process = self._process
                if process and process.returncode is None:
                    process.kill()
                    await process.wait()
            if self._stopping:
                return
            self.state = "restarting"
            self.restarts += 1
            quick_failures = quick_failures + 1 if loop.time() - started < STABLE_RUN_SECONDS else 0
            delay = min(self._restart_delay * 2 ** max(quick_failures - 1, 0), self._max_restart_delay)
            self._log.warning("h5lab sidecar %s; restarting in %.1f s", self.last_exit, delay)
            await asyncio.sleep(delay)

    async def _run_once(self) -> None:
        self.state = "starting"
        self.ready.clear()
        listening = asyncio.Event()
        try:
            process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                preexec_fn=_die_with_parent_hook(),
            )
        except OSError as error:
            self.last_exit = f"could not be started: {self.argv[0]}: {error.strerror or error}"
            return
        self._process = process
        self._log.info("h5lab sidecar started: pid %s on 127.0.0.1:%s", process.pid, self.port)
        readers = [
            asyncio.ensure_future(self._read(process.stdout, listening)),
            asyncio.ensure_future(self._read(process.stderr, None)),
        ]
        exited = asyncio.ensure_future(process.wait())
        waiting = asyncio.ensure_future(listening.wait())
        await asyncio.wait({exited, waiting}, timeout=self._start_timeout, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        if listening.is_set() and not exited.done():
            self.state = "running"
            self.ready.set()
            if self._on_ready:
                self._setup = asyncio.ensure_future(self._on_ready())
        elif not exited.done():
            self.output.append(f"did not start listening within {self._start_timeout:.0f} s")
            process.kill()
        code = await exited
        self.ready.clear()
        await asyncio.gather(*readers)
        self.last_exit = describe_exit(code)

    async def _read(self, stream: asyncio.StreamReader | None, listening: asyncio.Event | None) -> None:
        if stream is None:
            return
        while True:
            try:
                raw = await stream.readline()
            except ValueError:
                # A line longer than the stream's limit: what was read of it is dropped, the rest still read.
                continue
            if not raw:
                return
            if listening is not None and raw.startswith(LISTENING_LINE):
                listening.set()
                continue
            line = raw.decode(errors="replace").rstrip()
            if line:
                self.output.append(line)
                self._log.info("h5lab sidecar: %s", line)
