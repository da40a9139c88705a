r"""The pre-warmed process that runs students' notebooks (run as a script, never imported
by a student's code).

The grader starts one of these per job slot as ``python -I -S zygote.py CONFIG``, with a
``sys.path`` holding only a private copy of ``helpers`` and the environment's
site-packages: ``instructor`` is not importable here, and no reference answer is ever
loaded into this process. It imports numpy, matplotlib, every module of ``helpers`` and
IPython once, then waits for work. For each submission it forks a child that

1. starts its own session, drops to an unprivileged user when the grader runs as root,
   sets its limits (address space, CPU, file size, processes), and sends nothing printed
   anywhere (its stdout and stderr are ``/dev/null``);
2. runs the notebook's code cells one by one, announcing each;
3. then answers the checker's calls, part by part, with plain data
   (:mod:`helpers.practice.codec`).

The grader keeps the clock: a cell or a part that runs past its time limit, or a process
that ends (``os._exit``, a crash), gets the whole session killed with SIGKILL (no
``except`` clause can stop that) and a new one started that runs the notebook again
without that cell, so the rest of the notebook is still graded.

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


def send_frame(fd: int, obj) -> None:
    data = json.dumps(obj, separators=(",", ":"), allow_nan=True).encode()
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


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


def recv_frame(fd: int, deadline=None, limit: int = MAX_FRAME):
    """One frame from ``fd``; ``deadline`` is a time.monotonic() value or None."""
    (n,) = struct.unpack(">I", _read_exact(fd, 4, deadline))
    if n > limit:
        raise FrameError(f"a frame of {n} bytes is over the limit of {limit}")
    return json.loads(_read_exact(fd, n, deadline))


# ------------------------------------------------------------------------- the warm process


def _warm_up():
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

    return shell, answer_part


def proc_stats():
    """``(pid, fields)`` of every process, ``fields`` the words of /proc/PID/stat after the
    command name: ``fields[1]`` the parent, ``fields[3]`` the session, ``fields[11:15]`` the
    CPU ticks (user, system, and of the children it reaped)."""
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
    shell, answer_part = _warm_up()
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
                    _session(shell, answer_part, fds[0])
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


def _limit(which, soft):
    import resource

    try:
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(which, (soft, soft if hard == resource.RLIM_INFINITY else hard))
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


def _mounts() -> list[tuple[str, int]]:
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


def _isolate(job: dict) -> bool:
    """As root with CAP_SYS_ADMIN: new mount, PID, network and IPC namespaces in which
    every file system is read-only except the submission's folder, the grader's private
    files are hidden, and no process outside can be seen or signalled. False if the kernel
    or the container does not allow it (then only the user and the limits confine)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_ulong,
        ctypes.c_char_p,
    ]
    if (
        not job.get("namespaces", True)
        or os.geteuid() != 0
        or libc.unshare(0x20000 | 0x20000000 | 0x40000000 | 0x08000000) != 0
    ):
        return False

    def mount(src, target, fstype, flags, data=None):
        enc = lambda x: None if x is None else x.encode()  # noqa: E731
        return libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)) == 0

    if not mount(None, "/", None, _MS["REC"] | _MS["PRIVATE"]):
        os._exit(70)  # half isolated: never run student code like this
    workdir = job["workdir"]
    files = {}
    for name in os.listdir(workdir):
        with open(os.path.join(workdir, name), "rb") as fh:
            files[name] = fh.read()
    # a size-limited folder in memory: no submission can fill the grader's disk
    if not mount("tmpfs", workdir, "tmpfs", _MS["NOSUID"] | _MS["NODEV"], "size=256m,mode=700"):
        os._exit(73)
    for name, data in files.items():
        with open(os.path.join(workdir, name), "wb") as fh:
            fh.write(data)
    for path in job.get("hide", []):
        if os.path.isdir(path):
            mount("tmpfs", path, "tmpfs", _MS["RDONLY"] | _MS["NOSUID"] | _MS["NODEV"], "size=4k")
    for point, flags in _mounts():
        if point == workdir:
            continue
        ok = mount(None, point, None, _MS["REMOUNT"] | _MS["BIND"] | _MS["RDONLY"] | flags)
        if not ok and point == "/":
            os._exit(71)
    return True


def _drop_capabilities() -> None:
    """No capability left, none to regain by exec: root in name only, inside read-only
    mounts it cannot change."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (ctypes.c_uint32 * 6)()
    if libc.capset(header, data) != 0:
        os._exit(72)
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS


MAX_PROCESSES = 16  # processes a submission may have at once in its namespace


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
    """Become PID 1 of the new namespace: mount its /proc, drop privileges, fork the
    notebook's process, reap orphans, and watch the whole namespace: more than
    :data:`MAX_PROCESSES` processes, or more memory together than ``memory_mb`` over the
    start, and every process in it is killed (the grader then runs the notebook again
    without the cell that did it). The address-space limit is per process; this one is
    for all of them."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_ulong,
        ctypes.c_char_p,
    ]
    libc.mount(b"proc", b"/proc", b"proc", _MS["NOSUID"] | _MS["NODEV"] | _MS["NOEXEC"], None)
    _drop_capabilities()
    if os.fork() == 0:
        return
    os.close(fd)  # only the notebook's processes hold the grader's socket
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


def _confine(job: dict, fd: int) -> None:
    """Session, namespaces, limits, user and file descriptors of the submission."""
    import resource

    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    isolated = _isolate(job)
    if isolated:
        if os.fork() != 0:  # the first child is PID 1 of the new PID namespace
            os.close(fd)
            while True:
                signal.pause()
        _init_of_namespace(fd, int(job["memory_mb"]))
    os.chdir(job["workdir"])
    os.environ["HOME"] = job["workdir"]
    os.environ["TMPDIR"] = job["workdir"]
    _limit(resource.RLIMIT_AS, _vm_size() + int(job["memory_mb"]) * 2**20)
    _limit(resource.RLIMIT_CPU, int(job["cpu_seconds"]))
    _limit(resource.RLIMIT_FSIZE, 64 * 2**20)
    _limit(resource.RLIMIT_CORE, 0)
    uid = job.get("uid")
    if uid is not None and not isolated and os.geteuid() == 0:
        _limit(resource.RLIMIT_NPROC, 256)
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _run_cell(shell, source: str) -> dict:
    try:
        result = shell.run_cell(source, store_history=False)
        err = result.error_before_exec or result.error_in_exec
    except BaseException as exc:  # noqa: BLE001 - whatever the cell raised
        err = exc
    if err is None:
        return {"status": "ok"}
    return {"status": "error", "error": f"{type(err).__name__}: {str(err)[:300]}"}


def _session(shell, answer_part, fd: int) -> None:
    """Run the cells (except those in ``skip``), then answer the checks' calls.

    The grader watches the clock: a cell or a part that runs past its limit, or a process
    that ends, makes the grader kill this whole session and start a new one that runs the
    notebook again without the cells that hung or ended it."""
    job = recv_frame(fd, limit=MAX_FRAME)
    _confine(job, fd)
    skip = set(job.get("skip", []))
    for index, source in job["cells"]:
        if index in skip:
            continue
        send_frame(fd, {"start": index})
        send_frame(fd, {"cell": index, **_run_cell(shell, source)})
    send_frame(fd, {"done": True})
    namespace = shell.user_ns
    while True:
        request = recv_frame(fd)
        if request.get("op") != "part":
            os._exit(0)
        try:
            out = {"replies": answer_part(namespace, request["cases"])}
        except BaseException as exc:  # noqa: BLE001
            out = {"error": type(exc).__name__}
        send_frame(fd, out)


if __name__ == "__main__":
    _CONFIG = json.loads(sys.argv[1])
    sys.path[:0] = _CONFIG["path"]
    sys.dont_write_bytecode = True
    main(_CONFIG)
