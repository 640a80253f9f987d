"""The house rules of txdoctor/ (docs/architecture.md), read from the source.

Every import counts: at the top of a module, inside a function, and under
``if TYPE_CHECKING:``. A type-only import is no runtime edge, but it is still a
dependency of the design (mypy must resolve it, a reader must follow it), and the
project's rule is "no cycle, function-level imports counted": a cycle that only
exists for the type checker is a cycle all the same. ``importlib.import_module`` of a
string (the family table) is no import: that is how the core reaches families.

- no import cycle anywhere in ``txdoctor/``;
- the core (``txdoctor.core``) imports no family and nothing of the app layer;
- a family imports only the core, itself, ``txdoctor.addresses``, ``txdoctor.messages``
  and ``txdoctor.model`` — never another family, the dispatcher or the app layer;
- ``txdoctor.render`` imports no family; ``txdoctor.addresses`` only the core's chains
  table and secrets (offline parsers);
- every family in the table (``core/families.py``) has its package and its module.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "txdoctor"
APP = {
    "txdoctor",
    "txdoctor.__main__",
    "txdoctor.api",
    "txdoctor.batch",
    "txdoctor.cli",
    "txdoctor.cliparser",
    "txdoctor.cliwords",
    "txdoctor.config",
    "txdoctor.feed",
    "txdoctor.fees_command",
    "txdoctor.inputs",
    "txdoctor.runner",
    "txdoctor.settings",
}


def _module_names() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        out[".".join(parts).removesuffix(".__init__")] = path
    return out


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module → the txdoctor modules it imports (every import statement in it)."""
    mods = _module_names()

    def resolve(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    out: dict[str, frozenset[str]] = {}
    for me, path in mods.items():
        package = me if path.name == "__init__.py" else me.rpartition(".")[0]
        deps: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(resolve(a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                for a in node.names:
                    full = f"{base}.{a.name}"
                    deps.add(full if full in mods else resolve(base))
        out[me] = frozenset(d for d in deps if d and d != me and d.startswith("txdoctor"))
    return out


def _cycles(g: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    for start in g:
        if start in index:
            continue
        work = [(start, iter(sorted(g[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on.add(start)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(g.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                scc = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    scc.append(w)
                    if w == v:
                        break
                if len(scc) > 1:
                    found.append(sorted(scc))
    return found


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _family(module: str) -> str | None:
    parts = module.split(".")
    return ".".join(parts[:3]) if len(parts) >= 3 and parts[1] == "families" else None


def _allowed(me: str, dep: str) -> bool:
    own, other = _family(me), _family(dep)
    if _in(me, "txdoctor.core") or _in(me, "txdoctor.render"):
        return other is None and dep not in APP
    if own is not None:
        return (
            _in(dep, own)
            or dep == "txdoctor.families"
            or (_in(dep, "txdoctor.core") and dep != "txdoctor.core.dispatch")
            or _in(dep, "txdoctor.addresses")
            or _in(dep, "txdoctor.messages")
            or dep in ("txdoctor.model", "txdoctor._version")
        )
    if _in(me, "txdoctor.addresses"):
        return (
            _in(dep, "txdoctor.addresses")
            or _in(dep, "txdoctor.messages")
            or dep in ("txdoctor.core.chains", "txdoctor.core.secrets")
        )
    return True


def _broken_rules() -> set[tuple[str, str]]:
    return {(me, dep) for me, deps in graph().items() for dep in deps if not _allowed(me, dep)}


def test_no_import_cycle() -> None:
    assert _cycles(graph()) == []


def test_the_graph_sees_function_level_and_type_checking_imports() -> None:
    """The reader is what the rules stand on: it must see the imports the rules are about."""
    g = graph()
    assert "txdoctor.core.net.http" in g["txdoctor.core.session"]  # inside a method
    assert "txdoctor.core.session" in g["txdoctor.core.families"]  # under TYPE_CHECKING
    assert _cycles({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"})}) == [["a", "b", "c"]]


def test_layers_hold() -> None:
    assert _broken_rules() == set(), "import against the layering rules (docs/architecture.md)"


def test_the_core_reaches_families_only_through_the_table() -> None:
    """No import of a family anywhere in the core, not even inside a function."""
    for me, deps in graph().items():
        if _in(me, "txdoctor.core"):
            assert {d for d in deps if _family(d)} == set(), me


def test_the_rules_catch_a_core_module_importing_a_family() -> None:
    """The rule the last exception (issue 9: the Bitcoin address activity in the core's address
    checks) broke: a core module, even a check, importing a family module is refused."""
    assert not _allowed("txdoctor.core.checks.address", "txdoctor.families.bitcoin.facts")
    assert not _allowed("txdoctor.families.evm.source", "txdoctor.families.bitcoin.facts")
    assert not _allowed("txdoctor.families.tron.diagnose", "txdoctor.core.dispatch")
    assert _allowed("txdoctor.families.bitcoin.address_checks", "txdoctor.core.checks.address")


@pytest.mark.parametrize("spec", __import__("txdoctor.core.families", fromlist=["FAMILIES"]).FAMILIES)
def test_every_family_row_has_its_package_and_module(spec: object) -> None:
    from txdoctor.core.families import FamilySpec

    assert isinstance(spec, FamilySpec)
    assert spec.module.startswith(f"txdoctor.families.{spec.name}.")
    assert importlib.util.find_spec(spec.module) is not None, spec.module
    hooks = spec.hooks()
    for name in ("diagnose_tx", "diagnose_address", "fees_report", "watch_parts", "reply_parts"):
        assert callable(getattr(hooks, name, None)), (spec.name, name)
    if spec.probed_for:
        assert callable(getattr(hooks, "probe_tx", None)) and callable(getattr(hooks, "diagnose_found", None))
    assert list(spec.chains()), spec.name
