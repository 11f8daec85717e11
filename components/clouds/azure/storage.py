"""Azure Blob Storage: one account per region, a container per neutral bucket, object replication.

Construction: a StorageV2 account in `region` and another in `drRegion`, each encrypted with the
Key Vault key of its own region, and an object replication policy copying every container of the
primary account to the same container of the replica account.
https://learn.microsoft.com/azure/storage/blobs/object-replication-overview

Redundancy SKU, chosen deliberately. Azure's geo-redundant SKUs (GRS, RA-GRS, GZRS, RA-GZRS) copy
to the region's fixed *paired* region, which need not be `drRegion` (and many newer regions have
no pair at all), and their failover is Microsoft-initiated or customer-initiated per account,
which object replication does not support on either account while a policy exists. So each
account is zone-redundant (`Standard_ZRS`: three synchronous copies across availability zones)
where its region has availability zones and locally redundant (`Standard_LRS`) where it has none;
the cross-region copy, to the region the stack names, is object replication.
https://learn.microsoft.com/azure/storage/common/storage-redundancy

RPO: object replication is asynchronous and Microsoft documents no completion time for it, so the
result says `none-documented`. Priority replication (an option on the policy that comes with an
SLA of 99% of objects within 15 minutes inside one continent) is not in the storage API version
this SDK uses (`ObjectReplicationPolicy` has no `priorityReplication` input in azure-native
3.29), so it is not enabled here.
https://learn.microsoft.com/azure/storage/blobs/object-replication-priority-replication

Every account: HTTPS only, TLS 1.2, no anonymous blob access, no shared keys (Pulumi manages
accounts and containers through ARM with Entra ID, and object replication is a service-side copy
that needs no account key), no cross-tenant replication, infrastructure (double) encryption, and
a customer-managed key reached through a user-assigned identity that holds "Key Vault Crypto
Service Encryption User" on the region's vault. The key version is left out so the account picks
up each rotated version by itself (Azure checks daily).
https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-new-account

Network: every account denies traffic by default (`networkRuleSet.defaultAction: Deny`) and
admits trusted Azure services (`bypass: AzureServices`); the primary account also admits the
cluster's node subnet (a virtual network rule; the subnet carries the Microsoft.Storage service
endpoint, azure/regional.py). `publicNetworkAccess` stays `Enabled`, which is what makes these
selected-network rules apply (`Disabled` would admit private endpoints only, which corridor does
not create: README, "What is not covered"). The replica account admits no subnet: only object
replication writes it, and a DR cluster's subnet is added when one exists.
https://learn.microsoft.com/azure/storage/common/storage-network-security
Object replication is a copy the storage service makes itself from the source's change feed,
not a client request arriving over a network; its documented prerequisites (change feed,
versioning, general-purpose v2, no hierarchical namespace, no customer-provided keys, no
customer-managed failover) set no network condition, and the policies are ARM resources, which
the storage firewall does not govern (object-replication-overview.md, "Prerequisites and
caveats"). Verified from the documentation only, not on a live pair of accounts.

Access logs: a diagnostic setting on each account's blob service (`<account id>/blobServices/default`)
sends StorageRead, StorageWrite and StorageDelete to the stack's Log Analytics workspace
(`AzureBase.workspace`, retention `logging.retentionDays`), in the resource-specific table
StorageBlobLogs. A workspace may receive logs of resources in other regions, so the replica
account logs there too. https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage

A recovery stack (`adopt_storage`) creates no account in its own region: it stands on the
replica account and containers its source made there, found by their ARM ids (an account is
`<group id>/providers/Microsoft.Storage/storageAccounts/<account>`, a container that id plus
`/blobServices/default/containers/<container>`, the ids in the provider's `pulumi import`
documentation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import keyvault, managedidentity, monitor, operationalinsights, storage

from components.clouds.azure.handles import AzureBase, AzureKeys
from components.clouds.azure.owner import Owner, own, source_of
from components.clouds.azure.regional import workspace_name
from components.clouds.azure.roles import assign_role
from components.clouds.azure.zones import has_zones
from components.clouds.base import BucketResult, RegionContext, adopt, stateful
from components.naming import physical_name

# Built-in role "Key Vault Crypto Service Encryption User": wrap and unwrap with a vault's keys,
# what a storage account needs for customer-managed keys.
# https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-crypto-service-encryption-user
CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6"

# Every read, write and delete of a blob (monitor-blob-storage-reference.md, resource logs).
ACCESS_LOG_CATEGORIES = ("StorageRead", "StorageWrite", "StorageDelete")

ACCESS_LOG_SETTING = "corridor-access-log"
"""The name of the diagnostic setting a stack puts on each of its accounts; a recovery stack's
setting on an adopted account carries its stack name too, beside the source's."""

REPLICATION = "azure-object-replication"
RPO = "none-documented"  # object replication is asynchronous and has no documented bound


@dataclass(frozen=True)
class RegionalAccount:
    """One region's storage account and what hangs off it."""

    account: storage.StorageAccount
    group: pulumi.Input[str]
    """The resource group the account is in, as its sub-resources take it."""
    blob_service: storage.BlobServiceProperties | None
    """Versioning, change feed and soft delete; None on an account a drill only reads."""
    containers: dict[str, storage.BlobContainer]
    container_names: dict[str, str]
    """Physical container name by neutral bucket name."""


def sku_for(location: str) -> storage.SkuName:
    """Zone-redundant where the region has availability zones (`zones.REGIONS_WITH_ZONES`),
    locally redundant otherwise: a ZRS account in a region without zones fails to create."""
    return storage.SkuName.STANDARD_ZRS if has_zones(location) else storage.SkuName.STANDARD_LRS


def build_storage(
    context: RegionContext, name: str, base: AzureBase, keys: AzureKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    """Both regions' accounts (the replica only with `storage.replication`), their containers,
    and object replication between them; one `BucketResult` per neutral bucket."""
    spec = context.spec
    primary = regional_account(
        context, base, name, "primary", spec.region, keys.primary_vault, keys.primary_key, [base.node_subnet_id], opts
    )
    replica = (
        regional_account(context, base, name, "replica", spec.dr_region, keys.replica_vault, keys.replica_key, [], opts)
        if spec.storage.replication
        else None
    )
    if replica is not None:
        object_replication(context, name, primary, replica, opts)
    return _results(context, keys, primary, replica, base.workspace.id, base.workspace.id)


def adopt_storage(
    context: RegionContext, name: str, base: AzureBase, keys: AzureKeys, opts: pulumi.ResourceOptions
) -> list[BucketResult]:
    """A recovery stack's storage: the account and containers its source replicated into this
    stack's region, adopted as this stack's primary copy under the names `build_storage` gives a
    primary (`name-primary-account`, `name-<bucket>-primary`).

    `drill`: the account and its containers are read (`get`) and nothing else is registered:
    no setting, role, policy or log on data the drill does not own. Their reads and writes are
    still logged by the source's diagnostic setting, to the source's workspace, which the result
    names. The account admits no subnet of this stack (the source's replica account admits
    none), so the drill cluster cannot reach the data over the network.

    `failover`: the account and containers are imported with the inputs the source declared,
    protected and retained, with one deliberate change: the account's network rules admit this
    stack's node subnet, without which the cluster cannot reach its own data (an import followed
    by an update of `networkRuleSet` only). The blob service settings (versioning, change feed,
    soft delete) and the lifecycle policy the source declared on the account are imported as
    declared, protected and retained, so this stack keeps them and destroying it never resets
    them. A diagnostic setting of this stack's own sends the account's blob access logs to this
    stack's workspace (the source's workspace is in the lost region). The customer-managed key
    reaches the account through the source's user-assigned identity and its role on the
    adopted vault, named by their ARM ids; both stay in the source's state.
    With replication onward (`spec.recovery.onward`), a replica account in this stack's
    `drRegion` is built as `build_storage` builds one, and object replication runs from the
    adopted account to it.

    The source's object replication policy stays on the adopted account: Azure keeps every
    destination container of a policy read-only (writes fail with 409 Conflict) until the policy
    is deleted (object-replication-overview.md, "Replication rules"). It belongs to the source's
    state (`name-replication-destination`, protected), which this stack cannot change, so the
    failover procedure deletes it from the account before the first write (`az storage account
    or-policy delete`) and forgets it in the source's state (docs/dr-runbook.md).
    https://learn.microsoft.com/azure/storage/blobs/object-replication-overview#replication-rules

    Every adopted resource is in the source's resource group, whose metadata ARM keeps in the
    lost region; while that region is down, writes through ARM to those resources (the policy's
    deletion, the network rule, the imported settings, the new log setting and role assignments
    on the vault) can fail, while reads and the data plane (blobs, key wrap and unwrap) do not
    depend on it (Azure Proactive Resiliency Library, RG-1; not verified on a real outage).
    https://azure.github.io/Azure-Proactive-Resiliency-Library/services/management/resource-group
    """
    spec = context.spec
    recovery = spec.recovery
    if recovery is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    source = source_of(context)
    failover = spec.recovery_mode == "failover"
    location = spec.region
    account_name = _account_name(source, location)
    account_id = source.resource_id("Microsoft.Storage", "storageAccounts", account_name)
    identity_id = source.resource_id(
        "Microsoft.ManagedIdentity", "userAssignedIdentities", _identity_name(source, location)
    )
    account = adopt(
        spec.recovery_mode,
        account_id,
        lambda read: storage.StorageAccount.get(f"{name}-primary-account", account_id, opts=read),
        lambda manage: _account(
            context,
            source,
            f"{name}-primary-account",
            location,
            identity_id,
            keys.primary_vault,
            keys.primary_key,
            [base.node_subnet_id],
            manage,
        ),
        opts,
    )
    blob_service = None
    if failover:
        blob_service = _blob_service(
            context,
            source,
            f"{name}-primary-blob-service",
            account,
            _imported(opts, f"{account_id}/blobServices/default"),
        )
        _lifecycle(
            context,
            source,
            f"{name}-primary-lifecycle",
            account,
            _imported(opts, f"{account_id}/managementPolicies/default"),
        )
        _access_log(
            f"{name}-primary-access-log", f"{ACCESS_LOG_SETTING}-{context.stack}", blob_service, base.workspace, opts
        )
    container_names = {bucket.name: container_name(source, bucket.name) for bucket in spec.storage.buckets}
    containers = {}
    for bucket, container in container_names.items():
        container_id = f"{account_id}/blobServices/default/containers/{container}"
        containers[bucket] = adopt(
            spec.recovery_mode,
            container_id,
            lambda read, bucket=bucket, container_id=container_id: storage.BlobContainer.get(
                f"{name}-{bucket}-primary", container_id, opts=read
            ),
            lambda manage, bucket=bucket, container=container: _container(
                source, f"{name}-{bucket}-primary", account, container, blob_service, manage
            ),
            opts,
        )
    primary = RegionalAccount(
        account=account,
        group=source.group,
        blob_service=blob_service,
        containers=containers,
        container_names=container_names,
    )
    replica = None
    if failover and recovery.onward:
        replica = regional_account(
            context, base, name, "replica", spec.dr_region, keys.replica_vault, keys.replica_key, [], opts
        )
        object_replication(context, name, primary, replica, opts)
    # Without `failover`, this stack adds no log setting: the source's still logs the account.
    workspace_id = base.workspace.id if failover else pulumi.Output.from_input(_source_workspace_id(source))
    return _results(context, keys, primary, replica, workspace_id, base.workspace.id)


def _results(
    context: RegionContext,
    keys: AzureKeys,
    primary: RegionalAccount,
    replica: RegionalAccount | None,
    primary_log: pulumi.Output[str],
    replica_log: pulumi.Output[str],
) -> list[BucketResult]:
    """One `BucketResult` per neutral bucket, its copies' access logs in the workspaces given."""
    spec = context.spec
    return [
        BucketResult(
            bucket=bucket.name,
            primary_name=_container_path(primary, bucket.name),
            primary_url=_container_url(primary, bucket.name),
            primary_region=spec.region,
            primary_key_id=keys.primary.id,
            replica_name=_container_path(replica, bucket.name) if replica else None,
            replica_url=_container_url(replica, bucket.name) if replica else None,
            replica_region=spec.dr_region if replica else None,
            replica_key_id=keys.replica.id if replica else None,
            primary_access_log=primary_log,
            replica_access_log=replica_log if replica else None,
            replication=REPLICATION if replica else "none",
            rpo=RPO if replica else "none",
        )
        for bucket in spec.storage.buckets
    ]


def network_rules(subnets: Sequence[pulumi.Input[str]]) -> storage.NetworkRuleSetArgs:
    """Deny by default; admit trusted Azure services and `subnets` (which must carry the
    Microsoft.Storage service endpoint, or Azure refuses the rule)."""
    return storage.NetworkRuleSetArgs(
        default_action=storage.DefaultAction.DENY,
        bypass=storage.Bypass.AZURE_SERVICES,
        virtual_network_rules=[
            storage.VirtualNetworkRuleArgs(virtual_network_resource_id=subnet, action=storage.Action.ALLOW)
            for subnet in subnets
        ],
    )


def regional_account(
    context: RegionContext,
    base: AzureBase,
    name: str,
    role: str,
    location: str,
    vault: keyvault.Vault,
    key: keyvault.Key,
    subnets: Sequence[pulumi.Input[str]],
    opts: pulumi.ResourceOptions,
) -> RegionalAccount:
    """Identity, key access, account, blob service settings, access logs, lifecycle and
    containers in `location`.

    `role` is `primary` or `replica`; account-level children are `name-<role>-*`, containers
    `name-<bucket>-<role>`. The account encrypts with `key`, held in `vault` in `location`, and
    admits only trusted Azure services and `subnets`.
    """
    owner = own(context, base)
    identity = managedidentity.UserAssignedIdentity(
        f"{name}-{role}-identity",
        resource_name_=_identity_name(owner, location),
        resource_group_name=owner.group,
        location=location,
        tags=owner.tags,
        opts=opts,
    )
    key_access = assign_role(
        context, f"{name}-{role}-key-access", vault.id, CRYPTO_SERVICE_ENCRYPTION_USER, identity, opts
    )
    account = _account(
        context,
        owner,
        f"{name}-{role}-account",
        location,
        identity.id,
        vault,
        key,
        subnets,
        # Azure checks the key when the account is created, so the identity needs its role first.
        pulumi.ResourceOptions.merge(stateful(opts), pulumi.ResourceOptions(depends_on=[key_access])),
    )
    blob_service = _blob_service(context, owner, f"{name}-{role}-blob-service", account, opts)
    _access_log(f"{name}-{role}-access-log", ACCESS_LOG_SETTING, blob_service, base.workspace, opts)
    _lifecycle(context, owner, f"{name}-{role}-lifecycle", account, opts)
    container_names = {bucket.name: container_name(owner, bucket.name) for bucket in context.spec.storage.buckets}
    containers = {
        bucket: _container(owner, f"{name}-{bucket}-{role}", account, container, blob_service, stateful(opts))
        for bucket, container in container_names.items()
    }
    return RegionalAccount(
        account=account,
        group=owner.group,
        blob_service=blob_service,
        containers=containers,
        container_names=container_names,
    )


def _account(
    context: RegionContext,
    owner: Owner,
    name: str,
    location: str,
    identity_id: pulumi.Input[str],
    vault: keyvault.Vault,
    key: keyvault.Key,
    subnets: Sequence[pulumi.Input[str]],
    opts: pulumi.ResourceOptions,
) -> storage.StorageAccount:
    """`owner`'s account in `location`, encrypted with `key` through the user-assigned identity
    `identity_id`, registered with `opts` as given."""
    return storage.StorageAccount(
        name,
        account_name=_account_name(owner, location),
        resource_group_name=owner.group,
        location=location,
        kind=storage.Kind.STORAGE_V2,
        sku=storage.SkuArgs(name=sku_for(location)),
        access_tier=storage.AccessTier.HOT,
        enable_https_traffic_only=True,
        minimum_tls_version=storage.MinimumTlsVersion.TLS1_2,
        allow_blob_public_access=False,
        allow_shared_key_access=False,
        allow_cross_tenant_replication=False,
        # Enabled so that the selected-network rules below apply (see the module docstring).
        public_network_access=storage.PublicNetworkAccess.ENABLED,
        network_rule_set=network_rules(subnets),
        identity=storage.IdentityArgs(
            type=storage.IdentityType.USER_ASSIGNED,
            user_assigned_identities=[identity_id],
        ),
        encryption=storage.EncryptionArgs(
            key_source=storage.KeySource.MICROSOFT_KEYVAULT,
            require_infrastructure_encryption=True,
            # No key_version: the account follows the key's rotations by itself.
            key_vault_properties=storage.KeyVaultPropertiesArgs(
                key_name=key.name,
                key_vault_uri=vault.properties.apply(lambda properties: properties.vault_uri),
            ),
            encryption_identity=storage.EncryptionIdentityArgs(encryption_user_assigned_identity=identity_id),
        ),
        tags=owner.tags,
        opts=opts,
    )


def _blob_service(
    context: RegionContext, owner: Owner, name: str, account: storage.StorageAccount, opts: pulumi.ResourceOptions
) -> storage.BlobServiceProperties:
    """Versioning, change feed and soft delete of `account`, registered with `opts` as given."""
    spec = context.spec
    soft_delete = spec.storage.soft_delete_days
    return storage.BlobServiceProperties(
        name,
        account_name=account.name,
        resource_group_name=owner.group,
        blob_services_name="default",
        is_versioning_enabled=spec.storage.versioning,
        # Object replication reads the source's change feed; the replica keeps one too, so that
        # replication can be reversed after a failover without touching its settings. Records are
        # kept as long as deleted data can be restored, so every restorable change has a record.
        change_feed=storage.ChangeFeedArgs(enabled=True, retention_in_days=soft_delete),
        delete_retention_policy=storage.DeleteRetentionPolicyArgs(enabled=True, days=soft_delete),
        container_delete_retention_policy=storage.DeleteRetentionPolicyArgs(enabled=True, days=soft_delete),
        opts=opts,
    )


def _access_log(
    name: str,
    setting: str,
    blob_service: storage.BlobServiceProperties,
    workspace: operationalinsights.Workspace,
    opts: pulumi.ResourceOptions,
) -> monitor.DiagnosticSetting:
    """The diagnostic setting `setting` sending the blob service's access logs to `workspace`."""
    return monitor.DiagnosticSetting(
        name,
        name=setting,
        # The blob service's id is `<account id>/blobServices/default`, the resource blob logs belong to.
        resource_uri=blob_service.id,
        workspace_id=workspace.id,
        logs=[
            monitor.DiagnosticsLogSettingsArgs(category=category, enabled=True) for category in ACCESS_LOG_CATEGORIES
        ],
        opts=opts,
    )


def _lifecycle(
    context: RegionContext, owner: Owner, name: str, account: storage.StorageAccount, opts: pulumi.ResourceOptions
) -> storage.ManagementPolicy:
    """`account`'s lifecycle policy expiring previous versions, registered with `opts` as given."""
    return storage.ManagementPolicy(
        name,
        account_name=account.name,
        resource_group_name=owner.group,
        management_policy_name="default",
        policy=storage.ManagementPolicySchemaArgs(
            rules=[
                storage.ManagementPolicyRuleArgs(
                    name="expire-previous-versions",
                    enabled=True,
                    type=storage.RuleType.LIFECYCLE,
                    definition=storage.ManagementPolicyDefinitionArgs(
                        filters=storage.ManagementPolicyFilterArgs(blob_types=["blockBlob"]),
                        # Azure counts a previous version's age from when that version was
                        # written, not from when it was replaced (S3 and GCS count the latter).
                        actions=storage.ManagementPolicyActionArgs(
                            version=storage.ManagementPolicyVersionArgs(
                                delete=storage.DateAfterCreationArgs(
                                    days_after_creation_greater_than=context.spec.storage.noncurrent_version_days
                                )
                            )
                        ),
                    ),
                )
            ]
        ),
        opts=opts,
    )


def _container(
    owner: Owner,
    name: str,
    account: storage.StorageAccount,
    container: str,
    blob_service: storage.BlobServiceProperties | None,
    opts: pulumi.ResourceOptions,
) -> storage.BlobContainer:
    """Private container `container` of `account`, after its blob service settings when given."""
    after = [blob_service] if blob_service is not None else []
    return storage.BlobContainer(
        name,
        account_name=account.name,
        resource_group_name=owner.group,
        container_name=container,
        public_access=storage.PublicAccess.NONE,
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=after)),
    )


def object_replication(
    context: RegionContext,
    name: str,
    source: RegionalAccount,
    destination: RegionalAccount,
    opts: pulumi.ResourceOptions,
) -> None:
    """Replicate every container of `source` into the container of the same bucket in `destination`.

    Azure's two-step procedure: the policy is created on the destination account first with the
    id `default`, Azure assigns the policy id and one rule id per rule, and the same policy is
    then created on the source account with that policy id and those rule ids. Accounts are given
    as full resource ids, which Azure requires when cross-tenant replication is disallowed.
    https://learn.microsoft.com/azure/storage/blobs/object-replication-configure
    """
    # (source container, destination container) per bucket; the names match when one stack owns
    # both accounts, and may differ for a recovery stack's adopted account.
    pairs = [
        (source.container_names[bucket.name], destination.container_names[bucket.name])
        for bucket in context.spec.storage.buckets
    ]
    prerequisites: list[pulumi.Resource] = [
        *(service for service in (source.blob_service, destination.blob_service) if service is not None),
        *source.containers.values(),
        *destination.containers.values(),
    ]
    # Change feed and versioning on the source, versioning on the destination, both containers.
    after_prerequisites = pulumi.ResourceOptions.merge(stateful(opts), pulumi.ResourceOptions(depends_on=prerequisites))
    destination_policy = storage.ObjectReplicationPolicy(
        f"{name}-replication-destination",
        account_name=destination.account.name,
        resource_group_name=destination.group,
        object_replication_policy_id="default",
        source_account=source.account.id,
        destination_account=destination.account.id,
        rules=[
            storage.ObjectReplicationPolicyRuleArgs(source_container=from_, destination_container=to)
            for from_, to in pairs
        ],
        opts=after_prerequisites,
    )

    def with_rule_ids(
        rules: Sequence[storage.outputs.ObjectReplicationPolicyRuleResponse] | None,
    ) -> list[storage.ObjectReplicationPolicyRuleArgs]:
        # The source policy must repeat each rule with the id Azure gave it on the destination.
        rule_ids = {rule.source_container: rule.rule_id for rule in rules or []}
        return [
            storage.ObjectReplicationPolicyRuleArgs(
                source_container=from_, destination_container=to, rule_id=rule_ids[from_]
            )
            for from_, to in pairs
        ]

    storage.ObjectReplicationPolicy(
        f"{name}-replication-source",
        account_name=source.account.name,
        resource_group_name=source.group,
        object_replication_policy_id=destination_policy.policy_id,
        source_account=source.account.id,
        destination_account=destination.account.id,
        rules=destination_policy.rules.apply(with_rule_ids),
        opts=pulumi.ResourceOptions.merge(after_prerequisites, pulumi.ResourceOptions(depends_on=[destination_policy])),
    )


def container_name(owner: Owner, bucket: str) -> str:
    """The container of neutral bucket `bucket` in each of `owner`'s accounts."""
    return physical_name("azure", "container", bucket, scope=owner.scope)


def _account_name(owner: Owner, location: str) -> str:
    """`owner`'s storage account in `location` (globally unique, seeded with the owner's scope)."""
    return physical_name("azure", "storage_account", "st", location, scope=owner.scope)


def _identity_name(owner: Owner, location: str) -> str:
    """The user-assigned identity `owner`'s account in `location` reaches its key through."""
    return physical_name("azure", "identity", "corridor-storage", location, scope=owner.scope)


def _source_workspace_id(source: Owner) -> str:
    """The Log Analytics workspace the source's diagnostic settings send its accounts' logs to."""
    return source.resource_id("Microsoft.OperationalInsights", "workspaces", workspace_name(source.scope))


def _imported(opts: pulumi.ResourceOptions, physical_id: str) -> pulumi.ResourceOptions:
    """`opts` importing the existing `physical_id`, protected and retained (`stateful`): a
    setting of adopted data that this stack takes over and that destroying it must never reset."""
    return stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(import_=physical_id)))


def _container_path(regional: RegionalAccount, bucket: str) -> pulumi.Output[str]:
    return pulumi.Output.concat(regional.account.name, "/", regional.containers[bucket].name)


def _container_url(regional: RegionalAccount, bucket: str) -> pulumi.Output[str]:
    return pulumi.Output.concat(
        regional.account.primary_endpoints.apply(lambda endpoints: endpoints.blob), regional.containers[bucket].name
    )
