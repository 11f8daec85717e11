"""Azure Key Vault: a vault and a rotating key in `region`, and the same in `drRegion`.

Key Vault keys cannot be replicated across regions outside a geography, so each region gets its
own vault and key; a storage account encrypts with the key in its own region. Vaults use RBAC
(no access policies), soft delete for `keys.deletionWindowDays` days and purge protection, which
Azure Storage requires for customer-managed keys and which can never be turned off.
Key Vault holds no symmetric keys outside Managed HSM, so the key is RSA: Azure services wrap
their data keys with it (envelope encryption), which is the Azure form of a symmetric CMK.
https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview

A recovery stack (`adopt_keys`) creates no key in its own region: it stands on the vault and key
its source made there, found by their ARM ids (azure-native reads and imports a vault by
`/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>` and a
key by that id plus `/keys/<key>`, the ids in the provider's `pulumi import` documentation).
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import keyvault

from components.clouds.azure.handles import AzureBase, AzureKeys
from components.clouds.azure.owner import Owner, own, source_of
from components.clouds.base import KeyRef, RegionContext, adopt, stateful
from components.naming import physical_name

# Azure Storage accepts RSA keys of 2048, 3072 or 4096 bits for customer-managed keys.
RSA_KEY_BITS = 3072


def build_keys(context: RegionContext, name: str, base: AzureBase, opts: pulumi.ResourceOptions) -> AzureKeys:
    """A vault and key named `name-primary*` in `region` and `name-replica*` in `drRegion`."""
    spec = context.spec
    owner = own(context, base)
    primary_vault, primary_key = regional_key(context, owner, f"{name}-primary", spec.region, opts)
    replica_vault, replica_key = regional_key(context, owner, f"{name}-replica", spec.dr_region, opts)
    return AzureKeys(
        primary=KeyRef(id=primary_key.key_uri, region=spec.region),
        replica=KeyRef(id=replica_key.key_uri, region=spec.dr_region),
        primary_vault=primary_vault,
        primary_key=primary_key,
        replica_vault=replica_vault,
        replica_key=replica_key,
    )


def adopt_keys(context: RegionContext, name: str, base: AzureBase, opts: pulumi.ResourceOptions) -> AzureKeys:
    """A recovery stack's keys: the vault and key its source made in this stack's region (the
    source's `drRegion`) as `name-primary-vault` and `name-primary`, read (`drill`) or imported
    with the source's inputs, protected and retained (`failover`); and, only in `failover` with
    replication onward (`spec.recovery.onward`), a new vault and key `name-replica*` of this
    stack's own in its `drRegion`, as `build_keys` makes them. Otherwise nothing replicates, and
    the replica handle is the adopted key itself, in this stack's region.

    The stack's own grants on the adopted vault (the AKS control plane's and the node disk
    encryption set's, azure/cluster.py) are role assignments of this stack, separate resources
    the vault does not hold; a drill creates and destroys them and never touches the vault.
    """
    spec = context.spec
    recovery = spec.recovery
    if recovery is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    source = source_of(context)
    vault_id = source.resource_id("Microsoft.KeyVault", "vaults", vault_name(source, spec.region))
    primary_vault = adopt(
        spec.recovery_mode,
        vault_id,
        lambda read: keyvault.Vault.get(f"{name}-primary-vault", vault_id, opts=read),
        lambda manage: _vault(context, source, f"{name}-primary-vault", spec.region, manage),
        opts,
    )
    key_id = f"{vault_id}/keys/{key_name(source)}"
    primary_key = adopt(
        spec.recovery_mode,
        key_id,
        lambda read: keyvault.Key.get(f"{name}-primary", key_id, opts=read),
        lambda manage: _key(context, source, f"{name}-primary", primary_vault, manage),
        opts,
    )
    if spec.recovery_mode == "failover" and recovery.onward:
        replica_vault, replica_key = regional_key(context, own(context, base), f"{name}-replica", spec.dr_region, opts)
        replica = KeyRef(id=replica_key.key_uri, region=spec.dr_region)
    else:
        replica_vault, replica_key = primary_vault, primary_key
        replica = KeyRef(id=primary_key.key_uri, region=spec.region)
    return AzureKeys(
        primary=KeyRef(id=primary_key.key_uri, region=spec.region),
        replica=replica,
        primary_vault=primary_vault,
        primary_key=primary_key,
        replica_vault=replica_vault,
        replica_key=replica_key,
    )


def vault_name(owner: Owner, location: str) -> str:
    """The physical name of `owner`'s vault in `location` (globally unique, so seeded with the
    owner's scope)."""
    return physical_name("azure", "key_vault", "kv", location, scope=owner.scope)


def key_name(owner: Owner) -> str:
    """The physical name of the key in each of `owner`'s vaults."""
    return physical_name("azure", "key", "corridor-data", scope=owner.scope)


def regional_key(
    context: RegionContext,
    owner: Owner,
    name: str,
    location: str,
    opts: pulumi.ResourceOptions,
) -> tuple[keyvault.Vault, keyvault.Key]:
    """A purge-protected RBAC vault in `location` with one key that rotates itself, both protected."""
    vault = _vault(context, owner, f"{name}-vault", location, stateful(opts))
    return vault, _key(context, owner, name, vault, stateful(opts))


def _vault(
    context: RegionContext, owner: Owner, name: str, location: str, opts: pulumi.ResourceOptions
) -> keyvault.Vault:
    """`owner`'s vault in `location`, registered with `opts` as given."""
    spec = context.spec
    return keyvault.Vault(
        name,
        vault_name=vault_name(owner, location),
        resource_group_name=owner.group,
        location=location,
        properties=keyvault.VaultPropertiesArgs(
            tenant_id=owner.tenant_id,
            sku=keyvault.SkuArgs(family=keyvault.SkuFamily.A, name=keyvault.SkuName.STANDARD),
            enable_rbac_authorization=True,
            enable_soft_delete=True,
            soft_delete_retention_in_days=spec.keys.deletion_window_days,
            enable_purge_protection=True,
            # Trusted Azure services (Storage using the key) pass the firewall. Public access
            # stays enabled so that `pulumi up` from outside a private network can manage keys;
            # private endpoints are a per-organisation decision (README, "What is not covered").
            network_acls=keyvault.NetworkRuleSetArgs(
                bypass=keyvault.NetworkRuleBypassOptions.AZURE_SERVICES,
                default_action=keyvault.NetworkRuleAction.ALLOW,
            ),
        ),
        tags=owner.tags,
        opts=opts,
    )


def _key(
    context: RegionContext, owner: Owner, name: str, vault: keyvault.Vault, opts: pulumi.ResourceOptions
) -> keyvault.Key:
    """`owner`'s key in `vault`, registered with `opts` as given."""
    rotation = context.spec.keys.rotation_days
    return keyvault.Key(
        name,
        key_name=key_name(owner),
        vault_name=vault.name,
        resource_group_name=owner.group,
        properties=keyvault.KeyPropertiesArgs(
            kty=keyvault.JsonWebKeyType.RSA,
            key_size=RSA_KEY_BITS,
            # Storage wraps its data keys (wrapKey/unwrapKey); the AKS KMS plugin encrypts and
            # decrypts Kubernetes Secrets directly (encrypt/decrypt).
            # https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#prerequisites
            key_ops=[
                keyvault.JsonWebKeyOperation.WRAP_KEY,
                keyvault.JsonWebKeyOperation.UNWRAP_KEY,
                keyvault.JsonWebKeyOperation.ENCRYPT,
                keyvault.JsonWebKeyOperation.DECRYPT,
            ],
            # Rotate every rotationDays. Versions get no expiry on purpose: AKS KMS pins one key
            # version, and an expired version would stop the API server from reading Secrets
            # until someone re-ran `pulumi up`. Old versions stay usable; new data uses the newest.
            rotation_policy=keyvault.RotationPolicyArgs(
                lifetime_actions=[
                    keyvault.LifetimeActionArgs(
                        action=keyvault.ActionArgs(type=keyvault.KeyRotationPolicyActionType.ROTATE),
                        trigger=keyvault.TriggerArgs(time_after_create=f"P{rotation}D"),
                    ),
                ],
            ),
        ),
        tags=owner.tags,
        opts=opts,
    )
