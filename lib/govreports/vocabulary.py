"""The categories the package sorts reports and their parts into, each value defined once.

Levels and roles are Chinese because they are data labels a reader sees as they are (a report's level is
省级); organ kinds, statuses, periods and scopes are codes, and their words for readers are in :mod:`govreports.book.labels`.
Every module compares against these names, never against a literal (tests/test_architecture.py checks).
"""
from __future__ import annotations

# The level of the body that issues a report
PROVINCIAL, MUNICIPAL, COUNTY, TOWNSHIP, DEPARTMENT = "省级", "市级", "县级", "乡镇级", "部门"
LEVELS = (PROVINCIAL, MUNICIPAL, COUNTY, TOWNSHIP, DEPARTMENT)
GOVERNMENT_LEVELS = (PROVINCIAL, MUNICIPAL, COUNTY)  # a local government with a division of its own
UNKNOWN_LEVEL = "层级不详"  # a report whose level the parser could not tell, wherever reports are grouped by level

# The kind of organ a title names as issuer (parse.titles.Organ): a government, a party committee, a department, a
# central body (国务院 …), or a place named without an organ (西城区2023年度…)
GOVERNMENT_ORGAN, PARTY_ORGAN, DEPARTMENT_ORGAN, CENTRAL_ORGAN, PLACE_ONLY = (
    "government", "party", "department", "central", "place")
ORGAN_KINDS = (GOVERNMENT_ORGAN, PARTY_ORGAN, DEPARTMENT_ORGAN, CENTRAL_ORGAN, PLACE_ONLY)

# The role of a top-level section (roles.toml); the text before the first heading is the preamble
ACHIEVEMENTS, LEADERSHIP, PROBLEMS, PLANS = "成效", "第一责任人", "问题", "计划"
HIGHLIGHTS, PROBLEMS_AND_PLANS, OTHER = "亮点", "问题+计划", "其他"
ROLES = (ACHIEVEMENTS, LEADERSHIP, PROBLEMS, PLANS, HIGHLIGHTS, PROBLEMS_AND_PLANS, OTHER)
PREAMBLE = "前言"
ACHIEVING_ROLES = (ACHIEVEMENTS, HIGHLIGHTS, LEADERSHIP)  # sections that report what was done
FORWARD_ROLES = (PROBLEMS, PLANS, PROBLEMS_AND_PLANS)  # sections that look at shortcomings and the next year
# An enumerated item is a problem or a plan; a problem fitting no category of problems.toml is 其他
ITEM_KINDS = (PROBLEMS, PLANS)
OTHER_CATEGORY = OTHER

# The status of a mandated part in a report
SECTION, MENTIONED, ABSENT, NOT_REACHED = "section", "mentioned", "absent", "not_reached"
PART_STATUSES = (SECTION, MENTIONED, ABSENT, NOT_REACHED)
VISIBLE_STATUSES = (SECTION, MENTIONED)  # the file shows the part

# Whether a file holds the whole report
COMPLETE, EXCERPT, CUT_SHORT = "complete", "excerpt", "cut_short"
COMPLETENESS = (COMPLETE, EXCERPT, CUT_SHORT)

# Whether a report was published by its deadline
ON_TIME, LATE, NO_RULE, UNKNOWN_DATE = "on_time", "late", "no_rule", "unknown"
TIMELINESS = (ON_TIME, LATE, NO_RULE, UNKNOWN_DATE)

# What period a figure covers, and whose work it counts
YEAR, CUMULATIVE, STOCK, PART = "year", "cumulative", "stock", "part"
PERIODS = (YEAR, CUMULATIVE, STOCK, PART)
GOVERNMENT, COURT, PROCURATORATE = "government", "court", "procuratorate"
SCOPES = (GOVERNMENT, COURT, PROCURATORATE)
