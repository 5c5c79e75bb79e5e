"""Deprecated: the pipeline room is :mod:`badgepress.press` since 0.2 (a folder called
``build/`` is what packaging tools, editors and ``.gitignore`` templates take for generated
output). ``from badgepress.build import build`` keeps working for one release, with a
``DeprecationWarning``; use ``from badgepress.press import build``.

Imports :mod:`badgepress.press` only. Public names: :func:`build`, :class:`BuildResult`,
:func:`press`.
"""

import warnings

from badgepress.press import BuildResult, build, press

warnings.warn("badgepress.build is now badgepress.press: use 'from badgepress.press import "
              "build'; the old name goes in the next release", DeprecationWarning, stacklevel=2)

__all__ = ["BuildResult", "build", "press"]
