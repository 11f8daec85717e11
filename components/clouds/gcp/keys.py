"""Cloud KMS: a key ring and a symmetric crypto key in `region`, and the same in `drRegion`.

Cloud KMS keys are regional and cannot be replicated, and a bucket may only use a key in its own
location, so the DR region gets its own ring and key; replicated objects are re-encrypted there.
Key rings and crypto keys can never be deleted in GCP (destroying a crypto key destroys all its
versions, making its data unrecoverable), hence `protect`, `retain_on_delete` and
`deletion_policy="PREVENT"` together.
https://cloud.google.com/kms/docs/resource-hierarchy#lifetime

A recovery stack (`corridor:recoverFrom`) creates no key in its own region: it adopts the ring and
key its source made there, by the ids the source's names give (`adopt_keys`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.clouds.base import KeyRef, Keys, RegionContext, adopt, stateful
from components.definition.recovery import RecoverySource
from components.naming import physical_name

SECONDS_PER_DAY = 86_400
"""Cloud KMS and Cloud Storage take durations in seconds; corridor's config counts days."""

KMS_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
"""What a service agent needs to use a key for CMEK (GKE Secrets, boot disks, buckets)."""


@dataclass(frozen=True)
class GcpKeys(Keys):
    """The stack's Cloud KMS keys. GCP's later builders need only the neutral key ids (grants,
    CMEK settings), so the handle adds nothing to `Keys`; it is the adapter's `KeysT`."""


def key_ring_name(stack: str, scope: str) -> str:
    """The key ring of `stack` (whose physical names are seeded by `scope`): the same name in
    every location, since ring names are unique per location."""
    return physical_name("gcp", "key_ring", "corridor", stack, "keys", scope=scope)


def crypto_key_name(scope: str) -> str:
    """The data key in each of a stack's rings."""
    return physical_name("gcp", "crypto_key", "corridor", "data", scope=scope)


def key_ring_id(project: str, location: str, ring: str) -> str:
    """A key ring's provider id, which `KeyRing.get` and `import_` take: pulumi-gcp's first import
    format, `projects/{{project}}/locations/{{location}}/keyRings/{{name}}` (docstring of
    `pulumi_gcp.kms.KeyRing`, 10.2.0), and the id the provider sets on create."""
    return f"projects/{project}/locations/{location}/keyRings/{ring}"


def crypto_key_id(ring_id: str, key: str) -> str:
    """A crypto key's provider id: `{{key_ring}}/cryptoKeys/{{name}}` (docstring of
    `pulumi_gcp.kms.CryptoKey`, 10.2.0), the same path Cloud Storage and GKE take as a key name."""
    return f"{ring_id}/cryptoKeys/{key}"


def build_keys(context: RegionContext, project: str, name: str, opts: pulumi.ResourceOptions) -> GcpKeys:
    spec = context.spec
    primary = regional_key(context, project, f"{name}-primary", spec.region, opts)
    replica = regional_key(context, project, f"{name}-replica", spec.dr_region, opts)
    return GcpKeys(primary=primary, replica=replica)


def regional_key(
    context: RegionContext, project: str, name: str, location: str, opts: pulumi.ResourceOptions
) -> KeyRef:
    """A key ring in `location` holding one rotating symmetric key.

    The ring has the same name in every location (names are unique per location), so a recovery
    stack finds the DR key by the name it knows from the primary.
    """
    ring = _key_ring(f"{name}-ring", key_ring_name(context.stack, context.scope), location, project, stateful(opts))
    key = _crypto_key(context, name, crypto_key_name(context.scope), ring.id, context.tags(), stateful(opts))
    return KeyRef(id=key.id, region=location)


def adopt_keys(context: RegionContext, project: str, name: str, opts: pulumi.ResourceOptions) -> GcpKeys:
    """A recovery stack's keys (`CloudAdapter.adopt_keys`): `primary` is the source's DR key in
    this region; `replica` is a new key in `drRegion` when a failover replicates onward, else
    that same adopted key (a drill creates no key)."""
    spec = context.spec
    primary = adopted_key(context, f"{name}-primary", spec.region, opts)
    if spec.recovery_mode == "failover" and recovery_of(context).onward:
        return GcpKeys(primary=primary, replica=regional_key(context, project, f"{name}-replica", spec.dr_region, opts))
    return GcpKeys(primary=primary, replica=primary)


def adopted_key(context: RegionContext, name: str, location: str, opts: pulumi.ResourceOptions) -> KeyRef:
    """The ring and key the source stack made in `location` (`regional_key` with the source's
    stack name and scope, in the source's project), adopted under the logical names `regional_key`
    gives (`<name>-ring`, `<name>`) in `spec.recovery_mode` (`base.adopt`).

    `failover` declares both with the source's inputs exactly, labels included (`source_tags`),
    so the import changes nothing on them; `deletion_policy="PREVENT"` stays, the key can never
    be deleted. A key's material never leaves Cloud KMS, so adopting it moves only the Pulumi
    state: every object encrypted under it stays readable.
    """
    mode = context.spec.recovery_mode
    recovery = recovery_of(context)
    project = source_project(context)
    ring = key_ring_name(recovery.stack, context.source_scope)
    ring_id = key_ring_id(project, location, ring)
    key = crypto_key_name(context.source_scope)
    key_id = crypto_key_id(ring_id, key)
    ring_resource = adopt(
        mode,
        ring_id,
        lambda read: gcp.kms.KeyRing.get(f"{name}-ring", ring_id, opts=read),
        lambda manage: _key_ring(f"{name}-ring", ring, location, project, manage),
        opts,
    )
    key_resource = adopt(
        mode,
        key_id,
        lambda read: gcp.kms.CryptoKey.get(name, key_id, opts=read),
        lambda manage: _crypto_key(context, name, key, ring_resource.id, source_tags(context), manage),
        opts,
    )
    return KeyRef(id=key_resource.id, region=location)


def recovery_of(context: RegionContext) -> RecoverySource:
    """The source of a recovery stack; adopt_* are only called for one."""
    recovery = context.spec.recovery
    if recovery is None:
        raise RuntimeError(f"{context.stack} is not a recovery stack")
    return recovery


def source_project(context: RegionContext) -> str:
    """The project the source created its resources in (its `corridor:gcpProject`): what it
    replicated lives there even when the recovery stack sets a project of its own."""
    return str(recovery_of(context).placement["gcpProject"])


def source_tags(context: RegionContext) -> dict[str, str]:
    """The labels the source put on its resources: this stack's tags (the same definition) with
    the two region-bearing values the source's: its stack name and its region, which labels its
    DR-region replicas too."""
    recovery = recovery_of(context)
    return {**context.tags(), "stack": recovery.stack, "region": recovery.region}


def _key_ring(
    logical_name: str, ring: str, location: str, project: str, opts: pulumi.ResourceOptions
) -> gcp.kms.KeyRing:
    return gcp.kms.KeyRing(logical_name, name=ring, location=location, project=project, opts=opts)


def _crypto_key(
    context: RegionContext,
    logical_name: str,
    key: str,
    ring_id: pulumi.Input[str],
    labels: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> gcp.kms.CryptoKey:
    spec = context.spec
    return gcp.kms.CryptoKey(
        logical_name,
        name=key,
        key_ring=ring_id,
        purpose="ENCRYPT_DECRYPT",
        rotation_period=f"{spec.keys.rotation_days * SECONDS_PER_DAY}s",
        destroy_scheduled_duration=f"{spec.keys.deletion_window_days * SECONDS_PER_DAY}s",
        version_template=gcp.kms.CryptoKeyVersionTemplateArgs(
            algorithm="GOOGLE_SYMMETRIC_ENCRYPTION", protection_level="SOFTWARE"
        ),
        labels=labels,
        deletion_policy="PREVENT",
        opts=opts,
    )


def grant_key_use(
    name: str, key_id: pulumi.Input[str], member: pulumi.Input[str], opts: pulumi.ResourceOptions
) -> gcp.kms.CryptoKeyIAMMember:
    """`member` (a Google service agent) may encrypt and decrypt with the key `key_id`. A
    resource that uses the key for CMEK must depend on this grant: GCP refuses to create it
    before the agent can use the key."""
    return gcp.kms.CryptoKeyIAMMember(name, crypto_key_id=key_id, role=KMS_ROLE, member=member, opts=opts)
