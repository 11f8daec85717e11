"""What one Azure builder hands the next: the typed resources behind the neutral handles.

`Adapter` (azure/adapter.py) declares these as its type parameters, so the key builder's vaults
reach storage and the cluster, and the cluster's subnet reaches the GPU pools, as the resources
themselves: no `Any`, no `cast`, no dict of string keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
from pulumi_azure_native import containerservice, keyvault, resources

from components.clouds.base import Base, Cluster, Keys


@dataclass(frozen=True)
class AzureBase(Base):
    """The stack's azure-native provider (`providers["azure-native"]`) and its resource group."""

    resource_group: resources.ResourceGroup
    """The group every resource of the stack lives in, DR-region resources included (a group's
    location is only metadata)."""


@dataclass(frozen=True)
class AzureKeys(Keys):
    """The stack's two keys, each with the Key Vault that holds it (azure/keys.py)."""

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
