"""S3: a versioned SSE-KMS bucket per neutral bucket in `region`, replicated to `drRegion`.

Construction: S3 Cross-Region Replication with Replication Time Control, which AWS backs with an
SLA to replicate 99.99% of new objects within 15 minutes, plus replication metrics (RTC requires
them) and delete-marker replication, into a replica bucket encrypted with the multi-Region
replica key. https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html
Existing objects are not replicated by CRR (S3 Batch Replication does that, once, by hand).

Both buckets get: versioning (CRR requires it on both sides), SSE-KMS with an S3 Bucket Key
(fewer KMS calls, so replication does not hit KMS request quotas), SSE-C uploads blocked, all four
public-access blocks, BucketOwnerEnforced ownership (no ACLs), a TLS-only bucket policy, and a
lifecycle rule expiring noncurrent versions. pulumi-aws v7 takes `region` per resource, so the
replica side uses the stack's one provider.

Access logs (reliability S8): S3 server access logging on every data bucket, primary and replica,
to a log bucket corridor creates in each region (server access logs go only to a bucket in the
source bucket's region and account), under the bucket's neutral name as prefix. A log bucket is
protected like data: `stateful`, versioned, all four public-access blocks, BucketOwnerEnforced,
TLS only, and its logs expire after `logging.retentionDays`. It is encrypted with SSE-S3, not the
stack key: "Default server-side encryption with AWS KMS keys (SSE-KMS) is not supported" for the
target bucket of server access logs. It logs nothing itself (logging a log bucket loops).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html

A recovery stack (`adopt_storage`) stands in the source's `drRegion` on the source's replica
buckets, adopted by their names as its primary copies (`adopt`). A drill only reads them: their
settings, and the access logging the source set on them (into the source's log bucket in that
region), stay as the source made them. A failover imports each bucket and that log bucket with
the source's inputs and declares the settings the source declared there, with the same values
(each Put is idempotent, so nothing changes), all `stateful` so destroying the recovery stack
never takes a setting off data. With an onward `drRegion` the adopted buckets replicate there as
any primary does. CRR does not replicate objects that are themselves replicas, so the objects the
source replicated in reach the onward replica only by a one-off S3 Batch Replication job.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from components.clouds.aws.keys import account_of, source_tags
from components.clouds.base import BucketResult, KeyRef, Keys, RegionContext, adopt, stateful
from components.naming import physical_name

RTC_MINUTES = 15  # the only value S3 accepts for ReplicationTime and its metrics threshold


def build_storage(context: RegionContext, name: str, keys: Keys, opts: pulumi.ResourceOptions) -> list[BucketResult]:
    storage = context.spec.storage
    role = replication_role(context, name, opts) if storage.replication else None
    if not storage.buckets:
        return []
    # One log bucket per region, for every data bucket in it (names are known before the buckets).
    account = account_of(keys.primary.id)
    primary_logs = log_bucket(
        context,
        f"{name}-access-logs",
        None,
        {data_bucket_name(context.stack, context.scope, b.name, "primary"): b.name for b in storage.buckets},
        account,
        opts,
    )
    replica_logs = (
        log_bucket(
            context,
            f"{name}-access-logs-dr",
            context.spec.dr_region,
            {data_bucket_name(context.stack, context.scope, b.name, "replica"): b.name for b in storage.buckets},
            account,
            opts,
        )
        if role is not None
        else None
    )
    results = []
    for bucket in storage.buckets:
        base = f"{name}-{bucket.name}"
        primary = hardened_bucket(
            context, f"{base}-primary", bucket.name, "primary", keys.primary, None, primary_logs, opts
        )
        if role is None or replica_logs is None:
            results.append(_result(bucket.name, primary, keys.primary, None, None, "none", "none"))
            continue
        replica = hardened_bucket(
            context, f"{base}-replica", bucket.name, "replica", keys.replica, context.spec.dr_region, replica_logs, opts
        )
        replicate(context, base, role, primary, replica, keys, opts)
        results.append(_result(bucket.name, primary, keys.primary, replica, keys.replica, "s3-crr-rtc", "15m"))
    return results


def adopt_storage(context: RegionContext, name: str, keys: Keys, opts: pulumi.ResourceOptions) -> list[BucketResult]:
    """A recovery stack's buckets (`CloudAdapter.adopt_storage`): each of the source's replica
    buckets in this region as `{name}-<bucket>-primary`; in failover also the source's log bucket
    here as `{name}-access-logs`, the settings of both, and with an onward drRegion replicas
    there as `build_storage` makes them."""
    spec, source = context.spec, context.spec.recovery
    if source is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    if not spec.storage.replication:
        raise ValueError(
            f"{source.stack} does not replicate its buckets (storage.replication): there is nothing to adopt"
        )
    mode, buckets = spec.recovery_mode, spec.storage.buckets
    if not buckets:
        return []
    # The source's physical names, which it derived from its own stack name and scope.
    adopted_names = {data_bucket_name(source.stack, context.source_scope, b.name, "replica"): b.name for b in buckets}
    logs_name = log_bucket_name(source.stack, context.source_scope, spec.region)
    tags = source_tags(context)
    if mode == "drill":
        # Only reads: the adopted buckets keep every setting the source gave them, and keep
        # logging where it set them to, its log bucket in this region.
        drill = []
        for physical, neutral in adopted_names.items():
            bucket = _adopted_bucket(mode, f"{name}-{neutral}-primary", physical, spec.region, tags, opts)
            drill.append(
                BucketResult(
                    bucket=neutral,
                    primary_name=bucket.bucket,
                    primary_url=bucket.bucket.apply(lambda b: f"s3://{b}"),
                    primary_region=spec.region,
                    primary_key_id=keys.primary.id,
                    replica_name=None,
                    replica_url=None,
                    replica_region=None,
                    replica_key_id=None,
                    primary_access_log=pulumi.Output.from_input(f"s3://{logs_name}/{log_prefix(neutral)}"),
                    replica_access_log=None,
                    replication="none",
                    rpo="none",
                )
            )
        return drill

    # Failover: the source's log bucket here and its settings, then each data bucket's.
    account = account_of(keys.primary.id)
    logs_bucket = _adopted_bucket(mode, f"{name}-access-logs", logs_name, spec.region, tags, opts)
    logs = harden_log_bucket(
        context, f"{name}-access-logs", logs_bucket, spec.region, adopted_names, account, opts, adopted=True
    )
    onward = source.onward
    role = replication_role(context, name, opts) if onward else None
    replica_logs = (
        log_bucket(
            context,
            f"{name}-access-logs-dr",
            spec.dr_region,
            {data_bucket_name(context.stack, context.scope, b.name, "replica"): b.name for b in buckets},
            account,
            opts,
        )
        if onward
        else None
    )
    results = []
    for physical, neutral in adopted_names.items():
        base = f"{name}-{neutral}"
        bucket = _adopted_bucket(mode, f"{base}-primary", physical, spec.region, tags, opts)
        primary = harden(
            context, f"{base}-primary", bucket, neutral, keys.primary, spec.region, logs, opts, adopted=True
        )
        if role is None or replica_logs is None:
            results.append(_result(neutral, primary, keys.primary, None, None, "none", "none"))
            continue
        replica = hardened_bucket(
            context, f"{base}-replica", neutral, "replica", keys.replica, spec.dr_region, replica_logs, opts
        )
        replicate(context, base, role, primary, replica, keys, opts)
        results.append(_result(neutral, primary, keys.primary, replica, keys.replica, "s3-crr-rtc", "15m"))
    return results


def _adopted_bucket(
    mode: str, name: str, physical: str, region: str, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> aws.s3.Bucket:
    """One bucket the source made in this region, adopted (`adopt`) with the inputs the source
    gave it (`hardened_bucket`, `log_bucket`: its `region` was the source's drRegion, this one)."""
    return adopt(
        mode,
        physical,
        lambda o: aws.s3.Bucket.get(name, physical, opts=o),
        lambda o: aws.s3.Bucket(name, bucket=physical, region=region, force_destroy=False, tags=tags, opts=o),
        opts,
    )


def replicate(
    context: RegionContext,
    base: str,
    role: aws.iam.Role,
    primary: _Bucket,
    replica: _Bucket,
    keys: Keys,
    opts: pulumi.ResourceOptions,
) -> None:
    """CRR from `primary` to `replica`: the pair's policy on `role` and the replication rule."""
    aws.iam.RolePolicy(
        f"{base}-replication-policy",
        role=role.id,
        policy=replication_policy(context, primary.bucket, replica.bucket, keys),
        opts=opts,
    )
    aws.s3.BucketReplicationConfig(
        f"{base}-replication",
        bucket=primary.bucket.id,
        role=role.arn,
        rules=[replication_rule(replica.bucket, keys.replica)],
        # CRR refuses a configuration until versioning is on at both ends.
        opts=stateful(
            pulumi.ResourceOptions.merge(
                opts, pulumi.ResourceOptions(depends_on=[primary.versioning, replica.versioning])
            )
        ),
    )


class _Bucket:
    """A bucket, the versioning resource replication must wait for, and where its access is logged."""

    def __init__(
        self, bucket: aws.s3.Bucket, versioning: aws.s3.BucketVersioning, region: str, access_log: pulumi.Output[str]
    ) -> None:
        self.bucket, self.versioning, self.region, self.access_log = bucket, versioning, region, access_log


class _LogBucket:
    """A region's access-log bucket and the policy log delivery needs before logging is enabled."""

    def __init__(self, bucket: aws.s3.Bucket, policy: aws.s3.BucketPolicy) -> None:
        self.bucket, self.policy = bucket, policy


def data_bucket_name(stack: str, scope: str, neutral_name: str, role: str) -> str:
    """The physical name `stack` (with its `scope`) gives a data bucket (`role` is `primary` or
    `replica`)."""
    return physical_name("aws", "s3_bucket", "corridor", stack, neutral_name, role, scope=scope)


def log_bucket_name(stack: str, scope: str, region: str) -> str:
    """The physical name of the access-log bucket `stack` (with its `scope`) makes in `region`."""
    return physical_name("aws", "s3_bucket", "corridor", stack, "access-logs", region, scope=scope)


def log_prefix(neutral_name: str) -> str:
    """The key prefix a data bucket's access logs get in its region's log bucket: its neutral
    name, unique there (a region's log bucket serves one copy of each bucket)."""
    return f"{neutral_name}/"


def log_bucket(
    context: RegionContext,
    name: str,
    region: str | None,
    sources: dict[str, str],
    account: pulumi.Output[str],
    opts: pulumi.ResourceOptions,
) -> _LogBucket:
    """The access-log bucket of one region (`region` None: the provider's), receiving the server
    access logs of the data buckets `sources` (physical name: neutral name), each under its
    neutral name as prefix."""
    bucket = aws.s3.Bucket(
        name,
        bucket=log_bucket_name(context.stack, context.scope, region or context.spec.region),
        region=region,
        force_destroy=False,
        tags=context.tags(),
        opts=stateful(opts),
    )
    return harden_log_bucket(context, name, bucket, region, sources, account, opts)


def harden_log_bucket(
    context: RegionContext,
    name: str,
    bucket: aws.s3.Bucket,
    region: str | None,
    sources: dict[str, str],
    account: pulumi.Output[str],
    opts: pulumi.ResourceOptions,
    adopted: bool = False,
) -> _LogBucket:
    """The settings of an access-log bucket (`log_bucket`); with `adopted` (a failover's log
    bucket, which the source made), every one `stateful`, so destroying the stack leaves them."""
    retention = context.spec.logging.retention_days
    setting = stateful(opts) if adopted else opts
    # Versioned, so a deleted or overwritten log object stays recoverable for
    # storage.noncurrentVersionDays. No Object Lock: S3 refuses it on a log target bucket.
    versioning = aws.s3.BucketVersioning(
        f"{name}-versioning",
        bucket=bucket.id,
        region=region,
        versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
        opts=stateful(opts),
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        f"{name}-encryption",
        bucket=bucket.id,
        region=region,
        rules=[
            aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                # SSE-S3: the only default encryption S3 delivers server access logs into.
                apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                    sse_algorithm="AES256"
                ),
                blocked_encryption_types=["SSE-C"],
            )
        ],
        # Protected like the bucket: deleting it would leave the bucket on S3's default key.
        opts=stateful(opts),
    )
    # BucketOwnerEnforced: no ACLs, so delivery is granted by the bucket policy alone.
    public_access = close_to_the_public(name, bucket, region, setting)
    policy = aws.s3.BucketPolicy(
        f"{name}-policy",
        bucket=bucket.id,
        region=region,
        policy=pulumi.Output.all(bucket.arn, account).apply(lambda args: log_bucket_policy(args[0], args[1], sources)),
        opts=pulumi.ResourceOptions.merge(setting, pulumi.ResourceOptions(depends_on=[public_access])),
    )
    aws.s3.BucketLifecycleConfiguration(
        f"{name}-lifecycle",
        bucket=bucket.id,
        region=region,
        rules=[
            aws.s3.BucketLifecycleConfigurationRuleArgs(
                id="expire-access-logs",
                status="Enabled",
                filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=retention),
                noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                    noncurrent_days=context.spec.storage.noncurrent_version_days
                ),
                abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                    days_after_initiation=7
                ),
            )
        ],
        opts=pulumi.ResourceOptions.merge(setting, pulumi.ResourceOptions(depends_on=[versioning])),
    )
    return _LogBucket(bucket, policy)


def log_bucket_policy(log_bucket_arn: str, account: str, sources: dict[str, str]) -> str:
    """TLS only, and S3's logging service may write each source's prefix, for these source
    buckets of this account only (the confused-deputy conditions AWS documents).
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-bucket-policy
    """
    statements = json.loads(tls_only_policy(log_bucket_arn))["Statement"]
    statements.append(
        {
            "Sid": "S3ServerAccessLogsPolicy",
            "Effect": "Allow",
            "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": [f"{log_bucket_arn}/{log_prefix(neutral)}*" for neutral in sources.values()],
            "Condition": {
                "ArnLike": {"aws:SourceArn": [f"arn:aws:s3:::{source}" for source in sources]},
                "StringEquals": {"aws:SourceAccount": account},
            },
        }
    )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def hardened_bucket(
    context: RegionContext,
    name: str,
    neutral_name: str,
    role: str,
    key: KeyRef,
    region: str | None,
    logs: _LogBucket,
    opts: pulumi.ResourceOptions,
) -> _Bucket:
    """A private, versioned, KMS-encrypted, TLS-only bucket whose access is logged to `logs`.
    `region` None means the provider's."""
    bucket = aws.s3.Bucket(
        name,
        bucket=data_bucket_name(context.stack, context.scope, neutral_name, role),
        region=region,
        force_destroy=False,
        tags=context.tags(),
        opts=stateful(opts),
    )
    return harden(context, name, bucket, neutral_name, key, region, logs, opts)


def harden(
    context: RegionContext,
    name: str,
    bucket: aws.s3.Bucket,
    neutral_name: str,
    key: KeyRef,
    region: str | None,
    logs: _LogBucket,
    opts: pulumi.ResourceOptions,
    adopted: bool = False,
) -> _Bucket:
    """The settings of a data bucket (`hardened_bucket`); with `adopted` (a failover's bucket,
    which the source made and set so), every one `stateful`, so destroying the stack leaves them."""
    storage = context.spec.storage
    setting = stateful(opts) if adopted else opts
    # Suspending versioning would silently stop replication, so the versioning resource is
    # protected like the bucket.
    versioning = aws.s3.BucketVersioning(
        f"{name}-versioning",
        bucket=bucket.id,
        region=region,
        versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(
            status="Enabled" if storage.versioning else "Suspended"
        ),
        opts=stateful(opts),
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        f"{name}-encryption",
        bucket=bucket.id,
        region=region,
        rules=[
            aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                    sse_algorithm="aws:kms", kms_master_key_id=key.id
                ),
                bucket_key_enabled=True,
                blocked_encryption_types=["SSE-C"],
            )
        ],
        # Protected like the bucket: deleting it would leave the bucket on S3's default key.
        opts=stateful(opts),
    )
    public_access = close_to_the_public(name, bucket, region, setting)
    aws.s3.BucketPolicy(
        f"{name}-tls-only",
        bucket=bucket.id,
        region=region,
        policy=bucket.arn.apply(tls_only_policy),
        # S3 rejects a bucket policy while public-access blocks are still being applied.
        opts=pulumi.ResourceOptions.merge(setting, pulumi.ResourceOptions(depends_on=[public_access])),
    )
    aws.s3.BucketLifecycleConfiguration(
        f"{name}-lifecycle",
        bucket=bucket.id,
        region=region,
        rules=[
            aws.s3.BucketLifecycleConfigurationRuleArgs(
                id="expire-noncurrent-versions",
                status="Enabled",
                filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                noncurrent_version_expiration=aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                    noncurrent_days=storage.noncurrent_version_days
                ),
                abort_incomplete_multipart_upload=aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                    days_after_initiation=7
                ),
            )
        ],
        opts=pulumi.ResourceOptions.merge(setting, pulumi.ResourceOptions(depends_on=[versioning])),
    )
    # Server access logging (reliability S8) into the region's log bucket, once its policy lets
    # S3's logging service write there.
    aws.s3.BucketLogging(
        f"{name}-access-log",
        bucket=bucket.id,
        region=region,
        target_bucket=logs.bucket.id,
        target_prefix=log_prefix(neutral_name),
        # Protected like the bucket: deleting it would stop the access log unnoticed.
        opts=pulumi.ResourceOptions.merge(stateful(opts), pulumi.ResourceOptions(depends_on=[logs.policy])),
    )
    access_log = logs.bucket.bucket.apply(lambda target: f"s3://{target}/{log_prefix(neutral_name)}")
    return _Bucket(bucket, versioning, region or context.spec.region, access_log)


def close_to_the_public(
    name: str, bucket: aws.s3.Bucket, region: str | None, opts: pulumi.ResourceOptions
) -> aws.s3.BucketPublicAccessBlock:
    """All four public-access blocks and BucketOwnerEnforced (no ACLs) on `bucket` (reliability
    S1, S2); children `name-public-access` and `name-ownership`. Returns the access block, which
    a bucket policy must wait for (S3 refuses a policy while a block is being applied)."""
    public_access = aws.s3.BucketPublicAccessBlock(
        f"{name}-public-access",
        bucket=bucket.id,
        region=region,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=opts,
    )
    aws.s3.BucketOwnershipControls(
        f"{name}-ownership",
        bucket=bucket.id,
        region=region,
        rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
        opts=opts,
    )
    return public_access


def tls_only_policy(bucket_arn: str) -> str:
    """Deny every request that does not use TLS (CIS AWS 2.1.1)."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [bucket_arn, f"{bucket_arn}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        }
    )


def replication_role(context: RegionContext, name: str, opts: pulumi.ResourceOptions) -> aws.iam.Role:
    """The role S3 assumes to replicate; each bucket pair adds its own least-privilege policy."""
    return aws.iam.Role(
        f"{name}-replication-role",
        name=physical_name("aws", "iam_role", "corridor", context.stack, "s3-replication", scope=context.scope),
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
        tags=context.tags(),
        opts=opts,
    )


def replication_policy(
    context: RegionContext, source: aws.s3.Bucket, destination: aws.s3.Bucket, keys: Keys
) -> pulumi.Output[str]:
    """Exactly what CRR of SSE-KMS objects needs, scoped to one bucket pair and its two keys.

    With S3 Bucket Keys the KMS encryption context is the bucket ARN, not the object ARN, so the
    conditions allow both. https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
    """
    spec = context.spec

    def document(args: list[str]) -> str:
        source_arn, destination_arn, source_key, replica_key = args
        return json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                        "Resource": [source_arn],
                    },
                    {
                        "Effect": "Allow",
                        "Action": [
                            "s3:GetObjectVersionForReplication",
                            "s3:GetObjectVersionAcl",
                            "s3:GetObjectVersionTagging",
                        ],
                        "Resource": [f"{source_arn}/*"],
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                        "Resource": [f"{destination_arn}/*"],
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["kms:Decrypt"],
                        "Resource": [source_key],
                        "Condition": {
                            "StringEquals": {"kms:ViaService": f"s3.{spec.region}.amazonaws.com"},
                            "StringLike": {"kms:EncryptionContext:aws:s3:arn": [source_arn, f"{source_arn}/*"]},
                        },
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
                        "Resource": [replica_key],
                        "Condition": {
                            "StringEquals": {"kms:ViaService": f"s3.{spec.dr_region}.amazonaws.com"},
                            "StringLike": {
                                "kms:EncryptionContext:aws:s3:arn": [destination_arn, f"{destination_arn}/*"]
                            },
                        },
                    },
                ],
            }
        )

    return pulumi.Output.all(source.arn, destination.arn, keys.primary.id, keys.replica.id).apply(document)


def replication_rule(destination: aws.s3.Bucket, replica_key: KeyRef) -> aws.s3.BucketReplicationConfigRuleArgs:
    """Replicate every object, delete marker and SSE-KMS object within the 15-minute RTC SLA."""
    return aws.s3.BucketReplicationConfigRuleArgs(
        id="all-objects-to-dr",
        status="Enabled",
        priority=1,
        # An empty-prefix filter selects the V2 rule schema, which delete-marker replication needs.
        filter=aws.s3.BucketReplicationConfigRuleFilterArgs(prefix=""),
        delete_marker_replication=aws.s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs(status="Enabled"),
        source_selection_criteria=aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs(
            sse_kms_encrypted_objects=aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs(
                status="Enabled"
            ),
            replica_modifications=aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaReplicaModificationsArgs(
                status="Enabled"
            ),
        ),
        destination=aws.s3.BucketReplicationConfigRuleDestinationArgs(
            bucket=destination.arn,
            storage_class="STANDARD",
            encryption_configuration=aws.s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs(
                replica_kms_key_id=replica_key.id
            ),
            replication_time=aws.s3.BucketReplicationConfigRuleDestinationReplicationTimeArgs(
                status="Enabled",
                time=aws.s3.BucketReplicationConfigRuleDestinationReplicationTimeTimeArgs(minutes=RTC_MINUTES),
            ),
            metrics=aws.s3.BucketReplicationConfigRuleDestinationMetricsArgs(
                status="Enabled",
                event_threshold=aws.s3.BucketReplicationConfigRuleDestinationMetricsEventThresholdArgs(
                    minutes=RTC_MINUTES
                ),
            ),
        ),
    )


def _result(
    bucket: str,
    primary: _Bucket,
    primary_key: KeyRef,
    replica: _Bucket | None,
    replica_key: KeyRef | None,
    replication: str,
    rpo: str,
) -> BucketResult:
    return BucketResult(
        bucket=bucket,
        primary_name=primary.bucket.bucket,
        primary_url=primary.bucket.bucket.apply(lambda b: f"s3://{b}"),
        primary_region=primary.region,
        primary_key_id=primary_key.id,
        replica_name=replica.bucket.bucket if replica else None,
        replica_url=replica.bucket.bucket.apply(lambda b: f"s3://{b}") if replica else None,
        replica_region=replica.region if replica else None,
        replica_key_id=replica_key.id if replica_key else None,
        primary_access_log=primary.access_log,
        replica_access_log=replica.access_log if replica else None,
        replication=replication,
        rpo=rpo,
    )
