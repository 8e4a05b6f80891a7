"""Whatever text it is given, the importer writes a draft that loads (or the CLI refuses the
input with a message): generated texts built from the pieces submissions are made of."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowmap.importer import draft_flow, write_draft
from flowmap.flow.loading import load_flow

PIECES = [
    "件 名\t", "件名 ", "保有課(担当課)\t", "委託先\t", "委託先(再委託先)\t", "【委託先】", "【再委託先】",
    "委託に伴い事業者処理させる情報項目\t", "処理させる情報項目の記録媒体\t", "委託の内容\t",
    "委託の開始時期及び期限\t", "委託にあたり区が行う情報保護対策\t", "受託事業者に行わせる情報保護対策\t",
    "結合の相手方\t", "事業の概要", "特記事項", "(基本的事項)", "1 乙は、", "2 丙は、", "チェックリスト",
    "\t○\t", "\t－\t", "①", "②'", "③③'", "(USBメモリ・手渡し)", "(月1回)", "・カギ付きカバン", "- ・ウイルス対策",
    "取得する個人情報", "<p>", "</p>", "<ol><li>1 ", "</li></ol>", "1 ", "2 ", "(1) ", "、", "(", ")", "「", "」",
    "氏名", "住所", "など", "株式会社テスト", "(プライバシーマーク取得)", "未定", "令和元年4月1日から",
    "委託先のパソコン", "住民情報システム", "ホストコンピューター", "日本郵便", "※", "\n", "\n\n", "\t", " ", "ｶﾅ", "１",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), min_size=1, max_size=120))
def test_any_text_drafts_a_flow_that_loads(tmp_path, pieces):
    draft = draft_flow("".join(pieces), "fuzz")
    path = tmp_path / "fuzz.yaml"
    write_draft(draft, path, force=True)
    flow = load_flow(path)
    assert flow.parties[0].id == "ward"
    assert all(p.kind.value != "contractor" or p.name for p in flow.parties)
    warnings = " ".join(w.message for w in flow.warnings)
    for todo in draft.todos:   # what stderr lists, the loader warns of
        assert todo.split(": ", 1)[1] in warnings, todo
