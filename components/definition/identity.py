"""Who owns a region and pays for it: the tag schema every resource carries."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from components.definition.base import SpecModel

# 63 characters is the strictest value limit of the supported clouds (GCP label values), so a
# value that validates here reaches every cloud untruncated and a bill groups by the same team.
TagValue = Annotated[str, StringConstraints(min_length=1, max_length=63, strip_whitespace=True)]


class Tags(SpecModel):
    """Cost attribution shared by every taggable resource, GPU node label and metric.

    Config key `corridor:tags`. All four are required: an untagged GPU-hour is a GPU-hour
    nobody can be charged for. Values are 1 to 63 characters.
    """

    team: TagValue
    """Team that owns the region (tag `team`). Required."""

    purpose: TagValue
    """What the region is for, e.g. `training` or `inference` (tag `purpose`). Required."""

    environment: TagValue
    """Deployment environment, e.g. `prod` (tag `environment`). Required."""

    cost_center: TagValue
    """Finance cost centre billed for the region (tag `cost-center`). Required."""
