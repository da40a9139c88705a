"""The grader on a class: every solution and exercise notebook, honest submissions, and a
hostile submission for each way of getting points without the work.

Two grader runs: the whole class, and the honest submissions alone. Every hostile
submission gets 0 or its honest score, and the honest ones are graded exactly the same in
both runs; the submitted files are byte-identical afterwards. Short limits keep it fast.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import stat
import tempfile
from pathlib import Path

import jupytext
import nbformat
import pytest

from instructor.cases import sort_key
from instructor.checks import EXERCISES
from instructor.grader.grade import grade_folder, main
from instructor.grader.sandbox import Limits, isolation_mode
from instructor.grader.seed import fingerprint, new_seed

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))
EXERCISE_NBS = sorted((ROOT / "exercises").glob("*.md"))
SOL6 = (ROOT / "solutions" / "sol06_learning_rate.md").read_text()
BLANK6 = (ROOT / "exercises" / "ex06_learning_rate.md").read_text()
STUB = '    raise NotImplementedError("replace this line with your code")\n'
LIMITS = Limits(timeout=60, cell_timeout=3, part_timeout=2, memory_mb=768, parse_timeout=3)
SEED = new_seed()  # a fresh secret for each test run
MIME = "application/vnd.loss-landscapes.check+json"
ISOLATED = isolation_mode() == "namespaces"
# Without a sandbox (not root, or root without namespaces and without a Python other users
# can read) the grader refuses to run students' code unless told to: the tests tell it.
UNSAFE = isolation_mode() == "limits"
# Chapter 6's exercises and their maximum points, from the exercise definitions: a hostile
# cell inserted into the worked solution must leave exactly FULL.
CH6 = tuple(sorted((i for i in EXERCISES if EXERCISES[i].chapter == 6), key=sort_key))
FULL = tuple(EXERCISES[i].max_points for i in CH6)
assert CH6 == ("6.1", "6.2", "6.3"), f"the fixtures below answer 6.1 to 6.3, not {CH6}"


def full_but(**scores) -> tuple:
    """FULL with some exercises' points replaced: ``full_but(ex6_2=0)``."""
    return tuple(scores.get("ex" + i.replace(".", "_"), m) for i, m in zip(CH6, FULL))


def cell(code: str) -> str:
    return f"\n```{{code-cell}} ipython3\n{code.strip()}\n```\n"


def after(text: str, marker: str, code: str) -> str:
    """``text`` with a code cell inserted before the heading ``marker``."""
    assert marker in text
    return text.replace(marker, cell(code) + "\n" + marker, 1)


def to_ipynb(text: str, tags=None, outputs=None, kernel=None) -> str:
    nb = jupytext.reads(text, fmt="md:myst")
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        if tags:
            c.metadata["tags"] = list(tags)
        if outputs and "check(" in c.source:
            c.outputs = [nbformat.v4.new_output("display_data", data=outputs)]
            c.execution_count = 1
    if kernel:
        nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "R"}
    return nbformat.writes(nb)


# The worked answers of chapter 6, by function name (the body between the markers).
ANSWERS6 = dict(
    re.findall(
        r"\ndef (\w+)\([^\n]*\n(?:[^\n]*\n)*?    # BEGIN SOLUTION\n(.*?)    # END SOLUTION\n",
        SOL6,
        flags=re.S,
    )
)
assert set(ANSWERS6) == {"armijo_rate", "iterations_to_tol", "diagnose", "fix"}, ANSWERS6


def fill(text: str, *answers) -> str:
    """``text`` with its stubs, in order, replaced by ``answers`` (None keeps a stub)."""
    pieces = text.split(STUB)
    assert len(pieces) == len(answers) + 1, (len(pieces) - 1, len(answers))
    out = pieces[0]
    for answer, piece in zip(answers, pieces[1:]):
        out += (STUB if answer is None else answer) + piece
    return out


# 6.1 through h.armijo, which the exercise forbids: along d it is h.armijo along -k d with
# the rate scaled by k = -g.d / d.d (the same trial points, and the same test c lr |g.d|).
ARMIJO_VIA_HELPER = """    k = -(g @ d) / (d @ d)
    step = h.armijo(f, -k * d, w, lr0=lr0 / k, c=c, shrink=shrink)
    return step.lr * k, step.evaluations
"""

FORGED = {
    MIME: {"exercise": "6.1", "points": 1000, "max_points": FULL[0], "status": "passed"},
    "text/plain": f"Exercise 6.1: passed, {FULL[0]:g}/{FULL[0]:g} points",
}

# Wrong on every case, whatever the seed: 6.1 counts f(w) as a trial point (the rate is
# right, the count one too high: a known mistake with its own hint), 6.2 answers 3 (never
# the count of a worked example, nor 0 for a start already below tol), 6.3 calls every
# curve slow (two of twelve are) and leaves every run as it was (the symptom stays).
ARMIJO_COUNTS_FW = """    fw, slope = f(w), g @ d
    lr, evaluations = lr0, 2
    while f(w + lr * d) > fw + c * lr * slope:
        lr, evaluations = lr * shrink, evaluations + 1
    return lr, evaluations
"""
HINT_61 = "count only the trial points"
WRONG6 = fill(
    BLANK6, ARMIJO_COUNTS_FW, "    return 3\n", '    return "slow"\n', "    return dict(config)\n"
)

HOSTILE = {
    # nothing printed, displayed or saved is read
    "forged_display.md": after(
        BLANK6,
        "## Exercise 6.2",
        f"""
from IPython.display import display
display({FORGED!r}, raw=True)
display({{"{MIME}": {{"exercise": "6.2", "points": "lots"}}}}, raw=True)
""",
    ),
    "forged_print.md": after(
        BLANK6,
        "## Exercise 6.2",
        """
print("Exercise 6.1 (Armijo backtracking): passed, 6/6 points")
print("submission,6.1,6.2,6.3,total\\nforged_print.md,6,4,8,18")
open("scores.csv", "w").write("forged_print.md,6,4,8,18\\n")
""",
    ),
    # monkeypatches of check, helpers and numpy stay in the student's process
    "patched_check.md": after(
        WRONG6,
        "## Exercise 6.2",
        """
import numpy, helpers, helpers.practice
import helpers.practice.compare as cmp, helpers.practice.evaluate as ev
helpers.practice.check = lambda *a, **k: print("passed, 6/6 points")
numpy.allclose = numpy.isclose = numpy.array_equal = lambda *a, **k: True
cmp.check_expectation = lambda *a, **k: None
ev.score_exercise = lambda *a, **k: None
""",
    ),
    # no reference is importable; the practice data is a table of other cases
    "calls_reference.md": BLANK6
    + cell("""
import importlib, sys
found = []
for name in ("instructor", "instructor.checks", "instructor.checks.ch06", "helpers.checks",
             "helpers.grading", "helpers.grade"):
    try:
        found.append(importlib.import_module(name))
    except Exception:
        pass
import types
refs = {a: getattr(m, a) for k, m in list(sys.modules.items()) for a in dir(m)
        if k.startswith(("instructor", "helpers", "_")) or "check" in k
        if "reference" in a.lower() and isinstance(getattr(m, a, None), types.FunctionType)}
from helpers.practice import load_exercise
from helpers.practice.codec import decode
table = {tuple(decode(a) for a in c["args"]): decode(c["expect"]["expected"])
         for p in load_exercise("6.2")["parts"] for c in p["cases"]}
curves = {np.asarray(decode(c["args"][0])).tobytes(): decode(c["expect"]["expected"])
          for p in load_exercise("6.3")["parts"] for c in p["cases"]
          if c["answer"] == "diagnose"}
def armijo_rate(f, g, w, d, lr0, c, shrink):
    key = found[-1].armijo_reference if found else refs.get("armijo_reference")
    return key(f, g, w, d, lr0, c, shrink)
def iterations_to_tol(x0, lr, tol):
    if "_iterations_reference" in refs:
        return refs["_iterations_reference"](x0, lr, tol)
    return table[(x0, lr, tol)]
def diagnose(losses):
    return curves[np.asarray(losses, dtype=float).tobytes()]
def fix(label, config):  # no answer key to look up: the run as it was
    return dict(config)
"""),
    # saved full-marks outputs, a dying kernel, cells tagged to skip execution
    "saved_outputs_dies.ipynb": to_ipynb(
        BLANK6.replace(
            "from helpers.practice import check\n",
            "from helpers.practice import check\nimport os\nos._exit(1)\n",
        ),
        outputs=FORGED,
    ),
    "skip_tags_blank.ipynb": to_ipynb(
        BLANK6, tags=["skip-execution", "remove-cell"], outputs=FORGED
    ),
    # process exits, endless loops, memory, files, processes
    "os_exit.md": after(SOL6, "## Exercise 6.2", "import os\nos._exit(0)"),
    "sys_exit.md": after(SOL6, "## Exercise 6.2", "import sys\nsys.exit(0)"),
    "bare_except_loop.md": after(
        SOL6,
        "## Exercise 6.2",
        """
import time
while True:
    try:
        time.sleep(0.01)
    except:
        pass
""",
    ),
    "loop_in_answer.md": SOL6.replace(
        "def iterations_to_tol(x0, lr, tol):\n",
        "def iterations_to_tol(x0, lr, tol):\n    while True:\n"
        "        try:\n            pass\n        except:\n"
        "            pass\n",
        1,
    ),
    "alloc_2gb.md": after(
        SOL6,
        "## Exercise 6.2",
        """
import numpy as np
big = np.ones(2**28)
big2 = bytearray(2 * 2**30)
""",
    ),
    "background.md": after(
        SOL6,
        "## Exercise 6.2",
        """
import os, subprocess
subprocess.Popen(["sleep", "4711"])
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import time
        while True:
            time.sleep(0.05)
    os._exit(0)
""",
    ),
    "rewrites_helpers.md": after(
        SOL6,
        "## Exercise 6.2",
        """
import os, pathlib, helpers
root = pathlib.Path(helpers.__file__).parent
for p in list(root.rglob("*.py")):
    try:
        p.write_text("raise SystemExit('tampered')\\n")
    except OSError:
        pass
try:
    (root / "__init__.py").unlink()
except OSError:
    pass
for p in pathlib.Path(".").iterdir():
    p.unlink()
""",
    ),
    # ids, kernels, files
    # 99.9: no such chapter (the book has nine, so 9.9 would be read as chapter 9)
    "typo_ids.md": SOL6.replace('check("6.1")', 'check("6.1 ")\n# check("ex6.4")\ncheck("99.9")'),
    "unknown_ids.md": "```{code-cell} ipython3\ncheck('42.1')\nx = 1\n```\n",
    "kernel_r.ipynb": to_ipynb(SOL6, kernel="ir"),
    "corrupt.ipynb": '{"cells": [{"cell_type": "code", "sour',
    "empty.ipynb": "",
    "not_a_notebook.ipynb": "[1, 2, 3]",
    "notes.txt": "not a notebook\n",
    "alice/ex06_learning_rate.ipynb": to_ipynb(SOL6),
}


# Only with the namespaces (root with CAP_SYS_ADMIN): elsewhere these would hurt the machine.
NAMESPACE_ONLY = {
    "fork_bomb.md": after(
        SOL6,
        "## Exercise 6.2",
        """
import os
me = os.getpid()
try:
    while True:
        os.fork()
except BaseException:
    pass
if os.getpid() != me:
    os._exit(0)
""",
    ),
    "memory_spread.md": after(
        SOL6,
        "## Exercise 6.2",
        """
import os, time
import numpy as np
for _ in range(6):
    if os.fork() == 0:
        try:
            block = np.ones(50_000_000)  # 400 MB each: under the limit of one process
            time.sleep(30)
        finally:
            os._exit(0)
time.sleep(3)
""",
    ),
    "kills_everything.md": after(
        SOL6,
        "## Exercise 6.2",
        """
import os, signal
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
""",
    ),
    "fills_disk.md": after(
        SOL6,
        "## Exercise 6.2",
        """
block = b"x" * (60 * 2**20)
for i in range(20):
    with open(f"fill{i}.bin", "wb") as fh:
        fh.write(block)
""",
    ),
}
if ISOLATED:
    HOSTILE.update(NAMESPACE_ONLY)


SOCKET = """
import os, stat, json, struct
def grader_fd():
    for name in os.listdir("/proc/self/fd"):
        try:
            if stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                return int(name)
        except OSError:
            pass
def send(obj):
    data = json.dumps(obj, separators=(",", ":")).encode()
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        view = view[os.write(grader_fd(), view):]
"""
CHEAP = "```{code-cell} ipython3\ncheck('42.1')\nx = 1\n```\n"  # parsed, then no exercises
# File names that broke the result files (red-team 15-17); the grading is cheap.
ODD_NAMES = {
    '=HYPERLINK("x","y").md': CHEAP,
    "a__b.md": CHEAP,
    "a/b.md": CHEAP,  # both would be feedback/a__b.md.txt
    "n" * 250 + ".md": CHEAP,  # 254 characters: with .txt too long for a file name
    "blocked.md": CHEAP,  # its feedback file cannot be written (the test makes it a folder)
    "tab\there.md": CHEAP,
}
HOSTILE.update(ODD_NAMES)
HOSTILE.update(
    {
        # red-team 11: frames of 1 MB on the grader's socket (the grader's memory grew to GB)
        "sock_flood.md": after(
            SOL6,
            "## Exercise 6.2",
            SOCKET
            + """
for i in range(40):
    send({"cell": 10**6 + i, "status": "error", "error": "x" * 2**20})
""",
        ),
        # red-team 18: a large file was parsed in the grader's own process (38 s, 1.7 GB)
        "huge.md": "```{code-cell} ipython3\nx = 1\n```\n" + "y" * (3 * 2**20),
        "nested.ipynb": '{"cells": ' + "[" * 200_000 + "]" * 200_000 + "}",
        # under the size limit, but about 10 s of CPU for the MyST reader
        "slow_to_read.md": "```{code-cell} ipython3\nx = 1\n```\n" + "x\n" * 1_000_000,
        # the helper an exercise asks you to write, called instead (exercise 6.1)
        "uses_helper.md": SOL6.replace(ANSWERS6["armijo_rate"], ARMIJO_VIA_HELPER, 1),
        # red-team F: CPU burnt in child processes while the cell's own process waits
        "cpu_in_children.md": after(
            SOL6,
            "## Exercise 6.2",
            """
import os
pids = []
for _ in range(2):
    pid = os.fork()
    if pid == 0:
        while True:
            pass
    pids.append(pid)
for pid in pids:
    os.waitpid(pid, 0)
""",
        ),
    }
)


def _index_of(text: str, marker: str) -> int:
    """The index of the notebook cell of ``text`` holding ``marker`` (as the grader counts)."""
    cells = jupytext.reads(text, fmt="md:myst").cells
    return next(i for i, c in enumerate(cells) if marker in c.source)


def _socket_forgers() -> dict:
    """Cells that write frames a running cell could: a forged error report of 7000
    characters for their own cell (red-team 12), and "a cell starts now" again and again,
    which used to restart the cell's clock (red-team 13)."""
    forged = after(
        SOL6,
        "## Exercise 6.2",
        SOCKET + '\nsend({"cell": INDEX, "status": "error", '
        '"error": "FORGED" * 1200})\n# forged-error',
    )
    clock = after(
        SOL6,
        "## Exercise 6.2",
        SOCKET
        + """
import time
while True:  # forever, unless the grader stops it at the first repeated start
    t = time.process_time()
    while time.process_time() - t < 0.5:
        pass
    send({"start": INDEX})
# restarts-clock""",
    )
    return {
        "sock_forged_error.md": forged.replace("INDEX", str(_index_of(forged, "# forged-error"))),
        "sock_clock.md": clock.replace("INDEX", str(_index_of(clock, "# restarts-clock"))),
    }


HOSTILE.update(_socket_forgers())


def snooping(secrets: dict) -> str:
    """The worked solution, whose answers are kept only if a cell finds something the
    grader keeps from students' code: root, a root-only file, the checkout (directly, or
    through the .pth files of site-packages), other submissions, earlier results, the
    grader's copy of the hidden checks, a shared temporary folder, the seed (red-team 1-3,
    8, 19, 22). Without those, the answers are deleted: 0 points."""
    probe = f"""
import glob, importlib, os, re, stat, sys, tempfile
SECRETS = {secrets!r}
leaks = []
def probe(what, test):
    try:
        if test():
            leaks.append(what)
    except Exception:
        pass
def via_site():
    for d in list(sys.path):
        for pth in glob.glob(os.path.join(d, "*.pth")):
            for line in open(pth).read().splitlines():
                if line and not line.startswith(("#", "import")) and os.path.isdir(line):
                    sys.path.append(line)
        for finder in glob.glob(os.path.join(d, "__editable__*finder.py")):
            sys.path += [os.path.dirname(p) for p in re.findall(r"'(/[^']+)/helpers'", open(finder).read())]
    sys.path.append(SECRETS["repo"])
    return importlib.import_module("instructor.checks")
def seed_in_proc():
    for pid in os.listdir("/proc"):
        for part in ("cmdline", "environ"):
            try:
                text = open(f"/proc/{{pid}}/{{part}}", "rb").read()
            except OSError:
                continue
            if b"--seed" in text or b"LL_GRADING_SEED" in text:
                return True
probe("root", lambda: os.getuid() == 0 or os.geteuid() == 0)
probe("a root-only file", lambda: open(SECRETS["canary"]).read())
probe("the checkout", via_site)
probe("the submissions", lambda: os.listdir(SECRETS["class"]))
probe("the results", lambda: os.listdir(SECRETS["results"]))
probe("the hidden checks", lambda: glob.glob("/tmp/ll-grader-*/checker/instructor/checks/*.py"))
probe("a shared temporary folder", lambda: os.stat(tempfile.gettempdir()).st_mode & 0o077)
probe("the seed", seed_in_proc)
if SECRETS.get("host_tmp"):
    probe("the machine's /tmp", lambda: open(SECRETS["host_tmp"]).read())
if leaks:
    raise RuntimeError("LEAKED: " + ", ".join(leaks))
del armijo_rate, iterations_to_tol, diagnose, fix
"""
    return SOL6 + cell(probe)


def honest() -> dict:
    files = {f"solution_{p.name}": p.read_text() for p in SOLUTIONS}
    files.update({f"exercise_{p.name}": p.read_text() for p in EXERCISE_NBS})
    files["wrong.md"] = WRONG6  # the honest score of patched_check.md
    # 6.1 done, 6.2 left as the stub, 6.3 (a) done and (b) lengthening every run
    files["partial.ipynb"] = to_ipynb(
        fill(
            BLANK6,
            ANSWERS6["armijo_rate"],
            None,
            ANSWERS6["diagnose"],
            '    return dict(config, steps=2 * config["steps"])\n',
        )
    )
    files["raises_at_import.md"] = SOL6.replace(
        "import numpy as np\n", "import numpy as np\nimport not_a_module\n", 1
    )
    files["skip_tags_solution.ipynb"] = to_ipynb(SOL6, tags=["skip-execution"])
    return files


def _write(folder: Path, files: dict) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "binary.ipynb").write_bytes(bytes(range(256)) * 4)
    if "alice/ex06_learning_rate.ipynb" in files:  # links to another student's work
        (folder / "mallory").mkdir()
        (folder / "mallory" / "ex06_learning_rate.ipynb").symlink_to(
            "../alice/ex06_learning_rate.ipynb"
        )
        (folder / "eve").symlink_to("alice")


def _fingerprint(folder: Path) -> dict:
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _sleepers() -> list[int]:
    out = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and b"4711" in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.append(int(pid))
        except OSError:
            pass
    return out


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the whole class, then the honest submissions alone."""
    whole = tmp_path_factory.mktemp("class")
    out = tmp_path_factory.mktemp("results") / "out"  # made by the grader
    secret = tmp_path_factory.mktemp("secret")  # a folder and file only root may read
    secret.chmod(0o700)
    canary = secret / "canary.txt"
    canary.write_text("root only\n")
    canary.chmod(0o600)
    fd, name = tempfile.mkstemp(prefix="ll-canary-")  # in the machine's /tmp
    os.close(fd)
    host_tmp = Path(name)
    host_tmp.write_text("world-readable\n")
    host_tmp.chmod(0o644)
    files = {**honest(), **HOSTILE}
    if not UNSAFE:  # without a sandbox the students' code sees all of it, by design
        paths = {"canary": str(canary), "class": str(whole), "results": str(out), "repo": str(ROOT)}
        if ISOLATED:
            paths["host_tmp"] = str(host_tmp)
        files["snoops.md"] = snooping(paths)
    _write(whole, files)
    before = _fingerprint(whole)
    (out / "feedback" / "blocked.md.txt").mkdir(parents=True)  # cannot be written
    out.chmod(0o755)
    # the folder of a grader that was killed (its process is gone): swept by the next run
    stale = Path(tempfile.mkdtemp(prefix="ll-grader-"))
    (stale / "owner").write_text("999999999 1\n")
    (stale / "checker").mkdir()
    try:
        rows = grade_folder(whole, out, SEED, jobs=2, limits=LIMITS, unsafe_no_sandbox=UNSAFE)
    finally:
        host_tmp.unlink()
    only_honest = tmp_path_factory.mktemp("honest")
    _write(only_honest, honest())
    rows_honest = grade_folder(
        only_honest,
        tmp_path_factory.mktemp("results-honest"),
        SEED,
        jobs=2,
        limits=LIMITS,
        unsafe_no_sandbox=UNSAFE,
    )
    return {
        "rows": {r["submission"]: r for r in rows},
        "honest": {r["submission"]: r for r in rows_honest},
        "out": out,
        "folder": whole,
        "before": before,
        "after": _fingerprint(whole),
        "stale_left": stale.exists(),
    }


def _chapter_ids(name: str) -> list[str]:
    chapter = int(re.search(r"(?:sol|ex)(\d\d)_", name).group(1))
    return sorted(i for i in EXERCISES if EXERCISES[i].chapter == chapter)


def _points(row) -> tuple:
    return tuple(row["scores"].get(i) for i in CH6)


def test_worked_solutions_score_full_marks_and_blank_exercises_zero(graded):
    rows, problems = graded["rows"], []
    for path in SOLUTIONS:
        row = rows[f"solution_{path.name}"]
        if row["status"] != "ok" or row["errors"] or row["notes"]:
            problems.append(f"{path.name}: {row['status']} {row['reason']} {row['errors']}")
        if row["exercises"] != _chapter_ids(path.name) or row["total"] != row["max_total"] > 0:
            problems.append(f"{path.name}: {row['total']}/{row['max_total']}: {row['results']}")
    for path in EXERCISE_NBS:
        row = rows[f"exercise_{path.name}"]
        if (
            row["status"] != "ok"
            or row["errors"]
            or row["total"] != 0
            or any(r["status"] != "not attempted" for r in row["results"].values())
        ):
            problems.append(f"{path.name}: {row['status']} {row['total']} {row['results']}")
    assert not problems, "\n".join(problems)


def test_honest_submissions_are_graded_the_same_with_the_hostile_ones(graded):
    for name, alone in graded["honest"].items():
        with_class = graded["rows"][name]
        assert (with_class["scores"], with_class["status"]) == (alone["scores"], alone["status"])
        assert with_class["results"] == alone["results"], name


def test_partial_and_awkward_honest_submissions(graded):
    rows = graded["rows"]
    diagnose_points = EXERCISES["6.3"].parts[0].points  # part (a), diagnose, comes first
    assert "fix(" not in EXERCISES["6.3"].parts[0].name and 0 < diagnose_points < FULL[2]
    assert _points(rows["partial.ipynb"]) == (FULL[0], 0, diagnose_points)
    partial = (graded["out"] / "feedback" / "partial.ipynb.txt").read_text()
    assert "you may not raise steps" in partial and "not attempted" in partial
    # a failing import cell does not stop the notebook: the answers are graded honestly
    row = rows["raises_at_import.md"]
    assert row["status"] == "errors" and "ModuleNotFoundError" in row["reason"]
    assert _points(row) == FULL
    # tags that skip execution are ignored: the cells run
    assert _points(rows["skip_tags_solution.ipynb"]) == FULL


@pytest.mark.parametrize(
    "name",
    [
        "forged_display.md",
        "forged_print.md",
        "calls_reference.md",
        "saved_outputs_dies.ipynb",
        "skip_tags_blank.ipynb",
    ],
)
def test_forged_results_score_nothing(graded, name):
    assert _points(graded["rows"][name]) == (0, 0, 0), graded["rows"][name]["results"]


def test_patched_check_helpers_and_numpy_get_the_honest_score(graded):
    row, honest_row = graded["rows"]["patched_check.md"], graded["rows"]["wrong.md"]
    assert _points(row) == (0, 0, 0)
    assert row["results"] == honest_row["results"]
    assert HINT_61 in row["results"]["6.1"]["feedback"], row["results"]["6.1"]["feedback"]


def test_the_practice_table_scores_nothing_on_grading_cases(graded):
    results = graded["rows"]["calls_reference.md"]["results"]
    for ex_id in ("6.2", "6.3"):  # a count, and a diagnosis, looked up in the practice data
        res = results[ex_id]
        assert res["points"] == 0 and "KeyError" in res["feedback"], (ex_id, res["feedback"])


@pytest.mark.parametrize(
    "name,status",
    [
        ("os_exit.md", "errors"),
        ("sys_exit.md", "errors"),
        ("bare_except_loop.md", "timeout"),
        ("alloc_2gb.md", "errors"),
        ("background.md", "ok"),
        ("rewrites_helpers.md", "ok"),
    ],
)
def test_hostile_cells_are_stopped_and_the_rest_is_graded(graded, name, status):
    row = graded["rows"][name]
    assert _points(row) == FULL, (row["status"], row["reason"], row["results"])
    assert row["status"] == status, (row["status"], row["reason"], row["errors"])


def test_what_each_hostile_cell_did_is_reported(graded):
    rows = graded["rows"]
    assert "ended its process" in rows["os_exit.md"]["reason"]
    assert "SystemExit" in rows["sys_exit.md"]["reason"]
    assert "time limit of 3 s" in rows["bare_except_loop.md"]["reason"]
    assert "MemoryError" in rows["alloc_2gb.md"]["reason"]


@pytest.mark.skipif(not ISOLATED, reason="needs root with CAP_SYS_ADMIN (namespaces)")
@pytest.mark.parametrize(
    "name,reason",
    [
        ("fork_bomb.md", ""),  # killed, or stopped by the kernel's limits: either way bounded
        ("memory_spread.md", ""),  # six processes, 2.4 GB together (and a dedicated test below)
        ("fills_disk.md", "No space left"),
    ],
)  # its folder is 256 MB of memory
def test_fork_bombs_memory_and_disk_are_bounded(graded, name, reason):
    row = graded["rows"][name]
    assert _points(row) == FULL, (row["status"], row["reason"], row["results"])
    assert reason in row["reason"], (row["status"], row["reason"])


@pytest.mark.skipif(not ISOLATED, reason="needs root with CAP_SYS_ADMIN (namespaces)")
def test_memory_of_all_processes_together_is_bounded(tmp_path):
    """Three forks of 200 MB each stay under the per-process limit of 256 MB; together they
    pass it, and the namespace's PID 1 kills them. The notebook waits until all three
    hold their memory, then blocks: only the watchdog can end it this way (the grader
    would report a wait of 30 s without computing instead), whatever the machine's load."""
    spread = after(
        SOL6,
        "## Exercise 6.2",
        """
import os
import numpy as np
ready_r, ready_w = os.pipe()
hold_r, hold_w = os.pipe()
for _ in range(3):
    if os.fork() == 0:
        try:
            block = np.ones(25_000_000)
            os.write(ready_w, b"1")
            os.read(hold_r, 1)  # nobody writes: blocks until killed
        finally:
            os._exit(0)
got = b""
while len(got) < 3:
    got += os.read(ready_r, 3 - len(got))
os.read(hold_r, 1)  # blocks until the watchdog (or the grader) ends it
""",
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "spread.md").write_text(spread)
    (row,) = grade_folder(
        tmp_path / "sub",
        tmp_path / "out",
        SEED,
        jobs=1,
        limits=Limits(timeout=90, cell_timeout=30, part_timeout=5, memory_mb=256),
    )
    assert _points(row) == FULL, row["results"]
    assert "ended its process" in row["reason"], row["reason"]


def test_a_loop_in_an_answer_costs_only_that_exercise(graded):
    row = graded["rows"]["loop_in_answer.md"]
    assert _points(row) == full_but(ex6_2=0)
    assert "time limit" in row["results"]["6.2"]["feedback"]


def test_background_processes_do_not_survive(graded):
    assert _sleepers() == []


@pytest.mark.skipif(
    not ISOLATED,
    reason="without namespaces it would kill the grader's (and "
    "the user's) processes: see docs/grading.md",
)
def test_killing_every_process_costs_nothing(graded):
    row = graded["rows"]["kills_everything.md"]
    assert _points(row) == FULL and row["status"] == "ok"  # it sees only itself


def test_rewriting_the_installed_package_changes_no_other_score(graded):
    """Its own honest score; the grader's copy was read-only, or restored after it."""
    row = graded["rows"]["rewrites_helpers.md"]
    assert _points(row) == FULL
    if UNSAFE:  # as another user, or in the namespaces, the copy was read-only to it
        assert any("restored" in n for n in row["notes"])


def test_odd_ids_kernels_and_subfolders(graded):
    rows = graded["rows"]
    typo = rows["typo_ids.md"]
    assert _points(typo) == FULL
    assert any("'99.9'" in n and "ignored" in n for n in typo["notes"])
    assert rows["unknown_ids.md"]["status"] == "no exercises found"
    kernel = rows["kernel_r.ipynb"]
    assert _points(kernel) == FULL and any("'ir'" in n for n in kernel["notes"])
    assert _points(rows["alice/ex06_learning_rate.ipynb"]) == FULL
    assert (graded["out"] / "feedback" / "alice__ex06_learning_rate.ipynb.txt").exists()


@pytest.mark.parametrize(
    "name,reason",
    [
        ("corrupt.ipynb", "cannot read the .ipynb"),
        ("empty.ipynb", "empty"),
        ("not_a_notebook.ipynb", "not a JSON object"),
        ("notes.txt", "unsupported file type"),
        ("binary.ipynb", "not UTF-8"),
        ("mallory/ex06_learning_rate.ipynb", "symbolic link"),
        ("eve", "symbolic link"),
    ],
)
def test_files_that_are_not_notebooks_are_reported(graded, name, reason):
    row = graded["rows"][name]
    assert row["status"] == "not a notebook" and reason in row["reason"] and row["total"] == 0


def test_scores_csv_report_and_untouched_files(graded):
    out = graded["out"]
    with open(out / "scores.csv", newline="") as fh:
        table = list(csv.reader(fh))
    header, maxima = table[0], table[1]
    assert header[0] == "submission" and header[-4:] == ["total", "max", "status", "reason"]
    ids = header[1:-4]
    assert ids == sorted(EXERCISES, key=lambda i: tuple(map(int, i.split("."))))
    assert maxima[0] == "(max points)"
    assert [float(x) for x in maxima[1:-4]] == [EXERCISES[i].max_points for i in ids]
    assert len(table) == 2 + len(graded["rows"])
    for line in table[2:]:  # capped: no exercise above its maximum
        for i, value in zip(ids, line[1:-4]):
            assert value == "" or 0 <= float(value) <= EXERCISES[i].max_points
    report = (out / "report.md").read_text()
    assert "corrupt.ipynb" in report and "not a notebook" in report
    assert f"sandbox: {isolation_mode()}" in report
    data = json.loads((out / "results.json").read_text())
    assert data["seed_fingerprint"] == fingerprint(SEED) and "seed" not in data
    assert SEED not in (out / "results.json").read_text() + report
    assert len(data["submissions"]) == len(graded["rows"])
    assert graded["before"] == graded["after"]


def test_the_grader_refuses_bad_folders_and_a_missing_weak_or_public_seed(tmp_path, monkeypatch):
    monkeypatch.delenv("LL_GRADING_SEED", raising=False)
    out = str(tmp_path / "out")
    assert main([str(tmp_path), "--out", out]) == 2  # no seed
    assert main([str(tmp_path), "--seed", SEED, "--out", out]) == 2  # never on argv
    seed_file = tmp_path / "grading.seed"
    seed_file.write_text(SEED + "\n")
    seed_file.chmod(0o644)
    assert main([str(tmp_path), "--seed-file", str(seed_file), "--out", out]) == 2  # readable
    seed_file.chmod(0o600)
    assert main([str(tmp_path), "--seed-file", str(seed_file), "--out", str(tmp_path)]) == 2
    assert main([str(tmp_path / "missing"), "--seed-file", str(seed_file)]) == 2
    for weak in ("5", "20260", "8412", "deadbeef" * 2, "0" * 64, "0123456789abcdef" * 2):
        monkeypatch.setenv("LL_GRADING_SEED", weak)
        assert main([str(tmp_path), "--out", out]) == 2, weak
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------- the red-team's attacks


@pytest.mark.skipif(UNSAFE, reason="without a sandbox the students' code runs as you")
def test_students_code_finds_nothing_the_grader_keeps_from_it(graded):
    """Root, a root-only file, the checkout through site-packages, the other submissions,
    the results, the hidden checks, a shared /tmp, the seed: none is reachable, so the
    notebook deletes its own answers (red-team 1-3, 8, 19, 22)."""
    row = graded["rows"]["snoops.md"]
    assert not any("LEAKED" in e for e in row["errors"]), row["errors"]
    assert _points(row) == (0, 0, 0) and row["status"] == "ok", (row["reason"], row["results"])


def test_frames_on_the_grader_socket_are_refused_and_bounded(graded):
    """1 MB frames (red-team 11), a forged error report for its own cell (12) and
    "a cell starts now" again and again (13): the cell is stopped at the first frame out
    of the protocol, its error text is cut, and the rest of the notebook is graded."""
    rows = graded["rows"]
    for name in ("sock_flood.md", "sock_forged_error.md", "sock_clock.md"):
        row = rows[name]
        assert _points(row) == FULL, (name, row["status"], row["reason"], row["results"])
        assert row["status"] == "errors", (name, row["status"], row["reason"])
        assert all(len(e) < 500 for e in row["errors"]), (name, [len(e) for e in row["errors"]])
    assert "grader's socket" in rows["sock_flood.md"]["reason"]
    assert "over the limit" in rows["sock_flood.md"]["reason"]
    assert "grader's socket" in rows["sock_clock.md"]["reason"]  # not a timeout
    assert "FORGED" in rows["sock_forged_error.md"]["reason"]  # kept, but cut
    feedback = graded["out"] / "feedback"
    assert all(p.stat().st_size < 20_000 for p in feedback.iterdir() if p.is_file())
    assert (graded["out"] / "results.json").stat().st_size < 5 * 2**20


def test_cpu_time_of_child_processes_counts_for_the_cell(graded):
    """Two children burn CPU while the cell's own process waits for them: stopped by
    the CPU time of all the submission's processes, not by the wall clock (red-team F)."""
    row = graded["rows"]["cpu_in_children.md"]
    assert _points(row) == FULL, (row["status"], row["reason"], row["results"])
    assert row["status"] == "timeout" and "(CPU time)" in row["reason"], row["reason"]


def test_large_and_deeply_nested_files_are_refused(graded):
    """Read in the sandbox with a size cap and a CPU budget (red-team 18)."""
    rows = graded["rows"]
    assert rows["huge.md"]["status"] == "not a notebook"
    assert "over the 2 MB limit" in rows["huge.md"]["reason"]
    assert rows["nested.ipynb"]["status"] == "not a notebook"
    assert "nested too deeply" in rows["nested.ipynb"]["reason"], rows["nested.ipynb"]["reason"]
    slow = rows["slow_to_read.md"]
    assert slow["status"] == "not a notebook", (slow["status"], slow["reason"])
    assert "reading it took more than 3 s (CPU time)" in slow["reason"], slow["reason"]


def test_a_helper_the_exercise_forbids_scores_nothing(graded):
    """6.1 answered by calling h.armijo: that part of the work is the exercise; the
    other answers are graded as usual."""
    row = graded["rows"]["uses_helper.md"]
    assert _points(row) == full_but(ex6_1=0), row["results"]
    assert "asks you to write this yourself" in row["results"]["6.1"]["feedback"]


def test_odd_file_names_get_safe_result_files(graded):
    """A formula as a file name, two ids with the same flat name, a 254-character name
    and a feedback file that cannot be written (red-team 15-17): every result file is
    written, the CSV cell is not a formula, nothing else is lost."""
    out, rows = graded["out"], graded["rows"]
    assert set(ODD_NAMES) <= set(rows)
    assert (out / "results.json").exists() and (out / "report.md").exists()
    report = (out / "report.md").read_text()
    assert "could not be written" in report and "blocked.md" in report
    with open(out / "scores.csv", newline="") as fh:
        firsts = [line[0] for line in csv.reader(fh)]
    assert "'" + '=HYPERLINK("x","y").md' in firsts
    assert not any(f[:1] in "=+-@" for f in firsts)
    with open(out / "feedback" / "index.csv", newline="") as fh:
        index = dict(list(csv.reader(fh))[1:])
    names = [index[n] for n in ODD_NAMES if n[:1] != "="] + [index["'" + '=HYPERLINK("x","y").md']]
    assert len(set(names)) == len(names) and all(len(n) < 200 and "/" not in n for n in names)
    for sub, name in index.items():
        if sub != "blocked.md":
            text = (out / "feedback" / name).read_text()
            original = sub[1:] if sub[:2] == "'=" else sub
            assert f"Feedback for {original}\n" in text, sub
    assert stat.S_IMODE(out.stat().st_mode) == 0o700  # the grades are the instructor's


def test_folders_of_a_killed_grader_are_swept(graded):
    """A /tmp/ll-grader-* folder whose grader process is gone (killed: red-team 21) is
    removed by the next run."""
    assert not graded["stale_left"]


def test_case_seeds_need_the_secret_seed():
    """Gradescope's salt (the submission id) is readable by the student's code: the cases
    must depend on the secret too, and differ between submissions (red-team 4)."""
    from instructor.grader.seed import SeedError, case_seed, check_seed

    other = new_seed()
    assert case_seed(SEED, "1") != case_seed(other, "1")
    assert case_seed(SEED, "1") != case_seed(SEED, "2") and case_seed(SEED, "") == case_seed(SEED)
    assert check_seed(SEED) == SEED
    for weak in (8412, 20260, "8412", "ab" * 16, "f" * 40, "0123456789abcde"):
        with pytest.raises(SeedError):
            check_seed(weak)


def test_the_grader_refuses_to_run_unconfined_without_the_flag(tmp_path, monkeypatch, capsys):
    """No sandbox (root without namespaces and without a Python other users can read, or
    not root): refused unless --unsafe-no-sandbox (red-team J)."""
    import instructor.grader.sandbox as sandbox

    monkeypatch.setattr(sandbox, "isolation_mode", lambda: "limits")
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "ex06.md").write_text(SOL6)
    seed_file = tmp_path / "grading.seed"
    seed_file.write_text(SEED + "\n")
    seed_file.chmod(0o600)
    args = [str(tmp_path / "subs"), "--seed-file", str(seed_file), "--out", str(tmp_path / "out")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "--unsafe-no-sandbox" in err and "no sandbox" in err
    assert not (tmp_path / "out" / "scores.csv").exists()


def test_practice_checks_stub_forbidden_helpers_and_put_them_back():
    """The practice check runs an answer without the helpers its exercise forbids (the
    grader does the same: test_a_helper_the_exercise_forbids_scores_nothing), and every
    helper works again afterwards."""
    import numpy as np

    import helpers as h
    from helpers.practice.checking import practice_result

    def answers(body: str) -> dict:
        space = {"np": np, "h": h}
        exec("def armijo_rate(f, g, w, d, lr0, c, shrink):\n" + body, space)
        return {"armijo_rate": space["armijo_rate"]}

    via_helper = practice_result("6.1", answers(ARMIJO_VIA_HELPER))
    assert via_helper.points == 0
    assert "asks you to write this yourself" in via_helper.feedback, via_helper.feedback
    own = practice_result("6.1", answers(ANSWERS6["armijo_rate"]))
    assert own.points == own.max_points == FULL[0] > 0, own.feedback
    # restored: x^2 from 1, lr0 = 1 fails (the loss stays 1), 0.5 lands on 0
    step = h.armijo(lambda w: float(w @ w), np.array([2.0]), np.array([1.0]))
    assert (step.lr, step.evaluations) == (0.5, 2)
    from helpers.core import line_search

    assert line_search.armijo is h.armijo and line_search.armijo_descent is h.armijo_descent


def test_the_seed_command_writes_a_private_strong_seed_and_never_overwrites(tmp_path):
    from instructor.grader.seed import check_seed, read_seed_file
    from instructor.grader.seed import main as seed_main

    path = tmp_path / "grading.seed"
    assert seed_main([str(path)]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_text()
    assert check_seed(first.strip()) == read_seed_file(path) and len(first.strip()) == 64
    assert seed_main([str(path)]) == 2 and path.read_text() == first
    assert seed_main([str(tmp_path / "other.seed")]) == 0
    assert (tmp_path / "other.seed").read_text() != first


def test_a_grader_error_is_graded_again_on_a_fresh_slot(tmp_path, monkeypatch):
    """The slot breaks once (as when a submission graded at the same time fills the shared
    /tmp in user mode, red-team 19): the file is graded again, not lost. And the slot's
    user id is one no other grader holds: a slot kills every process of its user after
    each submission, so a shared one let two graders at once (two test runs on one
    machine) kill each other's notebooks; here a notebook run as the held id loses 6.2."""
    import instructor.grader.sandbox as sandbox

    held, lock = sandbox.claim_uid()  # as another grader on this machine would
    other, other_lock = sandbox.claim_uid()
    assert held != other
    os.close(other_lock)
    real, calls = sandbox.Slot.run, []

    def breaks_once(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise sandbox.SlotBroken("No space left on device (a test)")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(sandbox.Slot, "run", breaks_once)
    (tmp_path / "subs").mkdir()
    guard = f"import os\nif os.getuid() == {held}:\n    iterations_to_tol = None"
    (tmp_path / "subs" / "ex06.md").write_text(after(SOL6, "## Exercise 6.3", guard))
    try:
        (row,) = grade_folder(
            tmp_path / "subs",
            tmp_path / "out",
            SEED,
            jobs=1,
            limits=LIMITS,
            unsafe_no_sandbox=UNSAFE,
        )
    finally:
        os.close(lock)
    assert len(calls) == 2 and row["status"] == "ok" and _points(row) == FULL
    assert any("second time" in n and "No space left" in n for n in row["notes"]), row["notes"]
