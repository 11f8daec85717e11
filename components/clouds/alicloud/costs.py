"""What an Alibaba Cloud region stack runs around the clock beside its GPU pools, for the cost estimate.

Counted as the builders create it (components/clouds/alicloud/cluster.py, keys.py): an ACK Pro
cluster's management fee; the system pool's three ecs.g8i.xlarge nodes (the first of its instance
types); one enhanced NAT gateway; a KMS default key in each of the two regions. Left out: the NAT
gateway's capacity units and EIP, SLS storage beyond ingestion.
"""

from __future__ import annotations

from components.clouds.profile import StandingCosts

STANDING_COSTS = StandingCosts(
    system_machine="ecs.g8i.xlarge",
    system_nodes=3,
    nat_gateways="one",
    keys_per_region=1,
    note="the NAT gateway's capacity units and EIP and SLS storage are not counted",
)
