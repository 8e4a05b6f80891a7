"""The newer constructs of a party or step (council record, count, cloud) as one line each, so
that ``diff`` and ``compare`` show and compare them the same way."""

from __future__ import annotations


def council_text(council) -> str | None:
    """A council record as one comparable line: 答申・了承済み 答申第5号 2021-03-25."""
    if council is None:
        return None
    return " ".join(str(v) for v in (council.status.label, council.number, council.date, council.text) if v)


def count_text(count) -> str | None:
    if count is None:
        return None
    return " ".join(v for v in (count.text, count.description, count.distribution) if v)


def cloud_text(cloud) -> str | None:
    """A cloud as one comparable line: provider, countries, certifications."""
    if cloud is None:
        return None
    parts = [cloud.provider or "事業者不明", f"事業者の所在国 {cloud.provider_country.label}",
             f"保存場所 {cloud.storage.label}", f"準拠法 {cloud.law.label}"]
    if cloud.certifications:
        parts.append("認証 " + "・".join(c.label for c in cloud.certifications))
    return "、".join(parts)
