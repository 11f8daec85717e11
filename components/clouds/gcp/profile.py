"""GCP as validation sees it: placement, zones, reservations, limits and what it cannot do.

Imports no provider SDK.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.clouds.profile import (
    SEVERAL_EXISTING_SUBNETS,
    CloudProfile,
    PoolLimits,
    SupportedReservation,
    region_prefixed,
)


@dataclass(frozen=True)
class GcpProfile(CloudProfile):
    """GCP zone names; its other rules are the neutral ones, driven by the data below."""

    def zone_pattern(self, region: str) -> str:
        # `asia-southeast1-a`: the region, a hyphen and a letter.
        return region_prefixed(region, "-")


PROFILE = GcpProfile(
    cloud="gcp",
    # Every GCP resource is created in one project; nothing derives it from credentials.
    placement_keys=("gcpProject",),
    # GKE node locations are zonal and zone names are not derivable from the region; the
    # alternative, a zones invoke, would make the layout depend on a live API call during preview.
    zones_required=True,
    reservation_kinds={
        "reservation": SupportedReservation(
            "a Compute Engine reservation consumed with SPECIFIC_RESERVATION affinity", zonal=True
        ),
        "flexStart": SupportedReservation("Dynamic Workload Scheduler flex-start VMs (no reservation id)", zonal=False),
    },
    # No node-pool count limit is documented, but clusters with more than 200 node pools see
    # slower autoscaling; 1,000 nodes per node pool per zone (corridor's GPU pools are zonal) and
    # 5,000 nodes per cluster before a cluster-size quota must be lifted by support.
    pool_limits=PoolLimits(
        gpu_pools=199,
        nodes_per_pool=1000,
        nodes_per_cluster=5000,
        source="GKE quotas and limits, https://cloud.google.com/kubernetes-engine/quotas; node pool "
        "auto-creation limitations, https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-provisioning",
    ),
    unsupported={
        SEVERAL_EXISTING_SUBNETS: "a GKE cluster takes one subnetwork, whose secondary ranges `pods` and "
        "`services` hold pod and service addresses; a subnetwork is regional, so one already spans every zone",
    },
)
"""The GCP profile, registered under `gcp`."""
