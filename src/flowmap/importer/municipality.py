"""Which municipality wrote a submission: its name and kind (区・市・町・村), read from the text.

The kind is told by the phrases only the municipality itself writes: 「市が行う」 rows, 市民,
市職員, 市の庁舎; the name by the words that follow it in every submission (青葉市情報セキュリティ
ポリシー, 新宿区個人情報保護条例, 〇〇町長 …). The importer picks the built-in profile of that
name, or proposes a flowmap.yaml for it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from flowmap.flow.profiles import MunicipalityKind, Profile, builtin_profiles

BODIES = {"区": MunicipalityKind.WARD, "市": MunicipalityKind.CITY, "町": MunicipalityKind.TOWN,
          "村": MunicipalityKind.VILLAGE}
# phrases that name the municipality as the one who acts, by its kind's character
_OWN = re.compile(r"([区市町村])(?:が行う|民|職員|の庁舎|が作成|に報告|と今後)")
_NAME = re.compile(r"([一-龥ヶケ]{1,6}?[区市町村])(?=情報セキュリティ|個人情報|情報公開|役所|役場|長|議会|条例|規則)")
# characters that run into a name but are not part of it (第8回新宿区…, 及び青葉市…)
_LEADING = "第回年度号及並各本当同"
# names that end in 区/市/町/村 but are not a municipality
_NOT_A_NAME = re.compile(r"^(?:地区|区|市|町|村|都市|特別区|市区町村)$")


@dataclass(frozen=True)
class Municipality:
    name: str                      # "" when the text never names it
    kind: MunicipalityKind | None  # None when the text never says 区/市/町/村 of itself

    @property
    def body(self) -> str:
        return {v: k for k, v in BODIES.items()}.get(self.kind, "実施機関")


def read_municipality(text: str) -> Municipality:
    """The municipality a submission's text speaks for (its most frequent own words)."""
    kinds = Counter(m.group(1) for m in _OWN.finditer(text))
    names = Counter(n for n in (m.group(1).lstrip(_LEADING) for m in _NAME.finditer(text))
                    if not _NOT_A_NAME.match(n))
    kind = BODIES[kinds.most_common(1)[0][0]] if kinds else None
    if kind is not None:  # the name must end in the kind the text speaks as
        body = next(k for k, v in BODIES.items() if v == kind)
        names = Counter({n: c for n, c in names.items() if n.endswith(body)})
    name = names.most_common(1)[0][0] if names else ""
    if kind is None and name:
        kind = BODIES[name[-1]]
    return Municipality(name, kind)


def builtin_profile_for(municipality: Municipality) -> Profile | None:
    """The built-in profile of this municipality, if flowmap ships one."""
    return next((p for p in builtin_profiles().values() if municipality.name and p.words.name == municipality.name), None)


def proposed_config(municipality: Municipality) -> str:
    """A flowmap.yaml for a municipality flowmap has no profile of (the national baseline in its words)."""
    kind = f"kind: {municipality.kind.value}\n" if municipality.kind else ""
    name = f"name: {municipality.name}\n" if municipality.name else ""
    return f"based_on: national\n{name}{kind}"
