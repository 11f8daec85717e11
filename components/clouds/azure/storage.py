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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import keyvault, managedidentity, monitor, resources, storage

from components.clouds.azure.handles import AzureBase, AzureKeys
from components.clouds.azure.roles import assign_role
from components.clouds.azure.zones import has_zones
from components.clouds.base import BucketResult, RegionContext, stateful
from components.naming import physical_name

# Built-in role "Key Vault Crypto Service Encryption User": wrap and unwrap with a vault's keys,
# what a storage account needs for customer-managed keys.
# https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-crypto-service-encryption-user
CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6"

# Every read, write and delete of a blob (monitor-blob-storage-reference.md, resource logs).
ACCESS_LOG_CATEGORIES = ("StorageRead", "StorageWrite", "StorageDelete")

REPLICATION = "azure-object-replication"
RPO = "none-documented"  # object replication is asynchronous and has no documented bound


@dataclass(frozen=True)
class RegionalAccount:
    """One region's storage account and what hangs off it."""

    account: storage.StorageAccount
    blob_service: storage.BlobServiceProperties
    containers: dict[str, storage.BlobContainer]


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
    group = base.resource_group
    primary = regional_account(
        context, base, name, "primary", spec.region, keys.primary_vault, keys.primary_key, [base.node_subnet_id], opts
    )
    replica = (
        regional_account(context, base, name, "replica", spec.dr_region, keys.replica_vault, keys.replica_key, [], opts)
        if spec.storage.replication
        else None
    )
    workspace_id = base.workspace.id
    if replica is not None:
        object_replication(context, group, name, primary, replica, opts)

    results = []
    for bucket in spec.storage.buckets:
        results.append(
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
                primary_access_log=workspace_id,
                replica_access_log=workspace_id if replica else None,
                replication=REPLICATION if replica else "none",
                rpo=RPO if replica else "none",
            )
        )
    return results


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
    spec = context.spec
    tags = context.tags()
    group = base.resource_group

    identity = managedidentity.UserAssignedIdentity(
        f"{name}-{role}-identity",
        resource_name_=physical_name("azure", "identity", "corridor-storage", location, scope=context.scope),
        resource_group_name=group.name,
        location=location,
        tags=tags,
        opts=opts,
    )
    key_access = assign_role(
        context, f"{name}-{role}-key-access", vault.id, CRYPTO_SERVICE_ENCRYPTION_USER, identity, opts
    )

    account = storage.StorageAccount(
        f"{name}-{role}-account",
        account_name=physical_name("azure", "storage_account", "st", location, scope=context.scope),
        resource_group_name=group.name,
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
            user_assigned_identities=[identity.id],
        ),
        encryption=storage.EncryptionArgs(
            key_source=storage.KeySource.MICROSOFT_KEYVAULT,
            require_infrastructure_encryption=True,
            # No key_version: the account follows the key's rotations by itself.
            key_vault_properties=storage.KeyVaultPropertiesArgs(
                key_name=key.name,
                key_vault_uri=vault.properties.apply(lambda properties: properties.vault_uri),
            ),
            encryption_identity=storage.EncryptionIdentityArgs(encryption_user_assigned_identity=identity.id),
        ),
        tags=tags,
        # Azure checks the key when the account is created, so the identity needs its role first.
        opts=pulumi.ResourceOptions.merge(stateful(opts), pulumi.ResourceOptions(depends_on=[key_access])),
    )

    soft_delete = spec.storage.soft_delete_days
    blob_service = storage.BlobServiceProperties(
        f"{name}-{role}-blob-service",
        account_name=account.name,
        resource_group_name=group.name,
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
    monitor.DiagnosticSetting(
        f"{name}-{role}-access-log",
        name="corridor-access-log",
        # The blob service's id is `<account id>/blobServices/default`, the resource blob logs belong to.
        resource_uri=blob_service.id,
        workspace_id=base.workspace.id,
        logs=[
            monitor.DiagnosticsLogSettingsArgs(category=category, enabled=True) for category in ACCESS_LOG_CATEGORIES
        ],
        opts=opts,
    )
    storage.ManagementPolicy(
        f"{name}-{role}-lifecycle",
        account_name=account.name,
        resource_group_name=group.name,
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
                                    days_after_creation_greater_than=spec.storage.noncurrent_version_days
                                )
                            )
                        ),
                    ),
                )
            ]
        ),
        opts=opts,
    )

    containers = {
        bucket.name: storage.BlobContainer(
            f"{name}-{bucket.name}-{role}",
            account_name=account.name,
            resource_group_name=group.name,
            container_name=container_name(context, bucket.name),
            public_access=storage.PublicAccess.NONE,
            opts=pulumi.ResourceOptions.merge(stateful(opts), pulumi.ResourceOptions(depends_on=[blob_service])),
        )
        for bucket in spec.storage.buckets
    }
    return RegionalAccount(account=account, blob_service=blob_service, containers=containers)


def object_replication(
    context: RegionContext,
    group: resources.ResourceGroup,
    name: str,
    source: RegionalAccount,
    destination: RegionalAccount,
    opts: pulumi.ResourceOptions,
) -> None:
    """Replicate every container of `source` into the same container of `destination`.

    Azure's two-step procedure: the policy is created on the destination account first with the
    id `default`, Azure assigns the policy id and one rule id per rule, and the same policy is
    then created on the source account with that policy id and those rule ids. Accounts are given
    as full resource ids, which Azure requires when cross-tenant replication is disallowed.
    https://learn.microsoft.com/azure/storage/blobs/object-replication-configure
    """
    # A container has the same name in both accounts, so each rule maps a name to itself.
    containers = [container_name(context, bucket.name) for bucket in context.spec.storage.buckets]
    prerequisites: list[pulumi.Resource] = [
        source.blob_service,  # change feed and versioning on the source
        destination.blob_service,  # versioning on the destination
        *source.containers.values(),
        *destination.containers.values(),
    ]
    after_prerequisites = pulumi.ResourceOptions.merge(stateful(opts), pulumi.ResourceOptions(depends_on=prerequisites))
    destination_policy = storage.ObjectReplicationPolicy(
        f"{name}-replication-destination",
        account_name=destination.account.name,
        resource_group_name=group.name,
        object_replication_policy_id="default",
        source_account=source.account.id,
        destination_account=destination.account.id,
        rules=[
            storage.ObjectReplicationPolicyRuleArgs(source_container=container, destination_container=container)
            for container in containers
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
                source_container=container, destination_container=container, rule_id=rule_ids[container]
            )
            for container in containers
        ]

    storage.ObjectReplicationPolicy(
        f"{name}-replication-source",
        account_name=source.account.name,
        resource_group_name=group.name,
        object_replication_policy_id=destination_policy.policy_id,
        source_account=source.account.id,
        destination_account=destination.account.id,
        rules=destination_policy.rules.apply(with_rule_ids),
        opts=pulumi.ResourceOptions.merge(after_prerequisites, pulumi.ResourceOptions(depends_on=[destination_policy])),
    )


def container_name(context: RegionContext, bucket: str) -> str:
    """The container of neutral bucket `bucket`, the same in both accounts."""
    return physical_name("azure", "container", bucket, scope=context.scope)


def _container_path(regional: RegionalAccount, bucket: str) -> pulumi.Output[str]:
    return pulumi.Output.concat(regional.account.name, "/", regional.containers[bucket].name)


def _container_url(regional: RegionalAccount, bucket: str) -> pulumi.Output[str]:
    return pulumi.Output.concat(
        regional.account.primary_endpoints.apply(lambda endpoints: endpoints.blob), regional.containers[bucket].name
    )
