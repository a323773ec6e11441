"""The .pyi stubs name the same classes, members and parameters as the package does at run time."""

from __future__ import annotations

import ast
import inspect
import pathlib
import re

import pytest

import jishiban
from jishiban import _core

PACKAGE = pathlib.Path(jishiban.__file__).parent
# Members every class has, which stubs need not list.
INHERITED = set(dir(object)) | set(dir(Exception)) | {"__dataclass_fields__", "__dataclass_params__", "__match_args__"}


def stub_tree(name: str) -> ast.Module:
    return ast.parse((PACKAGE / name).read_text(encoding="utf-8"))


def top_level_names(tree: ast.Module) -> set:
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def stub_classes(tree: ast.Module) -> dict:
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def stub_members(node: ast.ClassDef) -> dict:
    """Map each member of a stub class to its parameter names (None for attributes)."""
    members = {}
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            arguments = item.args
            names = [argument.arg for argument in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
            is_property = any(isinstance(decorator, ast.Name) and decorator.id == "property" for decorator in item.decorator_list)
            is_setter = any(isinstance(decorator, ast.Attribute) for decorator in item.decorator_list)
            if is_setter:
                continue
            members[item.name] = None if is_property else names
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            members[item.target.id] = None
    return members


def runtime_parameters(function) -> list:
    """Parameter names of a Python function, or of a pybind11 function from its docstring signature."""
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        pass
    first_line = (function.__doc__ or "").splitlines()[0]
    match = re.match(r"\w+\((.*)\) ->", first_line)
    assert match, f"no signature in the docstring of {function!r}"
    names = [part.split(":")[0].strip().lstrip("*") for part in re.split(r", (?![^\[]*\])", match.group(1))]
    return [name for name in names if name]


def runtime_members(cls: type, declared_only: bool) -> dict:
    members = {}
    # Exceptions set their attributes in __init__, so list those of an instance.
    if issubclass(cls, Exception):
        subject = cls("en", "zh")
        names = dir(subject)
    else:
        subject = cls
        names = vars(cls) if declared_only else dir(cls)
    for name in names:
        if (name in INHERITED and name not in vars(cls)) or (name.startswith("_") and not name.startswith("__")):
            continue
        if name.startswith("__") and name not in ("__init__", "__enter__", "__exit__", "__eq__", "__hash__"):
            continue
        value = inspect.getattr_static(subject, name)
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if callable(value) and not isinstance(value, type):
            members[name] = runtime_parameters(value)
        else:
            members[name] = None
    if hasattr(cls, "__dataclass_fields__"):
        # dataclass generates these; stubs of dataclasses leave them out.
        members.pop("__eq__", None)
        members.pop("__hash__", None)
        for name in cls.__dataclass_fields__:
            if not name.startswith("_"):
                members[name] = None
    return members


def normalized(parameters):
    if parameters is None:
        return None
    return [name for name in parameters if name not in ("self", "cls", "args", "kwargs", "exc_info")]


def test_every_export_has_a_stub():
    names = top_level_names(stub_tree("__init__.pyi"))

    assert set(jishiban.__all__) <= names
    public = {name for name in names if not name.startswith("_") or name == "__version__"}
    assert public <= set(dir(jishiban))


@pytest.mark.parametrize("module_name, module", [("__init__.pyi", jishiban), ("_core.pyi", _core)])
def test_stub_classes_match_runtime(module_name, module):
    for name, node in stub_classes(stub_tree(module_name)).items():
        cls = getattr(module, name)
        if any(isinstance(base, ast.Name) and base.id == "Error" for base in node.bases):
            # The subclasses of Error add only their class-level code and name.
            assert issubclass(cls, jishiban.Error), name
            assert set(vars(cls)) - {"__doc__", "__module__"} == {"code", "code_name"}, name
            continue
        # A stub class that derives from another stub class lists only its own members.
        declared_only = bool(node.bases) and not any(
            isinstance(base, ast.Name) and base.id in ("Exception", "Error") for base in node.bases
        )
        expected = {member: normalized(parameters) for member, parameters in stub_members(node).items()
                    if not member.startswith("_") or member in ("__init__", "__enter__", "__exit__", "__eq__", "__hash__")}
        actual = {member: normalized(parameters) for member, parameters in runtime_members(cls, declared_only).items()
                  if member != "__init__" or "__init__" in expected}
        if module is _core and name == "Calendar":
            expected.update({member: normalized(parameters) for member, parameters in stub_members(node).items()})
            actual.update({member: normalized(runtime_parameters(getattr(cls, member)))
                           for member in vars(cls) if member.startswith("_") and not member.startswith("__")})
        assert expected == actual, f"{module_name}: class {name}"


@pytest.mark.parametrize("name", ["set_language", "get_language"])
def test_stub_functions_match_runtime(name):
    node = next(item for item in stub_tree("__init__.pyi").body if isinstance(item, ast.FunctionDef) and item.name == name)

    assert [argument.arg for argument in node.args.args] == runtime_parameters(getattr(jishiban, name))


def test_every_public_item_has_a_docstring():
    missing = []
    for name in jishiban.__all__:
        item = getattr(jishiban, name)
        if name == "__version__":
            continue
        if not (item.__doc__ or "").strip():
            missing.append(name)
        if isinstance(item, type):
            for member, value in vars(item).items():
                if member.startswith("_") or not (callable(value) or isinstance(value, property)):
                    continue
                if not (getattr(value, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{member}")

    assert missing == []
