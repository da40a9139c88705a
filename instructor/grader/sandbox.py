r"""The grader's processes: a private copy of the code, and one pair of processes a job slot.

* :class:`Snapshot` copies ``helpers`` (for the students' processes) and ``helpers`` plus
  ``instructor`` (for the checker) into a private temporary folder when a run starts, and
  checks after every submission that nothing in it changed (restoring it if it did). The
  students' copy is read-only for them and the checker's copy is not even readable. Copies
  left by a grader that was killed are removed by the next run (:func:`sweep_stale`).
* :func:`sandbox_mode` says how this machine lets the grader confine a submission, and
  refuses to run students' code unconfined unless the instructor asks for it.
* :class:`Slot` runs one submission at a time: a pre-warmed *zygote*
  (:mod:`instructor.grader.zygote`) forks the process that reads and runs the notebook,
  and a *checker* (:mod:`instructor.grader.checker`) draws the cases and scores the
  replies. The slot checks every frame the notebook's process sends against the protocol,
  relays the replies to the checker unread, and keeps the clock: CPU time a cell, a check
  part, the reading of the file and the whole submission, measured over all the
  submission's processes, with the wall clock only as a far backstop; after each
  submission it kills every process the submission left.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .zygote import FrameError, proc_stats, recv_raw, send_frame, send_raw

__all__ = [
    "Limits",
    "Snapshot",
    "Slot",
    "SlotBroken",
    "SandboxUnavailable",
    "isolation_mode",
    "sandbox_mode",
    "sweep_stale",
]

ROOT_UIDS = 62000  # the first unprivileged user id a slot may claim when the grader is root
UID_RANGE = 4096  # ... and how many there are
UID_LOCKS = "ll-grader.uids"  # lock files in the temporary folder (not swept: no "ll-grader-")
PREFIX = "ll-grader-"
CELL_FRAME = 8192  # bytes of a frame while the cells run: {"start": i}, {"cell": i, ...}
REPLY_FRAME = 16 * 2**20  # bytes of one check part's replies
REPLY_TOTAL = 64 * 2**20  # bytes of all the replies of one submission
ERROR_TEXT = 300  # characters of a cell's error kept


@dataclass
class Limits:
    """The limits of a submission. Times are CPU seconds, counted over all the processes of
    the submission, so a busy machine costs no honest submission anything; a cell or part
    that waits (sleeps, blocks) for longer than its limit without computing is stopped too.
    The wall clock is only a backstop: ``backstop`` times each limit, plus 10 s."""

    timeout: float = 120.0  # CPU seconds for a whole submission: reading, cells, checks
    cell_timeout: float = 30.0  # CPU seconds a cell may use
    part_timeout: float = 5.0  # CPU seconds a check part may use the student's code
    memory_mb: int = 1024  # address space a submission may add to the warm process
    parse_timeout: float = 10.0  # CPU seconds to read the notebook's file
    backstop: float = 5.0  # wall-clock backstop, as a multiple of each limit

    def wall(self, seconds: float) -> float:
        return self.backstop * seconds + 10.0

    def __post_init__(self):
        for name in ("timeout", "cell_timeout", "part_timeout", "parse_timeout", "backstop"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0 < value < 1e6:
                raise ValueError(
                    f"{name} must be a positive number of seconds, got {value!r}; "
                    f"e.g. {getattr(Limits, name)}"
                )
        if not isinstance(self.memory_mb, int) or not 64 <= self.memory_mb <= 2**20:
            raise ValueError(
                f"memory_mb must be a whole number of MB from 64, got {self.memory_mb!r}; "
                f"e.g. {Limits.memory_mb}"
            )


def _site_dirs() -> list[str]:
    paths = sysconfig.get_paths()
    return list(dict.fromkeys([paths["purelib"], paths["platlib"]]))


def python_paths() -> list[str]:
    """The folders of this Python installation a notebook's process needs."""
    paths = sysconfig.get_paths()
    out = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    out += [paths["stdlib"], paths["platstdlib"], *_site_dirs()]
    out.append(os.path.dirname(os.path.realpath(sys.executable)))
    return [os.path.realpath(p) for p in dict.fromkeys(out) if p]


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


def _start_time(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            text = fh.read().decode(errors="replace")
        return text[text.rfind(")") + 2 :].split()[19]
    except (OSError, IndexError):
        return None


def sweep_stale(tmp: str | None = None) -> list[str]:
    """Remove the private folders of graders that were killed (owned by this user, their
    grader process gone); returns them."""
    tmp = tmp or tempfile.gettempdir()
    removed = []
    try:
        entries = os.listdir(tmp)
    except OSError:
        return removed
    for name in entries:
        if not name.startswith(PREFIX):
            continue
        path = os.path.join(tmp, name)
        try:
            info = os.lstat(path)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
                continue
            with open(os.path.join(path, "owner")) as fh:
                pid, started = fh.read().split()
        except (OSError, ValueError):
            # no owner file: a grader from before the owner files, or one killed while it
            # wrote it; an hour is far longer than that takes
            try:
                if time.time() - os.lstat(path).st_mtime < 3600:
                    continue
            except OSError:
                continue
            pid, started = "0", ""
        if int(pid) > 0 and _start_time(int(pid)) == started:
            continue  # its grader still runs
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


class Snapshot:
    """Private copies of the code the grader's processes import."""

    def __init__(self, helpers_dir: Path, instructor_dir: Path):
        sweep_stale()
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        os.chmod(self.root, 0o700)
        (self.root / "owner").write_text(f"{os.getpid()} {_start_time(os.getpid())}\n")
        self.student = self.root / "student"  # helpers + the zygote script and parser
        self.checker = self.root / "checker"  # helpers + instructor
        self.work = self.root / "work"  # one temporary folder a submission
        self.newroot = self.root / "newroot"  # mount point of a sandbox's root
        self._lock = threading.Lock()
        self._sources = {
            "student/helpers": helpers_dir,
            "checker/helpers": helpers_dir,
            "checker/instructor": instructor_dir,
        }
        here = Path(__file__).parent
        self._scripts = {
            "_zygote.py": (here / "zygote.py").read_bytes(),
            "_ll_notebook.py": (here / "notebook.py").read_bytes(),
        }
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

    @property
    def parser(self) -> Path:
        return self.student / "_ll_notebook.py"

    def _write(self) -> None:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
        for rel, src in self._sources.items():
            shutil.copytree(src, self.root / rel, ignore=ignore, dirs_exist_ok=True)
        for name, data in self._scripts.items():
            (self.student / name).write_bytes(data)
        self.work.mkdir(exist_ok=True)
        self.newroot.mkdir(exist_ok=True)
        # Others may pass through the root and read the students' copy, nothing else.
        os.chmod(self.root, 0o711)
        os.chmod(self.work, 0o711)
        os.chmod(self.newroot, 0o700)
        for dirpath, _dirnames, filenames in os.walk(self.student):
            os.chmod(dirpath, 0o755)
            for name in filenames:
                os.chmod(Path(dirpath) / name, 0o644)
        os.chmod(self.checker, 0o700)
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


def claim_uid() -> tuple[int, int]:
    """A user id for a slot that no other slot of any grader on this machine holds, and the
    file descriptor of the lock that holds it (released when it is closed, or when this
    process ends, however it ends). Two graders at once (two courses, or two test runs)
    must not share one: a slot kills every process of its user after each submission."""
    import fcntl

    folder = os.path.join(tempfile.gettempdir(), UID_LOCKS)
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
        raise SandboxUnavailable(
            f"{folder} is not a private folder of this user: remove it and grade again"
        )
    for uid in range(ROOT_UIDS, ROOT_UIDS + UID_RANGE):
        fd = os.open(os.path.join(folder, str(uid)), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        return uid, fd
    raise SandboxUnavailable(f"all {UID_RANGE} user ids from {ROOT_UIDS} are in use")


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


def sweep_user_files(uid: int) -> int:
    """Remove what ``uid`` (a slot's user) left in the folders everyone may write to
    (``/tmp``, ``/var/tmp``, ``/dev/shm`` and the world-writable folders below them), so
    that no submission can fill them for the ones after it; returns the count."""
    removed = 0
    tops = dict.fromkeys(["/tmp", "/var/tmp", "/dev/shm", tempfile.gettempdir()])
    todo = [t for t in tops if os.path.isdir(t)]
    seen = set()
    while todo:
        folder = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if info.st_uid == uid:
                if stat.S_ISDIR(info.st_mode):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        continue
                removed += 1
            elif (
                stat.S_ISDIR(info.st_mode)
                and info.st_mode & 0o002
                and (info.st_dev, info.st_ino) not in seen
            ):
                seen.add((info.st_dev, info.st_ino))
                todo.append(entry.path)
    return removed


def readable_by_others(path: Path, ancestors: bool = True) -> bool:
    """Whether a user other than the owner (and not in its group) can read ``path``:
    every folder above it lets others through (unless ``ancestors`` is False) and it lets
    others read it (or, a folder, pass through it)."""
    try:
        path = Path(os.path.realpath(path))
        mode = path.stat().st_mode
        if not mode & (0o005 if path.is_dir() else 0o004):
            return False
        return not ancestors or all(p.stat().st_mode & 0o001 for p in path.parents)
    except OSError:
        return False


def _python_problem(ancestors: bool) -> str:
    """Why another user could not run this Python ('' if it could)."""
    paths = sysconfig.get_paths()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        if not readable_by_others(Path(paths[key]), ancestors):
            return f"the Python installation ({paths[key]}) is not readable by other users"
    exe = os.path.realpath(sys.executable)
    if not readable_by_others(Path(exe), ancestors):
        return f"{exe} is not readable by other users"
    return ""


def can_drop_privileges() -> tuple[bool, str]:
    """Whether submissions can run as an unprivileged user without namespaces: root, and a
    Python that other users can read (a Python under /root, as pyenv installs it, is not)."""
    if os.geteuid() != 0:
        return False, "the grader does not run as root"
    problem = _python_problem(ancestors=True)
    return (not problem), problem


def namespaces_available() -> bool:
    """Root with CAP_SYS_ADMIN: a child can create the namespaces (and
    LL_GRADER_NO_NAMESPACES is not set)."""
    if os.geteuid() != 0 or os.environ.get("LL_GRADER_NO_NAMESPACES"):
        return False
    pid = os.fork()
    if pid == 0:
        import ctypes

        from .zygote import NAMESPACES

        libc = ctypes.CDLL(None, use_errno=True)
        os._exit(0 if libc.unshare(NAMESPACES) == 0 else 1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def isolation_mode() -> str:
    """How submissions are confined on this machine: ``namespaces`` (root with
    CAP_SYS_ADMIN: a new root file system, namespaces, an unprivileged user), ``user``
    (root: an unprivileged user), or ``limits`` (only the limits and the session: the
    grader refuses this mode unless told ``--unsafe-no-sandbox``)."""
    if namespaces_available() and not _python_problem(ancestors=False):
        return "namespaces"
    return "user" if can_drop_privileges()[0] else "limits"


class SandboxUnavailable(RuntimeError):
    """Students' code would run unconfined, and the instructor did not ask for that."""


UNSAFE_FLAG = "--unsafe-no-sandbox"


def sandbox_mode(unsafe: bool = False) -> str:
    """The mode :func:`isolation_mode` finds, or :class:`SandboxUnavailable` with the way
    out when that is ``limits`` and ``unsafe`` is not set."""
    mode = isolation_mode()
    if mode != "limits" or unsafe:
        return mode
    if os.geteuid() == 0:
        why = _python_problem(ancestors=True)
        raise SandboxUnavailable(
            f"no sandbox: the grader runs as root without namespaces "
            f"({'LL_GRADER_NO_NAMESPACES is set' if os.environ.get('LL_GRADER_NO_NAMESPACES') else 'no CAP_SYS_ADMIN'}) "
            f"and cannot run students' code as an unprivileged user because {why}; the "
            f"students' code would run as root. Use a Python that other users can read "
            f"(for example `python3 -m venv /opt/ll-grader && /opt/ll-grader/bin/pip "
            f"install -e '.[grader]'`, or `chmod o+rx` every folder above it), run with "
            f"namespaces (root with CAP_SYS_ADMIN), or pass {UNSAFE_FLAG} to grade "
            f"trusted notebooks anyway."
        )
    raise SandboxUnavailable(
        f"no sandbox: the grader does not run as root, so students' code would run as "
        f"you (uid {os.geteuid()}) and could read the seed, the hidden checks and the "
        f"other submissions, and change your files. Grade as root in a container or VM "
        f"(docs/grading.md), or pass {UNSAFE_FLAG} to grade trusted notebooks anyway."
    )


CPU_SECONDS = [0.0]  # CPU time of the submissions' processes so far (for the benchmark)
_TICK = os.sysconf("SC_CLK_TCK")


class _Meter:
    """CPU time of a submission's processes: every process below the slot's zygote (the
    session's process, everything it started, and the orphans the zygote inherited), in
    namespace mode without the watchdog's own time; and whether any of them is running
    or waiting for a CPU (not sleeping).

    :meth:`full` reads every process (a few ms); :meth:`now` only the notebook's main
    process (microseconds), with the others as the last full reading found them."""

    def __init__(self, zygote: int, session: int, namespaces: bool):
        self.zygote, self.session, self.namespaces = zygote, session, namespaces
        self.main = None if namespaces else session
        self.total = self.others = 0.0

    def full(self) -> tuple[float, bool]:
        stats = dict(proc_stats())
        children: dict[int, list[int]] = {}
        for pid, fields in stats.items():
            children.setdefault(int(fields[1]), []).append(pid)
        if self.main is None:  # the namespace's PID 1 forked the notebook's process first
            inits = children.get(self.session, [])
            kids = sorted(children.get(inits[0], [])) if inits else []
            self.main = kids[0] if kids else None
        total, busy, main = 0, False, 0
        todo = list(children.get(self.zygote, []))
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            f = stats[pid]
            own, reaped = int(f[11]) + int(f[12]), int(f[13]) + int(f[14])
            overseer = self.namespaces and (
                pid == self.session or int(f[1]) == self.session
            )  # the process outside and the namespace's PID 1: their reaped children only
            total += reaped if overseer else own + reaped
            if pid == self.main:
                main = own + reaped
            if not overseer and f[0] in ("R", "D"):
                busy = True
        self.others = (total - main) / _TICK
        self.total = max(self.total, total / _TICK)
        return self.total, busy

    def now(self) -> float:
        if self.main is None:
            return self.total
        try:
            with open(f"/proc/{self.main}/stat", "rb") as fh:
                text = fh.read().decode(errors="replace")
            f = text[text.rfind(")") + 2 :].split()
            main = sum(int(x) for x in f[11:15]) / _TICK
        except (OSError, ValueError, IndexError):
            return self.total
        return max(self.total, main + self.others)


class _Stop(Exception):
    """A phase of the session ran past a limit: ``why`` is cpu, idle, wall or total."""

    def __init__(self, why: str, limit: float):
        super().__init__(why)
        self.why, self.limit = why, limit


class SlotBroken(RuntimeError):
    """The slot's zygote or checker stopped answering; the slot restarts them."""


@dataclass
class _Submission:
    """What a slot knows of the submission it grades, across its sessions."""

    source: Path
    size: int
    decide: object  # callable(Submission) -> (exercise ids, notes)
    case_seed: int
    hide: list
    cells: list | None = None
    ids: list = field(default_factory=list)
    parts: dict = field(default_factory=dict)  # exercise -> parts (stripped cases)
    forbid: dict = field(default_factory=dict)  # exercise -> helper names
    replies: dict = field(default_factory=dict)  # exercise -> [raw bytes | marker]
    pending: list = field(default_factory=list)  # (exercise, part) not answered yet
    skip: set = field(default_factory=set)
    cell_status: dict = field(default_factory=dict)
    reply_bytes: int = 0
    cpu: float = 0.0  # CPU seconds of the sessions so far
    unreadable: str | None = None
    sub: object = None
    notes: list = field(default_factory=list)
    status: str = ""
    reason: str = ""


class Slot:
    """One job slot: a zygote and a checker, one submission at a time."""

    MAX_SESSIONS = 4  # a notebook is run again at most 3 times, without the cells that hung

    def __init__(self, index: int, snapshot: Snapshot, limits: Limits, mode: str):
        self.index, self.snapshot, self.limits, self.mode = index, snapshot, limits, mode
        self.uid = self._uid_lock = None
        if mode in ("namespaces", "user"):
            self.uid, self._uid_lock = claim_uid()
        self.zygote = self.checker = None
        self._ctl = None
        self._zygote_pid = None
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
        config = {
            "path": [str(self.snapshot.student), *_site_dirs()],
            "ctl_fd": theirs.fileno(),
            "parser": str(self.snapshot.parser),
        }
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
        self._zygote_pid = int(ready["pid"])
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

    def release(self) -> None:
        """Stop the processes and give the slot's user id back."""
        self.stop()
        if self._uid_lock is not None:
            os.close(self._uid_lock)
            self._uid_lock = None

    def alive(self) -> bool:
        return all(p is not None and p.poll() is None for p in (self.zygote, self.checker))

    def ask_checker(self, msg: dict, raw=(), timeout: float = 60.0) -> dict:
        """Send ``msg`` (and the ``raw`` frames it refers to) to the checker; its answer."""
        from .zygote import recv_frame

        try:
            send_frame(self.checker.stdin.fileno(), msg)
            for data in raw:
                send_raw(self.checker.stdin.fileno(), data)
            out = recv_frame(self.checker.stdout.fileno(), time.monotonic() + timeout)
        except (FrameError, OSError, ValueError) as exc:
            raise SlotBroken(f"the checker stopped answering ({exc})") from None
        if not isinstance(out, dict) or "error" in out:
            raise SlotBroken(
                f"the checker failed: {out.get('error') if isinstance(out, dict) else out}"
            )
        return out

    # ------------------------------------------------------------------- one submission
    def run(self, source: Path, size: int, decide, case_seed: int, hide=()) -> dict:
        """Read, execute and score the submission ``source`` (``size`` bytes).

        ``decide(submission)`` gets the parsed :class:`~instructor.grader.notebook.
        Submission` and returns ``(exercise ids, notes)``. Returns the raw outcome; never
        raises for anything the submission does (raises :class:`SlotBroken` if the slot
        broke). A cell or a check part that runs past its limit, ends the process or breaks
        the protocol costs a new session: the notebook runs again without the cells that
        did it, and the checks go on with the next part."""
        if not self.alive():
            self.start()
        ctx = _Submission(Path(source), int(size), decide, int(case_seed), list(hide))
        self._wall_deadline = time.monotonic() + self.limits.wall(self.limits.timeout)
        outcome = {"cells": [], "results": {}, "status": "ok", "reason": "", "notes": []}
        state = "restart"
        for _ in range(self.MAX_SESSIONS):
            state = self._session(ctx)
            if state != "restart":
                break
        else:
            state = "too many restarts"
        outcome["submission"], outcome["exercises"] = ctx.sub, ctx.ids
        outcome["notes"] = list(ctx.notes)
        outcome["cpu_seconds"] = round(ctx.cpu, 2)
        if state == "unreadable":
            outcome.update(status="not a notebook", reason=ctx.unreadable)
            return outcome
        if state == "no exercises":
            outcome.update(status=ctx.status or "no exercises found", reason=ctx.reason)
            return outcome
        if state == "over time":
            outcome.update(
                status="timeout",
                reason=(
                    f"the notebook ran past the time limit of {self.limits.timeout:g} s "
                    f"(CPU time) for a whole submission and was stopped"
                ),
            )
        elif state == "too many restarts":
            outcome.update(
                status="crashed",
                reason="the notebook's process ended or hung "
                f"{self.MAX_SESSIONS} times; grading stopped",
            )
        outcome["cells"] = [ctx.cell_status[k] for k in sorted(ctx.cell_status)]
        for ex_id in ctx.ids:
            descriptors, raw = [], []
            for reply in ctx.replies[ex_id]:
                if isinstance(reply, bytes):
                    descriptors.append({"raw": len(raw)})
                    raw.append(reply)
                else:
                    descriptors.append(reply)
            result = self.ask_checker(
                {
                    "op": "score",
                    "exercise": ex_id,
                    "seed": ctx.case_seed,
                    "replies": descriptors,
                    "time_limit": self.limits.part_timeout,
                },
                raw,
            )["result"]
            got_nothing = all(r is None for r in ctx.replies[ex_id])
            if got_nothing and result["points"] == 0:
                result["status"] = "no result"
            outcome["results"][ex_id] = result
        return outcome

    def _job(self, ctx: _Submission, workdir: Path, name: str) -> dict:
        job = {
            "mode": self.mode,
            "uid": self.uid,
            "workdir": str(workdir),
            "file": name,
            "root": str(self.snapshot.newroot),
            "allow": [*python_paths(), str(self.snapshot.student)],
            "hide": [str(self.snapshot.checker), *map(str, ctx.hide)],
            "memory_mb": self.limits.memory_mb,
            "cpu_seconds": int(self.limits.timeout) + 10,
            "parse_cpu": self.limits.parse_timeout,
            "cell_cpu": self.limits.cell_timeout,
            "part_cpu": self.limits.part_timeout,
            "max_bytes": ctx.size,
        }
        if ctx.cells is not None:
            job.update(cells=ctx.cells, skip=sorted(ctx.skip), forbid=self._forbid_map(ctx))
        return job

    @staticmethod
    def _forbid_map(ctx: _Submission) -> dict:
        """Helper name -> the exercises that forbid it, for the notebook's cells."""
        out: dict[str, list[str]] = {}
        for ex_id in ctx.ids:
            for name in ctx.forbid.get(ex_id, []):
                out.setdefault(name, []).append(ex_id)
        return {name: "/".join(ids) for name, ids in out.items()}

    def _wait(
        self, fd: int, meter: _Meter, ctx: _Submission, start_cpu: float, limit: float, size: int
    ) -> bytes:
        """The next frame from the notebook's process, while it stays within ``limit``
        CPU seconds (from ``start_cpu``), does not wait more than ``limit`` seconds without
        computing, and the wall clock stays under the backstop; else :class:`_Stop`."""
        now = time.monotonic()
        wall_stop = min(now + self.limits.wall(limit), self._wall_deadline)
        last, last_cpu, idle = now, start_cpu, 0.0
        while True:
            ready, _, _ = select.select([fd], [], [], max(0.0, min(0.25, wall_stop - now)))
            if ready:
                raw = recv_raw(fd, wall_stop, size)
                if meter.main is None:
                    meter.full()
                return raw
            now = time.monotonic()
            cpu, busy = meter.full()
            if ctx.cpu + cpu > self.limits.timeout:
                raise _Stop("total", self.limits.timeout)
            if cpu - start_cpu > limit:
                raise _Stop("cpu", limit)
            if not busy and cpu - last_cpu < 0.2 * (now - last):
                idle += now - last
            last, last_cpu = now, cpu
            if idle > limit:
                raise _Stop("idle", limit)
            if now >= wall_stop:
                raise _Stop("total" if now >= self._wall_deadline else "wall", limit)

    def _cell_frame(self, raw: bytes) -> dict:
        """A frame of the cell phase as a dict of plain values, or ValueError."""
        msg = json.loads(raw)
        if not isinstance(msg, dict) or not 1 <= len(msg) <= 3:
            raise ValueError("not a frame of the protocol")
        return msg

    def _session(self, ctx: _Submission) -> str:
        """One run of the notebook; returns finished, restart, over time, unreadable or
        no exercises."""
        self.counter += 1
        slot_dir = self.snapshot.work / f"slot{self.index}"
        slot_dir.mkdir(exist_ok=True)
        os.chmod(slot_dir, 0o711)
        workdir = Path(tempfile.mkdtemp(prefix=f"{self.counter}-", dir=slot_dir))
        name = "submission" + ctx.source.suffix
        with open(ctx.source, "rb") as src, open(workdir / name, "wb") as dst:
            dst.write(src.read(ctx.size + 1))  # the submission itself is only read
        if self.uid is not None:
            for p in (workdir, workdir / name):
                os.chown(p, self.uid, self.uid)
        os.chmod(workdir, 0o700)
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        session = None
        meter = None
        try:
            try:
                socket.send_fds(self._ctl, [json.dumps({"op": "run"}).encode()], [theirs.fileno()])
                session = json.loads(self._ctl.recv(65536))["pid"]
            except (OSError, ValueError, KeyError) as exc:
                raise SlotBroken(f"the zygote did not fork ({exc})") from None
            finally:
                theirs.close()
            fd = mine.fileno()
            meter = _Meter(self._zygote_pid, session, self.mode == "namespaces")
            try:
                send_frame(fd, self._job(ctx, workdir, name))
            except OSError:  # it ended before it got its work: not the notebook's doing
                return "restart"
            if ctx.cells is None:
                state = self._read(fd, meter, ctx)
                if state is not None:
                    return state
            state = self._cells(fd, meter, ctx)
            if state is not None:
                return state
            return self._parts(fd, meter, ctx)
        except _Stop as stop:
            if stop.why == "total":
                return "over time"
            raise
        finally:
            mine.close()
            if meter is not None:
                cpu = meter.full()[0]
                ctx.cpu += cpu
                CPU_SECONDS[0] += cpu
            self._cleanup(session)
            shutil.rmtree(workdir, ignore_errors=True)

    def _read(self, fd: int, meter: _Meter, ctx: _Submission) -> str | None:
        """The first session reads the file in the sandbox: the grader checks what comes
        back, decides the exercises and tells the process to go on (None) or not."""
        from .notebook import Submission

        limit = self.limits.parse_timeout
        try:
            raw = self._wait(fd, meter, ctx, 0.0, limit, 6 * ctx.size + 2**20)
            msg = json.loads(raw)
            del raw
        except _Stop as stop:
            if stop.why == "total":
                raise
            ctx.unreadable = (
                f"not a notebook: reading it took more than {limit:g} s "
                f"({'CPU time' if stop.why == 'cpu' else 'wall clock'})"
            )
            return "unreadable"
        except (FrameError, ValueError, RecursionError, MemoryError):
            ctx.unreadable = "not a notebook: the file could not be read (the reader failed)"
            return "unreadable"
        if isinstance(msg, dict) and isinstance(msg.get("unreadable"), str) and len(msg) == 1:
            ctx.unreadable = msg["unreadable"][:ERROR_TEXT]
            return "unreadable"
        try:
            if not isinstance(msg, dict) or len(msg) != 1:
                raise ValueError("not a frame of the protocol")
            ctx.sub = Submission.from_parsed(msg.get("parsed"), ctx.source.name, 6 * ctx.size)
        except ValueError:
            ctx.unreadable = "not a notebook: the file could not be read (the reader failed)"
            return "unreadable"
        del msg
        ctx.ids, ctx.notes, ctx.status, ctx.reason = ctx.decide(ctx.sub)
        if not ctx.ids:
            send_frame(fd, {"run": False})
            return "no exercises"
        for ex_id in ctx.ids:
            answer = self.ask_checker({"op": "cases", "exercise": ex_id, "seed": ctx.case_seed})
            ctx.parts[ex_id] = answer["parts"]
            ctx.forbid[ex_id] = answer.get("forbid", [])
            ctx.replies[ex_id] = [None] * len(answer["parts"])
            ctx.pending += [(ex_id, i) for i in range(len(answer["parts"]))]
        ctx.cells = ctx.sub.cells
        send_frame(fd, {"run": True, "skip": [], "forbid": self._forbid_map(ctx)})
        return None

    def _blame(self, ctx: _Submission, cell, status: str, detail: str = "") -> str:
        if cell is None:  # nothing ran yet in this session: not a cell's doing
            return "restart"
        entry = {"cell": cell, "status": status}
        if detail:
            entry["detail"] = detail
        ctx.cell_status.setdefault(cell, entry)
        ctx.skip.add(cell)
        return "restart"

    def _next(self, fd, meter, ctx, start_cpu, limit) -> dict:
        msg = json.loads(self._wait(fd, meter, ctx, start_cpu, limit, CELL_FRAME))
        if not isinstance(msg, dict):
            raise ValueError("not a frame of the protocol")
        return msg

    def _cells(self, fd: int, meter: _Meter, ctx: _Submission) -> str | None:
        """The cells, in order, each announced ({"start": i}) and then reported
        ({"cell": i, "status": "ok"} or with "error"), then {"done": true}. Anything else,
        a frame over 8 kB, or a stop, ends the session and is the fault of the running
        cell (between cells: of the last one that ran, which may have left a thread): the
        notebook runs again without it."""
        todo = [i for i, _ in ctx.cells if i not in ctx.skip]
        limit = self.limits.cell_timeout
        last = None  # the last cell that ran to its end
        for index in [*todo, None]:
            between = last if last is not None else index
            try:
                start_cpu = meter.now()
                msg = self._next(fd, meter, ctx, start_cpu, limit)
                if index is None:
                    if msg != {"done": True}:
                        return self._blame(ctx, between, "protocol", "an unexpected frame")
                    return None
                if msg != {"start": index}:
                    return self._blame(ctx, between, "protocol", "an unexpected frame")
                start_cpu = meter.now()
                msg = self._next(fd, meter, ctx, start_cpu, limit)
            except _Stop as stop:
                if stop.why == "total":
                    raise
                return self._blame(
                    ctx, index if index is not None else between, "timeout", stop.why
                )
            except FrameError as exc:
                status = "died" if str(exc) == "closed" else "protocol"
                return self._blame(
                    ctx, index if index is not None else between, status, str(exc)[:80]
                )
            except (ValueError, RecursionError, MemoryError):
                return self._blame(
                    ctx, index if index is not None else between, "protocol", "not a frame"
                )
            status = msg.get("status")
            valid = (
                type(msg.get("cell")) is int
                and msg["cell"] == index
                and (
                    (status == "ok" and len(msg) == 2)
                    or (status == "error" and len(msg) == 3 and isinstance(msg.get("error"), str))
                )
            )
            if not valid:
                return self._blame(ctx, index, "protocol", "an unexpected frame")
            entry = {"cell": index, "status": status}
            if status == "error":
                entry["error"] = msg["error"][:ERROR_TEXT]
            ctx.cell_status.setdefault(index, entry)
            last = index
        return None

    def _parts(self, fd: int, meter: _Meter, ctx: _Submission) -> str:
        """The checks, part by part: the replies are kept as bytes for the checker."""
        # A fresh reading of every process first: CPU that the cells' other processes
        # used (a fork bomb's children, say) and the last reading did not see yet would
        # otherwise be charged to the first part, which then looks over its time limit.
        meter.full()
        while ctx.pending:
            ex_id, i = ctx.pending[0]
            start_cpu = meter.now()
            try:
                send_frame(
                    fd,
                    {
                        "op": "part",
                        "cases": ctx.parts[ex_id][i]["cases"],
                        "forbid": ctx.forbid.get(ex_id, []),
                        "exercise": ex_id,
                    },
                )
                raw = self._wait(fd, meter, ctx, start_cpu, self.limits.part_timeout, REPLY_FRAME)
            except _Stop as stop:
                if stop.why == "total":
                    raise
                ctx.pending.pop(0)
                ctx.replies[ex_id][i] = {"timeout": True, "why": stop.why}
                return "restart"
            except (FrameError, OSError) as exc:
                ctx.pending.pop(0)
                if "over the limit" in str(exc):
                    ctx.replies[ex_id][i] = {"toolarge": True}
                return "restart"
            ctx.pending.pop(0)
            if ctx.reply_bytes + len(raw) > REPLY_TOTAL:
                ctx.replies[ex_id][i] = {"toolarge": True}
            else:
                ctx.reply_bytes += len(raw)
                ctx.replies[ex_id][i] = raw
        return "finished"

    def _cleanup(self, session: int | None) -> None:
        if self._ctl is not None and self.zygote is not None and self.zygote.poll() is None:
            try:
                self._ctl.send(json.dumps({"op": "cleanup"}).encode())
                self._ctl.recv(65536)
            except OSError:
                self.stop()
        kill_processes(session=session, uid=self.uid)
        if self.mode == "user" and self.uid is not None:
            sweep_user_files(self.uid)
