r"""Write the student release: the repository the students get.

::

    python -m instructor release ../students-repo      # a folder ready to `git init` and push

Like ``nbgrader release`` or ``otter assign``: the book with its chapters and the exercise
notebooks, and without ``solutions/``; the ``helpers`` package with its practice checks
(practice cases as data, no reference answers); ``requirements.txt``, ``runtime.txt`` and
``postBuild`` for Binder; a ``_toc.yml`` without the "Solutions" part; and a GitHub
Classroom workflow (``.github/workflows/classroom.yml``) that runs each exercise's
practice check on every push. Nothing of ``instructor/``, ``solutions/``, ``tests/``,
``benchmarks/`` or the instructors' documentation goes in.

The folder must not exist or be empty; nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .cases import sort_key
from .checks import EXERCISES

ROOT = Path(__file__).resolve().parents[1]

# What the students get, relative to the repository root.
INCLUDE = [
    "intro.md",
    "references.md",
    "references.bib",
    "_config.yml",
    "chapters",
    "exercises",
    "helpers",
    "_ext",
    "requirements.txt",
    "requirements-dev.txt",
    "runtime.txt",
    "postBuild",
    "pyproject.toml",
    "docs/binder.md",
    "LICENSE",
    ".gitignore",
]
NEVER = ("solutions", "instructor", "tests", "benchmarks", ".ci", "docs/grading.md")

README = """# {title}: student repository

This repository holds the book's chapters (`chapters/`), your exercise notebooks
(`exercises/`) and the course's Python package (`helpers/`).

Open an exercise notebook in JupyterLab (or on Binder from the book's launch button), run
the first cell, write your code where a function raises `NotImplementedError` or a value is
`...`, and run the check cell under each exercise, for example `check("5.1")`. The check
runs your code on practice cases and says what is off. Your grade comes from your
instructor's grader, which runs your code again on other cases.

Every push runs the practice checks on GitHub (the "Autograding Tests" workflow): a green
check for an exercise means it passes its practice cases. To run one yourself:

```bash
pip install -r requirements.txt
python -m helpers.practice exercises/ex05_momentum.md 5.1
```

To build the book: `pip install -r requirements-dev.txt`, then `jupyter-book build .`.
"""

MAKEFILE = """# Build the book: make book (needs Python 3.11).
VENV := .venv
book:
\tpython3 -m venv $(VENV)
\t$(VENV)/bin/python -m pip install --quiet -r requirements-dev.txt
\t$(VENV)/bin/jupyter-book build . -W -n --keep-going
"""


def _files(root: Path) -> list[Path]:
    """Tracked files (git) or, outside a git checkout, every file but caches."""
    try:
        out = (
            subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
            .stdout.decode()
            .split("\0")
        )
        files = [root / f for f in out if f and (root / f).is_file()]
        # practice cases are generated: take them even before they are committed
        files += [p for p in (root / "helpers" / "practice" / "cases").glob("*.json")]
        return sorted(set(files))
    except (OSError, subprocess.CalledProcessError):
        return sorted(
            p
            for p in root.rglob("*")
            if p.is_file()
            and "__pycache__" not in p.parts
            and ".venv" not in p.parts
            and "_build" not in p.parts
        )


def _wanted(rel: str) -> bool:
    if any(rel == n or rel.startswith(n + "/") for n in NEVER):
        return False
    return any(rel == i or rel.startswith(i + "/") for i in INCLUDE)


def student_toc(text: str) -> str:
    """``_toc.yml`` without the "Solutions" part (and its comments)."""
    out, skip = [], False
    for line in text.splitlines():
        if re.match(r"\s*-\s*caption:\s*Solutions\s*$", line):
            skip = True
            while out and out[-1].lstrip().startswith("#"):
                out.pop()
            continue
        if skip and re.match(r"\s*-\s*caption:", line):
            skip = False
        if not skip:
            out.append(line)
    return "\n".join(out) + "\n"


def _exercise_text(text: str) -> str:
    return "".join(
        line
        for line in text.splitlines(keepends=True)
        if not line.startswith(("% This notebook is generated", "% Edit the solution notebook"))
    )


def classroom_workflow(exercises_dir: Path) -> str:
    """The GitHub Classroom autograding workflow: one test an exercise (its practice check)."""
    notebooks = {int(p.name[2:4]): p.name for p in sorted(exercises_dir.glob("ex*.md"))}
    steps, runners, env = [], [], []
    for ex_id in sorted(EXERCISES, key=sort_key):
        ex = EXERCISES[ex_id]
        if ex.chapter not in notebooks:
            continue
        step = f"exercise-{ex_id.replace('.', '-')}"
        runners.append(step)
        env.append(f'        {step.upper()}_RESULTS: "${{{{steps.{step}.outputs.result}}}}"')
        steps.append(f"""    - name: Exercise {ex_id}
      id: {step}
      uses: classroom-resources/autograding-command-grader@v1
      with:
        test-name: "Exercise {ex_id}: {ex.title}"
        setup-command: ""
        command: python -m helpers.practice exercises/{notebooks[ex.chapter]} {ex_id}
        timeout: 5
        max-score: {ex.max_points:g}""")
    return f"""# GitHub Classroom autograding (written by `python -m instructor release`).
# Each test runs one exercise's practice check; it scores its points when every practice
# case passes. These are practice scores, computed in the student's repository: the grade
# comes from the instructor's grader (docs/grading.md in the course repository).
name: Autograding Tests
'on':
  - push
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
    - name: Checkout code
      uses: actions/checkout@v4
    - name: Set up Python
      uses: actions/setup-python@v5
      with:
        python-version: "3.11"
    - name: Install the course's environment
      run: python -m pip install -r requirements.txt
{chr(10).join(steps)}
    - name: Autograding Reporter
      uses: classroom-resources/autograding-grading-reporter@v1
      env:
{chr(10).join(env)}
      with:
        runners: {",".join(runners)}
"""


def write_release(dest: Path, root: Path = ROOT) -> list[Path]:
    """Write the student release into ``dest`` (absent or empty); return the files."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise ValueError(
            f"{dest} is not empty: the release goes into a new folder, and "
            f"nothing in it is overwritten"
        )
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for src in _files(root):
        rel = src.relative_to(root).as_posix()
        if not _wanted(rel):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.startswith("exercises/") and rel.endswith(".md"):
            target.write_text(_exercise_text(src.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copy2(src, target)
        written.append(target)
    toc = dest / "_toc.yml"
    toc.write_text(student_toc((root / "_toc.yml").read_text(encoding="utf-8")), encoding="utf-8")
    config = dest / "_config.yml"
    config.write_text(
        re.sub(
            r"hide_solutions:\s*false", "hide_solutions: true", config.read_text(encoding="utf-8")
        ),
        encoding="utf-8",
    )
    title = re.search(r'^title:\s*"?([^"\n]+)"?', config.read_text(encoding="utf-8"), flags=re.M)
    (dest / "README.md").write_text(
        README.format(title=title.group(1) if title else "Course"), encoding="utf-8"
    )
    (dest / "Makefile").write_text(MAKEFILE, encoding="utf-8")
    workflow = dest / ".github" / "workflows" / "classroom.yml"
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(classroom_workflow(dest / "exercises"), encoding="utf-8")
    written += [toc, dest / "README.md", dest / "Makefile", workflow]
    return sorted(set(written))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m instructor release", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("dest", help="a new (or empty) folder for the students' repository")
    args = parser.parse_args(argv)
    try:
        files = write_release(Path(args.dest))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {len(files)} files into {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
