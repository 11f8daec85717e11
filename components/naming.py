"""Physical names: deterministic, valid for each cloud, and findable by a recovery stack.

Logical (Pulumi) names derive from the component name (`keys`, `keys-primary`). Physical
(cloud) names come only from `physical_name`, which applies the cloud's length and character
rules and, for globally unique names, appends a stable 8-hex suffix hashed from project, stack
and purpose. The suffix never changes between renders, so a DR stack that knows the primary
stack's name can compute the replica's name without any lookup.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NameRule:
    """A cloud's rule for one kind of name."""

    max_length: int
    invalid: str
    """Regex of characters to replace with the separator."""
    separator: str = "-"
    globally_unique: bool = False
    lowercase: bool = True


RULES: dict[tuple[str, str], NameRule] = {
    # https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
    ("aws", "kms_alias"): NameRule(250, r"[^a-zA-Z0-9/_-]", lowercase=False),
    # https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    ("aws", "s3_bucket"): NameRule(63, r"[^a-z0-9-]", globally_unique=True),
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
    ("aws", "iam_role"): NameRule(64, r"[^a-zA-Z0-9+=,.@_-]", lowercase=False),
    # https://cloud.google.com/kms/docs/resource-hierarchy#key_rings
    ("gcp", "key_ring"): NameRule(63, r"[^a-z0-9_-]"),
    ("gcp", "crypto_key"): NameRule(63, r"[^a-z0-9_-]"),
    # https://cloud.google.com/storage/docs/buckets#naming
    ("gcp", "bucket"): NameRule(63, r"[^a-z0-9-]", globally_unique=True),
    # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault
    ("azure", "key_vault"): NameRule(24, r"[^a-z0-9-]", globally_unique=True),
    ("azure", "key"): NameRule(127, r"[^a-zA-Z0-9-]", lowercase=False),
    # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
    ("azure", "storage_account"): NameRule(24, r"[^a-z0-9]", separator="", globally_unique=True),
    ("azure", "container"): NameRule(63, r"[^a-z0-9-]"),
    # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftmanagedidentity
    ("azure", "identity"): NameRule(128, r"[^a-zA-Z0-9_-]"),
    # Kubernetes clusters and node pools (issue 4).
    # https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html#API_CreateCluster_RequestSyntax
    ("aws", "eks_cluster"): NameRule(100, r"[^a-zA-Z0-9_-]", lowercase=False),
    ("aws", "node_group"): NameRule(63, r"[^a-zA-Z0-9_-]", lowercase=False),
    ("aws", "launch_template"): NameRule(128, r"[^a-zA-Z0-9()./_-]", lowercase=False),
    ("aws", "placement_group"): NameRule(255, r"[^a-zA-Z0-9_-]", lowercase=False),
    # https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster
    ("gcp", "cluster"): NameRule(40, r"[^a-z0-9-]"),
    ("gcp", "node_pool"): NameRule(40, r"[^a-z0-9-]"),
    # 6-30 characters, unique per project: the suffix keeps two stacks in one project apart.
    # https://cloud.google.com/iam/docs/service-accounts-create#creating
    ("gcp", "service_account"): NameRule(30, r"[^a-z0-9-]", globally_unique=True),
    # https://cloud.google.com/compute/docs/naming-resources#resource-name-format
    ("gcp", "network"): NameRule(63, r"[^a-z0-9-]"),
    # https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcontainerservice
    ("azure", "aks_cluster"): NameRule(63, r"[^a-zA-Z0-9_-]", lowercase=False),
    ("azure", "agent_pool"): NameRule(12, r"[^a-z0-9]", separator=""),
    ("azure", "virtual_network"): NameRule(64, r"[^a-zA-Z0-9_.-]", lowercase=False),
}


def physical_name(cloud: str, kind: str, *parts: str, scope: str) -> str:
    """The cloud name for `parts` joined by the rule's separator.

    `scope` (e.g. `corridor/aws-ap-southeast-1`) seeds the uniqueness suffix for globally unique
    kinds, so two stacks never collide and one stack always gets the same name.
    """
    rule = RULES[(cloud, kind)]
    sep = rule.separator
    text = sep.join(parts)
    if rule.lowercase:
        text = text.lower()
    text = re.sub(rule.invalid, sep, text) if sep else re.sub(rule.invalid, "", text)
    if sep:
        text = re.sub(f"{re.escape(sep)}+", sep, text).strip(sep)
    if rule.globally_unique:
        suffix = hashlib.sha256(f"{scope}/{kind}/{text}".encode()).hexdigest()[:8]
        room = rule.max_length - len(suffix) - len(sep)
        text = f"{text[:room].rstrip(sep)}{sep}{suffix}"
    return text[: rule.max_length]
