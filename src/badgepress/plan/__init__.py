"""The plan: which attendees get a badge, in what order (``select``: ``--where``, ``--sort``),
and for each badge what goes where, at what size (``planner``: templates filled, text fitted,
warnings collected). No drawing: the PDF room draws a plan, the report describes it.

Imports ``badgepress.model``, ``badgepress.errors``, the sheet room and the text room; no
third-party library.

Public names: :func:`select`, :func:`collation_key`, :class:`Planner`, :class:`BadgePlan`,
:class:`FieldPlan`.
"""

from badgepress.plan.planner import BadgePlan, FieldPlan, Planner
from badgepress.plan.select import collation_key, select

__all__ = ["BadgePlan", "FieldPlan", "Planner", "collation_key", "select"]
