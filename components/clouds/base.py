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
