"""mlp_backward names the gradients W0, b0, ... (0-based) instead of W1, b1, ..."""


def mlp_backward(dout, caches):
    grads = {}
    d = dout
    for i in range(len(caches) - 1, -1, -1):
        dense_cache, name, act_cache = caches[i]
        if name == "sigmoid":
            d = sigmoid_backward(d, act_cache)  # noqa: F821
        elif name == "relu":
            d = relu_backward(d, act_cache)  # noqa: F821
        d, grads[f"W{i}"], grads[f"b{i}"] = dense_backward(d, dense_cache)  # noqa: F821
    return grads
