#!/usr/bin/env python3
"""PyTorch references for optlab's networks (internal/nn exact_test.go).

Every case is trained with torch.nn / torch.optim in float64, the rows in
file order (shuffle false), from a parameter file in optlab's layout (W
row-major as Linear.weight, then b, then gamma and beta of a hidden layer
with batch norm). Ghost batch norm applies the layer's BatchNorm1d to each
chunk of g rows of a batch (x.split(g)). Writes, per case, CASE.json with
the per-step batch losses (training mode, before the update), the final
parameters and the final evaluation-mode losses and accuracies; the data
CSVs and init files it trains from sit beside it.

    /usr/bin/python3 testdata/data/torch_reference.py testdata/data
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)


def write_csv(path, X, y, target):
    with open(path, "w") as f:
        f.write(",".join(f"x{j}" for j in range(X.shape[1])) + "," + target + "\n")
        for i in range(X.shape[0]):
            vals = [repr(float(v)) for v in X[i]] + [repr(float(y[i])) if y.dtype.is_floating_point else str(int(y[i]))]
            f.write(",".join(vals) + "\n")


def datasets(out):
    g = torch.Generator().manual_seed(1)
    # Two moons (60 rows: 40 train, 20 test).
    n = 60
    t = torch.rand(n, generator=g) * math.pi
    c = torch.arange(n) % 2
    x = torch.stack([torch.cos(t), torch.sin(t)], 1)
    x[c == 1] = torch.stack([1 - x[c == 1, 0], 0.5 - x[c == 1, 1]], 1)
    x += 0.2 * torch.randn(n, 2, generator=g)
    write_csv(os.path.join(out, "moons-train.csv"), x[:40], c[:40], "label")
    write_csv(os.path.join(out, "moons-test.csv"), x[40:], c[40:], "label")
    # Three blobs in 2-D.
    centres = torch.tensor([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    k = torch.arange(n) % 3
    x = centres[k] + 0.8 * torch.randn(n, 2, generator=g)
    write_csv(os.path.join(out, "blobs-train.csv"), x[:40], k[:40], "label")
    write_csv(os.path.join(out, "blobs-test.csv"), x[40:], k[40:], "label")
    # Linear regression with 3 features.
    x = torch.randn(n, 3, generator=g)
    y = x @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 + 0.1 * torch.randn(n, generator=g)
    write_csv(os.path.join(out, "linear-train.csv"), x[:40], y[:40], "y")
    write_csv(os.path.join(out, "linear-test.csv"), x[40:], y[40:], "y")


def read_csv(path, target, classify):
    with open(path) as f:
        head = f.readline().strip().split(",")
        ti = head.index(target)
        X, y = [], []
        for line in f:
            v = [float(s) for s in line.strip().split(",")]
            y.append(v[ti])
            X.append([a for j, a in enumerate(v) if j != ti])
    X = torch.tensor(X)
    y = torch.tensor(y)
    return X, (y.long() if classify else y.unsqueeze(1))


class Ghost(nn.Module):
    def __init__(self, bn, g):
        super().__init__()
        self.bn, self.g = bn, g

    def forward(self, x):
        if not self.training or not self.g:
            return self.bn(x)
        return torch.cat([self.bn(c) for c in x.split(self.g)])


def build(case, d, k):
    kind = case["model"]["kind"]
    if kind == "linear":
        return nn.Sequential(nn.Linear(d, 1)), []
    if kind == "logistic":
        return nn.Sequential(nn.Linear(d, k)), []
    mods, bns, inp = [], [], d
    for h in case["model"]["hidden"]:
        lin = nn.Linear(inp, h)
        mods.append(lin)
        if case["model"].get("batchnorm"):
            bn = nn.BatchNorm1d(h)
            bns.append((lin, bn))
            mods.append(Ghost(bn, case.get("ghost", 0)))
        mods.append(nn.ReLU() if case["model"]["activation"] == "relu" else nn.Tanh())
        inp = h
    mods.append(nn.Linear(inp, k))
    return nn.Sequential(*mods), bns


def flat_params(model):
    """optlab's layout: per Linear W then b, then the following BatchNorm's gamma, beta."""
    ps = []
    for m in model.modules():
        if isinstance(m, nn.Linear):
            ps += [m.weight, m.bias]
        elif isinstance(m, nn.BatchNorm1d):
            ps += [m.weight, m.bias]
    return ps


def make_opt(case, params):
    o = case["optimizer"]
    if o["name"] == "sgd":
        return torch.optim.SGD(params, lr=o["lr"])
    if o["name"] == "momentum":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o.get("momentum", 0.9))
    if o["name"] == "adam":
        return torch.optim.Adam(params, lr=o["lr"])
    if o["name"] == "rmsprop":
        return torch.optim.RMSprop(params, lr=o["lr"])
    raise ValueError(o["name"])


CASES = [
    {"name": "linear-sgd", "data": "linear", "model": {"kind": "linear"}, "optimizer": {"name": "sgd", "lr": 0.05}, "batch": 8, "epochs": 3},
    {"name": "logistic-adam", "data": "blobs", "model": {"kind": "logistic"}, "optimizer": {"name": "adam", "lr": 0.05}, "batch": 10, "epochs": 3},
    {"name": "mlp-relu-momentum", "data": "moons", "model": {"kind": "mlp", "hidden": [8, 8], "activation": "relu"}, "optimizer": {"name": "momentum", "lr": 0.1}, "batch": 16, "epochs": 4},
    {"name": "mlp-tanh-adam", "data": "moons", "model": {"kind": "mlp", "hidden": [6], "activation": "tanh"}, "optimizer": {"name": "adam", "lr": 0.02}, "batch": 16, "epochs": 4},
    {"name": "mlp-relu-bn-sgd", "data": "moons", "model": {"kind": "mlp", "hidden": [8, 8], "activation": "relu", "batchnorm": True}, "optimizer": {"name": "sgd", "lr": 0.1}, "batch": 16, "epochs": 4},
    {"name": "mlp-tanh-bn-ghost-adam", "data": "moons", "model": {"kind": "mlp", "hidden": [8], "activation": "tanh", "batchnorm": True}, "optimizer": {"name": "adam", "lr": 0.02}, "batch": 16, "ghost": 4, "epochs": 4},
    {"name": "mlp-relu-bn-ghost-rmsprop", "data": "blobs", "model": {"kind": "mlp", "hidden": [6, 5], "activation": "relu", "batchnorm": True}, "optimizer": {"name": "rmsprop", "lr": 0.01}, "batch": 20, "ghost": 5, "epochs": 3},
]


def run(case, out):
    classify = case["model"]["kind"] != "linear"
    target = "label" if classify else "y"
    Xtr, ytr = read_csv(os.path.join(out, case["data"] + "-train.csv"), target, classify)
    Xte, yte = read_csv(os.path.join(out, case["data"] + "-test.csv"), target, classify)
    k = int(ytr.max()) + 1 if classify else 1
    torch.manual_seed(sum(map(ord, case["name"])))
    model, _ = build(case, Xtr.shape[1], k)
    params = flat_params(model)
    init = torch.cat([p.detach().reshape(-1) for p in params])
    with open(os.path.join(out, case["name"] + "-init.txt"), "w") as f:
        f.write("".join(repr(float(v)) + "\n" for v in init))
    opt = make_opt(case, params)
    loss_fn = (lambda z, y: F.cross_entropy(z, y)) if classify else nn.MSELoss()
    losses = []
    model.train()
    for _ in range(case["epochs"]):
        for lo in range(0, Xtr.shape[0], case["batch"]):
            xb, yb = Xtr[lo:lo + case["batch"]], ytr[lo:lo + case["batch"]]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            losses.append(loss.item())
    model.eval()
    res = {"case": case, "batch_loss": losses,
           "params": [float(v) for v in torch.cat([p.detach().reshape(-1) for p in params])]}
    with torch.no_grad():
        for split, X, y in (("train", Xtr, ytr), ("test", Xte, yte)):
            z = model(X)
            res[split + "_loss"] = loss_fn(z, y).item()
            if classify:
                res[split + "_acc"] = (z.argmax(1) == y).double().mean().item()
    with open(os.path.join(out, case["name"] + ".json"), "w") as f:
        json.dump(res, f, indent=1)


def main():
    out = sys.argv[1]
    datasets(out)
    for c in CASES:
        run(c, out)


if __name__ == "__main__":
    main()
