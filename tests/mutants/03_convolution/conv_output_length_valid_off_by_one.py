"""conv_output_length gives n - m for 'valid' (forgets the + 1: a kernel of length n fits once)."""


def conv_output_length(n, m, mode):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    longer, shorter = max(n, m), min(n, m)
    return {"full": longer + shorter - 1, "same": longer, "valid": longer - shorter}[mode]
