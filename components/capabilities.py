"""What each cloud can and cannot do, as data the validator reads before any resource exists.

An adapter that cannot realise a neutral feature declares it here with the reason, so asking for
it fails at validation with that reason instead of failing (or silently degrading) at deploy
time. Imports no provider SDK.
"""

from __future__ import annotations

from collections.abc import Mapping

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
