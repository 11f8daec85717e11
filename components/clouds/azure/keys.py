"""Azure Key Vault: a vault and a rotating key in `region`, and the same in `drRegion`.

Key Vault keys cannot be replicated across regions outside a geography, so each region gets its
own vault and key; a storage account encrypts with the key in its own region. Vaults use RBAC
(no access policies), soft delete for `keys.deletionWindowDays` days and purge protection, which
Azure Storage requires for customer-managed keys and which can never be turned off.
Key Vault holds no symmetric keys outside Managed HSM, so the key is RSA: Azure services wrap
their data keys with it (envelope encryption), which is the Azure form of a symmetric CMK.
https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import keyvault

from components.clouds.azure.handles import AzureBase, AzureKeys
from components.clouds.azure.profile import AzurePlacement
from components.clouds.base import KeyRef, RegionContext, stateful
from components.naming import physical_name

# Azure Storage accepts RSA keys of 2048, 3072 or 4096 bits for customer-managed keys.
RSA_KEY_BITS = 3072


def build_keys(context: RegionContext, name: str, base: AzureBase, opts: pulumi.ResourceOptions) -> AzureKeys:
    """A vault and key named `name-primary*` in `region` and `name-replica*` in `drRegion`."""
    spec = context.spec
    primary_vault, primary_key = regional_key(context, base, f"{name}-primary", spec.region, opts)
    replica_vault, replica_key = regional_key(context, base, f"{name}-replica", spec.dr_region, opts)
    return AzureKeys(
        primary=KeyRef(id=primary_key.key_uri, region=spec.region),
        replica=KeyRef(id=replica_key.key_uri, region=spec.dr_region),
        primary_vault=primary_vault,
        primary_key=primary_key,
        replica_vault=replica_vault,
        replica_key=replica_key,
    )


def regional_key(
    context: RegionContext,
    base: AzureBase,
    name: str,
    location: str,
    opts: pulumi.ResourceOptions,
) -> tuple[keyvault.Vault, keyvault.Key]:
    """A purge-protected RBAC vault in `location` with one key that rotates itself."""
    spec = context.spec
    tags = context.tags()
    group = base.resource_group
    vault = keyvault.Vault(
        f"{name}-vault",
        vault_name=physical_name("azure", "key_vault", "kv", location, scope=context.scope),
        resource_group_name=group.name,
        location=location,
        properties=keyvault.VaultPropertiesArgs(
            tenant_id=spec.placement_as(AzurePlacement).azure_tenant_id,
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
        tags=tags,
        opts=stateful(opts),
    )
    rotation = spec.keys.rotation_days
    key = keyvault.Key(
        name,
        key_name=physical_name("azure", "key", "corridor-data", scope=context.scope),
        vault_name=vault.name,
        resource_group_name=group.name,
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
        tags=tags,
        opts=stateful(opts),
    )
    return vault, key
