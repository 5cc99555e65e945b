"""lenet5_parameter_counts repeats the notes' error: S2 = 2*2*6 + 6 = 30 (a weight per input), S4 likewise."""


def lenet5_parameter_counts():
    return {"C1": 156, "S2": 2 * 2 * 6 + 6, "C3": 1516, "S4": 2 * 2 * 16 + 16, "C5": 48120, "F6": 10164}
