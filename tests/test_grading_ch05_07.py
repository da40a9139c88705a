"""The graded exercises of chapters 5 to 7 (issue 15), both ways.

- the worked solutions score full marks on the grading cases of 20 seeds and on the
  practice cases, and the blank exercise notebooks score 0 ("not attempted");
- each typical wrong answer loses points with its own hint, on grading and practice cases
  (a wrong choice only when graded: practice records it);
- each check's reference agrees with code written independently of it (the helpers'
  optimizers and line search, runs of gradient descent, roots of the characteristic
  polynomial, a classifier of loss curves of its own);
- the curve generators of 6.3 keep their margins over 200 seeds, and its documented fix
  passes (a no-op fails) on 100;
- every part draws its cases and scores the solution within 1.5 core-seconds.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest

import helpers as h
from helpers.practice.checking import practice_result
from helpers.practice.codec import decode
from instructor.cases import rng_for
from instructor.checks import EXERCISES, ch05, ch06, ch07, evaluate_in_process, grading_cases

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = (5, 6, 7)
IDS = sorted(i for i in EXERCISES if EXERCISES[i].chapter in CHAPTERS)
SEEDS = [1000 + 37 * k for k in range(20)]


def _notebook_namespace(path: Path) -> dict:
    """Run a notebook's code cells (without the check calls) in one namespace."""
    ns: dict = {}
    text = path.read_text()
    options = re.compile(r"\A(?:---\n.*?\n---\n|(?::[\w-]+:[^\n]*\n)+)\n?", flags=re.S)
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S)
    for source in (options.sub("", cell) for cell in cells):
        if re.search(r"^check\(", source, flags=re.M):
            continue
        try:
            exec(compile(source, str(path), "exec"), ns)  # noqa: S102
        except NotImplementedError:
            pass
    return ns


def _solution(chapter: int) -> dict:
    return _notebook_namespace(next((ROOT / "solutions").glob(f"sol{chapter:02d}_*.md")))


@pytest.fixture(scope="module")
def solved():
    merged = {}
    for chapter in CHAPTERS:
        merged.update(_solution(chapter))
    return merged


def _with(solved, **answers):
    ns = dict(solved)
    ns.update(answers)
    return ns


# ------------------------------------------------------------------------ full marks, zero


@pytest.mark.parametrize("exercise_id", IDS)
def test_worked_solution_scores_full_marks_on_20_seeds(solved, exercise_id):
    for seed in SEEDS:
        result = evaluate_in_process(exercise_id, solved, seed)
        assert result.status == "passed", (seed, result.text())
    practice = practice_result(exercise_id, solved)
    assert practice.status == "passed", practice.text()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_blank_exercise_notebook_scores_zero(chapter):
    path = next((ROOT / "exercises").glob(f"ex{chapter:02d}_*.md"))
    blank = _notebook_namespace(path)
    for exercise_id in (i for i in IDS if EXERCISES[i].chapter == chapter):
        for result in (
            evaluate_in_process(exercise_id, blank, SEEDS[0]),
            practice_result(exercise_id, blank),
        ):
            assert (result.status, result.points) == ("not attempted", 0), result.text()


# ----------------------------------------------------------------------- typical mistakes


def _adagrad_rmsprop(w, g, s, lr, eps):
    s = 0.9 * s + 0.1 * g * g
    return w - lr * g / (np.sqrt(s) + eps), s


def _adagrad_eps_inside(w, g, s, lr, eps):
    s = s + g * g
    return w - lr * g / np.sqrt(s + eps), s


def _adagrad_old_sum(w, g, s, lr, eps):
    return w - lr * g / (np.sqrt(s) + eps), s + g * g


def _adagrad_mutating(w, g, s, lr, eps):
    s += g * g
    return w - lr * g / (np.sqrt(s) + eps), s


def _adamw(coupled=False, decay_lr=True, correct=True, t_shift=0, eps_inside=False):
    def step(w, g, m, v, t, lr, b1, b2, eps, wd):
        gg = g + wd * w if coupled else g
        m = b1 * m + (1 - b1) * gg
        v = b2 * v + (1 - b2) * gg * gg
        s = t + t_shift
        m_hat = m / (1 - b1**s) if correct else m
        v_hat = v / (1 - b2**s) if correct else v
        direction = m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
        if coupled:
            return w - lr * direction, m, v
        decay = wd * w * (lr if decay_lr else 1.0)
        return w - lr * direction - decay, m, v

    return step


def _armijo(slope_gg=False, sign=False, no_test=False, extra=False, one_minus=False, fw=False):
    def armijo_rate(f, g, w, d, lr0, c, shrink):
        f0, slope = f(w), (-(g @ g) if slope_gg else g @ d)
        slope = -slope if sign else slope
        lr, evals = lr0, 1
        if no_test:
            return lr, evals
        while f(w + lr * d) > f0 + c * lr * slope and evals < 500:
            lr, evals = lr * ((1 - shrink) if one_minus else shrink), evals + 1
        if extra:
            lr, evals = lr * shrink, evals + 1
        return lr, evals + (1 if fw else 0)

    return armijo_rate


def _diagnose_swap(solved, a, b):
    """Says ``b`` where the solution says ``a``."""

    def diagnose(losses):
        word = solved["diagnose"](losses)
        return b if word == a else word

    return diagnose


def _fix_except(solved, label, lr=1.0):
    """The solution's fix, except for ``label``: the config unchanged (rate times ``lr``)."""

    def fix(label_, config):
        if label_ == label:
            return {**config, "lr": config["lr"] * lr}
        return solved["fix"](label_, config)

    return fix


def _fix_changing_three(solved):
    def fix(label, config):
        new = solved["fix"](label, config)
        changed = [k for k in new if new[k] != config[k]]
        for key in ("lr", "beta", "warmup_steps"):
            if len(changed) < 3 and key not in changed:
                new[key] = config[key] * 0.5 if key != "warmup_steps" else 10
                changed.append(key)
        return new

    return fix


def _alpha_variant(kind):
    def smallest_alpha(eigenvalues, max_steps, tol):
        eig = np.asarray(eigenvalues, dtype=float)
        mu, L = eig.min(), eig.max()
        if kind == "unsorted":
            mu, L = min(eig[0], eig[-1]), max(eig[0], eig[-1])
        r = tol ** (1 / max_steps)
        kappa = (1 + r) / (1 - r)
        if kind == "only_mu":
            return max(0.0, L / kappa - mu)
        if kind == "momentum":
            kappa = kappa**2
        if kind == "one_over_L":
            kappa = 1 / (1 - r)
        alpha = (L - kappa * mu) / (kappa - 1) if kappa > 1 else -1.0
        return alpha if kind == "unclamped" else max(0.0, alpha)

    return smallest_alpha


def _wrong_answers(solved):
    """(exercise, answers, hint fragment): typical mistakes and the hint each must get."""
    return [
        ("5.3", {"critical_beta": 0.7}, "double root"),
        ("5.3", {"critical_beta": 1.69}, "top of the underdamped band"),
        ("5.3", {"critical_beta": 0.8281}, "sqrt(ηλ), not ηλ"),
        ("5.3", {"critical_beta": -0.49}, "wrong sign"),
        ("5.3", {"critical_beta": 0.6}, "too high"),
        (
            "5.3",
            {
                "regime": lambda lr, beta, lam: (
                    "unstable" if lr * lam >= 2 else solved["regime"](lr, beta, lam)
                )
            },
            "not ηλ ≥ 2",
        ),
        (
            "5.3",
            {
                "regime": lambda lr, beta, lam: (
                    "underdamped"
                    if solved["regime"](lr, beta, lam) == "critically damped"
                    else solved["regime"](lr, beta, lam)
                )
            },
            "double root",
        ),
        (
            "5.3",
            {
                "regime": lambda lr, beta, lam: (
                    "overdamped"
                    if solved["regime"](lr, beta, lam) == "underdamped"
                    else solved["regime"](lr, beta, lam)
                )
            },
            "modulus sqrt(beta)",
        ),
        ("5.4", {"adagrad_step": _adagrad_rmsprop}, "RMSProp"),
        ("5.4", {"adagrad_step": _adagrad_eps_inside}, "after the square root"),
        ("5.4", {"adagrad_step": _adagrad_old_sum}, "divide by the new sum"),
        ("5.4", {"adagrad_step": _adagrad_mutating}, "mutated the input"),
        (
            "5.4",
            {
                "adagrad_step": lambda w, g, s, lr, eps: solved["adagrad_step"](w, g, s, lr, eps)[
                    ::-1
                ]
            },
            "wrong order",
        ),
        ("5.4", {"adamw_step": _adamw(coupled=True)}, "Adam with L2"),
        ("5.4", {"adamw_step": _adamw(decay_lr=False)}, "multiplied by the learning rate"),
        ("5.4", {"adamw_step": _adamw(correct=False)}, "bias correction missing"),
        ("5.4", {"adamw_step": _adamw(t_shift=1)}, "t is this step's number"),
        ("5.4", {"adamw_step": _adamw(eps_inside=True)}, "after the square root"),
        ("6.1", {"armijo_rate": _armijo(slope_gg=True)}, "the slope is g.d"),
        ("6.1", {"armijo_rate": _armijo(sign=True)}, "Check the sign"),
        ("6.1", {"armijo_rate": _armijo(no_test=True)}, "without testing it"),
        ("6.1", {"armijo_rate": _armijo(extra=True)}, "shrank once more"),
        ("6.1", {"armijo_rate": _armijo(one_minus=True)}, "shrink multiplies the rate"),
        ("6.1", {"armijo_rate": _armijo(fw=True)}, "f(w) at the start is not counted"),
        ("6.1", {"armijo_rate": lambda f, g, w, d, lr0, c, shrink: lr0}, "wrong type"),
        (
            "6.3",
            {"diagnose": _diagnose_swap(solved, "diverges at once", "diverges")},
            "rose from the very first step",
        ),
        ("6.3", {"diagnose": _diagnose_swap(solved, "oscillates", "noise floor")}, "trends down"),
        ("6.3", {"diagnose": _diagnose_swap(solved, "plateau", "slow")}, "nothing moves at first"),
        ("6.3", {"diagnose": lambda losses: 3}, "wrong type"),
        ("6.3", {"fix": _fix_except(solved, "slow")}, "needs a larger step"),
        ("6.3", {"fix": _fix_except(solved, "noise floor")}, "decaying schedule"),
        ("6.3", {"fix": _fix_except(solved, "diverges at once")}, "very first step"),
        ("6.3", {"fix": _fix_except(solved, "plateau", lr=0.5)}, "momentum shortens"),
        ("6.3", {"fix": _fix_changing_three(solved)}, "at most two fields"),
        ("6.3", {"fix": lambda label, config: {**config, "steps": 2000}}, "not raise steps"),
        ("7.2", {"smallest_alpha": _alpha_variant("unsorted")}, "wherever they are"),
        ("7.2", {"smallest_alpha": _alpha_variant("only_mu")}, "the largest too"),
        ("7.2", {"smallest_alpha": _alpha_variant("momentum")}, "momentum's rate"),
        ("7.2", {"smallest_alpha": _alpha_variant("one_over_L")}, "step 1 / L"),
        ("7.2", {"smallest_alpha": _alpha_variant("unclamped")}, "alpha >= 0"),
        ("7.1", {"ravine_design": (0.02, 0.5)}, "lr = (1 + sqrt(beta))^2 / L"),
        ("7.1", {"ravine_design": (0.01, 0.2)}, "raise beta"),
        ("7.1", {"ravine_design": (0.04, 0.5)}, "not 2"),
        ("7.1", {"ravine_design": (0.03, 0.6)}, "between 0 and its cap"),
        ("7.1", {"ravine_design": 0.03}, "pair of numbers"),
        ("7.1", {"design": _design_ignoring_the_cap}, "between 0 and its cap"),
        ("7.1", {"design": lambda mu, L, target, beta_max: (2 / L, beta_max)}, "top of the"),
    ]


def _design_ignoring_the_cap(mu, L, target, beta_max):
    kappa = L / mu
    return 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2


N_WRONG = 47


def test_every_new_exercise_has_wrong_answer_tests(solved):
    cases = _wrong_answers(solved)
    assert len(cases) == N_WRONG
    new = {"5.3", "5.4", "6.1", "6.3", "7.1", "7.2"}
    assert {e for e, _, _ in cases} == new and new <= set(IDS)


@pytest.mark.parametrize("case", range(N_WRONG))
def test_typical_wrong_answer_loses_points_with_its_hint(solved, case):
    exercise_id, answers, hint = _wrong_answers(solved)[case]
    ns = _with(solved, **answers)
    for result in (
        evaluate_in_process(exercise_id, ns, SEEDS[3]),
        practice_result(exercise_id, ns),
    ):
        assert result.points < result.max_points, result.text()
        assert hint in result.feedback, result.text()
        if not callable(next(iter(answers.values()))):
            assert "expected" not in result.feedback  # a short answer is never shown


def test_a_wrong_regime_choice_loses_points_when_graded_and_is_recorded_in_practice(solved):
    right = dict(solved["regimes"])
    for key, wrong, hint in [
        ("P", "overdamped", "envelope shrinks by sqrt(beta)"),
        ("Q", "underdamped", "2 + 2 beta is unstable"),
        ("R", "critically damped", "overdamped"),
        ("S", "overdamped", "double root"),
    ]:
        ns = _with(solved, regimes={**right, key: wrong})
        result = evaluate_in_process("5.3", ns, SEEDS[0])
        assert result.points == result.max_points - 2 and hint in result.feedback, result.text()
        practice = practice_result("5.3", ns)
        assert practice.recorded and hint not in practice.feedback, practice.text()


# ----------------------------------------------------- references against independent code


def test_step_references_agree_with_the_helpers_optimizers():
    rng = np.random.default_rng(3)
    land = h.quadratic_from_matrix(np.diag([0.5, 3.0, 40.0]))
    w0 = rng.standard_normal(3)
    run_a = h.run(land, w0, h.adagrad(eps=1e-3), lr=0.3, steps=30, tol=0)
    run_w = h.run(land, w0, h.adamw(0.8, 0.95, 1e-3, 0.2), lr=0.05, steps=30, tol=0)
    w, s = w0.copy(), np.zeros(3)
    wa, m, v = w0.copy(), np.zeros(3), np.zeros(3)
    for t in range(1, 31):
        w, s = ch05.adagrad_reference(w, land.gradient(w), s, 0.3, 1e-3)
        wa, m, v = ch05.adamw_reference(wa, land.gradient(wa), m, v, t, 0.05, 0.8, 0.95, 1e-3, 0.2)
        assert np.allclose(w, run_a.path[t], rtol=1e-12, atol=1e-14)
        assert np.allclose(wa, run_w.path[t], rtol=1e-12, atol=1e-14)


def test_regime_reference_agrees_with_the_roots():
    rng = np.random.default_rng(5)
    for x, beta in ch05.regime_triples(rng, per_regime=50):
        roots = np.roots([1.0, -(1 + beta - x), beta])
        word = ch05.regime_reference(x, beta, 1.0)
        if word == "unstable":
            assert np.abs(roots).max() > 1
        elif word == "underdamped":
            assert np.all(np.abs(roots.imag) > 0)
            assert np.allclose(np.abs(roots), np.sqrt(beta))
            assert np.isclose(h.momentum_spectral_radius(x, beta, 1.0), np.sqrt(beta))
        elif word == "overdamped":
            assert np.all(roots.imag == 0) and np.all(roots.real > 0)
            assert abs(roots[0] - roots[1]) > 1e-3
        else:  # a double root, up to the rounding of the triple
            assert abs(roots[0] - roots[1]) < 1e-5 and np.all(np.abs(roots) < 1)


def test_armijo_reference_agrees_with_h_armijo_along_minus_g():
    rng = np.random.default_rng(9)
    for _ in range(30):
        spec, f, grad, n = ch06._logistic_problem(rng)
        w = rng.standard_normal(n) * 2
        g = grad(w)
        lr0, c, shrink = float(rng.uniform(1, 50)), float(rng.uniform(0.01, 0.4)), 0.5
        step = h.armijo(f, g, w, lr0=lr0, c=c, shrink=shrink)
        assert ch06.armijo_reference(f, g, w, -g, lr0, c, shrink) == (step.lr, step.evaluations)


def test_every_armijo_case_direction_is_a_descent_direction():
    for seed in SEEDS:
        for part in grading_cases("6.1", seed):
            for case in part["cases"]:
                g, d = decode(case["args"][1]), decode(case["args"][3])
                assert g @ d < 0


def test_smallest_alpha_reference_is_the_boundary_of_the_budget_in_runs():
    """Gradient descent at the best step, from equal components along the extreme
    eigen-directions, shrinks the error by exactly rate^K: at alpha it meets the budget,
    at 0.99 alpha it does not."""
    for seed in SEEDS:
        for case in grading_cases("7.2", seed)[1]["cases"]:
            eig, steps, tol = (decode(a) for a in case["args"])
            alpha = ch07.smallest_alpha_reference(eig, steps, tol)
            for a, meets in ((alpha, True), (0.99 * alpha, False)):
                lam = np.array([eig.min(), eig.max()]) + a
                lr = 2 / lam.sum()
                x = np.ones(2)
                for _ in range(steps):
                    x = x - lr * lam * x
                assert (np.abs(x).max() <= tol * (1 + 1e-6)) == meets, (seed, a, alpha)


def _independent_label(losses) -> str:
    """A classifier of the six curves written apart from the solution's: other features
    (the total of the rises, log-scale levels), other thresholds."""
    y = np.asarray(losses, dtype=float)
    n = len(y)
    if not np.all(np.isfinite(y)) or np.nanmax(y) > 1e4 * abs(y[0]):
        first_rise = y[1] - y[0]
        return "diverges at once" if first_rise > 0 else "diverges"
    span = y.max() - y.min()
    rises = np.sum(np.clip(np.diff(y), 0, None)) / span
    if rises < 1e-6:
        head = abs(y[n // 20] - y[0]) / span
        return "plateau" if head < 1e-4 else "slow"
    lo = np.percentile(y[n // 5 : 2 * n // 5], 50)
    hi = np.percentile(y[4 * n // 5 :], 50)
    return "noise floor" if abs(np.log(lo / hi)) < 0.3 else "oscillates"


def test_symptom_curves_keep_their_margins_over_200_seeds(solved):
    """Every curve of 200 seeds is labelled right by the independent classifier and by
    the worked solution's diagnose."""
    wrong = []
    for seed in range(200):
        rng = np.random.default_rng([seed, 63])
        for label, make in ch06.GENERATORS.items():
            curve = make(rng)
            assert 2 <= len(curve) <= ch06.MAX_POINTS
            for name, labels in (("test", _independent_label), ("solution", solved["diagnose"])):
                if labels(curve) != label:
                    wrong.append((seed, label, name, labels(curve)))
    assert not wrong, wrong[:5]


# -------------------------------------------------------------------------------- time


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_part_takes_at_most_1_5_core_seconds(solved, exercise_id):
    from helpers.practice.evaluate import answer_part, score_exercise

    ex = EXERCISES[exercise_id]
    for i, part in enumerate(ex.parts):
        start = time.process_time()
        with np.errstate(all="ignore"):  # as grading_cases draws them
            cases = part.make(rng_for(SEEDS[5], exercise_id, i))
        replies = answer_part(solved, cases, ex.forbid, exercise_id)
        meta = {"id": ex.id, "title": ex.title}
        score_exercise(
            meta, [{"name": part.name, "points": part.points, "cases": cases}], [replies]
        )
        assert time.process_time() - start < 1.5, (exercise_id, part.name)


# ------------------------------------------------------------------ 7.1: the design verifier


def test_the_printed_target_of_7_1_is_the_checks():
    text = (ROOT / "solutions" / "sol07_ravines.md").read_text()
    assert f"mu, L, beta_max, target = 1.0, 100.0, 0.5, {ch07.PART_A_TARGET}" in text


def test_design_targets_are_met_by_the_documented_design():
    """Over 50 seeds (300 ravines) the solution's design (Polyak's when the cap allows it, else beta at
    the cap and L at the top of the band) passes the verifier, and going past the cap or
    past 2 + 2 beta does not."""
    from helpers.practice.compare import Wrong
    from helpers.practice.verifiers import VERIFIERS

    check = VERIFIERS["momentum_rate_at_most"]
    design = _solution(7)["design"]
    for seed in range(50):
        for mu, L, target, beta_max in ch07.design_problems(np.random.default_rng(seed)):
            problem = dict(mu=mu, L=L, target=target, beta_max=beta_max)
            lr, beta = design(mu, L, target, beta_max)
            check((lr, beta), **problem)
            for bad in ((lr, beta_max + 1e-3), ((2 + 2 * beta) / L, beta)):
                with pytest.raises(Wrong):
                    check(bad, **problem)


def test_best_capped_rate_agrees_with_a_grid_over_both_settings():
    for mu, L, beta_max in [(1.0, 100.0, 0.5), (1.0, 10.0, 0.2), (0.1, 50.0, 0.9)]:
        best = np.inf
        for beta in np.linspace(0, beta_max, 201):
            lrs = np.linspace(1e-4, (2 + 2 * beta) / L, 2000)[:-1]
            best = min(best, float(np.min(h.momentum_rate(lrs, beta, [mu, L]))))
        assert abs(ch07.best_capped_rate(mu, L, beta_max) - best) < 2e-3
        assert ch07.best_capped_rate(mu, L, beta_max) <= best + 1e-9


# ----------------------------------------------------------------- 6.3: the fix verifier


def test_the_documented_fix_passes_and_a_no_op_fails_over_100_seeds():
    from helpers.practice.compare import Wrong
    from helpers.practice.verifiers import VERIFIERS

    check = VERIFIERS["fix_removes_symptom"]
    fix = _solution(6)["fix"]
    for seed in range(100):
        rng = np.random.default_rng([seed, 17])
        for label, make in ch06.PROBLEMS.items():
            problem, config = make(rng)
            check(fix(label, config), label=label, problem=problem, config=config)
            with pytest.raises(Wrong):
                check(dict(config), label=label, problem=problem, config=config)


def test_symptom_runs_reproduce_the_curves_and_their_settings():
    """A config re-run gives the same curve (the grader re-runs it), and the settings are
    what the statement says: no momentum, no schedule, no warm-up except where named."""
    from helpers.practice.verifiers import symptom_run

    rng = np.random.default_rng(2)
    for label, make in ch06.PROBLEMS.items():
        problem, config = make(rng)
        a, b = symptom_run(problem, config), symptom_run(problem, config)
        assert np.array_equal(a, b)
        assert config["schedule"] == "constant" and config["warmup_steps"] == 0
        assert (config["beta"] > 0) == (label == "oscillates")
