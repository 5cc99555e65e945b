"""mlp_backward treats the output layer like a hidden layer and multiplies by sigmoid'(z) there too."""
import numpy as np


def mlp_backward(dout, caches):
    grads = {}
    d = dout
    for l in range(len(caches), 0, -1):
        dense_cache, name, act_cache = caches[l - 1]
        if name is None:  # output layer: recompute z and (wrongly) apply sigmoid'
            x, W, b = dense_cache
            s = 1.0 / (1.0 + np.exp(-(x @ W + b)))
            d = d * s * (1.0 - s)
        elif name == "sigmoid":
            d = sigmoid_backward(d, act_cache)  # noqa: F821
        else:
            d = relu_backward(d, act_cache)  # noqa: F821
        d, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(d, dense_cache)  # noqa: F821
    return grads
