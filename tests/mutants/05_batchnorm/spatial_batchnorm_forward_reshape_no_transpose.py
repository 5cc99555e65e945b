"""spatial_batchnorm_forward reuses the 1-D layer through x.reshape(-1, C) without moving the channel axis last."""
import numpy as np


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    N, C, H, W = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(C))
    running_var = bn_param.get("running_var", np.ones(C))
    x = x.reshape(-1, C)
    if mode == "train":
        m = N * H * W
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = (x - mu) * inv_std
        bn_param["running_mean"] = (1 - momentum) * running_mean + momentum * mu
        bn_param["running_var"] = (1 - momentum) * running_var + momentum * var * m / (m - 1)
    elif mode == "eval":
        inv_std = 1.0 / np.sqrt(running_var + eps)
        x_hat = (x - running_mean) * inv_std
    else:
        raise ValueError(f"unknown mode {mode!r}")
    x_hat = x_hat.reshape(N, C, H, W)
    out = gamma.reshape(1, C, 1, 1) * x_hat + beta.reshape(1, C, 1, 1)
    cache = (x_hat, gamma, inv_std)
    return out, cache
