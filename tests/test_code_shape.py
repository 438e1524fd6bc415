"""The shape of the code a newcomer relies on: widgets are classes with declared state behind
their builders, ``log=`` means one thing everywhere, and no module hides behind a name."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import traitlets

import stretchkit
import stretchkit.widgets as w
from stretchkit import SessionLog
from stretchkit.widgets.base import KitWidget, open_log

#: builder -> (its class, the state it declares as traits, what the builder needs)
BUILDERS = {
    "explorer": (w.Explorer, {"shown", "lit", "error"}, {}),
    "planner": (w.Planner, {"plan", "saved", "seed", "error"}, {"log": False}),
    "guided_session": (
        w.GuidedSession,
        {"choice", "unsaved", "pain_unsaved", "error"},
        {"log": False},
    ),
    "progress": (w.Progress, {"pending", "error"}, {}),
    "quiz": (w.Quiz, {"questions", "seed", "position", "answers", "finished", "error"}, {"n": 2}),
    "app": (w.App, {"pages", "error"}, {"log": False}),
    "table_viewer": (w.TableViewer, {"table", "error"}, {}),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_builder_returns_its_class_with_declared_state(name, tmp_path):
    cls, state, kwargs = BUILDERS[name]
    if name == "progress":
        kwargs = {"log": SessionLog(tmp_path / "log.sqlite")}
    widget = getattr(w, name)(**kwargs)
    assert type(widget) is cls
    assert isinstance(widget, KitWidget)
    missing = {s for s in state if not widget.has_trait(s)}
    assert not missing, f"{cls.__name__} keeps {sorted(missing)} as plain attributes, not traits"
    assert name in w.__all__ and cls.__name__ in w.__all__


def test_the_widget_classes_declare_their_own_state():
    # A trait of the class itself, beyond what a VBox and the base already have.
    base = set(KitWidget.class_trait_names())
    for cls, state, _ in BUILDERS.values():
        own = set(cls.class_trait_names()) - base
        assert state - {"error"} <= own, cls.__name__


def test_log_means_one_thing_in_every_builder(tmp_path):
    path = tmp_path / "mine.sqlite"
    log = SessionLog(path)
    assert open_log(log) is log
    assert open_log(False) is None
    assert open_log(path).path == path
    with pytest.raises(TypeError, match="log=True is not a log"):
        open_log(True)
    for build in (w.planner, w.guided_session, w.app):
        assert build(log=False).session_log is None, build.__name__
        assert build(log=log).session_log is log, build.__name__
        assert build(log=path).session_log.path == path, build.__name__
    assert w.progress(log).session_log is log
    assert w.progress(path).session_log.path == path
    with pytest.raises(TypeError, match="needs a log"):
        w.progress(False)


def test_none_is_your_own_log_and_only_a_reader_leaves_it_uncreated(tmp_path, monkeypatch):
    monkeypatch.setenv("STRETCHKIT_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert w.planner().session_log is None  # the planner only reads: no log is created
    assert not (tmp_path / "home" / "log.sqlite").exists()
    own = w.guided_session().session_log
    assert own.path == tmp_path / "home" / "log.sqlite" and own.path.is_file()
    assert w.planner().session_log.path == own.path  # now that it exists, the planner reads it


def _modules(package):
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        yield info.name


@pytest.mark.parametrize("module", sorted(_modules(stretchkit)))
def test_no_module_is_hidden_behind_a_name_of_its_package(module):
    parent_name, _, name = module.rpartition(".")
    parent = importlib.import_module(parent_name)
    importlib.import_module(module)
    shown = getattr(parent, name, None)
    assert shown is None or shown is importlib.import_module(module), (
        f"{parent_name}.{name} is {shown!r}, so the module {module} cannot be reached by "
        "attribute: rename the module"
    )


def test_traits_are_declared_with_types():
    # Declared state says what it holds: no bare Any among the kit's own traits.
    for cls, state, _ in BUILDERS.values():
        for name in state:
            trait = cls.class_traits()[name]
            assert not isinstance(trait, traitlets.Any) or isinstance(trait, traitlets.Instance), (
                f"{cls.__name__}.{name} is declared as Any"
            )
