"""The PDF: drawing planned badges (``render``: bands, text, crop marks, embedded fonts) and
joining a long run's parts into one file (``finish``, run aside by ``joining``).

The only room that imports reportlab and pypdf. It draws what the plan room decided and
decides nothing itself; of badgepress it imports ``errors``, the plan, the sheet and the text
rooms' types.

Public names, imported from their modules: ``render.PdfRenderer``, ``joining.PartJoiner``,
``finish.join``. Nothing is imported here, so that the joining process
(``python -m badgepress.pdf.finish``) loads pypdf alone, not reportlab and the text engine.
"""
