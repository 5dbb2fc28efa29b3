"""pyx12 as the external judge of the X12 we write (a test-only dependency).

``pyx12_errors(text)`` validates X12 text with pyx12 4.0.0 and returns every
error it reports: the JSON error tree it writes, plus what it only logs (a
broken ISA is logged, not put in the tree). Its exit code is not used: it is
unreliable. The map files are loaded once per process (uncached, one file
takes about 0.9 s), with one ``params`` object, which is part of the cache key.

Usage from any test: ``from tests.pyx12_judge import pyx12_errors``.
"""

from __future__ import annotations

import functools
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pyx12.map_if
import pyx12.params
import pyx12.x12n_document

__all__ = ["pyx12_errors"]

_load = functools.lru_cache(maxsize=None)(pyx12.map_if.load_map_file)


def _cached_load(map_file: str, param: Any, map_path: Any = None) -> Any:
    return _load(map_file, param, map_path)


pyx12.map_if.load_map_file = _cached_load
_PARAM = pyx12.params.params()  # one params object: it is part of the cache key


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from node.get("errors", [])
    for key in ("interchanges", "groups", "transactions", "segments", "elements"):
        for child in node.get(key, []):
            yield from _walk(child)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def pyx12_errors(text: str) -> list[str]:
    """Every error pyx12 finds in ``text`` (an empty list when it is valid)."""
    handler = _Collect()
    log = logging.getLogger("pyx12")
    log.addHandler(handler)
    propagate = log.propagate
    log.propagate = False
    try:
        out = io.StringIO()
        pyx12.x12n_document.x12n_document(
            param=_PARAM,
            src_file=io.StringIO(text),
            fd_997=io.StringIO(),
            fd_html=None,
            fd_json=out,
        )
    except Exception as exc:
        return [f"{type(exc).__name__}: {exc}"]
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    found = list(_walk(json.loads(out.getvalue() or "{}")))
    messages = [e["err_str"] for e in found]
    return [f"{e['err_cde']}: {e['err_str']}" for e in found] + [
        m for m in handler.messages if not any(s in m for s in messages)
    ]
