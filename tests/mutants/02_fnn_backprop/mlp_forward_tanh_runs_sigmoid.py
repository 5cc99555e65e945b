"""mlp_forward accepts "tanh" but runs the sigmoid for it (a copy-pasted branch)."""


def mlp_forward(X, params, activation="sigmoid"):
    if activation in ("sigmoid", "tanh"):
        act_forward = sigmoid_forward  # noqa: F821
    elif activation == "relu":
        act_forward = relu_forward  # noqa: F821
    else:
        raise ValueError(f"unknown activation {activation!r}")
    num_layers = len(params) // 2
    a, caches = X, []
    for l in range(1, num_layers + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])  # noqa: F821
        if l < num_layers:
            a, act_cache = act_forward(z)
            caches.append((dense_cache, "sigmoid" if activation == "tanh" else activation, act_cache))
        else:
            a = z
            caches.append((dense_cache, None, None))
    return a, caches
