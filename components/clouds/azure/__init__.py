"""Azure: AKS, Storage and Key Vault through pulumi_azure_native. Imports no other cloud's SDK.

Modules import `pulumi_azure_native.<service>` submodules, never the 356 MB top-level package's
every namespace, to keep `pulumi up` start-up short.
"""
