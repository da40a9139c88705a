r"""Explorers for a running notebook (JupyterLab, Binder): sliders that re-run a computation.

Each explorer is an :class:`~helpers.interactive.live.Explorer`: a panel of ipywidgets
controls over a picture (``explorer.image``, a PNG) and a message line
(``explorer.message``). Changing any
control re-runs the optimizer and redraws at once. Bad settings never raise: a run that
diverges, or a value the helpers reject, is reported in the message.

``landscape_explorer()``
    pick a landscape, a start point, an optimizer, the learning rate, momentum and steps;
    see the path on the contour map and the loss against step.
``learning_rate_explorer()``
    gradient descent on :math:`x^2` (where :math:`x_{k+1} = (1 - 2\eta) x_k`) and on the
    non-convex :math:`\sin 3w + w^2/2 - w`, side by side, for one learning rate.
``momentum_explorer()``
    plain gradient descent against heavy-ball momentum on the ravine
    :math:`\tfrac12 w_1^2 + 50 w_2^2`.
``critical_point_inspector()``
    pick a point; see the gradient, the Hessian, its eigenvalues and what they say.

How the panel redraws fast, and what it shows in the static book, is
:mod:`helpers.interactive.live`.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from .._validate import as_point, choice
from ..core.critical_points import classify_critical_point
from ..core.landscapes import get_landscape, known_minima, parabola, ravine, wavy
from ..core.optimizers import OPTIMIZERS
from ..core.quadratic_theory import gd_optimal_step, momentum_optimal
from ..core.runner import run
from ..pictures.plotting import plot_1d, plot_contour
from ..pictures.style import KIND_MARKERS, PALETTE
from .live import (
    Explorer,
    LiveFigure,
    check_inside,
    control,
    fast_log_axis,
    finite_xy,
    fit_sliders,
    fresh_contour,
    status_html,
)

__all__ = [
    "landscape_explorer",
    "learning_rate_explorer",
    "momentum_explorer",
    "critical_point_inspector",
    "EXPLORER_LANDSCAPES",
]

#: 2-D landscapes offered by the landscape explorer and the critical-point inspector.
EXPLORER_LANDSCAPES = (
    "tilted wells",
    "quartic example",
    "saddle",
    "monkey saddle",
    "bowl",
    "ravine",
    "rosenbrock",
    "rastrigin",
    "quartic bowl",
    "quartic saddle",
)


def _optimizer(name: str, beta: float):
    choice(name, "optimizer", list(OPTIMIZERS))
    if name in ("momentum", "nesterov"):
        return OPTIMIZERS[name](beta)
    if name == "rmsprop":
        return OPTIMIZERS[name](decay=beta)
    if name == "adam":
        return OPTIMIZERS[name](b1=beta)
    return OPTIMIZERS[name]()


# ------------------------------------------------------------- landscape explorer -------
class LandscapeExplorer(Explorer):
    title = "Landscape explorer"
    alt = (
        "Contour map of a landscape with an optimizer's path drawn from its start point "
        "(left) and the loss against step on a log scale (right)."
    )

    def __init__(
        self,
        landscape="tilted wells",
        start=(0.3, 1.5),
        optimizer="gradient descent",
        lr=0.05,
        beta=0.9,
        steps=200,
    ):
        style = {"description_width": "initial"}
        land = W.Dropdown(options=EXPLORER_LANDSCAPES, description="landscape", style=style)
        control(land, "landscape", landscape)
        start = check_inside(start, get_landscape(landscape), "start")
        controls = {
            "landscape": land,
            "optimizer": control(
                W.Dropdown(options=list(OPTIMIZERS), description="optimizer", style=style),
                "optimizer",
                optimizer,
            ),
            "lr": W.FloatLogSlider(
                base=10,
                min=-4,
                max=0.5,
                step=0.05,
                description="learning rate",
                readout_format=".4f",
                style=style,
                continuous_update=True,
            ),
            "beta": W.FloatSlider(
                min=0.0, max=0.99, step=0.01, description="momentum β", style=style
            ),
            "steps": W.IntSlider(min=1, max=1000, step=1, description="steps", style=style),
            "x0": W.FloatSlider(min=-2, max=2, step=0.01, description="start w₁", style=style),
            "y0": W.FloatSlider(min=-2, max=2, step=0.01, description="start w₂", style=style),
        }
        for name, value in (("lr", lr), ("beta", beta), ("steps", steps)):
            control(controls[name], name, value)
        self._start = start
        live = LiveFigure((9.6, 4.0))
        live.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.9, wspace=0.25)
        ax, axl = live.axes
        self.ax, self.axl = ax, axl
        axl.set_xlabel("step")
        self._loss_log = None
        self._landscape_name = None
        super().__init__(controls, live)
        self._hold = True
        self._landscape_changed({"new": landscape}, keep_start=True)
        self._optimizer_changed({"new": optimizer})
        self._hold = False
        self.update()

    def _control_changed(self, control, value):
        if control is self.controls["landscape"]:
            self._landscape_changed({"new": value})
        elif control is self.controls["optimizer"]:
            self._optimizer_changed({"new": value})

    def _optimizer_changed(self, change):
        self.controls["beta"].disabled = change["new"] == "gradient descent"
        self.controls["beta"].description = {"rmsprop": "decay ρ", "adam": "β₁"}.get(
            change["new"], "momentum β"
        )

    def _landscape_changed(self, change, keep_start=False):
        """A new landscape: new contour background and new ranges for the start sliders."""
        land = get_landscape(change["new"])
        held, self._hold = self._hold, True
        try:
            fit_sliders(
                [self.controls["x0"], self.controls["y0"]],
                land.window,
                self._start if keep_start else None,
                fraction=0.8,
            )
        finally:
            self._hold = held
        self.land = land
        ax = self.ax
        fresh_contour(ax, land)  # removes the old path artists too: make new ones
        self.live.dynamic_artists = []
        self.path_line = self.live.animate(
            ax.plot([], [], "-", color=PALETTE[1], lw=2, marker=".", ms=4, zorder=5)[0]
        )
        self.start_dot = self.live.animate(
            ax.plot([], [], "o", color=PALETTE[1], ms=8, mec="black", zorder=6)[0]
        )
        self.end_star = self.live.animate(
            ax.plot([], [], "*", color=PALETTE[1], ms=13, mec="black", zorder=6)[0]
        )
        minima = known_minima(land)
        self._floor = minima[0].value if minima else None
        axl = self.axl
        axl.cla()
        log = self._floor is not None
        if log:
            fast_log_axis(axl)
            axl.set_ylabel("loss − global minimum")
            axl.set_ylim(1e-16, 1e2)
        else:
            axl.set_ylabel("loss")
        axl.set_xlabel("step")
        self.loss_line = self.live.animate(axl.plot([], [], color=PALETTE[0], lw=1.8)[0])
        self.loss_title = self.live.animate(axl.set_title(" "))
        self.live.invalidate()

    def _compute(self, v):
        land = self.land
        opt = _optimizer(v["optimizer"], v["beta"])
        r = run(land, [v["x0"], v["y0"]], opt, lr=v["lr"], steps=v["steps"], tol=1e-10)
        self.results = {"run": r}
        p = r.path
        self.path_line.set_data(p[:, 0], p[:, 1])
        self.start_dot.set_data([p[0, 0]], [p[0, 1]])
        self.end_star.set_data([p[-1, 0]], [p[-1, 1]])
        y = r.losses
        if self._floor is not None:
            y = np.maximum(y - self._floor, 1e-16)
        k, y = finite_xy(np.arange(len(y)), y)
        self.loss_line.set_data(k, y)
        self.live.fit_steps(self.axl, v["steps"])
        if len(y):
            self.live.fit_ylim(
                self.axl, float(y.min()), float(y.max()), log=self._floor is not None
            )
        self.loss_title.set_text(f"{r.optimizer.replace('()', '')}, η = {v['lr']:.4g}")
        msg = status_html(r)
        if r.diverged:
            lam = np.linalg.eigvalsh(land.hessian(p[0]))[-1]
            if lam > 0:
                msg += (
                    f" The curvature at the start is λ_max = {lam:.3g}; on a quadratic with "
                    f"that curvature gradient descent needs η &lt; 2/λ_max = "
                    f"{2 / lam:.3g}. Try a smaller learning rate."
                )
            else:
                msg += " Try a smaller learning rate or another start."
        return msg


def landscape_explorer(
    landscape: str = "tilted wells",
    start=(0.3, 1.5),
    optimizer: str = "gradient descent",
    lr: float = 0.05,
    beta: float = 0.9,
    steps: int = 200,
) -> LandscapeExplorer:
    """Explore optimizers on the book's 2-D landscapes (``EXPLORER_LANDSCAPES``).

    Controls: landscape, optimizer (gradient descent, momentum, nesterov, adagrad, rmsprop,
    adam), learning rate, momentum β (the decay ρ for RMSProp, β₁ for Adam; Adagrad has
    none), steps, start point.
    A diverging run is reported in the message line, with the stability limit at the start.

    Parameters
    ----------
    landscape : str
        One of ``EXPLORER_LANDSCAPES``.
    start : (float, float)
        The start point, inside the landscape's window (the range of the start sliders).
    optimizer : str
        One of ``OPTIMIZERS``.
    lr : float
        Learning rate, 10⁻⁴ to 10^0.5 (the slider's range).
    beta : float
        Momentum β (RMSProp's decay, Adam's β₁), 0 to 0.99.
    steps : int
        Most steps of the run, 1 to 1000.

    Every setting must lie in its control's range (a ``ValueError`` says which range
    otherwise): nothing is clamped.

    Returns
    -------
    LandscapeExplorer
        An :class:`~helpers.interactive.live.Explorer`: display it (last expression of a
        cell) to show the panel; ``set(...)`` moves several controls at once, ``results``
        holds the latest runs.
    """
    return LandscapeExplorer(landscape, start, optimizer, lr, beta, steps)


# --------------------------------------------------------- learning-rate explorer -------
class LearningRateExplorer(Explorer):
    title = "Learning-rate explorer"
    alt = (
        "Four panels. Top: the parabola x squared with gradient descent iterates and the "
        "distance |x_k| against step on a log scale. Bottom: the rippled loss "
        "sin 3w + w²/2 − w with its iterates and its loss against step."
    )

    def __init__(self, lr=0.1, x0=2.5, w0=2.5, steps=40):
        style = {"description_width": "initial"}
        controls = {
            "lr": W.FloatLogSlider(
                base=10,
                min=-3,
                max=0.3,
                step=0.02,
                description="learning rate η",
                readout_format=".4f",
                style=style,
            ),
            "x0": W.FloatSlider(min=-3, max=3, step=0.05, description="start on x²", style=style),
            "w0": W.FloatSlider(
                min=-3,
                max=5,
                step=0.05,
                description="start on the rippled loss",
                style=style,
            ),
            "steps": W.IntSlider(min=1, max=200, description="steps", style=style),
        }
        for name, value in (("lr", lr), ("x0", x0), ("w0", w0), ("steps", steps)):
            control(controls[name], name, value)
        live = LiveFigure((9.6, 6.2), 2, 2)
        live.fig.subplots_adjust(
            left=0.08, right=0.98, bottom=0.08, top=0.93, hspace=0.42, wspace=0.25
        )
        (self.aq, self.aqs), (self.aw, self.aws) = live.axes
        self.quad, self.rip = parabola(), wavy()
        self.quad_window = (-4.0, 4.0)
        plot_1d(self.aq, self.quad, window=self.quad_window, critical_points=False)
        self.aq.set_ylim(-0.5, 16)
        self.aq.set_title("$L(x) = x^2$: $x_{k+1} = (1 - 2\\eta)\\,x_k$")
        plot_1d(self.aw, self.rip)
        self.aw.set_title("$L(w) = \\sin 3w + w^2/2 - w$")
        self.aw.set_ylim(-2.5, 11)
        colors = PALETTE
        self.q_pts = live.animate(self.aq.plot([], [], "-o", color=colors[1], ms=4, lw=0.8)[0])
        self.w_pts = live.animate(self.aw.plot([], [], "-o", color=colors[1], ms=4, lw=0.8)[0])
        self.q_curve = live.animate(self.aqs.plot([], [], color=colors[0], lw=1.8)[0])
        self.w_curve = live.animate(self.aws.plot([], [], color=colors[0], lw=1.8)[0])
        fast_log_axis(self.aqs)
        self.aqs.set_ylim(1e-12, 1e6)
        self.aqs.set(xlabel="step", ylabel="|x_k|", title="distance to the minimum")
        self.low = min(c.value for c in self.rip.critical_points)
        self.aws.set(xlabel="step", ylabel="loss", title="loss against step")
        self.aws.set_ylim(self.low - 0.3, 8)
        super().__init__(controls, live)
        self.update()

    def _compute(self, v):
        for a in (self.aqs, self.aws):
            self.live.fit_steps(a, v["steps"])
        rq = run(self.quad, [v["x0"]], lr=v["lr"], steps=v["steps"], tol=0)
        rw = run(self.rip, [v["w0"]], lr=v["lr"], steps=v["steps"], tol=0)
        self.results = {"quadratic": rq, "rippled": rw}
        xq = rq.path[:, 0]
        self.q_pts.set_data(*finite_xy(xq, self.quad(xq)))
        self.q_curve.set_data(*finite_xy(np.arange(len(xq)), np.maximum(np.abs(xq), 1e-300)))
        xw = rw.path[:, 0]
        self.w_pts.set_data(*finite_xy(xw, rw.losses))
        self.w_curve.set_data(*finite_xy(np.arange(len(xw)), rw.losses))
        factor = 1 - 2 * v["lr"]
        if abs(factor) < 1:
            kind = (
                "shrinks monotonically"
                if factor > 0
                else "jumps to the minimum in one step"
                if factor == 0
                else "shrinks while flipping sign each step"
            )
        else:
            kind = (
                "does not shrink: gradient descent diverges (η ≥ 1)"
                if factor < -1 or factor > 1
                else "keeps its size, flipping sign: no convergence (η = 1)"
            )
        msg = (
            f"On x²: each step multiplies x by 1 − 2η = {factor:.4g}, so |x| {kind}. "
            + status_html(rq, "x²: ")
            + "<br>"
            + status_html(rw, "rippled loss: ")
        )
        return msg


def learning_rate_explorer(
    lr: float = 0.1, x0: float = 2.5, w0: float = 2.5, steps: int = 40
) -> LearningRateExplorer:
    r"""One learning rate on a convex quadratic and on a non-convex 1-D loss.

    On :math:`x^2` the update is :math:`x_{k+1} = (1 - 2\eta)x_k`: monotone for
    :math:`\eta < 0.5`, one step at :math:`\eta = 0.5`, oscillating for
    :math:`0.5 < \eta < 1`, divergent for :math:`\eta > 1`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta`, 10⁻³ to 10^0.3 (the slider's range).
    x0 : float
        Start on :math:`x^2`, −3 to 3.
    w0 : float
        Start on the rippled loss :math:`\sin 3w + w^2/2 - w`, −3 to 5.
    steps : int
        1 to 200.

    Every setting must lie in its slider's range (a ``ValueError`` says which otherwise).

    Returns
    -------
    LearningRateExplorer
        An :class:`~helpers.interactive.live.Explorer`: display it (last expression of a
        cell) to show the panel; ``set(...)`` moves several controls at once, ``results``
        holds the latest runs.
    """
    return LearningRateExplorer(lr, x0, w0, steps)


# --------------------------------------------------------------- momentum explorer ------
class MomentumExplorer(Explorer):
    title = "Momentum explorer on the ravine"
    alt = (
        "Left: contour map of the ravine ½w₁² + 50w₂² with a plain gradient descent path "
        "and a momentum path from the same start. Right: both losses against step."
    )

    def __init__(self, lr=0.018, beta=0.8, steps=120, start=(-9.5, 1.5)):
        style = {"description_width": "initial"}
        controls = {
            "lr": W.FloatLogSlider(
                base=10,
                min=-4,
                max=-1.2,
                step=0.02,
                description="learning rate η",
                readout_format=".4f",
                style=style,
            ),
            "beta": W.FloatSlider(
                min=0.0, max=0.99, step=0.01, description="momentum β", style=style
            ),
            "steps": W.IntSlider(min=1, max=500, description="steps", style=style),
        }
        for name, value in (("lr", lr), ("beta", beta), ("steps", steps)):
            control(controls[name], name, value)
        self.land = ravine()
        self.start = np.array(check_inside(start, self.land, "start"))
        live = LiveFigure((9.6, 4.0), width_ratios=(1.5, 1))
        live.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.9, wspace=0.22)
        self.ax, self.axl = live.axes
        plot_contour(self.ax, self.land, n=120, colorbar=False, log=True)
        self.ax.set_title("ravine: $\\frac{1}{2}w_1^2 + 50 w_2^2$ (condition number 100)")
        self.gd = live.animate(
            self.ax.plot([], [], "-", color=PALETTE[1], lw=1.5, label="gradient descent")[0]
        )
        self.mo = live.animate(
            self.ax.plot([], [], "-", color=PALETTE[4], lw=1.8, label="momentum")[0]
        )
        self.ax.plot(*self.start, "o", color="white", mec="black", ms=7, zorder=6)
        self.ax.legend(loc="lower right")
        self.gd_l = live.animate(
            self.axl.plot([], [], color=PALETTE[1], lw=1.6, label="gradient descent")[0]
        )
        self.mo_l = live.animate(
            self.axl.plot([], [], color=PALETTE[4], lw=1.8, label="momentum")[0]
        )
        fast_log_axis(self.axl)
        self.axl.set_ylim(1e-10, 1e5)
        self.axl.set(xlabel="step", ylabel="loss", title="loss against step")
        self.axl.legend(loc="lower left")
        lam_min, lam_max = np.linalg.eigvalsh(self.land.params["A"])[[0, -1]]
        self.best_gd_lr = gd_optimal_step(lam_min, lam_max)
        self.best_lr, self.best_beta = momentum_optimal(lam_min, lam_max)
        super().__init__(controls, live)
        self.update()

    def _compute(self, v):
        self.live.fit_steps(self.axl, v["steps"])
        rg = run(self.land, self.start, lr=v["lr"], steps=v["steps"], tol=1e-10)
        rm = run(
            self.land,
            self.start,
            OPTIMIZERS["momentum"](v["beta"]),
            lr=v["lr"],
            steps=v["steps"],
            tol=1e-10,
        )
        self.results = {"gradient descent": rg, "momentum": rm}
        for line, curve, r in ((self.gd, self.gd_l, rg), (self.mo, self.mo_l, rm)):
            line.set_data(*finite_xy(r.path[:, 0], r.path[:, 1]))
            curve.set_data(*finite_xy(np.arange(len(r.losses)), r.losses))
        return (
            status_html(rg, "gradient descent ")
            + "<br>"
            + status_html(rm, "momentum ")
            + f"<br>Best settings for this ravine (λ from 1 to 100): plain gradient descent "
            f"η = 2/(1 + 100) = {self.best_gd_lr:.4f}; momentum η = {self.best_lr:.4f}, "
            f"β = {self.best_beta:.4f}."
        )


def momentum_explorer(
    lr: float = 0.018, beta: float = 0.8, steps: int = 120, start=(-9.5, 1.5)
) -> MomentumExplorer:
    r"""Gradient descent and heavy-ball momentum (:math:`v \leftarrow \beta v + g,\;
    w \leftarrow w - \eta v`) with the same learning rate, on the ravine; the message gives
    the best settings from :mod:`~helpers.core.quadratic_theory`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\eta`, for both methods, 10⁻⁴ to 10^-1.2 (the slider's range).
    beta : float
        Momentum :math:`\beta`, 0 to 0.99.
    steps : int
        1 to 500.
    start : (float, float)
        Inside the ravine's window, [−10.5, 10.5] × [−3, 3].

    Every setting must lie in its range (a ``ValueError`` says which otherwise).

    Returns
    -------
    MomentumExplorer
        An :class:`~helpers.interactive.live.Explorer`: display it (last expression of a
        cell) to show the panel; ``set(...)`` moves several controls at once, ``results``
        holds the latest runs.
    """
    return MomentumExplorer(lr, beta, steps, start)


# ------------------------------------------------------ critical-point inspector --------
class CriticalPointInspector(Explorer):
    title = "Critical-point inspector"
    alt = (
        "Left: contour map with the chosen point, an arrow pointing downhill along the "
        "negative gradient and the two Hessian eigenvector directions. Right: the loss "
        "along each eigenvector direction through the point."
    )

    def __init__(self, landscape="quartic example", point=(0.5, -0.3)):
        style = {"description_width": "initial"}
        land = W.Dropdown(options=EXPLORER_LANDSCAPES, description="landscape", style=style)
        control(land, "landscape", landscape)
        point = check_inside(point, get_landscape(landscape), "point")
        controls = {
            "landscape": land,
            "x": W.FloatSlider(
                min=-2,
                max=2,
                step=0.01,
                description="w₁",
                style=style,
                readout_format=".3f",
            ),
            "y": W.FloatSlider(
                min=-2,
                max=2,
                step=0.01,
                description="w₂",
                style=style,
                readout_format=".3f",
            ),
        }
        self.jump = W.Dropdown(
            options=[("jump to a critical point…", None)],
            description="",
            layout=W.Layout(width="max-content"),
        )
        self._start = point
        live = LiveFigure((9.6, 4.0), width_ratios=(1.2, 1))
        live.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.9, wspace=0.22)
        self.ax, self.axs = live.axes
        self.axs.set(
            xlabel="distance t from the point",
            ylabel="loss",
            title="loss along the Hessian's eigenvectors",
        )
        self.axs.axvline(0, color="black", lw=0.8, alpha=0.5)
        self.slices = live.animate(
            *[self.axs.plot([], [], color=c, lw=1.8)[0] for c in (PALETTE[4], PALETTE[3])]
        )
        self.slice_labels = live.animate(
            *[
                self.axs.text(
                    0.03,
                    0.95 - 0.07 * i,
                    "",
                    transform=self.axs.transAxes,
                    color=c,
                    fontsize=9,
                    va="top",
                    fontweight="bold",
                )
                for i, c in enumerate((PALETTE[4], PALETTE[3]))
            ]
        )
        super().__init__(controls, live)
        self.widget.children = (*self.widget.children[:-2], self.jump, *self.widget.children[-2:])
        self.jump.observe(self._jump, names="value")
        self._hold = True
        self._landscape_changed({"new": landscape}, keep_point=True)
        self._hold = False
        self.update()

    def _control_changed(self, control, value):
        if control is self.controls["landscape"]:
            self._landscape_changed({"new": value})

    def _jump(self, change):
        if change["new"] is not None:
            self.set(x=change["new"][0], y=change["new"][1])

    def _landscape_changed(self, change, keep_point=False):
        land = get_landscape(change["new"])
        held, self._hold = self._hold, True
        try:
            fit_sliders(
                [self.controls["x"], self.controls["y"]],
                land.window,
                self._start if keep_point else None,
                fraction=0.7,
            )
            self.jump.options = [("jump to a critical point…", None)] + [
                (f"({c.point[0]:.3g}, {c.point[1]:.3g}) {c.kind}", tuple(c.point))
                for c in land.critical_points
            ]
            self.jump.value = None
        finally:
            self._hold = held
        self.land = land
        ax = self.ax
        fresh_contour(ax, land)  # removes the old markers too: make new ones
        live = self.live
        live.dynamic_artists = [a for a in live.dynamic_artists if a.axes is self.axs]
        self.dot = live.animate(
            ax.plot([], [], "o", color=PALETTE[1], ms=9, mec="black", zorder=8)[0]
        )
        self.eig_lines = live.animate(
            *[ax.plot([], [], "-", color=c, lw=2.2, zorder=7)[0] for c in (PALETTE[4], PALETTE[3])]
        )
        self.arrow = live.animate(
            ax.annotate(
                "",
                xy=(0, 0),
                xytext=(0, 0),
                zorder=9,
                arrowprops=dict(arrowstyle="-|>", color="white", lw=2),
            )
        )
        (x0, x1), (y0, y1) = land.window
        self.span = 0.12 * min(x1 - x0, y1 - y0)
        self.axs.set_xlim(-2 * self.span, 2 * self.span)
        live.invalidate()

    def _compute(self, v):
        land = self.land
        p = as_point([v["x"], v["y"]], 2, "point")
        g = land.gradient(p)
        H = land.hessian(p)
        eig, vecs = np.linalg.eigh(H)
        self.results = {"point": p, "gradient": g, "hessian": H, "eigenvalues": eig}
        self.dot.set_data([p[0]], [p[1]])
        for line, vec in zip(self.eig_lines, vecs.T):
            e = np.array([p - self.span * vec, p + self.span * vec])
            line.set_data(e[:, 0], e[:, 1])
        gn = float(np.linalg.norm(g))
        if gn > 0:
            tip = p - 1.6 * self.span * g / gn
            self.arrow.xy = tuple(tip)
            self.arrow.set_position(tuple(p))
            self.arrow.set_visible(True)
        else:
            self.arrow.set_visible(False)
        t = np.linspace(-2 * self.span, 2 * self.span, 81)
        lo, hi = np.inf, -np.inf
        for k, (vec, line, label) in enumerate(zip(vecs.T, self.slices, self.slice_labels)):
            vals = land.value(p + t[:, None] * vec)
            line.set_data(t, vals)
            label.set_text(f"along eigenvector {k + 1}: λ = {eig[k]:.3g}")
            lo, hi = min(lo, float(vals.min())), max(hi, float(vals.max()))
        self.live.fit_ylim(self.axs, lo, hi)
        scale = max(1.0, float(np.max(np.abs(H))))
        if gn <= 1e-6 * scale:
            kind = classify_critical_point(H)
            marker = KIND_MARKERS[kind][0]
            verdict = (
                f"<b>critical point</b> (gradient ≈ 0): a <b>{kind}</b> "
                f"(marker {marker} on the map)"
            )
            if kind == "degenerate":
                verdict += "; a zero eigenvalue: the Hessian alone cannot decide"
        else:
            signs = "positive" if eig[0] > 0 else "negative" if eig[-1] < 0 else "mixed"
            verdict = (
                f"<b>not a critical point</b>: the gradient is not zero, so the arrow "
                f"(−∇L) points downhill; the curvature here is {signs}"
            )
        return (
            f"point ({p[0]:.4g}, {p[1]:.4g}); loss {float(land.value(p)):.5g}<br>"
            f"gradient ∇L = ({g[0]:.4g}, {g[1]:.4g}), norm {gn:.3g}<br>"
            f"Hessian [[{H[0, 0]:.4g}, {H[0, 1]:.4g}], [{H[1, 0]:.4g}, {H[1, 1]:.4g}]], "
            f"eigenvalues {eig[0]:.4g} and {eig[1]:.4g}<br>{verdict}."
        )


def critical_point_inspector(
    landscape: str = "quartic example", point=(0.5, -0.3)
) -> CriticalPointInspector:
    r"""Pick a point and see :math:`\nabla L`, the Hessian, its eigenvalues and the verdict.

    At a point with zero gradient the eigenvalues classify it by the one rule of
    :mod:`~helpers.core.critical_points`: both signs, a saddle; otherwise a zero eigenvalue,
    undecided (degenerate); otherwise all positive, a minimum, or all negative, a maximum.
    The "jump to" menu moves to the landscape's known critical points.

    Parameters
    ----------
    landscape : str
        One of ``EXPLORER_LANDSCAPES``.
    point : (float, float)
        The first point shown, inside the landscape's window (the sliders' range).


    Returns
    -------
    CriticalPointInspector
        An :class:`~helpers.interactive.live.Explorer`: display it (last expression of a
        cell) to show the panel; ``set(...)`` moves several controls at once, ``results``
        holds the latest runs.
    """
    return CriticalPointInspector(landscape, point)
