"""Neutral features a cloud may be unable to realise, named once.

A profile lists the ones it cannot do in `CloudProfile.unsupported`, with the reason; validation
(`components/definition/checks.py`) refuses a stack that asks for one. Imports nothing, so both
the profiles and the validator can name them without an import cycle.
"""

from __future__ import annotations

EXISTING_NETWORK = "network.existingSubnetIds"
"""Feature: cluster nodes in subnets the stack names instead of a network corridor creates."""

API_ACCESS_CIDRS = "network.apiAccessCidrs on a public API endpoint"
"""Feature: a public Kubernetes API endpoint that admits only `network.apiAccessCidrs`. A cloud
that lists it in `unsupported` takes a private endpoint (`network.privateEndpoint: true`) or, with
`network.apiOpenToWholeInternet`, one open to all; never a narrower list it could not enforce."""

SEVERAL_EXISTING_SUBNETS = "network.existingSubnetIds with more than one subnet"
"""Feature: a cluster placed in several existing subnets. A cloud that lists it in `unsupported`
takes exactly one subnet in `corridor:network.existingSubnetIds`."""

IMAGE_ADMISSION = "imageAdmission: enforce"
"""Feature: admit only images the cloud's admission policy allows (`corridor:imageAdmission`)."""

PLATFORM_KEY_NODE_DISKS = "nodeDiskKey: platform"
"""Feature: node OS disks on the cloud's platform-managed key instead of the stack key
(`corridor:nodeDiskKey`), for clusters created before corridor used the stack key."""

FLOW_LOGS = "network flow logs"
"""Feature: flow logs on every network corridor creates. Not asked for (always on); a cloud that
lists it in `unsupported` ships without them and the README's security table says why."""

ZONES = "corridor:zones"
"""Feature: pinning the cluster's nodes to zones the stack names (`corridor:zones`)."""

SPOT_CAPACITY = "capacity: spot"
"""Feature: GPU pools bought as spot (preemptible) capacity."""

RESERVED_CAPACITY = "capacity: reserved"
"""Feature: GPU pools that consume a reservation (`corridor:reservations`)."""

NODE_MINIMUM = "minNodes above 0"
"""Feature: an autoscaler floor that keeps a pool's nodes running (`gpuPools[].minNodes`)."""

GPU_NODE_TAINT = "the GPU taint on GPU nodes"
"""Feature: corridor's `nvidia.com/gpu` taint on every GPU node. Not asked for (always on where
corridor creates the nodes); a cloud that lists it in `unsupported` maps pools onto nodes it did
not create and cannot taint, and the README's security table says why."""

RECOVERY = "recoverFrom"
"""Feature: a recovery stack that stands the region up again in the source's DR region on the
replica keys and buckets the source created there (`corridor:recoverFrom`)."""
