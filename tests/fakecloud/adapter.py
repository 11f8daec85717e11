"""The fake cloud's builders: a provider, a key pair and a cluster, as plain custom resources."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi

from components.clouds.base import (
    ApiAccess,
    Base,
    CloudAdapter,
    Cluster,
    FlowLogs,
    KeyRef,
    Keys,
    NodeDisks,
    VersionPolicy,
    stateful,
    zones_of,
)
from components.naming import physical_name
from tests.fakecloud.profile import FakePlacement


class FakeResource(pulumi.CustomResource):
    """Any fake cloud resource: its type token is the kind; `arn` is computed by the cloud."""

    arn: pulumi.Output[str]

    def __init__(self, kind: str, name: str, props: dict[str, object], opts: pulumi.ResourceOptions) -> None:
        super().__init__(f"fake:index:{kind}", name, {**props, "arn": None}, opts)


@dataclass(frozen=True)
class FakeKeys(Keys):
    primary_key: FakeResource


class Adapter(CloudAdapter[Base, FakeKeys, Cluster]):
    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> Base:
        account = self.spec.placement_as(FakePlacement).fake_account
        provider = pulumi.ProviderResource("fake", f"fake-{self.spec.region}", {"account": account}, opts)
        return Base(providers={"fake": provider})

    def build_keys(self, name: str, base: Base, opts: pulumi.ResourceOptions) -> FakeKeys:
        def key(suffix: str, region: str) -> FakeResource:
            physical = physical_name("fakecloud", "key", name, suffix, scope=self.context.scope)
            return FakeResource("Key", f"{name}-{suffix}", {"keyName": physical, "region": region}, stateful(opts))

        primary, replica = key("primary", self.spec.region), key("replica", self.spec.dr_region)
        return FakeKeys(
            primary=KeyRef(primary.arn, self.spec.region),
            replica=KeyRef(replica.arn, self.spec.dr_region),
            primary_key=primary,
        )

    def build_cluster(self, name: str, base: Base, keys: FakeKeys, opts: pulumi.ResourceOptions) -> Cluster:
        cluster = FakeResource(
            "Cluster",
            name,
            {
                "clusterName": physical_name("fakecloud", "cluster", name, scope=self.context.scope),
                "secretsKey": keys.primary.id,
                "labels": self.context.system_node_labels(),
            },
            opts,
        )
        return Cluster(
            name=pulumi.Output.from_input(cluster.urn),
            endpoint=pulumi.Output.from_input("https://fake.example"),
            kubeconfig=pulumi.Output.secret("{}"),
            version_policy=VersionPolicy(channel="none", version=None, node_upgrades="manual"),
            secrets_key_id=keys.primary.id,
            system_zones=zones_of(None),
            system_zone_reason="unpinned: the fake cloud has no zones",
            api_access=ApiAccess(private=self.spec.network.private_endpoint, allowed_cidrs=()),
            flow_logs=FlowLogs(destination=None, note="the fake cloud has no flow logs"),
            node_disks=NodeDisks(key_id=keys.primary.id, note="the fake cloud encrypts with the stack key"),
        )
