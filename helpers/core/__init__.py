"""The numeric core of :mod:`helpers`: numpy (and scipy where a function needs it) only.

Nothing here imports matplotlib, ipywidgets or IPython, and nothing here imports
:mod:`helpers.pictures` or :mod:`helpers.interactive`.

- :mod:`~helpers.core.landscapes`: the :class:`~helpers.core.landscapes.Landscape` protocol
  and the book's functions with analytic gradients and Hessians;
- :mod:`~helpers.core.derivatives`: finite-difference gradients, Hessians and the
  Hessian-vector product;
- :mod:`~helpers.core.critical_points`: the classification rule and the search;
- :mod:`~helpers.core.optimizers`, :mod:`~helpers.core.schedules`,
  :mod:`~helpers.core.runner`: update rules with named states, learning rates as callables
  of the step, and the run loop with its result object;
- :mod:`~helpers.core.line_search`: backtracking with Armijo's sufficient decrease;
- :mod:`~helpers.core.quadratic_theory`: rates and stability limits on quadratics;
- :mod:`~helpers.core.convex_theory`: the guaranteed rates on smooth, strongly convex
  functions (built on the quadratic ones);
- :mod:`~helpers.core.slices`, :mod:`~helpers.core.convexity`,
  :mod:`~helpers.core.second_order`, :mod:`~helpers.core.saddles`,
  :mod:`~helpers.core.random_matrices`, :mod:`~helpers.core.hessian_estimators`: what the
  chapters compute about a landscape;
- :mod:`helpers.core.models`: the models of the later chapters.
"""
