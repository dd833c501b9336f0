import json
import subprocess
import sys

KEYS = ["file", "is_report", "genre", "genre_reason", "title", "issuer", "place", "level", "province", "prefecture", "year_covered",
        "published", "sections", "format", "metrics", "problems", "plans", "warnings"]


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "govreports", *args], capture_output=True, text=True, cwd=cwd)


def test_parse_json_prints_one_object_per_file_in_order(seed_files):
    out = run("parse", "--json", *map(str, reversed(seed_files)))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [d["file"] for d in data] == [str(f) for f in reversed(seed_files)]
    for d in data:
        assert list(d) == KEYS
        assert d["metrics"] and {"text", "value", "unit", "approx", "kind", "label", "start", "end", "section",
                                  "sentence", "value_base", "unit_base", "value_high"} <= set(d["metrics"][0])
        assert all(set(s) == {"numbering", "heading", "role", "start", "end"} for s in d["sections"])
    assert data[-1]["published"] is None and data[1]["published"] == "2021-02-18"


def test_unreadable_files_give_one_error_line_each_and_exit_2(tmp_path, seed_files):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin.txt").write_bytes(b"\x80\x80\xff\xfe abc")
    files = [str(tmp_path / n) for n in ("empty.txt", "blank.txt", "binary.txt", "latin.txt", "missing.txt")]
    out = run("parse", "--json", str(seed_files[0]), *files)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 5
    assert all(line.startswith(f"error: {f}: ") for line, f in zip(lines, files))
    assert [d["file"] for d in json.loads(out.stdout)] == [str(seed_files[0])]


def test_plain_output_and_help(seed_files):
    out = run("parse", str(seed_files[4]))
    assert out.returncode == 0 and "新蔡县" in out.stdout and "[问题]" in out.stdout
    assert run("parse", "--help").returncode == 0
    bad = run("frobnicate")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
