"""conv_output_length treats 'same' like 'valid' (thinks 'same' means no padding)."""


def conv_output_length(n, m, mode):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    longer, shorter = max(n, m), min(n, m)
    return {"full": longer + shorter - 1, "same": longer - shorter + 1, "valid": longer - shorter + 1}[mode]
