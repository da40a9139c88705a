"""Bad input, every public callable of `helpers`: one table of rows
(callable, the call with one bad argument, the argument, a fragment of the message).

Each row asserts a ``ValueError`` whose message has the one shape of
``helpers._validate``, ``<argument> must be <what>, got <value>; <fix>``: it starts with the
argument's name, shows what was given and says what to do. The fragment pins the value
shown or the rule broken. A meta-test fails when a public callable of ``h.__all__`` has no
row; the few exemptions are listed with their reasons, and the meta-test checks the reasons
(a name exempted for taking no arguments takes none, a record is a class).

The rows call the functions the way a reader would: each bad value is one a reader could
plausibly pass (a name instead of an object, a step count of 2.5, a rate that turns
negative at step 6, a start outside the sliders' range, ...).
"""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

import helpers as h

# -- things the rows share ------------------------------------------------------------------
SADDLE, PARABOLA = h.saddle(), h.parabola()
NET = h.MLP((2, 3, 1))
W_NET = NET.init(seed=0)
X_NET, Y_NET = np.zeros((4, 2)), np.zeros((4, 1))
X_REG, Y_REG = np.eye(3), np.ones(3)
M22 = np.diag([3.0, 1.0])
NOT_SYMMETRIC = [[1.0, 2.0], [0.0, -1.0]]
PROBLEM = h.make_regression(n=20, dim=2)
LOGISTIC = h.make_logistic(n=20, dim=2)
QB = h.quartic_bowl()
IDENTITY3 = lambda v: np.asarray(v, float)  # the operator v -> I v on R^3
FN = lambda w: w  # any function, where the row's bad argument is elsewhere
_A, _B = np.meshgrid(np.arange(4.0), np.arange(3.0))
GRID = (_A, _B, 1.0 + _A + _B)  # a grid and a positive, non-constant Z on it


def rng():
    return np.random.default_rng(0)


def ax(**kw):
    return Figure().add_subplot(**kw)


def run_result():
    return h.run(SADDLE, [1.0, 0.5], steps=3)


def a_critical_point():
    return SADDLE.critical_points[0]


class _StepOfWrongShape:
    """An optimizer whose update returns a step with one coordinate too many."""

    def __new__(cls):
        return h.Optimizer("broken", lambda w: (), lambda g, state, lr: (np.zeros(3), state))


_EXPLORER = {}


def explorer():
    """One learning-rate explorer for the rows about Explorer.set (built once)."""
    if not _EXPLORER:
        h.use_style()
        _EXPLORER["ex"] = h.learning_rate_explorer()
    return _EXPLORER["ex"]


def _two_layer_loss():
    return h.two_layer_net(X_REG, Y_REG, hidden=2)[0]


# -- the table: (callable, call, argument, fragment) ----------------------------------------
# `callable` is the public name the row covers (a method as "Class.method").
ROWS = [
    # landscapes
    (
        "AnalyticLandscape",
        lambda: h.AnalyticLandscape("f", "x", 0, FN, FN, FN, (0, 1)),
        "dim",
        "got 0",
    ),
    (
        "AnalyticLandscape",
        lambda: h.AnalyticLandscape("f", "x", 2, FN, FN, FN, ((0, 1),)),
        "window",
        r"shape \(1, 2\)",
    ),
    (
        "AnalyticLandscape",
        lambda: h.AnalyticLandscape("f", "x", 1, "f", FN, FN, (0, 1)),
        "value_fn",
        "got 'f'",
    ),
    (
        "AnalyticLandscape.value",
        lambda: SADDLE.value(np.zeros(3)),
        "w",
        r"2 coordinate\(s\) on the last axis",
    ),
    (
        "AnalyticLandscape.__call__",
        lambda: SADDLE(np.zeros((3, 4)), np.zeros(5)),
        "coords",
        r"shapes \(3, 4\), \(5,\)",
    ),
    ("AnalyticLandscape.__call__", lambda: SADDLE(np.zeros(3)), "coords", r"got 1 array"),
    ("AnalyticLandscape.grid", lambda: SADDLE.grid(1), "n", "got 1"),
    ("AnalyticLandscape.grid", lambda: SADDLE.grid(window=[1, 2, 3, 4]), "window", r"shape \(4,\)"),
    (
        "CriticalPoint",
        lambda: h.CriticalPoint((0.0,), 0.0, (1.0,), "bottom"),
        "kind",
        "got 'bottom'",
    ),
    (
        "CriticalPoint",
        lambda: h.CriticalPoint((0.0, 0.0), 0.0, (1.0,), "minimum"),
        "eigenvalues",
        r"shape \(1,\)",
    ),
    ("get_landscape", lambda: h.get_landscape("everest"), "name", "got 'everest'"),
    ("get_landscape", lambda: h.get_landscape(h.saddle), "name", "got <function saddle"),
    ("quadratic", lambda: h.quadratic((1.0, 2.0, 3.0)), "eigenvalues", "quadratic_from_matrix"),
    ("quadratic", lambda: h.quadratic(angle=float("nan")), "angle", "got nan"),
    (
        "quadratic_from_matrix",
        lambda: h.quadratic_from_matrix(NOT_SYMMETRIC),
        "A",
        "symmetric.*differs from its transpose by up to 2",
    ),
    (
        "quadratic_from_matrix",
        lambda: h.quadratic_from_matrix(np.ones((2, 3))),
        "A",
        r"square.*shape \(2, 3\)",
    ),
    (
        "quadratic_from_matrix",
        lambda: h.quadratic_from_matrix(M22, center=[1.0]),
        "center",
        r"shape \(2,\)",
    ),
    ("quadratic_from_matrix", lambda: h.quadratic_from_matrix(M22, name=""), "name", "non-empty"),
    (
        "quadratic_from_matrix",
        lambda: h.quadratic_from_matrix(M22, window=((1, 0), (0, 1))),
        "window",
        "low < high",
    ),
    ("l2_regularized", lambda: h.l2_regularized(SADDLE, -0.1), "alpha", r"got -0\.1"),
    ("l2_regularized", lambda: h.l2_regularized(SADDLE, np.nan), "alpha", "got nan"),
    ("l2_regularized", lambda: h.l2_regularized("saddle", 0.1), "landscape", "get_landscape"),
    ("rastrigin", lambda: h.rastrigin(0), "dim", "got 0"),
    ("rastrigin", lambda: h.rastrigin(2.0), "dim", r"got 2\.0"),
    ("rastrigin", lambda: h.rastrigin(2, amplitude=-1), "amplitude", "got -1"),
    ("rosenbrock", lambda: h.rosenbrock(b=0), "b", "got 0"),
    ("rosenbrock", lambda: h.rosenbrock(a=float("inf")), "a", "got inf"),
    ("tilted_wells", lambda: h.tilted_wells(tilt_x=2.0), "tilt_x", "merges two wells"),
    ("tilted_wells", lambda: h.tilted_wells(tilt_y="0.2"), "tilt_y", "got '0.2'"),
    # derivatives
    ("numerical_gradient", lambda: h.numerical_gradient(SADDLE.value, [np.nan, 0.0]), "w", "nan"),
    (
        "numerical_gradient",
        lambda: h.numerical_gradient(lambda w: 1.0, [0.0, 0.0]),
        "f",
        r"vectorized.*got shape \(\)",
    ),
    ("numerical_gradient", lambda: h.numerical_gradient("f", [0.0, 0.0]), "f", "got 'f'"),
    (
        "numerical_hessian",
        lambda: h.numerical_hessian(SADDLE.value, [[0.0, 0.0]]),
        "w",
        r"shape \(1, 2\)",
    ),
    (
        "numerical_hessian",
        lambda: h.numerical_hessian(SADDLE.value, [0.0, 0.0], h=float("nan")),
        "h",
        "got nan",
    ),
    (
        "hessian_from_gradient",
        lambda: h.hessian_from_gradient(lambda W: W[:, :1], [0.0, 0.0]),
        "grad",
        r"got shape \(4, 1\)",
    ),
    (
        "hessian_from_gradient",
        lambda: h.hessian_from_gradient(SADDLE.gradient, [0.0, 0.0], h=-1),
        "h",
        "got -1",
    ),
    (
        "hessian_vector_product",
        lambda: h.hessian_vector_product(SADDLE.gradient, [0.0, 0.0], [1.0, 0.0, 0.0]),
        "v",
        "got",
    ),
    (
        "hessian_vector_product",
        lambda: h.hessian_vector_product(lambda w: w[:1], [0.0, 0.0], [1.0, 0.0]),
        "grad",
        r"shape \(1,\)",
    ),
    (
        "hessian_vector_product",
        lambda: h.hessian_vector_product(None, [0.0], [1.0]),
        "grad",
        "got None",
    ),
    (
        "hvp_finite_difference",
        lambda: h.hvp_finite_difference(SADDLE.gradient, [0.0, 0.0], [1.0, 0.0], eps=0),
        "eps",
        "got 0",
    ),
    # critical points
    (
        "classify_critical_point",
        lambda: h.classify_critical_point(NOT_SYMMETRIC),
        "hessian",
        "symmetric",
    ),
    ("classify_critical_point", lambda: h.classify_critical_point(M22, tol=-1), "tol", "got -1"),
    (
        "classify_eigenvalues",
        lambda: h.classify_eigenvalues([[1.0, -1.0]]),
        "eigenvalues",
        r"shape \(1, 2\)",
    ),
    ("classify_eigenvalues", lambda: h.classify_eigenvalues([]), "eigenvalues", "non-empty"),
    ("classify_eigenvalues", lambda: h.classify_eigenvalues([1.0, np.nan]), "eigenvalues", "nan"),
    (
        "find_critical_points",
        lambda: h.find_critical_points(SADDLE, starts=[1.0, 2.0, 3.0, 4.0]),
        "starts",
        r"shape \(n, 2\).*shape \(4,\)",
    ),
    (
        "find_critical_points",
        lambda: h.find_critical_points(SADDLE, starts=[1.0, 2.0]),
        "starts",
        r"shape \(2,\)",
    ),
    (
        "find_critical_points",
        lambda: h.find_critical_points("saddle"),
        "landscape",
        r"h.get_landscape\('saddle'\)",
    ),
    (
        "find_critical_points",
        lambda: h.find_critical_points(SADDLE, n_starts=0),
        "n_starts",
        "got 0",
    ),
    (
        "find_critical_points",
        lambda: h.find_critical_points(SADDLE, steps=1.5),
        "steps",
        r"got 1\.5",
    ),
    (
        "find_critical_points",
        lambda: h.find_critical_points(SADDLE, window=((1, 0), (0, 1))),
        "window",
        "low < high",
    ),
    ("find_critical_points", lambda: h.find_critical_points(SADDLE, seed=-1), "seed", "got -1"),
    (
        "find_critical_points",
        lambda: h.find_critical_points(SADDLE, grad_tol=0),
        "grad_tol",
        "got 0",
    ),
    # optimizers and schedules
    ("Optimizer", lambda: h.Optimizer("mine", 3, FN), "init", "got 3"),
    ("Optimizer", lambda: h.Optimizer("", FN, FN), "name", "non-empty"),
    ("adam", lambda: h.adam(b1=1.0), "b1", r"\[0, 1\), got 1\.0"),
    ("adam", lambda: h.adam(eps=0), "eps", "got 0"),
    ("adagrad", lambda: h.adagrad(eps=0), "eps", "got 0"),
    ("adagrad", lambda: h.adagrad(eps="1e-8"), "eps", "got '1e-8'"),
    ("adamw", lambda: h.adamw(weight_decay=-0.01), "weight_decay", r"got -0\.01"),
    ("adamw", lambda: h.adamw(b2=1.0), "b2", r"\[0, 1\), got 1\.0"),
    (
        "adamw",
        lambda: h.adamw().update(np.ones(2), h.adamw().init(np.ones(2)), 0.1),
        "params",
        "got None",
    ),
    ("momentum", lambda: h.momentum(1.0), "beta", r"\[0, 1\), got 1\.0"),
    ("momentum", lambda: h.momentum("0.9"), "beta", "got '0.9'"),
    ("nesterov", lambda: h.nesterov(-0.1), "beta", r"got -0\.1"),
    ("rmsprop", lambda: h.rmsprop(decay=1), "decay", "got 1"),
    ("rmsprop", lambda: h.rmsprop(eps=-1.0), "eps", "got -1"),
    ("constant", lambda: h.constant(0), "lr", "got 0"),
    ("constant", lambda: h.constant(0.1)(-1), "t", "got -1"),
    ("constant", lambda: h.constant(0.1)(float("nan")), "t", "got nan"),
    ("cosine", lambda: h.cosine(0.1, 0), "total_steps", "got 0"),
    ("cosine", lambda: h.cosine(0.1, 100, final_lr=-0.01), "final_lr", "got -0.01"),
    ("cyclical", lambda: h.cyclical(0.5, 0.1, 10), "high", r"got 0\.1; high is the peak"),
    ("cyclical", lambda: h.cyclical(0.1, 0.5, 0), "period", "got 0"),
    ("exponential", lambda: h.exponential(0), "lr", "got 0"),
    ("exponential", lambda: h.exponential(0.1, decay=0), "decay", "got 0"),
    ("step_decay", lambda: h.step_decay(0.1, factor=0), "factor", "got 0"),
    ("step_decay", lambda: h.step_decay(0.1, every=2.5), "every", r"got 2\.5"),
    ("warmup", lambda: h.warmup(0.1, 0), "warmup_steps", "got 0"),
    ("warmup", lambda: h.warmup(0.1, 5, then=lambda t: -0.1), "then", r"got -0\.1 at step 0"),
    ("warmup", lambda: h.warmup(0.1, 2, then=lambda t: 0.1 - 0.1 * t)(10), "then", "at step 8"),
    # the run loop
    ("run", lambda: h.run("saddle", [1.0, 0.5]), "landscape", r"h.get_landscape\('saddle'\)"),
    ("run", lambda: h.run(42, [1.0, 0.5]), "landscape", "got 42"),
    (
        "run",
        lambda: h.run(SADDLE, [1.0, 0.5], loss=FN, grad=FN),
        "landscape",
        "got landscape and loss and grad; pass exactly one",
    ),
    ("run", lambda: h.run(None, [1.0], loss=lambda w: 0.0), "landscape", "got loss"),
    ("run", lambda: h.run(SADDLE, [1.0, 2.0, 3.0]), "w0", r"2 number\(s\)"),
    ("run", lambda: h.run(SADDLE, [[1.0, 2.0]]), "w0", r"shape \(1, 2\)"),
    ("run", lambda: h.run(SADDLE, [np.inf, 0.0]), "w0", "inf"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], lr=-0.1), "lr", r"got -0\.1"),
    ("run", lambda: h.run(PARABOLA, [1.0], lr=lambda t: 0.1 - 0.02 * t), "lr", "at step 6"),
    (
        "run",
        lambda: h.run(PARABOLA, [1.0], lr=lambda t: 0.1 if t < 3 else np.nan),
        "lr",
        "got nan at step 3",
    ),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], steps=0), "steps", "got 0"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], steps=2.5), "steps", r"got 2\.5"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], tol=-1.0), "tol", "got -1"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], stop_when=3), "stop_when", "got 3"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], noise=-1.0), "noise", "got -1"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], seed=1.5), "seed", r"got 1\.5"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], blowup=0), "blowup", "got 0"),
    ("run", lambda: h.run(SADDLE, [1.0, 0.5], optimizer="adam"), "optimizer", "got 'adam'"),
    (
        "run",
        lambda: h.run(SADDLE, [1.0, 0.5], optimizer=_StepOfWrongShape()),
        "optimizer",
        r"a step of shape \(3,\) at step 0",
    ),
    ("run", lambda: h.run(None, [1.0, 0.5], value_and_grad="f"), "value_and_grad", "got 'f'"),
    (
        "run",
        lambda: h.run(None, [1.0, 0.5], loss=lambda w: 0.0, grad=lambda w: np.zeros(3)),
        "grad",
        r"shape \(3,\) at iterate 0",
    ),
    ("run", lambda: h.run(None, [1.0, 0.5], loss=lambda w: w, grad=FN), "loss", "one number"),
    # line search
    ("armijo", lambda: h.armijo(QB.value, [1.0, 2.0, 3.0], [1.0, 1.0]), "grad_w", r"shape"),
    ("armijo", lambda: h.armijo(QB.value, [4.0, 4.0], [1.0, np.nan]), "w", "nan"),
    ("armijo", lambda: h.armijo(QB.value, [4.0, 4.0], [1.0, 1.0], c=1.0), "c", r"got 1\.0"),
    ("armijo", lambda: h.armijo(QB.value, [4.0, 4.0], [1.0, 1.0], shrink=1), "shrink", "got 1"),
    ("armijo", lambda: h.armijo(QB.value, [4.0, 4.0], [1.0, 1.0], lr0=0), "lr0", "got 0"),
    (
        "armijo",
        lambda: h.armijo(QB.value, [4.0, 4.0], [1.0, 1.0], max_shrinks=2.5),
        "max_shrinks",
        r"got 2\.5",
    ),
    ("armijo", lambda: h.armijo("f", [4.0, 4.0], [1.0, 1.0]), "f", "got 'f'"),
    ("armijo", lambda: h.armijo(lambda w: w, [4.0, 4.0], [1.0, 1.0]), "f", "one number"),
    ("armijo", lambda: h.armijo(QB.value, [4.0, 4.0], [1.0, 1.0], f_w=np.inf), "f_w", "inf"),
    (
        "armijo_descent",
        lambda: h.armijo_descent([1.0, 1.0], landscape=QB, loss=QB.value),
        "landscape",
        "got landscape and loss",
    ),
    (
        "armijo_descent",
        lambda: h.armijo_descent([1.0, 1.0], loss=QB.value),
        "landscape",
        "got loss",
    ),
    (
        "armijo_descent",
        lambda: h.armijo_descent([1.0, 1.0], landscape=QB, value_and_grad=FN),
        "landscape",
        "got landscape and value_and_grad",
    ),
    ("armijo_descent", lambda: h.armijo_descent([1.0], landscape=QB), "w0", r"2 number\(s\)"),
    ("armijo_descent", lambda: h.armijo_descent([1.0, 1.0], 0, landscape=QB), "steps", "got 0"),
    (
        "armijo_descent",
        lambda: h.armijo_descent([1.0, 1.0], landscape=QB, tol=-1.0),
        "tol",
        "got -1",
    ),
    (
        "armijo_descent",
        lambda: h.armijo_descent([1.0, 1.0], landscape=QB, stop_when=1),
        "stop_when",
        "got 1",
    ),
    (
        "armijo_descent",
        lambda: h.armijo_descent([1.0, 1.0], loss=QB.value, grad=lambda w: w[:1]),
        "grad",
        r"shape \(1,\) at iterate 0",
    ),
    # quadratic theory
    ("condition_number", lambda: h.condition_number([1.0, -1.0]), "eigenvalues", "strictly convex"),
    ("condition_number", lambda: h.condition_number([]), "eigenvalues", "got"),
    ("gd_optimal_rate", lambda: h.gd_optimal_rate(0.5), "kappa", r"got 0\.5"),
    ("gd_optimal_step", lambda: h.gd_optimal_step(2.0, 1.0), "L", r"mu <= L"),
    ("gd_optimal_step", lambda: h.gd_optimal_step(0.0, 1.0), "mu", "got 0"),
    ("gd_rate", lambda: h.gd_rate(-0.1, [1.0, 2.0]), "lr", r"got -0\.1"),
    ("gd_rate", lambda: h.gd_rate(0.1, [[1.0, 2.0], [3.0, 4.0]]), "eigenvalues", r"shape \(2, 2\)"),
    ("gd_stability_limit", lambda: h.gd_stability_limit(0), "L", "got 0"),
    ("measured_rate", lambda: h.measured_rate([[1.0, 1.0]]), "path", "at least two iterates"),
    ("measured_rate", lambda: h.measured_rate([[0.0], [0.0]]), "path", "other than the minimizer"),
    ("measured_rate", lambda: h.measured_rate(run_result(), start=1.0), "start", r"got 1\.0"),
    ("measured_rate", lambda: h.measured_rate(run_result(), floor=0), "floor", "got 0"),
    (
        "measured_rate",
        lambda: h.measured_rate(run_result(), minimizer=[0.0]),
        "minimizer",
        r"2 number\(s\)",
    ),
    ("momentum_matrix", lambda: h.momentum_matrix(0.1, 1.0, 1.0), "beta", r"got 1\.0"),
    ("momentum_matrix", lambda: h.momentum_matrix(0, 0.5, 1.0), "lr", "got 0"),
    ("momentum_matrix", lambda: h.momentum_matrix(0.1, 0.5, -1.0), "lam", "got -1"),
    ("momentum_optimal", lambda: h.momentum_optimal(2.0, 1.0), "L", "mu <= L"),
    ("momentum_optimal_rate", lambda: h.momentum_optimal_rate(0.5), "kappa", r"got 0\.5"),
    ("momentum_rate", lambda: h.momentum_rate(0.1, 1.0, [1.0, 2.0]), "beta", r"got 1\.0"),
    (
        "momentum_rate",
        lambda: h.momentum_rate(np.ones(3) * 0.1, np.ones(2) * 0.5, [1.0]),
        "lr",
        r"shapes \(3,\) and \(2,\)",
    ),
    ("momentum_spectral_radius", lambda: h.momentum_spectral_radius(0.1, 0.5, 0), "lam", "got 0"),
    ("momentum_stable", lambda: h.momentum_stable(0.1, -0.5, [1.0]), "beta", r"got -0\.5"),
    (
        "nesterov_spectral_radius",
        lambda: h.nesterov_spectral_radius(-1.0, 0.5, [1.0]),
        "lr",
        "got -1",
    ),
    ("steps_to_tolerance", lambda: h.steps_to_tolerance(1.0, 0.1), "rate", r"got 1\.0"),
    ("steps_to_tolerance", lambda: h.steps_to_tolerance(0.5, 0), "ratio", "got 0"),
    # smooth, strongly convex functions
    ("smooth_strongly_convex", lambda: h.smooth_strongly_convex(1.0, 0.0), "mu", "got 0"),
    ("smooth_strongly_convex", lambda: h.smooth_strongly_convex(0.5, 1.0), "L", "at least"),
    (
        "SmoothStronglyConvex.distance_bound",
        lambda: h.smooth_strongly_convex(2.0, 1.0).distance_bound(-1, 1.0),
        "k",
        "got -1",
    ),
    (
        "SmoothStronglyConvex.value_bound",
        lambda: h.smooth_strongly_convex(2.0, 1.0).value_bound(3, -1.0),
        "initial_gap",
        "got -1",
    ),
    # slices
    ("random_direction", lambda: h.random_direction(0, rng()), "dim", "got 0"),
    ("random_direction", lambda: h.random_direction(2, 0), "rng", "got 0"),
    (
        "random_direction",
        lambda: h.random_direction(2, rng(), orthogonal_to=np.eye(2)),
        "orthogonal_to",
        "no direction is left",
    ),
    (
        "random_direction",
        lambda: h.random_direction(2, rng(), orthogonal_to=[1.0, 2.0, 3.0]),
        "orthogonal_to",
        "length 2",
    ),
    (
        "random_direction",
        lambda: h.random_direction(2, rng(), orthogonal_to=[0.0, 0.0]),
        "orthogonal_to",
        "non-zero",
    ),
    (
        "slice_1d",
        lambda: h.slice_1d(SADDLE.value, [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]),
        "direction",
        "non-zero",
    ),
    (
        "slice_1d",
        lambda: h.slice_1d(SADDLE.value, [0.0, 0.0], [1.0, 0.0], [0.0, np.nan]),
        "ts",
        "nan",
    ),
    (
        "slice_1d",
        lambda: h.slice_1d(lambda w: 1.0, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]),
        "f",
        r"got shape \(\)",
    ),
    (
        "slice_2d",
        lambda: h.slice_2d(SADDLE.value, [0.0, 0.0], [1.0], [0.0, 1.0], [0.0], [0.0]),
        "u",
        r"2 number\(s\)",
    ),
    (
        "slice_2d",
        lambda: h.slice_2d(
            SADDLE.value, [0.0, 0.0], [1.0, 0.0], [0.0, 1.0], np.zeros((2, 2)), [0.0]
        ),
        "alphas",
        r"shape \(2, 2\)",
    ),
    # convexity
    ("chord_gap", lambda: h.chord_gap(np.exp, 0.0, 1.0, [1.5]), "t", r"\[0, 1\], got \[1\.5\]"),
    (
        "chord_gap",
        lambda: h.chord_gap(SADDLE.value, [0.0, 0.0], [1.0, 1.0, 1.0], 0.5),
        "b",
        r"shape \(3,\)",
    ),
    ("chord_gap", lambda: h.chord_gap("f", 0.0, 1.0, 0.5), "f", "got 'f'"),
    ("chord_picture", lambda: h.chord_picture(np.exp, 1.0, 1.0), "b", "different from a"),
    ("chord_picture", lambda: h.chord_picture(np.exp, 0.0, 1.0, n=1), "n", "got 1"),
    ("chord_picture", lambda: h.chord_picture(np.exp, np.nan, 1.0), "a", "got nan"),
    ("jensen_gap", lambda: h.jensen_gap(np.exp, [[[1.0]]]), "samples", r"shape \(1, 1, 1\)"),
    (
        "jensen_gap",
        lambda: h.jensen_gap(np.exp, [1.0, 2.0], weights=[1.0, -1.0]),
        "weights",
        r">= 0, got \[1\.0, -1\.0\]",
    ),
    (
        "jensen_gap",
        lambda: h.jensen_gap(np.exp, [1.0, 2.0], weights=[0.0, 0.0]),
        "weights",
        "not all zero",
    ),
    (
        "sampled_convexity_test",
        lambda: h.sampled_convexity_test(SADDLE.value, [(0, 1, 2)]),
        "window",
        r"shape \(1, 3\)",
    ),
    (
        "sampled_convexity_test",
        lambda: h.sampled_convexity_test(np.exp, (1, 0)),
        "window",
        "low < high",
    ),
    (
        "sampled_convexity_test",
        lambda: h.sampled_convexity_test(np.exp, (0, 1), n_pairs=0),
        "n_pairs",
        "got 0",
    ),
    (
        "sampled_convexity_test",
        lambda: h.sampled_convexity_test(np.exp, (0, 1), tol=0),
        "tol",
        "got 0",
    ),
    (
        "min_hessian_eigenvalue",
        lambda: h.min_hessian_eigenvalue(
            lambda P: np.broadcast_to(NOT_SYMMETRIC, P.shape[:-1] + (2, 2)), [[0.0, 0.0]]
        ),
        "hessian",
        "symmetric",
    ),
    (
        "min_hessian_eigenvalue",
        lambda: h.min_hessian_eigenvalue(SADDLE.hessian, [[np.nan, 0.0]]),
        "points",
        "nan",
    ),
    (
        "min_hessian_eigenvalue",
        lambda: h.min_hessian_eigenvalue(SADDLE.hessian, 1.0),
        "points",
        "got 1.0",
    ),
    # second-order tools
    (
        "classify_along_lines",
        lambda: h.classify_along_lines(SADDLE.value, [0.0, 0.0, 0.0]),
        "point",
        r"2 number\(s\)",
    ),
    (
        "classify_along_lines",
        lambda: h.classify_along_lines(SADDLE.value, [0.0, 0.0], n_dirs=0),
        "n_dirs",
        "got 0",
    ),
    (
        "classify_along_lines",
        lambda: h.classify_along_lines(SADDLE.value, [0.0, 0.0], tol=-1.0),
        "tol",
        "got -1",
    ),
    (
        "fd_errors",
        lambda: h.fd_errors(SADDLE.value, [1.0, 2.0], np.zeros((3, 2)), [1e-3]),
        "exact",
        r"shape \(2,\)",
    ),
    (
        "fd_errors",
        lambda: h.fd_errors(SADDLE.value, 0.0, [0.0, 0.0], [-1e-3]),
        "hs",
        r"got \[-0\.001\]",
    ),
    (
        "fd_errors",
        lambda: h.fd_errors(SADDLE.value, 0.0, [0.0, 0.0], [1e-3], i=2),
        "i",
        "got 2; coordinates are numbered 0 to 1",
    ),
    (
        "fd_errors",
        lambda: h.fd_errors(SADDLE.value, 0.0, [0.0, 0.0], [1e-3], i=0.5),
        "i",
        r"got 0\.5",
    ),
    ("fd_errors", lambda: h.fd_errors(SADDLE.value, 0.0, [np.nan, 0.0], [1e-3]), "w", "nan"),
    (
        "fd_optimal_step",
        lambda: h.fd_optimal_step("backward", 1.0, 1.0),
        "scheme",
        "got 'backward'",
    ),
    ("fd_optimal_step", lambda: h.fd_optimal_step("central", 0.0, 1.0), "f_abs", "got 0"),
    ("fd_optimal_step", lambda: h.fd_optimal_step("central", 1.0, -1.0), "deriv_abs", "got -1"),
    (
        "line_taylor",
        lambda: h.line_taylor(SADDLE.value, [0.0, 0.0], [0.0, 0.0]),
        "direction",
        "non-zero",
    ),
    (
        "line_taylor",
        lambda: h.line_taylor(SADDLE.value, [0.0, 0.0], [1.0, 0.0], degree=0),
        "degree",
        "got 0",
    ),
    (
        "line_taylor",
        lambda: h.line_taylor(SADDLE.value, [0.0, 0.0], [1.0, 0.0], radius=0),
        "radius",
        "got 0",
    ),
    # saddles
    ("escape_steps", lambda: h.escape_steps(2.0, 0.1, -1.0), "eps", r"\(0, 1\), got 2\.0"),
    ("escape_steps", lambda: h.escape_steps(0.1, 0.1, 1.0), "curvature", "negative eigenvalue"),
    ("escape_steps", lambda: h.escape_steps(0.1, 0.0, -1.0), "lr", "got 0"),
    ("escape_steps", lambda: h.escape_steps(0.1, 0.1, -1.0, radius=0), "radius", "got 0"),
    ("noisy_escape_cdf", lambda: h.noisy_escape_cdf(-1.0, 0.1, -1.0, 0.1), "t", "got -1"),
    ("noisy_escape_cdf", lambda: h.noisy_escape_cdf(10.0, 0.1, -1.0, 0.0), "sigma", "got 0"),
    (
        "noisy_escape_quantile",
        lambda: h.noisy_escape_quantile(np.nan, 0.1, -1.0, 0.1),
        "q",
        "got nan",
    ),
    (
        "noisy_escape_quantile",
        lambda: h.noisy_escape_quantile(1.0, 0.1, -1.0, 0.1),
        "q",
        r"\(0, 1\), got 1\.0",
    ),
    # random matrices
    (
        "fraction_positive_definite",
        lambda: h.fraction_positive_definite(3, 0, rng()),
        "trials",
        "got 0",
    ),
    (
        "fraction_positive_definite",
        lambda: h.fraction_positive_definite(3, 10, None),
        "rng",
        "got None",
    ),
    (
        "fraction_positive_definite",
        lambda: h.fraction_positive_definite(3, 10, rng(), batch=0),
        "batch",
        "got 0",
    ),
    ("goe", lambda: h.goe(0, 1, rng()), "n", "got 0"),
    ("goe", lambda: h.goe(3, 1.5, rng()), "size", r"got 1\.5"),
    ("is_positive_definite", lambda: h.is_positive_definite(NOT_SYMMETRIC), "M", "symmetric"),
    ("is_positive_definite", lambda: h.is_positive_definite([1.0, 2.0]), "M", r"shape \(2,\)"),
    ("semicircle_density", lambda: h.semicircle_density([np.nan]), "x", "nan"),
    ("semicircle_density", lambda: h.semicircle_density("0.5"), "x", "not text"),
    # Hessian estimators
    (
        "dense_from_hvp",
        lambda: h.dense_from_hvp(lambda V: V @ np.asarray(NOT_SYMMETRIC).T, 2),
        "hvp",
        "symmetric",
    ),
    ("dense_from_hvp", lambda: h.dense_from_hvp(lambda V: V[:, :1], 2), "hvp", r"shape \(2, 1\)"),
    ("dense_from_hvp", lambda: h.dense_from_hvp(IDENTITY3, 0), "dim", "got 0"),
    (
        "dense_from_hvp",
        lambda: h.dense_from_hvp(IDENTITY3, 3, symmetric="yes"),
        "symmetric",
        "got 'yes'",
    ),
    (
        "negative_fraction",
        lambda: h.negative_fraction([[1.0, -1.0]]),
        "eigenvalues",
        r"shape \(1, 2\)",
    ),
    ("negative_fraction", lambda: h.negative_fraction([1.0, -1.0], tol=-1.0), "tol", "got -1"),
    ("hutchinson_trace", lambda: h.hutchinson_trace(IDENTITY3, 0), "dim", "got 0"),
    ("hutchinson_trace", lambda: h.hutchinson_trace(IDENTITY3, 3, samples=0), "samples", "got 0"),
    ("hutchinson_trace", lambda: h.hutchinson_trace("H", 3), "hvp", "got 'H'"),
    ("lanczos", lambda: h.lanczos(IDENTITY3, 3, steps=5), "steps", r"\[1, 3\], got 5"),
    ("lanczos", lambda: h.lanczos(IDENTITY3, 3, v0=[0.0, 0.0, 0.0]), "v0", "non-zero"),
    ("lanczos", lambda: h.lanczos(IDENTITY3, 3, v0=[1.0, 0.0]), "v0", r"3 number\(s\)"),
    ("power_iteration", lambda: h.power_iteration(lambda v: v[:2], 3), "hvp", r"shape \(2,\)"),
    ("power_iteration", lambda: h.power_iteration(IDENTITY3, 3, iters=0), "iters", "got 0"),
    ("slq", lambda: h.slq(IDENTITY3, 3, vectors=0), "vectors", "got 0"),
    ("slq", lambda: h.slq(IDENTITY3, 3, steps=10), "steps", "got 10"),
    (
        "slq_density",
        lambda: h.slq_density([1.0, 2.0], [1.0], [0.0], 0.1),
        "weights",
        r"shape \(1,\)",
    ),
    ("slq_density", lambda: h.slq_density([1.0], [1.0], [0.0], 0), "width", "got 0"),
    (
        "slq_density",
        lambda: h.slq_density([1.0], [1.0], np.zeros((2, 2)), 0.1),
        "grid",
        r"shape \(2, 2\)",
    ),
    ("top_eigenvalues", lambda: h.top_eigenvalues(IDENTITY3, 3, k=5, steps=3), "k", "got 5"),
    ("top_eigenvalues", lambda: h.top_eigenvalues(IDENTITY3, 3, seed=-1), "seed", "got -1"),
    # deep linear networks
    ("aligned_init", lambda: h.aligned_init(M22, 0.0), "u0", "got 0"),
    ("aligned_init", lambda: h.aligned_init([[np.nan, 1.0]], 0.1), "M", "nan"),
    (
        "deep_linear_gradients",
        lambda: h.deep_linear_gradients([np.eye(2), np.ones((3, 3))], M22),
        "weights[1]",
        "chain",
    ),
    (
        "deep_linear_gradients",
        lambda: h.deep_linear_gradients([np.eye(2)], np.eye(3)),
        "M",
        r"shape \(3, 3\)",
    ),
    ("deep_linear_loss", lambda: h.deep_linear_loss(np.eye(2), M22), "weights", "a list"),
    ("deep_linear_product", lambda: h.deep_linear_product([]), "weights", r"got \[\]"),
    (
        "half_learning_time",
        lambda: h.half_learning_time(0.01, 0.01, 0.1),
        "s",
        r"> 0\.02, got 0\.01",
    ),
    ("half_learning_time", lambda: h.half_learning_time(1.0, 0.01, 0.0), "lr", "got 0"),
    (
        "mode_strengths",
        lambda: h.mode_strengths([np.eye(2)], [[np.nan, 0.0], [0.0, 1.0]]),
        "M",
        "nan",
    ),
    ("small_init", lambda: h.small_init([2], 0.1, rng()), "dims", r"got \[2\]"),
    ("small_init", lambda: h.small_init([2, 0], 0.1, rng()), "dims[1]", "got 0"),
    ("small_init", lambda: h.small_init([2, 2], 0.0, rng()), "scale", "got 0"),
    ("small_init", lambda: h.small_init([2, 2], 0.1, 0), "rng", "got 0"),
    # the multilayer perceptron
    ("MLP", lambda: h.MLP((2,)), "sizes", r"got \(2,\)"),
    ("MLP", lambda: h.MLP((2, 8.5, 1)), "sizes[1]", r"got 8\.5"),
    ("MLP", lambda: h.MLP((2, 3, 1), "sigmoid"), "activation", "got 'sigmoid'"),
    ("MLP.loss", lambda: NET.loss(np.zeros(5), X_NET, Y_NET), "w", r"shape \(5,\)"),
    ("MLP.loss", lambda: NET.loss(W_NET, np.zeros((4, 3)), Y_NET), "X", r"shape \(4, 3\)"),
    ("MLP.loss", lambda: NET.loss(W_NET, X_NET, np.zeros((3, 1))), "y", r"shape \(3, 1\)"),
    ("MLP.hvp", lambda: NET.hvp(W_NET, X_NET, Y_NET, np.zeros(3)), "v", r"shape \(3,\)"),
    (
        "MLP.hessian",
        lambda: NET.hessian(np.stack([W_NET, W_NET]), X_NET, Y_NET),
        "w",
        "one parameter vector",
    ),
    (
        "MLP.value_and_grad",
        lambda: NET.value_and_grad(X_NET, Y_NET)(np.zeros(3)),
        "w",
        r"shape \(3,\)",
    ),
    ("MLP.init", lambda: NET.init(seed="0"), "seed", "got '0'"),
    ("make_dataset", lambda: h.make_dataset(n_train=0), "n_train", "got 0"),
    ("make_dataset", lambda: h.make_dataset(noise=-1.0), "noise", "got -1"),
    ("make_dataset", lambda: h.make_dataset(seed="a"), "seed", "got 'a'"),
    (
        "minibatch_gradient",
        lambda: h.minibatch_gradient(NET, X_NET, Y_NET, batch_size=100),
        "batch_size",
        "got 100",
    ),
    (
        "minibatch_gradient",
        lambda: h.minibatch_gradient("net", X_NET, Y_NET, 2),
        "net",
        "got 'net'",
    ),
    (
        "minibatch_gradient",
        lambda: h.minibatch_gradient(NET, np.zeros((4, 3)), Y_NET, 2),
        "X",
        r"shape \(4, 3\)",
    ),
    ("all_permutations", lambda: h.all_permutations(10), "n", r"\[1, 9\], got 10"),
    (
        "filter_normalize",
        lambda: h.filter_normalize(NET, np.zeros(3), W_NET),
        "direction",
        r"shape \(3,\)",
    ),
    ("filter_normalize", lambda: h.filter_normalize("net", W_NET, W_NET), "net", "got 'net'"),
    ("filter_norms", lambda: h.filter_norms(NET, np.zeros(3)), "w", r"shape \(3,\)"),
    ("filter_norms", lambda: h.filter_norms(None, W_NET), "net", "got None"),
    (
        "permute_units",
        lambda: h.permute_units(NET, W_NET, 1, [0, 0, 1]),
        "perm",
        r"got \[0, 0, 1\]",
    ),
    (
        "permute_units",
        lambda: h.permute_units(NET, W_NET, 2, [0, 1, 2]),
        "layer",
        r"\[1, 1\], got 2",
    ),
    ("permute_units", lambda: h.permute_units(NET, W_NET, 1.0, [0, 1, 2]), "layer", r"got 1\.0"),
    (
        "random_network_direction",
        lambda: h.random_network_direction(NET, W_NET, normalize="unit"),
        "normalize",
        "got 'unit'",
    ),
    (
        "random_network_direction",
        lambda: h.random_network_direction(NET, W_NET, seed=-1),
        "seed",
        "got -1",
    ),
    ("rescale_units", lambda: h.rescale_units(NET, W_NET, 1, 0.0), "c", "got 0"),
    ("rescale_units", lambda: h.rescale_units(NET, W_NET, 0, 2.0), "layer", "got 0"),
    # regression
    ("make_regression", lambda: h.make_regression(n=3, dim=5), "n", r"\S+ 5, got 3"),
    (
        "make_regression",
        lambda: h.make_regression(dim=2, scales=[1.0, 0.0]),
        "scales",
        r"got \[1\.0, 0\.0\]",
    ),
    ("make_regression", lambda: h.make_regression(noise=-1.0), "noise", "got -1"),
    (
        "RegressionProblem.minibatch_gradient",
        lambda: PROBLEM.minibatch_gradient([0.0, 0.0], [0.5]),
        "batch",
        "whole row indices",
    ),
    (
        "RegressionProblem.minibatch_gradient",
        lambda: PROBLEM.minibatch_gradient([0.0, 0.0], [1000]),
        "batch",
        "got",
    ),
    (
        "RegressionProblem.stochastic_gradient",
        lambda: PROBLEM.stochastic_gradient(0),
        "batch_size",
        "got 0",
    ),
    ("RegressionProblem.loss", lambda: PROBLEM.loss([0.0, 0.0, 0.0]), "w", r"2 number\(s\)"),
    # logistic regression
    ("make_logistic", lambda: h.make_logistic(alpha=0), "alpha", "strongly convex"),
    ("make_logistic", lambda: h.make_logistic(n=0), "n", "got 0"),
    ("make_logistic", lambda: h.make_logistic(scale=-2.0), "scale", "got -2"),
    ("make_logistic", lambda: h.make_logistic(dim=1.5), "dim", r"got 1\.5"),
    ("LogisticProblem.loss", lambda: LOGISTIC.loss([0.0, 0.0, 0.0]), "w", r"2 number\(s\)"),
    ("LogisticProblem.gradient", lambda: LOGISTIC.gradient([np.nan, 0.0]), "w", "nan"),
    ("LogisticProblem.hessian", lambda: LOGISTIC.hessian("0"), "w", "got '0'"),
    ("LogisticProblem.minimizer", lambda: LOGISTIC.minimizer(tol=0), "tol", "got 0"),
    # losses and the two-layer network
    (
        "cross_entropy",
        lambda: h.cross_entropy([1.0, 2.0], 2),
        "label",
        "got 2; classes are numbered 0 to 1",
    ),
    ("cross_entropy", lambda: h.cross_entropy([1.0, 2.0], 1.5), "label", r"got 1\.5"),
    ("cross_entropy_hessian", lambda: h.cross_entropy_hessian("a"), "z", "not text"),
    ("mse_gradient", lambda: h.mse_gradient([0.0, 0.0], X_REG, Y_REG), "w", r"shape \(2,\)"),
    (
        "mse_gradient",
        lambda: h.mse_gradient([0.0, 0.0, 0.0], X_REG, [1.0, 1.0]),
        "y",
        r"shape \(2,\)",
    ),
    ("mse_hessian", lambda: h.mse_hessian([1.0, 2.0]), "X", r"shape \(2,\)"),
    ("mse_loss", lambda: h.mse_loss([0.0, 0.0, 0.0], [[np.nan, 0, 0]], [1.0]), "X", "nan"),
    ("softmax", lambda: h.softmax(1.0), "z", "got 1.0"),
    ("softmax", lambda: h.softmax([np.nan, 0.0]), "z", "nan"),
    ("two_layer_net", lambda: h.two_layer_net(X_REG, Y_REG, 0), "hidden", "got 0"),
    ("two_layer_net", lambda: h.two_layer_net([1.0, 2.0], Y_REG, 2), "X", r"shape \(2,\)"),
    ("two_layer_net", lambda: h.two_layer_net(X_REG, [1.0], 2), "y", r"shape \(1,\)"),
    ("two_layer_net", lambda: _two_layer_loss()(np.zeros(3)), "theta", r"shape \(3,\)"),
    ("swap_hidden_units", lambda: h.swap_hidden_units(np.zeros(8), 2, 0, 0), "j", "itself"),
    ("swap_hidden_units", lambda: h.swap_hidden_units(np.zeros(8), 2, 5, 0), "i", "got 5"),
    ("swap_hidden_units", lambda: h.swap_hidden_units(np.zeros(3), 2), "theta", "3 numbers"),
    # pictures, tables, glue
    (
        "plot_1d",
        lambda: h.plot_1d(ax(), SADDLE),
        "landscape",
        r"1-D landscape, got 'saddle' \(2-D\)",
    ),
    ("plot_1d", lambda: h.plot_1d("ax", PARABOLA), "ax", "got 'ax'"),
    ("plot_1d", lambda: h.plot_1d(ax(), PARABOLA, n=1), "n", "got 1"),
    (
        "plot_contour",
        lambda: h.plot_contour(ax(), PARABOLA),
        "landscape",
        r"2-D landscape, got 'parabola' \(1-D\)",
    ),
    ("plot_contour", lambda: h.plot_contour(ax(), SADDLE, levels=0), "levels", "got 0"),
    (
        "plot_contour",
        lambda: h.plot_contour(ax(), SADDLE, levels=[3.0, 2.0, 1.0]),
        "levels",
        "increasing",
    ),
    (
        "plot_contour",
        lambda: h.plot_contour(ax(), SADDLE, cmap="no-such-map"),
        "cmap",
        "got 'no-such-map'",
    ),
    ("plot_contour", lambda: h.plot_contour(ax(), SADDLE, filled="yes"), "filled", "got 'yes'"),
    (
        "plot_contour",
        lambda: h.plot_contour(ax(), SADDLE, window=(-1, 1)),
        "window",
        r"shape \(2,\)",
    ),
    (
        "plot_critical_points",
        lambda: h.plot_critical_points(ax(), [(0.0, 0.0)]),
        "points[0]",
        "CriticalPoint",
    ),
    (
        "plot_critical_points",
        lambda: h.plot_critical_points(ax(), a_critical_point()),
        "points",
        "in a list",
    ),
    (
        "plot_critical_points",
        lambda: h.plot_critical_points(ax(), [a_critical_point()], size=0),
        "size",
        "got 0",
    ),
    (
        "plot_loss_curves",
        lambda: h.plot_loss_curves(ax(), [run_result()], key="loss"),
        "key",
        "got 'loss'",
    ),
    (
        "plot_loss_curves",
        lambda: h.plot_loss_curves(ax(), [run_result()], labels=["a", "b"]),
        "labels",
        r"1 label\(s\)",
    ),
    ("plot_loss_curves", lambda: h.plot_loss_curves(ax(), []), "results", r"got \[\]"),
    (
        "plot_loss_curves",
        lambda: h.plot_loss_curves(ax(), [run_result()], shift=np.nan),
        "shift",
        "got nan",
    ),
    ("plot_paths", lambda: h.plot_paths(ax(), [np.zeros((3, 3))]), "paths[0]", r"shape \(3, 3\)"),
    ("plot_paths", lambda: h.plot_paths(ax(), np.zeros((3, 2))), "paths", "in a list"),
    (
        "plot_paths",
        lambda: h.plot_paths(ax(), [run_result()], colors=["no-colour"]),
        "colors",
        "'no-colour' is not a color",
    ),
    ("plot_paths", lambda: h.plot_paths(ax(), [run_result()], markevery=0), "markevery", "got 0"),
    ("plot_surface", lambda: h.plot_surface(ax(), SADDLE), "ax", "3-D matplotlib Axes"),
    (
        "plot_surface",
        lambda: h.plot_surface(ax(projection="3d"), SADDLE, zlim=(1, 0)),
        "zlim",
        "low < high",
    ),
    ("surface_and_contour", lambda: h.surface_and_contour(PARABOLA), "landscape", "2-D landscape"),
    (
        "surface_and_contour",
        lambda: h.surface_and_contour(SADDLE, figsize=(0, 4)),
        "figsize",
        "got",
    ),
    ("surface_and_contour", lambda: h.surface_and_contour(SADDLE, elev=np.nan), "elev", "got nan"),
    ("Table", lambda: h.Table(["a"], [(1, 2)]), "rows[0]", r"1 values.*got \(1, 2\)"),
    ("Table", lambda: h.Table(["a", "b"], ["xy"]), "rows[0]", "got 'xy'"),
    ("Table", lambda: h.Table("ab", [(1, 2)]), "headers", "got 'ab'"),
    ("Table", lambda: h.Table(["a"], [(1,)], digits=-1), "digits", "got -1"),
    ("Table", lambda: h.Table(["a"], [(1,)], title=3), "title", "got 3"),
    ("fmt", lambda: h.fmt(1.0, digits=1.5), "digits", r"got 1\.5"),
    (
        "animate_paths",
        lambda: h.animate_paths(h.rastrigin(3), [np.zeros((2, 3))]),
        "landscape",
        r"3-D",
    ),
    ("animate_paths", lambda: h.animate_paths(SADDLE, []), "results", r"got \[\]"),
    (
        "animate_paths",
        lambda: h.animate_paths(SADDLE, [run_result()], labels=["a", "b"]),
        "labels",
        r"1 label\(s\)",
    ),
    ("animate_paths", lambda: h.animate_paths(SADDLE, [run_result()], frames=0), "frames", "got 0"),
    (
        "animate_paths",
        lambda: h.animate_paths(SADDLE, [[[np.nan, 0.0], [0.0, 0.0]]]),
        "results[0]",
        "finite start",
    ),
    ("animate_paths", lambda: h.animate_paths(SADDLE, [run_result()], alt=""), "alt", "non-empty"),
    (
        "terrain_explorer",
        lambda: h.terrain_explorer([PARABOLA]),
        "landscapes['parabola']",
        r"2-D landscape",
    ),
    ("terrain_explorer", lambda: h.terrain_explorer(SADDLE), "landscapes", "in a list"),
    ("terrain_explorer", lambda: h.terrain_explorer([SADDLE], n=2), "n", r"\[3, 101\], got 2"),
    (
        "terrain_explorer",
        lambda: h.terrain_explorer([SADDLE], zlim={"sadle": (0, 1)}),
        "zlim",
        r"\['sadle'\] name\(s\) no landscape",
    ),
    (
        "terrain_explorer",
        lambda: h.terrain_explorer([SADDLE], alts={"saddle": 3}),
        "alts['saddle']",
        "got 3",
    ),
    ("terrain_explorer", lambda: h.terrain_explorer([SADDLE], width=50), "width", "got 50"),
    ("glue", lambda: h.glue(3, 1.0), "name", "got 3"),
    ("glue", lambda: h.glue("n", 1.0, display="no"), "display", "got 'no'"),
    # the explorers: no silent clamping to a slider's range
    (
        "landscape_explorer",
        lambda: h.landscape_explorer(lr=100.0),
        "lr",
        r"got 100\.0; the learning rate slider runs from 0\.0001 to 3\.162",
    ),
    (
        "landscape_explorer",
        lambda: h.landscape_explorer(start=(5.0, 5.0)),
        "start",
        r"inside the window of tilted wells",
    ),
    (
        "landscape_explorer",
        lambda: h.landscape_explorer(steps=5000),
        "steps",
        r"\[1, 1000\], got 5000",
    ),
    ("landscape_explorer", lambda: h.landscape_explorer(steps=10.5), "steps", r"got 10\.5"),
    ("landscape_explorer", lambda: h.landscape_explorer(optimizer="sgd"), "optimizer", "got 'sgd'"),
    (
        "landscape_explorer",
        lambda: h.landscape_explorer(beta=1.0),
        "beta",
        r"\[0, 0\.99\], got 1\.0",
    ),
    ("landscape_explorer", lambda: h.landscape_explorer("everest"), "landscape", "got 'everest'"),
    ("learning_rate_explorer", lambda: h.learning_rate_explorer(lr=5.0), "lr", r"got 5\.0"),
    (
        "learning_rate_explorer",
        lambda: h.learning_rate_explorer(x0=10.0),
        "x0",
        r"\[-3, 3\], got 10\.0",
    ),
    ("learning_rate_explorer", lambda: h.learning_rate_explorer(w0=-5.0), "w0", r"got -5\.0"),
    ("learning_rate_explorer", lambda: h.learning_rate_explorer(steps=0), "steps", "got 0"),
    ("momentum_explorer", lambda: h.momentum_explorer(beta=1.0), "beta", r"got 1\.0"),
    (
        "momentum_explorer",
        lambda: h.momentum_explorer(start=(100.0, 0.0)),
        "start",
        "inside the window of ravine",
    ),
    ("momentum_explorer", lambda: h.momentum_explorer(lr=0.5), "lr", r"got 0\.5"),
    (
        "critical_point_inspector",
        lambda: h.critical_point_inspector("everest"),
        "landscape",
        "got 'everest'",
    ),
    (
        "critical_point_inspector",
        lambda: h.critical_point_inspector(point=(10.0, 10.0)),
        "point",
        "inside the window",
    ),
    (
        "critical_point_inspector",
        lambda: h.critical_point_inspector(point=(1.0, 2.0, 3.0)),
        "point",
        r"2 number\(s\)",
    ),
    ("Explorer.set", lambda: explorer().set(lr=100.0), "lr", r"got 100\.0"),
    ("Explorer.set", lambda: explorer().set(momentum=0.9), "momentum", "unknown control"),
    ("example_network", lambda: h.example_network(seed=-1), "seed", "got -1"),
    ("example_network", lambda: h.example_network(seed="0"), "seed", "got '0'"),
    ("plot_dot_columns", lambda: h.plot_dot_columns("ax", {4: [1.0]}), "ax", "got 'ax'"),
    ("plot_dot_columns", lambda: h.plot_dot_columns(ax(), {0: [1.0]}), "groups", "got 0"),
    ("plot_dot_columns", lambda: h.plot_dot_columns(ax(), [1.0, 2.0]), "groups", "mapping"),
    (
        "plot_dot_columns",
        lambda: h.plot_dot_columns(ax(), {4: [1.0]}, spread=np.nan),
        "spread",
        "got nan",
    ),
    (
        "plot_dot_columns",
        lambda: h.plot_dot_columns(ax(), {4: [1.0]}, color="not a colour"),
        "color",
        "got 'not a colour'",
    ),
    (
        "plot_log_contour",
        lambda: h.plot_log_contour(ax(), GRID[0], GRID[1], -GRID[2]),
        "Z",
        "> 0",
    ),
    (
        "plot_log_contour",
        lambda: h.plot_log_contour(ax(), GRID[0].T, GRID[1], GRID[2]),
        "A",
        r"shape \(3, 4\)",
    ),
    (
        "plot_log_contour",
        lambda: h.plot_log_contour(ax(), *GRID, levels=1),
        "levels",
        "got 1",
    ),
    (
        "plot_log_contour",
        lambda: h.plot_log_contour(ax(), *GRID, cmap="no such map"),
        "cmap",
        "got 'no such map'",
    ),
]

# Public names without a row, and why.
TAKES_NO_ARGUMENTS = {
    "bowl", "double_well", "gradient_descent", "monkey_saddle", "parabola", "peano_surface",
    "quartic_bowl", "quartic_example", "quartic_saddle", "ravine", "saddle", "use_style", "wavy",
}  # fmt: skip
RECORDS = {
    # named tuples that optimizers' update() builds, as optax's states
    "AdamState": "state built by adam().update",
    "GradientDescentState": "state with no fields",
    "MomentumState": "state built by momentum().update and nesterov().update",
    "RMSPropState": "state built by rmsprop().update",
    "AdagradState": "state built by adagrad().update",
    # results that a checked function returns
    "RunResult": "what run() and armijo_descent() return",
    "ArmijoStep": "what armijo() returns",
    "SampledConvexity": "what sampled_convexity_test() returns",
    "Dataset": "what make_dataset() returns",
    "RegressionProblem": "what make_regression() returns (its methods have rows)",
    "LogisticProblem": "what make_logistic() returns (its methods have rows)",
    "SmoothStronglyConvex": "what smooth_strongly_convex() returns (its methods have rows)",
    "PathAnimation": "what animate_paths() returns",
    "TerrainExplorer": "what terrain_explorer() returns",
    "ExampleNetwork": "what example_network() returns",
}
PROTOCOLS = {"Landscape": "a typing.Protocol: a description of members, never instantiated"}


def _params():
    return [
        pytest.param(call, arg, fragment, id=f"{name}-{arg}-{i}")
        for i, (name, call, arg, fragment) in enumerate(ROWS)
    ]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("call, arg, fragment", _params())
def test_bad_input_raises_value_error_naming_argument_value_and_fix(call, arg, fragment):
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    shape = rf"{re.escape(arg)}(?!\w).* must be .+, got .+; \S"
    assert re.match(shape, message, flags=re.S), (
        f"not '<{arg}> must be ..., got ...; fix': {message}"
    )
    assert re.search(fragment, message, flags=re.S), f"{fragment!r} not in: {message}"


def _public_callables() -> set[str]:
    return {n for n in h.__all__ if callable(getattr(h, n))}


def test_every_public_callable_has_a_row_or_a_reason():
    covered = {name.split(".")[0] for name, *_ in ROWS}  # a class counts by its methods too
    exempt = TAKES_NO_ARGUMENTS | set(RECORDS) | set(PROTOCOLS)
    missing = sorted(_public_callables() - covered - exempt)
    assert not missing, f"public callables without a bad-input row: {missing}"
    called = {name for name, *_ in ROWS if "." not in name}
    assert not called & exempt, f"exempted but called in a row: {sorted(called & exempt)}"
    unknown = sorted(n for n in covered if not hasattr(h, n) and n != "Explorer")
    assert not unknown, f"rows for names that are not public: {unknown}"


def test_the_exemptions_hold():
    """A name exempted for taking no arguments takes none; a record is a class; the
    protocol is a Protocol."""
    public = _public_callables()
    for name in TAKES_NO_ARGUMENTS:
        assert name in public, name
        assert not inspect.signature(getattr(h, name)).parameters, f"{name} takes arguments"
    for name in RECORDS:
        assert inspect.isclass(getattr(h, name)), name
    for name in PROTOCOLS:
        assert getattr(getattr(h, name), "_is_protocol", False), name


def test_the_table_is_big_enough_to_mean_something():
    names = {name.split(".")[0] for name, *_ in ROWS}
    assert len(ROWS) >= 2 * len(names)  # most callables have more than one bad input


# -- what the checks must not break ---------------------------------------------------------
def test_an_overflowing_step_is_reported_as_diverged_not_raised():
    """A step that overflows makes the iterate non-finite: run reports 'diverged' and never
    calls the loss at the non-finite point (which would rightly reject it)."""
    problem = h.make_regression(n=20, dim=2)
    seen = []

    def loss(w):
        seen.append(np.all(np.isfinite(w)))
        return problem.loss(w)

    overflow = h.Optimizer("overflow", lambda w: (), lambda g, state, lr: (g * np.inf, state))
    r = h.run(None, [1.0, 1.0], overflow, lr=0.1, steps=5, loss=loss, grad=problem.gradient)
    assert r.diverged and r.steps == 1 and "no longer finite" in r.message
    assert all(seen) and len(seen) == 1


def test_a_schedule_is_checked_at_every_step_not_only_the_first():
    late_negative = lambda t: 0.1 if t < 50 else -0.1
    schedule = h.warmup(0.1, 10, then=late_negative)  # fine at step 0
    assert schedule(0) == pytest.approx(0.01) and schedule(59) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="then\\(t\\) must be a finite rate >= 0.*at step 50"):
        schedule(60)
    with pytest.raises(ValueError, match="at step 50"):
        h.run(h.parabola(), [1.0], lr=late_negative, steps=100, tol=0)


def test_vectorized_functions_still_take_meshgrids():
    LR, B = np.meshgrid(np.linspace(0.01, 0.2, 5), np.linspace(0.0, 0.9, 4))
    assert h.gd_rate(LR, [1.0, 10.0]).shape == (4, 5)
    assert h.momentum_rate(LR, B, [1.0, 10.0]).shape == (4, 5)
    assert h.momentum_stable(LR, B, [1.0, 10.0]).shape == (4, 5)
    assert h.nesterov_spectral_radius(LR, B, [1.0, 10.0]).shape == (4, 5)
    assert h.momentum_spectral_radius(LR, B, 3.0).shape == (4, 5)
    X, Y = np.meshgrid(np.linspace(-1, 1, 7), np.linspace(-1, 1, 6))
    f = h.quartic_example()
    assert np.allclose(f(X, Y), X**4 + Y**4 - 4 * X * Y + 1)
    assert f(X, 0.5).shape == (6, 7)  # a scalar broadcasts against a grid
    assert h.semicircle_density(X).shape == (6, 7)
    points = np.stack([X, Y], axis=-1)
    assert h.min_hessian_eigenvalue(f.hessian, points).shape == (6, 7)
    assert f.gradient(points).shape == (6, 7, 2)


def test_accepted_input_is_used_as_given():
    """Nothing is reshaped: starts (n, d) are the starts, a 1-D landscape takes (n, 1)."""
    found = h.find_critical_points(h.double_well(), starts=[[-0.9], [0.1], [1.2]])
    assert [c.kind for c in found] == ["minimum", "minimum", "maximum"]
    assert np.isclose(h.saddle().value(np.array([2.0, 1.0])), 3.0)
    assert h.constant(0.1)(np.arange(3)).shape == (3,)


def test_explorer_set_leaves_the_explorer_unchanged_when_a_value_is_bad():
    h.use_style()
    ex = h.landscape_explorer("tilted wells", start=(0.3, 1.5), lr=0.05, steps=50)
    before = {k: c.value for k, c in ex.controls.items()}
    with pytest.raises(ValueError, match="x0 must be a number in"):
        ex.set(landscape="bowl", x0=50.0)
    assert {k: c.value for k, c in ex.controls.items()} == before
    ex.set(landscape="ravine", x0=-8.0)  # a start valid only on the new landscape's window
    assert ex.results["run"].path[0, 0] == -8.0
