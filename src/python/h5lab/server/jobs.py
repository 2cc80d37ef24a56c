"""Load and download jobs: `hsload FILE DOMAIN` and `hsget DOMAIN FILE`, run by the server for the lab user.

`POST <base_url>/api/h5lab/jobs` {kind: "load"|"get", src, dst, overwrite?, remove_source?} starts a job,
`GET …/jobs/{id}` reports its state and progress, `DELETE …/jobs/{id}` cancels it, `GET …/jobs` lists them.
Files are named as the lab's contents API names them: relative to the Jupyter server's root directory, which
they may not leave. The tools get the sidecar's HS_* settings, so they act as the lab user.
"""

import asyncio
import os
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler
from tornado import web

from .sidecar import _die_with_parent_hook, describe_exit

KINDS = ("load", "get")
# Finished jobs kept for GET after they end; the oldest are forgotten first.
KEEP_FINISHED = 50

_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
# The tools' progress line, e.g. `hsload: objects 12/40  bytes 1.5 MB/61.0 MB  20.1 MB/s`.
_OBJECTS = re.compile(r"\bobjects (\d+)/(\d+)")
_BYTES = re.compile(r"\bbytes ([\d.]+) ([KMGT]?B)/([\d.]+) ([KMGT]?B)")
# Python-logging style lines of the tools: `INFO 2024-05-01 13:04:05,123 message`.
_LOG_LINE = re.compile(r"^(DEBUG|INFO|WARNING|ERROR) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (.*)$")


class JobRequestError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _to_bytes(number: str, unit: str) -> int:
    return round(float(number) * _UNITS[unit])


class Job:
    """One run of a tool; `state` is 'running', 'done', 'failed' or 'cancelled'."""

    def __init__(self, kind: str, src: str, dst: str, tool: str):
        self.id = secrets.token_hex(8)
        self.kind = kind
        self.src = src
        self.dst = dst
        self.tool = tool
        self.state = "running"
        self.objects_done = 0
        self.objects_total: int | None = None
        self.bytes_done = 0
        self.bytes_total: int | None = None
        self.message = ""
        self.error: str | None = None
        self.started = time.time()
        self.ended: float | None = None
        self.process: asyncio.subprocess.Process | None = None
        self._tool_error: str | None = None

    def read_line(self, line: str) -> None:
        """Takes one output line of the tool: progress, a log message, or its closing error line."""
        if not line:
            return
        objects = _OBJECTS.search(line)
        if objects:
            self.objects_done, self.objects_total = int(objects[1]), int(objects[2])
        size = _BYTES.search(line)
        if size:
            self.bytes_done = _to_bytes(size[1], size[2])
            self.bytes_total = _to_bytes(size[3], size[4])
        if objects or size:
            return
        logged = _LOG_LINE.match(line)
        text = logged[2] if logged else line
        prefix = f"{self.tool}: "
        if not logged and text.startswith(prefix):
            # How the tools end on failure: one `tool: message` line.
            text = text[len(prefix):]
            self._tool_error = text
        self.message = text

    def end(self, code: int | None, failure: str | None = None) -> None:
        self.ended = time.time()
        if self.state == "cancelled":
            return
        if failure is None and code == 0:
            self.state = "done"
            return
        self.state = "failed"
        self.error = failure or self._tool_error or self.message or f"{self.tool} {describe_exit(code or 0)}"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "src": self.src,
            "dst": self.dst,
            "state": self.state,
            "objects_done": self.objects_done,
            "objects_total": self.objects_total,
            "bytes_done": self.bytes_done,
            "bytes_total": self.bytes_total,
            "message": self.message,
            "error": self.error,
            "started": self.started,
            "ended": self.ended,
        }


class Jobs:
    """Starts, tracks and cancels the jobs of this server."""

    def __init__(
        self,
        root_dir: str | os.PathLike,
        tool_argv: Callable[[str], Sequence[str]],
        environment: Callable[[], dict[str, str]],
    ):
        self.root = Path(root_dir).expanduser().resolve()
        self._tool_argv = tool_argv
        self._environment = environment
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._tasks: set[asyncio.Task] = set()

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        return list(self._jobs.values())

    def start(self, body: object) -> Job:
        if not isinstance(body, dict):
            raise JobRequestError(400, "the body must be a JSON object with kind, src and dst")
        kind, src, dst = body.get("kind"), body.get("src"), body.get("dst")
        if kind not in KINDS:
            raise JobRequestError(400, f"kind must be one of {', '.join(KINDS)}")
        if not isinstance(src, str) or not src or not isinstance(dst, str) or not dst:
            raise JobRequestError(400, "src and dst must be non-empty strings")
        overwrite = body.get("overwrite", False) is True
        remove_source = body.get("remove_source", False) is True
        if kind == "load":
            source = self._existing_file(src)
            domain = self._domain(dst, "dst")
            tool = "hsload"
            args = [*([] if overwrite else ["-n"]), str(source), domain]
            job = Job(kind, self._relative(source), domain, tool)
            cleanup = [source] if remove_source else []
            partial = None
        else:
            domain = self._domain(src, "src")
            target = self._new_file(dst, overwrite)
            tool = "hsget"
            args = [domain, str(target)]
            job = Job(kind, domain, self._relative(target), tool)
            cleanup = []
            # A download that does not finish leaves no half-written file behind.
            partial = target
        argv = [*self._tool_argv(tool), "--loglevel", "info", *args]
        self._remember(job)
        task = asyncio.ensure_future(self._run(job, argv, cleanup, partial))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return job

    def cancel(self, job_id: str) -> Job | None:
        job = self._jobs.get(job_id)
        if job and job.state == "running":
            job.state = "cancelled"
            if job.process and job.process.returncode is None:
                job.process.terminate()
        return job

    async def stop(self) -> None:
        """Cancels the running jobs and waits until they have ended (at server stop)."""
        for job in self.all():
            self.cancel(job.id)
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=10)

    def _remember(self, job: Job) -> None:
        self._jobs[job.id] = job
        finished = [j.id for j in self._jobs.values() if j.state != "running"]
        for old in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[old]

    async def _run(self, job: Job, argv: list[str], cleanup: list[Path], partial: Path | None) -> None:
        environment = {**os.environ, **self._environment()}
        # An API key in the server's environment would take precedence over the lab user's password.
        environment.pop("HS_API_KEY", None)
        try:
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                cwd=self.root,
                env=environment,
                preexec_fn=_die_with_parent_hook(),
                limit=1 << 20,
            )
        except OSError as error:
            job.end(None, f"cannot start {argv[0]}: {error.strerror or error}")
            self._clean(cleanup)
            return
        job.process = process
        if job.state == "cancelled":
            process.terminate()
        assert process.stdout is not None
        async for raw in process.stdout:
            job.read_line(raw.decode(errors="replace").strip())
        job.end(await process.wait())
        if partial is not None and job.state != "done":
            cleanup.append(partial)
        self._clean(cleanup)

    @staticmethod
    def _clean(paths: list[Path]) -> None:
        for path in paths:
            try:
                path.unlink()
            except OSError:
                pass

    def _resolve(self, name: str) -> Path:
        path = (self.root / name.lstrip("/")).resolve()
        if not path.is_relative_to(self.root):
            raise JobRequestError(400, f"{name} is outside the server's root directory")
        return path

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _existing_file(self, name: str) -> Path:
        path = self._resolve(name)
        if not path.is_file():
            raise JobRequestError(404, f"no such file: {name}")
        return path

    def _new_file(self, name: str, overwrite: bool) -> Path:
        path = self._resolve(name)
        if path == self.root or path.is_dir():
            raise JobRequestError(400, f"{name} is a folder, not a file name")
        path.parent.mkdir(parents=True, exist_ok=True)
        if overwrite:
            return path
        # Never over an existing file: data.h5 becomes data-1.h5, data-2.h5, …
        candidate, number = path, 0
        while candidate.exists():
            number += 1
            candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        return candidate

    @staticmethod
    def _domain(value: str, field: str) -> str:
        if not value.startswith("/") or value.endswith("/") or "//" in value:
            raise JobRequestError(400, f"{field} must be a domain path such as /home/user/file.h5, not {value}")
        return value


class _JobsBase(APIHandler):
    auth_resource = "h5lab"

    def initialize(self, jobs: Jobs) -> None:
        self._jobs = jobs

    def _reply(self, job: Job | None, job_id: str) -> None:
        if job is None:
            self.set_status(404)
            self.finish({"message": f"no job {job_id}"})
        else:
            self.finish(job.to_json())


class JobsHandler(_JobsBase):
    """`GET …/api/h5lab/jobs`: all jobs; `POST`: start one."""

    @web.authenticated
    @authorized
    def get(self) -> None:
        self.finish({"jobs": [job.to_json() for job in self._jobs.all()]})

    @web.authenticated
    @authorized
    def post(self) -> None:
        try:
            job = self._jobs.start(self.get_json_body())
        except JobRequestError as error:
            # Written here rather than raised: tornado would read '%' in a file name as a format.
            self.set_status(error.status)
            self.finish({"message": error.message})
            return
        self.set_status(201)
        self.finish(job.to_json())


class JobHandler(_JobsBase):
    """`GET …/api/h5lab/jobs/{id}`: one job; `DELETE`: cancel it."""

    @web.authenticated
    @authorized
    def get(self, job_id: str) -> None:
        self._reply(self._jobs.get(job_id), job_id)

    @web.authenticated
    @authorized
    def delete(self, job_id: str) -> None:
        self._reply(self._jobs.cancel(job_id), job_id)
