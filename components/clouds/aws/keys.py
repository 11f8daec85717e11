"""AWS KMS: a multi-Region primary key in `region` and its replica in `drRegion`.

A multi-Region replica shares the primary's key material and key id, so an object replicated to
the DR region (or a snapshot copied there) stays decryptable by the same logical key even when
the primary region is gone. Rotation is set on the primary and applies to its replicas.
https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.clouds.base import KeyRef, Keys, RegionContext, stateful
from components.naming import physical_name


def build_keys(context: RegionContext, name: str, opts: pulumi.ResourceOptions) -> Keys:
    spec = context.spec
    tags = context.tags()
    description = f"corridor {context.stack}: customer-managed key for GPU region data"
    # One alias name in both regions: aliases are regional, and a recovery stack finds the
    # replica by the same name it used for the primary.
    alias = "alias/" + physical_name("aws", "kms_alias", "corridor", context.stack, name, scope=context.scope)

    primary = aws.kms.Key(
        f"{name}-primary",
        description=description,
        key_usage="ENCRYPT_DECRYPT",
        customer_master_key_spec="SYMMETRIC_DEFAULT",
        multi_region=True,
        enable_key_rotation=True,
        rotation_period_in_days=spec.keys.rotation_days,
        deletion_window_in_days=spec.keys.deletion_window_days,
        tags=tags,
        opts=stateful(opts),
    )
    aws.kms.Alias(f"{name}-primary-alias", name=alias, target_key_id=primary.key_id, opts=opts)

    replica = aws.kms.ReplicaKey(
        f"{name}-replica",
        primary_key_arn=primary.arn,
        region=spec.dr_region,
        description=description,
        deletion_window_in_days=spec.keys.deletion_window_days,
        tags=tags,
        opts=stateful(opts),
    )
    aws.kms.Alias(f"{name}-replica-alias", name=alias, target_key_id=replica.key_id, region=spec.dr_region, opts=opts)

    # Storage and the cluster need only the key ARNs (the replica depends on the primary through
    # `primary_key_arn`), so the neutral `Keys` is the AWS handle.
    return Keys(
        primary=KeyRef(id=primary.arn, region=spec.region),
        replica=KeyRef(id=replica.arn, region=spec.dr_region),
    )
