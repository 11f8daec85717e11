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
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from components.clouds.base import BucketResult, KeyRef, Keys, RegionContext, stateful
from components.naming import physical_name

RTC_MINUTES = 15  # the only value S3 accepts for ReplicationTime and its metrics threshold


def build_storage(context: RegionContext, name: str, keys: Keys, opts: pulumi.ResourceOptions) -> list[BucketResult]:
    storage = context.spec.storage
    role = replication_role(context, name, opts) if storage.replication else None
    results = []
    for bucket in storage.buckets:
        base = f"{name}-{bucket.name}"
        primary = hardened_bucket(context, f"{base}-primary", bucket.name, "primary", keys.primary, None, opts)
        if role is None:
            results.append(_result(bucket.name, primary, keys.primary, None, None, "none", "none"))
            continue
        replica = hardened_bucket(
            context, f"{base}-replica", bucket.name, "replica", keys.replica, context.spec.dr_region, opts
        )
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
        results.append(_result(bucket.name, primary, keys.primary, replica, keys.replica, "s3-crr-rtc", "15m"))
    return results


class _Bucket:
    """A bucket and the versioning resource replication must wait for."""

    def __init__(self, bucket: aws.s3.Bucket, versioning: aws.s3.BucketVersioning, region: str) -> None:
        self.bucket, self.versioning, self.region = bucket, versioning, region


def hardened_bucket(
    context: RegionContext,
    name: str,
    neutral_name: str,
    role: str,
    key: KeyRef,
    region: str | None,
    opts: pulumi.ResourceOptions,
) -> _Bucket:
    """A private, versioned, KMS-encrypted, TLS-only bucket. `region` None means the provider's."""
    storage = context.spec.storage
    bucket = aws.s3.Bucket(
        name,
        bucket=physical_name("aws", "s3_bucket", "corridor", context.stack, neutral_name, role, scope=context.scope),
        region=region,
        force_destroy=False,
        tags=context.tags(),
        opts=stateful(opts),
    )
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
        opts=opts,
    )
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
    aws.s3.BucketPolicy(
        f"{name}-tls-only",
        bucket=bucket.id,
        region=region,
        policy=bucket.arn.apply(tls_only_policy),
        # S3 rejects a bucket policy while public-access blocks are still being applied.
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[public_access])),
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
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[versioning])),
    )
    return _Bucket(bucket, versioning, region or context.spec.region)


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
        replication=replication,
        rpo=rpo,
    )
