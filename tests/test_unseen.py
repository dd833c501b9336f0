"""Reports that are not in the repository: the parser is written for the genre, not for five files."""
import codecs

import govreports as gr

CITY = """\
当前位置：首页 > 政务公开 > 法治政府建设年度报告
洛阳市人民政府关于2023年法治政府建设情况的报告
发布日期：2024-03-15　　来源：洛阳市司法局
2023年，洛阳市坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
（一）深化“放管服”改革。全年取消行政许可事项12项，政务服务事项网上可办率达98%。
（二）严格规范公正文明执法。全面推行行政执法“三项制度”，开展案卷评查2次。
二、党政主要负责人履行推进法治建设第一责任人职责情况
市政府主要负责同志带头学法，主持召开常务会议专题研究法治政府建设4次。
三、存在的不足和原因
一是部分领导干部法治思维有待提高；二是基层执法力量薄弱。原因主要是培训不够系统。
四、2024年推进法治政府建设的主要安排
（一）加强重大行政决策管理。（二）推进综合行政执法改革。
五、其他需要报告的情况
无。
"""

DEPARTMENT = """\
芜湖市司法局2022年度法治政府建设工作报告
2022年，市司法局在市委、市政府的坚强领导下，认真履行职责。
一、主要工作及成效
1.加强行政复议工作。全年受理行政复议案件135件。
2.推进普法工作。
二、存在的问题
执法监督力度仍需加强。
三、下一步工作计划
持续深化法治政府建设示范创建。
特此报告。
芜湖市司法局
2023年1月20日
"""

PROVINCE = """\
浙江省人民政府
关于2021年度法治政府建设情况的报告
2021年，全省上下深入贯彻习近平法治思想。
一、主要举措和成效
全面推进数字法治政府建设。
二、存在的不足
部分地区行政执法规范化水平不高。
三、下一步工作安排
持续推进法治浙江建设。
浙江省人民政府
二〇二二年三月二十五日
"""

NOT_A_REPORT = {
    "policy": "《某某市法治政府建设实施方案》政策解读\n一、出台背景\n为深入推进法治政府建设，制定本方案。\n二、主要内容\n方案共分五个部分。\n",
    "plan": "某某县2024年法治政府建设工作要点\n一、加强党的领导\n（一）落实第一责任人职责。\n二、推进依法行政\n（一）加强规范性文件管理。\n",
    "news": "我县召开法治政府建设推进会\n3月5日，我县召开法治政府建设推进会，县长出席会议并讲话。\n会议强调，要持续推进依法行政。\n",
    "other": "关于开展2024年春季植树活动的通知\n各单位：\n现将有关事项通知如下。\n",
}


def test_city_report_from_a_web_page_saved_as_gbk():
    r = gr.parse_bytes(CITY.replace("\n", "\r\n").encode("gbk"), "luoyang.txt")
    assert r.is_report
    assert r.title == "洛阳市人民政府关于2023年法治政府建设情况的报告"
    assert r.issuer == "洛阳市人民政府"
    assert (r.place, r.level, r.province, r.prefecture) == ("洛阳市", "市级", "河南省", "洛阳市")
    assert r.place_inferred["province"]  # 河南省 is not in the text: it comes from the division data
    assert r.year_covered == 2023 and r.published == "2024-03-15"
    assert [s.role for s in r.sections] == ["成效", "第一责任人", "问题", "计划", "其他"]
    assert all(c.status == "section" for c in r.compliance)
    assert not any("来源" in p.text or "当前位置" in p.text for p in r.paragraphs())


def test_department_report_with_signature():
    r = gr.parse_bytes(codecs.BOM_UTF16_LE + DEPARTMENT.encode("utf-16-le"), "wuhu.txt")
    assert r.is_report and r.encoding == "utf-16-le"
    assert (r.issuer, r.level, r.place, r.province, r.prefecture) == ("芜湖市司法局", "部门", "芜湖市", "安徽省", "芜湖市")
    assert r.year_covered == 2022 and r.published == "2023-01-20"
    assert [s.role for s in r.sections] == ["成效", "问题", "计划"]
    assert [ln.kind for ln in r.lines][-3:] == ["closing", "closing", "closing"]
    assert r.compliance[2].status == "absent"


def test_province_report_dated_in_chinese_numerals():
    r = gr.parse_text(PROVINCE)
    assert (r.place, r.level, r.province, r.prefecture) == ("浙江省", "省级", "浙江省", None)
    assert r.title == "浙江省人民政府关于2021年度法治政府建设情况的报告"
    assert r.published == "2022-03-25" and r.year_covered == 2021


def test_texts_that_are_not_reports():
    for name, text in NOT_A_REPORT.items():
        r = gr.parse_text(text, file=name)
        assert not r.is_report, name
        assert any(w.startswith("not an annual report") for w in r.warnings), name


def test_missing_fields_are_null_with_a_warning():
    r = gr.parse_text("关于法治政府建设情况的报告\n一、主要成效\n我们做了很多工作。\n二、存在的问题\n还有不足。\n")
    assert r.place is None and r.year_covered is None and r.published is None
    assert {"place not found", "year_covered not found"} <= set(r.warnings)


def test_town_named_without_its_county_and_a_county_bureau():
    town = ("瓦房镇人民政府2024年度法治政府建设工作报告\n在洮南市委市政府坚强领导下，瓦房镇政府深入推进法治政府建设。现报告如下：\n"
            "一、主要举措与成效\n全年开展普法活动20余次。\n二、存在的问题\n法治意识仍需提高。\n")
    r = gr.parse_text(town)
    assert (r.place, r.level, r.province, r.prefecture) == ("瓦房镇", "乡镇级", "吉林省", "白城市")
    bureau = gr.parse_text(town.replace("瓦房镇人民政府2024", "方城县城乡建设局2024").replace("洮南市委", "方城县委"))
    assert (bureau.place, bureau.level, bureau.issuer) == ("方城县", "部门", "方城县城乡建设局")
