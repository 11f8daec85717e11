"""Buckets as a reviewer reads them: where each copy's data lives, and what replication promises."""

from __future__ import annotations

from typing import Any

from components.catalog import regions

CONSTRUCTIONS = {
    "s3-crr-rtc": "S3 Cross-Region Replication with Replication Time Control to a second bucket in the "
    "DR region: 99.99% of new objects copied within 15 minutes, backed by an SLA",
    "gcs-dual-region-turbo": "one dual-region Cloud Storage bucket holding the data in both regions, "
    "with turbo replication: 100% of new objects in both regions within 15 minutes, backed by an SLA",
    "gcs-cross-bucket": "two Cloud Storage buckets and a Storage Transfer Service cross-bucket replication "
    "job: asynchronous, no RPO documented; deletes are not replicated",
    "azure-object-replication": "a storage account in each region and an asynchronous object "
    "replication policy between them; Microsoft documents no completion time",
    "oci-object-replication": "an Object Storage bucket in each region and a replication policy between "
    "them: asynchronous, no RPO documented; the destination is read-only, deletes are replicated",
    "oss-crr": "an OSS bucket in each region and a cross-region replication rule between them, earlier "
    "objects included: asynchronous, no RPO documented between these regions; deletes are replicated",
    "oss-crr-rtc": "an OSS bucket in each region and a cross-region replication rule with Replication Time "
    "Control: 99.99% of new objects copied within 10 minutes; deletes are replicated",
    "none": "not replicated: the only copy is in the primary region",
}
"""Each bucket `replication` construction, for the legend."""


def rpo_text(rpo: str | None) -> str:
    """The RPO as a reviewer reads it: `15m` -> `15-minute RPO (SLA)`."""
    if rpo in (None, "none"):
        return "not replicated"
    if rpo == "none-documented":
        return "no documented RPO"
    if rpo.endswith("m") and rpo[:-1].isdigit():
        return f"{rpo[:-1]}-minute RPO (SLA)"
    if rpo.endswith("h") and rpo[:-1].isdigit():
        return f"{rpo[:-1]}-hour RPO (SLA)"
    return f"RPO {rpo}"


def place(cloud: str, region_id: str) -> str:
    """`ap-southeast-1 (Singapore, SG)`: the region with the city and country of its data centres."""
    try:
        found = regions.region(cloud, region_id)
    except KeyError:
        return f"{region_id} (country unknown to the region catalog)"
    return f"{region_id} ({found.city}, {found.country})"


def bucket_rows(plan: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(bucket, where its copies live, construction, RPO wording) per bucket, sorted by name."""
    buckets = (plan["outputs"].get("storage") or {}).get("buckets") or {}
    result = []
    for name, bucket in sorted(buckets.items()):
        places = [bucket["primaryRegion"]] + ([bucket["replicaRegion"]] if bucket.get("replicaRegion") else [])
        where = " + ".join(place(plan["cloud"], region_id) for region_id in places)
        result.append((name, where, str(bucket.get("replication", "?")), rpo_text(bucket.get("rpo"))))
    return result
