"""The official template's wording, typed by hand for the tests.

This list is deliberately independent of :mod:`gxopen._codes`: the layout
writers in :mod:`tests.layouts` print these labels, and ``test_codes.py``
checks the code table against them, so a wrong label in the code table fails
a test instead of being copied into every fixture. Source: FORMAT.md sections
2–5 (国办公开办函〔2021〕30号 and 〔2019〕60号), full-width punctuation as in
the template.
"""

from __future__ import annotations

PARTS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
"""The six part headings, in order."""

Block = tuple[str, tuple[str, ...], tuple[str, ...]]
"""(block header, column labels, row labels) of a table 2 block."""

TABLE2_HEADER = "信息内容"

TABLE2_2021: tuple[Block, ...] = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
    ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
)
"""Table 2 of the 2021 edition."""

_ITEMS_2019 = ("上一年项目数量", "本年增/减", "处理决定数量")

TABLE2_2019: tuple[Block, ...] = (
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
    ("第二十条第（五）项", _ITEMS_2019, ("行政许可", "其他对外管理服务事项")),
    ("第二十条第（六）项", _ITEMS_2019, ("行政处罚", "行政强制")),
    ("第二十条第（八）项", _ITEMS_2019[:2], ("行政事业性收费",)),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
)
"""Table 2 of the 2019 edition."""

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE3_APPLICANT_HEADER = "申请人情况"
TABLE3_ORGANIZATION_HEADER = "法人或其他组织"
TABLE3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
"""The seven applicant columns; 2–6 sit under 法人或其他组织."""

_T3_HEAD = (
    ("1", "一、本年新收政府信息公开申请数量"),
    ("2", "二、上年结转政府信息公开申请数量"),
    ("3", "三、本年度办理结果"),
    ("3.1", "（一）予以公开"),
    ("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("3.3", "（三）不予公开"),
    ("3.3.1", "1.属于国家秘密"),
    ("3.3.2", "2.其他法律行政法规禁止公开"),
    ("3.3.3", "3.危及“三安全一稳定”"),
    ("3.3.4", "4.保护第三方合法权益"),
    ("3.3.5", "5.属于三类内部事务信息"),
    ("3.3.6", "6.属于四类过程性信息"),
    ("3.3.7", "7.属于行政执法案卷"),
    ("3.3.8", "8.属于行政查询事项"),
    ("3.4", "（四）无法提供"),
    ("3.4.1", "1.本机关不掌握相关政府信息"),
    ("3.4.2", "2.没有现成信息需要另行制作"),
    ("3.4.3", "3.补正后申请内容仍不明确"),
    ("3.5", "（五）不予处理"),
    ("3.5.1", "1.信访举报投诉类申请"),
    ("3.5.2", "2.重复申请"),
    ("3.5.3", "3.要求提供公开出版物"),
    ("3.5.4", "4.无正当理由大量反复申请"),
    ("3.5.5", "5.要求行政机关确认或重新出具已获取信息"),
    ("3.6", "（六）其他处理"),
)
_T3_OTHER_2021 = (
    ("3.6.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("3.6.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("3.6.3", "3.其他"),
)
_T3_TAIL = (
    ("3.7", "（七）总计"),
    ("4", "四、结转下年度继续办理"),
)

TABLE3_ROWS_2021 = (*_T3_HEAD, *_T3_OTHER_2021, *_T3_TAIL)
"""(numbering, label) of every row of table 3, 2021 edition, in printed order, group headings included."""
TABLE3_ROWS_2019 = (*_T3_HEAD, *_T3_TAIL)
"""The same for the 2019 edition, where （六）其他处理 is a data row."""
TABLE3_GROUPS = {"2021": frozenset({"3", "3.3", "3.4", "3.5", "3.6"}), "2019": frozenset({"3", "3.3", "3.4", "3.5"})}
"""The numbering of the rows that head a group (no cells of their own)."""

TABLE4_REVIEW = "行政复议"
TABLE4_LITIGATION = "行政诉讼"
TABLE4_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")
"""The three groups of table 4 that hold cells; the last two sit under 行政诉讼."""
TABLE4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
