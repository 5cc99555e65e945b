"""train_mlp records the loss after the update, not the loss of the current parameters."""
import numpy as np


def train_mlp(X, y, hidden_sizes, lr, epochs, seed=0, activation="sigmoid"):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(y, dtype=np.float64)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    rng = np.random.default_rng(seed)
    sizes = [X.shape[1], *hidden_sizes, Y.shape[1]]
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.standard_normal((sizes[l - 1], sizes[l])) / np.sqrt(sizes[l - 1])
        params[f"b{l}"] = np.zeros(sizes[l])
    losses = []
    for _ in range(epochs):
        out, caches = mlp_forward(X, params, activation)  # noqa: F821
        loss, dout = mse_loss(out, Y)  # noqa: F821
        grads = mlp_backward(dout, caches)  # noqa: F821
        for key in params:
            params[key] = params[key] - lr * grads[key]
        losses.append(mse_loss(mlp_forward(X, params, activation)[0], Y)[0])  # noqa: F821
    return params, losses
