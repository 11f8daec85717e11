"""AWS as validation sees it: placement, zones, reservations and limits. Imports no provider SDK.

AWS places a stack by the account of the deploying credentials and `corridor:region`, so it
needs no placement key of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from components.capabilities import Capability
from components.catalog.accelerators import Offering
from components.clouds.aws.costs import STANDING_COSTS
from components.clouds.features import IMAGE_ADMISSION
from components.clouds.profile import (
    CloudProfile,
    GpuRuntime,
    PoolLimits,
    SupportedReservation,
    Telemetry,
    region_prefixed,
)
from components.definition.base import SpecModel
from components.definition.budgets import topic_problems
from components.definition.errors import Problem
from components.definition.gpu import Reservation
from components.naming import NameRule

# The only retention periods CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`), within
# the neutral 30..730 days of corridor:logging.retentionDays (731 and above are outside it).
# https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
CLOUDWATCH_RETENTION_DAYS = (30, 60, 90, 120, 150, 180, 365, 400, 545)

# An SNS topic name: up to 256 letters, digits, `_` or `-` (a FIFO topic adds `.fifo`).
# https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
SNS_TOPIC_ARN = r"arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}"


class AwsPlacement(SpecModel):
    """Where an AWS stack lives: the account of the deploying credentials and `corridor:region`,
    so no key of its own."""


@dataclass(frozen=True)
class AwsProfile(CloudProfile):
    """AWS zone names and the rule that existing subnets pair with zones."""

    def zone_pattern(self, region: str) -> str:
        # `ap-southeast-1a`: the region and a letter.
        return region_prefixed(region, "")

    def validate(self, values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
        # AWS Budgets notifies an SNS topic by its ARN (Subscriber.Address, "arn:aws:sns:...").
        # https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Subscriber.html
        problems = topic_problems(values, SNS_TOPIC_ARN, "an SNS topic ARN, arn:aws:sns:<region>:<account>:<topic>")
        # VPC flow logs go to a CloudWatch log group, whose retention takes fixed values only.
        logging = values.get("logging")
        if logging is not None and logging.retention_days not in CLOUDWATCH_RETENTION_DAYS:
            problems.append(
                Problem(
                    "corridor:logging.retentionDays",
                    f"{logging.retention_days} is not a retention CloudWatch Logs (VPC flow logs) accepts on aws; "
                    f"use one of {', '.join(map(str, CLOUDWATCH_RETENTION_DAYS))}",
                )
            )
        # EKS node groups use one private subnet per zone, paired with corridor:zones in order.
        network, zones = values.get("network"), values.get("zones")
        existing = network.existing_subnet_ids if network is not None else None
        if existing is not None and zones is not None and len(existing) != len(zones):
            return [
                *problems,
                Problem(
                    "corridor:network.existingSubnetIds",
                    f"lists {len(existing)} subnets but corridor:zones lists {len(zones)}; "
                    "give one private subnet per zone, in the same order",
                ),
            ]
        return problems + super().validate(values, supplied)

    def compact_placement(self, offering: Offering, reservation: Reservation | None) -> bool:
        # A cluster placement group only for onDemand and spot: a reservation not made inside
        # the group then fails with InsufficientInstanceCapacity (terraform-aws-eks PR #3730,
        # eksctl #7949), and Capacity Blocks are already placed together in EC2 UltraClusters.
        return reservation is None


PROFILE = AwsProfile(
    cloud="aws",
    placement=AwsPlacement,
    provider_namespaces=("aws",),
    capabilities=(Capability.KEYS, Capability.STORAGE, Capability.CLUSTER, Capability.GPU_POOLS, Capability.BUDGETS),
    name_rules={
        # https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
        "kms_alias": NameRule(250, r"[^a-zA-Z0-9/_-]", lowercase=False),
        # https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
        "s3_bucket": NameRule(63, r"[^a-z0-9-]", globally_unique=True),
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
        "iam_role": NameRule(64, r"[^a-zA-Z0-9+=,.@_-]", lowercase=False),
        # https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html#API_CreateCluster_RequestSyntax
        "eks_cluster": NameRule(100, r"[^a-zA-Z0-9_-]", lowercase=False),
        "node_group": NameRule(63, r"[^a-zA-Z0-9_-]", lowercase=False),
        "launch_template": NameRule(128, r"[^a-zA-Z0-9()./_-]", lowercase=False),
        "placement_group": NameRule(255, r"[^a-zA-Z0-9_-]", lowercase=False),
        # https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
        "log_group": NameRule(512, r"[^a-zA-Z0-9._/#-]", lowercase=False),
        # Budget names are unique per account and take neither `:` nor a backslash, at most 100 characters.
        # https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html
        "budget": NameRule(100, r"[^a-zA-Z0-9_.-]", globally_unique=True, lowercase=False),
    },
    # EKS subnets are zonal and zone names are not derivable from the region (us-west-1 has no
    # `a` zone for new accounts); the alternative, an availability-zones invoke, would make the
    # subnet layout depend on a live API call during preview.
    zones_required=True,
    reservation_kinds={
        "capacityReservation": SupportedReservation(
            "an EC2 On-Demand Capacity Reservation (cr-...), targeted by the launch template", zonal=True
        ),
        "capacityBlock": SupportedReservation(
            "an EC2 Capacity Block for ML (cr-...), market type capacity-block", zonal=True
        ),
    },
    # Default quotas "Managed node groups per cluster" (30) and "Nodes per managed node group"
    # (450); both adjustable through Service Quotas, so raise them there first, then here.
    telemetry=Telemetry(provider="aws", platform="aws_eks"),
    gpu_runtime=GpuRuntime(
        "device-plugin",
        "the EKS-optimized AL2023 NVIDIA AMI ships the driver and container toolkit but no device plugin, "
        "https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html",
    ),
    pool_limits=PoolLimits(
        gpu_pools=29,
        nodes_per_pool=450,
        nodes_per_cluster=None,
        source="EKS service quotas, https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html",
    ),
    standing_costs=STANDING_COSTS,
    unsupported={
        IMAGE_ADMISSION: "EKS has no native image admission control (nothing like GKE Binary Authorization); "
        "enforce signed or allowed images in the cluster with an admission controller such as Kyverno or OPA "
        "Gatekeeper (with AWS Signer / Notation signatures), which corridor does not install",
    },
)
"""The AWS profile, registered under `aws`."""
