"""What a plan's region costs, as a reviewer reads it: from the plan's `cost` output alone.

Per GPU pool the price per node-hour and per GPU-hour for its capacity mode and the most it can
cost in an hour; the standing hourly cost and the monthly data cost for the stated assumptions;
what is unknown, said as unknown (never a zero); and any price older than the stack's
`cost.maxPriceAgeDays` on the day the summary is read, flagged stale. Staleness is judged when
the plan is read, not when it is rendered, so a committed plan does not change with the calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any


def money(value: object, currency: str = "USD") -> str:
    """`$12.2900` style text for a per-hour figure; `unknown` for None."""
    if value is None:
        return "unknown"
    symbol = "$" if currency == "USD" else f"{currency} "
    amount = float(value)  # type: ignore[arg-type]
    return f"{symbol}{amount:,.2f}" if amount >= 100 else f"{symbol}{amount:,.4f}"


def _prices(cost: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(what, price) of every price the cost output used."""
    for name, pool in cost.get("gpuPools", {}).items():
        yield f"GPU pool {name}", pool.get("price", {})
    for line in (*cost.get("fixedItems", []), *cost.get("monthlyItems", [])):
        yield str(line.get("item")), line


def stale_prices(cost: Mapping[str, Any], today: datetime.date) -> list[str]:
    """`<what>: read <date>, <n> days ago` for each known price older than `maxPriceAgeDays`."""
    limit = int(cost.get("maxPriceAgeDays", 180))
    stale = []
    for what, price in _prices(cost):
        date = price.get("date")
        if date is None:
            continue
        age = (today - datetime.date.fromisoformat(str(date))).days
        if age > limit:
            stale.append(f"{what}: read {date}, {age} days ago (more than {limit})")
    return stale


def cost_lines(plan: Mapping[str, Any], today: datetime.date | None = None) -> list[str]:
    """The plan's cost section; empty for a plan without a `cost` output (an older plan)."""
    cost = plan.get("outputs", {}).get("cost")
    if not cost:
        return []
    currency = str(cost.get("currency", "USD"))
    lines = []
    for name, pool in cost.get("gpuPools", {}).items():
        price = pool.get("price", {})
        if pool.get("perNodeHour") is None:
            lines.append(
                f"pool {name}: {pool['machineType']} {pool['capacity']}: price unknown ({price.get('unknown')})"
            )
            continue
        lines.append(
            f"pool {name}: {pool['machineType']} {pool['capacity']}: {money(pool['perNodeHour'], currency)}/node-h, "
            f"{money(pool['perGpuHour'], currency)}/GPU-h, at most {money(pool['maxHourly'], currency)}/h "
            f"({pool['maxNodes']} nodes; price of {price.get('date')})"
        )
    lines.append(f"standing: {money(cost.get('fixedHourly'), currency)}/h (control plane, NAT, system nodes, keys)")
    lines.append(f"at most: {money(cost.get('maxHourly'), currency)}/h with every GPU pool at maxNodes")
    assumed = cost.get("assumptions", {})
    lines.append(
        f"data: {money(cost.get('monthlyData'), currency)}/month for {assumed.get('storedGb')} GB stored, "
        f"{assumed.get('changedGbPerDay')} GB changed and {assumed.get('logGbPerDay')} GB of logs a day"
    )
    lines += [f"unknown: {what}" for what in cost.get("unknown", [])]
    lines += [f"not counted: {note}" for note in cost.get("notes", [])]
    lines += [f"stale: {what}" for what in stale_prices(cost, today or datetime.date.today())]
    return lines
