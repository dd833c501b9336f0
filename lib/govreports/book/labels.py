"""Every label a reader sees for a code, a field or a column, in one place and one naming scheme (X_LABELS:
code → Chinese). The codes are in :mod:`govreports.vocabulary` and the analyses' tidy tables."""
from __future__ import annotations

from ..parse.codes import NOTE as CODE_NOTE
from ..vocabulary import (
    ABSENT,
    COMPLETE,
    COURT,
    CUMULATIVE,
    CUT_SHORT,
    EXCERPT,
    GOVERNMENT,
    LATE,
    MENTIONED,
    NO_RULE,
    NOT_REACHED,
    ON_TIME,
    PART,
    PROCURATORATE,
    SECTION,
    STOCK,
    UNKNOWN_DATE,
    YEAR,
)

# The report's fields (warnings, accuracy tables, profile pages, the panel)
FIELD_LABELS = {"title": "标题", "issuer": "发文机关", "place": "地方", "level": "层级", "province": "省份",
                "prefecture": "地级市", "year_covered": "所述年度", "published": "发布日期", "is_report": "是否报告",
                "metric": "指标"}

# The status of a mandated part (vocabulary.PART_STATUSES)
PART_STATUS_LABELS = {SECTION: "独立成节", MENTIONED: "仅有提及", ABSENT: "缺失", NOT_REACHED: "未覆盖"}

# Whether a file holds the whole report (vocabulary.COMPLETENESS)
COMPLETENESS_LABELS = {COMPLETE: "完整", EXCERPT: "摘要或节选", CUT_SHORT: "不完整（文件中断）"}

# Why a file is judged whole, an excerpt or cut short (completeness.EVIDENCE)
COMPLETENESS_EVIDENCE_LABELS = {"excerpt_marker": "标明为摘要或节选", "signed": "以落款或成文日期结尾",
                                "ends_mid_sentence": "最后一段在句子中间中断", "ends_with_ellipsis": "以省略号结尾",
                                "final_part_reached": "写到了下一年度安排（或其他情况）并以完整的句子结尾",
                                "stops_before_final_part": "没有写到下一年度安排，也没有落款和日期", "no_prose": "没有成段的正文"}

# Why a file is or is not a report (the CLI keeps the English reason, which also names the cue)
GENRE_REASON_LABELS = {
    "title": "标题是法治政府建设年度报告",
    "opening": "开头是年度报告的写法（“20XX年，……坚持……”或“现将……报告如下”）",
    "structure": "正文有规定的几个部分（成效、问题、计划等）",
    "no_subject": "标题和开头都没有提到法治政府建设、依法行政或法治建设",
    "no_report_cue": "标题和开头都不像年度报告",
    "work_plan": "是工作要点、工作安排或实施方案，不是年度报告",
    "information_disclosure": "是政府信息公开工作年度报告，不是法治政府建设年度报告",
    "shufa_report": "是个人的述法（述职）报告，不是政府的年度报告",
    "government_work_report": "是政府工作报告或人大、法院、检察院的工作报告",
    "news_article": "是新闻报道（例如人大听取审议报告的消息）",
    "review_opinion": "是人大常委会对报告的审议意见，不是报告本身",
    "reconsideration_report": "是行政复议（应诉）工作报告，不是法治政府建设年度报告",
    "policy_interpretation": "是对报告或文件的解读",
    "academic_article": "是学术文章",
    "research_report": "是调研、调查或评估报告，不是政府的年度报告",
    "demonstration_notice": "是示范创建的公示或名单",
    "notice": "是通知、意见、办法等其他公文",
}

# Whether a report was published by its deadline (vocabulary.TIMELINESS)
TIMELINESS_LABELS = {ON_TIME: "按时", LATE: "逾期", NO_RULE: "无适用期限", UNKNOWN_DATE: "日期不详"}

# What kind of quantity a figure is
FIGURE_KIND_LABELS = {"count": "计数", "percent": "比率", "money": "金额", "duration": "时长", "ratio": "倍数", "other": "其他"}

# Whose work a figure counts (vocabulary.SCOPES)
SCOPE_LABELS = {GOVERNMENT: "政府及其部门", COURT: "法院", PROCURATORATE: "检察院"}

# What period a figure covers (vocabulary.PERIODS)
PERIOD_LABELS = {YEAR: "报告年度", CUMULATIVE: "累计或多年合计", STOCK: "时点存量", PART: "年度数字的一部分"}

# Columns of indicators.richness
RICHNESS_LABELS = {"metrics": "指标数", "metrics_per_1000_chars": "每千字指标数",
                   "share_sections_with_figures": "含数字的小节占比", "sections_with_text": "小节数"}

# Columns of indicators.unmapped
UNMAPPED_LABELS = {"quantity": "所计对象（中心词）", "unit": "单位", "reports": "报告数", "figures": "数字数",
                   "example": "原文中的写法（一例）"}

# Columns of problems.candour
CANDOUR_LABELS = {"problems": "问题条数", "problem_chars": "问题字数", "achievement_chars": "成效字数",
                  "problem_to_achievement": "问题/成效", "specific": "其中具体的", "formulaic": "其中套话式的"}

# The two forms of formula phrases (template.formula_phrases)
FORMULA_FORM_LABELS = {"repeat": "重叠式", "modifier_verb": "修饰+动词"}

# The columns a theme profile groups reports by
PROFILE_AXIS_LABELS = {"level": FIELD_LABELS["level"], "year_covered": "年度"}

# Columns of evaluation.agreement as the reader's table shows them
AGREEMENT_LABELS = {"labels": "标注数", "taken": "归入数", "precision": "精确率（95% 区间）",
                    "recall": "召回率（95% 区间）", "f1": "F1"}

# Columns of Words.top_terms
TOP_TERMS_LABELS = {"rate": "每万字（各报告平均）", "reports": "出现于几份报告", "count": "总次数"}

# Columns of concepts.summary
CONCEPT_SUMMARY_LABELS = {"concept": "概念", "terms": "词语", "reports": "出现于几份报告", "count": "总次数",
                          "mean_per_10k": "每万字（各报告平均）"}

# The measures of the development set's scores
REAL_MEASURE_LABELS = {"metadata": "元数据（发文机关、层级、省、年度、正文中印出的标题）", "reports_kept": "真实报告被认作报告",
                       "lookalikes_rejected": "相似文本被排除", "metric_recall": "指标召回率（标注的数字）"}

# The annotated sets of the figures' mapping
MAPPING_SET_LABELS = {"seeds": "种子报告（样本内）", "real": "开发集的三分之二（样本内）",
                      "heldout": "开发集留出的三分之一（样本外，盲标）"}

# The measures of the figures' mapping
MAPPING_MEASURE_LABELS = {"precision": "精确率（归入某指标的数字确实是该指标）", "recall": "召回率（该归入的数字被归入）",
                          "coverage": "覆盖率（全部数字中归入规范指标的比例）"}

# The annotated sets of the structure's scores
STRUCTURE_SET_LABELS = {"development": "开发集（65 份真实报告的网页开头）", "seeds": "种子报告（5 份全文）",
                        "seeds+development": "种子报告与开发集（全部文件）"}

# The measures of the structure's scores
STRUCTURE_MEASURE_LABELS = {
    "completeness": "文件是否完整（完整／摘要或节选／中途中断）",
    "heading_recall": "一级标题：标注的标题被找到",
    "heading_precision": "一级标题：找到的标题确是一级标题",
    "role": "一级标题的作用（在找到的标题中）",
    "part_recall": "必备部分：文件中有的部分被认出",
    "part_precision": "必备部分：认出的部分确实在文件中",
    "unreached_not_missing": "文件没有写到的部分未被算作缺失",
    "problems_recall": "问题：标注的问题被抽出（模糊匹配）",
    "problems_precision": "问题：抽出的确是标注的问题（模糊匹配）",
    "plans_recall": "计划：标注的计划被抽出（模糊匹配）",
    "plans_precision": "计划：抽出的确是标注的计划（模糊匹配）",
    "timeliness": "是否按时公开（按标注的层级、年度、日期判定 vs 按程序读出的判定）",
    "shared_precision": "共有段落：所列报告确实含有该段落",
    "shared_recall": "共有段落：含有该段落的报告都被列出",
}

# Column types in the data dictionary
DTYPE_LABELS = {"int64": "整数", "Int64": "整数（可为空）", "float64": "小数", "bool": "是/否", "boolean": "是/否（可为空）",
                "object": "文本", "str": "文本", "string": "文本"}

# The panel's columns besides parts, themes, indicators and concepts
PANEL_LABELS = {
     "author": "发文主体（政府以地方、部门以名称）", "report_id": "报告编号",
     **{k: FIELD_LABELS[k] for k in ("year_covered", "issuer", "place", "level", "province", "prefecture", "published")},
     "province_code": "省级区划代码", "prefecture_code": "地级区划代码", "county_code": "县级区划代码",
     "town_code": "乡镇街道代码", CODE_NOTE: "区划代码说明",
     "completeness": "文件是否完整", "chars": "正文字数", "sections": "一级标题数", "timeliness": "是否按时公开",
 }

# The store's benchmark, per corpus size (book.tables.scale)
STORE_BENCH_LABELS = {"reports": "合成报告数", "analysed": "其中分析的报告", "mb": "文件（MB）",
                      "clean_s": "首次建库（秒）", "tree_mb": "内存峰值（MB，全部进程）",
                      "unchanged_s": "未改动再运行（秒）", "one_changed_s": "改动一份后（秒）",
                      "store_mb": "数据集（MB）", "queries_s": "各章的汇总查询合计（秒）",
                      "warm_load_s": "不用数据集：读入全部报告（秒）", "warm_load_mb": "不用数据集：内存峰值（MB）"}
# The book's own build (bench/results/book.json), as the methods appendix tabulates it
BOOK_BENCH_LABELS = {"reports": "合成报告数", "profile_pages": "档案页", "clean_s": "从零构建（秒）",
                     "clean_tree_mb": "内存峰值（MB，全部进程）", "unchanged_s": "未改动再构建（秒）",
                     "one_changed_s": "改动一份后再构建（秒）", "commit": "测量所用版本"}

# The formats of the files read
FORMAT_LABELS = {"text": "纯文本（.txt）", "html": "网页（.html）", "pdf": "PDF", "docx": "Word（.docx）"}

# What became of each file
OUTCOME_LABELS = {"report": "分析的报告", "not_report": "不是年度报告", "unread": "未能读取"}

# Labels of the themes' zh_CN catalogues that are not simplified Chinese → what the book shows instead
UI_LABELS = {"列印成 PDF": "打印为 PDF"}

# Interface strings the themes (pydata-sphinx-theme 0.17, sphinx-book-theme 1.1) and itables write in English
# whatever the language, as attribute values (title, aria-label, placeholder, data-bs-title) → the book's words
UI_ATTRIBUTE_LABELS = {
    "Link to this heading": "链接到本节", "Link to this image": "链接到此图", "Link to this term": "链接到此术语",
    "Link to this table": "链接到此表", "Link to this code": "链接到此代码", "Link to this equation": "链接到此公式",
    "Toggle hidden content": "显示或隐藏", "Search this book...": "在本书中搜索…", "Search": "搜索",
    "Toggle primary sidebar": "显示或隐藏目录", "Toggle secondary sidebar": "显示或隐藏本页目录",
    "System Settings": "跟随系统", "Color mode": "配色", "Light": "亮色", "Dark": "暗色", "Main": "主导航",
    "Page": "本页导航", "Section Navigation": "本节导航", "Site navigation": "全书导航", "Breadcrumb": "位置",
    "Back to top": "回到顶部", "Home": "首页",
    "JavaScript not allowed. Please trust this notebook to get interactive tables.": "表格需要浏览器运行 JavaScript 才能筛选和排序。",
}


def reason_zh(code: str) -> str:
    """The Chinese sentence for a genre code."""
    return GENRE_REASON_LABELS.get(code, code)
