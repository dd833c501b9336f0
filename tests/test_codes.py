"""Administrative codes on every report: a district of a municipality, a county-level city, a town, a department;
strings with their leading digits, the same in every export."""
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.parse.codes import COLUMNS, code_changes, code_in_year, report_codes
from govreports.parse.gazetteer import gazetteer, towns

BODY = ("2023年，{subject}坚持依法行政，推进法治政府建设。现将有关情况报告如下：\n一、主要举措和成效\n"
        "全年办理行政复议案件12件。\n二、存在的不足和原因\n执法力量薄弱。\n三、下一步工作安排\n加强执法队伍建设。\n")


def code_of(name: str) -> str:
    (div,) = gazetteer().by_name[name]
    return div.adcode[:6]


def parse(title: str, subject: str) -> dict:
    r = gr.parse_text(f"{title}\n{BODY.format(subject=subject)}")
    return vars(report_codes(r.province, r.prefecture, r.place, r.level, r.year_covered))


def test_a_district_of_a_municipality():
    codes = parse("天津市静海区人民政府关于2023年度法治政府建设情况的报告", "静海区")
    assert codes == {"province_code": "120000", "prefecture_code": None, "county_code": code_of("静海区"),
                     "town_code": None, "code_note": None}


def test_a_county_level_city_and_a_town_in_it():
    city = parse("义乌市人民政府关于2023年度法治政府建设情况的报告", "义乌市")
    assert city["county_code"] == code_of("义乌市") and city["prefecture_code"] == code_of("金华市")
    town = parse("义乌市佛堂镇人民政府关于2023年度法治政府建设情况的报告", "佛堂镇")
    (fotang,) = [t for t in towns()["佛堂镇"] if t.county[:6] == code_of("义乌市")]
    assert town == {**city, "town_code": fotang.code} and len(fotang.code) == 9


def test_a_department_has_the_codes_of_its_place():
    codes = parse("深圳市司法局关于2023年度法治政府建设情况的报告", "市司法局")
    assert codes == {"province_code": "440000", "prefecture_code": code_of("深圳市"), "county_code": None,
                     "town_code": None, "code_note": None}


def test_codes_are_columns_of_the_reports_table_as_text(tmp_path):
    (tmp_path / "a.txt").write_text("义乌市佛堂镇人民政府关于2023年度法治政府建设情况的报告\n" + BODY.format(subject="佛堂镇"),
                                    encoding="utf-8")
    t = gr.load_corpus(tmp_path, cache=False).table
    assert list(t.columns[t.columns.get_loc("prefecture") + 1:][:4]) == list(COLUMNS)
    assert all(isinstance(v, str) for v in t.loc[0, list(COLUMNS)])
    t.to_csv(tmp_path / "t.csv", index=False)
    back = pd.read_csv(tmp_path / "t.csv", dtype=str)
    assert back.loc[0, "town_code"] == t.loc[0, "town_code"]


def test_a_place_recoded_under_its_name_gets_the_code_of_the_reports_year():
    # 申扎县 was re-coded when 那曲地区 became 那曲市: 542426 in the lists up to 2016-07, 540625 from 2020-11.
    before = parse("申扎县人民政府关于2015年度法治政府建设情况的报告", "申扎县").copy()
    assert before["county_code"] == "542426" and "2015 年取 542426" in before["code_note"]
    assert before["prefecture_code"] == "542400"  # 那曲地区, not 那曲市
    after = parse("申扎县人民政府关于2021年度法治政府建设情况的报告", "申扎县")
    assert after["county_code"] == code_of("申扎县") == "540625" and after["code_note"] is None
    between = parse("申扎县人民政府关于2018年度法治政府建设情况的报告", "申扎县")
    assert between["county_code"] == "542426" and "不能确定" in between["code_note"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_recoding_gives_the_old_code_before_and_the_new_after(data):
    change = data.draw(st.sampled_from([c for cs in code_changes().values() for c in cs]))
    step = f"由 {change.old_code} 改为 {change.new_code}"
    early = data.draw(st.integers(1990, int(change.last_old[:4]) - 1))
    assert step in (code_in_year(change.new_code, early)[1] or "")
    late = data.draw(st.integers(int(change.first_new[:4]), 2030))
    assert step not in (code_in_year(change.new_code, late)[1] or "")
