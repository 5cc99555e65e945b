"""lenet5_connection_counts multiplies by the input map size (32*32, 14*14, ...) instead of the output map size."""


def lenet5_connection_counts():
    return {"C1": 32 * 32 * 6 * 26, "S2": 28 * 28 * 6 * 5, "C3": 14 * 14 * 1516, "S4": 10 * 10 * 16 * 5,
            "C5": 5 * 5 * 48120, "F6": 10164}
