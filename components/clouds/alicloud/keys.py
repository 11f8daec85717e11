"""Alibaba Cloud KMS: a customer-managed AES-256 key in `region` and one in `drRegion`, each with
an alias by which a recovery stack finds it.

Key type: a KMS **default key** (a customer master key created without `dkms_instance_id`), not a
key in a KMS instance.
- What corridor encrypts accepts one: OSS server-side encryption with KMS takes a customer master
  key of the bucket's region (`kms_master_key_id`), and ACK Pro "clusters support default keys,
  software-protected keys, and hardware-protected keys" for Secret encryption.
  https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/security-and-compliance/use-kms-to-encrypt-kubernetes-secrets-2
  https://www.alibabacloud.com/help/doc-detail/141401.htm (a CMK the customer owns, used by a
  service once a RAM policy grants it)
- A KMS instance is therefore not needed, and corridor creates none. What one would cost: a
  software key management instance is USD 500 a month on subscription (hardware: USD 1,799), or
  USD 4.5 a day plus USD 0.03 a key version a day pay-as-you-go; it also needs a VPC and
  vSwitches in two zones of its region (`alicloud.kms.Instance`: `vpc_id`, `vswitch_ids`,
  `zone_ids`), which the DR region of a corridor stack does not have. "KMS provides default key
  management capabilities for server-side encryption of cloud services free of charge."
  https://www.alibabacloud.com/help/en/kms/key-management-service/product-overview/kms-billing
  https://alibabacloud.com/help/en/kms/key-management-service/pay-as-you-go
- The price of a default key: its rotation period is fixed. "Default keys support only a fixed
  period of 365 days, software-protected keys support 7 to 365 days, and hardware-protected keys
  do not support automatic rotation" (`rotation_interval`, pulumi_alicloud 4.0.0
  `kms/key.py`, after Alibaba's CreateKey). So on `alicloud` `keys.rotationDays` must be 365: the
  profile refuses any other value (it declares the gap) rather than corridor paying for a KMS
  instance per region to rotate more often. `rotation_interval` is sent in seconds, one of the two
  units the SDK documents ("7d or 604800s").
  https://www.alibabacloud.com/help/en/kms/developer-reference/api-createkey

Every key: `key_spec` `Aliyun_AES_256` (the symmetric spec OSS and ACK use), `key_usage`
`ENCRYPT/DECRYPT`, `origin` `Aliyun_KMS`, `protection_level` `SOFTWARE` (what a default key is;
the SDK warns that a declared level other than the actual one forces a replacement on every
apply), automatic rotation `Enabled`, `deletion_protection` `Enabled` (KMS refuses
ScheduleKeyDeletion until it is turned off), and `pending_window_in_days` 366, the longest
window the SDK documents ("Valid values: 7 to 366"; 4.0.0 name, `deletion_window_in_days` is
deprecated). The window is no safety net: a key pending deletion cannot encrypt or decrypt, so
OSS objects and ACK Secrets it protects are unreadable until the deletion is cancelled. Pulumi's
`protect` and `retainOnDelete` (`stateful`) are on the key and its alias.
https://www.alibabacloud.com/help/doc-detail/44196.html

Alias: `alias/<physical name>` (`alicloud.kms.Alias`; aliases are unique per region and account,
and point at one key), the name a recovery stack looks the key up by. Alibaba resources take
their region from the provider only (facts S6): the DR key and alias are created through
`base.dr_provider`.

A recovery stack (`adopt_keys`) stands in the source's `drRegion` on the key the source made
there: `alicloud.kms.get_aliases(ids=[alias])` (an alias's id is its name) returns the key id the
alias points at; the key is read (`Key.get`) or imported by that id, and the alias by its name
(the documented import ids of `kms.Key` and `kms.Alias`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_alicloud as alicloud

from components import tagging
from components.clouds.base import KeyRef, Keys, RegionContext, adopt, stateful
from components.definition.recovery import RecoverySource
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.alicloud.adapter import AlicloudBase

KEY_SPEC = "Aliyun_AES_256"
KEY_USAGE = "ENCRYPT/DECRYPT"
ORIGIN = "Aliyun_KMS"
PROTECTION_LEVEL = "SOFTWARE"
"""The level of a default key; declaring another forces a replacement on every apply (module docstring)."""
ENABLED = "Enabled"
PENDING_WINDOW_DAYS = 366
"""The longest pending-deletion window KMS accepts (`pending_window_in_days`: 7 to 366)."""
DEFAULT_KEY_ROTATION_DAYS = 365
"""The only rotation period of a default key; the profile holds `keys.rotationDays` to it."""
SECONDS_PER_DAY = 86400
ALIAS_PREFIX = "alias/"


@dataclass(frozen=True)
class RegionalKey:
    """One region's key and its alias, as later builders need them."""

    region: str
    key_id: pulumi.Output[str]
    """The key id, what OSS (`kms_master_key_id`) and ACK (`encryption_provider_key`) take."""
    alias: str
    """`alias/<physical name>`, by which the key is found."""

    def arn(self) -> pulumi.Output[str]:
        """The key's ARN for a RAM policy `Resource`: `acs:kms:<region>:*:key/<key id>` (any
        account: the policy is attached in the stack's own)."""
        return self.key_id.apply(lambda key: f"acs:kms:{self.region}:*:key/{key}")


@dataclass(frozen=True)
class Adoption:
    """How a recovery stack holds the key it adopted from its source."""

    mode: str
    """`drill` (read only) or `failover` (imported, protected): `spec.recovery_mode`."""
    key_id: str
    """The adopted key's id, as the alias lookup returned it at plan time."""
    alias: str


@dataclass(frozen=True)
class AlicloudKeys(Keys):
    """The neutral keys (`KeyRef.id`: the KMS key id) plus each region's key and alias."""

    primary_key: RegionalKey
    replica_key: RegionalKey
    """The key of `drRegion`; the primary key itself when the stack owns no separate DR key (a
    recovery stack that replicates nowhere)."""
    adoption: Adoption | None = None
    """Set in a recovery stack, whose primary key is the source's DR one."""

    @property
    def separate_replica(self) -> bool:
        """Whether `drRegion` has a key of its own, distinct from the primary."""
        return self.replica_key is not self.primary_key


def alias_name(stack: str, scope: str, name: str, region: str) -> str:
    """The alias `stack` (with its `scope`) gives its key `name` in `region`: `alias/` and the
    profile's `kms_alias` rule. The region is part of it, so the two keys of a stack never share
    an alias name."""
    return ALIAS_PREFIX + physical_name("alicloud", "kms_alias", "corridor", stack, name, region, scope=scope)


def key_description(stack: str, name: str, region: str, alias: str) -> str:
    """The key's description: what it is for and the alias that finds it (a key's own id is
    Alibaba's, so a reader of the console sees the alias here)."""
    return f"corridor {stack}: {name} key in {region} for OSS and ACK Secrets, {alias}"


def on_dr(base: AlicloudBase, opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` for a resource in `drRegion`: Alibaba resources have no region input, only a provider."""
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=base.dr_provider))


def build_keys(context: RegionContext, base: AlicloudBase, name: str, opts: pulumi.ResourceOptions) -> AlicloudKeys:
    spec = context.spec
    primary = regional_key(context, f"{name}-primary", name, spec.region, opts)
    replica = regional_key(context, f"{name}-replica", name, spec.dr_region, on_dr(base, opts))
    return AlicloudKeys(
        primary=KeyRef(id=primary.key_id, region=spec.region),
        replica=KeyRef(id=replica.key_id, region=spec.dr_region),
        primary_key=primary,
        replica_key=replica,
    )


def regional_key(
    context: RegionContext, logical: str, name: str, region: str, opts: pulumi.ResourceOptions
) -> RegionalKey:
    """A protected, rotating AES-256 key in `region` (the provider of `opts`) and its protected
    alias; logical names `<logical>` and `<logical>-alias`."""
    alias = alias_name(context.stack, context.scope, name, region)
    key = _key(context, logical, key_description(context.stack, name, region, alias), context.tags(), stateful(opts))
    _alias(logical, alias, key.id, stateful(opts))
    return RegionalKey(region, key.id, alias)


def _key(
    context: RegionContext, logical: str, description: str, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> alicloud.kms.Key:
    return alicloud.kms.Key(
        logical,
        description=description,
        key_spec=KEY_SPEC,
        key_usage=KEY_USAGE,
        origin=ORIGIN,
        protection_level=PROTECTION_LEVEL,
        automatic_rotation=ENABLED,
        rotation_interval=f"{context.spec.keys.rotation_days * SECONDS_PER_DAY}s",
        pending_window_in_days=PENDING_WINDOW_DAYS,
        deletion_protection=ENABLED,
        deletion_protection_description="corridor: data encrypted with this key is unreadable once it is deleted",
        tags=tags,
        opts=opts,
    )


def _alias(logical: str, alias: str, key_id: pulumi.Input[str], opts: pulumi.ResourceOptions) -> alicloud.kms.Alias:
    return alicloud.kms.Alias(f"{logical}-alias", alias_name=alias, key_id=key_id, opts=opts)


def adopt_keys(context: RegionContext, base: AlicloudBase, name: str, opts: pulumi.ResourceOptions) -> AlicloudKeys:
    """A recovery stack's keys (`CloudAdapter.adopt_keys`): the source's key and alias in this
    region as `{name}-primary` and `{name}-primary-alias`, the logical names the source gave its
    own primary ones; in failover with an onward `drRegion`, a new key there as `{name}-replica`."""
    spec, source = context.spec, recovery_of(context)
    mode = spec.recovery_mode
    alias = alias_name(source.stack, context.source_scope, name, spec.region)
    # A plain invoke, so the key id is a string `import_` can take; it runs in preview too, which
    # then fails if the source never made its DR key. Default providers are disabled: the invoke
    # names the parent's provider (this region's).
    key_id = find_key(alias, pulumi.InvokeOptions(parent=opts.parent, provider=opts.provider))
    tags = source_tags(context)
    description = key_description(source.stack, name, spec.region, alias)

    # Inputs exactly as the source declared its DR key and alias (`regional_key`), so the import
    # changes nothing.
    key = adopt(
        mode,
        key_id,
        lambda o: alicloud.kms.Key.get(f"{name}-primary", key_id, opts=o),
        lambda o: _key(context, f"{name}-primary", description, tags, o),
        opts,
    )
    adopt(
        mode,
        alias,
        lambda o: alicloud.kms.Alias.get(f"{name}-primary-alias", alias, opts=o),
        lambda o: _alias(f"{name}-primary", alias, key.id, o),
        opts,
    )
    primary = RegionalKey(spec.region, key.id, alias)
    adoption = Adoption(mode=mode, key_id=key_id, alias=alias)
    primary_ref = KeyRef(id=key.id, region=spec.region)
    if mode == "drill" or not source.onward:
        # A drill creates no key; a failover without an onward drRegion replicates nowhere.
        return AlicloudKeys(
            primary=primary_ref, replica=primary_ref, primary_key=primary, replica_key=primary, adoption=adoption
        )
    onward = regional_key(context, f"{name}-replica", name, spec.dr_region, on_dr(base, opts))
    return AlicloudKeys(
        primary=primary_ref,
        replica=KeyRef(id=onward.key_id, region=spec.dr_region),
        primary_key=primary,
        replica_key=onward,
        adoption=adoption,
    )


def find_key(alias: str, invoke: pulumi.InvokeOptions) -> str:
    """The id of the key `alias` points at, in the invoke's region."""
    found = alicloud.kms.get_aliases(ids=[alias], opts=invoke)
    matches = [entry for entry in found.aliases if entry.alias_name == alias]
    if len(matches) != 1:
        raise RuntimeError(
            f"expected one KMS alias {alias}, found {len(matches)}: the source stack made it in this region "
            "when it replicated its data here"
        )
    return matches[0].key_id


def recovery_of(context: RegionContext) -> RecoverySource:
    """The source of a recovery stack; adopt_* are only called for one."""
    if context.spec.recovery is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    return context.spec.recovery


def source_resource_group(context: RegionContext) -> str:
    """The resource group the source created its resources in (its
    `corridor:alicloudResourceGroupId`): an adopted bucket's `resource_group_id` input."""
    return str(recovery_of(context).placement["alicloudResourceGroupId"])


def source_tags(context: RegionContext) -> dict[str, str]:
    """The tags the source put on its resources (its own stack name and home region): what an
    adopted resource's `tags` input must be for its import to change nothing."""
    source = recovery_of(context)
    return tagging.standard_tags(context.spec.model_copy(update={"region": source.region}), source.stack)
