"""Oracle Cloud Infrastructure (OCI) as validation sees it: placement, availability domains,
reservations, limits and what it cannot do. Imports no provider SDK.

An OCI stack lives in one tenancy and one compartment of it (`corridor:ociTenancyId`,
`corridor:ociCompartmentId`): every resource is created in the compartment, and the IAM
policies that name Oracle services (Object Storage replication, Vault keys) are written there.
Compartments are global, so the DR region's resources share it.

Zones are OCI availability domains, named in `corridor:zones` by their tenancy-independent
suffix `AD-1`, `AD-2`, `AD-3`: the full name (`Uocm:PHX-AD-1`) starts with a prefix that differs
per tenancy, so the node-pool builder looks it up (`oci.identity.get_availability_domains`) and
takes the one ending in the zone. Oracle launches new regions "with one availability domain"
and many have only that one, so zones are optional and a pool placed by no zone or reservation
goes to `AD-1`, which every region has.
https://docs.oracle.com/en-us/iaas/Content/General/Concepts/regions.htm
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from components.capabilities import Capability
from components.catalog import regions
from components.catalog.accelerators import Offering
from components.clouds.features import EXISTING_NETWORK, IMAGE_ADMISSION
from components.clouds.oci.costs import STANDING_COSTS
from components.clouds.profile import CloudProfile, GpuRuntime, PoolLimits, SupportedReservation, Telemetry
from components.definition.base import SpecModel, satisfies
from components.definition.budgets import BUDGET_TOPIC, TEAM_BUDGETS
from components.definition.errors import Problem
from components.definition.gpu import Reservation
from components.naming import NameRule

IDENTIFIERS_DOC = "https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm"
"""Oracle's OCID syntax: `ocid1.<resource type>.<realm>.[region][.future use].<unique id>`."""

REALM = "oc1"
"""The commercial realm: every region of corridor's OCI region catalog is in it (a tenancy of
another realm, e.g. a government cloud `oc2`, cannot use those regions)."""


def ocid_pattern(resource_type: str, *, regional: bool) -> str:
    """A regular expression an OCID of `resource_type` matches in full: the `ocid1` version,
    the type, the commercial realm, the region part (empty for tenancy-wide resources such as
    tenancies and compartments, a region key or name such as `iad` or `me-jeddah-1` for regional
    ones), the empty future-use part and the lowercase alphanumeric unique id. Oracle documents
    no length for the unique id ("its format may vary depending on the type of resource")."""
    region = r"[a-z][a-z0-9-]*" if regional else ""
    return rf"ocid1\.{re.escape(resource_type)}\.{REALM}\.{region}\.[a-z0-9]+"


def _ocid(resource_type: str) -> Any:
    """A check that a placement value is an OCID of `resource_type` in the commercial realm."""
    pattern = re.compile(ocid_pattern(resource_type, regional=False))
    return satisfies(
        lambda v: pattern.fullmatch(v) is not None,
        f"must be a {resource_type} OCID, ocid1.{resource_type}.{REALM}..<unique id> of lowercase letters and "
        f"digits, in the commercial realm {REALM} that holds every region corridor knows ({IDENTIFIERS_DOC})",
    )


TENANCY_OCID = _ocid("tenancy")
HOME_REGION = satisfies(
    lambda v: v in regions.region_ids("oci"),
    "must be the tenancy's home region, an OCI region id such as me-jeddah-1 (the catalog's OCI regions)",
)
COMPARTMENT_OCID = _ocid("compartment")

CAPACITY_RESERVATION_OCID = ocid_pattern("capacityreservation", regional=True)
"""A compute capacity reservation (`oci.core.ComputeCapacityReservation`) is regional and held in
one availability domain, so its OCID has a region part."""


class OciPlacement(SpecModel):
    """Where an OCI stack lives: a tenancy and one compartment of it."""

    oci_tenancy_id: Annotated[str, TENANCY_OCID]
    """`corridor:ociTenancyId`: the tenancy OCID (the root compartment). Availability domains are
    listed in it, and the IAM policies that let Oracle services use the stack's keys and replicate
    its buckets name it. Required on OCI."""

    oci_home_region: Annotated[str, HOME_REGION]
    """`corridor:ociHomeRegion`: the tenancy's home region, where OCI accepts IAM writes only
    ("Please go to your home region ... to execute CREATE, UPDATE and DELETE operations",
    oracle/terraform-provider-oci#1596): the stack's IAM policies are created through a provider
    of this region. Required on OCI; the tenancy's details in the console name it.
    https://docs.oracle.com/en-us/iaas/Content/Identity/Tasks/managingregions.htm"""

    oci_compartment_id: Annotated[str, COMPARTMENT_OCID]
    """`corridor:ociCompartmentId`: the compartment OCID every resource of the stack is created in
    (compartments are global, so the DR region's vault, key and buckets live in it too). Must
    exist. Required on OCI."""


AVAILABILITY_DOMAIN = re.compile(r"AD-[1-3]")
"""An availability domain as corridor names it: the suffix every tenancy's name for it ends
with (`Uocm:PHX-AD-1` is `AD-1`). No OCI region has more than three.
https://docs.oracle.com/en-us/iaas/Content/General/Concepts/regions.htm"""

FIRST_AVAILABILITY_DOMAIN = "AD-1"
"""The availability domain every region has."""

NO_OKE_IMAGE = {
    "GB200": "GB200 on oci runs on Arm (Grace) bare-metal shapes, for which OKE publishes no GPU worker image "
    "a managed node pool could boot; run it elsewhere or on self-managed nodes, which corridor does not build",
}
"""Accelerators OCI sells that an OKE managed node pool cannot run, with the reason."""

KEY_ROTATION_DAYS = (60, 365)
"""The interval OCI Vault accepts for automatic key rotation, in days (a feature of virtual
private vaults only).
https://docs.oracle.com/en-us/iaas/Content/KeyManagement/Tasks/tasks_tasks_managingkeys_topic_edit_auto_key_rotation.htm"""

LOG_RETENTION_DAYS = (30, 60, 90, 120, 150, 180)
"""The only retention periods OCI Logging accepts for a log (`retention_duration`: "Log retention
duration in 30-day increments (30, 60, 90 and so on until 180)", pulumi_oci/logging/log.py);
bucket access logs and VCN flow logs are such logs."""

PREEMPTIBLE_DOC = "https://docs.oracle.com/en-us/iaas/Content/Compute/Concepts/preemptible.htm"
"""Oracle: "Preemptible capacity does not support bare metal instances" and "cannot be used with
capacity reservations", so every bare-metal GPU shape (BM.GPU.*) is refused as `spot` by its
catalog row (`capacity.spot: false`)."""

# Tags: corridor sets its neutral tags as `freeform_tags` (OCI also has namespaced defined tags,
# which a tenancy must create first). Their keys and values (components/definition/identity.py: at
# most 63 lowercase letters, digits, `_` or `-`) fit every cloud's rules; OCI's own numeric limits
# on free-form tags were not found in a source read here, so no OCI tag rule is added.


@dataclass(frozen=True)
class OciProfile(CloudProfile):
    """OCI availability domains, the OCI Vault rotation bounds, OCI Logging retentions and the
    capacity reservation OCIDs."""

    def zone_pattern(self, region: str) -> str:
        # The availability domains the catalog records for the region (Oracle's regions table:
        # three in Ashburn, Phoenix, Frankfurt and London, one elsewhere), so an AD the region
        # lacks is refused at validation instead of failing the node pool's AD lookup.
        known = regions.known_zones(self.cloud, region) if region in self.region_ids() else ()
        return "|".join(re.escape(zone) for zone in known) or AVAILABILITY_DOMAIN.pattern

    def gpu_zone(self, region: str, zones: list[str] | None) -> str | None:
        # An OKE node pool places its nodes in named availability domains, and a compute cluster
        # (the RDMA fabric of a bare-metal GPU pool) lives in one. Without `corridor:zones` the
        # pool goes to AD-1, which every region has (in a single-AD region, its only one).
        return zones[0] if zones else FIRST_AVAILABILITY_DOMAIN

    def compact_placement(self, offering: Offering, reservation: Reservation | None) -> bool:
        # The RDMA fabric of a bare-metal GPU shape is a compute cluster, which already places its
        # instances in one network block; OCI has no placement group corridor would add on top.
        # https://docs.oracle.com/iaas/Content/Compute/Tasks/compute-clusters.htm
        return False

    def validate(self, values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
        problems = super().validate(values, supplied)
        for index, pool in enumerate(values.get("gpu_pools") or []):
            if pool.accelerator in NO_OKE_IMAGE:
                problems.append(Problem(f"corridor:gpuPools[{index}].accelerator", NO_OKE_IMAGE[pool.accelerator]))
        keys = values.get("keys")
        low, high = KEY_ROTATION_DAYS
        if keys is not None and not low <= keys.rotation_days <= high:
            problems.append(
                Problem(
                    "corridor:keys.rotationDays",
                    f"{keys.rotation_days} is outside the {low} to {high} days OCI Vault accepts for automatic key "
                    "rotation on oci (https://docs.oracle.com/en-us/iaas/Content/KeyManagement/Tasks/"
                    "tasks_tasks_managingkeys_topic_edit_auto_key_rotation.htm)",
                )
            )
        logging = values.get("logging")
        if logging is not None and logging.retention_days not in LOG_RETENTION_DAYS:
            problems.append(
                Problem(
                    "corridor:logging.retentionDays",
                    f"{logging.retention_days} is not a retention OCI Logging (bucket access logs, VCN flow logs) "
                    f"accepts on oci; use one of {', '.join(map(str, LOG_RETENTION_DAYS))} (30-day steps up to 180)",
                )
            )
        return problems

    def validate_reservation(self, path: str, reservation: Reservation, zones: list[str]) -> list[Problem]:
        problems = super().validate_reservation(path, reservation, zones)
        if not re.fullmatch(CAPACITY_RESERVATION_OCID, reservation.id or ""):
            problems.append(
                Problem(
                    f"{path}.id",
                    "must be a compute capacity reservation OCID, ocid1.capacityreservation.oc1.<region>.<unique id> "
                    f"({IDENTIFIERS_DOC})",
                )
            )
        # With corridor:zones the base checks the zone is one of them; without, it must still
        # name an availability domain.
        if reservation.zone is not None and not zones and not AVAILABILITY_DOMAIN.fullmatch(reservation.zone):
            problems.append(
                Problem(f"{path}.zone", f"'{reservation.zone}' is not an availability domain: use AD-1, AD-2 or AD-3")
            )
        return problems


PROFILE = OciProfile(
    cloud="oci",
    placement=OciPlacement,
    provider_namespaces=("oci",),
    capabilities=(Capability.KEYS, Capability.STORAGE, Capability.CLUSTER, Capability.GPU_POOLS, Capability.BUDGETS),
    name_rules={
        # "Valid characters are uppercase or lowercase letters, numbers, hyphens, underscores, and
        # periods. Bucket names must be unique within an Object Storage namespace"
        # (pulumi_oci/objectstorage/bucket.py): one namespace per tenancy, so two stacks of one
        # tenancy need the suffix. At most 255 characters, as Oracle documents for the same
        # Object Storage API on its Private Cloud Appliance
        # (https://docs.oracle.com/en/engineered-systems/private-cloud-appliance/3.0-latest/concept/concept-obj-stor-overview-objnames.html).
        "bucket": NameRule(255, r"[^a-z0-9_.-]", globally_unique=True),
        # Policy and dynamic-group names "must be unique across all policies [groups] in the
        # tenancy and cannot be changed" (pulumi_oci/identity/policy.py, dynamic_group.py), hence
        # the suffix. The SDK documents no length or character set: corridor keeps them to 100
        # letters, digits, `-`, `_` and `.`, which the OCI Console accepts.
        "iam_policy": NameRule(100, r"[^a-zA-Z0-9_.-]", globally_unique=True, lowercase=False),
        "dynamic_group": NameRule(100, r"[^a-zA-Z0-9_.-]", globally_unique=True, lowercase=False),
        # Display names (vaults, keys, VCNs, subnets, gateways, security lists, NSGs, clusters,
        # node pools, compute clusters, logs): "does not have to be unique, and it is changeable"
        # (pulumi_oci/kms/vault.py, key.py). corridor keeps them to 255 letters, digits, `-`, `_`
        # and `.`.
        "display_name": NameRule(255, r"[^a-zA-Z0-9_.-]", lowercase=False),
        # A log group's display name "must be unique within the enclosing resource" (its
        # compartment, shared by the stacks placed in it), hence the suffix
        # (pulumi_oci/logging/log_group.py).
        "log_group": NameRule(255, r"[^a-zA-Z0-9_.-]", globally_unique=True, lowercase=False),
        # VCN and subnet DNS labels: "an alphanumeric string that begins with a letter"
        # (pulumi_oci/core/vcn.py), at most 15 characters (Oracle's "DNS in Your Virtual Cloud
        # Network", which the SDK docstring links).
        "dns_label": NameRule(15, r"[^a-z0-9]", separator=""),
        # Budgets live in the tenancy (root compartment), shared by every stack of the tenancy,
        # hence the suffix; display names as above (pulumi_oci/budget/budget.py documents none).
        "budget": NameRule(255, r"[^a-zA-Z0-9_.-]", globally_unique=True, lowercase=False),
    },
    # Optional: most OCI regions have a single availability domain, which corridor uses by itself
    # (gpu_zone); a multi-AD region places GPU pools in AD-1 unless the stack names zones.
    zones_required=False,
    reservation_kinds={
        "capacityReservation": SupportedReservation(
            "an OCI compute capacity reservation (ocid1.capacityreservation...) in one availability domain, "
            "named by the node pool's placement configuration (capacity_reservation_id)",
            zonal=True,
        ),
    },
    # The OKE system node pool is `system`.
    reserved_pool_names=("system",),
    telemetry=Telemetry(provider="oracle_cloud", platform="oracle_cloud_oke"),
    # Oracle's own GPU stack (oracle-quickstart/oci-hpc-oke terraform/oke-addons.tf) installs no
    # device plugin of its own on such nodes and only switches OKE's off (`disableNvidiaGpuPlugin`)
    # when it deploys the GPU Operator: OKE's plugin is there by default.
    gpu_runtime=GpuRuntime(
        "nothing",
        "Oracle's GPU worker images carry the NVIDIA driver and container toolkit, and OKE runs the NVIDIA device "
        "plugin itself as its NVIDIA GPU Plugin cluster add-on (NvidiaGpuPlugin), "
        "https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/configuration-arguments-nvidia-gpu-plugin.htm",
    ),
    # Oracle's "Kubernetes Engine Limits" page holds the managed-node limits of an enhanced
    # cluster; the page on large enhanced clusters names 2,000 managed nodes in a cluster and
    # 1,000 in a node pool as a layout it allows, so corridor takes those as the bounds (raise them
    # here, with the limits page as the source, once read). No limit on the number of node pools
    # is documented: every pool holds at least one node, so the cluster's node limit, less the
    # system pool's node, bounds it.
    pool_limits=PoolLimits(
        gpu_pools=1999,
        nodes_per_pool=1000,
        nodes_per_cluster=2000,
        source="OKE enhanced clusters with large numbers of managed nodes, "
        "https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contenglargenodelimitconsiderations.htm",
    ),
    standing_costs=STANDING_COSTS,
    unsupported={
        TEAM_BUDGETS: "an OCI budget targets a compartment or a cost-tracking defined tag only "
        "(target_type COMPARTMENT or TAG, pulumi_oci/budget/budget.py); corridor's tags are freeform tags, so a "
        "budget cannot count one team's spend. Put each team in its own compartment and stack, or create a "
        "cost-tracking tag namespace and budget on it outside corridor",
        BUDGET_TOPIC: "an OCI budget alert rule sends email only (`recipients`, pulumi_oci/budget/rule.py); "
        "list the addresses in corridor:budgets.notify.emails",
        EXISTING_NETWORK: "OKE's VCN-native pod networking needs a worker, a pod and an API subnet with their "
        "network security groups, which corridor creates together in its own VCN; an existing network's subnets "
        "are not built yet: remove it",
        IMAGE_ADMISSION: "OKE's image verification policy (image_policy_config) admits only images in OCI Container "
        "Registry signed with Vault keys the policy names; corridor holds no signing key, and the policy would refuse "
        "the public images of the cluster's own agents. Enforce signed or allowed images in the cluster with an "
        "admission controller such as Kyverno or OPA Gatekeeper, which corridor does not install "
        "(https://docs.oracle.com/en-us/iaas/tools/dotnet/latest/api/Oci.ContainerengineService.Models."
        "ImagePolicyConfig.html)",
    },
)
"""The OCI profile, registered under `oci`."""
