"""Alibaba Cloud OSS: a versioned bucket per neutral bucket in `region`, encrypted with the
region's KMS key, replicated to a bucket in `drRegion` encrypted with that region's key.

Construction (`oss-crr`, or `oss-crr-rtc` with replication time control): one cross-region
replication rule per primary bucket (`alicloud.oss.BucketReplication`), naming the replica bucket
and its region (`oss-<drRegion>`), `action` `ALL` (puts, deletes and aborted multipart uploads),
`historical_object_replication` `enabled` (objects written before the rule are copied too),
replicating SSE-KMS objects (`source_selection_criteria.sse_kms_encrypted_objects` `Enabled`) and
encrypting the replicas with the DR region's key (`encryption_configuration.replica_kms_key_id`),
through a RAM role OSS assumes (`sync_role`, which the SDK requires for SSE-KMS replicas).
https://www.alibabacloud.com/help/en/oss/user-guide/cross-region-replication-with-the-same-account
Deletes replicate (`ALL`), so the replica protects against the loss of a region, not against a
delete: versioning and the noncurrent-version lifecycle do that.

RPO: replication time control (`rtc`) exists in pulumi-alicloud 4.0.0; "Once active, OSS
replicates 99.99% of new objects within 10 minutes", but only between China (Hangzhou, Shanghai,
Qingdao, Beijing, Zhangjiakou, Shenzhen) and, outside the Chinese mainland, "only between the US
(Silicon Valley) and US (Virginia) regions". corridor turns it on for a pair inside one of those
two groups (RPO `10m`, construction `oss-crr-rtc`); every other pair, including every Southeast
Asian and Middle Eastern one, replicates without it, asynchronously and with no documented bound
(RPO `none-documented`). https://www.alibabacloud.com/help/en/oss/user-guide/rtc

RAM (one role per bucket pair, created through the stack's region provider; RAM is account-wide):
a role trusted by `oss.aliyuncs.com` only, and a custom policy attached to it that allows exactly
what Alibaba lists for same-account replication (`oss:ReplicateList`/`ReplicateGet` on the source
bucket, those and `ReplicatePut`/`ReplicateDelete` on the destination), plus `kms:Decrypt` on the
source key and `kms:Encrypt`/`kms:GenerateDataKey` on the replica key, for the KMS-encrypted
objects; Alibaba's console grants `AliyunKMSCryptoUserAccess` (every key) there instead, which
corridor narrows to the two keys (the narrowing is corridor's reading, not exercised live).
https://www.alibabacloud.com/help/en/oss/user-guide/introduction-to-data-replication-permissions

Every data bucket: private (`oss.BucketAcl` `private`: the `acl` argument of `oss.Bucket` is
deprecated since 1.220.0) and Block Public Access on (`oss.BucketPublicAccessBlock`), versioned
(`versioning.status` `Enabled`), SSE-KMS with its region's stack key
(`server_side_encryption_rule`: `KMS`, `kms_master_key_id`), `Standard` storage, locally redundant
(`LRS`: zone-redundant storage is not sold in every region corridor serves; the replica in
`drRegion` is the second copy), in the stack's resource group, and one lifecycle rule that deletes
previous versions `storage.noncurrentVersionDays` after they stop being current and aborts
multipart uploads left for 7 days. Buckets and replication rules are `stateful`; `force_destroy`
stays False.

Access logs (reliability S8): OSS log storage on every data bucket (`oss.BucketLogging`), into a
log bucket corridor creates in each region (OSS writes logs only to a bucket "in the same region
and [that] belong[s] to the same account"), under the bucket's neutral name as prefix, hourly and
"not guaranteed to be complete or timely". A log bucket is protected like data (`stateful`,
private, Block Public Access, versioned) and expires its logs after `logging.retentionDays`. It is
encrypted with OSS-managed keys (`AES256`), not the stack key: OSS documents no log delivery into
a KMS-encrypted bucket without a logging role (`logging_role`, undocumented in the SDK), so
corridor does not rely on one. It logs nothing itself (that would loop).
https://www.alibabacloud.com/help/doc-detail/31900.htm

A recovery stack (`adopt_storage`) stands in the source's `drRegion` on the source's replica
buckets, adopted by their names (a bucket's import id) as its primary copies. A drill only reads
them. A failover imports each bucket, and the source's log bucket in this region, with the
source's inputs and declares their ACL, public access block and logging again (each Put is
idempotent), all `stateful`; with an onward `drRegion` the adopted buckets replicate there as any
primary does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_alicloud as alicloud

from components.clouds.alicloud.keys import (
    AlicloudKeys,
    RegionalKey,
    on_dr,
    recovery_of,
    source_resource_group,
    source_tags,
)
from components.clouds.base import BucketResult, RegionContext, adopt, stateful
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.alicloud.adapter import AlicloudBase

REPLICATION = "oss-crr"
REPLICATION_RTC = "oss-crr-rtc"
RPO = "none-documented"
RTC_RPO = "10m"
"""OSS RTC: 99.99% of new objects within 10 minutes (module docstring)."""
RTC_REGION_GROUPS = (
    frozenset({"cn-hangzhou", "cn-shanghai", "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-shenzhen"}),
    frozenset({"us-west-1", "us-east-1"}),
)
"""The region groups between which OSS offers RTC (https://www.alibabacloud.com/help/en/oss/user-guide/rtc);
`us-west-1` is US (Silicon Valley), `us-east-1` US (Virginia)."""

ACL = "private"
STORAGE_CLASS = "Standard"
REDUNDANCY = "LRS"
SSE_KMS = "KMS"
SSE_OSS = "AES256"
ENABLED = "Enabled"
ABORT_MULTIPART_DAYS = 7
REPLICATE_ACTION = "ALL"
HISTORICAL = "enabled"
TRANSFER_TYPE = "internal"
OSS_SERVICE = "oss.aliyuncs.com"
POLICY_TYPE = "Custom"


@dataclass(frozen=True)
class _Logs:
    """A region's access-log bucket: its name, and the resource logging must wait for."""

    name: str
    bucket: alicloud.oss.Bucket


@dataclass(frozen=True)
class _Bucket:
    """A bucket of one region and where its access is logged."""

    bucket: alicloud.oss.Bucket
    name: str
    region: str
    key_id: pulumi.Output[str]
    access_log: str


def build_storage(
    context: RegionContext, base: AlicloudBase, name: str, keys: AlicloudKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    spec = context.spec
    storage = spec.storage
    if not storage.buckets:
        return []
    replicate = storage.replication
    primary_logs = log_bucket(
        context, f"{name}-access-logs", context.stack, context.scope, spec.region, base.resource_group_id, opts
    )
    replica_logs = (
        log_bucket(
            context,
            f"{name}-access-logs-dr",
            context.stack,
            context.scope,
            spec.dr_region,
            base.resource_group_id,
            on_dr(base, opts),
        )
        if replicate
        else None
    )
    results = []
    for bucket in storage.buckets:
        prefix = f"{name}-{bucket.name}"
        primary = data_bucket(context, base, prefix, bucket.name, "primary", keys.primary_key, primary_logs, opts)
        if replica_logs is None:
            results.append(_result(bucket.name, primary, None, "none", "none"))
            continue
        replica = data_bucket(
            context, base, prefix, bucket.name, "replica", keys.replica_key, replica_logs, on_dr(base, opts)
        )
        results.append(replicate_bucket(context, prefix, bucket.name, primary, replica, opts))
    return results


def adopt_storage(
    context: RegionContext, base: AlicloudBase, name: str, keys: AlicloudKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    """A recovery stack's buckets (`CloudAdapter.adopt_storage`): each of the source's replica
    buckets in this region as `{name}-<bucket>-primary`; in failover also the source's log bucket
    here as `{name}-access-logs`, the settings of both, and with an onward drRegion replicas
    there as `build_storage` makes them."""
    spec, source = context.spec, recovery_of(context)
    if not spec.storage.replication:
        raise ValueError(
            f"{source.stack} does not replicate its buckets (storage.replication): there is nothing to adopt"
        )
    buckets = spec.storage.buckets
    if not buckets:
        return []
    mode = spec.recovery_mode
    tags = source_tags(context)
    group = source_resource_group(context)
    logs_name = log_bucket_name(source.stack, context.source_scope, spec.region)
    onward = mode == "failover" and source.onward
    source_logs: _Logs | None = None
    if mode == "failover":
        # The source's log bucket in this region, where the adopted buckets log: imported with
        # the source's inputs under the logical name a primary log bucket has.
        logs = adopt(
            mode,
            logs_name,
            lambda o: alicloud.oss.Bucket.get(f"{name}-access-logs", logs_name, opts=o),
            lambda o: _log_bucket(context, f"{name}-access-logs", logs_name, group, tags, o),
            opts,
        )
        harden(f"{name}-access-logs", logs.bucket, opts)
        source_logs = _Logs(logs_name, logs)
    replica_logs = (
        log_bucket(
            context,
            f"{name}-access-logs-dr",
            context.stack,
            context.scope,
            spec.dr_region,
            base.resource_group_id,
            on_dr(base, opts),
        )
        if onward
        else None
    )
    results = []
    for bucket in buckets:
        prefix = f"{name}-{bucket.name}"
        physical = bucket_name(source.stack, context.source_scope, bucket.name, "replica")
        adopted = adopt(
            mode,
            physical,
            lambda o, logical=f"{prefix}-primary", physical=physical: alicloud.oss.Bucket.get(
                logical, physical, opts=o
            ),
            lambda o, logical=f"{prefix}-primary", physical=physical: _bucket(
                context, logical, physical, keys.primary_key.key_id, group, tags, o
            ),
            opts,
        )
        primary = _Bucket(adopted, physical, spec.region, keys.primary_key.key_id, logs_name)
        if source_logs is None:
            # A drill: only the read: nothing replicates from a copy the drill does not own.
            results.append(_result(bucket.name, primary, None, "none", "none"))
            continue
        harden(f"{prefix}-primary", adopted.bucket, opts)
        access_logging(f"{prefix}-primary", adopted.bucket, source_logs, bucket.name, opts)
        if replica_logs is None:
            results.append(_result(bucket.name, primary, None, "none", "none"))
            continue
        replica = data_bucket(
            context, base, prefix, bucket.name, "replica", keys.replica_key, replica_logs, on_dr(base, opts)
        )
        results.append(replicate_bucket(context, prefix, bucket.name, primary, replica, opts))
    return results


# --- names ---------------------------------------------------------------------------------------


def bucket_name(stack: str, scope: str, neutral_name: str, role: str) -> str:
    """The physical name `stack` (with its `scope`) gives a data bucket (`role`: `primary` or
    `replica`); OSS bucket names are unique across all of OSS, hence the profile's suffix."""
    return physical_name("alicloud", "bucket", "corridor", stack, neutral_name, role, scope=scope)


def log_bucket_name(stack: str, scope: str, region: str) -> str:
    """The physical name of the access-log bucket `stack` (with its `scope`) makes in `region`."""
    return physical_name("alicloud", "bucket", "corridor", stack, "logs", region, scope=scope)


def log_prefix(neutral_name: str) -> str:
    """Where a data bucket's access logs go in its region's log bucket: under its neutral name."""
    return f"{neutral_name}/"


def location(region: str) -> str:
    """OSS's name of a region (`oss-<region id>`), what a replication destination takes."""
    return f"oss-{region}"


def bucket_url(region: str, name: pulumi.Input[str]) -> pulumi.Output[str]:
    """The bucket's virtual-hosted endpoint URL, which names its region."""
    return pulumi.Output.from_input(name).apply(lambda bucket: f"https://{bucket}.oss-{region}.aliyuncs.com")


def rtc_supported(region: str, dr_region: str) -> bool:
    """Whether OSS offers replication time control from `region` to `dr_region`."""
    return any(region in group and dr_region in group for group in RTC_REGION_GROUPS)


# --- buckets -------------------------------------------------------------------------------------


def data_bucket(
    context: RegionContext,
    base: AlicloudBase,
    prefix: str,
    neutral_name: str,
    role: str,
    key: RegionalKey,
    logs: _Logs,
    opts: pulumi.ResourceOptions,
) -> _Bucket:
    """A protected data bucket of this stack in `key.region` (the provider of `opts`), its ACL,
    public access block and access logging; logical names `<prefix>-<role>` and `<prefix>-<role>-*`."""
    logical = f"{prefix}-{role}"
    physical = bucket_name(context.stack, context.scope, neutral_name, role)
    bucket = _bucket(context, logical, physical, key.key_id, base.resource_group_id, context.tags(), stateful(opts))
    harden(logical, bucket.bucket, opts)
    access_logging(logical, bucket.bucket, logs, neutral_name, opts)
    return _Bucket(bucket, physical, key.region, key.key_id, logs.name)


def _bucket(
    context: RegionContext,
    logical: str,
    physical: str,
    key_id: pulumi.Input[str],
    resource_group: str,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> alicloud.oss.Bucket:
    storage = context.spec.storage
    expire_previous = alicloud.oss.BucketLifecycleRuleArgs(
        id="expire-previous-versions",
        enabled=True,
        noncurrent_version_expirations=[
            alicloud.oss.BucketLifecycleRuleNoncurrentVersionExpirationArgs(days=storage.noncurrent_version_days)
        ],
    )
    abort_uploads = alicloud.oss.BucketLifecycleRuleArgs(
        id="abort-incomplete-uploads",
        enabled=True,
        abort_multipart_uploads=[alicloud.oss.BucketLifecycleRuleAbortMultipartUploadArgs(days=ABORT_MULTIPART_DAYS)],
    )
    return alicloud.oss.Bucket(
        logical,
        bucket=physical,
        storage_class=STORAGE_CLASS,
        redundancy_type=REDUNDANCY,
        versioning=alicloud.oss.BucketVersioningArgs(status=ENABLED) if storage.versioning else None,
        server_side_encryption_rule=alicloud.oss.BucketServerSideEncryptionRuleArgs(
            sse_algorithm=SSE_KMS, kms_master_key_id=key_id
        ),
        lifecycle_rules=[expire_previous, abort_uploads] if storage.versioning else [abort_uploads],
        force_destroy=False,
        resource_group_id=resource_group,
        tags=tags,
        opts=opts,
    )


def harden(logical: str, bucket: pulumi.Input[str], opts: pulumi.ResourceOptions) -> None:
    """Private ACL and Block Public Access on `bucket`; `stateful`, so taking the stack down never
    opens a bucket that stays."""
    alicloud.oss.BucketAcl(f"{logical}-acl", bucket=bucket, acl=ACL, opts=stateful(opts))
    alicloud.oss.BucketPublicAccessBlock(
        f"{logical}-public-access-block", bucket=bucket, block_public_access=True, opts=stateful(opts)
    )


def access_logging(
    logical: str, bucket: pulumi.Input[str], logs: _Logs, neutral_name: str, opts: pulumi.ResourceOptions
) -> alicloud.oss.BucketLogging:
    """OSS log storage of `bucket` into its region's log bucket `logs`, under its neutral name,
    once that bucket exists (its name is known before, so the wait is explicit)."""
    return alicloud.oss.BucketLogging(
        f"{logical}-logging",
        bucket=bucket,
        target_bucket=logs.name,
        target_prefix=log_prefix(neutral_name),
        opts=stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[logs.bucket]))),
    )


def log_bucket(
    context: RegionContext,
    logical: str,
    stack: str,
    scope: str,
    region: str,
    resource_group: str,
    opts: pulumi.ResourceOptions,
) -> _Logs:
    """The protected access-log bucket of `region` (the provider of `opts`)."""
    physical = log_bucket_name(stack, scope, region)
    bucket = _log_bucket(context, logical, physical, resource_group, context.tags(), stateful(opts))
    harden(logical, bucket.bucket, opts)
    return _Logs(physical, bucket)


def _log_bucket(
    context: RegionContext,
    logical: str,
    physical: str,
    resource_group: str,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> alicloud.oss.Bucket:
    retention = context.spec.logging.retention_days
    return alicloud.oss.Bucket(
        logical,
        bucket=physical,
        storage_class=STORAGE_CLASS,
        redundancy_type=REDUNDANCY,
        versioning=alicloud.oss.BucketVersioningArgs(status=ENABLED),
        server_side_encryption_rule=alicloud.oss.BucketServerSideEncryptionRuleArgs(sse_algorithm=SSE_OSS),
        lifecycle_rules=[
            alicloud.oss.BucketLifecycleRuleArgs(
                id="expire-logs",
                enabled=True,
                expirations=[alicloud.oss.BucketLifecycleRuleExpirationArgs(days=retention)],
                noncurrent_version_expirations=[
                    alicloud.oss.BucketLifecycleRuleNoncurrentVersionExpirationArgs(
                        days=context.spec.storage.noncurrent_version_days
                    )
                ],
            )
        ],
        force_destroy=False,
        resource_group_id=resource_group,
        tags=tags,
        opts=opts,
    )


# --- replication ---------------------------------------------------------------------------------


def replicate_bucket(
    context: RegionContext,
    prefix: str,
    neutral_name: str,
    primary: _Bucket,
    replica: _Bucket,
    opts: pulumi.ResourceOptions,
) -> BucketResult:
    """The RAM role OSS replicates `primary` to `replica` with, and the replication rule."""
    role = replication_role(context, prefix, neutral_name, primary, replica, opts)
    rtc = rtc_supported(primary.region, replica.region)
    alicloud.oss.BucketReplication(
        f"{prefix}-replication",
        bucket=primary.bucket.bucket,
        action=REPLICATE_ACTION,
        historical_object_replication=HISTORICAL,
        destination=alicloud.oss.BucketReplicationDestinationArgs(
            bucket=replica.bucket.bucket, location=location(replica.region), transfer_type=TRANSFER_TYPE
        ),
        sync_role=role.role_name,
        source_selection_criteria=alicloud.oss.BucketReplicationSourceSelectionCriteriaArgs(
            sse_kms_encrypted_objects=alicloud.oss.BucketReplicationSourceSelectionCriteriaSseKmsEncryptedObjectsArgs(
                status=ENABLED
            )
        ),
        encryption_configuration=alicloud.oss.BucketReplicationEncryptionConfigurationArgs(
            replica_kms_key_id=replica.key_id
        ),
        rtc=alicloud.oss.BucketReplicationRtcArgs(enabled=True) if rtc else None,
        # Deleting the rule silently stops protection: stateful. It waits for the replica and
        # for the role's permissions.
        opts=stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[replica.bucket, role]))),
    )
    if rtc:
        return _result(neutral_name, primary, replica, REPLICATION_RTC, RTC_RPO)
    return _result(neutral_name, primary, replica, REPLICATION, RPO)


def replication_role(
    context: RegionContext,
    prefix: str,
    neutral_name: str,
    primary: _Bucket,
    replica: _Bucket,
    opts: pulumi.ResourceOptions,
) -> alicloud.ram.RolePolicyAttachment:
    """A RAM role only OSS may assume, with a custom policy scoped to the two buckets and the two
    keys, attached; the attachment is what the replication rule waits for."""
    role_name = physical_name(
        "alicloud", "ram_role", "corridor", context.stack, neutral_name, "crr", scope=context.scope
    )
    role = alicloud.ram.Role(
        f"{prefix}-replication-role",
        role_name=role_name,
        assume_role_policy_document=trust_policy(),
        description=f"corridor {context.stack}: OSS replicates {primary.name} to {replica.name}",
        tags=context.tags(),
        opts=opts,
    )
    policy = alicloud.ram.Policy(
        f"{prefix}-replication-policy",
        policy_name=physical_name(
            "alicloud", "ram_policy", "corridor", context.stack, neutral_name, "crr", scope=context.scope
        ),
        policy_document=pulumi.Output.all(primary.key_id, replica.key_id).apply(
            lambda ids: replication_policy(primary.name, replica.name, primary.region, ids[0], replica.region, ids[1])
        ),
        description=f"corridor {context.stack}: what OSS needs to replicate {primary.name} to {replica.name}",
        tags=context.tags(),
        opts=opts,
    )
    return alicloud.ram.RolePolicyAttachment(
        f"{prefix}-replication-attachment",
        role_name=role.role_name,
        policy_name=policy.policy_name,
        policy_type=POLICY_TYPE,
        opts=opts,
    )


def trust_policy() -> str:
    """OSS, and nothing else, may assume the role (Alibaba's trust policy for replication)."""
    return json.dumps(
        {
            "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": [OSS_SERVICE]}}],
            "Version": "1",
        }
    )


def replication_policy(
    source: str, destination: str, source_region: str, source_key: str, replica_region: str, replica_key: str
) -> str:
    """The replication role's permissions (module docstring), as a RAM policy document."""
    return json.dumps(
        {
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
                    "Resource": [f"acs:kms:{source_region}:*:key/{source_key}"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
                    "Resource": [f"acs:kms:{replica_region}:*:key/{replica_key}"],
                },
            ],
        }
    )


# --- results -------------------------------------------------------------------------------------


def _result(neutral_name: str, primary: _Bucket, replica: _Bucket | None, replication: str, rpo: str) -> BucketResult:
    return BucketResult(
        bucket=neutral_name,
        primary_name=primary.bucket.bucket,
        primary_url=bucket_url(primary.region, primary.bucket.bucket),
        primary_region=primary.region,
        primary_key_id=primary.key_id,
        replica_name=replica.bucket.bucket if replica else None,
        replica_url=bucket_url(replica.region, replica.bucket.bucket) if replica else None,
        replica_region=replica.region if replica else None,
        replica_key_id=replica.key_id if replica else None,
        primary_access_log=pulumi.Output.from_input(f"oss://{primary.access_log}/"),
        replica_access_log=pulumi.Output.from_input(f"oss://{replica.access_log}/") if replica else None,
        replication=replication,
        rpo=rpo,
    )
