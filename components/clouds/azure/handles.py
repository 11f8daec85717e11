"""What one Azure builder hands the next: the typed resources behind the neutral handles.

`Adapter` (azure/adapter.py) declares these as its type parameters, so the key builder's vaults
reach storage and the cluster, and the cluster's subnet reaches the GPU pools, as the resources
themselves: no `Any`, no `cast`, no dict of string keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import compute, containerservice, keyvault, operationalinsights, resources

from components.clouds.base import Base, Cluster, Keys


@dataclass(frozen=True)
class AzureBase(Base):
    """The stack's azure-native provider (`providers["azure-native"]`) and its resource group."""

    resource_group: resources.ResourceGroup
    """The group every resource of the stack lives in, DR-region resources included (a group's
    location is only metadata)."""
    workspace: operationalinsights.Workspace
    """The stack's Log Analytics workspace: AKS audit logs and every storage account's blob
    access logs (azure/regional.py)."""
    node_subnet_id: pulumi.Output[str]
    """The node subnet: the one corridor made (with NAT egress and a Microsoft.Storage service
    endpoint), or `network.existingSubnetIds[0]`. The cluster's pools join it and the storage
    accounts' network rules admit it."""
    egress_ip: pulumi.Output[str] | None
    """The NAT gateway's public IP as a /32; None for an existing subnet."""


@dataclass(frozen=True)
class AzureKeys(Keys):
    """The stack's two keys, each with the Key Vault that holds it (azure/keys.py).

    In a recovery stack the primary vault and key are its source's, adopted: a `get` (drill) or
    an import (failover) returns the same resource classes, with the same outputs (`id`,
    `properties.vaultUri`, `keyUri`, `keyUriWithVersion`) read from Azure, so the cluster and
    storage use them as they use a stack's own. Without onward replication the replica fields
    are that same vault and key (azure/keys.py `adopt_keys`).
    """

    primary_vault: keyvault.Vault
    """The vault in `region`: scope of the cluster's and the primary account's key access."""
    primary_key: keyvault.Key
    """The key in `primary_vault`; AKS KMS names one of its versions."""
    replica_vault: keyvault.Vault
    """The vault in `drRegion`."""
    replica_key: keyvault.Key
    """The key in `replica_vault`, which the replica storage account encrypts with."""


@dataclass(frozen=True)
class AksCluster(Cluster):
    """The AKS cluster and the subnet its GPU agent pools join (azure/cluster.py)."""

    managed_cluster: containerservice.ManagedCluster
    """The cluster resource every GPU agent pool belongs to."""
    node_subnet_id: pulumi.Output[str]
    """The node subnet: the one corridor made, or `network.existingSubnetIds[0]`."""
    disk_encryption_set: compute.DiskEncryptionSet | None
    """The set built on the stack's primary key that encrypts every node's OS disk (the
    cluster's `diskEncryptionSetID`); None with `corridor:nodeDiskKey: platform`, where node
    disks keep Azure's platform-managed key and the pools do not encrypt at host."""
    disk_key_id: pulumi.Output[str] | None
    """The key the set is built on (`keys.primary.id`), for the pools' `nodeDisks`; None with
    `corridor:nodeDiskKey: platform`."""
