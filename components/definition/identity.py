"""Who owns a region and pays for it: the tag schema every resource carries."""

from __future__ import annotations

import re
from typing import Annotated

from components.definition.base import SpecModel, satisfies

TAG_VALUE = r"[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?"
"""The one tag value every place a tag lands accepts unchanged: 1 to 63 lowercase letters,
digits, `_` or `-`, starting and ending with a letter or digit. It is the intersection of GCP
labels (lowercase, `_`, `-`, at most 63,
https://cloud.google.com/resource-manager/docs/labels-overview#requirements), Kubernetes label
values (alphanumeric at both ends, at most 63,
https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set),
AWS tags (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions)
and Azure tags (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations)."""

TAG_VALUE_RULE = "1 to 63 lowercase letters, digits, '_' or '-', starting and ending with a letter or digit"
"""`TAG_VALUE` in words, for validation messages."""

TagValue = Annotated[
    str,
    satisfies(
        lambda v: re.fullmatch(TAG_VALUE, v) is not None,
        f"must be {TAG_VALUE_RULE}: the one value every cloud's tags and labels and Kubernetes "
        "label values accept unchanged",
    ),
]


class Tags(SpecModel):
    """Cost attribution shared by every taggable resource, GPU node label and metric.

    Config key `corridor:tags`. All four are required: an untagged GPU-hour is a GPU-hour
    nobody can be charged for. Each value is used unchanged on every cloud and as a Kubernetes
    label value, so it must satisfy the strictest rule of them all: 1 to 63 lowercase letters,
    digits, `_` or `-`, starting and ending with a letter or digit.
    """

    team: TagValue
    """Team that owns the region (tag `team`), e.g. `ml-platform`. Required."""

    purpose: TagValue
    """What the region is for, e.g. `training` or `inference` (tag `purpose`). Required."""

    environment: TagValue
    """Deployment environment, e.g. `prod` (tag `environment`). Required."""

    cost_center: TagValue
    """Finance cost centre billed for the region (tag `cost-center`), e.g. `ai-1234`. Required."""


# Kubernetes label syntax: a key is an optional DNS-subdomain prefix and `/`, then a name of
# alphanumerics, `-`, `_`, `.` (at most 63); a value is empty or such a name.
# https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
LABEL_KEY = (
    r"(?:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*/)?"
    r"[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
)
LABEL_VALUE = r"(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?"
