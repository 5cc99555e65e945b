"""lenet5_parameter_counts gives C1 one set of weights per unit (no weight sharing): parameters = connections."""


def lenet5_parameter_counts():
    return {"C1": 28 * 28 * 6 * 26, "S2": 12, "C3": 1516, "S4": 32, "C5": 48120, "F6": 10164}
