"""mlp_backward forgets the activation derivative: passes the gradient straight through g."""


def mlp_backward(dout, caches):
    grads = {}
    d = dout
    for l in range(len(caches), 0, -1):
        dense_cache, _name, _act_cache = caches[l - 1]
        d, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(d, dense_cache)  # noqa: F821
    return grads
