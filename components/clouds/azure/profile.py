"""Azure as validation sees it: placement, zones, reservations, limits and what it cannot do.

Imports no provider SDK (and not `components.clouds.azure.zones`, which imports the stack
models: validation loads profiles while those models are being checked).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from components.capabilities import Capability
from components.catalog import accelerators, regions
from components.catalog.accelerators import Offering
from components.clouds.azure.costs import STANDING_COSTS
from components.clouds.features import FLOW_LOGS, IMAGE_ADMISSION, SEVERAL_EXISTING_SUBNETS
from components.clouds.profile import CloudProfile, GpuRuntime, PoolLimits, SupportedReservation, Telemetry
from components.definition.base import SpecModel, satisfies
from components.definition.budgets import topic_problems
from components.definition.errors import Problem
from components.definition.gpu import Reservation
from components.naming import NameRule

UUID = satisfies(
    lambda v: re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", v) is not None,
    "must be a UUID such as 00000000-0000-0000-0000-000000000000",
)
# https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources
RESOURCE_GROUP = satisfies(
    lambda v: re.fullmatch(r"[\w().-]{0,89}[\w()-]", v) is not None,
    "must be an Azure resource group name: 1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
)


class AzurePlacement(SpecModel):
    """Where an Azure stack lives: a subscription, the tenant its Key Vaults record, and the
    resource group corridor creates for the stack's resources."""

    azure_subscription_id: Annotated[str, UUID]
    """`corridor:azureSubscriptionId`: the subscription the provider deploys into. Required on Azure."""

    azure_tenant_id: Annotated[str, UUID]
    """`corridor:azureTenantId`: the Entra ID tenant that owns the Key Vaults (a vault records
    its tenant). Required on Azure."""

    azure_resource_group: Annotated[str, RESOURCE_GROUP]
    """`corridor:azureResourceGroup`: name of the resource group corridor creates in `region`
    for the stack's resources (DR-region resources live in it too; a group's location is only
    metadata). Required on Azure."""


CAPACITY_RESERVATION_GROUP_ID = (
    r"/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Compute/capacityReservationGroups/[^/]+"
)
"""Shape of an Azure capacity reservation group resource id; the cluster identity is granted
Contributor on the group's resource group, so the id must name one."""

ACTION_GROUP_ID = (
    r"/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/(?i:microsoft\.insights)/(?i:actionGroups)/[^/]+"
)
"""Shape of an action group resource id, as a budget notification's `contactGroups` takes it
("Must be provided as a fully qualified Azure resource id", azure-native consumption Notification)."""

LOGICAL_ZONES: tuple[str, ...] = ("1", "2", "3")
"""The logical zones a subscription sees in every Azure region that has zones.
https://learn.microsoft.com/azure/reliability/availability-zones-overview#physical-and-logical-availability-zones"""


HOST_ENCRYPTION_UNSUPPORTED: Mapping[str, str] = {}
"""VM sizes that cannot run with encryption at host, each with the reason and its source.

Every AKS agent pool corridor makes sets `enableEncryptionAtHost` (azure/node_pool.py) unless
`corridor:nodeDiskKey` is `platform`, so a GPU pool of a size listed here is refused at validation
(`AzureProfile.validate` names the pool and the size) instead of failing at creation. Empty on
purpose: Microsoft publishes no per-size list (the size pages, e.g.
sizes/gpu-accelerated/ndh100v5-series.md, list no encryption-at-host row;
https://learn.microsoft.com/azure/virtual-machines/disk-encryption#supported-vm-sizes points at
the Resource SKUs API capability `EncryptionAtHostSupported`), and no source corridor has says
that any catalog size (ND H100 v5, ND H200 v5, ND GB200 v6, NC A100 v4, ND A100 v4) lacks it. Add a
size here, with the `az vm list-skus --size <size> --query "[].capabilities[?name=='EncryptionAtHostSupported']"`
answer as the source, when one is found to lack it."""


@dataclass(frozen=True)
class AzureProfile(CloudProfile):
    """Azure zone numbers, the capacity reservation group rules, and the sizes that cannot
    encrypt at host."""

    def validate(self, values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
        problems = super().validate(values, supplied) + topic_problems(
            values,
            ACTION_GROUP_ID,
            "an Azure action group resource id, "
            "/subscriptions/<id>/resourceGroups/<group>/providers/microsoft.insights/actionGroups/<name>",
        )
        if values.get("node_disk_key") == "platform":
            return problems  # no pool encrypts at host (azure/node_pool.py)
        for index, pool in enumerate(values.get("gpu_pools") or []):
            try:
                offer = accelerators.offering(pool.accelerator, self.cloud, pool.gpus_per_node, pool.machine_type)
            except accelerators.CatalogError:
                continue  # reported with its path by the pool checks
            reason = HOST_ENCRYPTION_UNSUPPORTED.get(offer.machine_type)
            if reason is not None:
                problems.append(
                    Problem(
                        f"corridor:gpuPools[{index}].accelerator",
                        f"pool '{pool.name}' would run on {offer.machine_type}, which cannot encrypt at host "
                        f"(every corridor AKS pool does): {reason}",
                    )
                )
        return problems

    def zone_pattern(self, region: str) -> str:
        # Zones are the logical numbers 1 to 3 in every region that has them, and a region the
        # catalog records without zones (UAE Central) has none to name: `(?!)` matches nothing,
        # so a zone listed there is refused instead of failing the deployment of a zonal pool.
        zones = regions.known_zones(self.cloud, region) if region in self.region_ids() else LOGICAL_ZONES
        return "|".join(re.escape(zone) for zone in zones) or "(?!)"

    def recovery_placement(self, source_placement: Mapping[str, Any], region: str) -> dict[str, Any]:
        # ARM keeps a resource group's data in the group's region: while that region is down,
        # updates in the group can fail, so the recovery stack's cluster and network get a group
        # of their own (Azure Proactive Resiliency Library, RG-1).
        # https://azure.github.io/Azure-Proactive-Resiliency-Library/services/management/resource-group
        return {"azureResourceGroup": f"{source_placement['azureResourceGroup']}-dr"}

    def gpu_zone(self, region: str, zones: list[str] | None) -> str | None:
        # `corridor:zones` is optional on Azure; unset, a region with zones still pins each GPU
        # pool to its first zone (a zonal disk attaches only in its zone; InfiniBand does not
        # span zones), and a region without zones leaves placement to Azure.
        return zones[0] if zones else next(iter(regions.known_zones(self.cloud, region)), None)

    def compact_placement(self, offering: Offering, reservation: Reservation | None) -> bool:
        # An ND pool's InfiniBand links the VMs of its one scale set; AKS has no placement group
        # corridor would add on top.
        return False

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
    placement=AzurePlacement,
    provider_namespaces=("azure-native",),
    capabilities=(Capability.KEYS, Capability.STORAGE, Capability.CLUSTER, Capability.GPU_POOLS, Capability.BUDGETS),
    name_rules={
        # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault
        "key_vault": NameRule(24, r"[^a-z0-9-]", globally_unique=True),
        "key": NameRule(127, r"[^a-zA-Z0-9-]", lowercase=False),
        # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
        "storage_account": NameRule(24, r"[^a-z0-9]", separator="", globally_unique=True),
        "container": NameRule(63, r"[^a-z0-9-]"),
        # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftmanagedidentity
        "identity": NameRule(128, r"[^a-zA-Z0-9_-]"),
        # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcontainerservice
        "aks_cluster": NameRule(63, r"[^a-zA-Z0-9_-]", lowercase=False),
        "agent_pool": NameRule(12, r"[^a-z0-9]", separator=""),
        "virtual_network": NameRule(64, r"[^a-zA-Z0-9_.-]", lowercase=False),
        # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcompute
        "disk_encryption_set": NameRule(80, r"[^a-zA-Z0-9_-]", lowercase=False),
        # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftconsumption
        # (budgets: 1-63 alphanumerics, underscores and hyphens, unique per scope: the stack's group)
        "budget": NameRule(63, r"[^a-zA-Z0-9_-]", lowercase=False),
    },
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
    telemetry=Telemetry(provider="azure", platform="azure.aks"),
    gpu_runtime=GpuRuntime(
        "device-plugin",
        "AKS installs the NVIDIA driver (gpuProfile.driver Install) but not the device plugin, "
        "https://learn.microsoft.com/azure/aks/use-nvidia-gpu",
    ),
    # AKS taints every spot node itself (and labels it); agents must tolerate it to run there.
    # https://learn.microsoft.com/azure/aks/spot-node-pool
    gpu_node_tolerations=(
        {"key": "kubernetes.azure.com/scalesetpriority", "operator": "Equal", "value": "spot", "effect": "NoSchedule"},
    ),
    pool_limits=PoolLimits(
        gpu_pools=99,
        nodes_per_pool=1000,
        nodes_per_cluster=5000,
        source="AKS limits, https://learn.microsoft.com/azure/aks/quotas-skus-regions",
    ),
    standing_costs=STANDING_COSTS,
    unsupported={
        SEVERAL_EXISTING_SUBNETS: "corridor puts every AKS agent pool in the cluster's one subnet, whose NAT "
        "gateway routes egress; an Azure subnet is regional, so one already spans every zone",
        # https://learn.microsoft.com/azure/network-watcher/vnet-flow-logs-overview (prerequisites);
        # "only one Network Watcher can be created per region per subscription"
        # (https://learn.microsoft.com/powershell/module/az.network/new-aznetworkwatcher).
        FLOW_LOGS: "Azure virtual network flow logs are child resources of the subscription's one Network Watcher "
        "per region, which Azure creates by itself in the resource group NetworkWatcherRG (unless the subscription "
        "opted out) and of which a second cannot be created; corridor cannot know offline whether it exists or "
        "under which name, so it neither creates one (fails where it exists) nor names one (fails where it does "
        "not). Enable virtual network flow logs on the cluster's virtual network with the subscription's Network "
        "Watcher (az network watcher flow-log create --vnet ...)",
        IMAGE_ADMISSION: "AKS has no native image admission corridor can configure: image integrity (Ratify with "
        "Azure Policy) is a preview add-on that needs Azure Policy assignments, signed images and a notation "
        "trust policy outside the cluster resource; enforce signatures in the cluster (e.g. Ratify, Kyverno)",
    },
)
"""The Azure profile, registered under `azure`."""
