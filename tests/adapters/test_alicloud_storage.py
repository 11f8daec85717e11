"""Exact Alibaba Cloud inputs of keys and OSS (alicloud-ap-southeast-1, DR ap-southeast-5): a
protected, rotating AES-256 KMS default key and its alias per region, each created through its
region's provider; protected, private, versioned buckets encrypted with their region's key, each
logging to its region's log bucket; one replication rule per bucket through a RAM role only OSS
may assume, scoped to the two buckets and keys; no deprecated pulumi-alicloud 4.0.0 argument."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pulumi_alicloud

from corridor.mockcloud.alicloud import key_id
from corridor.render import render_config
from tests.conftest import PROJECT_DIR, base_config, render_plan
from tests.plans import named, resources

STACK = "alicloud-ap-southeast-1"
REGION, DR_REGION = "ap-southeast-1", "ap-southeast-5"
SIDES = {"primary": REGION, "replica": DR_REGION}
RESOURCE_GROUP = "rg-aek2placeholder00000"
TAGS = {
    "cloud": "alibaba_cloud",
    "cost-center": "ai-1234",
    "environment": "prod",
    "managed-by": "corridor",
    "purpose": "training",
    "region": REGION,
    "stack": STACK,
    "team": "ml-platform",
}
ALIASES = {
    "primary": "alias/corridor-alicloud-ap-southeast-1-keys-ap-southeast-1-09f4d79e",
    "replica": "alias/corridor-alicloud-ap-southeast-1-keys-ap-southeast-5-d62caaf8",
}
"""Each region's alias: `alias/` and the profile's `kms_alias` rule, which adds the scope's suffix."""
KEY_IDS = {side: key_id(region, ALIASES[side]) for side, region in SIDES.items()}
"""The mock cloud's id of each side's key (hashed from its region and alias)."""
BUCKETS = {
    ("checkpoints", "primary"): "corridor-alicloud-ap-southeast-1-checkpoints-primary-e7199a85",
    ("checkpoints", "replica"): "corridor-alicloud-ap-southeast-1-checkpoints-replica-c2000748",
    ("weights", "primary"): "corridor-alicloud-ap-southeast-1-weights-primary-e9d19deb",
    ("weights", "replica"): "corridor-alicloud-ap-southeast-1-weights-replica-eb3d599e",
}
"""Each copy's physical name: unique across all of OSS, hence the stack-scoped suffix."""
LOG_BUCKETS = {
    "primary": ("storage-access-logs", "corridor-alicloud-ap-southeast-1-logs-ap-southeast-1-446687ab"),
    "replica": ("storage-access-logs-dr", "corridor-alicloud-ap-southeast-1-logs-ap-southeast-5-d47126bf"),
}
"""Each region's access-log bucket: logical name and physical name."""
ROLES = {
    "checkpoints": (
        "corridor-alicloud-ap-southeast-1-checkpoints-crr-b180c8cb",
        "corridor-alicloud-ap-southeast-1-checkpoints-crr-74cd02ad",
    ),
    "weights": (
        "corridor-alicloud-ap-southeast-1-weights-crr-6fd1e874",
        "corridor-alicloud-ap-southeast-1-weights-crr-4a044702",
    ),
}
"""Each bucket's replication role and policy names."""

KEY = "alicloud:kms/key:Key"
ALIAS = "alicloud:kms/alias:Alias"
BUCKET = "alicloud:oss/bucket:Bucket"
REPLICATION = "alicloud:oss/bucketReplication:BucketReplication"
ROLE = "alicloud:ram/role:Role"
POLICY = "alicloud:ram/policy:Policy"
ATTACHMENT = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"


def provider_region(resource: dict[str, Any]) -> str:
    """The region of the provider a resource is registered with: Alibaba resources have no
    region input, so the provider (named after its region by the adapter) is where it lives."""
    return str(resource["provider"]).rsplit("::", 1)[1].removeprefix("alicloud-")


def test_each_region_has_a_protected_rotating_aes256_key() -> None:
    """A default key per region through that region's provider: AES-256, software (a default key's
    level), rotation every keys.rotationDays in seconds, deletion protection, the longest pending
    window (366 days), the stack's tags; protect and retainOnDelete."""
    plan = render_plan("alicloud")
    rotation = plan["outputs"]["keys"]["rotationDays"] * 86400
    for side, region in SIDES.items():
        key = named(plan, f"keys-{side}")
        assert key["type"] == KEY
        assert key["inputs"] == {
            "description": f"corridor {STACK}: keys key in {region} for OSS and ACK Secrets, {ALIASES[side]}",
            "keySpec": "Aliyun_AES_256",
            "keyUsage": "ENCRYPT/DECRYPT",
            "origin": "Aliyun_KMS",
            "protectionLevel": "SOFTWARE",
            "automaticRotation": "Enabled",
            "rotationInterval": f"{rotation}s",
            "pendingWindowInDays": 366,
            "deletionProtection": "Enabled",
            "deletionProtectionDescription": "corridor: data encrypted with this key is unreadable once it is deleted",
            "tags": TAGS,
        }
        assert "dkmsInstanceId" not in key["inputs"]
        assert provider_region(key) == region
        assert (key["protect"], key["retainOnDelete"]) == (True, True)
    assert len(resources(plan, KEY)) == 2
    assert plan["outputs"]["keys"]["keyId"] == KEY_IDS["primary"]
    assert plan["outputs"]["keys"]["replicaKeyId"] == KEY_IDS["replica"]


def test_each_key_has_a_protected_alias_in_its_region() -> None:
    """`alias/<physical name>` pointing at its region's key, through that region's provider,
    protected like the key (a recovery stack finds the DR key by it)."""
    plan = render_plan("alicloud")
    for side, region in SIDES.items():
        alias = named(plan, f"keys-{side}-alias")
        assert alias["type"] == ALIAS
        assert alias["inputs"] == {"aliasName": ALIASES[side], "keyId": KEY_IDS[side]}
        assert provider_region(alias) == region
        assert (alias["protect"], alias["retainOnDelete"]) == (True, True)
    assert len(resources(plan, ALIAS)) == 2
    assert not [r for r in plan["resources"] if r["type"] == "alicloud:kms/instance:Instance"]


def data_bucket_inputs(name: str, key: str) -> dict[str, Any]:
    return {
        "bucket": name,
        "storageClass": "Standard",
        "redundancyType": "LRS",
        "versioning": {"status": "Enabled"},
        "serverSideEncryptionRule": {"sseAlgorithm": "KMS", "kmsMasterKeyId": key},
        "lifecycleRules": [
            {"id": "expire-previous-versions", "enabled": True, "noncurrentVersionExpirations": [{"days": 30}]},
            {"id": "abort-incomplete-uploads", "enabled": True, "abortMultipartUploads": [{"days": 7}]},
        ],
        "forceDestroy": False,
        "resourceGroupId": RESOURCE_GROUP,
        "tags": TAGS,
    }


def test_every_data_bucket_is_versioned_encrypted_with_its_regions_key_and_protected() -> None:
    plan = render_plan("alicloud")
    for (bucket, side), physical in BUCKETS.items():
        resource = named(plan, f"storage-{bucket}-{side}")
        assert resource["type"] == BUCKET
        assert resource["inputs"] == data_bucket_inputs(physical, KEY_IDS[side])
        assert provider_region(resource) == SIDES[side]
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)
    assert len(resources(plan, BUCKET)) == len(BUCKETS) + len(LOG_BUCKETS)


def test_every_bucket_is_private_and_blocks_public_access_protected() -> None:
    """The ACL through `oss.BucketAcl` (the `acl` argument is deprecated) and Block Public Access,
    on every data and log bucket, in the bucket's region, stateful."""
    plan = render_plan("alicloud")
    targets = {f"storage-{b}-{s}": (physical, SIDES[s]) for (b, s), physical in BUCKETS.items()}
    targets |= {logical: (physical, SIDES[side]) for side, (logical, physical) in LOG_BUCKETS.items()}
    for logical, (physical, region) in targets.items():
        acl = named(plan, f"{logical}-acl")
        block = named(plan, f"{logical}-public-access-block")
        assert acl["inputs"] == {"bucket": physical, "acl": "private"}
        assert block["inputs"] == {"bucket": physical, "blockPublicAccess": True}
        for resource in (acl, block):
            assert provider_region(resource) == region
            assert (resource["protect"], resource["retainOnDelete"]) == (True, True)


def test_every_data_bucket_logs_to_its_regions_log_bucket() -> None:
    plan = render_plan("alicloud")
    for (bucket, side), physical in BUCKETS.items():
        logical, logs = LOG_BUCKETS[side]
        logging = named(plan, f"storage-{bucket}-{side}-logging")
        assert logging["inputs"] == {"bucket": physical, "targetBucket": logs, "targetPrefix": f"{bucket}/"}
        assert provider_region(logging) == SIDES[side]
        assert named(plan, logical)["urn"] in logging["dependsOn"]
        assert (logging["protect"], logging["retainOnDelete"]) == (True, True)
        output = plan["outputs"]["storage"]["buckets"][bucket]
        assert output[f"{side}AccessLog"] == f"oss://{logs}/"


def test_log_buckets_are_versioned_oss_encrypted_and_expire_logs() -> None:
    """OSS-managed encryption (no documented delivery into a KMS bucket without a logging role),
    logs expire after logging.retentionDays."""
    plan = render_plan("alicloud")
    for side, (logical, physical) in LOG_BUCKETS.items():
        resource = named(plan, logical)
        assert resource["inputs"] == {
            "bucket": physical,
            "storageClass": "Standard",
            "redundancyType": "LRS",
            "versioning": {"status": "Enabled"},
            "serverSideEncryptionRule": {"sseAlgorithm": "AES256"},
            "lifecycleRules": [
                {
                    "id": "expire-logs",
                    "enabled": True,
                    "expirations": [{"days": 365}],
                    "noncurrentVersionExpirations": [{"days": 30}],
                }
            ],
            "forceDestroy": False,
            "resourceGroupId": RESOURCE_GROUP,
            "tags": TAGS,
        }
        assert provider_region(resource) == SIDES[side]
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)


def test_replication_encrypts_replicas_with_the_dr_key_through_the_role_after_the_replica() -> None:
    """No RTC between Singapore and Jakarta (OSS offers it only inside mainland China and between
    the two US regions): `oss-crr`, RPO none-documented."""
    plan = render_plan("alicloud")
    for bucket, (role, _) in ROLES.items():
        rule = named(plan, f"storage-{bucket}-replication")
        assert rule["type"] == REPLICATION
        assert rule["inputs"] == {
            "bucket": BUCKETS[(bucket, "primary")],
            "action": "ALL",
            "historicalObjectReplication": "enabled",
            "destination": {
                "bucket": BUCKETS[(bucket, "replica")],
                "location": f"oss-{DR_REGION}",
                "transferType": "internal",
            },
            "syncRole": role,
            "sourceSelectionCriteria": {"sseKmsEncryptedObjects": {"status": "Enabled"}},
            "encryptionConfiguration": {"replicaKmsKeyId": KEY_IDS["replica"]},
        }
        assert provider_region(rule) == REGION
        assert (rule["protect"], rule["retainOnDelete"]) == (True, True)
        assert named(plan, f"storage-{bucket}-replica")["urn"] in rule["dependsOn"]
        assert named(plan, f"storage-{bucket}-replication-attachment")["urn"] in rule["dependsOn"]
        output = plan["outputs"]["storage"]["buckets"][bucket]
        assert (output["replication"], output["rpo"]) == ("oss-crr", "none-documented")
        assert (output["primaryRegion"], output["replicaRegion"]) == (REGION, DR_REGION)
        assert output["primaryUrl"] == f"https://{BUCKETS[(bucket, 'primary')]}.oss-{REGION}.aliyuncs.com"
    assert len(resources(plan, REPLICATION)) == len(ROLES)


def test_the_replication_role_is_trusted_by_oss_only_and_scoped_to_two_buckets_and_keys() -> None:
    plan = render_plan("alicloud")
    for bucket, (role_name, policy_name) in ROLES.items():
        source, destination = BUCKETS[(bucket, "primary")], BUCKETS[(bucket, "replica")]
        role = named(plan, f"storage-{bucket}-replication-role")
        assert role["type"] == ROLE
        assert set(role["inputs"]) == {"roleName", "assumeRolePolicyDocument", "description", "tags"}
        assert role["inputs"]["roleName"] == role_name
        assert json.loads(role["inputs"]["assumeRolePolicyDocument"]) == {
            "Statement": [
                {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": ["oss.aliyuncs.com"]}}
            ],
            "Version": "1",
        }
        policy = named(plan, f"storage-{bucket}-replication-policy")
        assert policy["type"] == POLICY
        assert policy["inputs"]["policyName"] == policy_name
        assert json.loads(policy["inputs"]["policyDocument"]) == {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["oss:ReplicateList", "oss:ReplicateGet"],
                    "Resource": [f"acs:oss:*:*:{source}", f"acs:oss:*:*:{source}/*"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut", "oss:ReplicateDelete"],
                    "Resource": [f"acs:oss:*:*:{destination}", f"acs:oss:*:*:{destination}/*"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["kms:Decrypt"],
                    "Resource": [f"acs:kms:{REGION}:*:key/{KEY_IDS['primary']}"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
                    "Resource": [f"acs:kms:{DR_REGION}:*:key/{KEY_IDS['replica']}"],
                },
            ],
        }
        attachment = named(plan, f"storage-{bucket}-replication-attachment")
        assert attachment["type"] == ATTACHMENT
        assert attachment["inputs"] == {"roleName": role_name, "policyName": policy_name, "policyType": "Custom"}


def test_rtc_is_on_only_where_oss_offers_it() -> None:
    from components.clouds.alicloud.storage import rtc_supported

    assert rtc_supported("us-west-1", "us-east-1")
    assert rtc_supported("cn-hangzhou", "cn-beijing")
    assert not rtc_supported("ap-southeast-1", "ap-southeast-5")
    assert not rtc_supported("cn-hangzhou", "us-east-1")
    assert not rtc_supported("me-central-1", "me-east-1")


def test_no_deprecated_pulumi_alicloud_argument_or_resource_is_used() -> None:
    """A fresh render of the stack raises no DeprecationWarning (or pulumi-alicloud's deprecated
    callable warning) from pulumi_alicloud. The SDK warns at import time about modules corridor
    never uses (`oss.getInstances`, `vpc.Subnet`): those are imported first, outside the check."""
    for module in ("kms", "oss", "ram", "vpc", "ecs", "cs", "log", "resourcemanager"):
        getattr(pulumi_alicloud, module)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_config(PROJECT_DIR, base_config("alicloud"))
    from_sdk = [
        f"{w.filename}:{w.lineno}: {w.message}"
        for w in caught
        if "pulumi_alicloud" in str(w.filename) and issubclass(w.category, (DeprecationWarning, UserWarning))
    ]
    assert from_sdk == []


DEPRECATED_TYPE = re.compile(
    r"^warnings\.warn\(.*DeprecationWarning\)\s*\n\s*\n\s*@pulumi\.type_token\(\"([^\"]+)\"\)", re.MULTILINE
)


def deprecated_types() -> set[str]:
    """The resource types pulumi-alicloud 4.0.0 deprecates: the module warns right before the
    class (`vpc.Subnet`: "replaced by the Switch resource"), and instantiating one warns nothing."""
    root = Path(pulumi_alicloud.__file__).parent
    return {match for path in root.rglob("*.py") for match in DEPRECATED_TYPE.findall(path.read_text("utf-8"))}


def test_no_deprecated_resource_type_is_registered() -> None:
    deprecated = deprecated_types()
    assert "alicloud:vpc/subnet:Subnet" in deprecated
    assert "alicloud:oss/bucket:Bucket" not in deprecated
    assert sorted({r["type"] for r in render_plan("alicloud")["resources"]} & deprecated) == []
