"""What an Azure region stack runs around the clock beside its GPU pools, for the cost estimate.

Counted as the builders create it (components/clouds/azure/cluster.py, regional.py, keys.py): the
AKS Standard tier's per-cluster fee; the system pool's minimum of three Standard_D4ds_v5 nodes;
one NAT gateway; a Key Vault key in each of the two regions. Left out: the NAT gateway's public
IP, the Log Analytics workspace's retention beyond ingestion, and Key Vault operations.
"""

from __future__ import annotations

from components.clouds.profile import StandingCosts

STANDING_COSTS = StandingCosts(
    system_machine="Standard_D4ds_v5",
    system_nodes=3,
    nat_gateways="one",
    keys_per_region=1,
    note="the NAT gateway's public IP, Log Analytics retention and Key Vault operations are not counted",
)
