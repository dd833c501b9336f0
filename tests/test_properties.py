"""Property tests over generated documents: the parse is lossless and every metric is found again."""
import codecs

from hypothesis import given, settings
from hypothesis import strategies as st
from test_structure import check_lossless

import govreports as gr

CN = "一二三四五六七八九十"
STYLES = [lambda i: f"{CN[i]}、", lambda i: f"（{CN[i]}）", lambda i: f"({CN[i]})", lambda i: f"{i + 1}.",
          lambda i: f"{chr(0xFF11 + i)}．", lambda i: f"({i + 1})"]
CHROME = ["发布时间：2023-03-01 09:00 来源：县司法局", "当前位置: 首页 > 政务公开", "扫一扫在手机打开当前页", "浏览次数：120",
          "【打印本页】【关闭窗口】"]
WORDS = ["法治政府建设", "行政复议", "规范性文件", "行政执法", "普法宣传", "营商环境", "第一责任人", "矛盾纠纷", "“放管服”改革",
         "《民法典》", "双随机、一公开", "12345热线", "“1+1+1+2”工作机制", "2022年", "10月17日", "〔2022〕6号", "第28期"]
FACTS = ["受理案件{n}件", "开展培训{n}次", "覆盖率达{n}%", "发放资料{n}余份", "受益群众{n}万余人", "投资{n}.5万元",
         "由{n}个工作日压减为{m}日", "补贴{m}-{n}元"]

sentence = st.builds(
    lambda words, fact, n, m, comma, end: comma.join(words) + comma + fact.format(n=n, m=m) + end,
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.sampled_from(FACTS),
    st.integers(1, 99999), st.integers(1, 999), st.sampled_from(["，", ","]), st.sampled_from(["。", "；", "！", ""]))
paragraph = st.builds(lambda s, indent: indent + "".join(s), st.lists(sentence, min_size=1, max_size=4),
                      st.sampled_from(["", "  ", "\u3000\u3000", "\u2002"]))


@st.composite
def document(draw):
    lines = draw(st.lists(st.sampled_from(CHROME), max_size=2))
    lines += ["某某县人民政府", "关于2023年度法治政府建设情况的", "报    告"][: draw(st.integers(0, 3))]
    lines += draw(st.lists(paragraph, max_size=2))
    top, sub = draw(st.sampled_from(range(len(STYLES)))), draw(st.sampled_from(range(len(STYLES))))
    for i in range(draw(st.integers(1, 4))):
        head = STYLES[top](i) + draw(st.sampled_from(["主要举措和成效", "存在的问题", "下一步工作安排", "其他"]))
        if draw(st.booleans()):
            head += "。" + draw(paragraph).strip()
        lines.append(head)
        for j in range(draw(st.integers(0, 3))):
            lines.append(STYLES[sub](j) + draw(paragraph))
        lines += draw(st.lists(paragraph, max_size=2))
        lines += [""] * draw(st.integers(0, 1))
    lines += draw(st.lists(st.sampled_from(CHROME), max_size=1))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@settings(max_examples=150, deadline=None)
@given(document(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_generated_documents_parse_losslessly_with_metrics_at_their_offsets(text, encoding):
    data = text.encode(encoding)
    if encoding == "utf-16" and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    r = gr.parse_bytes(data, "generated.txt")
    assert r.text == text
    check_lossless(r)
    for m in r.metrics:
        assert text[m.start:m.end] == m.text
        assert m.text[0].isdigit() or m.text[0] in "０１２３４５６７８９"
