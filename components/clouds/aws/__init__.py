"""AWS: EKS, S3 and KMS through pulumi_aws. Imports no other cloud's SDK."""
