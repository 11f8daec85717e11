"""Alibaba Cloud (`alicloud`) as validation sees it: placement, zones, reservations, limits, tag
rules and what it cannot do. Imports no provider SDK.

An Alibaba stack lives in one account and one resource group of it
(`corridor:alicloudResourceGroupId`): every resource that takes a `resource_group_id` joins it.
Resource groups are account-wide, not regional, so the DR region's resources join the same one.
Alibaba resources take their region from the provider alone (no resource has a region input), so
the adapter creates one provider per region.

Zones are Alibaba zone ids: the region id and a letter (`ap-southeast-1a`, `me-central-1b`) for
the international regions whose id ends in a digit, the region id, `-` and a letter in the older
mainland regions (`cn-hangzhou-h`). ACK places nodes through vSwitches, and a vSwitch lives in one
zone, so the stack names them: `corridor:zones` is required, as on AWS.
https://www.alibabacloud.com/help/en/ecs/user-guide/regions-and-zones
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from components.capabilities import Capability
from components.clouds.alicloud.costs import STANDING_COSTS
from components.clouds.features import API_ACCESS_CIDRS, EXISTING_NETWORK, IMAGE_ADMISSION
from components.clouds.profile import CloudProfile, GpuRuntime, PoolLimits, SupportedReservation, Telemetry
from components.definition.base import SpecModel, satisfies
from components.definition.errors import Problem
from components.definition.gpu import Reservation
from components.naming import NameRule

RESOURCE_GROUP_DOC = (
    "https://www.alibabacloud.com/help/en/resource-management/resource-group/developer-reference/"
    "api-resourcemanager-2020-03-31-getresourcegroup"
)
"""Alibaba's Resource Management API: a resource group id is `rg-` and a lowercase alphanumeric
id (`rg-acfmzw2jz2z****`, `rg-aek2...` in pulumi_alicloud/resourcemanager/auto_grouping_rule.py)."""

RESOURCE_GROUP_ID = re.compile(r"rg-[a-z0-9]+")
"""A resource group id. Alibaba documents no length for the part after `rg-`."""


class AlicloudPlacement(SpecModel):
    """Where an Alibaba stack lives: one resource group of the account its credentials name."""

    alicloud_resource_group_id: Annotated[
        str,
        satisfies(
            lambda v: RESOURCE_GROUP_ID.fullmatch(v) is not None,
            "must be an Alibaba Cloud resource group id, 'rg-' and lowercase letters and digits "
            f"(such as rg-aek2placeholder00000; {RESOURCE_GROUP_DOC})",
        ),
    ]
    """`corridor:alicloudResourceGroupId`: the resource group (`rg-...`) every resource of the
    stack that takes a `resource_group_id` joins, in both regions (resource groups are
    account-wide). Must exist. Required on Alibaba Cloud."""


PRIVATE_POOL_DOC = "https://www.alibabacloud.com/help/en/ecs/user-guide/overview-of-private-pools"
"""Alibaba: an elasticity assurance or an immediate capacity reservation, once in effect, creates a
private pool whose id is the assurance's or reservation's id; instances launched into it with
`PrivatePoolOptions.MatchCriteria = Target` use its capacity (ACK: the node pool's
`private_pool_options`, pulumi_alicloud/cs/_inputs.py NodePoolPrivatePoolOptionsArgs)."""

PRIVATE_POOL_ID = re.compile(r"(eap|crp)-[a-z0-9]+")
"""A private pool id: an elasticity assurance (`eap-bp67acfmxazb4****`) or a capacity reservation
(`crp-bp67acfmxazb4****`), as Alibaba's ECS API reference writes them
(https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createelasticityassurance,
https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-createcapacityreservation)."""

DEFAULT_KEY_ROTATION_DAYS = 365
"""The one automatic rotation period Alibaba KMS accepts for a default key, in days: "default keys
support only a fixed period of 365 days, software-protected keys support 7 to 365 days, and
hardware-protected keys do not support automatic rotation" (`rotation_interval`,
pulumi_alicloud/kms/key.py; https://www.alibabacloud.com/help/en/kms/developer-reference/api-createkey).
corridor's keys are default keys (components/clouds/alicloud/keys.py: a KMS instance, which a
software key needs, costs a subscription per region and is not needed by OSS or ACK), so
`keys.rotationDays` must be 365 on alicloud."""

KEY_PENDING_WINDOW_DAYS = (7, 366)
"""How long a key scheduled for deletion waits, in days (`pending_window_in_days`: "Valid values:
`7` to `366`", pulumi_alicloud/kms/key.py). corridor's neutral 7 to 30 fits inside it, so no rule
is added; the keys builder may use the longest, 366."""

LOG_RETENTION_DAYS = (1, 3650)
"""What a Simple Log Service logstore keeps, in days (`retention_period`: "Valid values:
[1-3650]", pulumi_alicloud/log/store.py). corridor's neutral 30 to 730 fits inside it: no rule."""

TAG_DOC = "https://www.alibabacloud.com/help/en/resource-management/tag/product-overview/limits"
"""Alibaba's tag limits; the SDK repeats them for the tags it sets: "The tag key and value cannot
start with aliyun or acs:, or contain https:// or http://" (`tags`, pulumi_alicloud/cs/node_pool.py)."""

FORBIDDEN_TAG_PREFIXES = ("aliyun", "acs:")
"""Tag keys and values may not start with these: Alibaba reserves them for its own system tags."""

FORBIDDEN_TAG_PARTS = ("http://", "https://")
"""Tag keys and values may not contain these."""

TAG_FIELDS = {"team": "team", "purpose": "purpose", "environment": "environment", "cost_center": "costCenter"}
"""corridor's user tags by field name, with their config key under `corridor:tags`."""


def tag_value_problem(value: str) -> str | None:
    """Why Alibaba refuses `value` as a tag value, or None when it accepts it. corridor's tag keys
    are fixed (`components/tagging.py`) and pass; its values are the user's, and a value such as
    `aliyun-ops` passes corridor's neutral rule but not Alibaba's."""
    lowered = value.lower()
    for prefix in FORBIDDEN_TAG_PREFIXES:
        if lowered.startswith(prefix):
            return f"'{value}' starts with '{prefix}', which Alibaba Cloud reserves for its own tags ({TAG_DOC})"
    for part in FORBIDDEN_TAG_PARTS:
        if part in lowered:
            return f"'{value}' contains '{part}', which Alibaba Cloud refuses in a tag ({TAG_DOC})"
    return None


@dataclass(frozen=True)
class AlicloudProfile(CloudProfile):
    """Alibaba zone ids, the KMS default key's rotation period, the tag prefixes Alibaba forbids and the private
    pool ids of reservations."""

    def zone_pattern(self, region: str) -> str:
        # International regions: `ap-southeast-1` + `a`; mainland regions whose id ends in a
        # letter: `cn-hangzhou` + `-h` (Alibaba's regions and zones page).
        separator = "" if region[-1:].isdigit() else "-"
        return rf"{re.escape(region)}{re.escape(separator)}[a-z]"

    def validate(self, values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
        problems = super().validate(values, supplied)
        tags = values.get("tags")
        if tags is not None:
            for name, key in TAG_FIELDS.items():
                reason = tag_value_problem(getattr(tags, name))
                if reason is not None:
                    problems.append(Problem(f"corridor:tags.{key}", reason))
        keys = values.get("keys")
        if keys is not None and keys.rotation_days != DEFAULT_KEY_ROTATION_DAYS:
            problems.append(
                Problem(
                    "corridor:keys.rotationDays",
                    f"{keys.rotation_days} is not the rotation period of a KMS default key, the key corridor "
                    f"creates on alicloud: default keys rotate every {DEFAULT_KEY_ROTATION_DAYS} days only "
                    "(https://www.alibabacloud.com/help/en/kms/developer-reference/api-createkey); "
                    f"set corridor:keys.rotationDays: {DEFAULT_KEY_ROTATION_DAYS}",
                )
            )
        return problems

    def validate_reservation(self, path: str, reservation: Reservation, zones: list[str]) -> list[Problem]:
        problems = super().validate_reservation(path, reservation, zones)
        if not PRIVATE_POOL_ID.fullmatch(reservation.id or ""):
            problems.append(
                Problem(
                    f"{path}.id",
                    "must be the id of an elasticity assurance (eap-...) or capacity reservation (crp-...), which is "
                    f"also the id of the private pool it creates ({PRIVATE_POOL_DOC})",
                )
            )
        return problems


PROFILE = AlicloudProfile(
    cloud="alicloud",
    placement=AlicloudPlacement,
    provider_namespaces=("alicloud",),
    capabilities=(Capability.KEYS, Capability.STORAGE, Capability.CLUSTER, Capability.GPU_POOLS),
    name_rules={
        # OSS bucket names: 3 to 63 lowercase letters, digits and hyphens, starting and ending with
        # a letter or digit, unique across all of OSS, hence the suffix.
        # https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions
        "bucket": NameRule(63, r"[^a-z0-9-]", globally_unique=True),
        # KMS alias: `alias/` and 1 to 255 letters, digits, `_`, `-` and `/` (`alias_name`,
        # pulumi_alicloud/kms/alias.py); unique per account and region, hence the suffix.
        "kms_alias": NameRule(255, r"[^a-zA-Z0-9_/-]", globally_unique=True, lowercase=False),
        # RAM role names: 1 to 64 letters, digits, `.` and `-`, unique in the account (RAM is
        # account-wide), hence the suffix.
        # https://www.alibabacloud.com/help/en/ram/developer-reference/api-ram-2015-05-01-createrole
        "ram_role": NameRule(64, r"[^a-zA-Z0-9.-]", globally_unique=True, lowercase=False),
        # RAM policy names: "1 to 128 characters ... English letters, digits, and dashes (-)"
        # (`policy_name`, pulumi_alicloud/ram/policy.py); unique in the account.
        "ram_policy": NameRule(128, r"[^a-zA-Z0-9-]", globally_unique=True, lowercase=False),
        # SLS project names: 3 to 63 lowercase letters, digits and hyphens, "globally unique in
        # Alibaba Cloud and cannot be modified" (`project_name`, pulumi_alicloud/log/project.py).
        "sls_project": NameRule(63, r"[^a-z0-9-]", globally_unique=True),
        # Logstore names: 3 to 63 lowercase letters, digits, `_` and `-`, unique in the project
        # (`logstore_name`, pulumi_alicloud/log/store.py).
        "sls_logstore": NameRule(63, r"[^a-z0-9_-]"),
        # ACK cluster names are "unique in one Alicloud account" (`name`,
        # pulumi_alicloud/cs/managed_kubernetes.py), hence the suffix; 1 to 63 letters, digits, `_`
        # and `-`, as the ACK console accepts.
        "cluster": NameRule(63, r"[^a-zA-Z0-9_-]", globally_unique=True, lowercase=False),
        # Display names of VPCs, vSwitches, NAT gateways, node pools, KMS instances: 2 to 128
        # letters, digits, `.`, `_` and `-`, not starting with http:// or https:// (`vswitch_name`,
        # `nat_gateway_name`, pulumi_alicloud/vpc/switch.py, nat_gateway.py).
        "display_name": NameRule(128, r"[^a-zA-Z0-9._-]", lowercase=False),
    },
    # ACK places a node pool's nodes through its vSwitches (`vswitch_ids`), each in one zone, and
    # the cluster's control-plane ENIs through vSwitches too: the zones are named, two at least.
    zones_required=True,
    reservation_kinds={
        # corridor's `capacityReservation` kind, as on AWS and OCI: an elasticity assurance or an
        # immediate capacity reservation, both zonal (one zone per assurance or reservation), both
        # consumed through the private pool they create.
        "capacityReservation": SupportedReservation(
            "an ECS elasticity assurance (eap-...) or capacity reservation (crp-...) in one zone, consumed through "
            "its private pool (node pool private_pool_options: match criteria Target and the private pool id)",
            zonal=True,
        ),
    },
    # The ACK system node pool is `system`.
    reserved_pool_names=("system",),
    # The semantic conventions name `alibaba_cloud` as a provider but no Alibaba Kubernetes
    # platform (only alibaba_cloud_ecs, alibaba_cloud_fc and alibaba_cloud_openshift), so
    # `cloud.platform` is left out rather than invented (opentelemetry-semantic-conventions
    # 0.66b2, CloudProviderValues / CloudPlatformValues).
    telemetry=Telemetry(provider="alibaba_cloud", platform=None),
    # ACK's GPU node images install the NVIDIA driver (a version can be pinned with the node label
    # `ack.aliyun.com/nvidia-driver-version`) and ACK runs the NVIDIA device plugin on GPU nodes.
    gpu_runtime=GpuRuntime(
        "nothing",
        "ACK installs the NVIDIA driver, container toolkit and device plugin on GPU nodes it creates "
        "(https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/"
        "customize-the-gpu-driver-version-of-the-node-by-specifying-the-version-number)",
    ),
    # ACK's default quotas (DescribeUserQuota): 20 node pools per cluster
    # (`cluster_nodepool_quota`) and 100 nodes per cluster (`node_quota`), both raised in Quota
    # Center; a node pool's scaling group holds at most 1,000 instances (`scaling_config.max_size`
    # "valid value range [0~1000]", pulumi_alicloud/cs/_inputs.py). Raise the first two here, with
    # the granted quota as the source, for a larger fleet.
    pool_limits=PoolLimits(
        gpu_pools=19,
        nodes_per_pool=1000,
        nodes_per_cluster=100,
        source="ACK DescribeUserQuota default quotas, "
        "https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/developer-reference/"
        "api-cs-2015-12-15-describeuserquota",
    ),
    standing_costs=STANDING_COSTS,
    unsupported={
        Capability.BUDGETS: "pulumi-alicloud 4.0.0 has no budget resource (its `bss` module holds only the data "
        "sources get_open_api_products and get_open_api_pricing_modules), so corridor cannot create an Alibaba "
        "Cloud budget; set budgets in the Expenses and Costs console and remove corridor:budgets",
        API_ACCESS_CIDRS: "ACK's public API endpoint is an EIP on the API server's load balancer "
        "(`slb_internet_enabled`), and pulumi-alicloud 4.0.0 has no input that limits it to source ranges, so a "
        "narrower list would be a promise the cluster does not keep; set network.privateEndpoint: true and reach "
        "the API from the VPC (a bastion, VPN Gateway or Express Connect), or accept "
        "network.apiOpenToWholeInternet",
        EXISTING_NETWORK: "corridor creates the ACK cluster's VPC, its vSwitches in corridor:zones and the NAT "
        "gateway together; placing the cluster in an existing VPC's vSwitches is not built yet: remove it",
        IMAGE_ADMISSION: "ACK verifies image signatures only through its kritis-validation-hook add-on with keys of "
        "Container Registry Enterprise Edition, which corridor neither installs nor holds keys for, and the policy "
        "would refuse the public images of the cluster's own agents. Enforce allowed images with an admission "
        "controller such as ACK's policy governance (Gatekeeper) yourself "
        "(https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/"
        "use-kritis-validation-hook-to-automatically-verify-the-signatures-of-container-images)",
    },
)
"""The Alibaba Cloud profile, registered under `alicloud`."""
