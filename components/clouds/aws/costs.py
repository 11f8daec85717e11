"""What an AWS region stack runs around the clock beside its GPU pools, for the cost estimate.

Counted as the builders create it (components/clouds/aws/cluster.py, keys.py): an EKS control
plane; the system node group's minimum of two m6i.large nodes; one NAT gateway per zone (each
private subnet egresses through its own zone's gateway); a multi-Region KMS key and its replica
(AWS bills each as a key). Left out: the NAT gateways' Elastic IPs, CloudWatch metrics, and data
transfer other than replication.
"""

from __future__ import annotations

from components.clouds.profile import StandingCosts

STANDING_COSTS = StandingCosts(
    system_machine="m6i.large",
    system_nodes=2,
    nat_gateways="per-zone",
    keys_per_region=1,
    note="NAT gateways' Elastic IPs and CloudWatch metrics are not counted",
)
