"""Exact S3 inputs: hardened buckets on both sides, CRR with Replication Time Control, and server
access logs to a protected log bucket in each region."""

from __future__ import annotations

import json

from tests.conftest import render_plan
from tests.plans import named, resources

ACCOUNT = "000000000000"  # the mock's placeholder account
LOGS = {
    "primary": ("storage-access-logs", "corridor-aws-ap-southeast-1-access-logs-ap-southeast-1-7b0db3da", None),
    "replica": (
        "storage-access-logs-dr",
        "corridor-aws-ap-southeast-1-access-logs-ap-southeast-3-3b655cb8",
        "ap-southeast-3",
    ),
}
"""Each side's log bucket: logical name, physical name, region input (None: the provider's)."""


def test_primary_and_replica_buckets_live_in_their_regions() -> None:
    """The primary bucket uses the provider region; the replica names drRegion explicitly."""
    plan = render_plan("aws")
    primary = named(plan, "storage-checkpoints-primary")
    replica = named(plan, "storage-checkpoints-replica")
    assert "region" not in primary["inputs"]
    assert replica["inputs"]["region"] == "ap-southeast-3"
    assert primary["inputs"]["forceDestroy"] is False
    for bucket in (primary, replica):
        assert (bucket["protect"], bucket["retainOnDelete"]) == (True, True)
        assert bucket["inputs"]["bucket"].startswith("corridor-aws-ap-southeast-1-checkpoints-")


def test_buckets_encrypt_with_their_regions_key_and_bucket_keys() -> None:
    """SSE-KMS with the primary key in region and the replica key in drRegion; SSE-C blocked."""
    plan = render_plan("aws")
    keys = plan["outputs"]["keys"]
    for side, key in (("primary", keys["keyId"]), ("replica", keys["replicaKeyId"])):
        rule = named(plan, f"storage-weights-{side}-encryption")["inputs"]["rules"][0]
        assert rule == {
            "applyServerSideEncryptionByDefault": {"kmsMasterKeyId": key, "sseAlgorithm": "aws:kms"},
            "blockedEncryptionTypes": ["SSE-C"],
            "bucketKeyEnabled": True,
        }


def test_every_bucket_blocks_public_access_and_requires_tls() -> None:
    """All four public-access blocks, owner-enforced ownership, and a deny on plain HTTP."""
    plan = render_plan("aws")
    blocks = resources(plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    assert len(blocks) == 6  # four data buckets and two log buckets
    for block in blocks:
        flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        assert all(block["inputs"][flag] is True for flag in flags)
    for ownership in resources(plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls"):
        assert ownership["inputs"]["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
    policy = json.loads(named(plan, "storage-checkpoints-primary-tls-only")["inputs"]["policy"])
    statement = policy["Statement"][0]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_replication_rule_has_rtc_metrics_delete_markers_and_replica_key() -> None:
    """CRR: RTC 15 min with metrics, delete markers, SSE-KMS objects, replica key, after versioning."""
    plan = render_plan("aws")
    config = named(plan, "storage-checkpoints-replication")
    assert config["type"] == "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
    assert (config["protect"], config["retainOnDelete"]) == (True, True)
    replica_arn = "arn:aws:s3:::" + named(plan, "storage-checkpoints-replica")["inputs"]["bucket"]
    assert config["inputs"]["rules"] == [
        {
            "deleteMarkerReplication": {"status": "Enabled"},
            "destination": {
                "bucket": replica_arn,
                "encryptionConfiguration": {"replicaKmsKeyId": plan["outputs"]["keys"]["replicaKeyId"]},
                "metrics": {"eventThreshold": {"minutes": 15}, "status": "Enabled"},
                "replicationTime": {"status": "Enabled", "time": {"minutes": 15}},
                "storageClass": "STANDARD",
            },
            "filter": {"prefix": ""},
            "id": "all-objects-to-dr",
            "priority": 1,
            "sourceSelectionCriteria": {
                "replicaModifications": {"status": "Enabled"},
                "sseKmsEncryptedObjects": {"status": "Enabled"},
            },
            "status": "Enabled",
        }
    ]
    versionings = {r["urn"] for r in resources(plan, "aws:s3/bucketVersioning:BucketVersioning")}
    assert len(versionings & set(config["dependsOn"])) == 2


def test_replication_role_is_least_privilege() -> None:
    """The role trusts only S3; its policy names one bucket pair and the two keys, with conditions."""
    plan = render_plan("aws")
    role = named(plan, "storage-replication-role")
    trust = json.loads(role["inputs"]["assumeRolePolicy"])
    assert trust["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}}
    ]
    policy = json.loads(named(plan, "storage-weights-replication-policy")["inputs"]["policy"])
    actions = {action for statement in policy["Statement"] for action in statement["Action"]}
    assert "s3:*" not in actions
    assert "kms:*" not in actions
    decrypt = next(s for s in policy["Statement"] if s["Action"] == ["kms:Decrypt"])
    assert decrypt["Resource"] == [plan["outputs"]["keys"]["keyId"]]
    assert decrypt["Condition"]["StringEquals"] == {"kms:ViaService": "s3.ap-southeast-1.amazonaws.com"}
    encrypt = next(s for s in policy["Statement"] if "kms:Encrypt" in s["Action"])
    assert encrypt["Resource"] == [plan["outputs"]["keys"]["replicaKeyId"]]
    assert encrypt["Condition"]["StringEquals"] == {"kms:ViaService": "s3.ap-southeast-3.amazonaws.com"}


def test_noncurrent_versions_expire_after_configured_days() -> None:
    """Lifecycle keeps old versions `noncurrentVersionDays` and aborts stale multipart uploads."""
    storage = {"buckets": [{"name": "weights"}], "noncurrentVersionDays": 90}
    rule = named(render_plan("aws", {"storage": storage}), "storage-weights-primary-lifecycle")["inputs"]["rules"][0]
    assert rule["noncurrentVersionExpiration"] == {"noncurrentDays": 90}
    assert rule["abortIncompleteMultipartUpload"] == {"daysAfterInitiation": 7}
    assert rule["status"] == "Enabled"


def test_replication_off_builds_only_primary_buckets() -> None:
    """With replication off there is no replica, role or replication config, and the outputs say so."""
    plan = render_plan("aws", {"storage": {"buckets": [{"name": "weights"}], "replication": False}})
    assert not resources(plan, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    assert not [r for r in resources(plan, "aws:iam/role:Role") if r["name"].startswith("storage-")]
    weights = plan["outputs"]["storage"]["buckets"]["weights"]
    assert (weights["replication"], weights["rpo"], weights["replicaRegion"]) == ("none", "none", None)


def test_every_data_bucket_logs_access_to_its_regions_log_bucket() -> None:
    """S8/CKV_AWS_18: BucketLogging on each data bucket, primary and replica, into the log bucket
    of its own region under the data bucket's name, once that bucket's policy admits S3's logging
    service; the outputs name the destination."""
    plan = render_plan("aws")
    buckets = plan["outputs"]["storage"]["buckets"]
    for bucket in ("checkpoints", "weights"):
        for side in ("primary", "replica"):
            log_name, log_physical, region = LOGS[side]
            data = named(plan, f"storage-{bucket}-{side}")["inputs"]["bucket"]
            logging = named(plan, f"storage-{bucket}-{side}-access-log")
            assert logging["type"] == "aws:s3/bucketLogging:BucketLogging"
            expected = {"bucket": data, "targetBucket": log_physical, "targetPrefix": f"{bucket}/"}
            if region is not None:
                expected["region"] = region
            assert logging["inputs"] == expected
            assert named(plan, f"{log_name}-policy")["urn"] in logging["dependsOn"]
            assert buckets[bucket][f"{side}AccessLog"] == f"s3://{log_physical}/{bucket}/"


def test_log_buckets_are_protected_private_versioned_sse_s3_and_expire_logs() -> None:
    """S8/O3: each region's log bucket is stateful, versioned (protected), blocks all public
    access, owner-enforced, SSE-S3 (the only default encryption server access logs are delivered
    into), and expires logs after logging.retentionDays."""
    plan = render_plan("aws", {"logging": {"retentionDays": 400}})
    for log_name, log_physical, region in LOGS.values():
        bucket = named(plan, log_name)
        assert bucket["type"] == "aws:s3/bucket:Bucket"
        assert (bucket["inputs"]["bucket"], bucket["inputs"].get("region")) == (log_physical, region)
        assert bucket["inputs"]["forceDestroy"] is False
        assert (bucket["protect"], bucket["retainOnDelete"]) == (True, True)
        versioning = named(plan, f"{log_name}-versioning")
        assert versioning["inputs"]["versioningConfiguration"] == {"status": "Enabled"}
        assert (versioning["protect"], versioning["retainOnDelete"]) == (True, True)
        assert named(plan, f"{log_name}-encryption")["inputs"]["rules"] == [
            {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}, "blockedEncryptionTypes": ["SSE-C"]}
        ]
        block = named(plan, f"{log_name}-public-access")["inputs"]
        flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        assert all(block[flag] is True for flag in flags)
        ownership = named(plan, f"{log_name}-ownership")["inputs"]["rule"]
        assert ownership == {"objectOwnership": "BucketOwnerEnforced"}
        assert named(plan, f"{log_name}-lifecycle")["inputs"]["rules"] == [
            {
                "id": "expire-access-logs",
                "status": "Enabled",
                "filter": {"prefix": ""},
                "expiration": {"days": 400},
                "noncurrentVersionExpiration": {"noncurrentDays": 30},
                "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
            }
        ]


def test_log_bucket_policy_is_tls_only_and_admits_only_its_regions_sources() -> None:
    """The log bucket's policy denies plain HTTP and lets logging.s3.amazonaws.com PutObject only
    under each source's prefix, for those source buckets of this account (confused deputy)."""
    plan = render_plan("aws")
    for side, (log_name, log_physical, _) in LOGS.items():
        sources = [named(plan, f"storage-{b}-{side}")["inputs"]["bucket"] for b in ("checkpoints", "weights")]
        log_arn = f"arn:aws:s3:::{log_physical}"
        assert json.loads(named(plan, f"{log_name}-policy")["inputs"]["policy"])["Statement"] == [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [log_arn, f"{log_arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            {
                "Sid": "S3ServerAccessLogsPolicy",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": [f"{log_arn}/{bucket}/*" for bucket in ("checkpoints", "weights")],
                "Condition": {
                    "ArnLike": {"aws:SourceArn": [f"arn:aws:s3:::{source}" for source in sources]},
                    "StringEquals": {"aws:SourceAccount": ACCOUNT},
                },
            },
        ]


def test_replication_off_keeps_only_the_primary_regions_log_bucket() -> None:
    """Without a replica there is no DR log bucket, and replicaAccessLog is null."""
    plan = render_plan("aws", {"storage": {"buckets": [{"name": "weights"}], "replication": False}})
    assert [b["name"] for b in resources(plan, "aws:s3/bucket:Bucket")] == [
        "storage-access-logs",
        "storage-weights-primary",
    ]
    weights = plan["outputs"]["storage"]["buckets"]["weights"]
    assert weights["replicaAccessLog"] is None
    assert weights["primaryAccessLog"].startswith("s3://corridor-aws-ap-southeast-1-access-logs-ap-southeast-1-")
