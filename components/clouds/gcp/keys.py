"""Cloud KMS: a key ring and a symmetric crypto key in `region`, and the same in `drRegion`.

Cloud KMS keys are regional and cannot be replicated, and a bucket may only use a key in its own
location, so the DR region gets its own ring and key; replicated objects are re-encrypted there.
Key rings and crypto keys can never be deleted in GCP (destroying a crypto key destroys all its
versions, making its data unrecoverable), hence `protect`, `retain_on_delete` and
`deletion_policy="PREVENT"` together.
https://cloud.google.com/kms/docs/resource-hierarchy#lifetime
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.clouds.base import KeyRef, Keys, RegionContext, stateful
from components.naming import physical_name

SECONDS_PER_DAY = 86_400
"""Cloud KMS and Cloud Storage take durations in seconds; corridor's config counts days."""

KMS_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
"""What a service agent needs to use a key for CMEK (GKE Secrets, boot disks, buckets)."""


@dataclass(frozen=True)
class GcpKeys(Keys):
    """The stack's Cloud KMS keys. GCP's later builders need only the neutral key ids (grants,
    CMEK settings), so the handle adds nothing to `Keys`; it is the adapter's `KeysT`."""


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
    spec = context.spec
    ring = gcp.kms.KeyRing(
        f"{name}-ring",
        name=physical_name("gcp", "key_ring", "corridor", context.stack, "keys", scope=context.scope),
        location=location,
        project=project,
        opts=stateful(opts),
    )
    key = gcp.kms.CryptoKey(
        name,
        name=physical_name("gcp", "crypto_key", "corridor", "data", scope=context.scope),
        key_ring=ring.id,
        purpose="ENCRYPT_DECRYPT",
        rotation_period=f"{spec.keys.rotation_days * SECONDS_PER_DAY}s",
        destroy_scheduled_duration=f"{spec.keys.deletion_window_days * SECONDS_PER_DAY}s",
        version_template=gcp.kms.CryptoKeyVersionTemplateArgs(
            algorithm="GOOGLE_SYMMETRIC_ENCRYPTION", protection_level="SOFTWARE"
        ),
        labels=context.tags(),
        deletion_policy="PREVENT",
        opts=stateful(opts),
    )
    return KeyRef(id=key.id, region=location)


def grant_key_use(
    name: str, key_id: pulumi.Input[str], member: pulumi.Input[str], opts: pulumi.ResourceOptions
) -> gcp.kms.CryptoKeyIAMMember:
    """`member` (a Google service agent) may encrypt and decrypt with the key `key_id`. A
    resource that uses the key for CMEK must depend on this grant: GCP refuses to create it
    before the agent can use the key."""
    return gcp.kms.CryptoKeyIAMMember(name, crypto_key_id=key_id, role=KMS_ROLE, member=member, opts=opts)
