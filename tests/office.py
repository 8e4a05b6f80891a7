"""LibreOffice as the test's printer: convert an xlsx/docx to PDF headless and read the PDF
back page by page (poppler's pdftotext). scripts/setup.sh installs both through apt."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path


def to_pdf(sources: list[Path], out_dir: Path) -> list[Path]:
    """PDFs of ``sources`` printed by LibreOffice, with a throw-away user profile."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is missing: run scripts/setup.sh"
    profile = (out_dir / "lo-profile").resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    pdfs = [out_dir / f"{source.stem}.pdf" for source in sources]
    assert all(pdf.exists() for pdf in pdfs), f"LibreOffice wrote no PDF for {sources}"
    return pdfs


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, whitespace removed (cells wrap wherever the printer chose)."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is missing: run scripts/setup.sh"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, timeout=60).stdout
    pages = text.decode("utf-8").split("\f")[:-1]  # every page ends with a form feed
    return [re.sub(r"\s", "", page) for page in pages]
