"""Label printer drivers and the job options each needs to print a desk stock at 100 %, upright,
on the right media: data for ``lp -d QUEUE -o KEY=VALUE ...``.

Every option here is checked by the driver-chain tests (``tests/test_driver_chains.py``): a
badge of the stock run through ``cupsfilter`` with the driver's PPD and these options, down to
the printer's own language, decoded and compared with the PDF. What each sets:

- ``PageSize``: the driver's media that *is* the stock's page (its name in the PPD, or a
  custom size of the page exactly). Without it the queue's default media is used: a DYMO
  queue's default is a 2.3 x 4 in shipping label, onto which CUPS scales the badge.
- ``print-scaling=none``: never scale the page to the media. The page is the media, so nothing
  is scaled anyway; should a queue's media ever differ, the label shows it at once instead of
  a silently shrunk badge.
- Brother QL: ``MediaType`` (continuous tape or die-cut labels) and ``AutoCut=True`` (cut
  after every badge).

No orientation option is needed: the PDF page is the label as it feeds (turned with
``/Rotate`` where the badge reads across the feed), so CUPS has nothing to turn.

Pure data, no CUPS call: the web app's desk passes :func:`lp_options` to ``lp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Driver:
    """A CUPS driver for label printers: its Debian package, a PPD to ``lpadmin -m`` (the one
    the tests use; each model has its own, listed by ``lpinfo -m``), and the models it covers.
    """

    key: str
    title: str
    package: str
    ppd: str
    models: tuple[str, ...]
    language: str


DRIVERS: dict[str, Driver] = {d.key: d for d in (
    Driver("dymo", "DYMO LabelWriter (printer-driver-dymo)", "printer-driver-dymo",
           "dymo:0/cups/model/lw450.ppd",
           ("LabelWriter 300", "310", "315", "320", "330", "330 Turbo", "400", "400 Turbo",
            "450", "450 Turbo", "450 Twin Turbo", "450 DUO Label", "Twin Turbo", "DUO Label",
            "SE450", "4XL"),
           "DYMO LabelWriter raster (ESC commands)"),
    Driver("zebra-zpl", "Zebra ZPL (CUPS's own rastertolabel)", "cups",
           "drv:///sample.drv/zebra.ppd",
           ("any ZPL II printer: GK420d, GX420d, ZD410, ZD420, ZD421, ZD620, ZT230, ...",),
           "ZPL II (~DG graphic, ^XG)"),
    Driver("ptouch-ql", "Brother QL (printer-driver-ptouch, ptouch-ql)",
           "printer-driver-ptouch",
           "ptouch:0/ppd/ptouch-driver/Brother-QL-570-ptouch-ql.ppd",
           ("QL-500", "QL-550", "QL-570", "QL-650TD", "QL-800", "QL-810W", "QL-820NWB"),
           "Brother QL raster (ESC i z, g lines)"),
)}

_COMMON = ("print-scaling=none",)

#: stock (a shipped layout's name) -> driver key -> the ``-o`` options, KEY=VALUE.
JOB_OPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "label-dymo-30856": {"dymo": ("PageSize=w176h292", *_COMMON)},
    "label-dymo-30374": {"dymo": ("PageSize=w144h252", *_COMMON)},
    "label-4x3in": {"zebra-zpl": ("PageSize=w288h216", *_COMMON)},
    "label-4x6in": {"zebra-zpl": ("PageSize=w288h432", *_COMMON)},
    "label-brother-62mm": {"ptouch-ql": ("PageSize=Custom.175.75x255.12", "MediaType=Tape",
                                         "AutoCut=True", *_COMMON)},
    "label-brother-dk11202": {"ptouch-ql": ("PageSize=62x100mm", "MediaType=Labels",
                                            "AutoCut=True", *_COMMON)},
}


def drivers_for(stock: str) -> tuple[Driver, ...]:
    """The drivers badgepress knows the options of for ``stock`` (none: any printer, no
    options, e.g. a card printer or an office printer with its own driver's defaults).
    """
    return tuple(DRIVERS[key] for key in JOB_OPTIONS.get(stock, {}))


def job_options(stock: str, driver: str) -> tuple[str, ...]:
    """The ``-o`` values (KEY=VALUE) for ``stock`` on a queue of ``driver`` (a
    :data:`DRIVERS` key); ``("print-scaling=none",)`` for a pair without driver options.
    """
    return JOB_OPTIONS.get(stock, {}).get(driver, _COMMON)


def lp_options(stock: str, driver: str) -> list[str]:
    """``["-o", "KEY=VALUE", ...]`` for ``lp``'s argument list."""
    return [arg for opt in job_options(stock, driver) for arg in ("-o", opt)]


#: How a queue's PPD or CUPS's make-and-model names each driver: (pattern, driver key). The
#: first that matches the queue's text wins. CUPS's own "DYMO Label Printer" (sample.drv) has
#: other media names than ``printer-driver-dymo``'s, and the LabelWriter 5xx another command
#: set: neither is matched, so a desk on one gets no driver options.
_DRIVER_NAMES = (
    (re.compile(r"raster2dymolw|DYMO LabelWriter (?!5)", re.I), "dymo"),
    (re.compile(r"Zebra ZPL", re.I), "zebra-zpl"),
    (re.compile(r"Brother QL-\d+.*ptouch|ptouch-ql", re.I), "ptouch-ql"),
)


def driver_named(text: str) -> str | None:
    """The :data:`DRIVERS` key of the driver a queue describes, or None: ``text`` is the
    queue's PPD (its ``*NickName``, ``*cupsFilter`` lines) or CUPS's
    ``printer-make-and-model`` (``lpoptions -p QUEUE``).
    """
    for pattern, key in _DRIVER_NAMES:
        if pattern.search(text):
            return key
    return None
