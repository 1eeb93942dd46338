"""newsfacts: typed facts (entities, quantities, dates, metadata) from scraped news articles."""

__version__ = "0.1.0"
