"""The executed notebooks that nbval compares really hold the build's outputs.

nbval compares each cell's outputs with those stored in ``_build/jupyter_execute``; a
notebook stored without outputs would pass whatever its code prints now. myst-nb 1.x
writes such notebooks when it takes a notebook from its execution cache, and
``_ext/ll_parallel_execute.py`` restores their outputs. This test fails if any executed
notebook has a code cell that was not run, or lost all its outputs.
"""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXECUTED = ROOT / "_build" / "jupyter_execute"
NOTEBOOKS = sorted(
    p for part in ("chapters", "exercises", "solutions") for p in (EXECUTED / part).glob("*.ipynb")
)


def test_the_build_left_executed_notebooks():
    assert len([p for p in NOTEBOOKS if p.parent.name == "chapters"]) >= 9, (
        f"no executed chapters in {EXECUTED}: run `make build` first"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_code_cell_was_run_and_outputs_were_kept(path):
    nb = json.loads(path.read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    not_run = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    assert not not_run, f"{path.name}: code cells {not_run} have no execution count"
    with_output = sum(bool(c.get("outputs")) for c in code)
    assert with_output >= len(code) // 3, (
        f"{path.name}: only {with_output} of {len(code)} code cells have outputs"
    )
