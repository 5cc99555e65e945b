"""conv_output_length gives n + m for 'full' instead of n + m - 1."""


def conv_output_length(n, m, mode):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    longer, shorter = max(n, m), min(n, m)
    return {"full": n + m, "same": longer, "valid": longer - shorter + 1}[mode]
