"""conv_output_length uses n - m + 1 and n even when the kernel is longer than the signal (numpy swaps)."""


def conv_output_length(n, m, mode):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    return {"full": n + m - 1, "same": n, "valid": n - m + 1}[mode]
