"""Capacity development sections of the biennial and the DWCP country reports
(:mod:`.biennial`, :mod:`.country`), read from the capacity worker's current snapshot through
``capacity.selectors_for_reports`` (formulas in docs/capacity.md) [issue 6; DOMAIN §4].

Every figure printed comes from the computed tables, and every section prints the date the
figures were computed as of. Where rows of those tables are added up (groups, regions,
methods) the shares are worked out again from the added counts with the worker's own rules
(``capacity.computation.share`` and ``cost_per_participant``), never averaged.
"""
