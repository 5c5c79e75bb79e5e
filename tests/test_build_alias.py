"""The pipeline room's old name, ``badgepress.build``, stays importable for one release."""

from __future__ import annotations

import subprocess
import sys


def test_the_old_name_still_builds_and_says_it_is_deprecated() -> None:
    code = ("import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
            "try:\n    import badgepress.build\nexcept DeprecationWarning as w:\n"
            "    print('warned:', w)\n"
            "warnings.simplefilter('ignore')\n"
            "from badgepress.build import build\nfrom badgepress.press import build as b2\n"
            "print(build is b2)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "warned: badgepress.build is now badgepress.press" in out
    assert out.strip().endswith("True")
