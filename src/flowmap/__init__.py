"""flowmap: personal-data flows of municipal outsourcing submissions, checked and drawn."""

__version__ = "0.1.0"
