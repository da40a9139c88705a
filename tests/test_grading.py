"""The graded exercises, in process (fast): the worked solutions score full marks on the
practice cases and on grading cases of any seed, typical wrong answers lose points with
the matching hint, short answers are never given away, the practice data is current and
holds no answer, and the generated notebooks are up to date."""

import itertools
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from helpers.practice import check
from helpers.practice.checking import load_exercise, practice_result
from helpers.practice.codec import decode
from helpers.practice.compare import Recorded, Wrong, check_expectation
from helpers.practice.evaluate import answer_part
from instructor import make_exercises, practice
from instructor.cases import PRACTICE_SEED
from instructor.checks import EXERCISES, evaluate_in_process, grading_cases
from instructor.checks.ch01 import VALLEY_STARTS, VALLEY_TILTS, wavy_minima
from instructor.checks.ch03 import RATE_LRS, RATE_MATRIX

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.md"))
SEED = 4711  # any grading seed


def _code_cells(path):
    """The code of each cell, without its MyST options (``:tags: ...`` or a ``---`` block)."""
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", path.read_text(), flags=re.S)
    options = re.compile(r"\A(?:---\n.*?\n---\n|(?::[\w-]+:[^\n]*\n)+)\n?", flags=re.S)
    return [options.sub("", cell) for cell in cells]


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
    assert sorted(set(chapters), key=int) == [str(i) for i in range(1, 10)]
    assert all(chapters.count(c) >= 2 for c in set(chapters))
    calls = [i for p in SOLUTIONS for i in re.findall(r'check\("([\d.]+)"\)', p.read_text())]
    assert sorted(calls) == sorted(EXERCISES)


# The reasoning exercises (issue 15): their worked solutions are graded on 20 seeds, and
# their statistical parts (STATISTICAL) on 200.
REASONING = {"1.4", "2.3", "3.4", "4.3", "8.2", "9.2"}
STATISTICAL = {"4.3"}


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_worked_solution_scores_full_marks(solved, exercise_id):
    n = 200 if exercise_id in STATISTICAL else 20 if exercise_id in REASONING else 2
    for seed in range(SEED, SEED + n):
        result = evaluate_in_process(exercise_id, solved, seed)
        assert result.status == "passed", result.text()
        assert result.points == result.max_points == EXERCISES[exercise_id].max_points > 0
    practice_ = practice_result(exercise_id, solved)
    assert practice_.status == "passed", practice_.text()


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
    other_minimum = wavy_minima()[1]  # a local minimum of the wavy loss, not the global one
    return [
        ("1.1", {"gd_step": lambda w, grad, lr: w + lr * grad(w)}, "wrong sign"),
        ("1.1", {"gd_step": _mutating_step}, "mutated the input"),
        ("1.1", {"gd_step": lambda w, grad, lr: np.array([0.8, -1.6, 0.0])}, "wrong shape"),
        ("1.2", {"gd_path": _gd_path_without_start}, "initial state is missing"),
        ("1.2", {"gd_path": _gd_path_one_short}, "off by one"),
        ("1.3", {"global_min_w": other_minimum}, "local minimum"),
        ("1.4", {"valley": _valley_by_sign}, "the boundary is not w_i = 0"),
        ("1.4", {"valley": lambda s, a, b: solved["valley"](s, a, b)[::-1]}, "swapped"),
        ("1.4", {"valley": lambda s, a, b: "B"}, "not a minimum's letter"),
        (
            "2.1",
            {"chord_gap": lambda f, a, b, t: (1 - t) * f(a) + t * f(b) - f(t * a + (1 - t) * b)},
            "swapped",
        ),
        (
            "2.1",
            {"chord_gap": lambda f, a, b, t: f(t * a + (1 - t) * b) - t * f(a) - (1 - t) * f(b)},
            "wrong sign",
        ),
        ("2.2", {"mse_hessian": lambda X: X.T @ X / len(X)}, "factor 2"),
        ("2.2", {"mse_hessian": lambda X: 2 * X @ X.T / len(X)}, "wrong shape"),
        ("2.3", {"verdicts": _verdicts(solved, bump=(0.0, 1.0, 0.5))}, "either side of the bump"),
        ("2.3", {"verdicts": _verdicts(solved, network=(0.0, 1.0, 0.5))}, "6 coordinate(s)"),
        ("2.3", {"find_witness": lambda f, lo, hi: None}, "scan a grid"),
        (
            "2.3",
            {"find_witness": lambda f, lo, hi: solved["find_witness"](f, lo, hi) or (lo, hi, 0.5)},
            "there is no witness: return None",
        ),
        (
            "3.1",
            {
                "classify": lambda H: {"minimum": "maximum", "maximum": "minimum"}.get(
                    solved["classify"](H), solved["classify"](H)
                )
            },
            "swapped",
        ),
        ("3.1", {"classify": _classify_no_degenerate}, "degenerate"),
        ("3.1", {"classify": lambda H: 1}, "wrong type"),
        ("3.2", {"fd_gradient": _fd_forward}, "forward difference"),
        ("3.2", {"fd_gradient": lambda f, w, h: 2 * solved["fd_gradient"](f, w, h)}, "2h"),
        ("3.2", {"fd_gradient": _fd_mutating}, "mutated the input"),
        ("3.1", {"monkey_origin": "saddle"}, "the Hessian at the origin is the zero matrix"),
        ("3.3", {"step_limits": lambda A: (1 / _lam(A)[-1], _best(A))}, "factor 2"),
        ("3.3", {"step_limits": lambda A: (2 / _lam(A)[0], _best(A))}, "smallest eigenvalue"),
        ("3.3", {"step_limits": lambda A: (2 / _lam(A)[-1], 1 / _lam(A)[-1])}, "not best"),
        ("3.3", {"step_limits": lambda A: (_best(A), 2 / _lam(A)[-1])}, "comes first"),
        ("3.4", {"predictions": _predictions(solved, 1, rate=_flattest_rate)}, "steepest"),
        ("3.4", {"predictions": _predictions(solved, 2, steps=200)}, "diverges: steps is None"),
        ("3.4", {"predictions": _predictions(solved, 0, steps=450)}, "steps is "),
        ("3.4", {"predictions": _predictions(solved, 1, steps=99)}, "+ 1"),
        ("3.4", {"measured_rate": _whole_run_rate}, "second half"),
        ("3.4", {"measured_rate": _formula_rate}, "measure it from the run"),
        ("4.1", {"escape_steps": _escape_off_by_one}, "off by one"),
        ("4.1", {"escape_steps": _escape_wrong_factor}, "1 + 2 lr"),
        ("4.1", {"escape_steps": lambda eps, lr: 76}, "not right"),
        (
            "4.2",
            {"morse_index": lambda H: int(np.sum(np.linalg.eigvalsh(H) > 0))},
            "positive eigenvalues",
        ),
        ("4.3", {"predicted_median": 189}, "multiplied by lr"),
        ("4.3", {"predicted_median": 224}, "0.674"),
        ("4.3", {"predicted_median": 424}, "1 + 2 lr"),
        ("4.3", {"median_escape": _median_escape_without_lr}, "multiplied by lr"),
        ("5.1", {"momentum_step": _momentum_other_form}, "other common form"),
        (
            "5.1",
            {"momentum_step": lambda w, v, g, lr, beta: (w + lr * (beta * v + g), beta * v + g)},
            "wrong sign",
        ),
        (
            "5.1",
            {"momentum_step": lambda w, v, g, lr, beta: (beta * v + g, w - lr * (beta * v + g))},
            "wrong order",
        ),
        ("5.1", {"momentum_step": _momentum_mutating}, "mutated the input"),
        ("5.1", {"momentum_step": lambda w, v, g, lr, beta: w}, "wrong type"),
        (
            "5.2",
            {"momentum_run": _momentum_run_factory(solved, drop_start=True)},
            "initial state is missing",
        ),
        (
            "5.2",
            {"momentum_run": _momentum_run_factory(solved, reset_velocity=True)},
            "no momentum",
        ),
        ("6.2", {"iterations_to_tol": _count_from_one}, "off by one"),
        ("6.2", {"iterations_to_tol": lambda x0, lr, tol: 31}, "not right"),
        ("8.1", {"top_eigenvalue": _power_unnormalised}, "nan"),
        ("8.1", {"top_eigenvalue": lambda hvp, v0, iters: 10.0}, "not right"),
        ("8.2", {"predicted_products": 83}, "square of the ratio"),
        ("8.2", {"predicted_products": 78}, "one product per step"),
        (
            "8.2",
            {"steps_to_accuracy": lambda *a: 2 * solved["steps_to_accuracy"](*a)},
            "one product per step",
        ),
        (
            "9.1",
            {
                "line_losses": lambda loss, a, b, ts: np.array(
                    [loss(t * a + (1 - t) * b) for t in ts]
                )
            },
            "wrong way",
        ),
        ("9.1", {"line_losses": lambda loss, a, b, ts: loss(b)}, "wrong type"),
        ("9.2", {"eos_lr": lambda track: np.median(track[len(track) // 2 :]) / 2}, "2 / lr"),
        ("9.2", {"eos_lr": lambda track: 2 / np.mean(track)}, "second half"),
        ("9.2", {"eos_lr": lambda track: 2 / np.mean(track[len(track) // 2 :])}, "median"),
    ]


N_WRONG = 61
# The exercises of chapters 5-7 that issue 15 added or replaced have their wrong answers in
# tests/test_grading_ch05_07.py.
CH05_07_NEW = {"5.3", "5.4", "6.1", "6.3", "7.1", "7.2"}


def test_every_exercise_has_a_wrong_answer_test(solved):
    cases = _wrong_answers(solved)
    assert len(cases) == N_WRONG
    assert {e for e, _, _ in cases} == set(EXERCISES) - CH05_07_NEW


@pytest.mark.parametrize("case", range(N_WRONG))
def test_typical_wrong_answer_loses_points_with_the_right_hint(solved, case):
    exercise_id, answers, hint = _wrong_answers(solved)[case]
    ns = _replace(solved, **answers)
    # the same hint on the grading cases and on the practice cases
    for result in (evaluate_in_process(exercise_id, ns, SEED), practice_result(exercise_id, ns)):
        assert result.points < result.max_points, result.text()
        assert result.status in ("partial", "failed")
        assert hint in result.feedback, result.text()
        answer = next(iter(answers.values()))
        if callable(answer):  # one failing input, the expected value and what was returned
            assert "input:" in result.feedback
            # a verified answer has many right values: there is none to show
            assert "expected:" in result.feedback or _verified(exercise_id)
        else:  # a short answer: what was given, never the expected value
            assert "expected" not in result.feedback


def _valley_by_sign(start, a, b):
    return tuple(int(s) for s in np.sign(start))


def _lam(A):
    return np.linalg.eigvalsh(A)


def _best(A):
    return 2 / (_lam(A)[0] + _lam(A)[-1])


_flattest_rate = 1 - 0.26 * np.linalg.eigvalsh(RATE_MATRIX)[0]


def _predictions(solved, i, rate=None, steps=0):
    """The worked predictions with prediction ``i`` changed."""
    out = [list(p) for p in solved["predictions"]]
    if rate is not None:
        out[i][1] = rate
    if steps != 0:
        out[i][2] = steps
    return tuple(tuple(p) for p in out)


def _whole_run_rate(A, lr, w0, steps):
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        w = w - lr * (A @ w)
    return (np.linalg.norm(w) / np.linalg.norm(w0)) ** (1 / steps)


def _formula_rate(A, lr, w0, steps):
    return float(np.max(np.abs(1 - lr * np.linalg.eigvalsh(A))))


def _median_escape_without_lr(sigma, lr, n_runs, seed):
    rng = np.random.default_rng(seed)
    y, times, k = np.zeros(n_runs), np.zeros(n_runs, dtype=int), 0
    while np.any(times == 0):
        k += 1
        y = (1 + 2 * lr) * y - sigma * rng.standard_normal(n_runs)  # the kick without lr
        times[(np.abs(y) >= 1) & (times == 0)] = k
    return float(np.median(times))


def _verdicts(solved, **changes):
    return {**solved["verdicts"], **changes}


def _wrong_choices(solved):
    """(exercise, answers, hint fragment): wrong choices. They lose points with their hint
    in grading; the practice check only records them (it holds no digest of a choice)."""
    naive = "".join("ABCD"[2 * (w[0] > 0) + (w[1] > 0)] for w in VALLEY_STARTS)
    swapped = "".join("ABCD"[2 * (w[1] > 0) + (w[0] > 0)] for w in VALLEY_STARTS)
    return [
        ("1.4", {"prediction": naive}, "the boundary is not w_i = 0"),
        ("1.4", {"prediction": swapped}, "the coordinates descend separately"),
        ("2.3", {"verdicts": _verdicts(solved, exp="E")}, "proves nothing"),
        ("2.3", {"verdicts": _verdicts(solved, rosenbrock="F")}, "Rosenbrock has a single"),
        ("2.3", {"verdicts": _verdicts(solved, cross_entropy="A")}, "does not hold"),
        ("2.3", {"verdicts": _verdicts(solved, network="B")}, "the swapped network"),
        ("9.2", {"which_lr": {"X": 0.2, "Y": 0.1, "Z": 0.4}}, "2 / lr, not lr / 2"),
    ]


def test_the_blank_release_scores_nothing():
    """Every exercise of the generated student notebooks, run as they are (a cell that
    raises is skipped, as the grader does), is "not attempted" with 0 points."""
    for path in sorted((ROOT / "exercises").glob("*.md")):
        ns = {}
        for source in _code_cells(path):
            if re.search(r"^check\(", source, flags=re.M):
                continue
            try:
                exec(compile(source, str(path), "exec"), ns)  # noqa: S102
            except Exception:  # noqa: BLE001, S110 - a cell that needs the student's answer
                pass
        chapter = int(re.search(r"ex(\d+)_", path.name).group(1))
        for ex_id in (e for e in EXERCISES if EXERCISES[e].chapter == chapter):
            result = evaluate_in_process(ex_id, ns, SEED)
            assert (result.status, result.points) == ("not attempted", 0), result.text()


def test_notebooks_pose_the_problems_the_checks_grade(solved):
    assert np.array_equal(solved["valley_starts"], VALLEY_STARTS)
    assert VALLEY_TILTS == (0.4, 0.2)  # the chapter's tilted wells, h.tilted_wells()
    assert np.array_equal(solved["A_rate"], RATE_MATRIX) and solved["lrs_rate"] == RATE_LRS
    from instructor.checks.ch08 import products_problem
    from instructor.checks.ch09 import EOS_ORDER, EOS_RATES

    order = {n: solved["rates"][i] for n, i in zip("XYZ", solved["order"])}
    assert order == EOS_ORDER and tuple(solved["rates"]) == EOS_RATES

    H, v0 = products_problem()
    assert np.array_equal(solved["H_p"], H) and np.array_equal(solved["v0_p"], v0)
    # the functions of exercise 2.3 as the checker rebuilds them
    from helpers.practice.inputs import build
    from instructor.checks.ch02 import CONVEXITY_EXAMPLES

    rng = np.random.default_rng(5)
    assert sorted(solved["functions"]) == sorted(n for n, _, _ in CONVEXITY_EXAMPLES)
    for name, dim, _ in CONVEXITY_EXAMPLES:
        f = build({"kind": "convexity_example", "key": name})
        x = rng.uniform(-2, 2, (7,) if dim == 1 else (7, dim))
        assert np.allclose(f(x), solved["functions"][name](x), rtol=1e-12, atol=1e-12), name


def test_a_wrong_choice_loses_points_when_graded_and_is_recorded_in_practice(solved):
    for exercise_id, answers, hint in _wrong_choices(solved):
        ns = _replace(solved, **answers)
        result = evaluate_in_process(exercise_id, ns, SEED)
        assert result.points < result.max_points and hint in result.feedback, result.text()
        assert "expected" not in result.feedback
        practice_ = practice_result(exercise_id, ns)
        assert practice_.recorded and hint not in practice_.feedback, practice_.text()


def _short_expectations(exp):
    """The expectations of a short answer, a tuple's items one by one."""
    if exp["type"] == "pair":
        for _, sub in exp["items"]:
            yield from _short_expectations(sub)
    elif exp["type"] == "item":
        yield from _short_expectations(exp["expect"])
    elif exp["type"] == "either":
        yield from _short_expectations(exp["word"])
        yield from _short_expectations(exp["other"])
    else:
        yield exp


def _short_answers(exercise_id, seed=SEED):
    for part in grading_cases(exercise_id, seed):
        for case in part["cases"]:
            if case["kind"] == "value":
                yield from _short_expectations(case["expect"])


def _every_answer_of_the_form(exp):
    labels, kind = exp["labels"], exp["kind"]
    if kind == "label":
        return list(labels)
    if kind == "set":
        return [set(c) for k in range(len(labels) + 1) for c in itertools.combinations(labels, k)]
    n = exp["length"] if kind == "sequence" else len(exp["keys"])
    assert len(labels) ** n <= 5000, "too many answers to enumerate: split the choice"
    answers = list(itertools.product(labels, repeat=n))
    return answers if kind == "sequence" else [dict(zip(exp["keys"], a)) for a in answers]


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_guessing_a_choice_earns_nothing(exercise_id):
    """Every answer of a choice's form is tried: only the right one passes."""
    for exp in _short_answers(exercise_id):
        if exp["type"] != "choice":
            continue
        passed = []
        for answer in _every_answer_of_the_form(exp):
            try:
                check_expectation(answer, exp)
                passed.append(answer)
            except Wrong:
                pass
        right = len(exp["one_of"]) if "one_of" in exp else 1
        assert len(passed) == right, (exercise_id, exp["what"], passed[:3])


# Old plug-in numbers without a `plausible` range; the reasoning exercises replace them.
NO_PLAUSIBLE_RANGE: set[str] = set()


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_a_short_number_has_a_tolerance_below_one_percent_of_its_range(exercise_id):
    for exp in _short_answers(exercise_id):
        if exp["type"] != "close":
            continue
        if exercise_id in NO_PLAUSIBLE_RANGE and "plausible" not in exp:
            continue
        assert "plausible" in exp, f"{exercise_id}: give close(..., plausible=(lo, hi))"
        lo, hi = exp["plausible"]
        expected = float(decode(exp["expected"]))
        assert lo <= expected <= hi, (exercise_id, exp["what"])
        tolerance = exp["atol"] + exp["rtol"] * abs(expected)
        assert tolerance < 0.01 * (hi - lo), (exercise_id, exp["what"], tolerance)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_each_part_runs_within_the_class_budget(solved, exercise_id):
    """The worked solution needs at most 1.5 core-seconds a part (CPU time, not wall time,
    so the load of the machine does not matter), checks included."""
    forbid = EXERCISES[exercise_id].forbid
    for part in grading_cases(exercise_id, SEED):
        start = time.process_time()
        replies = answer_part(solved, part["cases"], forbid, exercise_id)
        for case, reply in zip(part["cases"], replies):
            try:
                check_expectation(decode(reply["out"]), case["expect"])
            except Recorded:
                pass
        used = time.process_time() - start
        assert used <= 1.5, (exercise_id, part["name"], used)


def _verified(exercise_id):
    return any(
        c["expect"]["type"] == "verify"
        for p in grading_cases(exercise_id, SEED)
        for c in p["cases"]
    )


def test_stub_and_ellipsis_are_not_attempted(solved):
    def stub(*args):
        raise NotImplementedError("replace this line with your code")

    for exercise_id, value in (("1.1", stub), ("1.3", ...)):
        name = EXERCISES[exercise_id].names[0]
        for result in (
            evaluate_in_process(exercise_id, _replace(solved, **{name: value}), SEED),
            practice_result(exercise_id, _replace(solved, **{name: value})),
        ):
            assert (result.status, result.points) == ("not attempted", 0)
    missing = practice_result("2.2", {})
    assert missing.status == "not attempted" and "not defined" in missing.feedback


def test_short_answers_are_not_given_away(solved):
    result = practice_result("3.1", _replace(solved, monkey_origin="inconclusive"))
    assert result.points < result.max_points and "degenerate" not in result.feedback
    assert "got:      'inconclusive'" in result.feedback
    for value in (0.25, 0.2, 1.0):
        result = practice_result("5.3", _replace(solved, critical_beta=value))
        assert result.points < result.max_points and "expected" not in result.feedback
        assert "0.49" not in result.feedback


def test_practice_data_holds_no_short_answer():
    """Short answers are stored as digests, choices as their form: their values appear
    nowhere in the data."""
    text = "".join(p.read_text() for p in (ROOT / "helpers/practice/cases").glob("*.json"))
    for ex_id in EXERCISES:
        data = json.dumps(load_exercise(ex_id))
        short_data = json.dumps(
            [c for p in load_exercise(ex_id)["parts"] for c in p["cases"] if c["kind"] == "value"]
        )
        for exp in _short_answers(ex_id):
            if exp["type"] == "verify":
                continue  # a verifier holds no answer
            if exp["type"] == "choice":
                if "one_of" in exp:
                    assert '"one_of"' not in data, ex_id
                    continue
                expected = decode(exp["expected"])
                assert json.dumps(exp["expected"]) not in data, ex_id
                if exp["kind"] == "sequence":
                    assert "".join(expected) not in data, ex_id
                continue
            expected = decode(exp["expected"])
            if expected is None or isinstance(expected, bool):
                continue  # one of two values: the digest's absence is what matters
            if isinstance(expected, str):  # a word: not in its short answers' data
                assert expected not in short_data, ex_id
                continue
            for shown in (
                repr(float(expected)),
                f"{float(expected):.6f}",
                f"{float(expected):.4f}",
            ):
                if len(shown.strip("0.-")) >= 4:  # distinctive digits
                    assert shown not in text, (ex_id, shown)
        for part in load_exercise(ex_id)["parts"]:
            for case in part["cases"]:
                if case["kind"] == "value":
                    stored = json.dumps(case["expect"]).replace('"expected": null', "")
                    assert '"expected"' not in stored, ex_id  # None ("diverges") may be


def test_code_that_raises_gets_feedback_not_a_traceback(solved):
    def broken(w, grad, lr):
        raise ValueError("something went wrong")

    def exits(w, grad, lr):
        raise SystemExit(3)

    for fn, text in (
        (broken, "your code raised ValueError: something went wrong"),
        (exits, "your code raised SystemExit"),
    ):
        result = evaluate_in_process("1.1", _replace(solved, gd_step=fn), SEED)
        assert result.points == 0 and text in result.feedback


def test_practice_check_stops_an_infinite_loop(solved):
    def forever(x0, lr, tol):
        while True:
            try:
                pass
            except BaseException:  # noqa: BLE001 - a student's bare except
                pass

    result = practice_result("6.2", _replace(solved, iterations_to_tol=forever), time_limit=0.3)
    assert result.points == 0 and "time limit" in result.feedback


def test_check_output_is_deterministic_and_printed_outside_a_kernel(solved, capsys):
    ns = _replace(solved, gd_path=_gd_path_one_short)
    check("1.2", ns)
    first = capsys.readouterr().out
    check("1.2", ns)
    assert capsys.readouterr().out == first
    assert "Exercise 1.2" in first and "practice cases" in first and "expected:" in first


def test_odd_ids_are_read_or_reported():
    assert load_exercise(" 5.1 ")["id"] == load_exercise("ex5.1")["id"] == "5.1"
    result = practice_result("9.9", {})
    assert result.points == 0 and "no exercise" in result.feedback


# ----------------------------------------------------------- grading cases and practice cases


def test_grading_cases_depend_on_the_seed_and_differ_from_practice():
    for ex_id, _ex in EXERCISES.items():
        practice_ = load_exercise(ex_id)
        a, b = grading_cases(ex_id, SEED), grading_cases(ex_id, SEED + 1)
        if all(c["kind"] == "value" for p in a for c in p["cases"]):
            continue  # a short answer has one value; nothing to draw
        for pa, pb, pp in zip(a, b, practice_["parts"]):
            if all(c["kind"] == "value" for c in pa["cases"]):
                continue  # a short-answer part: one fixed problem
            args = lambda part: json.dumps([c["args"] for c in part["cases"]])  # noqa: E731
            assert args(pa) != args(pb), (ex_id, pa["name"])
            assert args(pa) != args(pp), (ex_id, pa["name"])


def test_a_table_of_practice_answers_scores_nothing_on_grading_cases(solved):
    """A student who collects the practice cases' expected outputs into a lookup table."""
    from helpers.practice.codec import decode

    table = {}
    for part in load_exercise("6.2")["parts"]:
        for case in part["cases"]:
            key = tuple(decode(a) for a in case["args"])
            table[key] = decode(case["expect"]["expected"])

    def iterations_to_tol(x0, lr, tol):
        return table[(x0, lr, tol)]

    ns = _replace(solved, iterations_to_tol=iterations_to_tol)
    assert practice_result("6.2", ns).status == "passed"
    assert evaluate_in_process("6.2", ns, SEED).points == 0


def test_practice_cases_are_up_to_date():
    """The committed JSON equals what the checks write (numbers to 12 digits)."""
    wanted = practice.chapter_files()
    stored = {p.name: p.read_text() for p in (ROOT / "helpers/practice/cases").glob("*.json")}
    assert sorted(wanted) == sorted(stored)
    for name, text in wanted.items():
        if text != stored[name]:
            _assert_close_json(json.loads(text), json.loads(stored[name]), name)


def _assert_close_json(a, b, where):
    from helpers.practice.codec import decode

    if isinstance(a, dict) and "nd" in a:
        x, y = decode(a), decode(b)
        assert x.shape == y.shape and np.allclose(x, y, rtol=1e-12, atol=1e-14), where
    elif isinstance(a, dict):
        assert sorted(a) == sorted(b), where
        for k in a:
            _assert_close_json(a[k], b[k], f"{where}/{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_close_json(x, y, f"{where}/{i}")
    elif isinstance(a, float):
        assert np.isclose(a, b, rtol=1e-12, atol=1e-14), where
    else:
        assert a == b, ("run `python -m instructor practice` and commit", where)


def test_practice_package_imports_numpy_only():
    # `import helpers` is lazy, so this measures helpers.practice itself
    code = (
        "import sys, helpers.practice, helpers.practice.evaluate; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('IPython', 'instructor', 'ipywidgets', 'jupytext', 'matplotlib')]; print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd="/", capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
    sources = "\n".join(p.read_text() for p in (ROOT / "helpers/practice").glob("*.py"))
    assert not re.search(r"^\s*(from|import)\s+instructor", sources, flags=re.M)
    assert not re.search(r"^(from|import)\s+IPython", sources, flags=re.M)  # lazily only


def test_practice_seed_is_refused_for_grading():
    from instructor.grader.grade import grade_files

    with pytest.raises(ValueError, match="practice seed"):
        grade_files([], PRACTICE_SEED)


# ------------------------------------------------------------------ the generated notebooks


def test_exercise_notebooks_are_up_to_date():
    assert make_exercises.main(["--root", str(ROOT), "--check"]) == 0, (
        "exercises/ is out of date: run `python -m instructor exercises` and commit it"
    )


def test_generator_strips_every_solution():
    for path in SOLUTIONS:
        text = make_exercises.to_exercise(path.read_text(), path.name)
        assert "SOLUTION" not in text and "EXERCISE ONLY" not in text
        assert "# Exercises " in text and "(sol-" not in text
        assert "from helpers.practice import check" in text
        assert text.count("NotImplementedError") + text.count(" = ...") >= 2


def test_generator_markers():
    src = (
        "---\nheader: 1\n---\n\n(sol-x)=\n# Solutions 9: Demo\n\n"
        "<!-- BEGIN EXERCISE ONLY\nFill this in.\nEND EXERCISE ONLY -->\n"
        '```{code-cell} ipython3\ndef f(x):\n    """Doc."""\n    # BEGIN SOLUTION\n'
        "    y = x + 1\n    return y\n    # END SOLUTION\n```\n\n"
        "<!-- BEGIN SOLUTION -->\nWorked answer.\n<!-- END SOLUTION -->\n\n"
        "```{code-cell} ipython3\n# BEGIN SOLUTION: a = ...\na = 3\n# END SOLUTION\n```\n"
    )
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


def _load_ext():
    import importlib.util

    spec = importlib.util.spec_from_file_location("ll_solutions", ROOT / "_ext" / "ll_solutions.py")
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)
    return ext


def test_hide_solutions_switch_drops_the_solutions_part():
    from types import SimpleNamespace

    from sphinx_external_toc.parsing import parse_toc_yaml

    ext = _load_ext()

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
