"""helpers: the numeric toolkit of *Loss Landscapes*, an executable course.

One idea a module:

- :mod:`~helpers.landscapes`: the book's functions with analytic gradients and Hessians;
- :mod:`~helpers.derivatives`: finite differences and Hessian-vector products;
- :mod:`~helpers.critical_points`: search and classification;
- :mod:`~helpers.optimizers`, :mod:`~helpers.schedules`, :mod:`~helpers.runner`: update
  rules, learning rates as callables of the step, and the run loop with its result object;
- :mod:`~helpers.quadratic_theory`: rates and stability limits on quadratics;
- :mod:`~helpers.convexity`, :mod:`~helpers.second_order`, :mod:`~helpers.saddles`,
  :mod:`~helpers.random_matrices`, :mod:`~helpers.deep_linear`, :mod:`~helpers.regression`:
  what chapters 2 to 6 compute;
- :mod:`~helpers.mlp`, :mod:`~helpers.hessian`: the small network of chapter 8 and the
  Hessian estimators checked against its exact Hessian;
- :mod:`~helpers.slices`, :mod:`~helpers.plotting`, :mod:`~helpers.tables`,
  :mod:`~helpers.animation`, :mod:`~helpers.widgets`: looking at landscapes, in the static
  book and in a running notebook;
- :mod:`~helpers.practice`: the practice checks of the exercise notebooks (the grader,
  the hidden checks and the release tools are in the top-level `instructor/`, not here).
"""

from .glue import glue
from .critical_points import classify_critical_point, find_critical_points
from .derivatives import (hessian_from_gradient, hessian_vector_product, numerical_gradient,
                          numerical_hessian)
from .landscapes import (LANDSCAPES, CriticalPoint, Landscape, bowl, double_well,
                         get_landscape, monkey_saddle, parabola, quadratic,
                         quadratic_from_matrix, quartic_bowl, quartic_example, quartic_saddle,
                         rastrigin, ravine, rosenbrock, saddle, tilted_wells, wavy)
from .optimizers import OPTIMIZERS, Optimizer, adam, gradient_descent, momentum, nesterov, rmsprop
from .plotting import (CMAP, KIND_MARKERS, PALETTE, plot_1d, plot_contour, plot_critical_points,
                       plot_loss_curves, plot_paths, plot_surface, surface_and_contour, use_style)
from .runner import RunResult, run
from .schedules import constant, cosine, cyclical, exponential, step_decay, warmup
from .slices import random_direction, slice_1d, slice_2d
from .tables import Table, fmt

from .quadratic_theory import (condition_number, gd_optimal_rate, gd_optimal_step, gd_rate,
                               gd_stability_limit, measured_rate, momentum_matrix,
                               momentum_optimal, momentum_optimal_rate, momentum_rate,
                               momentum_spectral_radius, momentum_stable,
                               nesterov_spectral_radius, steps_to_tolerance)
from .regression import RegressionProblem, make_regression
from .animation import PathAnimation, TerrainExplorer, animate_paths, terrain_explorer
from .widgets import (critical_point_inspector, landscape_explorer, learning_rate_explorer,
                      momentum_explorer)
from .convexity import (SampledConvexity, chord_gap, chord_picture, cross_entropy,
                        cross_entropy_hessian, jensen_gap, min_hessian_eigenvalue, mse_gradient,
                        mse_hessian, mse_loss, sampled_convexity_test, softmax,
                        swap_hidden_units, two_layer_net)
from .second_order import (classify_along_lines, fd_errors, fd_optimal_step, line_taylor,
                           peano_surface)
from .saddles import escape_steps, noisy_escape_cdf, noisy_escape_quantile
from .random_matrices import (fraction_positive_definite, goe, is_positive_definite,
                              semicircle_density)
from .deep_linear import (aligned_init, deep_linear_gradients, deep_linear_loss,
                          half_learning_time, mode_strengths, small_init)
from .deep_linear import product as deep_linear_product
from .mlp import MLP, Dataset, all_permutations, make_dataset, minibatch_gradient
from .hessian import (dense_from_hvp, hessian_index, hutchinson_trace, hvp_finite_difference,
                      lanczos, power_iteration, slq, slq_density, top_eigenvalues)

__version__ = "0.1.0"
