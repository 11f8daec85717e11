"""OCI Object Storage: a versioned bucket per neutral bucket in `region`, encrypted with the
region's Vault key, replicated to a bucket in `drRegion` encrypted with that region's key.

Construction (`oci-object-replication`): one replication policy on each primary bucket, naming
the replica bucket and `drRegion` (`oci.objectstorage.ReplicationPolicy`). What Oracle documents
of it, each of which a user of these buckets must know:
- the destination bucket must exist before the policy is created ("Replication policy creation
  does not automatically create a destination bucket": the policy depends on the replica bucket);
- a source bucket has at most one replication policy ("A source bucket can only have one
  replication policy"), so each bucket replicates to exactly one other region;
- once the policy exists the destination bucket is read-only, "updated only by replication from
  the source bucket": nothing may write to the replica, and a recovery stack must make it writable
  before it writes there (`oci os replication make-bucket-writable` on the destination, which
  stops replication to it and works from the destination's side, so with the source region lost);
- objects uploaded before the policy was created are not replicated (there is no backfill:
  create the policy before the first upload, or copy older objects once by hand);
- deletes propagate: "Objects deleted from the source bucket after policy creation are
  automatically deleted from the destination bucket", so the replica protects against the loss of
  a region, not against a delete (versioning and `storage.noncurrentVersionDays` do that);
- replication is asynchronous and Oracle states no recovery point for it: the plan says
  `none-documented`.
https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/usingreplication.htm
https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/usingreplication_topic-To_list_replication_policies.htm
`delete_object_in_destination_bucket` is left unset: pulumi-oci 5.5.0 and Oracle document no
meaning for it.

Every bucket: `NoPublicAccess` (only authenticated callers with IAM permission reach it), versioned
(`Enabled`; OCI takes `Enabled`/`Disabled` at creation), the `Standard` tier, its region's stack
key as master encryption key (`kms_key_id`), and an object lifecycle policy that deletes previous
object versions `storage.noncurrentVersionDays` after they stop being current (target
`previous-object-versions`, documented in the SDK's `ObjectLifecyclePolicyRuleArgs.target`) and
aborts multipart uploads left uncommitted for 7 days (target `multipart-uploads`, action `ABORT`).
Buckets and replication policies are `stateful`. Object Storage has no bucket policy in which a
TLS-only rule (as on S3) could be written; its API endpoints are HTTPS.
https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/usinglifecyclepolicies.htm

IAM (two policies attached to the stack's compartment, each statement naming that compartment by
OCID): Object Storage acts as the service principal `objectstorage-<region>` of each region.
- `keys`: it may use the stack key of its own region only (`use keys ... where target.key.id =
  '<key OCID>'`); a bucket with `kms_key_id` cannot be created before the grant ("The
  objectstorage-<location> subject must also have" the key permissions), so every bucket depends
  on it. https://docs.oracle.com/en-us/iaas/Content/Identity/Reference/objectstoragepolicyreference.htm
  https://docs.oracle.com/en-us/iaas/Content/KeyManagement/Tasks/assigningkeys.htm
- `objects`: it may manage objects in the compartment, which replication ("Replication doesn't
  work if you don't authorize the Object Storage service to replicate objects on your behalf",
  granted to the source region's service) and lifecycle policies (granted to the service of each
  region holding a bucket) both need. Scoped to the compartment as Oracle's statement is; narrowing
  it to the stack's bucket names (`target.bucket.name`) is not documented for replication.
OCI accepts IAM writes only in the tenancy's home region (identity returns "Please go to your
home region ... to execute CREATE, UPDATE and DELETE operations" elsewhere): the policies are
created through the stack's region provider, which works where `region` is the home region.

Access logs (reliability S8, CIS OCI 4.17): Object Storage writes access logs only to OCI
Logging, as a service log per bucket and category (`configuration.source`: service
`objectstorage`, category `read` (GET, LIST, HEAD) or `write` (PUT, POST, DELETE), resource the
bucket name). Each region gets one log group of the stack, each copy of each bucket its two logs
there, kept `logging.retentionDays` (OCI accepts 30-day steps up to 180; the profile validates
it). Oracle delivers these logs "on a best effort basis". Log groups and logs are `stateful`:
deleting a log deletes what it recorded. `primaryAccessLog`/`replicaAccessLog` are the log group
OCIDs. https://docs.oracle.com/en-us/iaas/Content/Logging/Reference/details_for_object_storage.htm

A recovery stack (`adopt_storage`) stands in the source's `drRegion` on the source's replica
buckets, adopted by their ids `n/<namespace>/b/<name>` (the import id documented in
`pulumi_oci.objectstorage.Bucket`; the namespace is the tenancy's, the same in every region), as
its primary copies. A drill only reads them: they keep every setting and every log the source gave
them. A failover imports each bucket with the source's inputs and declares its lifecycle policy
again (PutObjectLifecyclePolicy "creates or replaces" it, so the same rules change nothing),
`stateful`; the source's access logs of the bucket stay the source's and keep logging (OCI refuses
a second log of the same bucket and category). With an onward `drRegion` the adopted buckets
replicate there as any primary does, once made writable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_oci as oci

from components.clouds.base import BucketResult, KeyRef, RegionContext, adopt, stateful
from components.clouds.oci.identity import iam_policy
from components.clouds.oci.keys import OciKeys, on_dr, recovery_of, source_compartment, source_tags
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.oci.adapter import OciBase

REPLICATION = "oci-object-replication"
RPO = "none-documented"
"""Oracle documents no recovery point for Object Storage replication (module docstring)."""

ACCESS_TYPE = "NoPublicAccess"
STORAGE_TIER = "Standard"
ABORT_MULTIPART_DAYS = 7
LOG_CATEGORIES = ("read", "write")
"""The two categories of Object Storage service logs: every read, and every write or delete."""

KEY_STATEMENT = (
    "Allow service objectstorage-{region} to use keys in compartment id {compartment} where target.key.id = '{key}'"
)
OBJECTS_STATEMENT = "Allow service objectstorage-{region} to manage object-family in compartment id {compartment}"


@dataclass(frozen=True)
class _Bucket:
    """A bucket of one region and where its access is logged."""

    bucket: oci.objectstorage.Bucket
    region: str
    key: KeyRef
    namespace: str
    access_log: pulumi.Output[str]


@dataclass(frozen=True)
class _Grants:
    """The IAM policies a region's buckets wait for: key use (the bucket) and object management
    (lifecycle and replication). None in a drill, which changes nothing."""

    keys: oci.identity.Policy
    objects: oci.identity.Policy


def build_storage(
    context: RegionContext, base: OciBase, name: str, keys: OciKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    spec = context.spec
    storage = spec.storage
    if not storage.buckets:
        return []
    namespace = object_storage_namespace(base.compartment_id, opts)
    replicate = storage.replication
    replica_key = keys.replica if replicate else None
    grants = grant_object_storage(context, base, name, keys.primary, replica_key, opts)
    primary_logs = log_group(context, base, f"{name}-access-logs", spec.region, opts)
    replica_logs = (
        log_group(context, base, f"{name}-access-logs-dr", spec.dr_region, on_dr(base, opts)) if replicate else None
    )
    results = []
    for bucket in storage.buckets:
        prefix = f"{name}-{bucket.name}"
        primary = data_bucket(
            context, base, prefix, bucket.name, "primary", keys.primary, namespace, grants, primary_logs, opts
        )
        if replica_logs is None:
            results.append(_result(bucket.name, primary, None, "none", "none"))
            continue
        results.append(
            replicated(context, base, prefix, bucket.name, primary, keys, namespace, grants, replica_logs, opts)
        )
    return results


def replicated(
    context: RegionContext,
    base: OciBase,
    prefix: str,
    bucket: str,
    primary: _Bucket,
    keys: OciKeys,
    namespace: str,
    grants: _Grants,
    replica_logs: oci.logging.LogGroup,
    opts: pulumi.ResourceOptions,
) -> BucketResult:
    """`primary`'s replica bucket in drRegion (through the DR provider) and the replication policy
    to it: how a stack replicates, and how a failover replicates onward."""
    replica = data_bucket(
        context, base, prefix, bucket, "replica", keys.replica, namespace, grants, replica_logs, on_dr(base, opts)
    )
    replication_policy(context, prefix, bucket, primary, replica, grants, opts)
    return _result(bucket, primary, replica, REPLICATION, RPO)


def adopt_storage(
    context: RegionContext, base: OciBase, name: str, keys: OciKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    """A recovery stack's buckets (`CloudAdapter.adopt_storage`): each of the source's replica
    buckets in this region as `{name}-<bucket>-primary`; in failover also its lifecycle policy,
    the IAM grants of this stack, and with an onward drRegion replicas there as `build_storage`
    makes them."""
    spec, source = context.spec, recovery_of(context)
    if not spec.storage.replication:
        raise ValueError(
            f"{source.stack} does not replicate its buckets (storage.replication): there is nothing to adopt"
        )
    buckets = spec.storage.buckets
    if not buckets:
        return []
    mode = spec.recovery_mode
    compartment = source_compartment(context)
    namespace = object_storage_namespace(compartment, opts)
    tags = source_tags(context)
    # Where the source logs its replicas' access in this region: its log group here, found by the
    # name it gave it. The source's logs stay the source's in both modes (module docstring).
    logs = source_log_group(context, compartment, opts)
    onward = mode == "failover" and source.onward
    grants = (
        grant_object_storage(context, base, name, keys.primary, keys.replica if onward else None, opts)
        if mode == "failover"
        else None
    )
    replica_logs = (
        log_group(context, base, f"{name}-access-logs-dr", spec.dr_region, on_dr(base, opts)) if onward else None
    )

    results = []
    for bucket in buckets:
        prefix = f"{name}-{bucket.name}"
        physical = bucket_name(source.stack, context.source_scope, bucket.name, "replica")
        bucket_id = bucket_import_id(namespace, physical)
        adopted = adopt(
            mode,
            bucket_id,
            lambda o, logical=f"{prefix}-primary", bid=bucket_id: oci.objectstorage.Bucket.get(logical, bid, opts=o),
            lambda o, logical=f"{prefix}-primary", physical=physical: _bucket(
                context, logical, compartment, namespace, physical, keys.primary, tags, o
            ),
            opts,
        )
        primary = _Bucket(adopted, spec.region, keys.primary, namespace, pulumi.Output.from_input(logs))
        if grants is None:
            # A drill: only the read. Nothing replicates from a copy the drill does not own.
            results.append(_result(bucket.name, primary, None, "none", "none"))
            continue
        lifecycle(context, f"{prefix}-primary", adopted, namespace, grants, stateful(opts))
        if not onward or replica_logs is None:
            results.append(_result(bucket.name, primary, None, "none", "none"))
            continue
        results.append(
            replicated(context, base, prefix, bucket.name, primary, keys, namespace, grants, replica_logs, opts)
        )
    return results


# --- names and ids -------------------------------------------------------------------------------


def bucket_name(stack: str, scope: str, neutral_name: str, role: str) -> str:
    """The physical name `stack` (with its `scope`) gives a data bucket (`role`: `primary` or
    `replica`). Bucket names are unique per Object Storage namespace, one per tenancy, hence the
    profile's uniqueness suffix."""
    return physical_name("oci", "bucket", "corridor", stack, neutral_name, role, scope=scope)


def bucket_import_id(namespace: str, name: str) -> str:
    """A bucket's provider id: `n/{namespaceName}/b/{bucketName}` (pulumi_oci.objectstorage.Bucket)."""
    return f"n/{namespace}/b/{name}"


def log_group_name(stack: str, scope: str, region: str) -> str:
    """The display name of the access-log group `stack` makes in `region` (unique per compartment)."""
    return physical_name("oci", "log_group", "corridor", stack, "access-logs", region, scope=scope)


def bucket_url(region: str, namespace: str, name: pulumi.Input[str]) -> pulumi.Output[str]:
    """The bucket's Object Storage API URL (`/n/<namespace>/b/<bucket>`), which names its region."""
    return pulumi.Output.from_input(name).apply(
        lambda bucket: f"https://objectstorage.{region}.oraclecloud.com/n/{namespace}/b/{bucket}"
    )


def object_storage_namespace(compartment: str, opts: pulumi.ResourceOptions) -> str:
    """The tenancy's Object Storage namespace, the same in every region. A plain invoke: bucket
    ids (`n/<namespace>/b/<name>`) must be strings for an import, and the plan shows it. Default
    providers are disabled, so the invoke names the parent's provider."""
    return oci.objectstorage.get_namespace(
        compartment_id=compartment, opts=pulumi.InvokeOptions(parent=opts.parent, provider=opts.provider)
    ).namespace


# --- IAM -----------------------------------------------------------------------------------------


def grant_object_storage(
    context: RegionContext,
    base: OciBase,
    name: str,
    primary: KeyRef,
    replica: KeyRef | None,
    opts: pulumi.ResourceOptions,
) -> _Grants:
    """The two policies of the module docstring, for `region` and, with a `replica` key (the stack
    replicates), `drRegion`."""
    sides = [primary, *([replica] if replica is not None else [])]
    compartment = base.compartment_id
    key_statements = [
        pulumi.Output.from_input(side.id).apply(
            lambda key, region=side.region: KEY_STATEMENT.format(region=region, compartment=compartment, key=key)
        )
        for side in sides
    ]
    object_statements = [OBJECTS_STATEMENT.format(region=side.region, compartment=compartment) for side in sides]
    return _Grants(
        keys=iam_policy(
            context,
            base,
            f"{name}-key-policy",
            "object-storage-keys",
            "Object Storage may use the stack's Vault key of its own region for the stack's buckets",
            key_statements,
            opts,
        ),
        objects=iam_policy(
            context,
            base,
            f"{name}-service-policy",
            "object-storage-objects",
            "Object Storage may replicate the stack's buckets and apply their lifecycle policies",
            object_statements,
            opts,
        ),
    )


# --- buckets -------------------------------------------------------------------------------------


def data_bucket(
    context: RegionContext,
    base: OciBase,
    prefix: str,
    neutral_name: str,
    role: str,
    key: KeyRef,
    namespace: str,
    grants: _Grants,
    logs: oci.logging.LogGroup,
    opts: pulumi.ResourceOptions,
) -> _Bucket:
    """A protected bucket of this stack in `key.region` (the provider of `opts`), its lifecycle
    policy and its two access logs; logical names `<prefix>-<role>` and `<prefix>-<role>-*`."""
    logical = f"{prefix}-{role}"
    physical = bucket_name(context.stack, context.scope, neutral_name, role)
    # KMS association needs the service's grant on the key before the bucket is created.
    bucket = _bucket(
        context,
        logical,
        base.compartment_id,
        namespace,
        physical,
        key,
        context.tags(),
        stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[grants.keys]))),
    )
    lifecycle(context, logical, bucket, namespace, grants, opts)
    for category in LOG_CATEGORIES:
        access_log(context, base, f"{logical}-{category}-log", bucket, physical, category, logs, opts)
    return _Bucket(bucket, key.region, key, namespace, logs.id)


def _bucket(
    context: RegionContext,
    logical: str,
    compartment: str,
    namespace: str,
    physical: str,
    key: KeyRef,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> oci.objectstorage.Bucket:
    return oci.objectstorage.Bucket(
        logical,
        compartment_id=compartment,
        namespace=namespace,
        name=physical,
        access_type=ACCESS_TYPE,
        storage_tier=STORAGE_TIER,
        versioning="Enabled" if context.spec.storage.versioning else "Disabled",
        kms_key_id=key.id,
        freeform_tags=tags,
        opts=opts,
    )


def lifecycle(
    context: RegionContext,
    logical: str,
    bucket: oci.objectstorage.Bucket,
    namespace: str,
    grants: _Grants,
    opts: pulumi.ResourceOptions,
) -> oci.objectstorage.ObjectLifecyclePolicy:
    """Expire previous versions after `storage.noncurrentVersionDays` and abort stale multipart
    uploads; Object Storage applies it as its service principal, so it waits for that grant."""
    days = context.spec.storage.noncurrent_version_days
    return oci.objectstorage.ObjectLifecyclePolicy(
        f"{logical}-lifecycle",
        namespace=namespace,
        bucket=bucket.name,
        rules=[
            # OCI's API takes `timeAmount` as a string (pulumi_oci: `time_amount: Input[str]`).
            oci.objectstorage.ObjectLifecyclePolicyRuleArgs(
                name="expire-previous-versions",
                action="DELETE",
                target="previous-object-versions",
                time_amount=str(days),
                time_unit="DAYS",
                is_enabled=True,
            ),
            oci.objectstorage.ObjectLifecyclePolicyRuleArgs(
                name="abort-incomplete-uploads",
                action="ABORT",
                target="multipart-uploads",
                time_amount=str(ABORT_MULTIPART_DAYS),
                time_unit="DAYS",
                is_enabled=True,
            ),
        ],
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[grants.objects])),
    )


def replication_policy(
    context: RegionContext,
    prefix: str,
    neutral_name: str,
    primary: _Bucket,
    replica: _Bucket,
    grants: _Grants,
    opts: pulumi.ResourceOptions,
) -> oci.objectstorage.ReplicationPolicy:
    """Replicate `primary` to `replica` (in `drRegion`), once the replica exists and the source
    region's service may replicate; `stateful`, since deleting it makes the replica writable and
    silently stops protection."""
    return oci.objectstorage.ReplicationPolicy(
        f"{prefix}-replication",
        namespace=primary.namespace,
        bucket=primary.bucket.name,
        name=physical_name("oci", "display_name", neutral_name, "to", replica.region, scope=context.scope),
        destination_bucket_name=replica.bucket.name,
        destination_region_name=replica.region,
        opts=stateful(
            pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[replica.bucket, grants.objects]))
        ),
    )


# --- access logs ---------------------------------------------------------------------------------


def log_group(
    context: RegionContext, base: OciBase, logical: str, region: str, opts: pulumi.ResourceOptions
) -> oci.logging.LogGroup:
    """The stack's access-log group in `region` (the provider of `opts`), protected like data."""
    return oci.logging.LogGroup(
        logical,
        compartment_id=base.compartment_id,
        display_name=log_group_name(context.stack, context.scope, region),
        description=f"corridor {context.stack}: Object Storage access logs of the stack's buckets in {region}",
        freeform_tags=context.tags(),
        opts=stateful(opts),
    )


def access_log(
    context: RegionContext,
    base: OciBase,
    logical: str,
    bucket: oci.objectstorage.Bucket,
    physical: str,
    category: str,
    logs: oci.logging.LogGroup,
    opts: pulumi.ResourceOptions,
) -> oci.logging.Log:
    """The Object Storage service log of one category of `bucket`, in `logs`."""
    return oci.logging.Log(
        logical,
        display_name=physical_name("oci", "display_name", physical, category, scope=context.scope),
        log_group_id=logs.id,
        log_type="SERVICE",
        configuration=oci.logging.LogConfigurationArgs(
            compartment_id=base.compartment_id,
            source=oci.logging.LogConfigurationSourceArgs(
                service="objectstorage",
                category=category,
                resource=bucket.name,
                source_type="OCISERVICE",
            ),
        ),
        is_enabled=True,
        retention_duration=context.spec.logging.retention_days,
        freeform_tags=context.tags(),
        opts=stateful(opts),
    )


def source_log_group(context: RegionContext, compartment: str, opts: pulumi.ResourceOptions) -> str:
    """The OCID of the log group the source made in this region for its replicas' access logs."""
    source = recovery_of(context)
    display = log_group_name(source.stack, context.source_scope, context.spec.region)
    found = oci.logging.get_log_groups(
        compartment_id=compartment,
        display_name=display,
        opts=pulumi.InvokeOptions(parent=opts.parent, provider=opts.provider),
    )
    if len(found.log_groups) != 1:
        raise RuntimeError(
            f"expected one log group named {display} in compartment {compartment}, found {len(found.log_groups)}"
        )
    return found.log_groups[0].id


# --- results -------------------------------------------------------------------------------------


def _result(neutral_name: str, primary: _Bucket, replica: _Bucket | None, replication: str, rpo: str) -> BucketResult:
    return BucketResult(
        bucket=neutral_name,
        primary_name=primary.bucket.name,
        primary_url=bucket_url(primary.region, primary.namespace, primary.bucket.name),
        primary_region=primary.region,
        primary_key_id=primary.key.id,
        replica_name=replica.bucket.name if replica else None,
        replica_url=bucket_url(replica.region, replica.namespace, replica.bucket.name) if replica else None,
        replica_region=replica.region if replica else None,
        replica_key_id=replica.key.id if replica else None,
        primary_access_log=primary.access_log,
        replica_access_log=replica.access_log if replica else None,
        replication=replication,
        rpo=rpo,
    )
