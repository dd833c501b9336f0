"""The package's folders are its stages, and no stage reaches up: read → parse → analysis → book.

Every import of every module is checked, at module level and inside functions. The base modules (the data
model, data files, settings, limits, the cache) import no stage; the corpus and the pipeline, which assemble
parsed reports, import only base modules and the reading and parsing stages; a stage imports base modules,
the corpus and the pipeline (from analysis on), its own stage and the stages below it."""
import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "govreports"
STAGES = ("read", "parse", "analysis", "store", "book")
BASE = {"model", "vocabulary", "resources", "settings", "limits", "cache"}
ASSEMBLY = {"corpus", "pipeline"}
ENTRY = {"cli", "__main__", "__init__"}  # the command line and the public API see everything


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every govreports module a file imports (as dotted names below govreports, '' for the package)."""
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else package
                target = [p for p in base if p] + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "govreports":
                target = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:  # "from . import words" imports a module
                out.add(".".join(target + [alias.name]) if (PACKAGE / Path(*target, alias.name + ".py")).is_file()
                        or (PACKAGE / Path(*target, alias.name)).is_dir() else ".".join(target))
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".", 1)[1] for a in node.names if a.name.startswith("govreports.")}
    return out


def layer(name: str) -> str:
    head = name.split(".")[0]
    if head in STAGES:
        return head
    return "base" if head in BASE else "assembly" if head in ASSEMBLY else "entry" if head in ENTRY or not head \
        else "unknown"


ALLOWED = {
    "base": {"base"},
    "assembly": {"base", "read", "parse", "assembly"},
    "read": {"base", "read"},
    "parse": {"base", "read", "parse"},
    "analysis": {"base", "assembly", "read", "parse", "analysis"},
    "store": {"base", "assembly", "read", "parse", "analysis", "store"},
    "book": {"base", "assembly", "read", "parse", "analysis", "store", "book"},
}
MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_folders_are_the_stages_and_every_module_has_a_place():
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()} == set(STAGES)
    unplaced = [module_name(p) for p in MODULES if layer(module_name(p)) == "unknown"]
    assert not unplaced, f"modules at the top that are neither base, assembly nor entry: {unplaced}"
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "In:" in doc and "Out:" in doc, f"{stage}/__init__.py says what enters and what leaves"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p) or "__init__")
def test_no_module_imports_a_higher_stage(path):
    mine = layer(module_name(path))
    if mine == "entry":
        return
    wrong = sorted(t for t in imported(path) if layer(t) not in ALLOWED[mine])
    assert not wrong, f"{module_name(path)} ({mine}) imports {wrong}"


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The test itself: an import of the book from the reading stage is found, in a function too."""
    fake = tmp_path / "govreports"
    (fake / "read").mkdir(parents=True)
    (fake / "book").mkdir()
    (fake / "book" / "plotting.py").write_text("")
    (fake / "read" / "x.py").write_text("def f():\n    from ..book import plotting\n    from .. import model\n")
    (fake / "model.py").write_text("")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    found = imported(fake / "read" / "x.py")
    assert found == {"book.plotting", "model"}
    assert [t for t in found if layer(t) not in ALLOWED["read"]] == ["book.plotting"]


def _declared() -> set[str]:
    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    return {re.split(r"[<>=!\[ ]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}


# Packages of an optional extra that `make` does not install, by the name they are imported as (an installed
# package is found through its metadata instead)
NOT_INSTALLED = {"sklearn": ["scikit-learn"]}


def test_every_third_party_package_the_code_imports_is_declared():
    dists = importlib.metadata.packages_distributions()
    roots = [PACKAGE, *(PACKAGE.parents[1] / folder for folder in ("tests", "tests_e2e", "tools", "bench"))]
    local = {p.stem for r in roots[1:] for p in r.glob("*.py")}
    missing = set()
    for root in roots:
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and not node.level and node.module else []
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top == "govreports" or top in local:
                        continue
                    if not {d.lower().replace("_", "-") for d in dists.get(top, NOT_INSTALLED.get(top, [top]))} & _declared():
                        missing.add(f"{top} ({path.relative_to(PACKAGE.parents[1])})")
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"


# Codes that are also ordinary words of the code (a column, a TOML key, an HTML tag, a field): they are compared
# through the vocabulary's names, but a literal of the same spelling elsewhere may mean something else
SHARED_SPELLINGS = {"section", "complete", "excerpt", "late", "unknown", "year", "part", "stock", "government", "place",
                    "central", "party"}
# 标题 (a title; also a section's heading) and 指标 (a metric; also a pipeline step) name other things too
SHARED_LABELS = {"title", "metric"}


def _literals(path: Path):
    """The string constants of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node


def test_every_category_and_field_label_is_defined_once():
    """Levels, roles, statuses, periods and scopes are written once (govreports.vocabulary), the fields' reader
    labels once (govreports.book.labels); every other module uses their names."""
    from govreports import vocabulary
    from govreports.book.labels import FIELD_LABELS

    codes = {v for k, v in vars(vocabulary).items() if k.isupper() and isinstance(v, str)} - SHARED_SPELLINGS
    known = codes | {v for k, v in FIELD_LABELS.items() if k not in SHARED_LABELS}
    assert {"省级", "问题+计划", "层级不详", "not_reached", "procuratorate", "所述年度"} <= known
    home = {PACKAGE / "vocabulary.py", PACKAGE / "book" / "labels.py"}
    twice = {}
    for path in MODULES:
        if path not in home:
            for node in _literals(path):
                if node.value in known:
                    twice.setdefault(node.value, []).append(f"{module_name(path)}:{node.lineno}")
    assert not twice, f"written again instead of imported from govreports.vocabulary or book.labels: {twice}"


def test_every_table_of_reader_labels_is_in_book_labels():
    """A mapping of codes or columns to the words readers see is a ``*_LABELS`` table in book/labels.py: one
    place and one naming scheme; a table whose values are mostly Chinese anywhere else is a label table too."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    elsewhere, names = [], {}
    for path in MODULES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Dict)):
                continue
            name = node.targets[0].id
            values = [v.value for v in getattr(node.value, "values", []) if isinstance(v, ast.Constant)
                      and isinstance(v.value, str)]
            chinese = values and sum(bool(cjk.search(v)) for v in values) > len(values) / 2
            if path != PACKAGE / "book" / "labels.py" and (name.endswith(("_ZH", "_LABELS", "_HEADERS")) or chinese):
                elsewhere.append(f"{module_name(path)}.{name}")
            elif path == PACKAGE / "book" / "labels.py":
                names[name] = len(values)
    # a few units of measure are data, not labels: 份 counts as 件 (indicators.SAME_UNIT)
    assert elsewhere == ["analysis.indicators.SAME_UNIT"], f"reader labels outside book/labels.py: {elsewhere}"
    assert names and all(n.endswith("_LABELS") for n in names), f"one naming scheme: {sorted(names)}"
