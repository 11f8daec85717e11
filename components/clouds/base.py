"""The contract every cloud adapter implements, and the neutral results it returns.

Capability components (`KeyManagement`, ...) own identity: type token, logical names, outputs.
Adapters own the cloud: which resources realise a capability and with which inputs. The
docstrings here are the contract; implementations only comment on deviations and cloud limits.
Imports no provider SDK.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import ClassVar

import pulumi

from components import tagging
from components.spec import StackSpec


@dataclass(frozen=True)
class RegionContext:
    """What every adapter method needs to know about the stack it builds."""

    spec: StackSpec
    project: str
    stack: str

    @property
    def scope(self) -> str:
        """Seed for globally unique physical names (`naming.physical_name`)."""
        return f"{self.project}/{self.stack}"

    def tags(self) -> dict[str, str]:
        """The stack's tag schema, normalised for this stack's cloud."""
        return tagging.for_cloud(self.spec.cloud, tagging.standard_tags(self.spec, self.stack))


@dataclass(frozen=True)
class KeyRef:
    """One customer-managed key, as other capabilities of the same cloud consume it."""

    id: pulumi.Output[str]
    """What the cloud's services take as the key reference: AWS key ARN, GCP crypto key id,
    Azure versionless key URI."""
    region: str
    """Region the key lives in."""
    key: pulumi.CustomResource
    """The key resource itself, to depend on it or read cloud-specific attributes."""
    container: pulumi.CustomResource | None = None
    """The key ring (GCP) or vault (Azure) holding the key; None on AWS."""


@dataclass(frozen=True)
class KeysResult:
    """The stack's keys: one in `region`, one usable in `drRegion`."""

    primary: KeyRef
    replica: KeyRef


@dataclass(frozen=True)
class BucketResult:
    """One neutral bucket as realised on a cloud: the same fields everywhere."""

    bucket: str
    """The neutral name from `corridor:storage.buckets[].name`."""
    primary_name: pulumi.Output[str]
    """Physical name of the primary copy (S3/GCS bucket, Azure `account/container`)."""
    primary_url: pulumi.Output[str]
    """URL a client uses for the primary copy (`s3://...`, `gs://...`, `https://...`)."""
    primary_region: str
    primary_key_id: pulumi.Output[str]
    """The stack key that encrypts the primary copy."""
    replica_name: pulumi.Output[str] | None
    replica_url: pulumi.Output[str] | None
    replica_region: str | None
    """Where the replica lives; for a GCS dual-region both regions hold the one bucket."""
    replica_key_id: pulumi.Output[str] | None
    replication: str
    """The construction, e.g. `s3-crr-rtc`, `gcs-dual-region-turbo`, `gcs-cross-bucket`,
    `azure-object-replication`; `none` when replication is off."""
    rpo: str
    """The recovery point the construction promises, as the cloud documents it: `15m`, or
    `none-documented` where the cloud gives no bound."""

    def outputs(self) -> dict[str, object]:
        return {
            "primaryName": self.primary_name,
            "primaryUrl": self.primary_url,
            "primaryRegion": self.primary_region,
            "primaryKeyId": self.primary_key_id,
            "replicaName": self.replica_name,
            "replicaUrl": self.replica_url,
            "replicaRegion": self.replica_region,
            "replicaKeyId": self.replica_key_id,
            "replication": self.replication,
            "rpo": self.rpo,
        }


def stateful(opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` plus the protection every stateful resource gets.

    `protect` makes `pulumi destroy` and any replacement fail until a human unprotects the
    resource; `retain_on_delete` means that even then Pulumi only forgets it and never calls the
    cloud's delete. Losing a key or a bucket loses data, so both are on and there is no switch.
    """
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(protect=True, retain_on_delete=True))


class CloudAdapter(abc.ABC):
    """Everything a cloud provides to corridor. One instance per region stack."""

    cloud: ClassVar[str]
    """Registry key; equals the package name under `components/clouds/`."""

    def __init__(self, context: RegionContext) -> None:
        self.context = context

    @property
    def spec(self) -> StackSpec:
        return self.context.spec

    @abc.abstractmethod
    def providers(self, opts: pulumi.ResourceOptions) -> dict[str, pulumi.ProviderResource]:
        """Create the stack's explicit providers, keyed by package name (`{"aws": ...}`).

        Called once, by `RegionStack`; every resource of the stack inherits these through
        `ResourceOptions(providers=...)`. DR-region resources set their region per resource.
        """

    def foundation(self, name: str, opts: pulumi.ResourceOptions) -> None:  # noqa: B027
        """Create what every capability of the stack shares (e.g. an Azure resource group).

        Default: nothing.
        """

    @abc.abstractmethod
    def key_management(self, name: str, opts: pulumi.ResourceOptions) -> KeysResult:
        """Create a symmetric customer-managed key in `region` that rotates every
        `keys.rotationDays`, and a key usable in `drRegion` for replicas; both protected, with a
        `keys.deletionWindowDays` recovery window. Children are named `name` or `name-*`."""

    @abc.abstractmethod
    def replicated_storage(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        """For each bucket in `storage.buckets`: a versioned copy in `region` encrypted with
        `keys.primary`, public access blocked, TLS only, noncurrent versions expiring after
        `storage.noncurrentVersionDays`, replicated (when `storage.replication`) to `drRegion`
        with the cloud's strongest native construction, the replica encrypted with
        `keys.replica`. Buckets, accounts and replication resources are `stateful`; children
        are named `name-<bucket>-*`."""
