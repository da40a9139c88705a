"""helpers: the numeric toolkit of *Loss Landscapes*, an executable course.

Chapters use one flat namespace, ``import helpers as h`` and then ``h.run``, ``h.saddle``,
``h.plot_contour``, ...; behind it the package has three layers, each importing only the
ones below it:

- :mod:`helpers.core`: the numerics (numpy and scipy only): landscapes, derivatives,
  critical points, optimizers, schedules, the run loop, the theory of quadratics, and the
  models of the later chapters (:mod:`helpers.core.models`);
- :mod:`helpers.pictures`: plots, tables and the self-contained HTML animations of the
  static book (matplotlib);
- :mod:`helpers.interactive`: the ipywidgets explorers for a running notebook (the
  optional extra ``pip install "helpers[interactive]"``).

:func:`glue` (:mod:`helpers.glue`) puts computed values into the prose of the built book.
:mod:`helpers.practice` holds the practice checks of the exercise notebooks
(``from helpers.practice import check``); the grader, the hidden checks and the release
tools are in the top-level ``instructor/``, which is never installed.

``import helpers`` imports nothing heavy, not even numpy: every name below is loaded from
its module the first time it is used (PEP 562), so a notebook that never draws a widget
never imports ipywidgets, and one that never plots never imports matplotlib.
"""

from __future__ import annotations

import importlib

from .glue import glue as glue

__version__ = "0.1.0"

# Every public name, by the module that defines it. `h.<name>` imports the module on first
# use; the import-graph test checks that each module really defines the names listed here.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "helpers.core.landscapes": (
        "LANDSCAPES",
        "AnalyticLandscape",
        "Landscape",
        "bowl",
        "double_well",
        "get_landscape",
        "l2_regularized",
        "monkey_saddle",
        "parabola",
        "quadratic",
        "quadratic_from_matrix",
        "quartic_bowl",
        "quartic_example",
        "quartic_saddle",
        "rastrigin",
        "ravine",
        "rosenbrock",
        "saddle",
        "tilted_wells",
        "wavy",
    ),
    "helpers.core.derivatives": (
        "hessian_from_gradient",
        "hessian_vector_product",
        "hvp_finite_difference",
        "numerical_gradient",
        "numerical_hessian",
    ),
    "helpers.core.critical_points": (
        "CriticalPoint",
        "classify_critical_point",
        "classify_eigenvalues",
        "find_critical_points",
    ),
    "helpers.core.optimizers": (
        "OPTIMIZERS",
        "AdagradState",
        "AdamState",
        "GradientDescentState",
        "MomentumState",
        "Optimizer",
        "RMSPropState",
        "adagrad",
        "adam",
        "adamw",
        "gradient_descent",
        "momentum",
        "nesterov",
        "rmsprop",
    ),
    "helpers.core.schedules": (
        "constant",
        "cosine",
        "cyclical",
        "exponential",
        "step_decay",
        "warmup",
    ),
    "helpers.core.runner": ("RunResult", "run"),
    "helpers.core.line_search": ("ArmijoStep", "armijo", "armijo_descent"),
    "helpers.core.quadratic_theory": (
        "condition_number",
        "gd_optimal_rate",
        "gd_optimal_step",
        "gd_rate",
        "gd_stability_limit",
        "measured_rate",
        "momentum_matrix",
        "momentum_optimal",
        "momentum_optimal_rate",
        "momentum_rate",
        "momentum_spectral_radius",
        "momentum_stable",
        "nesterov_spectral_radius",
        "steps_to_tolerance",
    ),
    "helpers.core.convex_theory": ("SmoothStronglyConvex", "smooth_strongly_convex"),
    "helpers.core.slices": ("random_direction", "slice_1d", "slice_2d"),
    "helpers.core.convexity": (
        "SampledConvexity",
        "chord_gap",
        "chord_picture",
        "jensen_gap",
        "min_hessian_eigenvalue",
        "sampled_convexity_test",
    ),
    "helpers.core.second_order": (
        "classify_along_lines",
        "fd_errors",
        "fd_optimal_step",
        "line_taylor",
        "peano_surface",
    ),
    "helpers.core.saddles": ("escape_steps", "noisy_escape_cdf", "noisy_escape_quantile"),
    "helpers.core.random_matrices": (
        "fraction_positive_definite",
        "goe",
        "is_positive_definite",
        "semicircle_density",
    ),
    "helpers.core.hessian_estimators": (
        "dense_from_hvp",
        "negative_fraction",
        "hutchinson_trace",
        "lanczos",
        "power_iteration",
        "slq",
        "slq_density",
        "top_eigenvalues",
    ),
    "helpers.core.models.deep_linear": (
        "aligned_init",
        "deep_linear_gradients",
        "deep_linear_loss",
        "deep_linear_product",
        "half_learning_time",
        "mode_strengths",
        "small_init",
    ),
    "helpers.core.models.mlp": ("MLP", "Dataset", "make_dataset", "minibatch_gradient"),
    "helpers.core.models.example": ("ExampleNetwork", "example_network"),
    "helpers.core.models.mlp_geometry": (
        "all_permutations",
        "filter_normalize",
        "filter_norms",
        "permute_units",
        "random_network_direction",
        "rescale_units",
    ),
    "helpers.core.models.regression": ("RegressionProblem", "make_regression"),
    "helpers.core.models.logistic": ("LogisticProblem", "make_logistic"),
    "helpers.core.models.losses": (
        "cross_entropy",
        "cross_entropy_hessian",
        "mse_gradient",
        "mse_hessian",
        "mse_loss",
        "softmax",
    ),
    "helpers.core.models.two_layer": ("swap_hidden_units", "two_layer_net"),
    "helpers.pictures.style": ("CMAP", "KIND_MARKERS", "PALETTE", "use_style"),
    "helpers.pictures.plotting": (
        "plot_1d",
        "plot_contour",
        "plot_critical_points",
        "plot_loss_curves",
        "plot_paths",
        "plot_surface",
        "surface_and_contour",
    ),
    "helpers.pictures.tables": ("Table", "fmt"),
    "helpers.pictures.network_plots": ("plot_dot_columns", "plot_log_contour"),
    "helpers.pictures.animation": (
        "PathAnimation",
        "TerrainExplorer",
        "animate_paths",
        "terrain_explorer",
    ),
    "helpers.interactive.explorers": (
        "critical_point_inspector",
        "landscape_explorer",
        "learning_rate_explorer",
        "momentum_explorer",
    ),
}

_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
_SUBPACKAGES = ("core", "pictures", "interactive")

__all__ = sorted([*_MODULE_OF, "glue"])


def __getattr__(name: str):
    """Load ``helpers.<name>`` from its module on first use (PEP 562)."""
    if name in _MODULE_OF:
        value = getattr(importlib.import_module(_MODULE_OF[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBPACKAGES})
