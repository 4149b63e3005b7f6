"""The site's page families, one module each, built in two phases: every view first (site_views.py),
then each family's pages and data files from the views (the order is declared in bulletin/site/plan.py)."""
