"""batchnorm_forward ignores bn_param['momentum'] and always uses 0.1."""
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = 0.1
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D))
    running_var = bn_param.get("running_var", np.ones(D))
    if mode == "train":
        N = x.shape[0]
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = (x - mu) * inv_std
        bn_param["running_mean"] = (1 - momentum) * running_mean + momentum * mu
        bn_param["running_var"] = (1 - momentum) * running_var + momentum * var * N / (N - 1)
    elif mode == "eval":
        inv_std = 1.0 / np.sqrt(running_var + eps)
        x_hat = (x - running_mean) * inv_std
    else:
        raise ValueError(f"unknown mode {mode!r}")
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    return out, cache
