"""What each cloud can and cannot do, as data the validator reads before any resource exists.

An adapter that cannot realise a neutral feature declares it here with the reason, so asking for
it fails at validation with that reason instead of failing (or silently degrading) at deploy
time. Imports no provider SDK.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

RESERVATION_KINDS: Mapping[str, Mapping[str, str]] = {
    "aws": {
        "capacityReservation": "an EC2 On-Demand Capacity Reservation (cr-...), targeted by the launch template",
        "capacityBlock": "an EC2 Capacity Block for ML (cr-...), market type capacity-block",
    },
    "gcp": {
        "reservation": "a Compute Engine reservation consumed with SPECIFIC_RESERVATION affinity",
        "flexStart": "Dynamic Workload Scheduler flex-start VMs (no reservation id)",
    },
    "azure": {
        "capacityReservationGroup": "an Azure capacity reservation group associated with the agent pool",
    },
}
"""Reservation kinds each cloud supports, with what corridor wires for them."""

ZONES_REQUIRED: frozenset[str] = frozenset({"aws", "gcp"})
"""Clouds where corridor:zones is required: EKS subnets and GKE node locations are zonal and
zone names are not derivable from the region (us-west-1 has no `a` zone for new accounts), and
the alternative, an availability-zones invoke, would make the subnet layout depend on a live API
call during preview."""

RESERVED_POOL_NAMES: Mapping[str, tuple[str, ...]] = {"azure": ("system",)}
"""GPU pool names a cloud's adapter already uses (the AKS system agent pool is `system`)."""

AZURE_CRG_ID = r"/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Compute/capacityReservationGroups/[^/]+"
"""Shape of an Azure capacity reservation group resource id; the cluster identity is granted
Contributor on the group's resource group, so the id must name one."""


@dataclass(frozen=True)
class PoolLimits:
    """How many GPU pools and nodes one cluster of a cloud takes, by its documented quotas."""

    gpu_pools: int
    """GPU pools per cluster: the cloud's node-pool limit less corridor's system pool."""
    nodes_per_pool: int
    """Nodes one GPU pool may scale to (`maxNodes`)."""
    nodes_per_cluster: int | None
    """Nodes one cluster may hold: the GPU pools' `maxNodes` together must stay within it (the
    system pool needs a few more); None where no limit is documented."""
    source: str
    """Where the numbers come from."""


POOL_LIMITS: Mapping[str, PoolLimits] = {
    # Default quotas "Managed node groups per cluster" (30) and "Nodes per managed node group"
    # (450); both adjustable through Service Quotas, so raise them there first, then here.
    "aws": PoolLimits(
        gpu_pools=29,
        nodes_per_pool=450,
        nodes_per_cluster=None,
        source="EKS service quotas, https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html",
    ),
    # No node-pool count limit is documented, but clusters with more than 200 node pools see
    # slower autoscaling; 1,000 nodes per node pool per zone (corridor's GPU pools are zonal) and
    # 5,000 nodes per cluster before a cluster-size quota must be lifted by support.
    "gcp": PoolLimits(
        gpu_pools=199,
        nodes_per_pool=1000,
        nodes_per_cluster=5000,
        source="GKE quotas and limits, https://cloud.google.com/kubernetes-engine/quotas; node pool "
        "auto-creation limitations, https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-provisioning",
    ),
    # 100 node pools per cluster, 1,000 nodes per Virtual Machine Scale Sets pool, 5,000 nodes per cluster.
    "azure": PoolLimits(
        gpu_pools=99,
        nodes_per_pool=1000,
        nodes_per_cluster=5000,
        source="AKS limits, https://learn.microsoft.com/azure/aks/quotas-skus-regions",
    ),
}
"""Per-cloud bounds on GPU pools, checked at validation so a plan never asks for a cluster the
cloud refuses (and a 500-pool typo never becomes a 10 MB plan)."""
