"""mlp_forward silently uses relu for any activation name other than "sigmoid" (no ValueError)."""


def mlp_forward(X, params, activation="sigmoid"):
    act_forward = sigmoid_forward if activation == "sigmoid" else relu_forward  # noqa: F821
    name = "sigmoid" if activation == "sigmoid" else "relu"
    num_layers = len(params) // 2
    a, caches = X, []
    for l in range(1, num_layers + 1):
        z, dense_cache = dense_forward(a, params[f"W{l}"], params[f"b{l}"])  # noqa: F821
        if l < num_layers:
            a, act_cache = act_forward(z)
            caches.append((dense_cache, name, act_cache))
        else:
            a = z
            caches.append((dense_cache, None, None))
    return a, caches
