"""The names of the model's kinds, modalities, actor classes and reference fields.

Plain constants, apart from :mod:`ra_graph.core.model` (whose dataclasses
cost a quick read command a few milliseconds to create) so that the commands
that only need the names do not import the model.
"""

from __future__ import annotations

# Clause kinds, modalities and bases: local names of ra: individuals.
CLAUSE_KINDS = ("Agreement", "AgendaItem", "EarlierAgreement", "Principle")
MODALITIES = ("Result", "Effort", "Dialogue", "Request", "Acknowledgement", "Research", "Statement")
# Commitment fields that name actors, programmes or locations:
# field -> (the ra: property it compiles to, the vocabulary kind of its values).
REFERENCES = {
    "obligors": ("obligor", "actor"),
    "beneficiaries": ("beneficiary", "actor"),
    "requested_by": ("requestedBy", "actor"),
    "partners": ("partner", "actor"),
    "mentions": ("mentions", "actor"),
    "carried_by": ("carriedBy", "actor"),
    "programmes": ("concerns", "programme"),
    "locations": ("location", "location"),
}
SINGLE_REFERENCES = ("requested_by", "carried_by")  # lists in the model, one value at most

# ra:Actor and its subclasses; when one name denotes several actors, the
# one of the first class wins (a province before a municipality of its name).
ACTOR_CLASSES = ("NationalGovernment", "Ministry", "Province", "Agency", "WaterBoard", "ActorGroup",
                 "OtherOrganisation", "Municipality", "Actor")
