"""Cloud Storage: versioned, CMEK-encrypted buckets replicated to the DR region.

Two constructions, chosen from the (region, drRegion) pair:

* **Dual-region bucket with turbo replication** (`gcs-dual-region-turbo`, RPO 15 minutes) when
  both regions form a dual-region whose Cloud KMS location is settled: a predefined dual-region
  (`ASIA1`, `EUR4`, `NAM4`) or a configurable one inside one location code (`ASIA`, `EU`, `US`).
  Turbo replication: "100% of newly written objects [replicated] to both regions ... within a
  recovery point objective of 15 minutes, regardless of object size."
  https://cloud.google.com/storage/docs/availability-durability#turbo-replication
  A dual-region bucket needs a key ring in the associated multi-region (or, for a predefined
  dual-region, in that dual-region), so it gets its own key, not the stack's regional keys.
  https://cloud.google.com/storage/docs/encryption/using-customer-managed-keys
* **Two buckets plus cross-bucket replication** (`gcs-cross-bucket`, no documented RPO) for every
  other pair, e.g. asia-southeast1 -> asia-southeast2 (asia-southeast2 is not eligible for any
  dual-region) and anything in me-central1/me-central2/me-west1. A Storage Transfer Service
  replication job copies new and updated objects; Google states "cross-bucket replication does
  not offer a Recovery Point Objective (RPO)" (typically minutes to tens of minutes for objects
  under 1 GiB, hours above). Deletes are NOT replicated, existing objects are not backfilled, and
  lifecycle configuration is not copied (each bucket carries its own here).
  https://cloud.google.com/storage/docs/availability-durability#cross-bucket-replication
  https://cloud.google.com/storage-transfer/docs/cross-bucket-replication

Access logs: every data bucket writes Cloud Storage usage logs (one CSV object an hour listing
every request: who, what, when, from where) to a log bucket in its region: one per region
corridor creates buckets in (`region`, and `drRegion` for cross-bucket replicas; a dual-region
bucket logs to `region`'s). Usage logs, not Cloud Audit Logs data-access logs, because the audit
config is project-wide (`IAMAuditConfig` is authoritative per service, so it would overwrite or
fight a project's existing audit settings, and log every bucket of the project, not corridor's),
and its logs land in Cloud Logging's `_Default` bucket with 30-day retention unless a sink is
added, whereas a usage log bucket is per stack, kept `logging.retentionDays`, CMEK-encrypted and
protected like data. Google calls audit logs "recommended in most cases" for their seconds-level
delivery; usage logs arrive hourly and delivery is best effort, which a platform team that also
enables data-access audit logs for the project loses nothing by.
https://cloud.google.com/storage/docs/access-logs#should-you-use

A recovery stack (`adopt_storage`) finds the copies its source keeps in the DR region by the
deterministic names above (`bucket_name`, `log_bucket_name` with the source's scope): read-only
in a drill, imported unchanged in a failover. The source's replication job fills the adopted
copy and stays the source's: the recovery stack never declares, pauses or deletes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.catalog import regions
from components.clouds.base import BucketResult, KeyRef, RegionContext, adopt, stateful
from components.clouds.gcp.keys import (
    SECONDS_PER_DAY,
    GcpKeys,
    adopted_key,
    grant_key_use,
    recovery_of,
    regional_key,
    source_project,
    source_tags,
)
from components.naming import physical_name

# Which region pairs form a dual-region, and where each dual-region's key must live, are catalog
# data: `dualRegions.gcp` in components/catalog/regions.json, with their sources
# (https://cloud.google.com/storage/docs/locations#configurable and #predefined,
# https://cloud.google.com/storage/docs/encryption/using-customer-managed-keys). Predefined
# dual-regions (`ASIA1`, `EUR4`, `NAM4`) are matched first; their key ring lives in the
# dual-region itself. A configurable pair must sit under one location code whose KMS location is
# settled (`ASIA`, `EU`, `US`: the associated multi-region); codes without one (DE, IN, IT, AU, CA)
# make any pair they hold fall back to cross-bucket replication, even one also listed under EU.

# Turbo replication: RPO 15 minutes, only for dual-region buckets (it errors on regional ones).
TURBO_RPO = "ASYNC_TURBO"

# Roles of the Storage Transfer Service agent for a replication job: read the source, write the
# sink. https://cloud.google.com/storage-transfer/docs/source-cloud-storage ,
# https://cloud.google.com/storage-transfer/docs/sink-cloud-storage ,
# https://cloud.google.com/storage-transfer/docs/cross-bucket-replication
# On the source the agent also attaches the Pub/Sub notification that drives replication, which
# needs storage.buckets.update: the console grants legacyBucketOwner there for that reason.
SOURCE_ROLES = ("roles/storage.legacyBucketOwner", "roles/storage.objectViewer")
# The sink also needs storage.objects.get, which legacyBucketWriter lacks, because the job only
# overwrites objects that differ (overwriteWhen DIFFERENT) and must read the sink to compare.
SINK_ROLES = ("roles/storage.legacyBucketWriter", "roles/storage.objectViewer")

# Cloud Storage writes usage logs as this Google group, which must be able to create objects in
# the log bucket ("gcloud storage buckets add-iam-policy-binding gs://example-logs-bucket
# --member=group:cloud-storage-analytics@google.com --role=roles/storage.objectCreator").
# An organization policy restricting IAM members to your domains (iam.allowedPolicyMemberDomains)
# refuses this grant; allow google.com there or the log bucket gets no logs.
# https://cloud.google.com/storage/docs/access-logs#delivery
ANALYTICS_GROUP = "group:cloud-storage-analytics@google.com"
ANALYTICS_ROLE = "roles/storage.objectCreator"


@dataclass(frozen=True)
class LogBucket:
    """A region's access-log bucket: where its data buckets' usage logs go."""

    name: pulumi.Output[str]
    url: pulumi.Output[str]


@dataclass(frozen=True)
class DualRegion:
    """A dual-region the pair can use: the bucket location and where its key must live."""

    location: str
    """Bucket `location`: a location code (`ASIA`) or a predefined dual-region (`NAM4`)."""
    kms_location: str
    data_locations: list[str] | None
    """The two regions for a configurable dual-region; None for a predefined one."""


def dual_region(region: str, dr_region: str) -> DualRegion | None:
    """The dual-region holding both regions with a settled key location, or None."""
    pair = frozenset({region, dr_region})
    if len(pair) != 2:
        return None
    holding = [location for location in regions.dual_regions("gcp") if location.holds(pair)]
    predefined = [location for location in holding if location.kind == "predefined"]
    if predefined:
        chosen = predefined[0]
        if chosen.kms_location is None:
            return None
        return DualRegion(chosen.location, chosen.kms_location, None)
    if not holding or any(location.kms_location is None for location in holding):
        return None
    chosen = holding[0]
    assert chosen.kms_location is not None
    return DualRegion(chosen.location, chosen.kms_location, [region.upper(), dr_region.upper()])


def build_storage(
    context: RegionContext, project: str, name: str, keys: GcpKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    spec = context.spec
    storage = spec.storage
    if not storage.buckets:
        return []
    # Default providers are disabled, so invokes must name theirs: with a parent and no provider,
    # the SDK takes the parent's provider for the package (pulumi/runtime/invoke.py).
    invoke_opts = pulumi.InvokeOutputOptions(parent=opts.parent, provider=opts.provider)
    # The Cloud Storage service agent encrypts and decrypts with the bucket's default key.
    gcs_agent = gcp.storage.get_project_service_account_output(project=project, opts=invoke_opts)

    granted: dict[str, gcp.kms.CryptoKeyIAMMember] = {}

    def grant(label: str, key: KeyRef) -> gcp.kms.CryptoKeyIAMMember:
        # The bucket must wait for this grant: creating a CMEK bucket before the agent can use the
        # key fails (race noted in the SDK's get_project_service_account docstring).
        if label not in granted:
            granted[label] = grant_key_use(f"{name}-{label}-key-agent", key.id, gcs_agent.member, opts)
        return granted[label]

    log_buckets: dict[str, LogBucket] = {}

    def log_bucket(label: str, key: KeyRef) -> LogBucket:
        # One per region, encrypted with that region's stack key; the storage agent's grant on
        # that key is the data bucket's (`grant` makes each once).
        if key.region not in log_buckets:
            log_buckets[key.region] = _log_bucket(context, project, name, key, grant(label, key), opts)
        return log_buckets[key.region]

    dual = dual_region(spec.region, spec.dr_region) if storage.replication else None
    if dual is not None:
        dual_key = regional_key(context, project, f"{name}-dual-region-key", dual.kms_location, opts)
        dual_grant = grant("dual-region", dual_key)
        # A dual-region bucket logs to the primary region's log bucket.
        logs = log_bucket("primary", keys.primary)
        return [
            _dual_region_bucket(context, project, name, bucket.name, dual, dual_key, dual_grant, logs, opts)
            for bucket in storage.buckets
        ]

    primary_grant = grant("primary", keys.primary)
    primary_logs = log_bucket("primary", keys.primary)
    if not storage.replication:
        return [
            _unreplicated(context, project, name, bucket.name, keys.primary, primary_grant, primary_logs, opts)
            for bucket in storage.buckets
        ]

    replica_grant = grant("replica", keys.replica)
    logs = (primary_logs, log_bucket("replica", keys.replica))
    sts_agent = gcp.storage.get_transfer_project_service_account_output(project=project, opts=invoke_opts)
    return [
        _cross_bucket(context, project, name, bucket.name, keys, primary_grant, replica_grant, logs, sts_agent, opts)
        for bucket in storage.buckets
    ]


def adopt_storage(
    context: RegionContext, project: str, name: str, keys: GcpKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    """A recovery stack's buckets (`CloudAdapter.adopt_storage`): the copy of each bucket the
    source keeps in this region, adopted as the primary copy (`base.adopt`, by the source's
    physical names in the source's project).

    The source made that copy as `build_storage` chose from its (region, drRegion) pair:

    * cross-bucket replication: its replica bucket here, encrypted with its key here (the
      adopted `keys.primary`), logging to its access-log bucket here, which is adopted too (it
      holds the replica's usage logs, and a failover keeps writing them there). The Storage
      Transfer job that fills the replica, and the agent's grants on it, belong to the source and
      are never declared here.
    * a dual-region bucket: that one bucket, with its own key in the dual-region's KMS location
      (adopted like the stack keys). It logs to the source's log bucket in the lost region, which
      is named in the bucket's inputs but not read: a read of a bucket in a region that is down
      would fail the preview, and those logs are history, not data this stack needs.

    `drill` reads and nothing more: no grant, policy or setting on data the drill does not own;
    the results name no replica. `failover` imports with the source's inputs exactly, and also
    declares the Cloud Storage agent's grant on the adopted key (the source granted the same, an
    idempotent IAM member; retained, so destroying this stack never revokes it from the bucket).
    With an onward `drRegion`, a failover also builds a replica there from the adopted copy with
    `build_storage`'s own builders (this stack's names): a key grant, a log bucket, a bucket and
    a replication job, whose agent grants on the adopted copy are retained for the same reason.
    """
    spec = context.spec
    if not spec.storage.buckets:
        return []
    recovery = recovery_of(context)
    failover = spec.recovery_mode == "failover"
    source = source_project(context)
    labels = source_tags(context)
    invoke_opts = pulumi.InvokeOutputOptions(parent=opts.parent, provider=opts.provider)
    # The construction the source chose from its own pair, in its order (data locations too).
    dual = dual_region(recovery.region, spec.region)
    key = adopted_key(context, f"{name}-dual-region-key", dual.kms_location, opts) if dual else keys.primary
    grants: list[pulumi.Resource] = []
    if failover:
        agent = gcp.storage.get_project_service_account_output(project=source, opts=invoke_opts)
        label = "dual-region" if dual else "primary"
        grants.append(grant_key_use(f"{name}-{label}-key-agent", key.id, agent.member, stateful(opts)))
    if dual is None:
        log_physical = log_bucket_name(spec.region, context.source_scope)
        logs = _adopt_bucket(
            context,
            _log_bucket_logical(name, spec.region),
            bucket_id(source, log_physical),
            _log_bucket_args(context, source, log_physical, spec.region, key.id, labels),
            grants,
            opts,
        )
        log_bucket: pulumi.Input[str] = logs.name
        access_log = logs.url
    else:
        log_bucket = log_bucket_name(recovery.region, context.source_scope)
        access_log = pulumi.Output.from_input(f"gs://{log_bucket}")
    adopted: dict[str, gcp.storage.Bucket] = {}
    for bucket in spec.storage.buckets:
        location = dual.location if dual else spec.region
        physical = bucket_name(bucket.name, location, context.source_scope)
        adopted[bucket.name] = _adopt_bucket(
            context,
            # The role this stack gives the copy; a dual-region bucket is both copies, as in the source.
            f"{name}-{bucket.name}" if dual else f"{name}-{bucket.name}-primary",
            bucket_id(source, physical),
            _bucket_args(
                context,
                source,
                physical,
                location,
                key.id,
                log_bucket,
                labels,
                custom_placement_config=_custom_placement(dual) if dual else None,
                rpo=TURBO_RPO if dual else None,
            ),
            grants,
            opts,
        )

    def result(bucket: str, resource: gcp.storage.Bucket) -> BucketResult:
        # Nothing this stack owns replicates, except the dual-region bucket a failover owns.
        turbo = failover and dual is not None
        return BucketResult(
            bucket=bucket,
            primary_name=resource.name,
            primary_url=resource.url,
            primary_region=spec.region,
            primary_key_id=key.id,
            replica_name=resource.name if turbo else None,
            replica_url=resource.url if turbo else None,
            replica_region=recovery.region if turbo else None,
            replica_key_id=key.id if turbo else None,
            primary_access_log=access_log,
            replica_access_log=access_log if turbo else None,
            replication="gcs-dual-region-turbo" if turbo else "none",
            rpo="15m" if turbo else "none",
        )

    if not (failover and recovery.onward):
        return [result(bucket, resource) for bucket, resource in adopted.items()]
    # Onward: this stack's own replica in its drRegion, as `build_storage` makes one.
    agent = gcp.storage.get_project_service_account_output(project=project, opts=invoke_opts)
    replica_grant = grant_key_use(f"{name}-replica-key-agent", keys.replica.id, agent.member, opts)
    replica_logs = _log_bucket(context, project, name, keys.replica, replica_grant, opts)
    sts_agent = gcp.storage.get_transfer_project_service_account_output(project=project, opts=invoke_opts)
    results = []
    for bucket, primary in adopted.items():
        prefix = f"{name}-{bucket}"
        replica = _bucket(
            context,
            project,
            f"{prefix}-replica",
            bucket,
            spec.dr_region,
            keys.replica,
            [replica_grant],
            replica_logs,
            opts,
        )
        _replication(
            context, project, prefix, bucket, primary, replica, sts_agent, opts, source_grant_opts=stateful(opts)
        )
        results.append(
            BucketResult(
                bucket=bucket,
                primary_name=primary.name,
                primary_url=primary.url,
                primary_region=spec.region,
                primary_key_id=key.id,
                replica_name=replica.name,
                replica_url=replica.url,
                replica_region=spec.dr_region,
                replica_key_id=keys.replica.id,
                primary_access_log=access_log,
                replica_access_log=replica_logs.url,
                replication="gcs-cross-bucket",
                rpo="none-documented",
            )
        )
    return results


def _adopt_bucket(
    context: RegionContext,
    logical_name: str,
    resource_id: str,
    args: gcp.storage.BucketArgs,
    depends_on: list[pulumi.Resource],
    opts: pulumi.ResourceOptions,
) -> gcp.storage.Bucket:
    """A bucket of the source's, read (`drill`) or imported with `args` (`failover`)."""
    return adopt(
        context.spec.recovery_mode,
        resource_id,
        lambda read: gcp.storage.Bucket.get(logical_name, resource_id, opts=read),
        lambda manage: gcp.storage.Bucket(
            logical_name, args, opts=pulumi.ResourceOptions.merge(manage, pulumi.ResourceOptions(depends_on=depends_on))
        ),
        opts,
    )


def _custom_placement(dual: DualRegion) -> gcp.storage.BucketCustomPlacementConfigArgs | None:
    """The data locations of a configurable dual-region; None for a predefined one."""
    return (
        gcp.storage.BucketCustomPlacementConfigArgs(data_locations=dual.data_locations) if dual.data_locations else None
    )


def _unreplicated(
    context: RegionContext,
    project: str,
    name: str,
    bucket: str,
    key: KeyRef,
    key_grant: gcp.kms.CryptoKeyIAMMember,
    logs: LogBucket,
    opts: pulumi.ResourceOptions,
) -> BucketResult:
    region = context.spec.region
    primary = _bucket(context, project, f"{name}-{bucket}-primary", bucket, region, key, [key_grant], logs, opts)
    return BucketResult(
        bucket=bucket,
        primary_name=primary.name,
        primary_url=primary.url,
        primary_region=region,
        primary_key_id=key.id,
        replica_name=None,
        replica_url=None,
        replica_region=None,
        replica_key_id=None,
        primary_access_log=logs.url,
        replica_access_log=None,
        replication="none",
        rpo="none",
    )


def _dual_region_bucket(
    context: RegionContext,
    project: str,
    name: str,
    bucket: str,
    dual: DualRegion,
    key: KeyRef,
    key_grant: gcp.kms.CryptoKeyIAMMember,
    logs: LogBucket,
    opts: pulumi.ResourceOptions,
) -> BucketResult:
    spec = context.spec
    resource = _bucket(
        context,
        project,
        f"{name}-{bucket}",
        bucket,
        dual.location,
        key,
        [key_grant],
        logs,
        opts,
        custom_placement_config=_custom_placement(dual),
        rpo=TURBO_RPO,
    )
    return BucketResult(
        bucket=bucket,
        primary_name=resource.name,
        primary_url=resource.url,
        primary_region=spec.region,
        primary_key_id=key.id,
        # One bucket holds the data in both regions; the "replica" is the same bucket.
        replica_name=resource.name,
        replica_url=resource.url,
        replica_region=spec.dr_region,
        replica_key_id=key.id,
        # One bucket, one usage log: requests served from either region are in `region`'s.
        primary_access_log=logs.url,
        replica_access_log=logs.url,
        replication="gcs-dual-region-turbo",
        rpo="15m",
    )


def _cross_bucket(
    context: RegionContext,
    project: str,
    name: str,
    bucket: str,
    keys: GcpKeys,
    primary_grant: gcp.kms.CryptoKeyIAMMember,
    replica_grant: gcp.kms.CryptoKeyIAMMember,
    logs: tuple[LogBucket, LogBucket],
    sts_agent: pulumi.Output[gcp.storage.GetTransferProjectServiceAccountResult],
    opts: pulumi.ResourceOptions,
) -> BucketResult:
    spec = context.spec
    prefix = f"{name}-{bucket}"
    primary_logs, replica_logs = logs
    primary = _bucket(
        context, project, f"{prefix}-primary", bucket, spec.region, keys.primary, [primary_grant], primary_logs, opts
    )
    replica = _bucket(
        context, project, f"{prefix}-replica", bucket, spec.dr_region, keys.replica, [replica_grant], replica_logs, opts
    )
    _replication(context, project, prefix, bucket, primary, replica, sts_agent, opts)
    return BucketResult(
        bucket=bucket,
        primary_name=primary.name,
        primary_url=primary.url,
        primary_region=spec.region,
        primary_key_id=keys.primary.id,
        replica_name=replica.name,
        replica_url=replica.url,
        replica_region=spec.dr_region,
        replica_key_id=keys.replica.id,
        primary_access_log=primary_logs.url,
        replica_access_log=replica_logs.url,
        replication="gcs-cross-bucket",
        rpo="none-documented",
    )


def _replication(
    context: RegionContext,
    project: str,
    prefix: str,
    bucket: str,
    source: gcp.storage.Bucket,
    sink: gcp.storage.Bucket,
    sts_agent: pulumi.Output[gcp.storage.GetTransferProjectServiceAccountResult],
    opts: pulumi.ResourceOptions,
    *,
    source_grant_opts: pulumi.ResourceOptions | None = None,
) -> gcp.storage.TransferJob:
    """Cross-bucket replication of `bucket` from `source` (in `region`) to `sink` (in
    `drRegion`): the Storage Transfer Service agent's grants on both, then the job.
    `source_grant_opts` replaces `opts` for the grants on `source` (a recovery stack retains
    those it declares on a bucket it adopted)."""
    spec = context.spec
    # The replication job runs as the Storage Transfer Service agent, which needs to read the
    # source and write the sink. https://cloud.google.com/storage-transfer/docs/cross-bucket-replication
    agent_grants = [
        gcp.storage.BucketIAMMember(
            f"{prefix}-{side}-transfer-{role.rsplit('.', 1)[-1].lower()}",
            bucket=target.name,
            role=role,
            member=sts_agent.member,
            opts=grant_opts,
        )
        for side, target, roles, grant_opts in (
            ("source", source, SOURCE_ROLES, source_grant_opts or opts),
            ("sink", sink, SINK_ROLES, opts),
        )
        for role in roles
    ]
    return gcp.storage.TransferJob(
        f"{prefix}-replication",
        # No `name`: replication jobs reject custom names. No schedule or event stream: the
        # replication spec excludes them. No delete options: replication jobs answer
        # INVALID_ARGUMENT to them (deletes are never replicated).
        description=f"corridor {context.stack}: replicate {bucket} {spec.region} -> {spec.dr_region}",
        project=project,
        replication_spec=gcp.storage.TransferJobReplicationSpecArgs(
            gcs_data_source=gcp.storage.TransferJobReplicationSpecGcsDataSourceArgs(bucket_name=source.name),
            gcs_data_sink=gcp.storage.TransferJobReplicationSpecGcsDataSinkArgs(bucket_name=sink.name),
            transfer_options=gcp.storage.TransferJobReplicationSpecTransferOptionsArgs(overwrite_when="DIFFERENT"),
        ),
        opts=stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=agent_grants))),
    )


def bucket_name(bucket: str, location: str, scope: str) -> str:
    """The physical name of data bucket `bucket` in `location` for the stack of `scope`.

    Bucket names are global across all of GCS; the suffix is seeded by project/stack.
    https://cloud.google.com/storage/docs/buckets#naming
    """
    return physical_name("gcp", "bucket", "corridor", bucket, location, scope=scope)


def log_bucket_name(region: str, scope: str) -> str:
    """The physical name of `region`'s access-log bucket for the stack of `scope`.

    `<region>-access-logs` can never be `<bucket>-<location>` of a data bucket.
    """
    return physical_name("gcp", "bucket", "corridor", region, "access-logs", scope=scope)


def bucket_id(project: str, name: str) -> str:
    """The id a recovery stack reads or imports bucket `name` by: `{{project_id}}/{{bucket}}`,
    one of the two import formats (with `{{bucket}}`) of the pulumi-gcp registry page for
    `gcp.storage.Bucket` (the 10.2.0 SDK docstring has no import section). With the
    project in the id the provider's importer sets it (terraform-provider-google
    `resourceStorageBucketStateImporter`: "This will allow importing a bucket that is in a
    different project than the provider default"); with the bare name it would take the
    provider's project, and a recovery stack that sets its own `gcpProject` would see its
    import replace the bucket (`project` is ForceNew in the provider schema). A `get` goes through the same
    importer: the bridge runs it when a read carries no state (pulumi-terraform-bridge
    `tfbridge/provider.go` Read: "If we are in a 'get' rather than a 'refresh', we should call
    the Terraform importer")."""
    return f"{project}/{name}"


def _bucket(
    context: RegionContext,
    project: str,
    logical_name: str,
    bucket: str,
    location: str,
    key: KeyRef,
    key_grants: list[gcp.kms.CryptoKeyIAMMember],
    logs: LogBucket,
    opts: pulumi.ResourceOptions,
    *,
    custom_placement_config: gcp.storage.BucketCustomPlacementConfigArgs | None = None,
    rpo: str | None = None,
) -> gcp.storage.Bucket:
    """One bucket with corridor's baseline: private, versioned, CMEK, soft delete, access logs,
    protected."""
    return gcp.storage.Bucket(
        logical_name,
        _bucket_args(
            context,
            project,
            bucket_name(bucket, location, context.scope),
            location,
            key.id,
            logs.name,
            context.tags(),
            custom_placement_config=custom_placement_config,
            rpo=rpo,
        ),
        opts=stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=key_grants))),
    )


def _bucket_args(
    context: RegionContext,
    project: str,
    name: str,
    location: str,
    key_id: pulumi.Input[str],
    log_bucket: pulumi.Input[str],
    labels: dict[str, str],
    *,
    custom_placement_config: gcp.storage.BucketCustomPlacementConfigArgs | None = None,
    rpo: str | None = None,
) -> gcp.storage.BucketArgs:
    """A data bucket's inputs: what `_bucket` creates, and what a recovery stack declares when
    it imports the source's bucket (the same inputs, so the import changes nothing)."""
    storage = context.spec.storage
    return gcp.storage.BucketArgs(
        name=name,
        location=location.upper(),
        project=project,
        custom_placement_config=custom_placement_config,
        rpo=rpo,
        uniform_bucket_level_access=True,
        public_access_prevention="enforced",
        versioning=gcp.storage.BucketVersioningArgs(enabled=storage.versioning),
        soft_delete_policy=gcp.storage.BucketSoftDeletePolicyArgs(
            retention_duration_seconds=storage.soft_delete_days * SECONDS_PER_DAY
        ),
        encryption=gcp.storage.BucketEncryptionArgs(default_kms_key_name=key_id),
        lifecycle_rules=[
            # Delete a version `noncurrentVersionDays` after it stopped being live.
            # `days_since_noncurrent_time` only applies to versioned objects; `with_state` makes
            # the rule explicit about never touching live objects.
            # https://cloud.google.com/storage/docs/lifecycle#dayssincenoncurrenttime
            gcp.storage.BucketLifecycleRuleArgs(
                action=gcp.storage.BucketLifecycleRuleActionArgs(type="Delete"),
                condition=gcp.storage.BucketLifecycleRuleConditionArgs(
                    days_since_noncurrent_time=storage.noncurrent_version_days, with_state="ARCHIVED"
                ),
            )
        ],
        # Usage logs to the region's log bucket, never to itself (CKV_GCP_62/63); objects are
        # prefixed with this bucket's name (GCS's default). An in-place update of a live bucket.
        logging=gcp.storage.BucketLoggingArgs(log_bucket=log_bucket),
        labels=labels,
        force_destroy=False,
        # Provider-side guard beside protect/retain_on_delete: even after `pulumi state
        # unprotect`, the provider refuses to delete the bucket (pulumi-gcp 10 deletion_policy).
        deletion_policy="PREVENT",
    )


def _log_bucket(
    context: RegionContext,
    project: str,
    name: str,
    key: KeyRef,
    key_grant: gcp.kms.CryptoKeyIAMMember,
    opts: pulumi.ResourceOptions,
) -> LogBucket:
    """The access-log bucket of `key.region`, protected like data: uniform access, public access
    prevention, versioned, CMEK with the region's stack key (the Cloud Storage agent already holds
    encrypter/decrypter on it for the data buckets), soft delete, `logging.retentionDays`."""
    region = key.region
    logical = _log_bucket_logical(name, region)
    resource = gcp.storage.Bucket(
        logical,
        _log_bucket_args(context, project, log_bucket_name(region, context.scope), region, key.id, context.tags()),
        opts=stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[key_grant]))),
    )
    gcp.storage.BucketIAMMember(
        f"{logical}-analytics-writer",
        bucket=resource.name,
        role=ANALYTICS_ROLE,
        member=ANALYTICS_GROUP,
        opts=opts,
    )
    return LogBucket(name=resource.name, url=resource.url)


def _log_bucket_logical(name: str, region: str) -> str:
    # The suffix is at least 21 characters, longer than any neutral bucket name (3-20), so the
    # logical name never equals a data bucket's `<name>-<bucket>`.
    return f"{name}-access-log-bucket-{region}"


def _log_bucket_args(
    context: RegionContext,
    project: str,
    name: str,
    region: str,
    key_id: pulumi.Input[str],
    labels: dict[str, str],
) -> gcp.storage.BucketArgs:
    """An access-log bucket's inputs, for `_log_bucket` and for a recovery stack's import."""
    spec = context.spec
    return gcp.storage.BucketArgs(
        name=name,
        location=region.upper(),
        project=project,
        uniform_bucket_level_access=True,
        public_access_prevention="enforced",
        # Versioned: a deleted or overwritten log stays as a noncurrent version until the rule
        # below removes it. (A retention policy would forbid deletion outright, but GCS does not
        # allow one on a versioned bucket.)
        versioning=gcp.storage.BucketVersioningArgs(enabled=True),
        soft_delete_policy=gcp.storage.BucketSoftDeletePolicyArgs(
            retention_duration_seconds=spec.storage.soft_delete_days * SECONDS_PER_DAY
        ),
        encryption=gcp.storage.BucketEncryptionArgs(default_kms_key_name=key_id),
        lifecycle_rules=[
            # Every version, live or not, goes `retentionDays` after the log was written (`age`
            # counts from creation): a log deleted early is still kept that long as a noncurrent
            # version. https://cloud.google.com/storage/docs/lifecycle#age
            gcp.storage.BucketLifecycleRuleArgs(
                action=gcp.storage.BucketLifecycleRuleActionArgs(type="Delete"),
                condition=gcp.storage.BucketLifecycleRuleConditionArgs(
                    age=spec.logging.retention_days, with_state="ANY"
                ),
            )
        ],
        # No `logging` of its own: logging to itself is what CKV_GCP_63 forbids, and a further
        # log bucket would only move the question (CKV_GCP_62 on this bucket is expected).
        labels=labels,
        force_destroy=False,
        deletion_policy="PREVENT",
    )
