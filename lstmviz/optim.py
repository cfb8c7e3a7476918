"""Adam, SGD and SGD with momentum written out step by step, and the 2-D valley the Learning page races them on.

Letters: t the step (1, 2, ...), θ the parameters (P values), g_t = ∇L(θ_{t−1}), α the learning rate, β₁ and β₂
Adam's decay rates (β₁ is also momentum's μ), m and v Adam's moment estimates, m̂ and v̂ their bias corrections.
Each trace follows torch.optim (Adam; SGD with dampening 0) to float64 rounding, and is tested against it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Grad = Callable[[np.ndarray], np.ndarray]

# The valley: L(θ) = ½ (a θ₁² + b θ₂²), 20 times steeper across (θ₂) than along (θ₁). Plain SGD must keep α
# below 2 / b to stay stable across, and then crawls along; Adam divides each coordinate's step by its own
# gradient scale, so it moves along as fast as across.
CURVATURE = np.array([0.1, 2.0])  # (a, b)
START = np.array([-4.0, 1.0])  # far along the flat direction, a little up the steep wall
NEAR = 0.1  # "the minimum's neighbourhood": within this distance of θ* = (0, 0)
OPTIMISERS = ("sgd", "momentum", "adam")


def adam_trace(grad: Grad, theta0, *, steps: int, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8) -> dict:
    """Adam on `grad(θ) -> (P,)` from `theta0` (P,), as torch.optim.Adam steps it (float64).

    Returns arrays with one row per step t = 1..steps: `theta` θ_t (after the step), `g`, `m`, `v`, `m_hat`,
    `v_hat`, `update` (θ_t − θ_{t−1}), each (steps, P), and `t` (steps,).
    """
    b1, b2 = betas
    theta = np.array(theta0, dtype=np.float64)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    rows = {k: [] for k in ("theta", "g", "m", "v", "m_hat", "v_hat", "update")}
    for t in range(1, steps + 1):
        g = np.asarray(grad(theta), dtype=np.float64)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        update = -lr * m_hat / (np.sqrt(v_hat) + eps)
        theta = theta + update
        for k, value in zip(rows, (theta, g, m, v, m_hat, v_hat, update), strict=True):
            rows[k].append(value)
    return {"t": np.arange(1, steps + 1), **{k: np.array(v).reshape(steps, -1) for k, v in rows.items()}}


def sgd_trace(grad: Grad, theta0, *, steps: int, lr: float, momentum: float = 0.0) -> dict:
    """SGD (with `momentum` μ: b_t = μ b_{t−1} + g_t, θ_t = θ_{t−1} − α b_t, as torch.optim.SGD with dampening 0).

    Returns `theta` θ_t (steps, P), `g` (steps, P) and `t` (steps,).
    """
    theta = np.array(theta0, dtype=np.float64)
    buf = np.zeros_like(theta)
    thetas, grads = [], []
    for _ in range(steps):
        g = np.asarray(grad(theta), dtype=np.float64)
        buf = momentum * buf + g
        theta = theta - lr * buf
        thetas.append(theta)
        grads.append(g)
    return {"t": np.arange(1, steps + 1), "theta": np.array(thetas).reshape(steps, -1), "g": np.array(grads)}


def valley_loss(theta: np.ndarray) -> np.ndarray:
    """L(θ) of the valley for θ (..., 2)."""
    return 0.5 * (np.asarray(theta)[..., :2] ** 2 * CURVATURE).sum(axis=-1)


def valley_grad(theta: np.ndarray) -> np.ndarray:
    return CURVATURE * np.asarray(theta)


def race(*, lr: float, beta1: float, beta2: float, steps: int) -> dict[str, dict]:
    """SGD, SGD with momentum μ = β₁ and Adam, each `steps` steps from START on the valley at the same α.

    Each value holds its trace's arrays plus `path` (steps + 1, 2): θ₀ (START) then θ_t; `loss` (steps + 1,) along
    it; `arrives`: the first step t from which ‖θ_t‖ < NEAR holds to the last step, or None when the last step is
    outside (a run that only passes through the neighbourhood has not reached it).
    """
    runs = {
        "sgd": sgd_trace(valley_grad, START, steps=steps, lr=lr),
        "momentum": sgd_trace(valley_grad, START, steps=steps, lr=lr, momentum=beta1),
        "adam": adam_trace(valley_grad, START, steps=steps, lr=lr, betas=(beta1, beta2)),
    }
    for run in runs.values():
        path = np.vstack([START, run["theta"]])
        outside = np.flatnonzero(np.linalg.norm(path[1:], axis=1) >= NEAR)  # steps t − 1 outside
        run.update(path=path, loss=valley_loss(path))
        last_out = int(outside[-1]) + 1 if len(outside) else 0  # the last step t outside (0: none)
        run["arrives"] = last_out + 1 if last_out < steps else None
    return runs


def first_to_arrive(*, lr: float, beta1: float, beta2: float, steps: int) -> int:
    """The index in OPTIMISERS of the one that reaches the neighbourhood first (a tie goes to the earlier one);
    len(OPTIMISERS) when none gets there in `steps`."""
    arrives = [race(lr=lr, beta1=beta1, beta2=beta2, steps=steps)[k]["arrives"] for k in OPTIMISERS]
    reached = [(t, n) for n, t in enumerate(arrives) if t is not None]
    return min(reached)[1] if reached else len(OPTIMISERS)


def _tex(x: float, sep: str) -> str:
    """x with four significant digits in TeX: 0.3, −0.04, 1.6·10⁻⁴ (never e-04); `sep` the decimal mark's TeX."""
    if x == 0 or not np.isfinite(x):
        return "0" if x == 0 else str(x)
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}".replace(".", sep)
    mantissa, exponent = f"{x:.3e}".split("e")
    return rf"{float(mantissa):.4g}".replace(".", sep) + rf"\cdot 10^{{{int(exponent)}}}"


def adam_latex(
    trace: dict, *, step: int, coord: int, lr: float, betas, eps: float = 1e-8, decimal: str = "."
) -> list[str]:
    """The gradient and Adam's five updates at step `step` (t ≥ 1) for coordinate `coord` of `trace`
    (adam_trace's), with the numbers filled in; `decimal` "," (Portuguese) is written {,}, as TeX wants it."""
    sep = "{,}" if decimal == "," else decimal
    b1, b2 = betas
    k, j = step - 1, coord

    def n(x: float) -> str:
        return _tex(float(x), sep)

    def f(x: float) -> str:  # a factor: negatives in parentheses
        return n(x) if x >= 0 else f"({n(x)})"

    def before(name: str) -> float:  # m_0 = v_0 = 0
        return trace[name][k - 1, j] if k > 0 else 0.0

    theta_prev = trace["theta"][k - 1, j] if k > 0 else trace["theta"][k, j] - trace["update"][k, j]
    g, m, v, m_hat, v_hat = (trace[name][k, j] for name in ("g", "m", "v", "m_hat", "v_hat"))
    return [
        rf"g_{{{step}}} = \partial L / \partial \theta_{{{step - 1}}} = {n(g)}",
        rf"m_{{{step}}} = \beta_1 m_{{{step - 1}}} + (1-\beta_1)\,g_{{{step}}} = {n(b1)}\cdot {f(before('m'))} + "
        rf"{n(1 - b1)}\cdot {f(g)} = {n(m)}",
        rf"v_{{{step}}} = \beta_2 v_{{{step - 1}}} + (1-\beta_2)\,g_{{{step}}}^2 = {n(b2)}\cdot {f(before('v'))} + "
        rf"{n(1 - b2)}\cdot {f(g)}^2 = {n(v)}",
        rf"\hat m_{{{step}}} = \frac{{m_{{{step}}}}}{{1-\beta_1^{{{step}}}}} = \frac{{{n(m)}}}{{1-{n(b1)}^{{{step}}}}}"
        rf" = {n(m_hat)}",
        rf"\hat v_{{{step}}} = \frac{{v_{{{step}}}}}{{1-\beta_2^{{{step}}}}} = \frac{{{n(v)}}}{{1-{n(b2)}^{{{step}}}}}"
        rf" = {n(v_hat)}",
        rf"\theta_{{{step}}} = \theta_{{{step - 1}}} - \alpha\,\frac{{\hat m_{{{step}}}}}{{\sqrt{{\hat v_{{{step}}}}}"
        rf"+\varepsilon}} = {n(theta_prev)} - {n(lr)}\cdot\frac{{{n(m_hat)}}}{{\sqrt{{{n(v_hat)}}}+{n(eps)}}}"
        rf" = {n(trace['theta'][k, j])}",
    ]
