"""Reading news articles: quotes and percentage-of-GDP claims proposed for review.

``read.py`` turns a pasted text, a .txt or a saved .html page into an
``ArticleText`` (deduplicated paragraphs with offsets, title, outlet, date,
URL); ``quotes.py`` finds direct quotations and attributes them; ``speakers.py``
resolves speakers against the leaders directory; ``claims.py`` finds
percentage-of-GDP claims; ``extract.py`` runs them all. Rule-based and offline.
"""
