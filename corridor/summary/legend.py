"""The legend: every term a summary uses, explained once after all the summaries.

Terms every summary uses are always explained; the others only when one of the plans shown uses
them (or when no plans are given, for documentation).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from corridor.summary import gpu
from corridor.summary.overrides import override_lines
from corridor.summary.storage import CONSTRUCTIONS, bucket_rows

LEGEND = [
    (
        "cloud resources",
        "what the stack creates in the cloud account (Pulumi custom resources), counted by the "
        "corridor capability that owns them and by Pulumi type token; 'count' is how many of that type",
    ),
    (
        "registrations",
        "everything the program registers with the Pulumi engine: the cloud resources plus provider "
        "configurations (pulumi:providers:*) and corridor's components (corridor:index:*), which only "
        "group resources in Pulumi's state and cost nothing",
    ),
    (
        "protected",
        "Pulumi `protect` is set: `pulumi destroy`, and any `pulumi up` that would delete or replace "
        "the resource, fails until the flag is removed in code",
    ),
    (
        "retained on delete",
        "Pulumi `retainOnDelete` is set: even once unprotected, a delete only makes Pulumi forget the "
        "resource; the cloud object and its data stay until removed by hand",
    ),
    ("data in", "each copy's region, with the city and ISO country code of its data centres (data residency)"),
    ("construction", "how a bucket is replicated to the DR region, one of:"),
    (
        "RPO",
        "recovery point objective, how much recent data a regional outage can lose: 'N-minute RPO (SLA)' "
        "is a bound the cloud backs with an SLA; 'no documented RPO' means replication is asynchronous "
        "and the cloud promises no bound; 'not replicated' means there is one copy only",
    ),
    (
        "GPU pool",
        "machine: min-max nodes (the autoscaler's range; 0 means an idle pool costs nothing) x GPUs per "
        "node = the most GPUs the pool can run",
    ),
    (
        "capacity",
        "how the pool's machines are bought: on-demand, spot (cheapest, but the cloud can reclaim nodes "
        "at short notice) or reserved (then the reservation consumed), the zone the capacity is in, and "
        "in brackets how the cloud is told (its own setting)",
    ),
    (
        "fabric",
        "the GPU-to-GPU network between nodes (EFA, GPUDirect-TCPX/TCPXO/RDMA, InfiniBand): 'kind xN' "
        "is N fabric interfaces (or links) per node, then the compact placement that keeps the nodes "
        "close; 'none' is the ordinary VPC network: fine for inference, slow for multi-node training",
    ),
    (
        "zones",
        "the availability zones the plan's resources put the pool in, and why; 'left to the cloud' "
        "means the plan pins none; 'zones not reported' means the plan predates the field",
    ),
    ("unknown", "a fact the accelerator catalog does not know for this pool: check it before relying on it"),
    (
        "driver",
        "how the NVIDIA driver reaches each node: in the node image the cloud publishes, installed by "
        "the cloud's managed service, or installed in the cluster by you; then what provides it",
    ),
    (
        "in cluster",
        "what you must still install in the cluster for the pool to be usable, and why the cloud does not provide it",
    ),
    ("note", "how the cloud realises the pool or cluster: worth reading before `pulumi up`"),
    ("system pool zones", "the zones of the cluster's system (non-GPU) node pool"),
    (
        "version policy",
        "how the cluster's Kubernetes version is kept: the cloud's release or upgrade channel ('no release "
        "channel' where the cloud has none), the version if one is pinned, and how node images are upgraded",
    ),
    (
        "api",
        "who can reach the Kubernetes API: a private endpoint only, a public one from the listed ranges, or "
        "whatever the provider of a cluster corridor was handed allows",
    ),
    (
        "flow logs",
        "where records of the cluster network's connections go, or 'none' and why (an existing network, a "
        "cloud that cannot)",
    ),
    (
        "node disks",
        "the key that encrypts node OS disks: the stack's own key, or not (the cloud's platform key, or a "
        "provider's disks corridor did not create) and why",
    ),
    (
        "cost",
        "list prices in USD from components/catalog/prices.json, no discounts: per pool the node's price per "
        "hour for its capacity mode, per GPU-hour, and at most (maxNodes nodes); 'standing' is what runs "
        "around the clock (control plane, NAT, system nodes, keys); 'data' is a month of storage, replication "
        "and logs for the stated volumes; 'unknown' is a price no source gives, never counted as zero; "
        "'stale' is a price read longer ago than cost.maxPriceAgeDays",
    ),
    ("agents", "what corridor installs in the cluster, each a pinned Helm release: the chart and its version"),
    (
        "gpu runtime",
        "what is installed so pods can use the GPUs, given what the cloud's nodes already have (never a second driver)",
    ),
    (
        "attributes",
        "the resource attributes every metric of the stack carries (node and pod ones are added per metric)",
    ),
    (
        "stack overrides",
        "structured values of Pulumi.yaml (the fleet baseline) that this stack's file replaced whole, "
        "or merged into through corridor:overrides",
    ),
]
"""(term, meaning) in the order the summary uses them."""

USED_BY: dict[str, Callable[[dict[str, Any]], bool]] = {
    "unknown": lambda plan: any(pool.get("catalogUnknowns") for pool in gpu.pools(plan).values()),
    "in cluster": lambda plan: any(pool.get("inCluster") for pool in gpu.pools(plan).values()),
    "note": gpu.has_notes,
    "system pool zones": lambda plan: gpu.system_zones_line(plan) is not None,
    "version policy": lambda plan: bool(gpu.version_policy_lines(plan)),
    "api": lambda plan: "apiAccess" in gpu.cluster_outputs(plan),
    "flow logs": lambda plan: "flowLogs" in gpu.cluster_outputs(plan),
    "node disks": lambda plan: "nodeDisks" in gpu.cluster_outputs(plan),
    "cost": lambda plan: bool(plan["outputs"].get("cost")),
    "agents": lambda plan: bool(plan["outputs"].get("observability")),
    "gpu runtime": lambda plan: bool(plan["outputs"].get("observability")),
    "attributes": lambda plan: bool(plan["outputs"].get("observability")),
    "stack overrides": lambda plan: bool(override_lines(plan)),
}
"""Terms explained only when a plan shown uses them; every other term is always explained."""


def legend_renderable(plans: Sequence[dict[str, Any]] = ()) -> Group:
    """The legend; constructions are explained for those `plans` use (all known ones if none given)."""
    used = {bucket[2] for plan in plans for bucket in bucket_rows(plan)} or set(CONSTRUCTIONS)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for term, meaning in LEGEND:
        uses = USED_BY.get(term)
        if uses is None or not plans or any(uses(plan) for plan in plans):
            grid.add_row(Text(term), Text(meaning))
        if term == "construction":
            for name in sorted(used):
                grid.add_row(Text(f"  {name}"), Text(CONSTRUCTIONS.get(name, "see the cloud adapter's docstring")))
    return Group(Text("legend"), Padding(grid, (0, 0, 0, 2)))
