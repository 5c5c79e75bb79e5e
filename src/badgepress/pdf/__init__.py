"""The PDF: drawing planned badges (``render``: bands, text, crop marks, embedded fonts),
joining a long run's parts into one file (``finish``, run aside by ``joining``), and previews
(``preview``: a page or a badge as PNG).

The only room that imports reportlab, pypdf, pypdfium2 and Pillow. It draws what the plan
room decided and decides nothing itself; of badgepress it imports ``errors``, the plan, the
sheet and the text rooms' types.

Public names, imported from their modules: ``render.PdfRenderer``, ``joining.PartJoiner``,
``finish.join``, ``preview.render_png``. Nothing is imported here, so that the joining process
(``python -m badgepress.pdf.finish``) loads pypdf alone, not reportlab and the text engine.
"""
