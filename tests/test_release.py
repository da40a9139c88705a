"""The student release, the GitHub Classroom workflow and the Gradescope bundle, end to end,
and a book built with hide_solutions over an earlier build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from instructor.checks import EXERCISES
from instructor.grader.sandbox import isolation_mode
from instructor.grader.seed import new_seed
from instructor.gradescope import write_bundle
from instructor.release import write_release

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
STUB = '    raise NotImplementedError("replace this line with your code")\n'
UNSAFE = isolation_mode() == "limits"  # no sandbox here: grade anyway (trusted notebooks)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    dest = tmp_path_factory.mktemp("release") / "students"
    write_release(dest)
    return dest


def _solution_blocks() -> list[str]:
    """Every answer block of the solution notebooks, as code lines."""
    blocks = []
    for path in sorted((ROOT / "solutions").glob("*.md")):
        for body in re.findall(
            r"# BEGIN SOLUTION[^\n]*\n(.*?)# END SOLUTION", path.read_text(), flags=re.S
        ):
            lines = [
                ln.strip()
                for ln in body.splitlines()
                if len(ln.strip()) > 12 and not ln.strip().startswith("#")
            ]
            blocks.append(lines)
    return blocks


def _reference_bodies() -> list[str]:
    """Distinctive lines of the reference code in instructor/checks."""
    out = []
    for path in sorted((ROOT / "instructor" / "checks").glob("ch*.py")):
        for m in re.finditer(
            r"\ndef (_\w*reference\w*|kind|wavy_minima)\(.*?(?=\n\S)", path.read_text(), flags=re.S
        ):
            out.append(f"def {m.group(1)}(")
            out += [ln.strip() for ln in m.group(0).splitlines()[1:] if len(ln.strip()) > 12]
        out += [
            ln.strip()
            for ln in path.read_text().splitlines()
            if re.match(r"\s+(expected|v_new|w_new|eta, rate) = ", ln)
        ]
    return out


def _text_files(folder: Path):
    for p in folder.rglob("*"):
        if p.is_file():
            try:
                yield p, p.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                pass


def test_release_holds_the_book_and_no_solution_or_reference(release):
    names = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    for must in (
        "intro.md",
        "_toc.yml",
        "_config.yml",
        "requirements.txt",
        "runtime.txt",
        "postBuild",
        "helpers/__init__.py",
        "helpers/practice/cases/ch05.json",
        "exercises/ex05_momentum.md",
        "chapters/01_loss_surface.md",
        ".github/workflows/classroom.yml",
        "README.md",
    ):
        assert must in names, must
    for never in ("solutions/", "instructor/", "tests/", "benchmarks/", "docs/grading.md"):
        assert not any(n.startswith(never) for n in names), never
    assert "Solutions" not in (release / "_toc.yml").read_text()
    assert "hide_solutions: true" in (release / "_config.yml").read_text()
    texts = dict(_text_files(release))
    everything = "\n".join(texts.values())
    blocks = _solution_blocks()
    assert len(blocks) >= 16
    flat = " ".join(everything.split())
    # lines the chapters or helpers also have (a loop header, ...) are not the answer
    public = "\n".join(
        t for folder in ("chapters", "helpers") for _, t in _text_files(ROOT / folder)
    )
    specific = 0
    public_flat = " ".join(public.split())
    for lines in blocks:
        if " ".join(lines) not in public_flat:
            assert " ".join(lines) not in flat, f"a solution block in the release: {lines}"
        for line in lines:
            if line not in public:
                specific += 1
                assert line not in everything, f"solution code in the release: {line}"
    assert specific >= 40
    refs = [r for r in _reference_bodies() if r not in public]
    assert len(refs) >= 20
    for ref in refs:
        assert ref not in everything, f"reference code in the release: {ref[:80]}"
    assert not re.search(r"^\s*(from|import)\s+instructor", everything, flags=re.M)
    for p, text in texts.items():
        if p.suffix == ".md":
            assert "{ref}`sol-" not in text and "solutions/" not in text, p


def test_release_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(ValueError, match="not empty"):
        write_release(tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "mine"


def _workflow_steps(release: Path) -> list[dict]:
    workflow = yaml.safe_load((release / ".github/workflows/classroom.yml").read_text())
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    graders = [
        s
        for s in steps
        if s.get("uses", "").startswith("classroom-resources/autograding-command-grader")
    ]
    reporter = [s for s in steps if "grading-reporter" in s.get("uses", "")][0]
    runners = reporter["with"]["runners"].split(",")
    assert [s["id"] for s in graders] == runners
    for s in graders:
        assert f"{s['id'].upper()}_RESULTS" in reporter["env"]
    return graders


def test_classroom_workflow_runs_each_practice_check(release, tmp_path):
    """Run the workflow's commands as GitHub Actions would, in a copy of the release with
    one chapter solved: its tests pass, the blank ones fail."""
    steps = _workflow_steps(release)
    assert len(steps) == len(EXERCISES)
    assert sum(float(s["with"]["max-score"]) for s in steps) == sum(
        ex.max_points for ex in EXERCISES.values()
    )
    repo = tmp_path / "repo"
    shutil.copytree(release, repo)
    (repo / "exercises" / "ex06_learning_rate.md").write_text(
        (ROOT / "solutions" / "sol06_learning_rate.md").read_text()
    )
    env = {
        "PATH": f"{Path(PYTHON).parent}:/usr/bin:/bin",
        "MPLBACKEND": "Agg",
        "HOME": str(tmp_path),
    }
    score = {}
    for s in steps:
        if not s["with"]["test-name"].startswith(("Exercise 6.1", "Exercise 5.1")):
            continue
        proc = subprocess.run(
            s["with"]["command"],
            shell=True,
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        score[s["with"]["test-name"][9:12]] = (proc.returncode, proc.stdout)
    assert {k: v[0] for k, v in score.items()} == {"5.1": 1, "6.1": 0}
    assert "practice cases" in score["6.1"][1] and "not attempted" in score["5.1"][1]


def test_gradescope_bundle_end_to_end(tmp_path):
    """Gradescope's contract with a temporary root for /autograder: unzip into source/,
    setup.sh, run_autograder copied to the root, the submission, results/results.json."""
    seed = new_seed()
    zip_path = write_bundle(tmp_path / "autograder.zip", seed=seed, chapters=[6])
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        assert {"setup.sh", "run_autograder", "config.json"} <= set(names)
        assert any(n.startswith("instructor/checks/") for n in names)
        (tmp_path / "autograder" / "source").mkdir(parents=True)
        zf.extractall(tmp_path / "autograder" / "source")
    root = tmp_path / "autograder"
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "AUTOGRADER_ROOT": str(root), "LL_AUTOGRADER_PYTHON": PYTHON}
    subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, check=True, timeout=60)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    config = json.loads((root / "source" / "config.json").read_text())
    assert config["seed"] == seed and config["chapters"] == [6]
    if UNSAFE:  # no sandbox on this machine: the bundle is told to grade anyway
        config["unsafe_no_sandbox"] = True
        (root / "source" / "config.json").write_text(json.dumps(config))

    def submit(files: dict, submission_id: int) -> dict:
        shutil.rmtree(root / "submission", ignore_errors=True)
        shutil.rmtree(root / "results", ignore_errors=True)
        (root / "submission").mkdir()
        for name, text in files.items():
            (root / "submission" / name).write_text(text)
        (root / "submission_metadata.json").write_text(json.dumps({"id": submission_id}))
        subprocess.run([str(root / "run_autograder")], env=env, check=True, timeout=180)
        return json.loads((root / "results" / "results.json").read_text())

    chapter6 = {i: ex.max_points for i, ex in EXERCISES.items() if ex.chapter == 6}
    solution = (ROOT / "solutions" / "sol06_learning_rate.md").read_text()
    full = submit({"ex06_learning_rate.md": solution}, 1)
    assert full["score"] == sum(chapter6.values()) > 0
    tests = {t["number"]: t for t in full["tests"]}
    assert sorted(tests) == sorted(chapter6)
    for t in full["tests"]:
        assert set(t) >= {"name", "score", "max_score", "output", "visibility"}
        assert t["max_score"] == chapter6[t["number"]]
        assert t["score"] == t["max_score"] and "passed" in t["output"]
    # a blank notebook whose one answer is the worked one only if the student's code can
    # read the bundle (and its seed), and otherwise a count no case expects
    blank = (ROOT / "exercises/ex06_learning_rate.md").read_text()
    worked = re.search(
        r"def iterations_to_tol\(.*?# BEGIN SOLUTION\n(.*?)    # END SOLUTION", solution, re.S
    ).group(1)
    assert blank.count(STUB) >= 2 and "x0" in worked
    stubs = blank.split(STUB)
    snoop = (
        stubs[0]
        + STUB
        + stubs[1]
        + f"    import glob\n    if not glob.glob('{root}/source/*.json'):\n"
        + "        return 4711\n"
        + worked
        + STUB.join(stubs[2:])
    )
    assert re.search(r"def iterations_to_tol\(x0, lr, tol\):\n[^\n]*\n    import glob\n", snoop)
    snooped = submit({"ex06_learning_rate.md": snoop}, 2)
    if not UNSAFE:
        assert snooped["score"] == 0 and all(t["max_score"] > 0 for t in snooped["tests"])
        assert "4711" in {t["number"]: t for t in snooped["tests"]}["6.2"]["output"]
    # Several guesses in one submission (red-team 9): the notebook with the release's file
    # name is graded, never the best of them; the others are listed as not graded.
    # Wrong on every case whatever the id (no trial count is 0, no step count -1), so the
    # two submissions score the same though their cases differ.
    wrong = blank.replace(STUB, "    return lr0, 0\n", 1).replace(STUB, "    return -1\n", 1)
    guesses = {"ex06_learning_rate.md": wrong, "answer.md": solution, "b_copy.md": solution}
    three = [submit(guesses, 3), submit(guesses, 4)]
    for result in three:
        assert result["score"] == three[0]["score"] < full["score"], result["score"]
        out = "\n".join(t["output"] for t in result["tests"])
        assert "answer.md: not graded" in out and "b_copy.md: not graded" in out
        assert "ex06_learning_rate.md: failed" in out or "ex06_learning_rate.md: partial" in out
    # The cases come from an HMAC of the submission id keyed by the seed: another id,
    # other inputs in the feedback (and the id alone, which the student can read, gives
    # nothing: tests/test_grading_notebooks.py::test_case_seeds_need_the_secret_seed).
    feedback = [{t["number"]: t["output"] for t in r["tests"]}["6.2"] for r in three]
    assert feedback[0] != feedback[1]


def test_gradescope_bundle_takes_the_seed_from_a_file_or_the_environment_only(
    tmp_path, monkeypatch
):
    from instructor.gradescope import main

    monkeypatch.delenv("LL_GRADING_SEED", raising=False)
    out = tmp_path / "autograder.zip"
    seed = new_seed()
    assert main(["--chapter", "6", "--seed", seed, "--out", str(out)]) == 2  # never on argv
    assert main(["--chapter", "6", "--out", str(out)]) == 2  # no seed
    monkeypatch.setenv("LL_GRADING_SEED", "8412")
    assert main(["--chapter", "6", "--out", str(out)]) == 2  # weak
    assert not out.exists()
    monkeypatch.setenv("LL_GRADING_SEED", seed)
    assert main(["--chapter", "6", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("config.json"))["seed"] == seed


# ------------------------------------------------------------------------ the stale build

BOOK_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

```{{code-cell}} ipython3
print({value})
```
"""


def _build(book: Path, hide: bool, execute: str = "cache") -> None:
    (book / "_config.yml").write_text(
        f"title: tiny\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: {execute}\n"
        f"sphinx:\n  local_extensions:\n    ll_solutions: {ROOT / '_ext'}\n"
        f"  config:\n    hide_solutions: {'true' if hide else 'false'}\n"
    )
    proc = subprocess.run(
        [str(Path(PYTHON).parent / "jupyter-book"), "build", str(book)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_a_book_built_with_hidden_solutions_over_an_earlier_build_has_no_solution_page(tmp_path):
    book = tmp_path / "book"
    (book / "exercises").mkdir(parents=True)
    (book / "solutions").mkdir()
    (book / "intro.md").write_text("# Intro\n")
    (book / "exercises" / "ex01.md").write_text(BOOK_PAGE.format(title="Exercise", value=1))
    (book / "solutions" / "sol01.md").write_text(
        BOOK_PAGE.format(title="Solution", value="'SECRET_ANSWER_' + '42'")
    )
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: Exercises\n    chapters:\n"
        "      - file: exercises/ex01\n  - caption: Solutions\n    chapters:\n"
        "      - file: solutions/sol01\n"
    )
    _build(book, hide=False)
    built = book / "_build"
    assert (built / "html" / "solutions" / "sol01.html").exists()  # the earlier build leaks
    _build(book, hide=True, execute="off")
    leaks = [
        p
        for p in built.rglob("*")
        if p.is_file() and "sol01" in p.name and ".jupyter_cache" not in p.parts
    ]
    assert leaks == []
    html = "\n".join(t for p, t in _text_files(built / "html"))
    assert "SECRET_ANSWER_42" not in html and "sol01" not in html
    assert (built / "html" / "exercises" / "ex01.html").exists()
