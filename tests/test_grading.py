"""The graded exercises, in process (fast): the worked solutions score full marks, typical
wrong answers lose points and get the matching hint, the grader's own code never raises,
and the student notebooks in exercises/ are up to date with solutions/."""

import re
import time
from pathlib import Path

import numpy as np
import pytest

import helpers.checks  # noqa: F401  (registers the exercises)
from helpers import make_exercises
from helpers.grading import EXERCISES, check, grade_exercise

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))


def _code_cells(path):
    return re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", path.read_text(), flags=re.S)


def _solution_namespace():
    """Run the code of every solution notebook (without the check calls) in one namespace."""
    merged = {}
    for path in SOLUTIONS:
        ns = {}  # one namespace a notebook, as in a kernel; functions keep their own globals
        for source in _code_cells(path):
            if re.search(r"^check\(", source, flags=re.M):
                continue
            exec(compile(source, str(path), "exec"), ns)  # noqa: S102
        merged.update(ns)
    return merged


@pytest.fixture(scope="module")
def solved():
    return _solution_namespace()


def test_every_chapter_has_at_least_two_exercises():
    chapters = [e.split(".")[0] for e in EXERCISES]
    assert sorted(set(chapters)) == [str(i) for i in range(1, 9)]
    assert all(chapters.count(c) >= 2 for c in set(chapters))
    # every registered exercise has a check cell in exactly one solution notebook
    calls = [i for p in SOLUTIONS for i in re.findall(r'check\("([\d.]+)"\)', p.read_text())]
    assert sorted(calls) == sorted(EXERCISES)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_worked_solution_scores_full_marks(solved, exercise_id):
    result = grade_exercise(exercise_id, solved)
    assert result.status == "passed", result.text()
    assert result.points == result.max_points > 0


def _replace(solved, **answers):
    ns = dict(solved)
    ns.update(answers)
    return ns


def _mutating_step(w, grad, lr):
    w -= lr * grad(w)
    return w


def _gd_path_without_start(grad, w0, lr, steps):
    path, w = [], np.array(w0, dtype=float)
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w)
    return np.array(path).reshape(steps, -1)


def _gd_path_one_short(grad, w0, lr, steps):
    path = [np.array(w0, dtype=float)]
    for _ in range(max(steps - 1, 0)):
        path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


def _classify_no_degenerate(H):
    eig = np.linalg.eigvalsh(H)
    return "minimum" if np.all(eig > 0) else "maximum" if np.all(eig < 0) else "saddle"


def _fd_forward(f, w, h):
    return np.array([(f(w + h * e) - f(w)) / h for e in np.eye(len(w))])


def _fd_mutating(f, w, h):
    g = np.zeros_like(w)
    for i in range(len(w)):
        w[i] += h
        fp = f(w)
        w[i] -= 2 * h
        g[i] = (fp - f(w)) / (2 * h)
    return g


def _escape_off_by_one(eps, lr):
    y, k = eps, 1
    while abs(y) < 1:
        y, k = y * (1 + 2 * lr), k + 1
    return k


def _escape_wrong_factor(eps, lr):
    y, k = eps, 0
    while abs(y) < 1:
        y, k = y * (1 + lr), k + 1
    return k


def _momentum_other_form(w, v, g, lr, beta):
    v = beta * v - lr * g
    return w + v, v


def _momentum_mutating(w, v, g, lr, beta):
    v *= beta
    v += g
    return w - lr * v, v


def _momentum_run_factory(solved, reset_velocity=False, drop_start=False):
    loss, grad = solved["loss"], solved["grad"]

    def run(w0, lr, beta, steps):
        w, v, ws = float(w0), 0.0, [float(w0)]
        for _ in range(steps):
            if reset_velocity:
                v = 0.0
            v = beta * v + grad(w)
            w = w - lr * v
            ws.append(w)
        ws = np.array(ws[1:] if drop_start else ws)
        return ws, loss(ws)
    return run


def _count_from_one(x0, lr, tol):
    x, k = x0, 1
    while abs(x) >= tol:
        x, k = (1 - 2 * lr) * x, k + 1
    return k


def _power_unnormalised(hvp, v0, iters):
    v = v0
    for _ in range(iters):
        v = hvp(v)
    return float(v @ hvp(v) / (v @ v))


def _wrong_answers(solved):
    """(exercise, answers, hint fragment): typical mistakes and the hint each must get."""
    from helpers.checks.ch01 import _wavy_minima
    other_minimum = _wavy_minima()[1]  # a local minimum of the wavy loss, not the global one
    return [
        ("1.1", {"gd_step": lambda w, grad, lr: w + lr * grad(w)}, "wrong sign"),
        ("1.1", {"gd_step": _mutating_step}, "mutated the input"),
        ("1.1", {"gd_step": lambda w, grad, lr: np.array([0.8, -1.6])}, "wrong shape"),
        ("1.2", {"gd_path": _gd_path_without_start}, "initial state is missing"),
        ("1.2", {"gd_path": _gd_path_one_short}, "off by one"),
        ("1.3", {"global_min_w": other_minimum}, "local minimum"),
        ("2.1", {"chord_gap": lambda f, a, b, t: (1 - t) * f(a) + t * f(b)
                 - f(t * a + (1 - t) * b)}, "swapped"),
        ("2.1", {"chord_gap": lambda f, a, b, t: f(t * a + (1 - t) * b)
                 - t * f(a) - (1 - t) * f(b)}, "wrong sign"),
        ("2.2", {"mse_hessian": lambda X: X.T @ X / len(X)}, "factor 2"),
        ("2.2", {"mse_hessian": lambda X: 2 * X @ X.T / len(X)}, "wrong shape"),
        ("2.3", {"exp_jensen_gap": np.e - np.mean(np.exp([0, 1, 2]))}, "wrong sign"),
        ("3.1", {"classify": lambda H: {"minimum": "maximum", "maximum": "minimum"}.get(
            solved["classify"](H), solved["classify"](H))}, "swapped"),
        ("3.1", {"classify": _classify_no_degenerate}, "degenerate"),
        ("3.1", {"classify": lambda H: 1}, "wrong type"),
        ("3.2", {"fd_gradient": _fd_forward}, "forward difference"),
        ("3.2", {"fd_gradient": lambda f, w, h: 2 * solved["fd_gradient"](f, w, h)}, "2h"),
        ("3.2", {"fd_gradient": _fd_mutating}, "mutated the input"),
        ("3.3", {"monkey_origin": "saddle"}, "the Hessian at the origin is the zero matrix"),
        ("4.1", {"escape_steps": _escape_off_by_one}, "off by one"),
        ("4.1", {"escape_steps": _escape_wrong_factor}, "1 + 2 lr"),
        ("4.1", {"escape_steps": lambda eps, lr: 76}, "not right"),
        ("4.2", {"morse_index": lambda H: int(np.sum(np.linalg.eigvalsh(H) > 0))},
         "positive eigenvalues"),
        ("4.3", {"steps_per_decade": np.log(10) / np.log(1.1)}, "1 + 2 lr"),
        ("5.1", {"momentum_step": _momentum_other_form}, "other common form"),
        ("5.1", {"momentum_step": lambda w, v, g, lr, beta: (w + lr * (beta * v + g),
                                                             beta * v + g)}, "wrong sign"),
        ("5.1", {"momentum_step": lambda w, v, g, lr, beta: (beta * v + g,
                                                             w - lr * (beta * v + g))},
         "wrong order"),
        ("5.1", {"momentum_step": _momentum_mutating}, "mutated the input"),
        ("5.2", {"momentum_run": _momentum_run_factory(solved, drop_start=True)},
         "initial state is missing"),
        ("5.2", {"momentum_run": _momentum_run_factory(solved, reset_velocity=True)},
         "no momentum"),
        ("5.3", {"speedup": 0.1}, "inverted"),
        ("6.1", {"max_stable_lr": lambda A: 1 / np.linalg.eigvalsh(A)[-1]}, "factor 2"),
        ("6.1", {"max_stable_lr": lambda A: 2 / np.linalg.eigvalsh(A)[0]}, "smallest"),
        ("6.2", {"iterations_to_tol": _count_from_one}, "off by one"),
        ("6.2", {"iterations_to_tol": lambda x0, lr, tol: 31}, "not right"),
        ("6.3", {"one_step_lr": 0.5}, "x^2"),
        ("7.1", {"condition_number": lambda A: 1 / solved["condition_number"](A)}, "inverted"),
        ("7.2", {"best_step": lambda A: (1 / np.linalg.eigvalsh(A)[-1],
                                         solved["best_step"](A)[1])}, "1 / lambda_max"),
        ("7.2", {"best_step": lambda A: solved["best_step"](A)[0]}, "wrong type"),
        ("7.3", {"momentum_rate_100": 99 / 101}, "gradient descent's rate"),
        ("8.1", {"line_losses": lambda loss, a, b, ts: np.array(
            [loss(t * a + (1 - t) * b) for t in ts])}, "wrong way"),
        ("8.1", {"line_losses": lambda loss, a, b, ts: loss(b)}, "wrong type"),
        ("8.2", {"top_eigenvalue": _power_unnormalised}, "nan"),
        ("8.2", {"top_eigenvalue": lambda hvp, v0, iters: 10.0}, "not right"),
        ("8.3", {"eos_sharpness": 100.0}, "2 / lr"),
    ]


def test_every_exercise_has_a_wrong_answer_test(solved):
    assert {e for e, _, _ in _wrong_answers(solved)} == set(EXERCISES)


@pytest.mark.parametrize("case", range(44))
def test_typical_wrong_answer_loses_points_with_the_right_hint(solved, case):
    cases = _wrong_answers(solved)
    assert len(cases) == 44
    exercise_id, answers, hint = cases[case]
    result = grade_exercise(exercise_id, _replace(solved, **answers))
    assert result.points < result.max_points, result.text()
    assert result.status in ("partial", "failed")
    assert hint in result.feedback, result.text()
    # the feedback shows one failing input with the expected value and what was returned
    if result.parts and len(EXERCISES[exercise_id].names) == 1 and callable(
            next(iter(answers.values()))):
        assert "input:" in result.feedback and "expected:" in result.feedback


def test_stub_and_ellipsis_are_not_attempted(solved):
    def stub(*args):
        raise NotImplementedError("replace this line with your code")

    for exercise_id, value in (("1.1", stub), ("1.3", ...)):
        name = EXERCISES[exercise_id].names[0]
        result = grade_exercise(exercise_id, _replace(solved, **{name: value}))
        assert (result.status, result.points) == ("not attempted", 0)
    missing = grade_exercise("2.2", {})
    assert missing.status == "not attempted" and "not defined" in missing.feedback


def test_short_answers_are_not_given_away(solved):
    result = grade_exercise("3.3", _replace(solved, monkey_origin="inconclusive"))
    assert result.points == 0 and "degenerate" not in result.feedback
    assert "got:      'inconclusive'" in result.feedback
    result = grade_exercise("6.3", _replace(solved, one_step_lr=0.25))
    assert result.points == 0 and "expected" not in result.feedback


def test_code_that_raises_gets_feedback_not_a_traceback(solved):
    def broken(w, grad, lr):
        raise ValueError("something went wrong")

    result = grade_exercise("1.1", _replace(solved, gd_step=broken))
    assert result.points == 0
    assert "your code raised ValueError: something went wrong" in result.feedback

    def exits(w, grad, lr):
        raise SystemExit(3)

    result = grade_exercise("1.1", _replace(solved, gd_step=exits))
    assert result.points == 0 and "your code raised SystemExit" in result.feedback


def test_infinite_loop_is_stopped_by_the_time_limit(solved):
    def forever(x0, lr, tol):
        while True:
            pass

    start = time.monotonic()
    result = grade_exercise("6.2", _replace(solved, iterations_to_tol=forever), time_limit=0.3)
    assert time.monotonic() - start < 3
    assert result.points == 0 and "time limit" in result.feedback


def test_output_is_deterministic_and_printed_outside_a_kernel(solved, capsys):
    ns = _replace(solved, gd_path=_gd_path_one_short)
    check("1.2", ns)
    first = capsys.readouterr().out
    check("1.2", ns)
    assert capsys.readouterr().out == first
    assert "Exercise 1.2" in first and "points" in first and "expected:" in first


def test_unknown_exercise_is_reported():
    result = grade_exercise("9.9", {})
    assert result.points == 0 and "no exercise" in result.feedback


# ------------------------------------------------------------------ the generated notebooks

def test_exercise_notebooks_are_up_to_date():
    assert make_exercises.main(["--root", str(ROOT), "--check"]) == 0, (
        "exercises/ is out of date: run `python -m helpers.make_exercises` and commit it")


def test_generator_strips_every_solution():
    for path in SOLUTIONS:
        text = make_exercises.to_exercise(path.read_text(), path.name)
        assert "SOLUTION" not in text and "EXERCISE ONLY" not in text
        assert "# Exercises " in text and "(sol-" not in text
        # each stubbed function raises NotImplementedError; each stubbed value is `...`
        assert text.count("NotImplementedError") + text.count(" = ...") >= 2


def test_generator_markers():
    src = ("---\nheader: 1\n---\n\n(sol-x)=\n# Solutions 9: Demo\n\n"
           "<!-- BEGIN EXERCISE ONLY\nFill this in.\nEND EXERCISE ONLY -->\n"
           "```{code-cell} ipython3\ndef f(x):\n    \"\"\"Doc.\"\"\"\n    # BEGIN SOLUTION\n"
           "    y = x + 1\n    return y\n    # END SOLUTION\n```\n\n"
           "<!-- BEGIN SOLUTION -->\nWorked answer.\n<!-- END SOLUTION -->\n\n"
           "```{code-cell} ipython3\n# BEGIN SOLUTION: a = ...\na = 3\n# END SOLUTION\n```\n")
    out = make_exercises.to_exercise(src, "demo.md")
    assert "(ex-x)=\n# Exercises 9: Demo" in out
    assert "Fill this in." in out and "Worked answer." not in out and "a = 3" not in out
    assert '    raise NotImplementedError("replace this line with your code")' in out
    assert "\na = ...\n" in out and "y = x + 1" not in out
    with pytest.raises(ValueError, match="never closed"):
        make_exercises.to_exercise("```\n# BEGIN SOLUTION\nx = 1\n```\n")


# ------------------------------------------------------------------------------- the book

def test_toc_lists_every_exercise_and_solution_notebook():
    toc = (ROOT / "_toc.yml").read_text()
    for folder in ("exercises", "solutions"):
        for path in sorted((ROOT / folder).glob("*.md")):
            assert f"file: {folder}/{path.stem}\n" in toc, path


def test_hide_solutions_switch_drops_the_solutions_part():
    import importlib.util
    from types import SimpleNamespace

    from sphinx_external_toc.parsing import parse_toc_yaml

    spec = importlib.util.spec_from_file_location("ll_solutions", ROOT / "_ext" / "ll_solutions.py")
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)

    class Config(SimpleNamespace):
        def __getitem__(self, key):
            return getattr(self, key)

        def __setitem__(self, key, value):
            setattr(self, key, value)

    for hide in (False, True):
        site_map = parse_toc_yaml(ROOT / "_toc.yml")
        config = Config(hide_solutions=hide, external_site_map=site_map, exclude_patterns=["x"])
        ext._hide_solutions(None, config)
        files = [f for doc in site_map.values() for t in doc.subtrees for f in t.files()]
        captions = [t.caption for t in site_map.root.subtrees]
        assert "Exercises" in captions and any(f.startswith("exercises/") for f in files)
        if hide:
            assert "Solutions" not in captions
            assert not any(f.startswith("solutions/") for f in files + list(site_map))
            assert "solutions/**" in config.exclude_patterns
        else:
            assert "Solutions" in captions and config.exclude_patterns == ["x"]
