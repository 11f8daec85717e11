"""OCI IAM policies of a stack: attached to its compartment, created in the home region.

OCI refuses IAM writes outside the tenancy's home region ("403-NotAllowed, Please go to your home
region ... to execute CREATE, UPDATE and DELETE operations", oracle/terraform-provider-oci#1596),
so every policy goes through `OciBase.home_provider` (`corridor:ociHomeRegion`). Policy names are
unique per tenancy, hence the stack-scoped physical name.
https://docs.oracle.com/en-us/iaas/Content/Identity/Concepts/overview.htm
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pulumi
import pulumi_oci as oci

from components.clouds.base import RegionContext
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.oci.adapter import OciBase


def iam_policy(
    context: RegionContext,
    base: OciBase,
    logical: str,
    purpose: str,
    description: str,
    statements: pulumi.Input[Sequence[pulumi.Input[str]]],
    opts: pulumi.ResourceOptions,
) -> oci.identity.Policy:
    """A policy attached to the stack's compartment (its statements name only that compartment
    and the stack's own keys and clusters)."""
    return oci.identity.Policy(
        logical,
        compartment_id=base.compartment_id,
        name=physical_name("oci", "iam_policy", "corridor", context.stack, purpose, scope=context.scope),
        description=f"corridor {context.stack}: {description}",
        statements=statements,
        freeform_tags=context.tags(),
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=base.home_provider)),
    )
