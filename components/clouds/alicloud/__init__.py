"""Alibaba Cloud: KMS keys, OSS replication, ACK Pro and GPU node pools."""
