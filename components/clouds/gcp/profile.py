"""GCP as validation sees it: placement, zones, reservations, limits and what it cannot do.

Imports no provider SDK.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from components.capabilities import Capability
from components.catalog.accelerators import Offering
from components.clouds.features import PLATFORM_KEY_NODE_DISKS, SEVERAL_EXISTING_SUBNETS
from components.clouds.gcp.costs import STANDING_COSTS
from components.clouds.profile import (
    CloudProfile,
    GpuRuntime,
    PoolLimits,
    SupportedReservation,
    Telemetry,
    region_prefixed,
)
from components.definition.base import SpecModel, satisfies
from components.definition.budgets import topic_problems
from components.definition.errors import Problem
from components.definition.gpu import Reservation
from components.naming import NameRule

# https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
GCP_PROJECT_ID = satisfies(
    lambda v: re.fullmatch(r"[a-z][a-z0-9-]{4,28}[a-z0-9]", v) is not None,
    "must be a GCP project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter",
)

# "the billing account ID, for example 012345-567890-ABCDEF"
# https://cloud.google.com/billing/docs/how-to/find-billing-account-id
BILLING_ACCOUNT = satisfies(
    lambda v: re.fullmatch(r"[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}", v) is not None,
    "must be a Cloud Billing account id: three groups of six uppercase hex digits joined by '-', "
    "such as 012345-567890-ABCDEF",
)

PUBSUB_TOPIC = r"projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/[A-Za-z][A-Za-z0-9._~%+-]{2,254}"
"""A Pub/Sub topic name as Budget `allUpdatesRule.pubsubTopic` takes it; the topic id is 3 to 255
characters starting with a letter (https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names)."""


class GcpPlacement(SpecModel):
    """Where a GCP stack lives: every resource is created in one project, which nothing derives
    from credentials."""

    gcp_project: Annotated[str, GCP_PROJECT_ID]
    """`corridor:gcpProject`: the project id every resource is created in. Required on GCP."""

    gcp_billing_account: Annotated[str, BILLING_ACCOUNT] | None = None
    """`corridor:gcpBillingAccount`: the Cloud Billing account id (`XXXXXX-XXXXXX-XXXXXX`) that pays
    for `gcpProject`, which the stack's budgets belong to (a GCP budget is a child of a billing
    account, not of a project). Required on GCP with `corridor:budgets`; default none."""


@dataclass(frozen=True)
class GcpProfile(CloudProfile):
    """GCP zone names; its other rules are the neutral ones, driven by the data below."""

    def zone_pattern(self, region: str) -> str:
        # `asia-southeast1-a`: the region, a hyphen and a letter.
        return region_prefixed(region, "-")

    def validate(self, values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
        problems = super().validate(values, supplied) + topic_problems(
            values, PUBSUB_TOPIC, "a Pub/Sub topic, projects/<project>/topics/<topic>"
        )
        placement = values.get("placement")
        billing = placement.gcp_billing_account if isinstance(placement, GcpPlacement) else ""
        if values.get("budgets") is not None and billing is None:
            problems.append(
                Problem(
                    "corridor:gcpBillingAccount",
                    "is required on gcp with corridor:budgets: a GCP budget belongs to the billing account "
                    "that pays for corridor:gcpProject",
                )
            )
        return problems

    def compact_placement(self, offering: Offering, reservation: Reservation | None) -> bool:
        # A COMPACT placement policy only for onDemand and spot: with a reservation the
        # reservation decides placement, and a compact policy it was not created with fails.
        # https://cloud.google.com/kubernetes-engine/docs/how-to/compact-placement
        return reservation is None


PROFILE = GcpProfile(
    cloud="gcp",
    placement=GcpPlacement,
    provider_namespaces=("gcp",),
    capabilities=(Capability.KEYS, Capability.STORAGE, Capability.CLUSTER, Capability.GPU_POOLS, Capability.BUDGETS),
    name_rules={
        # https://cloud.google.com/kms/docs/resource-hierarchy#key_rings
        "key_ring": NameRule(63, r"[^a-z0-9_-]"),
        "crypto_key": NameRule(63, r"[^a-z0-9_-]"),
        # https://cloud.google.com/storage/docs/buckets#naming
        "bucket": NameRule(63, r"[^a-z0-9-]", globally_unique=True),
        # https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster
        "cluster": NameRule(40, r"[^a-z0-9-]"),
        "node_pool": NameRule(40, r"[^a-z0-9-]"),
        # 6-30 characters, unique per project: the suffix keeps two stacks in one project apart.
        # https://cloud.google.com/iam/docs/service-accounts-create#creating
        "service_account": NameRule(30, r"[^a-z0-9-]", globally_unique=True),
        # https://cloud.google.com/compute/docs/naming-resources#resource-name-format
        "network": NameRule(63, r"[^a-z0-9-]"),
        # Budget display names: at most 60 characters; one billing account holds the budgets of
        # every project it pays for, hence the suffix.
        # https://cloud.google.com/billing/docs/reference/budget/rest/v1/billingAccounts.budgets
        "budget": NameRule(60, r"[^a-zA-Z0-9_.-]", globally_unique=True, lowercase=False),
    },
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
    telemetry=Telemetry(provider="gcp", platform="gcp_kubernetes_engine"),
    gpu_runtime=GpuRuntime(
        "nothing",
        "GKE installs the NVIDIA driver (gpu_driver_installation_config) and runs its own device plugin, "
        "https://cloud.google.com/kubernetes-engine/docs/how-to/gpus",
    ),
    pool_limits=PoolLimits(
        gpu_pools=199,
        nodes_per_pool=1000,
        nodes_per_cluster=5000,
        source="GKE quotas and limits, https://cloud.google.com/kubernetes-engine/quotas; node pool "
        "auto-creation limitations, https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-provisioning",
    ),
    standing_costs=STANDING_COSTS,
    unsupported={
        PLATFORM_KEY_NODE_DISKS: "every GKE node pool corridor creates already has a CMEK boot disk on the stack key "
        "(node_config.boot_disk_kms_key), and removing it re-creates the node pool",
        SEVERAL_EXISTING_SUBNETS: "a GKE cluster takes one subnetwork, whose secondary ranges `pods` and "
        "`services` hold pod and service addresses; a subnetwork is regional, so one already spans every zone",
    },
)
"""The GCP profile, registered under `gcp`."""
