r"""The grader's processes: a private copy of the code, and one pair of processes a job slot.

* :class:`Snapshot` copies ``helpers`` (for the students' processes) and ``helpers`` plus
  ``instructor`` (for the checker) into a private temporary folder when a run starts, and
  checks after every submission that nothing in it changed (restoring it if it did). When
  the grader runs as root the students' copy is read-only for them and the checker's copy
  is not even readable.
* :class:`Slot` runs one submission at a time: a pre-warmed *zygote*
  (:mod:`instructor.grader.zygote`) forks the process that runs the notebook, and a
  *checker* (:mod:`instructor.grader.checker`) draws the cases and scores the replies.
  The slot relays plain JSON between them and enforces the wall-clock limit of the
  whole submission; after each submission it kills every process the submission left.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .zygote import FrameError, proc_stats, recv_frame, send_frame

__all__ = ["Limits", "Snapshot", "Slot", "SlotBroken"]

ROOT_UIDS = 61000  # unprivileged user ids for the slots when the grader runs as root


@dataclass
class Limits:
    timeout: float = 120.0  # seconds for a whole submission: cells and checks, all runs
    cell_timeout: float = 30.0  # seconds a cell may run
    part_timeout: float = 5.0  # seconds a check part may run the student's code
    memory_mb: int = 1024  # address space a submission may add to the warm process


def _site_dirs() -> list[str]:
    paths = sysconfig.get_paths()
    return list(dict.fromkeys([paths["purelib"], paths["platlib"]]))


def _tree_digest(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath) / name
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
        for name in dirnames:
            out[str((Path(dirpath) / name).relative_to(root)) + "/"] = "dir"
    return out


class Snapshot:
    """Private copies of the code the grader's processes import."""

    def __init__(self, helpers_dir: Path, instructor_dir: Path):
        self.root = Path(tempfile.mkdtemp(prefix="ll-grader-"))
        self.student = self.root / "student"  # helpers + the zygote script
        self.checker = self.root / "checker"  # helpers + instructor
        self.work = self.root / "work"  # one temporary folder a submission
        self._lock = threading.Lock()
        self._sources = {
            "student/helpers": helpers_dir,
            "checker/helpers": helpers_dir,
            "checker/instructor": instructor_dir,
        }
        self._zygote_src = Path(__file__).with_name("zygote.py").read_bytes()
        self._write()
        self.manifest = {
            "student": _tree_digest(self.student),
            "checker": _tree_digest(self.checker),
        }
        self._pristine = {
            rel: {
                p: (self.root / rel / p).read_bytes()
                for p, d in self.manifest[rel].items()
                if d != "dir"
            }
            for rel in ("student", "checker")
        }

    @property
    def zygote(self) -> Path:
        return self.student / "_zygote.py"

    def _write(self) -> None:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
        for rel, src in self._sources.items():
            shutil.copytree(src, self.root / rel, ignore=ignore, dirs_exist_ok=True)
        self.zygote.write_bytes(self._zygote_src)
        self.work.mkdir(exist_ok=True)
        # Others may pass through the root and read the students' copy, nothing else.
        os.chmod(self.root, 0o711)
        os.chmod(self.work, 0o711)
        for dirpath, _dirnames, filenames in os.walk(self.student):
            os.chmod(dirpath, 0o755)
            for name in filenames:
                os.chmod(Path(dirpath) / name, 0o644)
        for dirpath, _dirnames, _filenames in os.walk(self.checker):
            os.chmod(dirpath, 0o700)

    def verify_and_restore(self) -> list[str]:
        """Paths in the copies that changed since the start (and are now restored)."""
        with self._lock:
            return self._verify_and_restore()

    def _verify_and_restore(self) -> list[str]:
        changed = []
        for rel in ("student", "checker"):
            try:
                now = _tree_digest(self.root / rel)
            except OSError:
                now = {}
            if now != self.manifest[rel]:
                changed += [
                    (f"{rel}/{p}", d) for p, d in set(now.items()) ^ set(self.manifest[rel].items())
                ]
                shutil.rmtree(self.root / rel, ignore_errors=True)
                for p, data in self._pristine[rel].items():
                    (self.root / rel / p).parent.mkdir(parents=True, exist_ok=True)
                    (self.root / rel / p).write_bytes(data)
        if changed:
            self._write()
        return sorted({str(path) for path, _ in changed})

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _real_uid(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("Uid:")), -1)
    except (OSError, ValueError):
        return -1


def kill_processes(session: int | None = None, uid: int | None = None) -> int:
    """SIGKILL every process of ``session``, and (as root) every process of ``uid``."""
    killed = 0
    for _ in range(20):
        found = 0
        by_uid = uid is not None and uid != 0 and os.geteuid() == 0
        for pid, fields in proc_stats():
            if pid == os.getpid():
                continue
            if (session is not None and int(fields[3]) == session) or (
                by_uid and _real_uid(pid) == uid
            ):
                try:
                    os.kill(pid, signal.SIGKILL)
                    found += 1
                except (ProcessLookupError, PermissionError):
                    pass
        killed += found
        if not found:
            break
        time.sleep(0.01)
    return killed


def _readable_by_others(path: Path) -> bool:
    """Whether a user other than the owner can read ``path`` (every folder above it too)."""
    try:
        path = path.resolve()
        if not path.stat().st_mode & 0o004:
            return False
        return all(p.stat().st_mode & 0o001 for p in path.parents)
    except OSError:
        return False


def can_drop_privileges() -> tuple[bool, str]:
    """Whether submissions can run as an unprivileged user: root, and a Python that
    other users can read (a Python under /root, as pyenv installs it, is not)."""
    if os.geteuid() != 0:
        return False, "the grader does not run as root"
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        if not _readable_by_others(Path(paths[key])):
            return False, (f"the Python installation ({paths[key]}) is not readable by other users")
    if not _readable_by_others(Path(os.path.realpath(sys.executable))):
        return False, f"{os.path.realpath(sys.executable)} is not readable by other users"
    return True, ""


CPU_SECONDS = [0.0]  # CPU time of the submissions' processes so far (for the benchmark)


def session_cpu(session: int | None) -> float:
    """CPU seconds used by the live processes of ``session`` and the children they reaped."""
    if session is None:
        return 0.0
    ticks = sum(
        sum(int(x) for x in fields[11:15])
        for _, fields in proc_stats()
        if int(fields[3]) == session
    )
    return ticks / os.sysconf("SC_CLK_TCK")


class SlotBroken(RuntimeError):
    """The slot's zygote or checker stopped answering; the slot restarts them."""


class Slot:
    """One job slot: a zygote and a checker, one submission at a time."""

    def __init__(self, index: int, snapshot: Snapshot, limits: Limits):
        self.index, self.snapshot, self.limits = index, snapshot, limits
        self.uid = ROOT_UIDS + index if can_drop_privileges()[0] else None
        self.zygote = self.checker = None
        self._ctl = None
        self.counter = 0

    # ----------------------------------------------------------------- process management
    def _env(self) -> dict:
        home = self.snapshot.root / f"home-{self.index}"
        home.mkdir(exist_ok=True)
        os.chmod(home, 0o755)
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": str(home),
            "IPYTHONDIR": str(home / "ipython"),
            "PYTHONHASHSEED": "0",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def start(self) -> None:
        self.stop()
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {"path": [str(self.snapshot.student), *_site_dirs()], "ctl_fd": theirs.fileno()}
        self.zygote = subprocess.Popen(
            [sys.executable, "-I", "-S", "-B", str(self.snapshot.zygote), json.dumps(config)],
            pass_fds=[theirs.fileno()],
            env=self._env(),
            cwd=self.snapshot.work,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        theirs.close()
        self._ctl = mine
        self._ctl.settimeout(120)
        try:
            ready = json.loads(self._ctl.recv(65536) or b"{}")
        except (OSError, ValueError) as exc:
            raise SlotBroken(f"the grader's zygote did not start ({exc})") from None
        if not ready.get("ready"):
            raise SlotBroken("the grader's zygote did not start")
        boot = (
            "import sys, json; sys.path[:0] = json.loads(sys.argv[1]); "
            "from instructor.grader.checker import main; main()"
        )
        self.checker = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-S",
                "-B",
                "-c",
                boot,
                json.dumps([str(self.snapshot.checker), *_site_dirs()]),
            ],
            env=self._env(),
            cwd=self.snapshot.checker,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def stop(self) -> None:
        for proc in (self.zygote, self.checker):
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    proc.kill()
                proc.wait()
        if self._ctl is not None:
            self._ctl.close()
        self.zygote = self.checker = self._ctl = None

    def alive(self) -> bool:
        return all(p is not None and p.poll() is None for p in (self.zygote, self.checker))

    def ask_checker(self, msg: dict, timeout: float = 60.0) -> dict:
        try:
            send_frame(self.checker.stdin.fileno(), msg)
            out = recv_frame(self.checker.stdout.fileno(), time.monotonic() + timeout)
        except (FrameError, OSError, ValueError) as exc:
            raise SlotBroken(f"the checker stopped answering ({exc})") from None
        if "error" in out:
            raise SlotBroken(f"the checker failed: {out['error']}")
        return out

    # ------------------------------------------------------------------- one submission
    MAX_SESSIONS = 4  # a notebook is run again at most 3 times, without the cells that hung

    def run(
        self, source: Path, cells: list, exercises: list[str], seed: int, salt: str, hide=()
    ) -> dict:
        """Execute ``cells`` and score ``exercises``; returns the raw outcome (never raises
        for anything the submission does; raises :class:`SlotBroken` if the slot broke).

        A cell or a check part that runs past its limit, or ends the process, costs a new
        session: the notebook runs again without the cells that hung or ended it, and the
        checks go on with the next part."""
        if not self.alive():
            self.start()
        deadline = time.monotonic() + self.limits.timeout
        outcome = {"cells": [], "results": {}, "status": "ok", "reason": ""}
        cell_status: dict[int, dict] = {}
        skip: set[int] = set()
        todo = []  # (exercise, parts) with the stripped cases
        for ex_id in exercises:
            parts = self.ask_checker(
                {"op": "cases", "exercise": ex_id, "seed": seed, "salt": salt}
            )["parts"]
            todo.append((ex_id, parts))
        replies = {ex_id: [None] * len(parts) for ex_id, parts in todo}
        pending = [(ex_id, i) for ex_id, parts in todo for i in range(len(parts))]
        for _ in range(self.MAX_SESSIONS):
            state = self._session(
                source, cells, skip, cell_status, todo, replies, pending, deadline, hide
            )
            if state in ("finished", "over time"):
                break
        else:
            state = "too many restarts"
        if state == "over time":
            outcome.update(
                status="timeout",
                reason=(
                    f"the notebook ran past the time limit of {self.limits.timeout:g} s for a "
                    f"whole submission and was stopped"
                ),
            )
        elif state == "too many restarts":
            outcome.update(
                status="crashed",
                reason="the notebook's process ended or hung "
                f"{self.MAX_SESSIONS} times; grading stopped",
            )
        outcome["cells"] = [cell_status[k] for k in sorted(cell_status)]
        for ex_id, _parts in todo:
            result = self.ask_checker(
                {
                    "op": "score",
                    "exercise": ex_id,
                    "seed": seed,
                    "salt": salt,
                    "replies": replies[ex_id],
                    "time_limit": self.limits.part_timeout,
                }
            )["result"]
            got_nothing = all(r is None for r in replies[ex_id])
            if got_nothing and result["points"] == 0:
                result["status"] = "no result"
            outcome["results"][ex_id] = result
        return outcome

    def _session(
        self, source, cells, skip, cell_status, todo, replies, pending, deadline, hide
    ) -> str:
        """One run of the notebook; returns finished, restart or over time."""
        self.counter += 1
        mine_dir = self.snapshot.work / f"slot{self.index}"
        mine_dir.mkdir(exist_ok=True)
        os.chmod(mine_dir, 0o711)
        workdir = Path(tempfile.mkdtemp(prefix=f"{self.counter}-", dir=mine_dir))
        others = [p for p in self.snapshot.work.glob("slot*") if p != mine_dir]
        shutil.copyfile(source, workdir / source.name)  # the submission itself is only read
        if self.uid is not None:
            for p in (workdir, workdir / source.name):
                os.chown(p, self.uid, self.uid)
        os.chmod(workdir, 0o700)
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        session = None
        parts_of = dict(todo)
        try:
            try:
                socket.send_fds(self._ctl, [json.dumps({"op": "run"}).encode()], [theirs.fileno()])
                session = json.loads(self._ctl.recv(65536))["pid"]
            except (OSError, ValueError, KeyError) as exc:
                raise SlotBroken(f"the zygote did not fork ({exc})") from None
            finally:
                theirs.close()
            fd = mine.fileno()
            send_frame(
                fd,
                {
                    "cells": cells,
                    "skip": sorted(skip),
                    "namespaces": not os.environ.get("LL_GRADER_NO_NAMESPACES"),
                    "memory_mb": self.limits.memory_mb,
                    "uid": self.uid,
                    "cpu_seconds": int(self.limits.timeout) + 5,
                    "workdir": str(workdir),
                    "hide": [str(self.snapshot.checker), *map(str, others), *map(str, hide)],
                },
            )
            current = None
            while True:  # the cells
                limit = (
                    deadline
                    if current is None
                    else min(deadline, current[1] + self.limits.cell_timeout)
                )
                try:
                    msg = recv_frame(fd, limit, limit=2**20)
                except FrameError as exc:
                    if time.monotonic() >= deadline:
                        return "over time"
                    if current is None:  # ended between cells (a signal it set, ...)
                        return "restart"
                    status = "timeout" if str(exc) == "timeout" else "died"
                    cell_status.setdefault(current[0], {"cell": current[0], "status": status})
                    skip.add(current[0])
                    return "restart"
                if not isinstance(msg, dict):
                    continue
                if "start" in msg:
                    current = (msg["start"], time.monotonic())
                elif "cell" in msg:
                    cell_status.setdefault(msg["cell"], msg)
                    current = None
                elif msg.get("done"):
                    break
            while pending:  # the checks, part by part
                ex_id, i = pending[0]
                try:
                    send_frame(fd, {"op": "part", "cases": parts_of[ex_id][i]["cases"]})
                    reply = recv_frame(
                        fd, min(deadline, time.monotonic() + self.limits.part_timeout)
                    )
                except (FrameError, OSError) as exc:
                    pending.pop(0)
                    if time.monotonic() >= deadline:
                        return "over time"
                    replies[ex_id][i] = {"timeout": True} if str(exc) == "timeout" else None
                    return "restart"
                pending.pop(0)
                if isinstance(reply, dict) and isinstance(reply.get("replies"), list):
                    replies[ex_id][i] = reply["replies"]
            return "finished"
        finally:
            mine.close()
            CPU_SECONDS[0] += session_cpu(session)
            self._cleanup(session)
            shutil.rmtree(workdir, ignore_errors=True)

    def _cleanup(self, session: int | None) -> None:
        if self._ctl is not None and self.zygote is not None and self.zygote.poll() is None:
            try:
                self._ctl.send(json.dumps({"op": "cleanup"}).encode())
                self._ctl.recv(65536)
            except OSError:
                self.stop()
        kill_processes(session=session, uid=self.uid)


def isolation_mode() -> str:
    """How submissions are confined on this machine: ``namespaces`` (root with
    CAP_SYS_ADMIN), ``user`` (root, an unprivileged user), or ``limits`` (only the limits,
    the session and the private copies: run the grader in a container or as root)."""
    if os.geteuid() == 0 and not os.environ.get("LL_GRADER_NO_NAMESPACES"):
        pid = os.fork()
        if pid == 0:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            os._exit(0 if libc.unshare(0x20000 | 0x20000000 | 0x40000000 | 0x08000000) == 0 else 1)
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            return "namespaces"
    return "user" if can_drop_privileges()[0] else "limits"
