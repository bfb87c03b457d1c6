"""The package as installed and imported: its version, its public names, its cost to import."""
import subprocess
import sys
import types
from pathlib import Path

import pytest

import discourse
from discourse import _version

ROOT = Path(__file__).resolve().parent.parent

try:
    import tomllib
except ModuleNotFoundError:   # Python < 3.11
    import tomli as tomllib


def test_fallback_version_is_pyproject_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == _version.DISTRIBUTION
    assert _version.FALLBACK_VERSION == project["version"]
    assert discourse.__version__ == _version.version()


def test_py_typed_marker_is_shipped():
    assert (ROOT / "discourse" / "py.typed").is_file()


@pytest.mark.parametrize("name", sorted(set(discourse.__all__) - {"__version__"}))
def test_public_name_is_its_definition(name):
    value = getattr(discourse, name)
    assert not isinstance(value, types.ModuleType)
    assert name in dir(discourse)
    assert value is getattr(sys.modules[value.__module__], name)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        discourse.no_such_name


def test_import_is_cheap_and_functions_keep_their_names():
    """``import discourse`` loads no heavy library; ``discourse.targets`` and
    ``discourse.agreement`` stay the functions when their submodules load later."""
    code = ("import sys, discourse\n"
            "heavy = [m for m in ('numpy', 'sklearn', 'matplotlib') if m in sys.modules]\n"
            "import discourse.pipeline\n"
            "print(heavy, discourse.targets.__name__, discourse.agreement.__name__,"
            " callable(discourse.targets), callable(discourse.agreement))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["[]", "targets", "agreement", "True", "True"]
