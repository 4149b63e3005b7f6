"""The bulletin on paper: issues, monthly circulars and the year's volume as Typst markup, typeset
to A4 PDFs after GB/T 9704-2012. Generator-neutral: it reads the archive and the leaderboard, never
a built page, so any site generator can print with it."""
