"""corridor components: one neutral definition of a GPU region, realised on each cloud.

Import rules (tests/test_architecture.py enforces them): `components.definition` and
`components.catalog` import no provider SDK; the capability modules import none either and
delegate to `components.clouds.<cloud>`; a cloud package imports only its own SDK.
"""
