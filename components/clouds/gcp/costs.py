"""What a GCP region stack runs around the clock beside its GPU pools, for the cost estimate.

Counted as the builders create it (components/clouds/gcp/cluster.py, keys.py): a regional GKE
cluster's management fee (the free tier's monthly credit is not applied: list prices only); the
system pool's total minimum of one e2-standard-4 node; one Cloud NAT gateway; a Cloud KMS key in
each of the two regions. Left out: Cloud NAT's per-VM charge beyond the gateway price and the
key's operations.
"""

from __future__ import annotations

from components.clouds.profile import StandingCosts

STANDING_COSTS = StandingCosts(
    system_machine="e2-standard-4",
    system_nodes=1,
    nat_gateways="one",
    keys_per_region=1,
    single_bucket_constructions=frozenset({"gcs-dual-region-turbo"}),
    note="the GKE free tier credit, Cloud NAT's per-VM charge and KMS operations are not counted",
)
