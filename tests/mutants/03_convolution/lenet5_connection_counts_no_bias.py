"""lenet5_connection_counts does not count the bias as a connection of each unit."""


def lenet5_connection_counts():
    return {"C1": 28 * 28 * 6 * 25, "S2": 14 * 14 * 6 * 4, "C3": 100 * (6 * 75 + 9 * 100 + 150),
            "S4": 5 * 5 * 16 * 4, "C5": 120 * 400, "F6": 84 * 120}
