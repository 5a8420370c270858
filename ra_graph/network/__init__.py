"""Stage 5, network: the snapshot -> the actor/programme network.

In: the snapshot, read once into ``netdata.NetworkData``.  Out: networkx
graphs (``graphs``; GraphML export), analytics (``analyse``) and the
offline interactive page (``visualise`` with ``templates/``, ``vendor/``).
"""
