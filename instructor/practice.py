r"""Write the practice cases of every exercise into the student package.

::

    python -m instructor practice          # write helpers/practice/cases/chNN.json
    python -m instructor practice --check  # exit 1 if they are out of date

The practice cases are drawn from :data:`instructor.cases.PRACTICE_SEED` by the same parts
that draw the grading cases, with the expected outputs computed by the reference answers;
a short answer is stored only as a digest (:func:`helpers.practice.compare.summarize_secret`).
Run it after changing a check in ``instructor/checks`` and commit the JSON files;
``tests/test_grading.py`` fails when they are out of date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cases import sort_key
from .checks import EXERCISES, practice_cases

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "helpers" / "practice" / "cases"


def chapter_files() -> dict[str, str]:
    """File name -> the JSON text it should hold."""
    chapters: dict[int, dict] = {}
    for ex_id in sorted(EXERCISES, key=sort_key):
        chapters.setdefault(EXERCISES[ex_id].chapter, {})[ex_id] = practice_cases(ex_id)
    return {
        f"ch{c:02d}.json": json.dumps({"exercises": exs}, separators=(",", ":")) + "\n"
        for c, exs in sorted(chapters.items())
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m instructor practice", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the stored practice cases are out of date",
    )
    parser.add_argument("--out", default=str(CASES_DIR), help="folder (default: %(default)s)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    wanted = chapter_files()
    stale = [
        n
        for n, text in wanted.items()
        if not (out / n).exists() or (out / n).read_text(encoding="utf-8") != text
    ]
    orphans = sorted(p.name for p in out.glob("ch*.json") if p.name not in wanted)
    if args.check:
        for n in stale + orphans:
            print(f"out of date: {out / n}")
        return 1 if stale or orphans else 0
    out.mkdir(parents=True, exist_ok=True)
    for n in stale:
        (out / n).write_text(wanted[n], encoding="utf-8")
        print(f"wrote {out / n}")
    for n in orphans:
        (out / n).unlink()
        print(f"removed {out / n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
