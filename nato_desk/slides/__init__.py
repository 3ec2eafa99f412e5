"""Slides as placed boxes: the model both deck renderers draw, and its layout.

``model`` describes a deck (text boxes, charts, rules, notes, placed in points
on a 16:9 slide); ``layout`` places a slide's parts, sized from their text
(``text_fit``). Pure Python: ``briefing`` fills it from the store,
``export.deck`` writes it as PowerPoint, ``ui.deck_pdf`` paints it as a PDF.
"""
