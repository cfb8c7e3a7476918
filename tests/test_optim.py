"""lstmviz.optim against torch.optim (float64): Adam, SGD and SGD with momentum, step by step."""

import numpy as np
import pytest
import torch

from lstmviz import optim


def _torch_path(make_opt, theta0, grad, steps):
    """θ_t of a torch optimiser fed `grad(θ)` as the gradient (float64), and Adam's state after each step."""
    p = torch.nn.Parameter(torch.tensor(theta0, dtype=torch.float64))
    opt = make_opt([p])
    path, states = [], []
    for _ in range(steps):
        p.grad = torch.from_numpy(grad(p.detach().numpy().copy()))
        opt.step()
        path.append(p.detach().numpy().copy())
        states.append({k: v.clone().numpy() for k, v in opt.state[p].items() if torch.is_tensor(v) and v.ndim})
    return np.array(path), states


def _bumpy_grad(theta):  # a non-quadratic loss: L = Σ sin(3θ) + θ⁴ / 4, so g changes sign and scale
    return 3 * np.cos(3 * theta) + theta**3


CASES = [(1e-3, (0.9, 0.999), 1e-8), (0.05, (0.5, 0.9), 1e-6), (0.3, (0.0, 0.99), 1e-8)]


@pytest.mark.parametrize("lr, betas, eps", CASES)
def test_adam_trace_follows_torch_optim_adam(lr, betas, eps):
    theta0, steps = np.array([0.7, -1.2, 2.0]), 40
    trace = optim.adam_trace(_bumpy_grad, theta0, steps=steps, lr=lr, betas=betas, eps=eps)
    path, states = _torch_path(lambda ps: torch.optim.Adam(ps, lr=lr, betas=betas, eps=eps), theta0, _bumpy_grad, steps)
    np.testing.assert_allclose(trace["theta"], path, atol=1e-6, rtol=0)
    m, v = np.array([s["exp_avg"] for s in states]), np.array([s["exp_avg_sq"] for s in states])
    np.testing.assert_allclose(trace["m"], m, atol=1e-6, rtol=0)
    np.testing.assert_allclose(trace["v"], v, atol=1e-6, rtol=0)
    t = trace["t"][:, None]  # the bias corrections by hand, from torch's own moments
    np.testing.assert_allclose(trace["m_hat"], m / (1 - betas[0] ** t), atol=1e-6)
    np.testing.assert_allclose(trace["v_hat"], v / (1 - betas[1] ** t), atol=1e-6)
    np.testing.assert_allclose(np.diff(np.vstack([theta0, trace["theta"]]), axis=0), trace["update"], atol=1e-12)
    assert trace["g"].shape == (steps, 3) and list(trace["t"]) == list(range(1, steps + 1))


def test_at_t_1_the_bias_correction_undoes_the_first_moments_shrinkage():
    trace = optim.adam_trace(optim.valley_grad, optim.START, steps=3, lr=0.3)
    g1 = trace["g"][0]
    np.testing.assert_allclose(trace["m"][0], 0.1 * g1)  # m_1 = (1 − β₁) g_1
    np.testing.assert_allclose(trace["m_hat"][0], g1)  # m̂_1 = m_1 / (1 − β₁) = g_1: ten times m_1
    np.testing.assert_allclose(trace["v_hat"][0], g1**2)
    np.testing.assert_allclose(trace["update"][0], -0.3 * np.sign(g1), rtol=1e-7)  # the first step is ±α


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_sgd_trace_follows_torch_optim_sgd(momentum):
    theta0, steps, lr = np.array([0.7, -1.2, 2.0]), 40, 0.02
    trace = optim.sgd_trace(_bumpy_grad, theta0, steps=steps, lr=lr, momentum=momentum)
    path, _ = _torch_path(lambda ps: torch.optim.SGD(ps, lr=lr, momentum=momentum), theta0, _bumpy_grad, steps)
    np.testing.assert_allclose(trace["theta"], path, atol=1e-6, rtol=0)


def test_the_valley_gradient_is_the_losss_by_finite_differences():
    theta, h = np.array([1.3, -0.4]), 1e-6
    numeric = [(optim.valley_loss(theta + e) - optim.valley_loss(theta - e)) / (2 * h) for e in np.eye(2) * h]
    np.testing.assert_allclose(optim.valley_grad(theta), numeric, rtol=1e-6)


def test_race_paths_start_at_the_start_and_arrive_to_stay():
    runs = optim.race(lr=0.3, beta1=0.9, beta2=0.999, steps=150)
    for run in runs.values():
        assert run["path"].shape == (151, 2) and (run["path"][0] == optim.START).all()
        t = run["arrives"]
        assert t is not None
        distance = np.linalg.norm(run["path"], axis=1)
        assert (distance[t:] < optim.NEAR).all() and distance[t - 1] >= optim.NEAR


def test_a_run_that_leaves_the_neighbourhood_again_has_not_arrived():
    # α = 1 on the steep wall (curvature 2): SGD flips θ₂ between ±1 for ever, passing nowhere near the minimum
    assert optim.race(lr=1.0, beta1=0.9, beta2=0.999, steps=50)["sgd"]["arrives"] is None


def test_the_right_choice_of_which_arrives_first_changes_with_the_settings():
    at = dict(lr=0.3, beta1=0.9, beta2=0.999, steps=150)
    assert optim.OPTIMISERS[optim.first_to_arrive(**at)] == "adam"
    assert optim.OPTIMISERS[optim.first_to_arrive(**{**at, "lr": 0.05})] == "momentum"  # α·1/(1 − μ): 10× the step
    assert optim.first_to_arrive(**{**at, "lr": 0.001}) == len(optim.OPTIMISERS)  # none gets there
