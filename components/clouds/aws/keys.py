"""AWS KMS: a multi-Region primary key in `region` and its replica in `drRegion`.

A multi-Region replica shares the primary's key material and key id, so an object replicated to
the DR region (or a snapshot copied there) stays decryptable by the same logical key even when
the primary region is gone. Rotation is set on the primary and applies to its replicas.
https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html

A recovery stack (`adopt_keys`) stands in the source's `drRegion` on the source's replica key,
found by the alias the source gave it there. A new replica of that key cannot be made while the
source region is lost: only a multi-Region primary can be replicated (ReplicateKey), and moving
the primary (UpdatePrimaryRegion) needs the primary key Enabled in its own region. So a failover
that replicates onward makes a new multi-Region key in its own `drRegion`.
https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-update.html
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components import tagging
from components.clouds.base import KeyRef, Keys, RegionContext, adopt, stateful
from components.definition.recovery import RecoverySource
from components.naming import physical_name

# The `aws` partition, as in cluster.py: every commercial region corridor targets.
AUTO_SCALING_ROLE = (
    "arn:aws:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
)
"""The Amazon EC2 Auto Scaling service-linked role, which launches every EKS managed node group's
instances and so creates their EBS volumes."""


@dataclass(frozen=True)
class Adoption:
    """How a recovery stack holds the key it adopted from its source."""

    mode: str
    """`drill` (read only) or `failover` (imported, protected): `spec.recovery_mode`."""
    key_id: str
    """The adopted key's bare key id, as the alias lookup returned it at plan time."""


@dataclass(frozen=True)
class AwsKeys(Keys):
    """The neutral keys plus what the key policies need (the cluster builder attaches them)."""

    primary_key_id: pulumi.Output[str]
    """The primary key's bare key id (not its ARN): `aws.kms.KeyPolicy` reads the policy back under
    the bare id, so an ARN there would show a diff on every `up`."""
    replica_key_id: pulumi.Output[str] | None
    """The bare key id of the key in `drRegion` when this stack owns a separate one there (its
    replica key, or a failover's onward key), whose policy the cluster builder sets; None when
    `replica` is the primary key itself (a recovery stack that replicates nowhere)."""
    adoption: Adoption | None = None
    """Set in a recovery stack, whose primary key is the source's replica key."""


def account_of(key_arn: pulumi.Input[str]) -> pulumi.Output[str]:
    """The account that owns the stack key, from its ARN (`arn:aws:kms:<region>:<account>:key/...`):
    the account every resource of the stack lives in, without a caller-identity invoke."""
    return pulumi.Output.from_input(key_arn).apply(lambda arn: arn.split(":")[4])


def alias_name(stack: str, name: str, scope: str) -> str:
    """The alias `stack` gives its key `name` in both its regions (aliases are regional): a
    recovery stack finds the source's replica key by it in the source's `drRegion`."""
    return "alias/" + physical_name("aws", "kms_alias", "corridor", stack, name, scope=scope)


def key_description(stack: str) -> str:
    """The description of every key `stack` makes."""
    return f"corridor {stack}: customer-managed key for GPU region data"


def multi_region_key(
    context: RegionContext, name: str, region: str | None, opts: pulumi.ResourceOptions
) -> aws.kms.Key:
    """A protected, rotating multi-Region primary key of this stack (`region` None: the
    provider's)."""
    spec = context.spec
    return aws.kms.Key(
        name,
        description=key_description(context.stack),
        key_usage="ENCRYPT_DECRYPT",
        customer_master_key_spec="SYMMETRIC_DEFAULT",
        multi_region=True,
        enable_key_rotation=True,
        rotation_period_in_days=spec.keys.rotation_days,
        deletion_window_in_days=spec.keys.deletion_window_days,
        region=region,
        tags=context.tags(),
        opts=stateful(opts),
    )


def build_keys(context: RegionContext, name: str, opts: pulumi.ResourceOptions) -> AwsKeys:
    spec = context.spec
    tags = context.tags()
    description = key_description(context.stack)
    # One alias name in both regions: aliases are regional, and a recovery stack finds the
    # replica by the same name it used for the primary.
    alias = alias_name(context.stack, name, context.scope)

    primary = multi_region_key(context, f"{name}-primary", None, opts)
    # Aliases are protected like the keys: a recovery stack finds the replica key by its alias.
    aws.kms.Alias(f"{name}-primary-alias", name=alias, target_key_id=primary.key_id, opts=stateful(opts))

    replica = aws.kms.ReplicaKey(
        f"{name}-replica",
        primary_key_arn=primary.arn,
        region=spec.dr_region,
        description=description,
        deletion_window_in_days=spec.keys.deletion_window_days,
        tags=tags,
        opts=stateful(opts),
    )
    aws.kms.Alias(
        f"{name}-replica-alias", name=alias, target_key_id=replica.key_id, region=spec.dr_region, opts=stateful(opts)
    )

    # Storage and the cluster need the key ARNs (the replica depends on the primary through
    # `primary_key_arn`); the cluster also attaches both keys' policies (`key_policy`,
    # `replica_key_policy`).
    return AwsKeys(
        primary=KeyRef(id=primary.arn, region=spec.region),
        replica=KeyRef(id=replica.arn, region=spec.dr_region),
        primary_key_id=primary.key_id,
        replica_key_id=replica.key_id,
    )


def source_tags(context: RegionContext) -> dict[str, str]:
    """The tags the source stack of a recovery stack put on its resources (its own stack name and
    home region): what an adopted resource's `tags` input must be for its import to change nothing."""
    source = _source(context)
    return tagging.standard_tags(context.spec.model_copy(update={"region": source.region}), source.stack)


def adopt_keys(context: RegionContext, name: str, opts: pulumi.ResourceOptions) -> AwsKeys:
    """A recovery stack's keys (`CloudAdapter.adopt_keys`): the source's replica key in this
    region, found by the source's alias, as `{name}-primary` (and its alias as
    `{name}-primary-alias`); in failover with an onward `drRegion`, a new key there as
    `{name}-replica`."""
    spec, source = context.spec, _source(context)
    mode = spec.recovery_mode
    alias = alias_name(source.stack, name, context.source_scope)
    # The key id (`mrk-...`) is the cloud's, not derivable from config: the source's alias in
    # this region names it. A plain invoke, so the id is a string `import_` can take; it runs in
    # preview too, which then fails if the source never made the replica. Default providers are
    # disabled, so the invoke names the parent's provider (this region's).
    found = aws.kms.get_alias(name=alias, opts=pulumi.InvokeOptions(parent=opts.parent, provider=opts.provider))
    key_id = found.target_key_id
    # The source declared its replica with its primary's ARN, which for a multi-Region key is this
    # key's ARN with the source's region.
    arn = found.target_key_arn.split(":")
    primary_arn = ":".join([*arn[:3], source.region, *arn[4:]])
    tags = source_tags(context)

    # Inputs exactly as the source declared its replica (`build_keys`), so the import changes
    # nothing; `region` is this stack's, which was the source's drRegion.
    key = adopt(
        mode,
        key_id,
        lambda o: aws.kms.ReplicaKey.get(f"{name}-primary", key_id, opts=o),
        lambda o: aws.kms.ReplicaKey(
            f"{name}-primary",
            primary_key_arn=primary_arn,
            region=spec.region,
            description=key_description(source.stack),
            deletion_window_in_days=spec.keys.deletion_window_days,
            tags=tags,
            opts=o,
        ),
        opts,
    )
    # The alias too, so a failover owns the name the key is known by here; an alias's id is its name.
    adopt(
        mode,
        alias,
        lambda o: aws.kms.Alias.get(f"{name}-primary-alias", alias, opts=o),
        lambda o: aws.kms.Alias(
            f"{name}-primary-alias", name=alias, target_key_id=key.key_id, region=spec.region, opts=o
        ),
        opts,
    )
    primary = KeyRef(id=key.arn, region=spec.region)
    adoption = Adoption(mode=mode, key_id=key_id)
    if mode == "drill" or not source.onward:
        # A drill creates no key; a failover without an onward drRegion replicates nowhere.
        return AwsKeys(
            primary=primary, replica=primary, primary_key_id=key.key_id, replica_key_id=None, adoption=adoption
        )

    # Onward: a new multi-Region key in the further region (the adopted key cannot be replicated,
    # see the module docstring), under this stack's own alias.
    onward = multi_region_key(context, f"{name}-replica", spec.dr_region, opts)
    aws.kms.Alias(
        f"{name}-replica-alias",
        name=alias_name(context.stack, name, context.scope),
        target_key_id=onward.key_id,
        region=spec.dr_region,
        opts=stateful(opts),
    )
    return AwsKeys(
        primary=primary,
        replica=KeyRef(id=onward.arn, region=spec.dr_region),
        primary_key_id=key.key_id,
        replica_key_id=onward.key_id,
        adoption=adoption,
    )


def _source(context: RegionContext) -> RecoverySource:
    if context.spec.recovery is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    return context.spec.recovery


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

    In a recovery stack the key is the source's replica (`keys.adoption`) and its policy is the
    one the source set there (`replica_key_policy`), adopted with the key: a drill only reads it,
    because a KeyPolicy replaces the whole policy and destroying the drill would put the default
    back, taking from the source's replica what the source granted; a failover owns the key, so it
    imports the policy and sets this one, protected and retained like the key.
    """
    policy = account_of(keys.primary.id).apply(
        lambda account: policy_document(account, region, flow_log_group, auto_scaling)
    )
    adoption = keys.adoption
    if adoption is None:
        return aws.kms.KeyPolicy(name, key_id=keys.primary_key_id, policy=policy, opts=opts)
    return adopt(
        adoption.mode,
        adoption.key_id,
        lambda o: aws.kms.KeyPolicy.get(name, adoption.key_id, opts=o),
        lambda o: aws.kms.KeyPolicy(name, key_id=keys.primary_key_id, policy=policy, opts=o),
        opts,
    )


def replica_key_policy(
    name: str,
    keys: AwsKeys,
    region: str,
    flow_log_groups: str | None,
    auto_scaling: bool,
    opts: pulumi.ResourceOptions,
) -> aws.kms.KeyPolicy | None:
    """The same grants on the key this stack owns in its `drRegion` (`keys.replica_key_id`, in
    `region`), so a recovery stack stood up there on that key (`adopt_keys`) can encrypt GPU node
    volumes and its flow log group with it before it owns the key, a drill never: the drill reads
    this policy and never sets one. The recovery stack's log group has a name of its own that this
    stack cannot know, so `flow_log_groups` is a pattern (`ArnLike`) over corridor's flow log
    groups of the account in `region`. None when this stack owns no separate key there.
    """
    if keys.replica_key_id is None:
        return None
    return aws.kms.KeyPolicy(
        name,
        key_id=keys.replica_key_id,
        region=region,
        policy=account_of(keys.replica.id).apply(
            lambda account: policy_document(account, region, flow_log_groups, auto_scaling)
        ),
        opts=opts,
    )


def policy_document(account: str, region: str, flow_log_group: str | None, auto_scaling: bool) -> str:
    """A stack key's policy (`key_policy`); `flow_log_group` may be an `ArnLike` pattern (`*`)."""
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
                    "ArnLike" if "*" in flow_log_group else "ArnEquals": {
                        "kms:EncryptionContext:aws:logs:arn": log_group_arn(region, account, flow_log_group)
                    }
                },
            }
        )
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def log_group_arn(region: str, account: str, log_group: str) -> str:
    """A CloudWatch Logs log group's ARN, as CloudWatch Logs puts it in the encryption context."""
    return f"arn:aws:logs:{region}:{account}:log-group:{log_group}"
