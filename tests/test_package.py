"""The package's shape: layers that import downwards only, no cycles, a lazy flat namespace
that holds every name the book uses, and an `import helpers` that loads nothing optional."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import helpers as h

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "helpers"

# Layers, lowest first: a module may import its own layer or lower ones, never higher.
LAYERS = {
    "helpers._validate": 0,
    "helpers.glue": 0,
    "helpers.core": 1,
    "helpers.pictures": 2,
    "helpers.interactive": 3,
    # The student's practice checks: numpy and their own modules only (the grader, hidden
    # checks and references are in the top-level instructor/, outside the package).
    "helpers.practice": 3,
    "helpers": 4,  # the package's face: names every layer's exports (lazily)
}
# Third-party packages each layer may not import (anywhere, even inside a function).
FORBIDDEN = {
    "helpers.core": ("matplotlib", "ipywidgets", "IPython", "PIL"),
    "helpers.pictures": ("ipywidgets", "IPython"),
    "helpers.practice": ("ipywidgets", "instructor"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    mods = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return mods


def _imports(module: str, path: Path) -> set[str]:
    """Every module ``module`` imports (absolute names), at any depth of its code."""
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            out.add(target)
            # `from . import x` / `from .pkg import mod` may name submodules
            out.update(f"{target}.{a.name}" for a in node.names)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {m: {i for i in _imports(m, p) if i in mods and i != m} for m, p in mods.items()}


def _layer(module: str) -> tuple[str, int]:
    best = max((k for k in LAYERS if module == k or module.startswith(k + ".")), key=len)
    return best, LAYERS[best]


def test_every_module_belongs_to_a_layer():
    for m in _modules():
        assert _layer(m)[0], m


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{m} -> {d}" for m, deps in graph.items() for d in deps if _layer(d)[1] > _layer(m)[1]
    )


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return cycles


def test_imports_point_down_only():
    upward = _upward(_graph())
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def test_no_import_cycles():
    cycles = _cycles(_graph())
    assert not cycles, f"modules that import each other: {cycles}"


def test_the_checks_catch_an_upward_import_and_a_cycle(tmp_path):
    """The checks can fail: a core module that imports a picture module, and two core
    modules that import each other, are both caught."""
    fake = tmp_path / "fake.py"
    fake.write_text("from ..pictures import plotting\nfrom . import runner\n")
    deps = _imports("helpers.core.fake", fake)
    assert {"helpers.pictures.plotting", "helpers.core.runner"} <= deps
    graph = {
        "helpers.core.fake": deps & {"helpers.pictures.plotting", "helpers.core.runner"},
        "helpers.core.runner": {"helpers.core.fake"},
        "helpers.pictures.plotting": set(),
    }
    assert _upward(graph) == ["helpers.core.fake -> helpers.pictures.plotting"]
    assert _cycles(graph) == [["helpers.core.fake", "helpers.core.runner"]]


def test_layers_do_not_import_the_optional_parts():
    bad = []
    for m, p in _modules().items():
        layer = _layer(m)[0]
        for dep in _imports(m, p):
            if dep.split(".")[0] in FORBIDDEN.get(layer, ()):
                bad.append(f"{m} imports {dep}")
    assert not bad, "\n".join(bad)


# -- the flat namespace ---------------------------------------------------------------------
def test_every_exported_name_is_defined_where_the_map_says():
    for module, names in h._EXPORTS.items():
        mod = importlib.import_module(module)
        for name in names:
            assert name in vars(mod), f"{module} does not define {name}"
    assert len(h._MODULE_OF) == sum(len(n) for n in h._EXPORTS.values()), "a name twice"
    assert set(h.__all__) == {*h._MODULE_OF, "glue"}
    assert set(h.__all__) <= set(dir(h))


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        h.no_such_name  # noqa: B018


def _names_used_by_the_book() -> set[str]:
    used = set()
    for folder in ("chapters", "exercises", "solutions"):
        for md in (ROOT / folder).glob("*.md"):
            used.update(re.findall(r"\bh\.([A-Za-z_]\w*)", md.read_text(encoding="utf-8")))
    return used


def test_every_name_the_book_uses_is_in_the_flat_namespace():
    used = _names_used_by_the_book()
    assert len(used) > 100
    missing = sorted(n for n in used if not hasattr(h, n))
    assert not missing, f"chapters use h.{missing}"


def _fresh_python(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return out.stdout.strip()


def test_import_helpers_loads_no_optional_or_heavy_module():
    loaded = _fresh_python(
        "import sys, helpers\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    ).split()
    for heavy in (
        "ipywidgets",
        "IPython",
        "ipykernel",
        "jupyter_client",
        "jupyter_core",
        "matplotlib",
        "scipy",
        "PIL",
    ):
        assert heavy not in loaded, heavy


def test_numeric_names_load_no_pictures_and_pictures_no_widgets():
    core = _fresh_python(
        "import sys, helpers as h\n"
        "h.run(h.saddle(), [1.0, 0.1], steps=3); h.Table(['a'], [[1]]); h.PALETTE\n"
        "print(' '.join(sorted(sys.modules)))"
    ).split()
    assert not {m for m in core if m.startswith(("matplotlib", "ipywidgets", "IPython"))}
    pictures = _fresh_python(
        "import sys, helpers as h\n"
        "h.plot_contour; h.animate_paths\n"
        "print(' '.join(sorted(sys.modules)))"
    ).split()
    assert "matplotlib" in pictures and "matplotlib.pyplot" not in pictures
    assert not {m for m in pictures if m.startswith(("ipywidgets", "IPython"))}


def test_a_missing_ipywidgets_names_the_extra_to_install():
    message = _fresh_python(
        "import sys\n"
        "sys.modules['ipywidgets'] = None  # as if it were not installed\n"
        "import helpers as h\n"
        "h.saddle(); h.PALETTE\n"
        "try:\n"
        "    h.landscape_explorer\n"
        "except ModuleNotFoundError as exc:\n"
        "    print(exc.name, '|', exc)\n"
    )
    assert message.startswith("ipywidgets |") and 'pip install "helpers[interactive]"' in message


# -- documentation ---------------------------------------------------------------------------
def _sections(doc: str) -> set[str]:
    lines = doc.splitlines()
    return {a.strip() for a, b in zip(lines, lines[1:]) if b.strip() and set(b.strip()) == {"-"}}


@pytest.mark.parametrize("name", sorted(n for n in h.__all__ if callable(getattr(h, n))))
def test_every_public_callable_has_numpydoc_parameters_and_returns(name):
    """Functions: Parameters (if they take any) and Returns (unless they return None);
    classes: Parameters or Attributes; the Landscape protocol its attributes and methods."""
    import inspect

    obj = getattr(h, name)
    doc = inspect.getdoc(obj) or ""
    sections = _sections(doc)
    assert doc.split("\n")[0].strip(), f"{name} has no summary line"
    if inspect.isclass(obj):
        if obj is h.GradientDescentState:  # a state with no fields
            return
        assert sections & {"Parameters", "Attributes"}, f"{name}: {sorted(sections)}"
        return
    sig = inspect.signature(obj)
    if sig.parameters:
        assert "Parameters" in sections, f"{name} lacks Parameters"
        documented = re.findall(
            r"^(\**[A-Za-z_][\w, *]*?)(?: :|$)", doc.split("Parameters\n")[1], flags=re.M
        )
        names = {n.strip().lstrip("*") for entry in documented for n in entry.split(",")}
        missing = [p for p in sig.parameters if p not in names]
        assert not missing, f"{name}: parameters {missing} are not documented"
    if sig.return_annotation not in (None, "None"):
        assert "Returns" in sections, f"{name} lacks Returns"
