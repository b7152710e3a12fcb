#!/usr/bin/python3
"""Generates the extra reference cases in this folder with PyTorch (torch.optim and
torch.optim.lr_scheduler, float64, autograd gradients) and NumPy for the rules torch does not
have, independently of optlab's Go code. Each CASE.yaml is an optlab config and CASE.csv the
expected path `step,x0,...,loss`. Run with /usr/bin/python3 (apt-get install python3-torch).
"""
import math, os, sys
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))


def rosen(x, a=1.0, b=100.0):
    return sum(b * (x[i + 1] - x[i] ** 2) ** 2 + (a - x[i]) ** 2 for i in range(len(x) - 1))


def halfpipe(x, kappa=20.0, angle=0.0):
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    u = x[0] * c + x[1] * s
    v = -x[0] * s + x[1] * c
    return 0.5 * (u * u + kappa * v * v)


def beale(x):
    X, Y = x[0], x[1]
    return (1.5 - X + X * Y) ** 2 + (2.25 - X + X * Y ** 2) ** 2 + (2.625 - X + X * Y ** 3) ** 2


def grad(f, x):
    t = torch.tensor(x, requires_grad=True)
    y = f(t)
    y.backward()
    return t.grad.numpy().copy()


def hess(f, x):
    return torch.autograd.functional.hessian(f, torch.tensor(x)).numpy()


def value(f, x):
    return float(f(torch.tensor(x)))


def write(name, yaml, f, path):
    with open(os.path.join(HERE, name + ".yaml"), "w") as fh:
        fh.write(yaml.strip() + "\n")
    n = len(path[0])
    with open(os.path.join(HERE, name + ".csv"), "w") as fh:
        fh.write("step," + ",".join(f"x{i}" for i in range(n)) + ",loss\n")
        for k, x in enumerate(path):
            fh.write(f"{k}," + ",".join(repr(float(v)) for v in x) + f",{value(f, x)!r}\n")


def run_torch(f, start, steps, make_opt, make_sched=None):
    x = torch.tensor(start, requires_grad=True)
    opt = make_opt([x])
    sched = make_sched(opt) if make_sched else None
    path = [x.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        f(x).backward()
        opt.step()
        if sched:
            sched.step()
        path.append(x.detach().numpy().copy())
    return path


def rate(t, lr, warm=None, decay=None):
    """The closed-form schedule of docs/schedules.md, for the NumPy cases."""
    w = 1.0
    if warm:
        W, f0 = warm
        w = f0 + (1 - f0) * min(t, W) / W
    if decay is None:
        return lr * w
    kind = decay[0]
    if kind == "step":
        return lr * w * decay[2] ** (t // decay[1])
    if kind == "exp":
        return lr * w * decay[1] ** t
    T, mn = decay[1], decay[2]
    return w * (mn + (lr - mn) * (1 + math.cos(math.pi * min(t, T) / T)) / 2)


cases = []


def case(fn):
    cases.append(fn)
    return fn


HDR = "surface:\n  name: {s}\n{p}start: {start}\nsteps: {steps}\noptimizers:\n"


def hdr(name, s, start, steps, params=""):
    p = f"  params: {{{params}}}\n" if params else ""
    return f"name: {name}\n" + HDR.format(s=s, p=p, start=list(start), steps=steps)


@case
def sgd_cosine():
    p = run_torch(rosen, [-1.2, 1.0], 200, lambda q: torch.optim.SGD(q, lr=0.002),
                  lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=200))
    write("sgd_cosine_rosenbrock", hdr("sgd_cosine_rosenbrock", "rosenbrock", [-1.2, 1.0], 200) +
          "  - name: sgd\n    lr: 0.002\n    schedule: {decay: {kind: cosine}}\n", rosen, p)


@case
def adam_exp():
    p = run_torch(rosen, [-1.2, 1.0], 250, lambda q: torch.optim.Adam(q, lr=0.08, betas=(0.8, 0.99), eps=1e-6),
                  lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.99))
    write("adam_exp_rosenbrock", hdr("adam_exp_rosenbrock", "rosenbrock", [-1.2, 1.0], 250) +
          "  - name: adam\n    lr: 0.08\n    beta1: 0.8\n    beta2: 0.99\n    eps: 1.0e-6\n"
          "    schedule: {decay: {kind: exp, gamma: 0.99}}\n", rosen, p)


@case
def rmsprop_warmup_cosine():
    def sched(o):
        return torch.optim.lr_scheduler.ChainedScheduler([
            torch.optim.lr_scheduler.LinearLR(o, start_factor=0.2, total_iters=30),
            torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=150)])
    p = run_torch(rosen, [-1.2, 1.0], 150, lambda q: torch.optim.RMSprop(q, lr=0.02, alpha=0.9), sched)
    write("rmsprop_warmup_cosine_rosenbrock", hdr("rmsprop_warmup_cosine_rosenbrock", "rosenbrock", [-1.2, 1.0], 150) +
          "  - name: rmsprop\n    lr: 0.02\n    rho: 0.9\n"
          "    schedule: {warmup: {steps: 30, start_factor: 0.2}, decay: {kind: cosine, total_steps: 150}}\n", rosen, p)


@case
def radam_betas():
    p = run_torch(rosen, [-1.2, 1.0], 300, lambda q: torch.optim.RAdam(q, lr=0.004, betas=(0.85, 0.95)))
    write("radam_betas_rosenbrock", hdr("radam_betas_rosenbrock", "rosenbrock", [-1.2, 1.0], 300) +
          "  - name: radam\n    lr: 0.004\n    beta1: 0.85\n    beta2: 0.95\n", rosen, p)


@case
def adagrad_halfpipe_rotated():
    f = lambda x: halfpipe(x, 50.0, 30.0)
    p = run_torch(f, [-4.0, 1.5], 150, lambda q: torch.optim.Adagrad(q, lr=0.7, eps=1e-8))
    write("adagrad_halfpipe_rotated", hdr("adagrad_halfpipe_rotated", "halfpipe", [-4.0, 1.5], 150, "kappa: 50, angle: 30") +
          "  - name: adagrad\n    lr: 0.7\n    eps: 1.0e-8\n", f, p)


@case
def momentum_ewma_step():
    p = run_torch(rosen, [-1.2, 1.0], 200, lambda q: torch.optim.SGD(q, lr=0.002, momentum=0.8, dampening=0.8),
                  lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=50, gamma=0.3))
    write("momentum_ewma_step_rosenbrock", hdr("momentum_ewma_step_rosenbrock", "rosenbrock", [-1.2, 1.0], 200) +
          "  - name: momentum\n    form: ewma\n    lr: 0.002\n    momentum: 0.8\n"
          "    schedule: {decay: {kind: step, step_size: 50, gamma: 0.3}}\n", rosen, p)


@case
def sam_adam_beale():
    x = torch.tensor([1.0, 1.0], requires_grad=True)
    opt = torch.optim.Adam([x], lr=0.02)
    path = [x.detach().numpy().copy()]
    for _ in range(200):
        g = grad(beale, x.detach().numpy())
        e = 0.1 * g / (np.linalg.norm(g) + 1e-12)
        g2 = grad(beale, x.detach().numpy() + e)
        opt.zero_grad()
        x.grad = torch.tensor(g2)
        opt.step()
        path.append(x.detach().numpy().copy())
    write("sam_adam_beale", hdr("sam_adam_beale", "beale", [1.0, 1.0], 200) +
          "  - name: sam\n    rho: 0.1\n    base: {name: adam, lr: 0.02}\n", beale, path)


# NumPy cases: the rules torch.optim does not have.

def run_np(f, start, steps, update):
    x = np.array(start, dtype=float)
    path = [x.copy()]
    state = {}
    for t in range(1, steps + 1):
        x = update(x, t, state)
        path.append(x.copy())
    return path


@case
def momentum_standard_warmup():
    def up(x, t, st):
        lr = rate(t - 1, 0.002, warm=(40, 0.1), decay=("exp", 0.995))
        v = st.get("v", np.zeros(2))
        v = 0.9 * v - lr * grad(rosen, x)
        st["v"] = v
        return x + v
    write("momentum_standard_warmup_rosenbrock", hdr("momentum_standard_warmup_rosenbrock", "rosenbrock", [-1.2, 1.0], 200) +
          "  - name: momentum\n    form: standard\n    lr: 0.002\n    momentum: 0.9\n"
          "    schedule: {warmup: {steps: 40}, decay: {kind: exp, gamma: 0.995}}\n", rosen, run_np(rosen, [-1.2, 1.0], 200, up))


@case
def nesterov_cosine_minlr():
    def up(x, t, st):
        lr = rate(t - 1, 0.003, decay=("cosine", 100, 0.0005))
        v = st.get("v", np.zeros(2))
        g = grad(rosen, x + 0.7 * v)
        v = 0.7 * v - lr * g
        st["v"] = v
        return x + v
    write("nesterov_cosine_rosenbrock", hdr("nesterov_cosine_rosenbrock", "rosenbrock", [-1.2, 1.0], 200) +
          "  - name: nesterov\n    lr: 0.003\n    momentum: 0.7\n"
          "    schedule: {decay: {kind: cosine, total_steps: 100, min_lr: 0.0005}}\n", rosen, run_np(rosen, [-1.2, 1.0], 200, up))


@case
def rmsprop_eps_inside():
    def up(x, t, st):
        g = grad(rosen, x)
        r = st.get("r", np.zeros(2))
        r = 0.95 * r + (1 - 0.95) * g * g
        st["r"] = r
        return x - 0.01 * g / np.sqrt(r + 1e-6)
    write("rmsprop_eps_inside_rosenbrock", hdr("rmsprop_eps_inside_rosenbrock", "rosenbrock", [-1.2, 1.0], 200) +
          "  - name: rmsprop\n    lr: 0.01\n    rho: 0.95\n    eps: 1.0e-6\n    eps_inside_sqrt: true\n", rosen, run_np(rosen, [-1.2, 1.0], 200, up))


@case
def adagrad_eps_inside():
    def up(x, t, st):
        g = grad(rosen, x)
        G = st.get("G", np.zeros(2)) + g * g
        st["G"] = G
        return x - 0.3 * g / np.sqrt(G + 1e-4)
    write("adagrad_eps_inside_rosenbrock", hdr("adagrad_eps_inside_rosenbrock", "rosenbrock", [-1.2, 1.0], 200) +
          "  - name: adagrad\n    lr: 0.3\n    eps: 1.0e-4\n    eps_inside_sqrt: true\n", rosen, run_np(rosen, [-1.2, 1.0], 200, up))


@case
def newton_damped():
    def up(x, t, st):
        H = hess(rosen, x) + 2.0 * np.eye(2)
        return x - 0.8 * np.linalg.solve(H, grad(rosen, x))
    write("newton_damped_rosenbrock", hdr("newton_damped_rosenbrock", "rosenbrock", [-1.2, 1.0], 30) +
          "  - name: newton\n    lr: 0.8\n    damping: 2.0\n", rosen, run_np(rosen, [-1.2, 1.0], 30, up))


@case
def sgd_rosenbrock_4d():
    f = lambda x: rosen(x, 1.0, 10.0)
    p = run_torch(f, [-1.2, 1.0, -1.2, 1.0], 300, lambda q: torch.optim.SGD(q, lr=0.005, momentum=0.5))
    write("momentum_rosenbrock4d", hdr("momentum_rosenbrock4d", "rosenbrock", [-1.2, 1.0, -1.2, 1.0], 300, "b: 10") +
          "  - name: momentum\n    lr: 0.005\n    momentum: 0.5\n", f, p)


if __name__ == "__main__":
    for c in cases:
        c()
        print("wrote", c.__name__)
