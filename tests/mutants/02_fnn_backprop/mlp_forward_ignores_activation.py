"""mlp_forward ignores its activation argument and always uses sigmoid."""


def mlp_forward(X, params, activation="sigmoid"):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    num_layers = len(params) // 2
    a, caches = X, []
    for l in range(1, num_layers + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])  # noqa: F821
        if l < num_layers:
            a, act_cache = sigmoid_forward(z)  # noqa: F821
            caches.append((dense_cache, "sigmoid", act_cache))
        else:
            a = z
            caches.append((dense_cache, None, None))
    return a, caches
