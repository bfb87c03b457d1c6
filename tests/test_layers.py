"""The report lays out an Analysis; it computes nothing and imports no stage."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "discourse"
#: what report/ may import from the package: the records, the version, itself
ALLOWED = ("discourse.model", "discourse._version", "discourse._signals", "discourse.report")


def _imports(path: Path) -> list[str]:
    """Every discourse module ``path`` imports (relative imports resolved)."""
    here = ["discourse"] + list(path.relative_to(PACKAGE).parent.parts)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names if a.name.split(".")[0] == "discourse"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[:len(here) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from .. import x: x is a module
                    out += [f"{mod}.{a.name}" for a in node.names]
                    continue
            else:
                mod = node.module or ""
            if mod.split(".")[0] == "discourse":
                out.append(mod)
    return out


def test_report_imports_only_the_model():
    bad = {}
    for path in sorted((PACKAGE / "report").glob("*.py")):
        wrong = [m for m in _imports(path)
                 if not any(m == a or m.startswith(a + ".") for a in ALLOWED)]
        if wrong:
            bad[path.name] = wrong
    assert not bad, f"report/ imports stages: {bad}"


def test_the_checker_sees_a_stage_import(tmp_path):
    """The check above can fail: a relative import of a stage is caught."""
    fake = PACKAGE / "report" / "_probe_for_test.py"
    try:
        fake.write_text("from ..targets import targets\nfrom . import charts\n", encoding="utf-8")
        assert _imports(fake) == ["discourse.targets", "discourse.report.charts"]
    finally:
        fake.unlink()


def test_model_imports_no_stage():
    assert [m for m in _imports(PACKAGE / "model.py")
            if m not in ("discourse.config",)] == []
