"""Label → catalogue slot matching (extract/labels.py) on the v2021 catalogue's own labels."""

from __future__ import annotations

import pytest

from giar_pipeline.catalogue import load
from giar_pipeline.extract.labels import FUZZY_RATIO, _near, _ratio, _without_remark, slot_index


@pytest.fixture(scope="module")
def idx():
    return slot_index(load().template("v2021"))


def _slot(idx, row: str) -> int:
    (slot,) = [s.index for s in idx.slots if s.row.code == row]
    return slot


def test_a_row_is_found_by_its_key_with_or_without_its_group(idx):
    secret = _slot(idx, "denied_state_secret")
    assert idx.exact("属于国家秘密") == (secret,) and idx.exact("不予公开1属于国家秘密") == (secret,)
    assert idx.exact("属于国家秘") == ()


def test_a_suffix_match_needs_group_labels_in_front(idx):
    secret = _slot(idx, "denied_state_secret")
    assert idx.suffix("本年度办理结果不予公开1属于国家秘密") == (secret,)  # groups and numbering in front
    assert idx.suffix("不予?开1属于国家秘密") == (secret,)  # a group label with a character lost
    assert idx.suffix("某某单位属于国家秘密") == ()  # other words in front: no row of this catalogue
    assert idx.suffix("不予公开") == ()  # a group label alone is no row


def test_structure_labels_allow_one_character_lost_or_dropped(idx):
    assert idx.is_structure("行政复议") and idx.is_structure("行政复?") and idx.is_structure("行政复")
    assert not idx.is_structure("行政") and not idx.is_structure("行政??") and not idx.is_structure("规章")


def test_similarity_lets_a_lost_character_stand_for_any_one(idx):
    slot = idx.slots[_slot(idx, "denied_state_secret")]
    assert idx.similarity("属于国家?密", slot) == 1.0
    assert FUZZY_RATIO <= idx.similarity("属于国家机密", slot) < 1.0
    assert idx.similarity("?于国家?密?", slot) < 1.0  # one '?' more than the key has characters to lose


def test_near_is_one_character_replaced_or_dropped():
    assert _near("行政复议", "行政复X") and _near("行政复议", "行政复") and _near("行政复", "行政复议")
    assert _near("行政议", "行政复议")  # a character dropped in the middle, whichever is named first
    assert not _near("行政复议", "行政XX") and not _near("行政", "行政复") and not _near("行政复议", "行政")


def test_the_fuzzy_ratio_is_zero_below_the_threshold_and_for_far_lengths():
    assert _ratio("属于国家秘密", "属于国家秘密") == 1.0
    assert _ratio("属于国家机密", "属于国家秘密") == pytest.approx(5 / 6)
    assert _ratio("属", "属于国家秘密啊啊啊") == 0.0  # lengths too far apart to reach the threshold
    assert _ratio("属于国家秘密", "") == 0.0
    assert _ratio("甲乙丙丁戊己", "属于国家秘密") == 0.0


def test_a_closing_remark_is_dropped_but_not_a_leading_numbering():
    assert _without_remark("专职人员数(不包括兼职)") == "专职人员数"
    assert _without_remark("(一)予以公开") == "(一)予以公开"
    assert _without_remark("予以公开") == "予以公开"


def test_blocks_in_another_order_give_slots_in_that_order():
    template = load().template("v2021")
    order = tuple(tuple(reversed(range(len(t.blocks)))) for t in template.tables)
    plain, reordered = slot_index(template), slot_index(template, order)
    rows = [s.row.code for s in reordered.slots if s.table.code == "active_disclosure"]
    assert rows == [
        "administrative_fees",
        "administrative_penalty",
        "administrative_coercion",
        "administrative_licensing",
        "regulations",
        "normative_documents",
    ]
    assert [s.index for s in reordered.slots] == list(range(len(reordered.slots)))
    assert reordered.exact("行政事业性收费") == (0,) and plain.exact("行政事业性收费") == (5,)
    assert plain.max_key == max(len(k) for k in plain.by_key) and not plain.structure & set(plain.by_key)
