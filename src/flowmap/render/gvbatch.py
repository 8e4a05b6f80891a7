"""Lay out or draw many DOT files in one process through Graphviz's own library.

    python -I -S gvbatch.py ENGINE FORMATS FOLDER FILE...

writes ``FOLDER/FILE.FORMAT`` for every file and format (ENGINE is ``dot`` to lay out, ``nop2``
to draw a laid-out graph as ``neato -n2`` does). Run by ``graphviz_run`` as a script, without
flowmap's package, site-packages or pathlib, so that it starts in a few milliseconds.

Why not ``dot`` with several files: Graphviz orders a graph's clusters by the memory address of
their names, so in one ``dot`` process a graph's layout depends on the heap the graphs before
it left behind, which the font loader's threads make different from run to run. Here every
graph is read before any is laid out, while the process is still single-threaded, so each
graph's layout is the one ``dot`` gives it alone, every time (tests/test_render_batch.py).
"""

from __future__ import annotations

import ctypes
import os
import sys


def library(name: str) -> ctypes.CDLL:
    """Graphviz's ``libgvc``/``libcgraph`` by the name Linux installs (at once), else where the
    system's search finds it (``find_library`` runs ``ldconfig``: tens of milliseconds)."""
    try:
        return ctypes.CDLL(f"lib{name}.so.6")
    except OSError:
        from ctypes.util import find_library

        return ctypes.CDLL(find_library(name) or f"lib{name}.so")


def main(argv: list[str]) -> int:
    engine, formats, folder, files = argv[0].encode(), argv[1].split(","), argv[2], argv[3:]
    gvc, cgraph = library("gvc"), library("cgraph")
    gvc.gvContext.restype = ctypes.c_void_p
    cgraph.agmemread.restype = ctypes.c_void_p
    cgraph.agmemread.argtypes = [ctypes.c_char_p]
    cgraph.agclose.argtypes = [ctypes.c_void_p]
    gvc.gvLayout.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p]
    gvc.gvRenderFilename.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    gvc.gvFreeLayout.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    context = gvc.gvContext()
    graphs = []
    for file in files:   # all read first: see the module's docstring
        with open(os.path.join(folder, file), "rb") as source:
            graph = cgraph.agmemread(source.read())
        if not graph:
            print(f"Error: {file}: the graph could not be read", file=sys.stderr)
            return 1
        graphs.append(graph)
    for file, graph in zip(files, graphs):
        if gvc.gvLayout(context, graph, engine) != 0:
            print(f"Error: {file}: layout failed", file=sys.stderr)
            return 1
        for fmt in formats:
            if gvc.gvRenderFilename(context, graph, fmt.encode(), os.path.join(folder, f"{file}.{fmt}").encode()) != 0:
                print(f"Error: {file}: no {fmt} output", file=sys.stderr)
                return 1
        gvc.gvFreeLayout(context, graph)
        cgraph.agclose(graph)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
