"""OCI Vault: a virtual private vault and an AES-256 master encryption key in `region`, and the
same in `drRegion`.

Vault type: VIRTUAL_PRIVATE, one per region, each with its own key.
- Automatic key rotation (`keys.rotationDays`, which every corridor key has) "is available only
  for virtual private vaults" ("private vaults" in the current page); a DEFAULT vault's keys rotate
  only by hand, so a DEFAULT vault cannot meet the contract at all. The interval is 60 to 365 days
  (the profile refuses anything else).
  https://docs.oracle.com/en-us/iaas/Content/KeyManagement/Tasks/tasks_tasks_managingkeys_topic_edit_auto_key_rotation.htm
- Not vault replication. A virtual private vault can be replicated to one other region, but the
  replica serves cryptographic operations only ("Management operations against the vault and keys
  in the destination region are not supported"), so a recovery stack standing in `drRegion` could
  never manage, rotate or replace its key; and deleting the source vault deletes its replicas.
  Object Storage replication does not need the same key material on both sides: each bucket
  names its own master key (`kms_key_id`), used by the Object Storage service of the bucket's
  region to wrap the data keys of what is written into it, and replication writes the objects
  into the destination bucket. Oracle's replication page sets no condition on the two buckets'
  keys (corridor's reading; not exercised against a live tenancy). So the DR region gets an
  independent vault and key of its own, which survives the loss of `region` whole.
  https://docs.oracle.com/en-us/iaas/Content/KeyManagement/Tasks/replicatingvaults.htm
  https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/usingreplication.htm
- Cost: a virtual private vault is billed per vault-hour (a DEFAULT vault is free) and is not an
  Always Free resource; corridor pays for two per stack, the price of rotation the contract asks
  for, and of a DR key that does not depend on the primary region.

Keys: AES, 32 bytes (AES-256), protection mode HSM: the key material is generated in and never
leaves the vault's HSM partition, which a virtual private vault pays for anyway (a SOFTWARE key
is kept on the server wrapped by the vault's HSM key, and gains nothing here). Auto-rotation works
for both modes. Protection mode and shape cannot change after creation.

Deletion: OCI sets a key's or vault's pending-deletion period when it is scheduled
(ScheduleKeyDeletion: 7 to 30 days, 30 when no time is given), not at creation; `time_of_deletion`
is an absolute timestamp the provider sends on delete (terraform-provider-oci,
`KmsKeyResourceCrud.Delete`). corridor leaves it unset, so a deletion gets the longest window,
30 days, whatever `keys.deletionWindowDays` says (never shorter). That
window is no safety net: data encrypted with a key is inaccessible as soon as the key is Pending
Deletion (facts S8), and deleting a vault deletes its keys. Pulumi's `protect` and
`retainOnDelete` (`stateful`) are therefore the only guard: Pulumi never asks OCI to delete them.
https://docs.oracle.com/en-us/iaas/Content/KeyManagement/Tasks/managingkeys_topic-To_delete_a_key.htm

A recovery stack (`adopt_keys`) stands in the source's `drRegion` on the vault and key the source
made there. Their OCIDs are OCI's, not derivable from config: the vault is found by its display
name in the source's compartment (`oci.kms.get_vaults`), the key by its display name in that
vault (`oci.kms.get_keys`). A key's provider id for a read or an import is
`managementEndpoint/<vault management endpoint>/keys/<key OCID>` (docstring of
`pulumi_oci.kms.Key`, 5.5.0): the provider reads the endpoint from it and keeps the key OCID as
the id (terraform-provider-oci `readKmsKey`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_oci as oci

from components import tagging
from components.clouds.base import KeyRef, Keys, RegionContext, adopt, stateful
from components.definition.recovery import RecoverySource
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.oci.adapter import OciBase

VAULT_TYPE = "VIRTUAL_PRIVATE"
"""The only vault type whose keys rotate automatically (module docstring)."""
KEY_ALGORITHM = "AES"
KEY_LENGTH_BYTES = 32
"""AES-256: `key_shape.length` counts bytes (AES: 16, 24 or 32; pulumi_oci/kms/_inputs.py)."""
PROTECTION_MODE = "HSM"

ACTIVE_VAULT = "ACTIVE"
ENABLED_KEY = "ENABLED"
"""The lifecycle states an adopted vault and key must be in: a vault or key pending deletion has
the same display name, and its data is already unreadable (S8)."""


@dataclass(frozen=True)
class Vault:
    """One region's vault and the key in it, as the stack's later builders need them."""

    region: str
    vault_id: pulumi.Output[str]
    management_endpoint: pulumi.Output[str]
    """Where the vault's keys are managed (`https://<vault>-management.kms.<region>.oraclecloud.com`):
    a key is created, read and imported through it."""
    crypto_endpoint: pulumi.Output[str]
    """Where data keys are generated and unwrapped (`https://<vault>-crypto.kms...`)."""
    key_id: pulumi.Output[str]
    """The key OCID, what Object Storage (`kms_key_id`), OKE and Block Volume take."""


@dataclass(frozen=True)
class Adoption:
    """How a recovery stack holds the vault and key it adopted from its source."""

    mode: str
    """`drill` (read only) or `failover` (imported, protected): `spec.recovery_mode`."""
    vault_id: str
    key_id: str
    """The adopted key's OCID, as the lookup returned it at plan time."""


@dataclass(frozen=True)
class OciKeys(Keys):
    """The neutral keys (`KeyRef.id`: the key OCID) plus each region's vault: its endpoints and
    key, for IAM policies scoped to the key (`target.key.id`) and for anything that calls the
    vault itself."""

    primary_vault: Vault
    replica_vault: Vault
    """The vault of `drRegion`; the primary vault itself when the stack owns no separate DR key
    (a recovery stack that replicates nowhere)."""
    adoption: Adoption | None = None
    """Set in a recovery stack, whose primary vault and key are the source's DR ones."""

    @property
    def separate_replica(self) -> bool:
        """Whether `drRegion` has a key of its own, distinct from the primary."""
        return self.replica_vault is not self.primary_vault


def vault_name(stack: str, name: str, region: str) -> str:
    """The display name `stack` gives its vault `name` in `region`; a recovery stack finds the
    source's DR vault by it. The region is part of it, so a listing never mixes two regions.
    Display names take no uniqueness suffix (the profile's rule), so no scope is needed."""
    return physical_name("oci", "display_name", "corridor", stack, name, region, scope="")


def key_name(stack: str) -> str:
    """The display name of the key in each of `stack`'s vaults (no suffix, as `vault_name`)."""
    return physical_name("oci", "display_name", "corridor", stack, "data", scope="")


def key_import_id(management_endpoint: str, key_id: str) -> str:
    """A key's provider id for a read (`get`) or an import: `pulumi_oci.kms.Key`'s documented
    import id, from which the provider takes the endpoint it must call."""
    return f"managementEndpoint/{management_endpoint}/keys/{key_id}"


def build_keys(context: RegionContext, base: OciBase, name: str, opts: pulumi.ResourceOptions) -> OciKeys:
    spec = context.spec
    primary = regional_key(context, base, f"{name}-primary", name, spec.region, opts)
    replica = regional_key(context, base, f"{name}-replica", name, spec.dr_region, on_dr(base, opts))
    return OciKeys(
        primary=KeyRef(id=primary.key_id, region=spec.region),
        replica=KeyRef(id=replica.key_id, region=spec.dr_region),
        primary_vault=primary,
        replica_vault=replica,
    )


def on_dr(base: OciBase, opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` for a resource in `drRegion`: OCI resources have no region input, only a provider."""
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=base.dr_provider))


def regional_key(
    context: RegionContext, base: OciBase, logical: str, name: str, region: str, opts: pulumi.ResourceOptions
) -> Vault:
    """A protected virtual private vault in `region` (the provider's of `opts`) holding one
    protected, rotating AES-256 key; logical names `<logical>-vault` and `<logical>`."""
    tags = context.tags()
    vault = _vault(
        f"{logical}-vault", base.compartment_id, vault_name(context.stack, name, region), tags, stateful(opts)
    )
    key = _key(
        context, logical, base.compartment_id, key_name(context.stack), vault.management_endpoint, tags, stateful(opts)
    )
    return Vault(region, vault.id, vault.management_endpoint, vault.crypto_endpoint, key.id)


def _vault(
    logical: str, compartment: str, display_name: str, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> oci.kms.Vault:
    return oci.kms.Vault(
        logical,
        compartment_id=compartment,
        display_name=display_name,
        vault_type=VAULT_TYPE,
        freeform_tags=tags,
        opts=opts,
    )


def _key(
    context: RegionContext,
    logical: str,
    compartment: str,
    display_name: str,
    management_endpoint: pulumi.Input[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> oci.kms.Key:
    # No `time_of_deletion`: a deletion then waits OCI's longest window (module docstring).
    return oci.kms.Key(
        logical,
        compartment_id=compartment,
        display_name=display_name,
        management_endpoint=management_endpoint,
        key_shape=oci.kms.KeyKeyShapeArgs(algorithm=KEY_ALGORITHM, length=KEY_LENGTH_BYTES),
        protection_mode=PROTECTION_MODE,
        is_auto_rotation_enabled=True,
        auto_key_rotation_details=oci.kms.KeyAutoKeyRotationDetailsArgs(
            rotation_interval_in_days=context.spec.keys.rotation_days
        ),
        freeform_tags=tags,
        opts=opts,
    )


def adopt_keys(context: RegionContext, base: OciBase, name: str, opts: pulumi.ResourceOptions) -> OciKeys:
    """A recovery stack's keys (`CloudAdapter.adopt_keys`): the source's vault and key in this
    region as `{name}-primary-vault` and `{name}-primary`, the logical names the source gave its own
    primary ones; in failover with an onward `drRegion`, a new vault and key there as
    `{name}-replica-vault` and `{name}-replica`."""
    spec, source = context.spec, recovery_of(context)
    mode = spec.recovery_mode
    compartment = source_compartment(context)
    display = vault_name(source.stack, name, spec.region)
    # Plain invokes, so the OCIDs are strings `import_` can take; they run in preview too, which
    # then fails if the source never made its DR vault. Default providers are disabled: the invoke
    # names the parent's provider (this region's).
    invoke = pulumi.InvokeOptions(parent=opts.parent, provider=opts.provider)
    found = find_vault(compartment, display, invoke)
    key_display = key_name(source.stack)
    key_id = find_key(compartment, found.management_endpoint, key_display, invoke)
    tags = source_tags(context)

    # Inputs exactly as the source declared its DR vault and key (`regional_key`), so the import
    # changes nothing.
    vault = adopt(
        mode,
        found.id,
        lambda o: oci.kms.Vault.get(f"{name}-primary-vault", found.id, opts=o),
        lambda o: _vault(f"{name}-primary-vault", compartment, display, tags, o),
        opts,
    )
    key_physical_id = key_import_id(found.management_endpoint, key_id)
    key = adopt(
        mode,
        key_physical_id,
        lambda o: oci.kms.Key.get(f"{name}-primary", key_physical_id, opts=o),
        lambda o: _key(context, f"{name}-primary", compartment, key_display, vault.management_endpoint, tags, o),
        opts,
    )
    # The provider reads the key by the composite id and keeps the key OCID as its id (module
    # docstring); the OCID the lookup found is that id, known at plan time. Tied to the key
    # resource, so whatever uses it waits for the read or import.
    primary_key_id = key.id.apply(lambda _: key_id)
    primary = Vault(spec.region, vault.id, vault.management_endpoint, vault.crypto_endpoint, primary_key_id)
    adoption = Adoption(mode=mode, vault_id=found.id, key_id=key_id)
    primary_ref = KeyRef(id=primary_key_id, region=spec.region)
    if mode == "drill" or not source.onward:
        # A drill creates no key; a failover without an onward drRegion replicates nowhere.
        return OciKeys(
            primary=primary_ref, replica=primary_ref, primary_vault=primary, replica_vault=primary, adoption=adoption
        )
    onward = regional_key(context, base, f"{name}-replica", name, spec.dr_region, on_dr(base, opts))
    return OciKeys(
        primary=primary_ref,
        replica=KeyRef(id=onward.key_id, region=spec.dr_region),
        primary_vault=primary,
        replica_vault=onward,
        adoption=adoption,
    )


@dataclass(frozen=True)
class FoundVault:
    id: str
    management_endpoint: str


def find_vault(compartment: str, display_name: str, invoke: pulumi.InvokeOptions) -> FoundVault:
    """The one active vault named `display_name` in `compartment`, in the invoke's region."""
    result = oci.kms.get_vaults(
        compartment_id=compartment,
        filters=[
            oci.kms.GetVaultsFilterArgs(name="display_name", values=[display_name]),
            oci.kms.GetVaultsFilterArgs(name="state", values=[ACTIVE_VAULT]),
        ],
        opts=invoke,
    )
    if len(result.vaults) != 1:
        raise RuntimeError(
            f"expected one active vault named {display_name} in compartment {compartment}, found "
            f"{len(result.vaults)}: the source stack made it in this region when it replicated its data here"
        )
    vault = result.vaults[0]
    return FoundVault(vault.id, vault.management_endpoint)


def find_key(compartment: str, management_endpoint: str, display_name: str, invoke: pulumi.InvokeOptions) -> str:
    """The OCID of the one enabled key named `display_name` in the vault at `management_endpoint`."""
    result = oci.kms.get_keys(
        compartment_id=compartment,
        management_endpoint=management_endpoint,
        filters=[
            oci.kms.GetKeysFilterArgs(name="display_name", values=[display_name]),
            oci.kms.GetKeysFilterArgs(name="state", values=[ENABLED_KEY]),
        ],
        opts=invoke,
    )
    if len(result.keys) != 1:
        raise RuntimeError(
            f"expected one enabled key named {display_name} in the vault at {management_endpoint}, found "
            f"{len(result.keys)}"
        )
    return result.keys[0].id


def recovery_of(context: RegionContext) -> RecoverySource:
    """The source of a recovery stack; adopt_* are only called for one."""
    if context.spec.recovery is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    return context.spec.recovery


def source_compartment(context: RegionContext) -> str:
    """The compartment the source created its resources in (its `corridor:ociCompartmentId`): what
    it replicated lives there. OCI shares it with the recovery stack (compartments are global), but
    the adopted resources' own input is the source's."""
    return str(recovery_of(context).placement["ociCompartmentId"])


def source_tags(context: RegionContext) -> dict[str, str]:
    """The tags the source put on its resources (its own stack name and home region): what an
    adopted resource's `freeform_tags` input must be for its import to change nothing."""
    source = recovery_of(context)
    return tagging.standard_tags(context.spec.model_copy(update={"region": source.region}), source.stack)
