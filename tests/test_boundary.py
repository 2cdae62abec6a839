"""The engine wing is the only part of cmg that knows the engine: a walk over every module of the
package, by its import statements (also those inside functions) and by what importing it loads."""

import ast
import subprocess
import sys
from pathlib import Path

import cmg

PACKAGE = Path(cmg.__file__).parent
ENGINE = PACKAGE / "engine"
# what only the engine wing may import
ENGINE_LIBS = ("mkdocs", "material", "mkdocs_static_i18n", "jinja2", "markdown", "pymdownx", "properdocs")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import statement in the file."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
                names = [name] if node.module else [f"{name}.{a.name}" for a in node.names]
            else:
                names = [node.module]
            out += [(node.lineno, n) for n in names]
    return out


def _is_engine(name: str) -> bool:
    top = name.split(".", 1)[0]
    return top in ENGINE_LIBS or name == "cmg.engine" or name.startswith("cmg.engine.")


def test_the_walk_sees_the_whole_package():
    mods = _modules()
    assert len(mods) > 30 and any(p.parent == ENGINE for p in mods) and any(p.parent == PACKAGE / "exchange" for p in mods)


def test_no_module_outside_the_engine_wing_imports_the_engine():
    # the CLI hands `cmg build` and `cmg offline` to the engine by name (cli.ENGINE_COMMANDS), so
    # that no module of the core imports it
    bad = [f"{p.relative_to(PACKAGE.parent)}:{line}: imports {name}"
           for p in _modules() if ENGINE not in p.parents
           for line, name in _imports(p) if _is_engine(name)]
    assert not bad, "\n".join(bad)


def test_the_engine_wing_imports_the_engine_and_the_check_sees_it():
    # the walk itself works: the plugin's imports are found as engine imports
    found = [name for _, name in _imports(ENGINE / "plugin.py") if _is_engine(name)]
    assert "mkdocs.plugins" in found and "cmg.engine.settings" in found


def test_importing_the_core_loads_no_engine():
    core = sorted(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
                  for p in _modules() if ENGINE not in p.parents)
    code = (
        "import importlib, sys\n"
        f"for m in {core!r}:\n"
        "    importlib.import_module(m)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.', 1)[0] in {ENGINE_LIBS!r} or m.startswith('cmg.engine'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_no_import_cycle_between_modules_at_import_time():
    """Module-level imports only (those inside functions are deferred on purpose): the graph is a DAG."""
    graph: dict[str, set[str]] = {}
    names = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
             for p in _modules()}
    for name, path in names.items():
        rel_pkg = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        deps = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = rel_pkg[: len(rel_pkg) - node.level + 1]
                    mod = ".".join(base + ([node.module] if node.module else []))
                    targets = [mod] + [f"{mod}.{a.name}" for a in node.names]
                else:
                    targets = [node.module]
            deps |= {t for t in targets if t in names and t != name}
        graph[name] = deps
    seen, stack, cycles = set(), [], []

    def visit(n):
        if n in stack:
            cycles.append(stack[stack.index(n):] + [n])
            return
        if n in seen:
            return
        seen.add(n)
        stack.append(n)
        for d in sorted(graph[n]):
            visit(d)
        stack.pop()

    for n in sorted(graph):
        visit(n)
    # a package importing its own submodules is how packages work, not a cycle
    cycles = [c for c in cycles if not all(x == c[0] or x.startswith(c[0] + ".") for x in c)]
    assert not cycles, cycles


def test_no_import_cycle_also_through_imports_inside_functions():
    """A deferred import still makes two modules depend on each other: the whole graph is a DAG too
    (validate → lifecycle → workflow → validate was one)."""
    names = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
             for p in _modules()}
    graph = {name: {t for _, t in _imports(path) if t in names and t != name and not name.startswith(t + ".")}
             for name, path in names.items()}
    # a package's __init__ importing its submodules is how packages work
    graph = {n: {t for t in deps if not t.startswith(n + ".")} for n, deps in graph.items()}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan: the strongly connected components of more than one module
        order[v] = low[v] = len(order)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in order:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            comp = [stack.pop()]
            while comp[-1] != v:
                comp.append(stack.pop())
            if len(comp) > 1:
                cycles.append(" ↔ ".join(sorted(comp)))

    for v in sorted(graph):
        if v not in order:
            visit(v)
    assert not cycles, cycles
