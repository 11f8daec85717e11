"""`pulumi preview --policy-pack policy`: corridor's CrossGuard pack. Building `PolicyPack` starts
the analyzer's gRPC server, so nothing but the Pulumi CLI should run this file."""

import sys
from pathlib import Path

from pulumi_policy import EnforcementLevel, PolicyPack

# The CLI runs this file from policy/; make `policy` importable as a package from the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policy.pack import policies

PolicyPack(
    "corridor",
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=policies(),
    description="corridor's guarantees: customer-managed keys, rotation, versioning, replication, access and flow "
    "logs, private APIs, protect, the tag schema and bounded, tainted GPU pools, on aws, gcp, azure, oci, alicloud",
)
