"""conv_output_length answers 'valid' for any unknown mode instead of raising ValueError."""


def conv_output_length(n, m, mode):
    longer, shorter = max(n, m), min(n, m)
    if mode == "full":
        return longer + shorter - 1
    if mode == "same":
        return longer
    return longer - shorter + 1
