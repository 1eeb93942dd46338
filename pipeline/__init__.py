"""newsfacts: typed facts (entities, quantities, dates, metadata) from scraped news articles.

    import newsfacts
    record = newsfacts.extract(text)           # one article -> its documents.jsonl record
    extractor = newsfacts.Extractor()          # loads once; .extract(text), .pipe(items)
    newsfacts.run(["corpus/"], "outputs/")     # files and folders -> output tables
"""

__version__ = "0.2.0"
__all__ = ["Extractor", "extract", "run", "__version__"]


def __getattr__(name: str):
    # The API pulls in spaCy: imported on first use, so `newsfacts --help` stays instant.
    if name in ("Extractor", "extract", "run"):
        from newsfacts import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
