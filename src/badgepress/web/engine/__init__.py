"""The engine room: where the app calls the library. Badge previews (a one-badge PDF made by
``press.press`` and rendered by ``pdf.preview``), the hardest badges first (``plan``), the
desks' warm one-badge prints, layout checks against the list, the designer's drafts, live
checks and saves (``designs``: ``press.draft``, ``press.design``), and full builds in a process
of their own (``press.build``, the CLI's own code path).

The only web room that imports ``press``, ``pdf.preview``, ``plan.planner`` and ``text``'s
font book; it reads and writes the event's state through the store room below it, and never
speaks HTTP.

Public names: :class:`Engine` (one per store), :class:`Previewer`, :class:`WarmPrints`,
:class:`Builds`, :class:`Designs`.
"""

from badgepress.web.engine.base import Engine
from badgepress.web.engine.builds import Builds
from badgepress.web.engine.designs import Designs
from badgepress.web.engine.previews import Previewer
from badgepress.web.engine.warm import WarmPrints

__all__ = ["Builds", "Designs", "Engine", "Previewer", "WarmPrints"]
