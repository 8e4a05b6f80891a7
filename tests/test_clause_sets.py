"""The clause sets (特記事項) shipped with flowmap, checked against the seed texts they come from."""

from __future__ import annotations

import pytest

from flowmap.flow.clauses import Obligation, builtin_clause_sets

O = Obligation


@pytest.fixture(scope="module")
def sets():
    return builtin_clause_sets()


def clause(clause_set, no):
    return next(c for c in clause_set.clauses if c.no == no)


@pytest.mark.parametrize(
    ("set_id", "count", "binds"),
    [
        ("shinjuku-2023-31", 31, "乙"),
        ("shinjuku-old-21", 21, "乙"),
        ("shinjuku-itaku-24", 24, "乙"),
        ("shinjuku-sai-itaku-24", 24, "丙"),
        ("national-tei-11", 11, "丁"),
    ],
)
def test_each_set_loads_with_its_clauses_numbered_in_order(sets, set_id, count, binds):
    clause_set = sets[set_id]
    assert len(clause_set.clauses) == count
    assert clause_set.binds == binds
    prefix = "第" if set_id == "national-tei-11" else ""
    assert [c.no for c in clause_set.clauses] == [f"{prefix}{n}" for n in range(1, count + 1)]
    assert all(c.summary and c.heading for c in clause_set.clauses)


def test_old_21_bans_subcontracting_and_copying_outright(sets):
    old = sets["shinjuku-old-21"]
    assert old.clause_for(O.SUBCONTRACT_BANNED).no == "10"
    assert O.SUBCONTRACT_BY_CONSENT not in old.obligations
    assert O.SUBCONTRACT_FLOW_DOWN not in old.obligations
    assert old.clause_for(O.NO_COPYING).no == "9"
    assert O.NO_COPYING_UNLESS_APPROVED not in old.obligations


def test_old_21_return_erase_certificate_and_yearly_audit(sets):
    old = sets["shinjuku-old-21"]
    assert set(clause(old, "11").obligations) == {O.RETURN, O.ERASE}
    assert old.clause_for(O.ERASURE_CERTIFICATE).no == "12"
    assert old.clause_for(O.HANDLER_DESIGNATION).no == "13"
    assert old.clause_for(O.AUDIT_YEARLY).no == "16"
    assert old.clause_for(O.TRAINING).no == "18"
    assert old.clause_for(O.INCIDENT_REPORT).no == "19"
    assert clause(old, "21").heading == "損害の賠償"


def test_itaku_24_allows_subcontracting_by_consent_with_flow_down(sets):
    itaku = sets["shinjuku-itaku-24"]
    assert itaku.clause_for(O.SUBCONTRACT_BY_CONSENT).no == "10"
    assert O.SUBCONTRACT_BANNED not in itaku.obligations
    flow_down = [c.no for c in itaku.clauses if O.SUBCONTRACT_FLOW_DOWN in c.obligations]
    assert flow_down == ["11", "12", "13"]
    assert set(clause(itaku, "14").obligations) == {O.RETURN, O.ERASE}
    assert itaku.clause_for(O.ERASURE_CERTIFICATE).no == "15"
    assert itaku.clause_for(O.NO_COPYING).no == "9"


def test_sai_itaku_24_binds_the_subcontractor_and_bans_further_subcontracting(sets):
    sai = sets["shinjuku-sai-itaku-24"]
    assert sai.clause_for(O.SUBCONTRACT_BANNED).no == "11"
    assert O.SUBCONTRACT_BY_CONSENT not in sai.obligations
    assert set(clause(sai, "12").obligations) == {O.RETURN, O.ERASE}
    assert "甲又は乙" in clause(sai, "12").summary
    assert sai.clause_for(O.ERASURE_CERTIFICATE).no == "13"
    assert "甲及び乙" in clause(sai, "13").summary
    assert sai.clause_for(O.AUDIT_YEARLY).no == "20"
    assert clause(sai, "2").obligations == []  # definitions of 甲, 乙, 丙


def test_national_tei_11_returns_but_never_erases(sets):
    tei = sets["national-tei-11"]
    assert tei.clause_for(O.RETURN).no == "第8"
    for missing in (O.ERASE, O.ERASURE_CERTIFICATE, O.HANDLER_DESIGNATION, O.AUDIT_YEARLY, O.TRAINING):
        assert missing not in tei.obligations, missing
    assert tei.clause_for(O.SUBCONTRACT_BY_CONSENT).no == "第7"
    assert tei.clause_for(O.NO_COPYING_UNLESS_APPROVED).no == "第6"
    assert tei.clause_for(O.INCIDENT_REPORT).no == "第11"
    assert clause(tei, "第9").heading == "従事者への周知"


def test_sets_differ_where_the_generations_differ(sets):
    """The 31-clause set has complaint handling and termination; the older sets do not."""
    new, old = sets["shinjuku-2023-31"], sets["shinjuku-old-21"]
    assert {O.COMPLAINT_HANDLING, O.TERMINATION} <= new.obligations
    assert not ({O.COMPLAINT_HANDLING, O.TERMINATION} & old.obligations)
