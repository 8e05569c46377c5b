"""Splitting a whole into whole parts by shares (largest remainder). Pure Python, `Decimal` only."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def largest_remainder(total: Decimal | int, weights: list[Decimal]) -> list[int]:
    """Split `total` (rounded half up to a whole number) into whole parts proportional to
    `weights`, so that the parts sum exactly to the total.

    Each part first gets the whole part of its exact quota; the units left over go one each to
    the largest fractional remainders (ties: the earlier position). With no weight at all (every
    weight 0) the total is split equally.
    """
    whole = int(Decimal(total).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if not weights:
        return []
    if any(weight < 0 for weight in weights):
        raise ValueError("weights cannot be negative")
    weight_sum = sum(weights, ZERO)
    if weight_sum == 0:
        weights = [Decimal(1)] * len(weights)
        weight_sum = Decimal(len(weights))
    quotas = [Decimal(whole) * weight / weight_sum for weight in weights]
    parts = [int(quota.to_integral_value(rounding=ROUND_FLOOR)) for quota in quotas]
    left = whole - sum(parts)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for index in order[:left]:
        parts[index] += 1
    return parts
