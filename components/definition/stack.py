"""The whole stack definition: where the region is, who owns it, and what it contains.

Each field is one `corridor:<key>` config key (its camelCase alias is the key name), so a
validation problem's path is simply `corridor:<alias>.<nested path>`. Per-cloud placement that
cannot be neutral (a GCP project, an Azure subscription) has its own clearly named key; there is
no free-form bag of provider arguments.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

from components.clouds.registry import CLOUDS
from components.definition.base import SpecModel, satisfies
from components.definition.gpu import GpuPool, Network, Reservation, Reservations
from components.definition.identity import Tags
from components.definition.keys import Keys
from components.definition.storage import Residency, Storage

SUPPORTED_CLOUDS: tuple[str, ...] = CLOUDS
"""Cloud ids with a profile and an adapter, in the order they are documented: the cloud
registry's list (`components.clouds.registry`), which imports no provider SDK."""

# https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
GCP_PROJECT_ID = satisfies(
    lambda v: re.fullmatch(r"[a-z][a-z0-9-]{4,28}[a-z0-9]", v) is not None,
    "must be a GCP project id: 6 to 30 lowercase letters, digits or hyphens, starting with a letter",
)
UUID = satisfies(
    lambda v: re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", v) is not None,
    "must be a UUID such as 00000000-0000-0000-0000-000000000000",
)
# https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources
AZURE_RESOURCE_GROUP = satisfies(
    lambda v: re.fullmatch(r"[\w().-]{0,89}[\w()-]", v) is not None,
    "must be an Azure resource group name: 1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
)


class StackSpec(SpecModel):
    """Everything one region stack needs, validated before any resource is registered."""

    cloud: str
    """Cloud the region runs on: `aws`, `gcp` or `azure`. Required, set per stack."""

    region: str
    """The cloud's own region id (`ap-southeast-1`, `asia-southeast1`, `uaenorth`) where the
    cluster, primary keys and primary buckets live. Required, set per stack."""

    dr_region: str
    """A different region of the same cloud that holds key replicas and replicated data, and
    where the region is re-provisioned after a disaster. Required, set per stack."""

    tags: Tags
    """Cost-attribution tags; see `Tags`. Required, usually set once in `Pulumi.yaml`."""

    keys: Keys = Field(default_factory=Keys)
    """Customer-managed key settings; see `Keys`. Default: rotation every 90 days, 30-day
    deletion window."""

    storage: Storage = Field(default_factory=Storage)
    """Replicated object storage; see `Storage`. Default: no buckets."""

    residency: Residency | None = None
    """Countries (ISO 3166-1 alpha-2) where the stack's data may live. When set, `region` and
    `drRegion` must both lie in one of them. Default: unrestricted."""

    zones: list[str] | None = None
    """Zones of `region` for the cluster's nodes: AWS zone names (`ap-southeast-1a`), GCP zones
    (`asia-southeast1-a`), Azure zone numbers (`1`). Required on AWS and GCP (at least two, for a
    control plane and system nodes that survive a zone outage); on Azure, default: every zone of
    a region that has zones (`1`, `2`, `3`), none where it has none. The system pool spreads over
    them; GPU pools use the first zone unless their reservation names another, because fabrics
    and compact placement do not span zones."""

    network: Network = Field(default_factory=Network)
    """The cluster's network; see `Network`. Default: corridor creates `10.40.0.0/16`."""

    gpu_pools: list[GpuPool] = Field(default_factory=list)
    """GPU node pools; see `GpuPool`. Default: none."""

    reservations: Reservations = Field(default_factory=dict)
    """Reserved capacity by pool name, for pools with `capacity: reserved`; see `Reservation`.
    Set per stack: reservations are cloud- and region-specific. Default: none."""

    strict_catalog: bool = False
    """Treat what the accelerator catalog does not know about a pool (whether the cloud sells
    its machine in the pool's purchase mode, its fabric's link count) as an error instead of a
    warning in the plan summary. Default false: unknown facts are shown, never guessed."""

    gcp_project: Annotated[str, GCP_PROJECT_ID] | None = None
    """GCP only: the project id every resource is created in. Required when `cloud` is `gcp`."""

    azure_subscription_id: Annotated[str, UUID] | None = None
    """Azure only: the subscription id the provider deploys into. Required when `cloud` is
    `azure`."""

    azure_tenant_id: Annotated[str, UUID] | None = None
    """Azure only: the Entra ID tenant that owns the Key Vaults (a vault records its tenant).
    Required when `cloud` is `azure`."""

    azure_resource_group: Annotated[str, AZURE_RESOURCE_GROUP] | None = None
    """Azure only: name of the resource group corridor creates in `region` for the stack's
    resources (DR-region resources live in it too; a group's location is only metadata).
    Required when `cloud` is `azure`."""

    def reservation_for(self, pool: GpuPool) -> Reservation | None:
        """The reservation a `reserved` pool consumes; None for on-demand and spot pools."""
        return self.reservations.get(pool.name) if pool.capacity == "reserved" else None

    def gpu_zone(self, pool: GpuPool) -> str | None:
        """The one zone a GPU pool runs in: its reservation's zone, else the first of `zones`;
        None only where zones are optional (Azure), leaving placement to the cloud.

        One zone because GPU fabrics do not span zones and cross-zone traffic is billed.
        """
        reservation = self.reservation_for(pool)
        if reservation is not None and reservation.zone:
            return reservation.zone
        return self.zones[0] if self.zones else None
