"""mlp_backward always uses sigmoid_backward, whatever activation the forward pass used."""


def mlp_backward(dout, caches):
    grads = {}
    d = dout
    for l in range(len(caches), 0, -1):
        dense_cache, name, act_cache = caches[l - 1]
        if name is not None:
            d = sigmoid_backward(d, act_cache)  # noqa: F821
        d, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(d, dense_cache)  # noqa: F821
    return grads
