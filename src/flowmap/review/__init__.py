"""Review pages in a browser: one flow's interactive page, and the static site of many flows."""
