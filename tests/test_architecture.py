"""The project's own packages import each other without a cycle, and take no private names from each other.

A cycle among modules works only while their import order happens to suit it,
and it ties the modules on it into one lump. This walks the syntax tree of
every module under the project's packages and follows every import, at module
level, in class bodies and inside functions alike (as import-linter does): an
import put off into a function still ties the two modules together. The
contracts in pyproject.toml (`lint-imports`) say which way the arrows point.
"""

import ast
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("config", "home", "blog", "callbacks", "operations")


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PROJECT_PACKAGES
        for path in (PROJECT_ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def import_statements(tree: ast.AST):
    """Every import statement in the module, wherever it stands."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


def absolute_base(node: ast.ImportFrom, package: str) -> str:
    """The module a `from ... import` names, with relative imports resolved against `package`."""
    if not node.level:
        return node.module or ""
    parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*parent, *([node.module] if node.module else [])])


def package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = package_of(name, path)
    found = set()
    for node in import_statements(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = absolute_base(node, package)
        found.add(base)
        # `from package import module` loads that module too.
        found.update(f"{base}.{alias.name}" for alias in node.names)
    return {imported for imported in found if imported in modules and imported != name}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = lowlink[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = lowlink[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    lowlink[node] = min(lowlink[node], index[target])
                continue
            work.pop()
            if work:
                lowlink[work[-1][0]] = min(lowlink[work[-1][0]], lowlink[node])
            if lowlink[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_the_cycle_finder_finds_a_cycle_and_passes_a_chain():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_the_callbacks_packages():
    graph = import_graph()
    assert "callbacks.texts.delivery" in graph["callbacks.texts.services"]
    assert "callbacks.booking.selectors" in graph["callbacks.booking.services"]


def test_no_import_cycle_in_the_project_packages():
    assert find_cycles(import_graph()) == []


def test_an_import_inside_a_function_counts():
    tree = ast.parse("def route(self):\n    from blog import views\n")

    assert [node.module for node in import_statements(tree)] == ["blog"]


# --- Private names stay in their module ---------------------------------------------------


def private_names_imported(name: str, path: Path) -> list[str]:
    """`from x import _y` (and `import x._y`) in a module, as "module: x._y"."""
    package = package_of(name, path)
    found = []
    for node in import_statements(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            base = absolute_base(node, package)
            found += [f"{name}: {base}.{alias.name}" for alias in node.names if alias.name.startswith("_")]
        else:
            found += [
                f"{name}: {alias.name}"
                for alias in node.names
                if any(part.startswith("_") and not part.startswith("__") for part in alias.name.split("."))
            ]
    return found


def test_no_module_imports_a_private_name_from_another():
    imported = [found for name, path in project_modules().items() for found in private_names_imported(name, path)]

    assert imported == []


def test_the_private_name_check_sees_one(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from callbacks.queue.services import _claim\nimport home._internal\n")

    assert private_names_imported("callbacks.example", module) == [
        "callbacks.example: callbacks.queue.services._claim",
        "callbacks.example: home._internal",
    ]
