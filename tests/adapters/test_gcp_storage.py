"""Exact provider inputs of GCP replicated storage: construction per region pair, bucket baseline,
CMEK grants, the cross-bucket replication job, and the neutral outputs."""

from __future__ import annotations

from typing import Any

import pytest

from components.clouds.gcp.storage import dual_region
from corridor.mockcloud.gcp import project_number
from tests.conftest import render_plan
from tests.plans import named, resources

BUCKET = "gcp:storage/bucket:Bucket"
TRANSFER_JOB = "gcp:storage/transferJob:TransferJob"
KEY_MEMBER = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"


def storage_key_grants(plan: dict) -> list[dict]:
    """Key grants made for storage (the cluster grants its own agents separately)."""
    return [g for g in resources(plan, KEY_MEMBER) if g["name"].startswith("storage-")]


BUCKET_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
LOG_BUCKET = "storage-access-log-bucket-{}"
ANALYTICS = "group:cloud-storage-analytics@google.com"


def data_buckets(plan: dict) -> list[dict]:
    """The data buckets, without the per-region access-log buckets."""
    return [b for b in resources(plan, BUCKET) if "-access-log-bucket-" not in b["name"]]


def log_buckets(plan: dict) -> dict[str, dict]:
    """The access-log buckets by logical name."""
    return {b["name"]: b for b in resources(plan, BUCKET) if "-access-log-bucket-" in b["name"]}


# The mock cloud's number for the example project (getProject answers it; agents are named by it).
PROJECT_NUMBER = project_number("corridor-prod-apac")
GCS_AGENT = f"serviceAccount:service-{PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com"
TRANSFER_AGENT = f"serviceAccount:project-{PROJECT_NUMBER}@storage-transfer-service.iam.gserviceaccount.com"
KEY_RING = "projects/corridor-prod-apac/locations/{}/keyRings/corridor-gcp-asia-southeast1-keys"
PRIMARY_KEY = KEY_RING.format("asia-southeast1") + "/cryptoKeys/corridor-data"
REPLICA_KEY = KEY_RING.format("asia-southeast2") + "/cryptoKeys/corridor-data"
DUAL_KEY = KEY_RING.format("asia") + "/cryptoKeys/corridor-data"
DUAL = {"region": "asia-southeast1", "drRegion": "asia-east1"}


def _bucket_outputs(plan: dict[str, Any], bucket: str) -> dict[str, Any]:
    return plan["outputs"]["storage"]["buckets"][bucket]


@pytest.mark.parametrize(
    ("region", "dr_region", "expected"),
    [
        ("asia-southeast1", "asia-east1", ("ASIA", "asia", ["ASIA-SOUTHEAST1", "ASIA-EAST1"])),
        ("europe-west4", "europe-west1", ("EU", "europe", ["EUROPE-WEST4", "EUROPE-WEST1"])),
        ("us-central1", "us-east4", ("US", "us", ["US-CENTRAL1", "US-EAST4"])),
        ("us-east1", "us-central1", ("NAM4", "nam4", None)),
        ("europe-west4", "europe-north1", ("EUR4", "eur4", None)),
        ("asia-northeast1", "asia-northeast2", ("ASIA1", "asia1", None)),
        ("asia-southeast1", "asia-southeast2", None),
        ("me-central1", "me-central2", None),
        ("asia-south1", "asia-south2", None),
        ("europe-west3", "europe-west10", None),
        ("europe-west8", "europe-west12", None),
        ("australia-southeast1", "australia-southeast2", None),
        ("asia-east1", "asia-east1", None),
    ],
)
def test_dual_region_only_where_key_location_is_settled(
    region: str, dr_region: str, expected: tuple[str, str, list[str] | None] | None
) -> None:
    """A pair becomes a dual-region only inside one location code (or a predefined dual-region)
    whose KMS location is documented; ineligible pairs and the DE/IN/IT/AU/CA codes, whose key
    location is unsettled, fall back to two buckets."""
    result = dual_region(region, dr_region)
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert (result.location, result.kms_location, result.data_locations) == expected


def test_example_stack_builds_two_buckets_per_bucket_name() -> None:
    """asia-southeast1 -> asia-southeast2 is not a valid dual-region: one bucket per region, each
    encrypted with the key of its own region, protected and retained."""
    plan = render_plan("gcp")
    buckets = {b["name"]: b for b in data_buckets(plan)}
    assert sorted(buckets) == [
        "storage-checkpoints-primary",
        "storage-checkpoints-replica",
        "storage-weights-primary",
        "storage-weights-replica",
    ]
    primary, replica = buckets["storage-checkpoints-primary"], buckets["storage-checkpoints-replica"]
    assert primary["inputs"]["location"] == "ASIA-SOUTHEAST1"
    assert replica["inputs"]["location"] == "ASIA-SOUTHEAST2"
    assert primary["inputs"]["encryption"] == {"defaultKmsKeyName": PRIMARY_KEY}
    assert replica["inputs"]["encryption"] == {"defaultKmsKeyName": REPLICA_KEY}
    for bucket in buckets.values():
        assert "rpo" not in bucket["inputs"], "turbo replication errors on regional buckets"
        assert "customPlacementConfig" not in bucket["inputs"]
        assert (bucket["protect"], bucket["retainOnDelete"]) == (True, True)
    assert primary["inputs"]["name"] != replica["inputs"]["name"]


def test_every_bucket_gets_the_baseline() -> None:
    """Every bucket: uniform access, public access prevention enforced, versioning, soft delete,
    noncurrent versions deleted after noncurrentVersionDays, stack labels, never force-destroyed."""
    storage = {"buckets": [{"name": "checkpoints"}], "noncurrentVersionDays": 45, "softDeleteDays": 14}
    for edits in ({"storage": storage}, {"storage": storage, **DUAL}):
        plan = render_plan("gcp", edits)
        for bucket in data_buckets(plan):
            inputs = bucket["inputs"]
            assert inputs["uniformBucketLevelAccess"] is True
            assert inputs["publicAccessPrevention"] == "enforced"
            assert inputs["versioning"] == {"enabled": True}
            assert inputs["softDeletePolicy"] == {"retentionDurationSeconds": 14 * 86_400}
            assert inputs["lifecycleRules"] == [
                {
                    "action": {"type": "Delete"},
                    "condition": {"daysSinceNoncurrentTime": 45, "withState": "ARCHIVED"},
                }
            ]
            assert inputs["forceDestroy"] is False
            assert inputs["project"] == "corridor-prod-apac"
            assert inputs["labels"]["managed-by"] == "corridor"
            assert inputs["labels"]["team"] == "ml-platform"


def test_bucket_names_are_global_and_deterministic() -> None:
    """Bucket names carry the bucket, location and a stable suffix, fit 63 characters, and do not
    change between renders (a recovery stack recomputes them)."""
    first = {b["name"]: b["inputs"]["name"] for b in resources(render_plan("gcp"), BUCKET)}
    second = {
        b["name"]: b["inputs"]["name"] for b in resources(render_plan("gcp", {"keys": {"rotationDays": 91}}), BUCKET)
    }
    assert first == second
    name = first["storage-checkpoints-primary"]
    assert name.startswith("corridor-checkpoints-asia-southeast1-")
    assert len(name) <= 63
    assert len(set(first.values())) == len(first)


def test_buckets_wait_for_the_storage_agent_key_grant() -> None:
    """The Cloud Storage service agent gets encrypter/decrypter on each key a bucket uses, and
    each bucket depends on that grant (creating a CMEK bucket before the grant fails)."""
    plan = render_plan("gcp")
    grants = {g["name"]: g for g in storage_key_grants(plan)}
    assert {name: g["inputs"] for name, g in grants.items()} == {
        "storage-primary-key-agent": {
            "cryptoKeyId": PRIMARY_KEY,
            "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            "member": GCS_AGENT,
        },
        "storage-replica-key-agent": {
            "cryptoKeyId": REPLICA_KEY,
            "role": "roles/cloudkms.cryptoKeyEncrypterDecrypter",
            "member": GCS_AGENT,
        },
    }
    assert grants["storage-primary-key-agent"]["urn"] in named(plan, "storage-checkpoints-primary")["dependsOn"]
    assert grants["storage-replica-key-agent"]["urn"] in named(plan, "storage-checkpoints-replica")["dependsOn"]
    for grant in grants.values():
        assert grant["protect"] is False


def test_cross_bucket_replication_job() -> None:
    """A Storage Transfer replication job per bucket from primary to replica: no custom name, no
    delete options, no schedule; protected, retained, and created after the agent's grants."""
    plan = render_plan("gcp")
    job = named(plan, "storage-checkpoints-replication")
    assert job["type"] == TRANSFER_JOB
    primary, replica = named(plan, "storage-checkpoints-primary"), named(plan, "storage-checkpoints-replica")
    assert job["inputs"] == {
        "description": "corridor gcp-asia-southeast1: replicate checkpoints asia-southeast1 -> asia-southeast2",
        "project": "corridor-prod-apac",
        "replicationSpec": {
            "gcsDataSource": {"bucketName": primary["inputs"]["name"]},
            "gcsDataSink": {"bucketName": replica["inputs"]["name"]},
            "transferOptions": {"overwriteWhen": "DIFFERENT"},
        },
    }
    assert (job["protect"], job["retainOnDelete"]) == (True, True)
    grants = [g for g in resources(plan, BUCKET_MEMBER) if g["name"].startswith("storage-checkpoints-")]
    assert len(grants) == 4
    assert all(g["urn"] in job["dependsOn"] for g in grants)
    assert len(resources(plan, TRANSFER_JOB)) == 2


def test_transfer_agent_reads_source_and_writes_sink() -> None:
    """The Storage Transfer Service agent gets legacyBucketOwner (to attach the notification) and
    objectViewer on the source, legacyBucketWriter and objectViewer on the sink (to compare before
    overwriting), nothing else."""
    plan = render_plan("gcp")
    primary = named(plan, "storage-checkpoints-primary")["inputs"]["name"]
    replica = named(plan, "storage-checkpoints-replica")["inputs"]["name"]
    grants = sorted(
        (g["inputs"]["bucket"], g["inputs"]["role"], g["inputs"]["member"])
        for g in resources(plan, BUCKET_MEMBER)
        if g["name"].startswith("storage-checkpoints-")
    )
    assert grants == sorted(
        [
            (primary, "roles/storage.legacyBucketOwner", TRANSFER_AGENT),
            (primary, "roles/storage.objectViewer", TRANSFER_AGENT),
            (replica, "roles/storage.legacyBucketWriter", TRANSFER_AGENT),
            (replica, "roles/storage.objectViewer", TRANSFER_AGENT),
        ]
    )


def test_cross_bucket_outputs_say_no_documented_rpo() -> None:
    """Outputs name the construction and admit that cross-bucket replication has no RPO."""
    plan = render_plan("gcp")
    outputs = _bucket_outputs(plan, "checkpoints")
    assert outputs["replication"] == "gcs-cross-bucket"
    assert outputs["rpo"] == "none-documented"
    assert (outputs["primaryRegion"], outputs["replicaRegion"]) == ("asia-southeast1", "asia-southeast2")
    assert outputs["primaryName"] == named(plan, "storage-checkpoints-primary")["inputs"]["name"]
    assert outputs["replicaUrl"] == "gs://" + named(plan, "storage-checkpoints-replica")["inputs"]["name"]
    assert (outputs["primaryKeyId"], outputs["replicaKeyId"]) == (PRIMARY_KEY, REPLICA_KEY)


def test_dual_region_pair_builds_one_turbo_bucket() -> None:
    """asia-southeast1 + asia-east1: one ASIA dual-region bucket with both data locations, turbo
    replication, encrypted with a key in the `asia` multi-region; no transfer job."""
    plan = render_plan("gcp", DUAL)
    buckets = data_buckets(plan)
    assert [b["name"] for b in buckets] == ["storage-checkpoints", "storage-weights"]
    inputs = named(plan, "storage-checkpoints")["inputs"]
    assert inputs["location"] == "ASIA"
    assert inputs["customPlacementConfig"] == {"dataLocations": ["ASIA-SOUTHEAST1", "ASIA-EAST1"]}
    assert inputs["rpo"] == "ASYNC_TURBO"
    assert inputs["encryption"] == {"defaultKmsKeyName": DUAL_KEY}
    assert named(plan, "storage-dual-region-key-ring")["inputs"]["location"] == "asia"
    assert resources(plan, TRANSFER_JOB) == []
    assert [g["inputs"]["member"] for g in resources(plan, BUCKET_MEMBER)] == [ANALYTICS]
    for bucket in buckets:
        assert (bucket["protect"], bucket["retainOnDelete"]) == (True, True)


def test_dual_region_key_is_protected_and_granted() -> None:
    """The dual-region key is protected like the stack keys, and the Cloud Storage agent's grant
    on it precedes the buckets; the agent also gets the primary key, which encrypts the primary
    region's access-log bucket, before that bucket."""
    plan = render_plan("gcp", DUAL)
    key = named(plan, "storage-dual-region-key")
    assert (key["protect"], key["retainOnDelete"]) == (True, True)
    assert key["inputs"]["deletionPolicy"] == "PREVENT"
    grants = {g["name"]: g for g in storage_key_grants(plan)}
    role = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    assert {name: g["inputs"] for name, g in grants.items()} == {
        "storage-dual-region-key-agent": {"cryptoKeyId": DUAL_KEY, "role": role, "member": GCS_AGENT},
        "storage-primary-key-agent": {"cryptoKeyId": PRIMARY_KEY, "role": role, "member": GCS_AGENT},
    }
    for bucket in data_buckets(plan):
        assert grants["storage-dual-region-key-agent"]["urn"] in bucket["dependsOn"]
    log_bucket = named(plan, LOG_BUCKET.format("asia-southeast1"))
    assert grants["storage-primary-key-agent"]["urn"] in log_bucket["dependsOn"]


def test_dual_region_outputs_promise_fifteen_minutes() -> None:
    """Outputs: gcs-dual-region-turbo with a 15-minute RPO; the replica is the same bucket."""
    outputs = _bucket_outputs(render_plan("gcp", DUAL), "weights")
    assert outputs["replication"] == "gcs-dual-region-turbo"
    assert outputs["rpo"] == "15m"
    assert (outputs["primaryRegion"], outputs["replicaRegion"]) == ("asia-southeast1", "asia-east1")
    assert outputs["replicaName"] == outputs["primaryName"]
    assert outputs["replicaUrl"] == outputs["primaryUrl"] == f"gs://{outputs['primaryName']}"
    assert outputs["primaryKeyId"] == outputs["replicaKeyId"] == DUAL_KEY


@pytest.mark.parametrize("edits", [{}, DUAL], ids=["cross-bucket-pair", "dual-region-pair"])
def test_replication_off_builds_only_the_primary(edits: dict[str, Any]) -> None:
    """storage.replication false: one regional bucket in `region` with the primary key, no
    replica, no transfer job, outputs `none`."""
    plan = render_plan("gcp", {**edits, "storage": {"buckets": [{"name": "weights"}], "replication": False}})
    buckets = data_buckets(plan)
    assert [b["name"] for b in buckets] == ["storage-weights-primary"]
    assert list(log_buckets(plan)) == [LOG_BUCKET.format("asia-southeast1")]
    assert buckets[0]["inputs"]["location"] == "ASIA-SOUTHEAST1"
    assert buckets[0]["inputs"]["encryption"] == {"defaultKmsKeyName": PRIMARY_KEY}
    assert "rpo" not in buckets[0]["inputs"]
    assert resources(plan, TRANSFER_JOB) == []
    assert [g["name"] for g in storage_key_grants(plan)] == ["storage-primary-key-agent"]
    outputs = _bucket_outputs(plan, "weights")
    assert (outputs["replication"], outputs["rpo"]) == ("none", "none")
    assert (outputs["replicaName"], outputs["replicaRegion"], outputs["replicaKeyId"]) == (None, None, None)
    log_name = named(plan, LOG_BUCKET.format("asia-southeast1"))["inputs"]["name"]
    assert (outputs["primaryAccessLog"], outputs["replicaAccessLog"]) == (f"gs://{log_name}", None)


def test_versioning_off_is_passed_through() -> None:
    """storage.versioning false (only valid without replication) reaches the bucket as-is."""
    plan = render_plan(
        "gcp", {"storage": {"buckets": [{"name": "weights"}], "replication": False, "versioning": False}}
    )
    assert named(plan, "storage-weights-primary")["inputs"]["versioning"] == {"enabled": False}


def test_access_log_bucket_per_region_is_protected_like_data() -> None:
    """One access-log bucket per region corridor creates buckets in, encrypted with that region's
    stack key (after the storage agent's grant on it), uniform access, public access prevention,
    versioned, soft delete, every version deleted logging.retentionDays after it was written,
    protected and retained; Cloud Storage's analytics group may create (only) objects in it."""
    plan = render_plan("gcp", {"logging": {"retentionDays": 90}})
    logs = log_buckets(plan)
    assert sorted(logs) == [LOG_BUCKET.format("asia-southeast1"), LOG_BUCKET.format("asia-southeast2")]
    grants = {g["name"]: g["urn"] for g in storage_key_grants(plan)}
    for region, key, grant in (
        ("asia-southeast1", PRIMARY_KEY, "storage-primary-key-agent"),
        ("asia-southeast2", REPLICA_KEY, "storage-replica-key-agent"),
    ):
        bucket = logs[LOG_BUCKET.format(region)]
        inputs = bucket["inputs"]
        assert inputs["name"].startswith(f"corridor-{region}-access-logs-")
        assert {k: v for k, v in inputs.items() if k not in ("name", "labels")} == {
            "location": region.upper(),
            "project": "corridor-prod-apac",
            "uniformBucketLevelAccess": True,
            "publicAccessPrevention": "enforced",
            "versioning": {"enabled": True},
            "softDeletePolicy": {"retentionDurationSeconds": 7 * 86_400},
            "encryption": {"defaultKmsKeyName": key},
            "lifecycleRules": [{"action": {"type": "Delete"}, "condition": {"age": 90, "withState": "ANY"}}],
            "forceDestroy": False,
            "deletionPolicy": "PREVENT",
        }
        assert inputs["labels"]["managed-by"] == "corridor"
        assert (bucket["protect"], bucket["retainOnDelete"]) == (True, True)
        assert grants[grant] in bucket["dependsOn"]
        writers = [
            g["inputs"]
            for g in resources(plan, BUCKET_MEMBER)
            if g["name"] == f"{LOG_BUCKET.format(region)}-analytics-writer"
        ]
        assert writers == [{"bucket": inputs["name"], "role": "roles/storage.objectCreator", "member": ANALYTICS}]


def test_data_buckets_log_access_to_their_regions_log_bucket() -> None:
    """Each data bucket's usage logs go to its own region's log bucket (never itself), and the
    outputs name both destinations as gs:// URLs."""
    plan = render_plan("gcp")
    logs = {
        region: named(plan, LOG_BUCKET.format(region))["inputs"]["name"]
        for region in ("asia-southeast1", "asia-southeast2")
    }
    for bucket in ("checkpoints", "weights"):
        primary = named(plan, f"storage-{bucket}-primary")["inputs"]
        replica = named(plan, f"storage-{bucket}-replica")["inputs"]
        assert primary["logging"] == {"logBucket": logs["asia-southeast1"]}
        assert replica["logging"] == {"logBucket": logs["asia-southeast2"]}
        outputs = _bucket_outputs(plan, bucket)
        assert outputs["primaryAccessLog"] == f"gs://{logs['asia-southeast1']}"
        assert outputs["replicaAccessLog"] == f"gs://{logs['asia-southeast2']}"


def test_dual_region_bucket_logs_to_the_primary_regions_log_bucket() -> None:
    """A dual-region pair creates one log bucket, in `region`, with the primary key; both data
    buckets log there, and both access-log outputs name it (the replica is the same bucket)."""
    plan = render_plan("gcp", DUAL)
    logs = log_buckets(plan)
    assert list(logs) == [LOG_BUCKET.format("asia-southeast1")]
    log = logs[LOG_BUCKET.format("asia-southeast1")]["inputs"]
    assert (log["location"], log["encryption"]) == ("ASIA-SOUTHEAST1", {"defaultKmsKeyName": PRIMARY_KEY})
    for bucket in data_buckets(plan):
        assert bucket["inputs"]["logging"] == {"logBucket": log["name"]}
    outputs = _bucket_outputs(plan, "weights")
    assert outputs["primaryAccessLog"] == outputs["replicaAccessLog"] == f"gs://{log['name']}"
