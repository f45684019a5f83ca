"""A plugin's wiring: which of its functions runs at which Pelican signal.

``connect`` is what every ``register()`` does (one table instead of a run of
``signals.x.connect(f)`` lines); ``generator_plugin`` is the whole
``register()`` of a plugin that adds one generator: at ``initialized`` it
requires what the plugin needs and configures its settings, at
``get_generators`` it hands Pelican the generator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .requires import require
from .settings import Options, Setting, configure

Handler = Callable[..., Any]


def connect(wiring: Mapping[str, Handler | Sequence[Handler]]) -> None:
    """Connect each handler to the Pelican signal its key names (e.g.
    ``"initialized"``), several to one signal in the order given. Held
    strongly (a handler made inside a function is not dropped); connecting
    the same handler again, as a second build in one process does, is a
    no-op."""
    from pelican import signals

    for name, handlers in wiring.items():
        signal = getattr(signals, name)
        for handler in handlers if isinstance(handlers, Sequence) else (handlers,):
            signal.connect(handler, weak=False)


def generator_plugin(
    plugin: str,
    declared: Sequence[Setting],
    generator: type,
    *,
    needs: Sequence[str] = ("build_guard",),
    templates: Sequence[str] = (),
    then: Callable[[dict[str, Any], Options], None] | None = None,
) -> Callable[[], None]:
    """The ``register`` function of a plugin that adds ``generator``: at
    ``initialized``, ``require`` the plugins and theme templates it needs,
    configure its ``declared`` settings and, if they are good, call
    ``then(settings, options)``; at ``get_generators``, return ``generator``."""

    def configure_plugin(pelican: Any) -> None:
        require(pelican, plugin=plugin, plugins=needs, templates=templates)
        options = configure(pelican.settings, declared)
        if options is not None and then is not None:
            then(pelican.settings, options)

    def get_generators(_pelican: Any) -> type:
        return generator

    def register() -> None:
        # The two handlers are made once, above: connecting them again (a
        # second build in one process) is a no-op.
        connect({"initialized": configure_plugin, "get_generators": get_generators})

    return register
