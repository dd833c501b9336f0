"""The rules for reports as found on the web, each on made-up text (not only on the development set)."""
import pytest

import govreports as gr
from govreports.parse.structure import cut_line
from govreports.read.decode import decode
from govreports.read.normalise import normalise

BODY = ("一、主要举措和成效\n（一）深化改革。全年取消行政许可事项12项。\n二、存在的不足\n基层执法力量薄弱。\n"
        "三、下一步工作安排\n持续推进依法行政。\n")


def kinds(r: gr.Report) -> list[tuple[str, str]]:
    return [(ln.kind, r.text[ln.content_start:ln.content_end]) for ln in r.lines if ln.kind != "blank"]


def test_title_sharing_a_line_with_page_chrome():
    text = ("您所在的位置：首页 > 政务公开 > 法治政府\n今天是2024年3月6日 星期三\n【字体：大 中 小】\n"
            "宜州市人民政府2023年法治政府建设情况报告发布时间：2024-03-05 来源：市司法局 浏览量：12\n"
            "2023年，宜州市坚持以习近平法治思想为指导，扎实推进法治政府建设。\n" + BODY)
    r = gr.parse_text(text)
    assert r.title == "宜州市人民政府2023年法治政府建设情况报告"
    assert ("chrome", "发布时间：2024-03-05 来源：市司法局 浏览量：12") in kinds(r)
    assert r.published == "2024-03-05" and r.is_report
    assert "".join(r.text[s:e] for _, s, e in gr.segments(r.text, r.lines)) == text  # chrome stays a span


def test_metadata_table_title_and_joint_issuer():
    text = ("| 索引号:000000000/2026-00001 | |\n| 发文机关:桃花镇人民政府 | 主题词: |\n"
            "| 标题:中共桃花镇委员会 桃花镇人民政府关于2025年度法治政府建设情况的报告 | |\n"
            "2025年，桃花镇坚持依法行政，法治政府建设取得成效。现将有关情况报告如下。\n" + BODY)
    r = gr.parse_text(text)
    assert r.title == "中共桃花镇委员会 桃花镇人民政府关于2025年度法治政府建设情况的报告"
    assert r.issuer == "中共桃花镇委员会、桃花镇人民政府"
    assert r.level == "乡镇级" and r.year_covered == 2025


def test_field_label_at_line_end_takes_the_next_line():
    pieces = cut_line("双牌县教育局 发文日期:2025-02-25 15:58 - 名称:")
    assert pieces[-1][0] == "chrome"
    r = gr.parse_text("- 名称:\n中共某县教育局党组2024年度法治政府建设年度报告 - 文号:\n2024年，某县教育局坚持依法治教。\n" + BODY)
    assert r.title == "中共某县教育局党组2024年度法治政府建设年度报告"
    assert r.issuer == "某县教育局" and r.level == "部门"  # the bureau's party group reports for the bureau


@pytest.mark.parametrize("lines", [
    ["桃源县人民政府2017年度法治政府建设情况报告", "", "桃源县人民政府", "", "2017年度法治政府建设情况报告"],
    ["桃源县人民政府", "2017年度法治政府建设情况报告"],
    ["桃源县人民政府2017年度法治政府", "建设情况报告"],
])
def test_titles_split_or_printed_twice_are_read_once(lines):
    r = gr.parse_text("\n".join(lines) + "\n2017年，桃源县坚持依法行政。\n" + BODY)
    assert r.title == "桃源县人民政府2017年度法治政府建设情况报告"
    assert r.issuer == "桃源县人民政府" and r.province == "湖南省"


def test_addressee_and_document_number_are_not_the_title():
    text = ("洛政〔2026〕17号\n签发人：张某\n洛阳市人民政府关于2025年度法治政府建设情况的报告\n省委、省政府：\n"
            "2025年，洛阳市坚持以习近平法治思想为指导。\n" + BODY)
    r = gr.parse_text(text)
    assert r.title == "洛阳市人民政府关于2025年度法治政府建设情况的报告"
    assert [k for k, c in kinds(r) if c in ("洛政〔2026〕17号", "签发人：张某")] == ["chrome", "chrome"]
    assert ("addressee", "省委、省政府：") in kinds(r)


def test_addressed_to_the_superior_pair_is_a_joint_report():
    r = gr.parse_text("省委、省政府：\n2024年，景德镇市坚持以习近平法治思想为指导，推进法治政府建设。\n" + BODY)
    assert r.issuer == "中共景德镇市委、景德镇市人民政府" and r.level == "市级" and r.title_inferred
    old = gr.parse_text("省委、省政府：\n2017年，景德镇市坚持以习近平法治思想为指导，推进法治政府建设。\n" + BODY)
    assert old.issuer == "景德镇市人民政府"  # before the 2019 规定 the government reported


def test_pair_as_subject_makes_a_joint_report():
    r = gr.parse_text("2021年，河北省委、省政府坚持以习近平法治思想为指导，推进法治政府建设。\n" + BODY)
    assert r.issuer == "中共河北省委、河北省人民政府" and r.level == "省级"


def test_title_given_inline():
    r = gr.parse_text("根据有关要求，现将桃花街道2021年度法治政府建设工作报告如下：\n上海市各项工作。\n" + BODY)
    assert r.title == "桃花街道2021年度法治政府建设工作报告" and not r.title_inferred
    # the only 桃花街道 of the 民政部 code list is in 南昌市西湖区 (上海市 in the text does not move it)
    assert r.level == "乡镇级" and r.issuer == "南昌市西湖区桃花街道办事处"
    mine = gr.parse_text("现将我县2021年度法治政府建设情况报告如下：\n" + BODY)
    assert mine.title is None or mine.title_inferred  # 我县 is not a name
    assert mine.level == "县级"


@pytest.mark.parametrize("opening, issuer, level, province", [
    ("2017年，淄博市政府在省委、省政府的坚强领导下，推进法治政府建设。", "淄博市人民政府", "市级", "山东省"),
    ("2022年，在党中央、国务院的领导下，交通运输部推进法治政府部门建设。", "交通运输部", "部门", None),
    ("2017年，原环境保护部推进法治政府建设。", "环境保护部", "部门", None),
    ("2023年，绍兴市市场监管局坚持依法行政，推进法治政府建设。", "绍兴市市场监督管理局", "部门", "浙江省"),
    ("2022年，武定县人民政府办公室坚持依法行政，推进法治政府建设。", "武定县人民政府办公室", "部门", "云南省"),
    ("2020年，锡林郭勒盟推进法治政府建设。", "锡林郭勒盟行政公署", "市级", "内蒙古自治区"),
    ("2024年，昌吉州人民政府推进法治政府建设。", "昌吉回族自治州人民政府", "市级", "新疆维吾尔自治区"),
    ("2023年，全省法治政府建设工作取得新成效。省政府党组带头学法，甘肃各地推进依法行政。", "甘肃省人民政府", "省级", "甘肃省"),
])
def test_issuer_from_the_body(opening, issuer, level, province):
    r = gr.parse_text(opening + "\n" + BODY)
    assert (r.issuer, r.level, r.province) == (issuer, level, province)


def test_self_reference_of_a_bureau_is_a_department():
    r = gr.parse_text("现将我局2019年度法治政府建设情况报告如下：\n" + BODY)
    assert r.level == "部门"
    system = gr.parse_text("2022年，全市司法行政系统推进法治政府建设，遂宁市各项工作有序开展。我局牵头制定规划。\n" + BODY)
    assert (system.issuer, system.level, system.province) == ("遂宁市司法局", "部门", "四川省")


def test_town_with_its_county_from_the_index_number():
    text = "索引号：370481/2026-00251\n桃花镇2025年度法治政府建设情况报告\n2025年，桃花镇坚持依法行政。\n" + BODY
    r = gr.parse_text(text)
    assert (r.issuer, r.level, r.province, r.prefecture) == ("滕州市桃花镇人民政府", "乡镇级", "山东省", "枣庄市")


def test_county_level_city_and_district_are_county_level():
    for name in ("滕州市人民政府", "泉州市丰泽区人民政府"):
        r = gr.parse_text(f"{name}关于2025年度法治政府建设情况的报告\n2025年，坚持依法行政。\n" + BODY)
        assert r.level == "县级", name


def test_big5_file_is_read_as_big5():
    text = "北京市2020年法治政府建設年度情況報告\n2020年，市政府堅持依法行政，推進法治政府建設。\n"
    d = decode(text.encode("big5"))
    assert d.encoding == "big5" and d.text == text
    gbk = "北京市2020年法治政府建设年度情况报告\n2020年，市政府坚持依法行政。\n"
    assert decode(gbk.encode("gbk")).encoding == "gb18030"


def test_traditional_script_with_pinyin_is_read_simplified_at_the_same_offsets():
    text = "清遠(yuǎn)市教育局2024年法治政府建設(shè)情況報告\n2024年，清遠(yuǎn)市教育局堅持依法治教，舉辦講座12個、培訓3萬人次。\n" + BODY
    n = normalise(text)
    assert n.traditional and n.pinyin == 3 and len(n.text) == len(text)
    r = gr.parse_text(text)
    assert r.original_text == text and r.script == "traditional"
    assert r.title == "清远市教育局2024年法治政府建设情况报告" and r.issuer == "清远市教育局" and r.level == "部门"
    m = next(m for m in r.metrics if m.value == 12)
    assert m.unit == "个" and text[m.start:m.end] == "12個"  # offsets point into the printed text
    assert any(m.value_base == 30000 and m.unit == "万人次" for m in r.metrics)
    simple = "某县2024年法治政府建设情况报告\n2024年，某县坚持依法行政，乾隆年间的著作不改。\n"
    assert normalise(simple).text == simple  # simplified text is never converted


@pytest.mark.parametrize("sentence, values", [
    ("清理规章236 项，审查文件 12 件。", [236, 12]),
    ("办理案件１２件。", [12]),
    ("结合“3.15”消费者权益日、“4·15”国家安全教育日开展宣传活动5场。", [5]),
    ("印发《通知》（某政发〔2024〕12号），召开第3次会议，审议议题7项。", [7]),
    ("在全省考评中位列全国100个城市第10名。", [100, 10]),
])
def test_numbers_in_the_wild(sentence, values):
    r = gr.parse_text("某县2024年法治政府建设情况报告\n" + "一、主要成效\n" + sentence + "\n")
    assert [m.value for m in r.metrics] == values
    if 10 in values and "第10名" in sentence:
        assert r.metrics[-1].kind == "rank"


LOOK_ALIKE_TITLES = [
    ("某省人民政府办公厅关于印发《某省2025年法治政府建设重点工作安排》的通知", "work_plan"),
    ("某市法治政府建设实施方案（2021—2025年）", "work_plan"),
    ("某市教育局2022年政府信息公开工作年度报告", "information_disclosure"),
    ("某镇镇长2023年述法报告", "shufa_report"),
    ("2024年某市政府工作报告", "government_work_report"),
    ("省人大常委会会议听取审议2024年法治政府建设情况的报告", "news_article"),
    ("《某区人民政府关于2024年法治政府建设情况的报告》文件解读", "policy_interpretation"),
    ("法治政府建设年度报告制度：生成逻辑与未来展望", "academic_article"),
    ("关于法治政府建设示范地区名单的公示", "demonstration_notice"),
    ("某市法治政府建设实施纲要（2021—2025年）", "work_plan"),
    ("某县县长2023年度履行推进法治建设第一责任人职责情况报告", "shufa_report"),
    ("关于某县法治政府建设情况的调研报告", "research_report"),
    ("一图读懂《某县2023年法治政府建设年度报告》", "policy_interpretation"),
]
LOOK_ALIKE_OPENINGS = [
    ("近日，某县召开法治政府建设推进会，县长出席并讲话。", "news_article"),
    ("3月25日，某市人大常委会听取法治政府建设情况的报告。", "news_article"),
    ("摘要：法治政府建设年度报告制度是推进依法行政的重要抓手。", "academic_article"),
]


@pytest.mark.parametrize("text, code", [(t + "\n为推进法治政府建设，现将有关事项说明如下。", c) for t, c in LOOK_ALIKE_TITLES]
                         + LOOK_ALIKE_OPENINGS)
def test_look_alikes_are_rejected_with_their_reason(text, code):
    """By their title (with a neutral opening) or by their opening alone."""
    r = gr.parse_text(text + "\n" + BODY)
    assert not r.is_report and r.genre == code


def test_a_report_needs_no_single_cue():
    # no title, no 特此报告 (the excerpt is cut), only the opening and the mandated parts
    r = gr.parse_text("2023年，某县坚持以习近平法治思想为指导，深入推进法治政府建设。\n" + BODY)
    assert r.is_report and r.genre == "opening"
    plan_attached = gr.parse_text("关于法治建设工作情况的汇报和2022年工作计划\n现将我县2021年以来法治建设工作情况汇报如下：\n" + BODY)
    assert plan_attached.is_report
    other_doc = gr.parse_text("某县2023年法治政府建设情况报告\n2023年，某县落实《某县法治政府建设实施方案》和《2023年工作要点》。\n" + BODY)
    assert other_doc.is_report  # names of other documents in 《》 are not cues


@pytest.mark.parametrize("name", ["神木县人民政府", "神木市人民政府", "横县人民政府", "横州市人民政府"])
def test_old_and_new_names_of_divisions(name):
    # reports of 2015 use names abolished since; reports of 2025 the new ones (bench/gazetteer.py measures both)
    r = gr.parse_text(f"{name}关于2020年度法治政府建设情况的报告\n2020年，坚持依法行政。\n" + BODY)
    assert r.level == "县级" and r.province in ("陕西省", "广西壮族自治区")


def test_a_notice_that_transmits_a_report_is_the_report():
    r = gr.parse_text("关于印发《某县2023年法治政府建设情况报告》的通知\n2023年，某县坚持依法行政。\n" + BODY)
    assert r.is_report
    plan = gr.parse_text("关于印发《某县2024年法治政府建设工作要点》的通知\n各乡镇：现印发给你们。\n" + BODY)
    assert not plan.is_report and plan.genre == "work_plan"


@pytest.mark.parametrize("line, title", [
    ("某县人民政府2023年法治政府建设年度报告2024-03-15 09:30", "某县人民政府2023年法治政府建设年度报告"),
    ("某县人民政府2023年法治政府建设年度报告（全文）", "某县人民政府2023年法治政府建设年度报告（全文）"),
    ("[ 字体：大 中 小 ]", None),
])
def test_title_with_a_page_date_or_suffix(line, title):
    r = gr.parse_text(line + "\n访问次数：12\n2023年，某县坚持依法行政。\n" + BODY)
    assert r.title == title or (title is None and r.title_inferred)


def test_menu_bars_are_chrome_but_a_spaced_title_is_not():
    from govreports.parse.structure import is_navigation

    assert is_navigation("首   页 走进汉台 新闻中心 政府信息公开 政务服务 互动交流")
    assert not is_navigation("法 治 政 府 建 设 工 作 报 告")
    assert not is_navigation("中共某镇委员会 某镇人民政府")


@pytest.mark.parametrize("chrome, want", [
    ("成文日期：2024-01-08\n发布时间：2024-01-09 09:36", "2024-01-09"),  # posted outranks made
    ("发布日期：2024-01-09　成文日期：2024-01-08", "2024-01-09"),  # the date after the posting label
    ("文章来源：司法局 更新时间：2024/01/09 11:30:01", "2024-01-09"),
    ("信息来源：某县司法局 信息提供日期：2024-01-09 09:31", "2024-01-09"),
    ("发文日期：2024-01-08", "2024-01-08"),  # only a document date: used
])
def test_the_date_a_page_was_posted_outranks_the_date_the_document_was_made(chrome, want):
    body = "关于2023年度法治政府建设情况的报告\n2023年，我县深入推进法治政府建设。现将有关情况报告如下：\n一、主要成效\n完善制度。\n"
    report = gr.parse_text(chrome + "\n" + body, file="page.txt")
    assert report.published == want


def test_a_web_page_gives_the_text_a_browser_shows_entities_decoded_once():
    from govreports.read.html_text import html_to_text

    page = "<html><body><p>&amp;lt;script&amp;gt; &lt;b&gt; &amp;amp; 法治</p></body></html>"
    assert html_to_text(page).strip() == "&lt;script&gt; <b> &amp; 法治"
