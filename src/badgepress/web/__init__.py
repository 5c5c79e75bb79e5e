"""The web app (``badgepress serve``): the organiser's pages and the JSON API over the
library, with its state in SQLite and files in a data folder.

A face at the top, beside the CLI: it imports ``build`` (to build and to preview, the same
pipeline as the CLI), ``readers`` (to show what a list was understood as), ``sheet``
(layouts, the badge's box), ``plan`` (to find the hardest badges), ``desk`` (CUPS
printing), ``text`` (one shared font book), ``pdf.preview`` (PNG of a built PDF), ``errors``,
``model`` and the package's version; it never reads, fits or draws by itself. The only room
with starlette, uvicorn, jinja2 and python-multipart.

Public names: :func:`create_app` (the ASGI app over a data folder), :func:`serve` (what
``badgepress serve`` runs), :func:`default_data_dir`.
"""

from badgepress.web.app import create_app
from badgepress.web.serve import default_data_dir, serve

__all__ = ["create_app", "default_data_dir", "serve"]
