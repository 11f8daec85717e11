"""A cloud that exists only in the test tree: the proof that a new cloud is one folder.

`profile.py`, `adapter.py` and `mock.py` here are everything corridor is told about it;
tests/stacks/test_fake_cloud.py registers it (`components.clouds.registry.register`) and
validates and renders a stack of it with no neutral file naming it.
"""
