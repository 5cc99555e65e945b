"""mlp_backward handles "sigmoid" and "relu" only: behind a tanh layer the gradient skips tanh'."""


def mlp_backward(dout, caches):
    grads = {}
    d = dout
    for l in range(len(caches), 0, -1):
        dense_cache, activation, act_cache = caches[l - 1]
        if activation == "sigmoid":
            d = sigmoid_backward(d, act_cache)  # noqa: F821
        elif activation == "relu":
            d = relu_backward(d, act_cache)  # noqa: F821
        d, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(d, dense_cache)  # noqa: F821
    return grads
