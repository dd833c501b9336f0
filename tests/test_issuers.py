"""Issuers are named with their whole path: a town with its county, a district with its city or municipality, a
department as itself, joint party-government issuers as one joint issuer in their formal names."""
from hypothesis import given, settings
from hypothesis import strategies as st

import govreports as gr
from govreports.parse.gazetteer import gazetteer

BODY = ("一、主要举措和成效\n全年办理行政复议案件12件。\n二、存在的不足和原因\n执法力量薄弱。\n"
        "三、下一步工作安排\n加强执法队伍建设。\n")


def parse(title: str, opening: str = "2023年，我们坚持依法行政，推进法治政府建设。") -> gr.Report:
    return gr.parse_text(f"{title}\n{opening}\n{BODY}")


def test_town_in_a_county_level_city_carries_its_city():
    # 普宁市 is a county-level city of 揭阳市; the text never names it: the 民政部 code list does
    r = parse("军埠镇2022年度法治政府建设年度报告")
    assert (r.issuer, r.level, r.province, r.prefecture) == ("普宁市军埠镇人民政府", "乡镇级", "广东省", "揭阳市")


def test_street_of_a_district_carries_district_and_city():
    r = parse("罗湖区翠竹街道办事处2025年法治政府建设年度报告")
    assert (r.issuer, r.level, r.province) == ("深圳市罗湖区翠竹街道办事处", "乡镇级", "广东省")


def test_district_of_a_municipality_carries_the_municipality():
    r = parse("静海区2023年度法治政府建设情况报告")
    assert (r.issuer, r.level, r.province) == ("天津市静海区人民政府", "县级", "天津市")


def test_a_department_is_the_department_not_its_government():
    r = parse("天心区司法局关于2023年度法治政府建设情况的报告", "2023年，我局坚持依法行政。")
    assert (r.issuer, r.level, r.province) == ("长沙市天心区司法局", "部门", "湖南省")
    gov = parse("天心区关于2023年度法治政府建设工作情况的报告",
                "2023年，天心区坚持依法行政。\n发布时间：2024-01-24 来源：长沙市天心区司法局")
    assert (gov.issuer, gov.level) == ("长沙市天心区人民政府", "县级")


def test_joint_issuer_in_its_formal_names_is_one_joint_issuer():
    r = parse("中共浚县县委 浚县人民政府关于2024年法治政府建设情况的报告")
    assert r.issuer == "中共浚县县委、浚县人民政府" and r.level == "县级" and r.province == "河南省"
    town = parse("中共黎侯镇委员会 黎侯镇人民政府关于2025年度法治政府建设情况的报告")
    assert town.issuer == "中共黎侯镇委员会、黎侯镇人民政府" and town.level == "乡镇级" and town.province == "山西省"


def test_an_ambiguous_town_is_resolved_only_by_a_division_the_text_names():
    gaz = gazetteer()
    assert gaz.town_county("虹桥街道") is None  # four 虹桥街道 in the code list
    assert gaz.town_county("虹桥街道", gaz.chain("上海市长宁区")).name == "长宁区"


def test_chrome_glued_before_a_title_is_not_part_of_the_issuer():
    for chrome in ("搜索", "•体裁分类•服务对象", "今天是：2024年3月1日 星期五 农历正月廿一 ", "全网资源每日更新www.example.com"):
        r = parse(chrome + "鲁山县人民政府关于2024年法治政府建设情况的报告")
        assert r.title == "鲁山县人民政府关于2024年法治政府建设情况的报告", chrome
        assert r.issuer == "鲁山县人民政府" and r.province == "河南省", chrome


def test_look_alikes_glued_to_a_title_are_refused():
    news = gr.parse_text("省人大常委会听取省人民政府关于2024年法治政府建设情况的报告\n" + BODY)
    review = gr.parse_text("关于市人民政府2023年度法治政府建设情况报告的审议意见\n" + BODY)
    assert not news.is_report and news.genre == "news_article"
    assert not review.is_report


# Openings whose subject is the issuer as its own staff write it: a town or street by its name alone, a department
# by its level alone (the place given elsewhere on the page). Towns drawn from the gazetteer, not listed here.
def _unique_towns():
    from govreports.parse.gazetteer import gazetteer, towns

    gaz = gazetteer()
    names = sorted(n for n, ts in towns().items() if len({t.county for t in ts}) == 1 and n.endswith(("镇", "街道"))
                   and len(n) >= 3 and not gaz.find(n))
    return names[::max(1, len(names) // 400)]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(_unique_towns()), st.sampled_from(["在县委、县政府的正确领导下", "坚持以习近平法治思想为指导", "，深入推进依法行政"]))
def test_a_town_named_alone_as_the_openings_subject_is_the_issuer(town, rest):
    text = (f"2022年，{town}{rest}，全面推进法治政府建设，各项工作取得新成效。现将有关情况报告如下：\n"
            "一、主要举措和成效\n（一）加强组织领导。全年召开专题会议4次，研究部署法治建设工作。\n")
    r = gr.parse_text(text)
    assert (r.place, r.level) == (town, "乡镇级"), (r.place, r.level, r.issuer)
    assert r.issuer and town in r.issuer and r.province


def test_a_department_named_by_its_level_takes_the_place_the_page_gives():
    text = ("绍兴市2023年度法治政府建设情况\n2023年，市市场监管局在市委市政府的坚强领导下，深入学习贯彻习近平法治思想，"
            "全面推进严格规范公正文明执法。现将有关情况报告如下：\n一、主要举措和成效\n全年办理行政处罚案件120件。\n")
    r = gr.parse_text(text)
    assert (r.issuer, r.level) == ("绍兴市市场监督管理局", "部门")
