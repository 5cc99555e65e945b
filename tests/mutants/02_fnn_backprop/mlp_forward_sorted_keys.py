"""mlp_forward walks the layers in sorted key order: W10 comes before W2 once there are 10+ layers."""


def mlp_forward(X, params, activation="sigmoid"):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    act_forward = sigmoid_forward if activation == "sigmoid" else relu_forward  # noqa: F821
    names = sorted(key[1:] for key in params if key.startswith("W"))
    a, caches = X, []
    for i, name in enumerate(names):
        z, dense_cache = dense_forward(a, params["W" + name], params["b" + name])  # noqa: F821
        if i < len(names) - 1:
            a, act_cache = act_forward(z)
            caches.append((dense_cache, activation, act_cache))
        else:
            a = z
            caches.append((dense_cache, None, None))
    return a, caches
