"""What an OCI region stack runs around the clock beside its GPU pools, for the cost estimate.

Counted as the builders create it (components/clouds/oci/cluster.py, keys.py): an OKE enhanced
cluster's per-cluster fee; the system pool's three VM.Standard.E5.Flex nodes (2 OCPUs, 16 GB);
one NAT gateway; a virtual private vault (billed by the hour: it is an HSM partition) and its key
in each of the two regions. Left out: block volumes of the nodes and key operations.
"""

from __future__ import annotations

from components.clouds.profile import StandingCosts

STANDING_COSTS = StandingCosts(
    system_machine="VM.Standard.E5.Flex",
    system_nodes=3,
    nat_gateways="one",
    keys_per_region=1,
    vaults_per_region=1,
    note="priced for 2 OCPUs and 16 GB per system node; boot volumes and key operations are not counted",
)
