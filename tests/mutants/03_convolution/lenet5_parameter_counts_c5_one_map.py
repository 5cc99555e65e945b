"""lenet5_parameter_counts lets each C5 kernel see one S4 map only (5*5 + 1 per map)."""


def lenet5_parameter_counts():
    return {"C1": 156, "S2": 12, "C3": 1516, "S4": 32, "C5": 120 * (5 * 5 + 1), "F6": 10164}
