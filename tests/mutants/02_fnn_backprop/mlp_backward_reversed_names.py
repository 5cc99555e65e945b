"""mlp_backward labels layers in the order it visits them: the last layer's gradient is stored as W1."""


def mlp_backward(dout, caches):
    grads = {}
    d = dout
    for step, (dense_cache, name, act_cache) in enumerate(reversed(caches), start=1):
        if name == "sigmoid":
            d = sigmoid_backward(d, act_cache)  # noqa: F821
        elif name == "relu":
            d = relu_backward(d, act_cache)  # noqa: F821
        d, grads[f"W{step}"], grads[f"b{step}"] = dense_backward(d, dense_cache)  # noqa: F821
    return grads
