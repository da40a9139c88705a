r"""The pre-warmed process that runs students' notebooks (run as a script, never imported
by a student's code).

The grader starts one of these per job slot as ``python -I -S zygote.py CONFIG``, with a
``sys.path`` holding only a private copy of ``helpers`` and the environment's
site-packages: ``instructor`` is not importable here, and no reference answer, case seed
or grading seed is ever loaded into this process. It imports numpy, matplotlib, every
module of ``helpers``, IPython and the notebook parser once, then waits for work. For each
submission it forks a child that

1. starts its own session and is *confined* (:func:`_confine`): with namespaces (root with
   CAP_SYS_ADMIN), a new root file system built from an allowlist (the Python
   installation, read-only; a private 256 MB scratch folder; nothing of the grader's
   files, the submissions or the results), new PID, network, IPC and UTS namespaces, and
   an unprivileged user id; without them, the unprivileged user id alone (root without
   CAP_SYS_ADMIN); then limits on memory, CPU time, file size and processes; nothing
   printed goes anywhere (stdout and stderr are ``/dev/null``);
2. reads the submission's file (:mod:`instructor.grader.notebook`'s ``parse``, loaded
   from a copy of that file) and sends its code cells to the grader, which checks them;
3. runs the code cells one by one, announcing each, with a CPU-time limit a cell;
4. then answers the checker's calls, part by part, with plain data
   (:mod:`helpers.practice.codec`).

The grader keeps the clock and checks every frame: a cell or a part that uses more than
its CPU time, waits longer than its limit without computing, ends the process
(``os._exit``, a crash) or writes anything to the grader's socket that is not the next
expected frame gets the whole session killed with SIGKILL (no ``except`` clause can stop
that) and a new one started that runs the notebook again without that cell, so the rest
of the notebook is still graded.

The child talks to the grader over one socket, in frames of a 4-byte length and JSON.
"""

import json
import os
import re
import select
import signal
import socket
import struct
import sys

MAX_FRAME = 64 * 2**20


# ---------------------------------------------------------------------------------- frames


class FrameError(Exception):
    """The other end closed, sent too much, or said nothing before the deadline."""


def send_raw(fd: int, data: bytes) -> None:
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def send_frame(fd: int, obj, ascii: bool = True) -> None:
    send_raw(fd, json.dumps(obj, separators=(",", ":"), ensure_ascii=ascii).encode())


def _read_exact(fd: int, n: int, deadline) -> bytes:
    import time

    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise FrameError("timeout")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                raise FrameError("timeout")
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise FrameError("closed")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def recv_raw(fd: int, deadline=None, limit: int = MAX_FRAME) -> bytes:
    """One frame's bytes from ``fd``; ``deadline`` is a time.monotonic() value or None.
    A frame longer than ``limit`` is refused before it is read."""
    (n,) = struct.unpack(">I", _read_exact(fd, 4, deadline))
    if n > limit:
        raise FrameError(f"a frame of {n} bytes is over the limit of {limit}")
    return _read_exact(fd, n, deadline)


def recv_frame(fd: int, deadline=None, limit: int = MAX_FRAME):
    """One JSON frame from ``fd`` (see :func:`recv_raw`)."""
    try:
        return json.loads(recv_raw(fd, deadline, limit))
    except (ValueError, RecursionError) as exc:
        raise FrameError(f"not JSON ({type(exc).__name__})") from None


# ------------------------------------------------------------------------- the warm process


def _load_parser(path: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location("_ll_notebook", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["_ll_notebook"] = module
    spec.loader.exec_module(module)
    # read one small notebook of each kind, so that every module the parser needs is
    # imported before any submission is read
    md = "```{code-cell} ipython3\nx = 1\n```\n"
    module.parse(".md", md.encode())
    ipynb = {"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}}]}
    module.parse(".ipynb", json.dumps(ipynb).encode())
    return module


def _warm_up(parser_path: str):
    """Import everything a notebook uses, once, before any student code exists."""
    import pkgutil

    import matplotlib
    import numpy  # noqa: F401

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401

    import helpers

    for mod in pkgutil.walk_packages(helpers.__path__, "helpers."):
        try:
            __import__(mod.name)
        except Exception:  # noqa: BLE001 - an optional part that is not installed
            pass
    for name in ("scipy.linalg", "scipy.optimize", "scipy.stats"):
        try:
            __import__(name)
        except Exception:  # noqa: BLE001
            pass
    import helpers.practice

    def check(exercise_id=None, namespace=None):
        """In the grader, the practice check does nothing: the grader checks on its own."""
        print(f"check({exercise_id!r}): graded by the grader")

    helpers.practice.check = check
    sys.modules["helpers.practice.checking"].check = check

    import types

    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config, user_module=types.ModuleType("__main__"))
    from helpers.practice.codec import encode  # noqa: F401 - loaded before any fork
    from helpers.practice.evaluate import answer_part
    from helpers.practice.forbid import Forbidden

    return shell, answer_part, Forbidden, _load_parser(parser_path)


def proc_stats():
    """``(pid, fields)`` of every process, ``fields`` the words of /proc/PID/stat after the
    command name: ``fields[0]`` the state, ``fields[1]`` the parent, ``fields[3]`` the
    session, ``fields[11:15]`` the CPU ticks (user, system, and of the children it reaped)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 14:
            yield int(entry), fields


def _children_of(pid: int) -> list[int]:
    return [p for p, fields in proc_stats() if int(fields[1]) == pid]


def _kill_children() -> int:
    """SIGKILL every child (the subreaper gets orphans too), until none is left."""
    me, killed = os.getpid(), 0
    for _ in range(50):
        kids = _children_of(me)
        if not kids:
            break
        for pid in kids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        import time

        time.sleep(0.005)
    return killed


def main(config: dict) -> None:
    os.environ.update(config.get("env", {}))
    warm = _warm_up(config["parser"])
    try:  # orphans of a submission become our children, so that we can kill them
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except Exception:  # noqa: BLE001 - not Linux: the session kill still applies
        pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # reap every child automatically
    ctl = socket.socket(fileno=int(config["ctl_fd"]))
    ctl.send(json.dumps({"ready": True, "pid": os.getpid()}).encode())
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(ctl, 65536, 1)
        except OSError:
            break
        if not data:
            break
        msg = json.loads(data)
        if msg.get("op") == "run" and fds:
            pid = os.fork()
            if pid == 0:
                ctl.close()
                try:
                    _session(warm, fds[0])
                finally:
                    os._exit(0)
            os.close(fds[0])
            ctl.send(json.dumps({"pid": pid}).encode())
        elif msg.get("op") == "cleanup":
            for fd in fds:
                os.close(fd)
            ctl.send(json.dumps({"killed": _kill_children()}).encode())
        else:
            break


# ----------------------------------------------------------------------- one submission


def _limit(which, soft, hard=None):
    import resource

    try:
        _, old_hard = resource.getrlimit(which)
        hard = old_hard if hard is None else hard
        if old_hard != resource.RLIM_INFINITY:
            hard = old_hard if hard == resource.RLIM_INFINITY else min(hard, old_hard)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        pass


def _cpu_limit(seconds: float) -> None:
    """Let this process use ``seconds`` more of CPU time (SIGXCPU then; the grader's own
    accounting of every process of the submission normally stops it first)."""
    import math
    import resource

    used = sum(os.times()[:2])
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used + seconds + 2)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass


def _vm_size() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


_MS = {
    "RDONLY": 1,
    "NOSUID": 2,
    "NODEV": 4,
    "NOEXEC": 8,
    "REMOUNT": 32,
    "NOATIME": 1024,
    "NODIRATIME": 2048,
    "BIND": 4096,
    "MOVE": 8192,
    "REC": 16384,
    "PRIVATE": 1 << 18,
    "RELATIME": 1 << 21,
    "STRICTATIME": 1 << 24,
}
_OPTION_FLAGS = {
    "nosuid": _MS["NOSUID"],
    "nodev": _MS["NODEV"],
    "noexec": _MS["NOEXEC"],
    "noatime": _MS["NOATIME"],
    "nodiratime": _MS["NODIRATIME"],
    "relatime": _MS["RELATIME"],
}
_CLONE = {"NEWNS": 0x20000, "NEWUTS": 0x4000000, "NEWIPC": 0x8000000, "NEWPID": 0x20000000}
_CLONE["NEWNET"] = 0x40000000
NAMESPACES = sum(_CLONE.values())
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "ppc64le": 203, "s390x": 217}
SANDBOX_HOME = "/home/student"
# What a notebook's process sees of the machine, read-only, besides the Python installation
# and the private copy of helpers: the system's programs and libraries, and a few files of
# /etc that the dynamic linker and Python's standard library read.
SYSTEM_PATHS = (
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/alternatives",
    "/etc/mime.types",
)


def _mounts() -> list[tuple[str, int]]:
    """``(mount point, flags)`` of every mount, parents before children."""
    out = []
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            fields = line.split()
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            flags = 0
            for opt in fields[5].split(","):
                flags |= _OPTION_FLAGS.get(opt, 0)
            out.append((point, flags))
    return out


def _libc():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
    return libc


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


class _RootBuilder:
    """A new root file system on an empty tmpfs: allowlisted paths bound read-only."""

    def __init__(self, new: str, libc):
        self.new, self.libc = new.rstrip("/"), libc
        self.mounts = _mounts()

    def mount(self, src, target, fstype, flags, data=None) -> bool:
        enc = lambda x: None if x is None else x.encode()  # noqa: E731
        return self.libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)) == 0

    def must(self, ok: bool, code: int) -> None:
        if not ok:
            os._exit(code)  # half built: never run student code like this

    def flags_of(self, path: str) -> int:
        best, flags = "", 0
        for point, f in self.mounts:
            if _inside(path, point) and len(point) >= len(best):
                best, flags = point, f
        return flags

    def bind(self, src: str, target: str | None = None, writable: bool = False) -> None:
        """Bind ``src`` (a file or a folder) at the same path in the new root (or at
        ``target``), read-only unless ``writable``; folder by folder for the mounts
        below it, so that none of them is missed or left writable."""
        target = self.new + (src if target is None else target)
        if os.path.islink(target) or os.path.exists(target) and not os.path.isdir(src):
            return
        if os.path.isdir(src):
            os.makedirs(target, mode=0o755, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
            with open(target, "a"):
                pass
        self.must(self.mount(src, target, None, _MS["BIND"]), 80)
        if not writable:
            flags = _MS["REMOUNT"] | _MS["BIND"] | _MS["RDONLY"] | self.flags_of(src)
            self.must(self.mount(None, target, None, flags | _MS["NOSUID"]), 81)
        if os.path.isdir(src):
            for point, _ in self.mounts:
                if point != src and _inside(point, src) and os.path.isdir(point):
                    self.bind(point, target[len(self.new) :] + point[len(src) :], writable)

    def allow(self, path: str) -> None:
        """``path`` visible, read-only: a symbolic link at the top is copied as a link."""
        if not os.path.lexists(path):
            return
        parent = os.path.dirname(path)
        if os.path.islink(path):
            os.makedirs(self.new + parent, mode=0o755, exist_ok=True)
            if not os.path.lexists(self.new + path):
                os.symlink(os.readlink(path), self.new + path)
            return
        self.bind(path)

    def hide(self, path: str) -> None:
        target = self.new + path
        if os.path.isdir(target) and not os.path.islink(target):
            flags = _MS["RDONLY"] | _MS["NOSUID"] | _MS["NODEV"]
            self.must(self.mount("tmpfs", target, "tmpfs", flags, "size=4k,mode=555"), 82)
        elif os.path.isfile(target):
            self.must(self.mount("/dev/null", target, None, _MS["BIND"]), 82)

    def write(self, path: str, text: str) -> None:
        os.makedirs(os.path.dirname(self.new + path), mode=0o755, exist_ok=True)
        with open(self.new + path, "w") as fh:
            fh.write(text)


def _pivot_root(libc, new: str) -> None:
    """Make ``new`` the root and detach the old one (nothing of it stays reachable)."""
    os.chdir(new)
    number = _PIVOT_ROOT.get(os.uname().machine)
    if number is not None and libc.syscall(number, b".", b".") == 0:
        if libc.umount2(b".", 2) != 0:  # MNT_DETACH: the old root, stacked on the new
            os._exit(83)
    else:  # an architecture without a known number: move the new root over the old
        if libc.mount(b".", b"/", None, _MS["MOVE"], None) != 0 or libc.chroot(b".") != 0:
            os._exit(84)
    os.chdir("/")


def _isolate(job: dict, data: bytes) -> str:
    """Namespaces and a new root built from an allowlist; returns the working folder.

    As root with CAP_SYS_ADMIN: new mount, PID, network, IPC and UTS namespaces; a root
    file system on a tmpfs holding only the allowlisted paths (the Python installation and
    the private copy of ``helpers``: ``job["allow"]``; ``/usr``, ``/lib*``, a few files of
    ``/etc``, and the safe devices), all read-only, plus a 256 MB scratch tmpfs for the
    working folder (``/home/student``), ``/tmp`` and ``/dev/shm``. Paths in
    ``job["hide"]`` that lie inside an allowlisted one are covered. The old root is
    detached: nothing of the grader's files, the submissions or the results exists here.
    Any step that fails ends the process: no student code runs half isolated."""
    libc = _libc()
    if libc.unshare(NAMESPACES) != 0:
        os._exit(79)
    os.umask(0o022)
    if libc.mount(None, b"/", None, _MS["REC"] | _MS["PRIVATE"], None) != 0:
        os._exit(70)
    uid = int(job["uid"])
    root = _RootBuilder(job["root"], libc)
    new = root.new
    root.must(
        root.mount("tmpfs", new, "tmpfs", _MS["NOSUID"] | _MS["NODEV"], "size=4m,mode=755"), 73
    )
    scratch = new + "/.scratch"
    os.mkdir(scratch)
    root.must(
        root.mount("tmpfs", scratch, "tmpfs", _MS["NOSUID"] | _MS["NODEV"], "size=256m,mode=755"),
        73,
    )
    for name, mode in (("home", 0o700), ("tmp", 0o700), ("shm", 0o700)):
        os.mkdir(f"{scratch}/{name}", mode)
        os.chown(f"{scratch}/{name}", uid, uid)
    with open(f"{scratch}/home/{job['file']}", "wb") as fh:
        fh.write(data)
    os.chown(f"{scratch}/home/{job['file']}", uid, uid)
    # the private, writable folders first: an allowlisted path may lie below /tmp
    root.bind(f"{scratch}/tmp", "/tmp", writable=True)
    root.bind(f"{scratch}/home", SANDBOX_HOME, writable=True)
    allowed = sorted({p for p in [*SYSTEM_PATHS, *job["allow"]] if p and p != "/"}, key=len)
    for path in allowed:
        if not any(_inside(path, q) for q in allowed if len(q) < len(path)):
            root.allow(path)
    for path in job.get("hide", []):
        if any(_inside(path, q) for q in allowed):
            root.hide(path)
    root.write(
        "/etc/passwd", f"root:x:0:0::/root:/bin/sh\nstudent:x:{uid}:{uid}::{SANDBOX_HOME}:/bin/sh\n"
    )
    root.write("/etc/group", f"root:x:0:\nstudent:x:{uid}:\n")
    root.write("/etc/hostname", "sandbox\n")
    os.makedirs(new + "/dev", mode=0o755)
    for dev in ("null", "zero", "full", "random", "urandom"):
        root.bind(f"/dev/{dev}", writable=True)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0")):
        os.symlink(target, f"{new}/dev/{name}")
    os.symlink("/proc/self/fd/1", f"{new}/dev/stdout")
    os.symlink("/proc/self/fd/2", f"{new}/dev/stderr")
    root.bind(f"{scratch}/shm", "/dev/shm", writable=True)
    os.mkdir(new + "/proc", 0o555)
    root.must(libc.umount2(scratch.encode(), 2) == 0, 74)  # the binds stay
    os.rmdir(scratch)
    _pivot_root(libc, new)
    flags = _MS["REMOUNT"] | _MS["BIND"] | _MS["RDONLY"] | _MS["NOSUID"] | _MS["NODEV"]
    if libc.mount(None, b"/", None, flags, None) != 0:
        os._exit(75)
    libc.sethostname(b"sandbox", 7)
    return SANDBOX_HOME


_CAP_KILL, _CAP_SYS_PTRACE = 5, 19


def _keep_capabilities(keep) -> None:
    """Drop every capability but ``keep`` (now and after any exec)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):
        if cap not in keep:
            libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP
    mask = sum(1 << c for c in keep)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (ctypes.c_uint32 * 6)(mask, mask, 0, 0, 0, 0)  # effective, permitted, inheritable
    if libc.capset(header, data) != 0:
        os._exit(72)
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS


def _become(uid: int) -> None:
    """The unprivileged user ``uid``, with no capability and no way to gain one."""
    import ctypes

    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:
        os._exit(76)
    ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS


MAX_PROCESSES = 16  # processes a submission may have at once in its namespace
MAX_TASKS = 64  # processes and threads of a slot's user (RLIMIT_NPROC)


def _namespace_pids() -> list[str]:
    return [entry for entry in os.listdir("/proc") if entry.isdigit()]


def _pss(pids) -> int:
    """Summed proportional set size in bytes of ``pids``."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def _init_of_namespace(fd: int, memory_mb: int) -> None:
    """Become PID 1 of the new namespace: mount its /proc, fork the notebook's process
    (which returns from here), keep only the capabilities to watch and kill it, reap
    orphans, and watch the whole namespace: more than :data:`MAX_PROCESSES` processes,
    or more memory together than ``memory_mb`` over the start, and every process in it is
    killed (the grader then runs the notebook again without the cell that did it). The
    address-space limit is per process; this one is for all of them."""
    libc = _libc()
    flags = _MS["NOSUID"] | _MS["NODEV"] | _MS["NOEXEC"]
    if libc.mount(b"proc", b"/proc", b"proc", flags, None) != 0:
        os._exit(77)
    if os.fork() == 0:
        return
    os.close(fd)  # only the notebook's processes hold the grader's socket
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _keep_capabilities((_CAP_KILL, _CAP_SYS_PTRACE))
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0
    import time

    limit = None
    while True:
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        pids = _namespace_pids()
        if len(pids) > MAX_PROCESSES:  # a fork bomb: no time to measure anything
            os.kill(-1, signal.SIGKILL)  # every process of the namespace but this one
            continue
        pss = _pss(pids)
        if limit is None:
            limit = pss + memory_mb * 2**20
        if pss > limit:
            os.kill(-1, signal.SIGKILL)
        time.sleep(0.05)


def _confine(job: dict, fd: int) -> str:
    """Session, namespaces, user, limits and file descriptors of the submission; returns
    the working folder. ``job["mode"]`` is what the grader found this machine allows:
    ``namespaces``, ``user`` or ``limits`` (only when the instructor asked for it)."""
    import resource

    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    mode = job["mode"]
    uid = job.get("uid")
    workdir = job["workdir"]
    if mode == "namespaces":
        with open(os.path.join(workdir, job["file"]), "rb") as fh:
            data = fh.read()
        workdir = _isolate(job, data)
        if os.fork() != 0:  # the first child is PID 1 of the new PID namespace
            os.close(fd)
            while True:
                signal.pause()
        _init_of_namespace(fd, int(job["memory_mb"]))
    elif mode == "user" and (uid is None or os.geteuid() != 0):
        os._exit(78)  # the grader expected to drop privileges: never run as root instead
    os.chdir(workdir)
    tmp = "/tmp" if mode == "namespaces" else workdir
    os.environ.update({"HOME": workdir, "TMPDIR": tmp, "MPLCONFIGDIR": workdir, "USER": "student"})
    import tempfile

    tempfile.tempdir = None  # the warm process may have cached the shared /tmp
    _limit(resource.RLIMIT_AS, _vm_size() + int(job["memory_mb"]) * 2**20)
    cpu = int(job["cpu_seconds"])
    _limit(resource.RLIMIT_CPU, cpu, cpu)
    _limit(resource.RLIMIT_FSIZE, 64 * 2**20)
    _limit(resource.RLIMIT_CORE, 0)
    if mode in ("namespaces", "user"):
        _limit(resource.RLIMIT_NPROC, MAX_TASKS, MAX_TASKS)
        _become(int(uid))
    null = os.open(os.devnull, os.O_RDWR)
    for std in (0, 1, 2):
        os.dup2(null, std)
    os.close(null)
    os.closerange(3, fd)
    os.closerange(fd + 1, 4096)
    return workdir


def _run_cell(shell, source: str) -> dict:
    try:
        result = shell.run_cell(source, store_history=False)
        err = result.error_before_exec or result.error_in_exec
    except BaseException as exc:  # noqa: BLE001 - whatever the cell raised
        err = exc
    if err is None:
        return {"status": "ok"}
    try:
        text = f"{type(err).__name__}: {str(err)[:300]}"
    except BaseException:  # noqa: BLE001 - an exception whose str() raises
        text = "an exception that cannot be shown"
    return {"status": "error", "error": text[:400]}


def _read_submission(parser, job: dict, workdir: str) -> tuple[list | None, bytes]:
    """The parsed notebook's code cells, and the frame for the grader: the parsed notebook,
    or the reason why it is not one."""
    try:
        with open(os.path.join(workdir, job["file"]), "rb") as fh:
            data = fh.read(int(job["max_bytes"]) + 1)
        parsed = parser.parse(os.path.splitext(job["file"])[1], data)
        del data
        frame = json.dumps({"parsed": parsed}, separators=(",", ":"), ensure_ascii=False)
        return parsed["cells"], frame.encode()
    except parser.NotANotebook as exc:
        reason = str(exc)
    except MemoryError:
        reason = "not a notebook: reading it needs more than the memory limit"
    except RecursionError:
        reason = "not a notebook: it is nested too deeply to read"
    except UnicodeEncodeError:
        reason = "not a notebook: it holds text that is not valid Unicode"
    return None, json.dumps({"unreadable": reason[:300]}).encode()


def _end_strays(mode: str) -> None:
    """Kill every other process of the submission's user once a cell has run.

    What a cell left behind (a fork bomb's remnants, a background job) would otherwise
    hold the user's process limit and share the next cells' and the check parts' CPU time,
    which is counted over all the submission's processes, and could tamper with them. Only where the submission has a user of its own (the
    namespaces and user modes); ``kill(-1)`` signals every process this user may signal
    but itself, and fails with ESRCH once there is none.
    """
    if mode not in ("namespaces", "user"):
        return
    import time

    for _ in range(20):
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            return
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.01)


def _session(warm, fd: int) -> None:
    """Read the notebook, run its cells (except those in ``skip``), then answer the
    checks' calls. The grader watches every frame and the clock (see the module's doc)."""
    shell, answer_part, forbidden, parser = warm
    job = recv_frame(fd, limit=MAX_FRAME)
    workdir = _confine(job, fd)
    cells = job.get("cells")
    if cells is None:
        _cpu_limit(float(job["parse_cpu"]))
        cells, frame = _read_submission(parser, job, workdir)
        send_raw(fd, frame)
        if cells is None:
            os._exit(0)
        del frame
        go = recv_frame(fd, limit=1 << 20)
        if not go.get("run"):
            os._exit(0)
        job.update(go)
    skip = set(job.get("skip", []))
    stubs = forbidden(job.get("forbid", {}), shell.user_ns)
    stubs.__enter__()
    for index, source in cells:
        if index in skip:
            continue
        _cpu_limit(float(job["cell_cpu"]))
        send_frame(fd, {"start": index})
        result = _run_cell(shell, source)
        _end_strays(job["mode"])  # no process a cell started outlives it
        send_frame(fd, {"cell": index, **result})
    stubs.restore()
    send_frame(fd, {"done": True})
    namespace = shell.user_ns
    while True:
        request = recv_frame(fd)
        if request.get("op") != "part":
            os._exit(0)
        _cpu_limit(float(job["part_cpu"]))
        try:
            replies = answer_part(
                namespace, request["cases"], request.get("forbid", ()), request.get("exercise", "")
            )
            out = {"replies": replies}
        except BaseException as exc:  # noqa: BLE001
            out = {"error": type(exc).__name__}
        send_frame(fd, out)


if __name__ == "__main__":
    _CONFIG = json.loads(sys.argv[1])
    sys.path[:0] = _CONFIG["path"]
    sys.dont_write_bytecode = True
    main(_CONFIG)
