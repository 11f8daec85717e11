"""What a region stack costs at list prices: per GPU pool, around the clock, and per month of data.

Pure functions of the validated spec, the cloud's declared standing costs (`CloudProfile.
standing_costs`, each cloud's `costs.py`), the replication constructions the storage builder chose,
and the price catalog (`components/catalog/prices.py`): no invoke, no Output, the same figures in
the stack outputs (`cost`), the plan summary and `python -m corridor cost`.

- **GPU pools**: the node's price per hour for the pool's capacity mode, per GPU-hour (divided by
  the GPUs per node), and the most the pool can cost in an hour (`maxNodes` nodes).
- **Standing (fixed) hourly cost**: control plane, NAT gateways, system nodes on demand, and keys
  (a key's monthly price over 730 hours) in both regions.
- **Monthly data cost**: `cost.assumptions.storedGb` on every copy (primary and replica), the
  `changedGbPerDay` that replication copies (30 days), and `logGbPerDay` of logs ingested.

A total is a number only when every part of it is: an unknown price makes the total `null` and
names what is unknown, so no figure is ever an unknown priced as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components.catalog import prices, regions
from components.catalog.prices import Price
from components.clouds.profile import StandingCosts
from components.clouds.registry import profile_for
from components.definition import PoolPlan, StackSpec

HOURS_PER_MONTH = 730
"""Hours in a billing month as the clouds price monthly items (8,760 / 12)."""
DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class Line:
    """One priced line: what, how many, at what price, and its cost per hour or month."""

    item: str
    """What is billed, for a reader: `control plane`, `NAT gateway (3)`, `system nodes`."""
    quantity: float
    """How many units (nodes, gateways, keys, GB) the line bills."""
    price: Price
    """The unit price, or why it is unknown."""
    per: float = 1.0
    """Divides the unit price to the line's period: 730 turns a key's monthly price hourly."""

    @property
    def cost(self) -> float | None:
        return None if self.price.amount is None else self.price.amount * self.quantity / self.per

    def outputs(self) -> dict[str, object]:
        return {"item": self.item, "quantity": self.quantity, "cost": _money(self.cost), **self.price.outputs()}


def _money(value: float | None) -> float | None:
    """Rounded to a hundredth of a cent: enough for per-hour figures, stable in plans."""
    return None if value is None else round(value, 4)


def _total(lines: Sequence[Line]) -> float | None:
    costs = [line.cost for line in lines]
    return None if any(cost is None for cost in costs) else sum(c for c in costs if c is not None)


def _unknown(lines: Sequence[Line]) -> list[str]:
    """What is unknown, each once (two buckets share their region's storage price)."""
    return list(dict.fromkeys(f"{line.item}: {line.price.reason}" for line in lines if line.price.amount is None))


def pool_cost(spec: StackSpec, plan: PoolPlan) -> dict[str, object]:
    """One GPU pool's prices: per node-hour, per GPU-hour, and at `maxNodes`."""
    node = prices.machine_price(spec.cloud, spec.region, plan.offering.machine_type, plan.pool.capacity)
    gpus = plan.offering.gpus
    return {
        "machineType": plan.offering.machine_type,
        "capacity": plan.pool.capacity,
        "gpusPerNode": gpus,
        "maxNodes": plan.pool.max_nodes,
        "perNodeHour": _money(node.amount),
        "perGpuHour": _money(None if node.amount is None else node.amount / gpus),
        "maxHourly": _money(None if node.amount is None else node.amount * plan.pool.max_nodes),
        "price": node.outputs(),
    }


def _pool_maximum(spec: StackSpec, plan: PoolPlan) -> float | None:
    node = prices.machine_price(spec.cloud, spec.region, plan.offering.machine_type, plan.pool.capacity)
    return None if node.amount is None else node.amount * plan.pool.max_nodes


def gpu_hour_prices(spec: StackSpec) -> dict[str, float]:
    """Price per GPU-hour by pool name, for the pools whose price the catalog knows: what the
    collector attaches to each GPU's metrics (`components/kubernetes/collector.py`)."""
    known = {}
    for plan in spec.pool_plans:
        node = prices.machine_price(spec.cloud, spec.region, plan.offering.machine_type, plan.pool.capacity)
        if node.amount is not None:
            known[plan.pool.name] = round(node.amount / plan.offering.gpus, 4)
    return known


def _zones(spec: StackSpec) -> int:
    return len(spec.zones) if spec.zones else max(1, len(regions.known_zones(spec.cloud, spec.region)))


def standing_lines(spec: StackSpec, standing: StandingCosts) -> list[Line]:
    """The hourly lines of what the stack runs around the clock (see `StandingCosts`)."""
    cloud, region = spec.cloud, spec.region
    lines: list[Line] = []
    if standing.control_plane:
        lines.append(Line("control plane", 1, prices.service_price(cloud, region, "control-plane")))
    gateways = {"per-zone": _zones(spec), "one": 1, "none": 0}[standing.nat_gateways]
    if gateways:
        lines.append(Line("NAT gateways", gateways, prices.service_price(cloud, region, "nat-gateway")))
    if standing.system_machine is not None and standing.system_nodes:
        system = prices.machine_price(cloud, region, standing.system_machine, "onDemand")
        lines.append(Line(f"system nodes ({standing.system_machine})", standing.system_nodes, system))
    for where in (region, spec.dr_region):
        if standing.keys_per_region:
            key = prices.service_price(cloud, where, "key")
            lines.append(Line(f"keys in {where}", standing.keys_per_region, key, per=HOURS_PER_MONTH))
        if standing.vaults_per_region:
            vault = prices.service_price(cloud, where, "vault")
            lines.append(Line(f"key vaults in {where}", standing.vaults_per_region, vault))
    return lines


def data_lines(spec: StackSpec, standing: StandingCosts, constructions: Sequence[str]) -> list[Line]:
    """The monthly lines of the stack's data for `cost.assumptions`: storage of every copy,
    replication of each bucket's share of the daily change by its construction (`constructions`,
    one per bucket as the storage builder chose it), and log ingestion."""
    cloud, assumed = spec.cloud, spec.cost.assumptions
    lines: list[Line] = []
    share = 1 / len(constructions) if constructions else 0.0
    for construction in constructions:
        stored = assumed.stored_gb * share
        if construction in standing.single_bucket_constructions:
            # One bucket holds both copies, billed once at the dual-region rate.
            dual = prices.service_price(cloud, spec.region, "object-storage-dual-region")
            lines.append(Line("storage (dual-region)", stored, dual))
        else:
            lines.append(
                Line(f"storage in {spec.region}", stored, prices.service_price(cloud, spec.region, "object-storage"))
            )
            if construction != "none":
                replica = prices.service_price(cloud, spec.dr_region, "object-storage")
                lines.append(Line(f"storage in {spec.dr_region}", stored, replica))
        if construction != "none":
            transfer = prices.service_price(cloud, spec.region, f"{prices.REPLICATION_PREFIX}{construction}")
            changed = assumed.changed_gb_per_day * share * DAYS_PER_MONTH
            lines.append(Line(f"replication ({construction})", changed, transfer))
    logs = prices.service_price(cloud, spec.region, "log-ingestion")
    lines.append(Line("log ingestion", assumed.log_gb_per_day * DAYS_PER_MONTH, logs))
    return lines


def stack_cost(spec: StackSpec, pool_plans: Sequence[PoolPlan], constructions: Sequence[str]) -> dict[str, object]:
    """The `cost` output: every figure, with the prices it came from and what is unknown."""
    standing = profile_for(spec.cloud).standing_costs
    pools = {plan.pool.name: pool_cost(spec, plan) for plan in pool_plans}
    hourly = standing_lines(spec, standing) if standing is not None else []
    monthly = data_lines(spec, standing, constructions) if standing is not None else []
    fixed = _total(hourly) if standing is not None else None
    pool_max = [_pool_maximum(spec, plan) for plan in pool_plans]
    known_max = [m for m in pool_max if m is not None]
    most = None if fixed is None or len(known_max) < len(pool_max) else fixed + sum(known_max)
    assumed = spec.cost.assumptions
    return {
        "currency": prices.currency(),
        "catalogChecked": prices.checked().isoformat(),
        "maxPriceAgeDays": spec.cost.max_price_age_days,
        "gpuPools": pools,
        "fixedHourly": _money(fixed),
        "fixedItems": [line.outputs() for line in hourly],
        "maxHourly": _money(most),
        "monthlyData": _money(_total(monthly)) if monthly else None,
        "monthlyItems": [line.outputs() for line in monthly],
        "assumptions": {
            "storedGb": assumed.stored_gb,
            "changedGbPerDay": assumed.changed_gb_per_day,
            "logGbPerDay": assumed.log_gb_per_day,
        },
        "unknown": [*_unknown(hourly), *_unknown(monthly)]
        + (
            []
            if standing is not None
            else [f"{spec.cloud}: the provider's contract prices the cluster, not a list price"]
        ),
        "notes": [standing.note] if standing is not None and standing.note else [],
    }
