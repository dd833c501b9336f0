"""The benchmarks as the methods appendix shows them. The store's (``bench/store.py --save``, kept in
``bench/results/store.json``): a table per corpus size, the growth from the smallest to the largest, and what a
cluster run of a million reports would need at the measured cost per report. The book's own build
(``bench/book.py --save``, ``bench/results/book.json``): ``make book`` clean, unchanged and after one report
changed, per corpus size."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...limits import REPORTS_HELD, SPHINX_PROFILES
from ...resources import book_folder
from ...store.dataset import PART_REPORTS
from ..labels import BOOK_BENCH_LABELS, STORE_BENCH_LABELS

BENCH_FILE = Path("bench") / "results" / "store.json"
BOOK_BENCH_FILE = Path("bench") / "results" / "book.json"
CLUSTER_REPORTS = 1_000_000  # the corpus a cluster run is estimated for: a decade of every government's reports
CLUSTER_CORES = 64  # the cluster it is estimated on


@dataclass(frozen=True)
class Benchmark:
    date: str
    commit: str
    cores: int
    memory_gb: int
    runs: pd.DataFrame  # one row per corpus size (columns: the keys of STORE_BENCH_LABELS)


def _record(book: Path | None, name: Path) -> dict | None:
    """A benchmark's record in the book's folder (or ``book``), or None when it has none."""
    folder = book or book_folder()
    path = folder / name if folder else None
    return json.loads(path.read_text(encoding="utf-8")) if path is not None and path.is_file() else None


def load_benchmark(book: Path | None = None) -> Benchmark | None:
    """The recorded benchmark of the book's folder, or None when there is none."""
    record = _record(book, BENCH_FILE)
    if record is None:
        return None
    rows = [{"reports": r["reports"], "analysed": r["analysed"], "mb": r["mb"], "clean_s": r["clean"]["wall_s"],
             "tree_mb": r["clean"]["tree_peak_rss_mb"], "unchanged_s": r["unchanged"]["wall_s"],
             "one_changed_s": r["one_changed"]["wall_s"], "store_mb": r["store_mb"],
             "queries_s": sum(q["s"] for q in r["queries"].values()),
             "warm_load_s": r.get("warm_load_corpus", {}).get("s"),
             "warm_load_mb": r.get("warm_load_corpus", {}).get("peak_rss_mb")} for r in record["results"]]
    runs = pd.DataFrame(rows, columns=list(STORE_BENCH_LABELS)).astype({"warm_load_s": "Float64",
                                                                       "warm_load_mb": "Float64"})
    return Benchmark(record["date"], record["commit"], record["cores"], record["memory_gb"],
                     runs.sort_values("reports", ignore_index=True))


def benchmark_table(bench: Benchmark) -> pd.DataFrame:
    """One column per corpus size, one row per measure (a long list reads on a phone); a measure not taken at a
    size (the current way, beyond the sizes it fits in memory) is shown as 未测."""
    return _measures(bench.runs, STORE_BENCH_LABELS)


def _measures(runs: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    runs = runs.set_index("reports")
    out = runs.T.astype(object).where(runs.T.notna(), "未测")
    out = out.map(_number)
    out.columns = [f"{n:,} 份" for n in out.columns]
    out = out.rename(index=labels).drop(index=labels["reports"], errors="ignore")
    out.index.name = "测量"
    out.columns.name = labels["reports"]
    return out


@dataclass(frozen=True)
class BookBenchmark:
    cores: int
    memory_gb: int
    measured: str  # when and on what code, for prose: "2026-12-07 用版本 abc1234"
    runs: pd.DataFrame  # one row per corpus size (columns: the keys of BOOK_BENCH_LABELS)
    budgets: pd.DataFrame  # clean builds within a memory budget: reports, memory (as set: "3G"), clean_s, tree_mb


def _tree_mb(build: dict) -> float:
    """A build's peak memory over all its processes: the PSS sum where recorded (shared pages counted once),
    else the RSS sum of older records."""
    return build.get("tree_peak_pss_mb", build["tree_peak_rss_mb"])


def load_book_benchmark(book: Path | None = None) -> BookBenchmark | None:
    """The recorded benchmark of ``make book`` in the book's folder, or None when there is none."""
    record = _record(book, BOOK_BENCH_FILE)
    if record is None:
        return None
    results = sorted(record["results"], key=lambda r: r["reports"])
    runs = pd.DataFrame([{"reports": r["reports"], "profile_pages": r["clean"]["profile_pages"],
                          "clean_s": r["clean"]["wall_s"], "clean_tree_mb": _tree_mb(r["clean"]),
                          "unchanged_s": r["unchanged"]["wall_s"], "one_changed_s": r["one_changed"]["wall_s"],
                          "commit": r.get("commit", record["commit"])}
                         for r in results], columns=list(BOOK_BENCH_LABELS))
    commits: dict[str, dict[str, None]] = {}  # date → its commits, in the order of the sizes
    for r in results:
        commits.setdefault(r.get("date", record["date"]), {})[r.get("commit", record["commit"])] = None
    when = "、".join(f"{date} 用版本 {'、'.join(cs)}" for date, cs in commits.items())
    budgets = pd.DataFrame([{"reports": r["reports"], "memory": str(b["memory"]), "clean_s": b["wall_s"],
                             "tree_mb": _tree_mb(b)} for r in results if (b := r.get("clean_within_budget"))],
                           columns=["reports", "memory", "clean_s", "tree_mb"])
    return BookBenchmark(record["cores"], record["memory_gb"], when, runs, budgets)


def book_table(bench: BookBenchmark) -> pd.DataFrame:
    """``make book`` per corpus size, as :func:`benchmark_table` lays out the store's."""
    return _measures(bench.runs, BOOK_BENCH_LABELS)


def book_sentences(bench: BookBenchmark | None) -> str:
    """What the book's own benchmark says: the largest corpus measured, the growth from the smallest (when both were
    measured on the same version), the profile pages beyond ``SPHINX_PROFILES`` reports, how the chapters are
    executed and what a build after one changed report computes again."""
    direct = (f"报告超过 {SPHINX_PROFILES} 份时，档案页不再由 Sphinx 逐页读取：Sphinx 只生成一页档案的版式，"
              "其余各页在构建结束时按这一版式直接写出，档案索引改为可以筛选、分页的表格。")
    if bench is None:
        return (f"本书所在的文件夹中没有 make book 的基准测试记录（{BOOK_BENCH_FILE.as_posix()}），这里不列出数字。"
                + direct)
    large, small = bench.runs.iloc[-1], bench.runs.iloc[0]
    text = (f"本书自身的构建（make book，{bench.cores} 核、{bench.memory_gb} GB 内存，{bench.measured} 测量）："
            f"{int(large['reports']):,} 份合成报告时，从零构建用时 {large['clean_s']:,.0f} 秒，所有进程合计的内存峰值为 "
            f"{large['clean_tree_mb']:,.0f} MB；语料和程序都未改动时只核对输入，用时 {large['unchanged_s']:.1f} 秒；"
            f"改动一份报告后用时 {large['one_changed_s']:,.0f} 秒。")
    if len(bench.runs) > 1 and small["commit"] != large["commit"]:  # like with like: one version's growth only
        text += (f"{int(small['reports']):,} 份与 {int(large['reports']):,} 份是在不同版本上测量的，这里不计算两者之比。")
    elif len(bench.runs) > 1:
        text += (f"报告数从 {int(small['reports']):,} 份增至 {int(large['reports']):,} 份，从零构建的时间增至 "
                 f"{large['clean_s'] / small['clean_s']:,.1f} 倍，内存峰值增至 "
                 f"{large['clean_tree_mb'] / small['clean_tree_mb']:,.1f} 倍。")
    for b in bench.budgets[bench.budgets["reports"] == large["reports"]].itertuples():
        text += (f"设定内存预算（GOVREPORTS_MEMORY={b.memory}）时，同时执行的章节减少，{int(b.reports):,} 份报告从零构建"
                 f"用时 {b.clean_s:,.0f} 秒，所有进程合计的内存峰值为 {b.tree_mb:,.0f} MB。")
    return text + direct + KERNELS + KEPT


# How the build executes the chapters (tools/build_book.py, govreports.book.kernels)
KERNELS = (f"报告不超过 {REPORTS_HELD:,} 份时，每个工作进程只启动一个内核，依次执行多章，各章共用读入的语料和已经算出的表格，"
           "档案页与各章同时写出；超过时每章用一个新内核，档案页先写出，各进程用完即归还内存。")
# What a build after one changed report computes again (govreports.analysis.kept_rows)
KEPT = ("改动一份报告也要重新执行每一章，因为各章的数字都由全部报告算出；不过，只取决于单篇报告的中间结果（各条目的主题得分、"
        "概念计数、报告内重复的段落、叠字套语、例句得分、未对应规范指标的数字所计对象）在两次构建之间按报告保存，"
        f"只为新增或改动的报告重新计算，拼合后与全部重算逐行相同；报告超过 {SPHINX_PROFILES} 份时，内容和程序都没变的档案页也不再重写。")


def duration(minutes: float) -> str:
    """A duration for prose: hours from an hour up, else minutes (at least one)."""
    return f"{minutes / 60:.1f} 小时" if minutes >= 60 else f"{max(1, round(minutes))} 分钟"


def _number(v: object) -> object:
    """A measure as read: whole numbers with thousands separators, then one decimal, two below 1."""
    if isinstance(v, int) or (isinstance(v, float) and abs(v) >= 100):
        return f"{v:,.0f}"
    if isinstance(v, float):
        return f"{v:.1f}" if abs(v) >= 1 else f"{v:.2f}"
    return v


@dataclass(frozen=True)
class Growth:
    smallest: int
    largest: int
    times_reports: float
    times_time: float
    times_memory: float
    core_seconds_per_report: float  # of the clean build of the largest corpus
    cluster_hours: float  # CLUSTER_REPORTS on CLUSTER_CORES at that cost, the work spread perfectly
    driver_minutes: float  # the listing and hashing on the machine that starts a build, at the unchanged rate


def growth(bench: Benchmark) -> Growth:
    runs = bench.runs
    small, large = runs.iloc[0], runs.iloc[-1]
    per_report = large["clean_s"] * bench.cores / large["reports"]
    return Growth(int(small["reports"]), int(large["reports"]), large["reports"] / small["reports"],
                  large["clean_s"] / small["clean_s"], large["tree_mb"] / small["tree_mb"], per_report,
                  CLUSTER_REPORTS * per_report / CLUSTER_CORES / 3600,
                  large["unchanged_s"] / large["reports"] * CLUSTER_REPORTS / 60)


def sentences(bench: Benchmark | None) -> dict[str, str]:
    """The appendix's sentences on the benchmark (keys: statement, growth, cluster, synthetic, current)."""
    if bench is None:
        none = f"本书所在的文件夹中没有基准测试的记录（{BENCH_FILE.as_posix()}，由 make bench 写出），这里不列出数字。"
        return {"statement": none, "growth": "", "cluster": "", "synthetic": "", "current": ""}
    large = bench.runs.iloc[-1]
    g = growth(bench)
    statement = (f"在本机（{bench.cores} 核、{bench.memory_gb} GB 内存，{bench.date} 用版本 {bench.commit} 测量）上，"
                 f"{g.largest:,} 份合成报告首次建库用时 {large['clean_s']:,.0f} 秒，所有进程合计的内存峰值为 "
                 f"{large['tree_mb']:,.0f} MB；语料未改动时再运行用时 {large['unchanged_s']:.1f} 秒，"
                 f"改动一份报告后用时 {large['one_changed_s']:.1f} 秒。")
    growth_text = (f"报告数从 {g.smallest:,} 份增至 {g.largest:,} 份（{g.times_reports:,.0f} 倍），首次建库的时间增至 "
                   f"{g.times_time:,.1f} 倍，内存峰值增至 {g.times_memory:,.1f} 倍。" if len(bench.runs) > 1 else "")
    cluster = (f"按本机每个文件 {g.core_seconds_per_report * 1000:.1f} 核·毫秒估算，{CLUSTER_REPORTS:,} 份报告在 "
               f"{CLUSTER_CORES} 核的 Dask 集群上解析并写入约需 {duration(g.cluster_hours * 60)}（假定任务均匀分布、"
               f"共享文件系统不成为瓶颈）；发起建库的机器要逐一列出文件并计算散列，按本机的速度约需 "
               f"{duration(g.driver_minutes)}，这一步不随集群扩大而缩短。每个任务一次只处理一个分区（至多约 "
               f"{PART_REPORTS} 份报告）" + plateau(bench) + "。")
    duplicates = int((bench.runs["reports"] - bench.runs["analysed"]).max())
    synthetic = ("合成语料由本书的种子报告改写而成（换地名、移年份、打乱段落顺序），文本比真实报告整齐"
                 + (f"，也有重复：最多有 {duplicates:,} 个文件与另一文件相同，判为重复，不计入分析" if duplicates else "")
                 + "；真实语料的解析时间会有出入。")
    return {"statement": statement, "growth": growth_text, "cluster": cluster, "synthetic": synthetic,
            "current": current(bench)}


def plateau(bench: Benchmark) -> str:
    """What the two largest runs say of memory: a clause when it grew far less than the corpus, else nothing."""
    if len(bench.runs) < 2:
        return ""
    a, b = bench.runs.iloc[-2], bench.runs.iloc[-1]
    reports, memory = b["reports"] / a["reports"], b["tree_mb"] / a["tree_mb"]
    if reports >= 5 and memory < 1.5:
        return (f"，从 {int(a['reports']):,} 份到 {int(b['reports']):,} 份，报告数增至 {reports:,.0f} 倍，内存峰值只增至 "
                f"{memory:.1f} 倍")
    return ""


def current(bench: Benchmark) -> str:
    """What the table says of the way without the store (every report read, and the tables built from all of
    them), where it was measured, and what the book's build does instead."""
    measured = bench.runs.dropna(subset=["warm_load_s"])
    if measured.empty:
        return ""
    last = measured.iloc[-1]
    text = (f"表中“不用数据集”两行是不用这个数据集时各章的做法：先读入全部报告，由它们建出段落、数字和必备部分的表再分析（报告超过 "
            f"{REPORTS_HELD:,} 份时，报告读过后不留在内存中，用到时再从解析缓存读回），{int(last['reports']):,} 份时读入用时 "
            f"{last['warm_load_s']:.1f} 秒，内存峰值 {last['warm_load_mb']:,.0f} MB")
    if len(measured) > 1:
        first = measured.iloc[0]
        text += (f"，报告数是 {int(first['reports']):,} 份时的 {last['reports'] / first['reports']:,.0f} 倍，"
                 f"内存是 {last['warm_load_mb'] / first['warm_load_mb']:.1f} 倍")
    return text + ("。用 make book 构建本书时，各章改从这个数据集读取每份报告的表格（报告、章节、段落、句子、数字、必备部分），"
                   "数据集保存在构建目录中，每次构建只更新改动所在的分区；在 Jupyter 中运行各章时，把环境变量 GOVREPORTS_STORE "
                   "设为一个文件夹也是如此。下文构建本书的用时即按这种做法测得。")
