"""issuer_key: one body across spellings (rules in catalogue/issuers.yaml, aliases in CSV), resolved over
the whole warehouse, and the near-duplicate mart a person settles with aliases."""

from __future__ import annotations

import duckdb
import pytest

from giar_pipeline.catalogue import audit as audit_data
from giar_pipeline.quality import audit_store
from giar_pipeline.quality.issuer_key import AMBIGUOUS, PREFIX, canonical, resolve
from giar_pipeline.warehouse import load_batches, run_all, to_tables
from tests.test_warehouse import make_report


def keys(names, aliases=None):
    return {n: k.issuer_key for n, k in resolve(names, aliases or {}).items()}


def test_abbreviations_brackets_and_width_resolve_to_one_key():
    k = keys(
        [
            "上海市科委",
            "上海市科学技术委员会",
            "某区管委会",
            "某区管理委员会",
            "青山街道",
            "青山街道办事处",
            "示范县政府",
            "示范县人民政府",
            "某县（新区）教育局",
            "某县(新区)教育局",
            "某县人民政府办公室",
        ]
    )
    assert k["上海市科委"] == k["上海市科学技术委员会"] == "上海市科学技术委员会"
    assert k["某区管委会"] == k["某区管理委员会"]
    assert k["青山街道"] == k["青山街道办事处"]
    assert k["示范县政府"] == k["示范县人民政府"]
    assert k["某县（新区）教育局"] == k["某县(新区)教育局"]
    assert k["某县人民政府办公室"] == "某县人民政府办公室"  # an expansion never doubles a full form


def test_a_prefix_is_dropped_only_when_the_rest_is_unique_in_the_warehouse():
    alone = resolve(["鼓楼区人民政府", "福州市鼓楼区人民政府", "福建省福州市鼓楼区人民政府"], {})
    assert {k.issuer_key for k in alone.values()} == {"福建省福州市鼓楼区人民政府"}
    assert alone["鼓楼区人民政府"].rule == PREFIX
    both = resolve(["鼓楼区人民政府", "福州市鼓楼区人民政府", "南京市鼓楼区人民政府"], {})
    assert both["鼓楼区人民政府"].rule == AMBIGUOUS
    assert both["鼓楼区人民政府"].candidates == ("南京市鼓楼区人民政府", "福州市鼓楼区人民政府")
    assert len({k.issuer_key for k in both.values()}) == 3
    # a bare agency name is never taken for a place's agency
    assert keys(["教育局", "某市教育局"])["教育局"] == "教育局"


def test_a_bare_place_joins_the_one_body_named_after_it():
    k = resolve(
        [
            "平潭综合实验区",
            "平潭综合实验区管委会",
            "鼓楼区",
            "福州市鼓楼区人民政府",
            "西湖区",
            "杭州市西湖区人民政府",
            "南昌市西湖区人民政府",
        ],
        {},
    )
    assert k["平潭综合实验区"].issuer_key == k["平潭综合实验区管委会"].issuer_key == "平潭综合实验区管理委员会"
    assert k["鼓楼区"].issuer_key == "福州市鼓楼区人民政府"
    assert k["西湖区"].rule == AMBIGUOUS and len(k["西湖区"].candidates) == 2


def test_aliases_come_from_csv_files_users_can_add(tmp_path, monkeypatch):
    extra = tmp_path / "mine.csv"
    extra.write_text("alias,canonical\n西湖区人民政府,杭州市西湖区人民政府\n", encoding="utf-8")
    monkeypatch.setenv(audit_data.ALIASES_ENV, str(extra))
    aliases = audit_data.aliases()
    assert aliases["西湖区人民政府"] == "杭州市西湖区人民政府"
    k = keys(["西湖区人民政府", "杭州市西湖区人民政府", "南昌市西湖区人民政府"], aliases)
    assert k["西湖区人民政府"] == k["杭州市西湖区人民政府"] != k["南昌市西湖区人民政府"]
    assert canonical("西湖区人民政府", aliases)[1] == "alias"


def test_a_bad_alias_file_says_what_to_fix(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,key\na,b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="alias,canonical"):
        audit_data.aliases(str(bad))
    with pytest.raises(FileNotFoundError, match="GIAR_ISSUER_ALIASES"):
        audit_data.aliases(str(tmp_path / "absent.csv"))


@pytest.fixture
def warehouse(tmp_path):
    reports = [
        make_report("a1", year=2021, issuer="鼓楼区人民政府"),
        make_report("a2", year=2022, issuer="福州市鼓楼区人民政府"),
        make_report("b1", year=2021, issuer="南京市鼓楼区人民政府"),
        make_report("c1", year=2020, issuer="青山乡人民政府"),
        make_report("c2", year=2021, issuer="青山镇人民政府"),
        make_report("d1", year=2021, issuer="红河镇人民政府"),
        make_report("d2", year=2021, issuer="红河乡人民政府"),
    ]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as c:
        load_batches(c, {"b1": to_tables(reports)})
        yield c


def test_keys_are_written_to_reports_and_near_duplicates_listed(warehouse):
    c = warehouse
    audit_store.write_issuer_keys(c, {})
    run_all(c)
    got = dict(c.execute("SELECT issuer, issuer_key FROM reports").fetchall())
    # 南京市鼓楼区 makes a bare 鼓楼区 ambiguous: it stays apart, and the mart shows both candidates
    assert got["鼓楼区人民政府"] == "鼓楼区人民政府"
    near = c.execute("SELECT reason, name, candidate FROM mart_issuer_near_duplicates ORDER BY ALL").fetchall()
    assert ("ambiguous_prefix", "鼓楼区人民政府", "福州市鼓楼区人民政府") in near
    assert ("ambiguous_prefix", "鼓楼区人民政府", "南京市鼓楼区人民政府") in near
    # 乡 became 镇 (years apart): a candidate; two bodies reporting the same year are not
    assert ("similar_name", "青山乡人民政府", "青山镇人民政府") in near
    assert not any("红河" in n for _, n, _ in near)
    # the person's answer: one alias line, and the chain joins
    audit_store.write_issuer_keys(c, {"鼓楼区人民政府": "福州市鼓楼区人民政府"})
    run_all(c)
    years = c.execute(
        "SELECT issuer_key, list(report_year ORDER BY report_year) FROM mart_issuer_year "
        "WHERE issuer_key LIKE '福州%' GROUP BY ALL"
    ).fetchall()
    assert years == [("福州市鼓楼区人民政府", [2021, 2022])]
    assert ("ambiguous_prefix", "鼓楼区人民政府", "福州市鼓楼区人民政府") not in c.execute(
        "SELECT reason, name, candidate FROM mart_issuer_near_duplicates"
    ).fetchall()
