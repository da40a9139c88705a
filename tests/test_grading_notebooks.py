"""The exercise notebooks in real kernels, through the instructor's grader.

Two grader runs (two kernels at a time): one over every solution and exercise notebook, one
over a folder of awkward submissions. Kept small: a short cell time limit, one kernel per
notebook as the grader does for real.
"""

import csv
import hashlib
import json
import re
import shutil
import time
from pathlib import Path

import jupytext
import nbformat
import pytest

import helpers.checks  # noqa: F401
from helpers.grade import grade_folder, main
from helpers.grading import EXERCISES

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))
EXERCISE_NBS = sorted((ROOT / "exercises").glob("*.md"))


def _chapter_ids(path):
    chapter = str(int(re.match(r"(?:sol|ex)(\d\d)_", path.name).group(1)))
    return sorted(i for i in EXERCISES if i.split(".")[0] == chapter)


@pytest.fixture(scope="module")
def book_notebooks(tmp_path_factory):
    """Grade every solution and exercise notebook in one run."""
    folder = tmp_path_factory.mktemp("book-notebooks")
    for p in SOLUTIONS:
        shutil.copyfile(p, folder / f"solution_{p.name}")
    for p in EXERCISE_NBS:
        shutil.copyfile(p, folder / f"exercise_{p.name}")
    rows = grade_folder(folder, tmp_path_factory.mktemp("book-results"), timeout=60, budget=120)
    return {r["submission"]: r for r in rows}


def test_solution_and_exercise_notebooks_pair_up():
    assert [p.name[3:] for p in SOLUTIONS] == [p.name[2:] for p in EXERCISE_NBS]
    assert len(SOLUTIONS) == 8


def test_every_solution_scores_full_marks_and_every_exercise_zero(book_notebooks):
    """One test for the whole run, so that pytest-xdist never executes the notebooks twice."""
    problems = []
    for path in SOLUTIONS:
        row, ids = book_notebooks[f"solution_{path.name}"], _chapter_ids(path)
        if row["status"] != "ok" or row["errors"]:
            problems.append(f"{path.name}: {row['status']} {row['reason']} {row['errors']}")
        if len(ids) < 2 or row["total"] != sum(EXERCISES[i].max_points for i in ids):
            problems.append(f"{path.name}: {row['total']:g} points, not full marks: "
                            + "; ".join(r.get("feedback", "") for r in row["results"].values()
                                        if r["status"] != "passed"))
    for path in EXERCISE_NBS:
        row = book_notebooks[f"exercise_{path.name}"]
        if row["status"] != "ok" or row["errors"]:
            problems.append(f"{path.name}: {row['status']} {row['reason']} {row['errors']}")
        if row["total"] != 0 or sorted(row["results"]) != _chapter_ids(path) or any(
                r["status"] != "not attempted" for r in row["results"].values()):
            problems.append(f"{path.name}: expected every exercise 'not attempted' with 0 "
                            f"points, got {row['results']}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------- awkward submissions

def _md_to_ipynb(text: str) -> str:
    return nbformat.writes(jupytext.reads(text, fmt="md:myst"))


@pytest.fixture(scope="module")
def graded_submissions(tmp_path_factory):
    sub = tmp_path_factory.mktemp("submissions")
    solution = (ROOT / "solutions" / "sol06_learning_rate.md").read_text()
    blank = (ROOT / "exercises" / "ex06_learning_rate.md").read_text()
    stub = '    raise NotImplementedError("replace this line with your code")\n'
    assert blank.count(stub) == 2 and "one_step_lr = ..." in blank

    partial = blank.replace(stub, "    return 2 / np.linalg.eigvalsh(A)[-1]\n", 1)
    partial = partial.replace("one_step_lr = ...", "one_step_lr = 0.5")
    raises = solution.replace("import numpy as np\n", "import numpy as np\nimport not_a_module\n", 1)
    loop = solution.replace('check("6.1")\n```\n',
                            'check("6.1")\n```\n\n```{code-cell} ipython3\nwhile True:\n'
                            '    pass\n```\n', 1)
    assert partial != blank and raises != solution and loop != solution

    (sub / "full.ipynb").write_text(_md_to_ipynb(solution))
    (sub / "blank.md").write_text(blank)
    (sub / "partial.ipynb").write_text(_md_to_ipynb(partial))
    (sub / "raises_at_import.md").write_text(raises)
    (sub / "infinite_loop.md").write_text(loop)
    (sub / "corrupt.ipynb").write_text('{"cells": [{"cell_type": "code", "sour')
    (sub / "notes.txt").write_text("not a notebook\n")

    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sub.iterdir()}
    stat = {p.name: p.stat().st_mtime_ns for p in sub.iterdir()}
    out = tmp_path_factory.mktemp("results")
    start = time.monotonic()
    assert main([str(sub), "--out", str(out), "--timeout", "15", "--budget", "90"]) == 0
    elapsed = time.monotonic() - start
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sub.iterdir()}
    return {"before": before, "after": after, "elapsed": elapsed, "out": out, "sub": sub,
            "stat": stat}


def _table(out):
    with open(out / "scores.csv", newline="") as fh:
        return {row["submission"]: row for row in csv.DictReader(fh)}


def test_grader_on_awkward_submissions(graded_submissions):
    """Table, feedback, untouched files and time limits, in one test (one grader run)."""
    table = _table(graded_submissions["out"])
    assert set(table) == {"full.ipynb", "blank.md", "partial.ipynb", "raises_at_import.md",
                          "infinite_loop.md", "corrupt.ipynb", "notes.txt"}
    columns = list(next(iter(table.values())))
    assert columns == ["submission", "6.1", "6.2", "6.3", "total", "status", "reason"]
    expect = {  # submission: (6.1, 6.2, 6.3, total, status)
        "full.ipynb": ("4", "4", "2", "10", "ok"),
        "blank.md": ("0", "0", "0", "0", "ok"),
        "partial.ipynb": ("4", "0", "0", "4", "ok"),
        "raises_at_import.md": ("0", "0", "0", "0", "errors"),
        "infinite_loop.md": ("4", "4", "2", "10", "timeout"),
        "corrupt.ipynb": ("0", "0", "0", "0", "not a notebook"),
        "notes.txt": ("0", "0", "0", "0", "not a notebook"),
    }
    for name, values in expect.items():
        row = table[name]
        assert (row["6.1"], row["6.2"], row["6.3"], row["total"], row["status"]) == values, row
    assert "ModuleNotFoundError" in table["raises_at_import.md"]["reason"]
    assert "time limit" in table["infinite_loop.md"]["reason"]
    assert "cannot read the .ipynb" in table["corrupt.ipynb"]["reason"]

    # the feedback reports
    out = graded_submissions["out"]
    partial = (out / "feedback" / "partial.ipynb.txt").read_text()
    assert "Total: 4 / 10 points" in partial
    assert "0.5 is the one-step rate of x^2" in partial      # the hint of the wrong answer
    assert "not attempted" in partial                       # the untouched stub of 6.2
    assert "Traceback" not in partial
    data = json.loads((out / "results.json").read_text())
    assert data["max_points"] == {"6.1": 4, "6.2": 4, "6.3": 2}
    seconds = {r["submission"]: r.get("seconds") for r in data["submissions"]}
    assert 15 <= seconds["infinite_loop.md"] < 60  # interrupted at the cell limit, then graded

    # the submissions are byte-identical and untouched, and the run kept its time limits
    g = graded_submissions
    assert g["before"] == g["after"]
    assert {p.name: p.stat().st_mtime_ns for p in g["sub"].iterdir()} == g["stat"]
    # seven submissions, two at a time, one of them interrupted after 15 s
    assert g["elapsed"] < 150


def test_grader_refuses_to_write_into_the_submissions_folder(tmp_path):
    assert main([str(tmp_path), "--out", str(tmp_path)]) == 2
    assert main([str(tmp_path / "missing")]) == 2
