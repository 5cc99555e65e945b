"""mlp_forward stops one layer early (range(1, L)): returns the last hidden activation."""


def mlp_forward(X, params, activation="sigmoid"):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    act_forward = sigmoid_forward if activation == "sigmoid" else relu_forward  # noqa: F821
    num_layers = len(params) // 2
    a, caches = X, []
    for l in range(1, num_layers):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])  # noqa: F821
        a, act_cache = act_forward(z)
        caches.append((dense_cache, activation, act_cache))
    return a, caches
