"""Mock AWS: the ids and computed attributes AWS returns for corridor's resource types."""

from __future__ import annotations

from typing import Any

from pulumi.runtime.mocks import MockResourceArgs

from corridor.mockcloud.common import ACCOUNT_ID, ComputedState, stable_uuid


def _aws_kms_key(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    key_id = ("mrk-" if state.get("multiRegion") else "") + stable_uuid(args.name).replace("-", "")
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}


def _aws_kms_replica(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    primary_arn = str(state.get("primaryKeyArn", ""))
    key_id = primary_arn.rsplit("/", 1)[-1]
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}


def _aws_alias(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["name"], "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:{state['name']}"}


def _aws_s3_bucket(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["bucket"]
    return {
        "id": name,
        "arn": f"arn:aws:s3:::{name}",
        "region": region,
        "bucketDomainName": f"{name}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{name}.s3.{region}.amazonaws.com",
    }


def _aws_iam_role(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["name"], "arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{state['name']}"}


COMPUTED: dict[str, ComputedState] = {
    "aws:s3/bucket:Bucket": _aws_s3_bucket,
    "aws:iam/role:Role": _aws_iam_role,
    "aws:kms/key:Key": _aws_kms_key,
    "aws:kms/replicaKey:ReplicaKey": _aws_kms_replica,
    "aws:kms/alias:Alias": _aws_alias,
}

INVOKES: dict[str, Any] = {}
