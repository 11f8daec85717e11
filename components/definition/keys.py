"""Customer-managed key settings (`corridor:keys`), bounded the same way on every cloud."""

from __future__ import annotations

from typing import Annotated

from components.definition.base import SpecModel, within

# AWS KMS accepts a custom rotation period of 90 to 2560 days
# (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html); GCP and Azure accept
# wider ranges, so the AWS bounds are the neutral ones and a definition moves between clouds.
ROTATION_DAYS = within(90, 2560, "days", "AWS KMS rotation limits, the strictest supported cloud")

# AWS KMS waits 7 to 30 days before deleting a key; GCP schedules key-version destruction up to
# 120 days and Azure soft-deletes vaults for 7 to 90 days. 7 to 30 fits every cloud.
DELETION_WINDOW_DAYS = within(7, 30, "days", "AWS KMS deletion window limits, shared by every cloud")


class Keys(SpecModel):
    """The stack's customer-managed keys: one in `region`, one usable in `drRegion`."""

    rotation_days: Annotated[int, ROTATION_DAYS] = 90
    """Days between automatic rotations of the key material. 90 to 2560. Default 90."""

    deletion_window_days: Annotated[int, DELETION_WINDOW_DAYS] = 30
    """Days a key scheduled for deletion stays recoverable (AWS deletion window, GCP
    destroy-scheduled duration, Azure Key Vault soft-delete retention). 7 to 30. Default 30, the
    longest every cloud allows: a deleted key makes all data encrypted with it unreadable."""
