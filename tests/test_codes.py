"""Administrative codes on every report: a district of a municipality, a county-level city, a town, a department;
strings with their leading digits, the same in every export."""
import pandas as pd

import govreports as gr
from govreports.codes import COLUMNS, report_codes
from govreports.gazetteer import gazetteer, towns

BODY = ("2023年，{subject}坚持依法行政，推进法治政府建设。现将有关情况报告如下：\n一、主要举措和成效\n"
        "全年办理行政复议案件12件。\n二、存在的不足和原因\n执法力量薄弱。\n三、下一步工作安排\n加强执法队伍建设。\n")


def code_of(name: str) -> str:
    (div,) = gazetteer().by_name[name]
    return div.adcode[:6]


def parse(title: str, subject: str) -> dict:
    r = gr.parse_text(f"{title}\n{BODY.format(subject=subject)}")
    return vars(report_codes(r.province, r.prefecture, r.place, r.level))


def test_a_district_of_a_municipality():
    codes = parse("天津市静海区人民政府关于2023年度法治政府建设情况的报告", "静海区")
    assert codes == {"province_code": "120000", "prefecture_code": None, "county_code": code_of("静海区"),
                     "town_code": None}


def test_a_county_level_city_and_a_town_in_it():
    city = parse("义乌市人民政府关于2023年度法治政府建设情况的报告", "义乌市")
    assert city["county_code"] == code_of("义乌市") and city["prefecture_code"] == code_of("金华市")
    town = parse("义乌市佛堂镇人民政府关于2023年度法治政府建设情况的报告", "佛堂镇")
    (fotang,) = [t for t in towns()["佛堂镇"] if t.county[:6] == code_of("义乌市")]
    assert town == {**city, "town_code": fotang.code} and len(fotang.code) == 9


def test_a_department_has_the_codes_of_its_place():
    codes = parse("深圳市司法局关于2023年度法治政府建设情况的报告", "市司法局")
    assert codes == {"province_code": "440000", "prefecture_code": code_of("深圳市"), "county_code": None,
                     "town_code": None}


def test_codes_are_columns_of_the_reports_table_as_text(tmp_path):
    (tmp_path / "a.txt").write_text("义乌市佛堂镇人民政府关于2023年度法治政府建设情况的报告\n" + BODY.format(subject="佛堂镇"),
                                    encoding="utf-8")
    t = gr.load_corpus(tmp_path, cache=False).table
    assert list(t.columns[t.columns.get_loc("prefecture") + 1:][:4]) == list(COLUMNS)
    assert all(isinstance(v, str) for v in t.loc[0, list(COLUMNS)])
    t.to_csv(tmp_path / "t.csv", index=False)
    back = pd.read_csv(tmp_path / "t.csv", dtype=str)
    assert back.loc[0, "town_code"] == t.loc[0, "town_code"]
