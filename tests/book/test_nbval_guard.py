"""nbval guards the book's printed results: change one printed number in an executed
chapter and the nbval run over it must fail. Needs the built book (`make build`)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXECUTED = ROOT / "_build" / "jupyter_execute" / "chapters" / "01_loss_surface.ipynb"


@pytest.mark.skipif(not EXECUTED.exists(), reason="build the book first: make build")
def test_nbval_fails_when_a_printed_result_changes(tmp_path):
    nb = json.loads(EXECUTED.read_text())
    changed = False
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", []))
            if out.get("name") == "stdout" and " steps, from (0.3, 1.5)" in text:
                n = int(text.split()[0])
                out["text"] = [text.replace(f"{n} steps", f"{n + 1} steps", 1)]
                changed = True
    assert changed, "the printed step count of chapter 1 was not found"
    target = tmp_path / "tampered.ipynb"
    target.write_text(json.dumps(nb))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-p",
            "tests.nbval_plugin",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "nbval_sanitize.cfg"),
            str(target),
            "-o",
            "filterwarnings=",
            "-q",
            "--rootdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 1, proc.stdout[-3000:]
    # exactly the tampered cell fails; every other cell still matches
    assert re.search(r"\b1 failed, \d+ passed", proc.stdout), proc.stdout[-3000:]
    assert "steps, from (0.3, 1.5)" in proc.stdout
