"""The web app (``badgepress serve``): the organiser's pages and JSON API, and the
registration desk, over the library, with its state in SQLite and files in a data folder.

A face at the top, beside the CLI; it never reads, fits or draws by itself: it calls the same
pipeline as the CLI. Its rooms, lowest first: ``store`` (the data folder: SQLite, lists,
layouts, jobs), ``engine`` (the library at work: previews, prints, builds), ``edge`` (HTTP:
guard, roles, errors, templates, assets), then the faces ``organiser`` and ``desk``; ``app``
wires them, ``server`` runs them. Imports ``press`` (builds and previews, the CLI's own
pipeline), ``readers``, ``sheet``, ``plan``, ``text``, ``pdf.preview``, ``errors``, ``model``
and the version; the only room with starlette, uvicorn, jinja2 and python-multipart.

Public names: :func:`create_app` (the ASGI app over a data folder), :func:`serve` (what
``badgepress serve`` runs), :func:`default_data_dir`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app", "default_data_dir", "serve"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: a build's process (``python -m badgepress.web.engine._buildjob``)
    # imports this package, and needs neither starlette nor jinja2.
    if name == "create_app":
        from badgepress.web.app import create_app

        return create_app
    if name in ("serve", "default_data_dir"):
        from badgepress.web import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
