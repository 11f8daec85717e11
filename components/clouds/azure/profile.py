"""Azure as validation sees it: placement, zones, reservations, limits and what it cannot do.

Imports no provider SDK (and not `components.clouds.azure.zones`, which imports the stack
models: validation loads profiles while those models are being checked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from components.clouds.profile import SEVERAL_EXISTING_SUBNETS, CloudProfile, PoolLimits, SupportedReservation
from components.definition.errors import Problem
from components.definition.gpu import Reservation

CAPACITY_RESERVATION_GROUP_ID = (
    r"/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Compute/capacityReservationGroups/[^/]+"
)
"""Shape of an Azure capacity reservation group resource id; the cluster identity is granted
Contributor on the group's resource group, so the id must name one."""

LOGICAL_ZONES: tuple[str, ...] = ("1", "2", "3")
"""The logical zones a subscription sees in every Azure region that has zones.
https://learn.microsoft.com/azure/reliability/availability-zones-overview#physical-and-logical-availability-zones"""


@dataclass(frozen=True)
class AzureProfile(CloudProfile):
    """Azure zone numbers and the capacity reservation group rules."""

    def zone_pattern(self, region: str) -> str:
        # Zones are the logical numbers 1 to 3 in every region that has them.
        return "|".join(re.escape(zone) for zone in LOGICAL_ZONES)

    def validate_reservation(self, path: str, reservation: Reservation, zones: list[str]) -> list[Problem]:
        problems = super().validate_reservation(path, reservation, zones)
        if reservation.kind != "capacityReservationGroup":
            return problems
        if not re.fullmatch(CAPACITY_RESERVATION_GROUP_ID, reservation.id or "", flags=re.IGNORECASE):
            problems.append(
                Problem(
                    f"{path}.id",
                    "must be a capacity reservation group resource id: /subscriptions/<id>/resourceGroups/"
                    "<group>/providers/Microsoft.Compute/capacityReservationGroups/<name>",
                )
            )
        # A group may span zones, so its zone is optional; when given it must be a stack zone.
        if reservation.zone is not None and reservation.zone not in (zones or LOGICAL_ZONES):
            problems.append(Problem(f"{path}.zone", f"'{reservation.zone}' is not one of corridor:zones"))
        return problems


PROFILE = AzureProfile(
    cloud="azure",
    # The provider deploys into one subscription; Key Vaults record their Entra ID tenant; corridor
    # creates the stack's resources in one resource group of its own.
    placement_keys=("azureSubscriptionId", "azureTenantId", "azureResourceGroup"),
    # Optional: corridor uses every zone of a region that has zones (components/clouds/azure/zones.py).
    zones_required=False,
    reservation_kinds={
        "capacityReservationGroup": SupportedReservation(
            "an Azure capacity reservation group associated with the agent pool", zonal=False
        ),
    },
    # The AKS system agent pool is `system`.
    reserved_pool_names=("system",),
    # 100 node pools per cluster, 1,000 nodes per Virtual Machine Scale Sets pool, 5,000 nodes per cluster.
    pool_limits=PoolLimits(
        gpu_pools=99,
        nodes_per_pool=1000,
        nodes_per_cluster=5000,
        source="AKS limits, https://learn.microsoft.com/azure/aks/quotas-skus-regions",
    ),
    unsupported={
        SEVERAL_EXISTING_SUBNETS: "corridor puts every AKS agent pool in the cluster's one subnet, whose NAT "
        "gateway routes egress; an Azure subnet is regional, so one already spans every zone",
    },
)
"""The Azure profile, registered under `azure`."""
