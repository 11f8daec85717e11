"""Replicated object storage (`corridor:storage`) and data residency (`corridor:residency`)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, model_validator

from components.definition.base import SpecModel, satisfies, within

# Bucket names become part of each cloud's physical names (S3 and GCS buckets, Azure
# containers); this is the intersection of their character rules, short enough to leave room
# for the stack and the uniqueness suffix.
BUCKET_NAME = satisfies(
    lambda v: re.fullmatch(r"[a-z][a-z0-9-]{1,18}[a-z0-9]", v) is not None and "--" not in v,
    "must be 3 to 20 lowercase letters, digits or single hyphens, starting with a letter",
)
# GCS soft delete accepts 7 to 90 days (0 disables it); Azure blob and container soft delete
# accept 1 to 365. 7 to 90 is valid on both.
SOFT_DELETE_DAYS = within(7, 90, "days", "GCS soft-delete limits, valid on every cloud")
NONCURRENT_DAYS = within(1, 3650, "days", "a noncurrent version is kept at least a day and at most ten years")
COUNTRY = satisfies(lambda v: re.fullmatch(r"[A-Z]{2}", v) is not None, "must be an ISO 3166-1 alpha-2 code such as SG")


class Bucket(SpecModel):
    """One named bucket (a container on Azure), present in `region` and replicated to `drRegion`."""

    name: Annotated[str, BUCKET_NAME]
    """Short neutral name, e.g. `checkpoints` or `weights`; physical names derive from it.
    Required."""


class Storage(SpecModel):
    """Buckets for checkpoints and weights, versioned, encrypted with the stack's own keys."""

    buckets: list[Bucket] = Field(default_factory=list)
    """The buckets every region gets. Default: none (no storage is created)."""

    versioning: bool = True
    """Keep every version of every object. Default true; replication needs it on every cloud."""

    noncurrent_version_days: Annotated[int, NONCURRENT_DAYS] = 30
    """Days a replaced or deleted object's old version is kept before it expires. Default 30."""

    soft_delete_days: Annotated[int, SOFT_DELETE_DAYS] = 7
    """Days a deleted object (and, on Azure, container) can still be restored, where the cloud
    has soft delete (GCS, Azure). 7 to 90. Default 7, the GCS default."""

    replication: bool = True
    """Replicate every bucket to `drRegion`. Default true."""

    @model_validator(mode="after")
    def _check(self) -> Storage:
        names = [bucket.name for bucket in self.buckets]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"bucket names must be unique; repeated: {', '.join(duplicates)}")
        if self.replication and not self.versioning:
            raise ValueError("replication needs versioning: S3 and Azure replicate versions, not objects")
        return self


Residency = list[Annotated[str, COUNTRY]]
"""ISO country codes where the stack's data may live (`corridor:residency`)."""
