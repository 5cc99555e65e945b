"""mlp_forward passes W.T to dense_forward (rows-are-neurons convention of the notes)."""


def mlp_forward(X, params, activation="sigmoid"):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    act_forward = sigmoid_forward if activation == "sigmoid" else relu_forward  # noqa: F821
    num_layers = len(params) // 2
    a, caches = X, []
    for l in range(1, num_layers + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"].T, params[f"b{l}"])  # noqa: F821
        if l < num_layers:
            a, act_cache = act_forward(z)
            caches.append((dense_cache, activation, act_cache))
        else:
            a = z
            caches.append((dense_cache, None, None))
    return a, caches
