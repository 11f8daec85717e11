"""AWS KMS: a multi-Region primary key in `region` and its replica in `drRegion`.

A multi-Region replica shares the primary's key material and key id, so an object replicated to
the DR region (or a snapshot copied there) stays decryptable by the same logical key even when
the primary region is gone. Rotation is set on the primary and applies to its replicas.
https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.clouds.base import KeyRef, Keys, RegionContext, stateful
from components.naming import physical_name

# The `aws` partition, as in cluster.py: every commercial region corridor targets.
AUTO_SCALING_ROLE = (
    "arn:aws:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
)
"""The Amazon EC2 Auto Scaling service-linked role, which launches every EKS managed node group's
instances and so creates their EBS volumes."""


@dataclass(frozen=True)
class AwsKeys(Keys):
    """The neutral keys plus what the key policy needs (the cluster builder attaches it)."""

    primary_key_id: pulumi.Output[str]
    """The primary key's bare key id (not its ARN): `aws.kms.KeyPolicy` reads the policy back under
    the bare id, so an ARN there would show a diff on every `up`."""


def account_of(key_arn: pulumi.Input[str]) -> pulumi.Output[str]:
    """The account that owns the stack key, from its ARN (`arn:aws:kms:<region>:<account>:key/...`):
    the account every resource of the stack lives in, without a caller-identity invoke."""
    return pulumi.Output.from_input(key_arn).apply(lambda arn: arn.split(":")[4])


def build_keys(context: RegionContext, name: str, opts: pulumi.ResourceOptions) -> AwsKeys:
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

    # Storage and the cluster need the key ARNs (the replica depends on the primary through
    # `primary_key_arn`); the cluster also attaches the primary's key policy (`key_policy`).
    return AwsKeys(
        primary=KeyRef(id=primary.arn, region=spec.region),
        replica=KeyRef(id=replica.arn, region=spec.dr_region),
        primary_key_id=primary.key_id,
    )


def key_policy(
    name: str,
    keys: AwsKeys,
    region: str,
    flow_log_group: str | None,
    auto_scaling: bool,
    opts: pulumi.ResourceOptions,
) -> aws.kms.KeyPolicy:
    """The primary key's policy: the default policy's one statement, unchanged, plus what lets the
    services that write node disks and flow logs use the key.

    - `EnableIamUserPermissions`: the default key policy, verbatim, so IAM policies keep governing
      every principal of the account (the EKS cluster role's Secrets grant, the S3 replication
      role). https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    - With `auto_scaling` (`corridor:nodeDiskKey` is `stack`, so GPU launch templates name this key),
      the Auto Scaling service-linked role may use the key and create grants for AWS resources: it
      launches every EKS managed node group's instances, and IAM policies cannot be attached to a
      service-linked role, so only the key policy can let it encrypt EBS volumes with this key.
      Without it (`platform`: node volumes on the account's default EBS key) the policy names no
      Auto Scaling principal. https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
    - With `flow_log_group` (corridor creates the VPC), CloudWatch Logs in `region` may use the key
      for that one log group, by the encryption context CloudWatch Logs sends.
      https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html

    A separate `aws.kms.KeyPolicy`, so the protected key itself gets no new input: PutKeyPolicy
    changes the policy in place (the key's own `policy` is optional and computed, so it shows no
    diff), and destroying this resource puts the default policy back.
    """

    def document(account: str) -> str:
        statements: list[dict[str, object]] = [
            {
                "Sid": "EnableIamUserPermissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
        ]
        if auto_scaling:
            statements += [
                {
                    "Sid": "AutoScalingUseOfTheKey",
                    "Effect": "Allow",
                    "Principal": {"AWS": AUTO_SCALING_ROLE.format(account=account)},
                    "Action": [
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:DescribeKey",
                    ],
                    "Resource": "*",
                },
                {
                    "Sid": "AutoScalingAttachmentOfPersistentResources",
                    "Effect": "Allow",
                    "Principal": {"AWS": AUTO_SCALING_ROLE.format(account=account)},
                    "Action": "kms:CreateGrant",
                    "Resource": "*",
                    "Condition": {"Bool": {"kms:GrantIsForAWSResource": True}},
                },
            ]
        if flow_log_group is not None:
            statements.append(
                {
                    "Sid": "CloudWatchLogsFlowLogGroup",
                    "Effect": "Allow",
                    "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                    "Action": [
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*",
                    ],
                    "Resource": "*",
                    "Condition": {
                        "ArnEquals": {
                            "kms:EncryptionContext:aws:logs:arn": log_group_arn(region, account, flow_log_group)
                        }
                    },
                }
            )
        return json.dumps({"Version": "2012-10-17", "Statement": statements})

    return aws.kms.KeyPolicy(
        name,
        key_id=keys.primary_key_id,
        policy=account_of(keys.primary.id).apply(document),
        opts=opts,
    )


def log_group_arn(region: str, account: str, log_group: str) -> str:
    """A CloudWatch Logs log group's ARN, as CloudWatch Logs puts it in the encryption context."""
    return f"arn:aws:logs:{region}:{account}:log-group:{log_group}"
