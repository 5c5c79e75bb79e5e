"""The pipeline: :func:`build` ties the rooms together. An attendee file is read (readers;
in a forked child for long lists: ``prefetch``), selected and planned (plan), drawn and joined
(pdf), and described, every row accounted for (``report``).

Imports every room; nothing but the two faces (the CLI, the web app) imports it.

Public names: :func:`build`, :class:`BuildResult`, :func:`press` (the same over records
already read), :func:`read_aside`; in their modules, for the web app's designer:
:class:`.draft.DraftRenderer` (one badge of an unsaved layout as PNG).
"""

from badgepress.press.run import BuildResult, build, press, read_aside

__all__ = ["BuildResult", "build", "press", "read_aside"]
