"""The site as pages, free of any generator: the page plan, every URL shape, feeds, search text and page fingerprints."""
