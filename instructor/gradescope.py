r"""A Gradescope autograder bundle for one or more chapters.

::

    python -m instructor gradescope --chapter 5 --seed-file grading.seed --out autograder_ch5.zip

writes ``autograder.zip`` as Gradescope's autograder specification describes it: at the top
``setup.sh`` (run once when Gradescope builds the image: installs Python's packages) and
``run_autograder`` (run for every submission), plus the grader's code and a
``config.json`` with the seed, the chapters and the exercise notebooks' file names. Gradescope unzips it into
``/autograder/source``, copies ``run_autograder`` to ``/autograder/``, puts the student's
files in ``/autograder/submission/`` and reads ``/autograder/results/results.json``:
one test an exercise (``score``, ``max_score``, ``output``, ``visibility``) and the total
``score``.

Each submission's cases are drawn from an HMAC, keyed by the seed, of the submission's id
(from ``/autograder/submission_metadata.json``; :func:`instructor.grader.seed.case_seed`),
so a resubmission gets new cases, the feedback of one cannot be collected into a table for
the next, and the id (which the student's code can read) tells nothing without the seed.
``run_autograder`` hides ``/autograder/source`` (and the seed in it) from the student's
code. One notebook a chapter is graded: if a student uploads several, the one with the
release's file name (else the first by name) is, and the others are listed as not graded,
never the best of them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
import zipfile
from pathlib import Path

from .cases import sort_key
from .checks import EXERCISES
from .grader.seed import ENV, SeedError, check_seed

ROOT = Path(__file__).resolve().parents[1]

# The grader's environment (what setup.sh installs); the book's tools are not needed.
REQUIREMENTS = """numpy>=2.0,<3
scipy>=1.13,<2
matplotlib>=3.9,<4
ipython>=8.20
jupytext>=1.16,<2
nbformat>=5.9
"""

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# Choose Gradescope's Ubuntu 24.04 base image (Python 3.12): the course needs Python >= 3.11.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
if [ -n "${LL_AUTOGRADER_PYTHON:-}" ]; then
  # An environment that already has the packages (the course's tests use this).
  echo "$LL_AUTOGRADER_PYTHON" > "$SOURCE/python-path"
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv python3-pip > /dev/null
python3 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet -r "$SOURCE/requirements-grader.txt"
echo "$ROOT/venv/bin/python" > "$SOURCE/python-path"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; it writes $ROOT/results/results.json.
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
PYTHON="$(cat "$SOURCE/python-path" 2>/dev/null || echo python3)"
mkdir -p "$ROOT/results"
# The seed and the hidden checks are for the grader only.
chmod -R go-rwx "$SOURCE" 2>/dev/null || true
cd "$SOURCE" && exec "$PYTHON" -m instructor.gradescope --run --root "$ROOT"
"""


def _add_tree(zf: zipfile.ZipFile, folder: Path, arc: str) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc"):
            zf.write(p, f"{arc}/{p.relative_to(folder).as_posix()}")


def write_bundle(
    out: Path, seed: str, chapters: list[int], root: Path = ROOT, limits: dict | None = None
) -> Path:
    """Write the autograder zip; returns its path. ``seed`` is a grading seed of at least
    128 bits (:mod:`instructor.grader.seed`)."""
    seed = check_seed(seed)
    known = {ex.chapter for ex in EXERCISES.values()}
    if not chapters or not set(chapters) <= known:
        raise ValueError(
            f"--chapter must name chapters with exercises ({sorted(known)}), got {chapters}"
        )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    notebooks = [
        f"{p.stem}{suffix}"
        for p in sorted((root / "exercises").glob("ex*.md"))
        if int(p.name[2:4]) in chapters
        for suffix in (".md", ".ipynb")
    ]
    config = {
        "seed": seed,
        "chapters": sorted(chapters),
        "notebooks": notebooks,
        "limits": limits or {},
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            zf.writestr(info, text)
        zf.writestr("requirements-grader.txt", REQUIREMENTS)
        zf.writestr("config.json", json.dumps(config, indent=1))
        _add_tree(zf, root / "helpers", "helpers")
        _add_tree(zf, root / "instructor", "instructor")
    return out


# --------------------------------------------------------------------- inside Gradescope


def results_for(rows: list[dict], chapters: list[int]) -> dict:
    """Gradescope's results.json from the grader's rows: each exercise from the one
    notebook graded on its chapter; the other files are listed with why they were not."""
    from .grader.grade import feedback_text

    ids = sorted((i for i, ex in EXERCISES.items() if ex.chapter in chapters), key=sort_key)
    graded = {i: r for r in rows for i in r.get("exercises", []) if i in ids}
    others = [r for r in rows if not r.get("exercises")]
    extra = "".join(
        f"\n- {r['submission']}: {r['status']}" + (f" ({r['reason']})" if r["reason"] else "")
        for r in others
    )
    tests = []
    for i in ids:
        row = graded.get(i)
        res = (row or {}).get("results", {}).get(i)
        score = float((row or {}).get("scores", {}).get(i, 0.0))
        if res is None:
            output = (
                f"No notebook answering exercise {i} was found in the submission "
                f"(upload the exercise notebook, .ipynb or .md)."
                if row is None
                else "This exercise produced no result."
            )
        else:
            lines = [
                f"{row['submission']}: {res.get('status')}: {score:g}/{EXERCISES[i].max_points:g} points"
            ]
            lines += [
                f"  [{'ok  ' if ok else 'FAIL'}] {n} ({e:g}/{p:g})"
                for n, e, p, ok in res.get("parts", [])
            ]
            if res.get("feedback"):
                lines += ["", res["feedback"]]
            output = "\n".join(lines)
        if extra:
            output += "\n\nOther files in the submission (not graded):" + extra
        tests.append(
            {
                "name": f"Exercise {i}: {EXERCISES[i].title}",
                "number": i,
                "score": score,
                "max_score": EXERCISES[i].max_points,
                "output": output,
                "visibility": "visible",
            }
        )
    summary = "\n\n".join(feedback_text(r) for r in rows) if rows else ("No file was submitted.")
    return {
        "score": sum(t["score"] for t in tests),
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def run(root: Path) -> int:
    """Grade ``root/submission`` and write ``root/results/results.json``; never fails."""
    from .grader.grade import find_submissions, grade_files
    from .grader.sandbox import Limits

    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(results.parent, 0o700)  # the student's code runs as another user
        config = json.loads((Path(__file__).resolve().parents[1] / "config.json").read_text())
        meta_path = root / "submission_metadata.json"
        try:
            salt = str(json.loads(meta_path.read_text()).get("id", ""))
        except (OSError, ValueError, AttributeError):
            salt = ""
        folder = root / "submission"
        files = [(p, p.relative_to(folder).as_posix()) for p in find_submissions(folder)]
        limits = Limits(**config.get("limits", {}))
        rows = grade_files(
            files,
            config["seed"],
            salt,
            jobs=1,
            limits=limits,
            chapters=config["chapters"],
            hide=[Path(__file__).resolve().parents[1], results.parent],
            unsafe_no_sandbox=bool(config.get("unsafe_no_sandbox", False)),
            one_per_chapter=True,
            preferred=config.get("notebooks", []),
        )
        data = results_for(rows, config["chapters"])
    except Exception as exc:  # noqa: BLE001 - Gradescope must always get a results.json
        data = {
            "score": 0,
            "output": f"The autograder failed: {type(exc).__name__}: {exc}\n"
            f"{traceback.format_exc()[-2000:]}",
            "tests": [],
        }
    results.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m instructor gradescope", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--chapter", help="chapters this assignment grades, e.g. 5 or 5,6")
    parser.add_argument(
        "--seed-file",
        help=f"file holding the grading seed (`python -m instructor seed FILE`); or set {ENV}",
    )
    parser.add_argument("--seed", help=argparse.SUPPRESS)  # refused: a command line is public
    parser.add_argument("--out", default="autograder.zip", help="default: %(default)s")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--root", default="/autograder", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        return run(Path(args.root))
    if args.seed is not None:
        print(
            "error: the seed is not taken on the command line (every user can read it in "
            "/proc): pass --seed-file FILE (`python -m instructor seed FILE` writes one) "
            f"or set {ENV}",
            file=sys.stderr,
        )
        return 2
    if args.chapter is None:
        parser.error("--chapter is required")
    try:
        from .grader.grade import load_seed

        seed = load_seed(args.seed_file)
        chapters = sorted({int(x) for x in args.chapter.replace(",", " ").split()})
        out = write_bundle(Path(args.out), seed, chapters)
    except (ValueError, SeedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {out}: upload it as the assignment's autograder (Ubuntu 24.04 base image)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
