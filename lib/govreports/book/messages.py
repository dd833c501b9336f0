"""Chinese for the book: the parser's warnings and the reasons a file was not read.

The command line keeps its English one-liners (they are what the parser and the tests speak); what a reader
of the book sees goes through :func:`zh`. Each English message has one pattern here; ``tests/test_messages``
checks that every message the package can produce on the test corpora comes out in Chinese.
"""
from __future__ import annotations

import re

from .labels import FIELD_LABELS

# (pattern, Chinese): the pattern is matched against the whole message; groups are carried over.
_TABLE: list[tuple[str, str]] = [
    # parser warnings
    (r"published not found \(no signing date or page date\)", "没有找到发布日期（没有落款日期，也没有网页日期）"),
    (r"(title|issuer|place|level|province|year_covered) not found", "没有找到{field}"),
    (r"no numbered sections found", "没有找到带编号的标题"),
    (r"year_covered (\d{4}) is after the publication date (\S+)", "所述年度 {0} 晚于发布日期 {1}"),
    (r"not an annual report: (.*)", "不是年度报告：{0}"),
    (r"pages without text \(scanned\?\): (.*)", "这些页没有文字（可能是扫描页）：第 {0} 页"),
    (r"(\d+) unreadable characters \(fonts without a Unicode map\)", "有 {0} 个字符无法识别（字体缺少编码表）"),
    (r"(\d+) NUL bytes? removed from the text", "删除了文本中的 {0} 个空字节"),
    (r"(\d+) radical or compatibility characters? read as unified ideographs?", "{0} 个部首或兼容汉字已按标准汉字读取"),
    # files not read: text
    (r"empty file", "空文件"),
    (r"whitespace only", "只有空白字符"),
    (r"binary file \(NUL bytes and no UTF-16 byte-order mark\)", "二进制文件，不是文本"),
    (r"binary file \(control characters in the text\)", "二进制文件（含控制字符），不是文本"),
    (r"invalid (\S+) after its byte-order mark at byte (\d+)", "文件开头标明是 {0} 编码，但第 {1} 字节起无法按此解码"),
    (r"undecodable: .*", "无法解码：既不是 UTF-8、UTF-16，也不是 GB18030/GBK 或 Big5"),
    (r"web page without text", "网页中没有正文文字"),
    (r"duplicate of (.*)", "与 {0} 内容相同（重复文件）"),
    # files not read: documents
    (r"truncated PDF: .*", "PDF 文件不完整（下载中断）：请重新下载"),
    (r"encrypted PDF: it needs a password to open.*", "PDF 设有打开密码：请另存一份不加密的文件"),
    (r"encrypted PDF that cannot be opened.*", "PDF 已加密，无法打开：请另存一份不加密的文件"),
    (r"damaged PDF.*", "PDF 文件已损坏，无法读取：请重新下载"),
    (r"scanned PDF: .*", "扫描件，没有文字层，需要先做文字识别（OCR）"),
    (r"PDF without text: .*", "PDF 中既没有文字也没有图片"),
    (r"PDF whose text cannot be decoded.*", "PDF 的文字无法识别（字体没有对应的字符）：请用其他工具转换或做文字识别"),
    (r"garbled PDF text: (\d+%) of its characters are unreadable.*",
     "PDF 文字乱码：{0} 的字符无法识别（字体缺少编码表），请用其他工具转换或做文字识别"),
    (r"damaged Word file.*", "Word 文件已损坏，无法读取：请重新保存为 .docx"),
    (r"Word file without text", "Word 文件中没有文字"),
    (r"damaged zip package.*", "压缩包格式的文件（.docx/.ofd）已损坏：请重新下载"),
    (r"a zip package that is not a Word document.*", "是压缩包，但不是 Word 文档，没有读取"),
    (r"an old Word or WPS file .*", "旧版 Word 或 WPS 文件（.doc/.wps）不能直接读取：请另存为 .docx 或 PDF"),
    (r"an OFD file is not read.*", "OFD 版式文件不能直接读取：请在版式阅读器中另存为 PDF"),
    (r"an image is not read.*", "图片文件：需要先做文字识别（OCR）"),
    (r"an RTF file is not read.*", "RTF 文件不能直接读取：请另存为 .docx 或 PDF"),
    (r"an OpenDocument text is not read.*", "OpenDocument 文本不能直接读取：请另存为 .docx 或 PDF"),
    (r"a spreadsheet or presentation, not a report text: not read", "表格或演示文稿，不是报告正文，没有读取"),
    (r"an archive is not read: .*", "压缩包：请先解压到文件夹中"),
    (r"unsupported file type (\S*) .*", "不支持的文件类型 {0}（可读取纯文本、网页、PDF 和 .docx）"),
    # files not read: limits
    (r"file too large: (\S+) MB, over the limit of (\S+) MB.*", "文件过大：{0} MB，超过 {1} MB 的上限，没有读取"),
    (r"compressed content too large: its (?:parts|streams) inflate to more than (\S+) MB beyond.*",
     "压缩内容过大：解压后比文件本身大出 {0} MB 以上，没有读取"),
    (r"compressed content too large: a part inflates to more than (\d+) times.*",
     "压缩内容过大：其中一个部分解压后超过压缩大小的 {0} 倍，没有读取"),
    (r"compressed content too large: more than (\d+) parts.*", "压缩内容过大：包含超过 {0} 个部分，没有读取"),
    (r"a Word package whose parts are compressed in a way Word never writes.*",
     "Word 文件使用了 Word 从不使用的压缩方式，没有读取"),
    (r"PDF with more than (\d+) pages.*", "PDF 超过 {0} 页，没有读取"),
    (r"PDF too large to read: its pages hold more than (\S+) MB of content.*", "PDF 内容过多：各页内容合计超过 {0} MB，没有读取"),
    (r"PDF too large to read: a page draws more than (\d+) characters and shapes.*",
     "PDF 内容过多：有一页绘制的字符和图形超过 {0} 个，没有读取"),
    # files not read: the folder
    (r"no such file \(or a broken symbolic link\)", "文件不存在（或是失效的快捷方式）"),
    (r"no such file", "文件不存在"),
    (r"cannot read: (.*)", "无法读取：{0}"),
    (r"a folder, not a file", "是文件夹，不是文件"),
    (r"not a regular file .*", "不是普通文件（管道、设备或套接字），没有读取"),
    (r"a symbolic link to a folder: .*", "指向文件夹的快捷方式，没有跟随：请直接放入文件或复制过来"),
    (r"a symbolic link to a file outside the corpus folder.*", "指向语料文件夹之外的文件的快捷方式，没有读取"),
    (r"a hidden file \(its name starts with a dot\).*", "隐藏文件（文件名以点开头），没有读取"),
    (r"a hidden folder \(its name starts with a dot\).*", "隐藏文件夹（名称以点开头），没有读取"),
    (r"the text extracted from (.*) \(written by add.*", "{0} 的提取文本（由 add 命令写出，供核对位置），不重复读取"),
]
_COMPILED = [(re.compile(p), zh) for p, zh in _TABLE]


def zh(message: str) -> str:
    """The Chinese of one warning or reason (several joined by "; " are translated one by one); a message
    without a pattern is returned unchanged (the test of this module finds them)."""
    if "; " in message and not any(rx.fullmatch(message) for rx, _ in _COMPILED):
        return "；".join(zh(part) for part in message.split("; "))
    for rx, template in _COMPILED:
        m = rx.fullmatch(message.strip())
        if m:
            groups = m.groups()
            field = FIELD_LABELS.get(groups[0], groups[0]) if groups else ""
            return template.format(*groups, field=field)
    return message
