#!/usr/bin/env python3
"""Fails when an #include goes up the layers (ARCHITECTURE.md draws them).

    scripts/check-layers.py [SOURCE_ROOT]

Every folder of the source tree belongs to one layer, and each layer may include headers of
the layers listed for it (its own included). Internal headers are named from the source root
("runtime/store/store.h"); the public API is <zwasm/...> (include/zwasm/). A folder not listed
here is an error too, so a new folder must be given its place. The rules must form no cycle.
Prints every offending include with file and line; exit status 1 when there is any.

While the layering is being established, scripts/layer-exceptions.txt may list known
violations as "FILE: INCLUDED" lines (the same rule as spec/known-failures: a new violation
fails, and the list only shrinks; a listed line that no longer occurs must be removed).
"""

import re
import sys
from pathlib import Path

# layer: (folders, layers it may include besides itself), bottom to top.
LAYERS = {
    "base":    (["runtime/base"], []),
    "wasm":    (["runtime/wasm"], ["base"]),
    "ir":      (["runtime/ir"], ["wasm", "base"]),
    "text":    (["runtime/text"], ["wasm", "base"]),
    "store":   (["runtime/store"], ["ir", "wasm", "base"]),
    "semantics": (["runtime/semantics"], ["base"]),
    "interp":  (["interpreter"], ["semantics", "store", "ir", "wasm", "base"]),
    "codegen": (["codegen"], ["semantics", "store", "ir", "wasm", "base"]),
    "wasi":    (["wasi"], ["store", "wasm", "base"]),
    "public":  (["include/zwasm"], []),
    "api":     (["runtime/api"], ["public", "spec", "wasi", "codegen", "interp", "semantics",
                                  "store", "ir", "text", "wasm", "base"]),
    "cli":     (["cli"], ["public"]),
    # Harnesses: the spec runner drives the store and the tiers directly; tests see everything.
    "spec":    (["spec"], ["codegen", "interp", "semantics", "store", "ir", "text", "wasm", "base"]),
    "tests":   (["tests"], ["spec", "public", "api", "wasi", "codegen", "interp", "semantics",
                            "store", "ir", "text", "wasm", "base"]),
    "examples": (["examples"], ["public"]),
    "perf":    (["perf"], ["public"]),
}

SOURCE_SUFFIXES = {".h", ".cpp", ".def", ".inc"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of_folder(rel: str):
    """The layer owning a path relative to the root (longest folder prefix wins)."""
    best, best_len = None, -1
    for name, (folders, _) in LAYERS.items():
        for folder in folders:
            if (rel == folder or rel.startswith(folder + "/")) and len(folder) > best_len:
                best, best_len = name, len(folder)
    return best


def check_acyclic():
    state = {}

    def visit(name, path):
        if state.get(name) == "done":
            return
        if state.get(name) == "active":
            sys.exit("check-layers: the rules form a cycle: " + " -> ".join(path + [name]))
        state[name] = "active"
        for dep in LAYERS[name][1]:
            if dep not in LAYERS:
                sys.exit(f"check-layers: layer {name} names unknown layer {dep}")
            visit(dep, path + [name])
        state[name] = "done"

    for name in LAYERS:
        visit(name, [])


def included_layer(root: Path, source: Path, bracket: str, target: str):
    """The layer of an included file, None for a system/third-party header, or 'local' for a
    header next to the includer (cli/ names its own headers that way)."""
    if target.startswith("zwasm/"):
        return "public"
    if bracket == "<":
        return None
    if (source.parent / target).is_file() and "/" not in target:
        return "local"
    path = root / target
    if not path.exists():
        return "missing"
    return layer_of_folder(target)


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    check_acyclic()
    problems = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        if rel.startswith(("build", ".git/")) or "/out/" in rel:
            continue
        layer = layer_of_folder(rel)
        if layer is None:
            problems.append(f"{rel}: not in any layer (add its folder to scripts/check-layers.py)")
            continue
        allowed = {layer, "local", *LAYERS[layer][1]}
        for lineno, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target_layer = included_layer(root, path, m.group(1), m.group(2))
            if target_layer is None:
                continue
            if target_layer == "missing":
                problems.append(f"{rel}:{lineno}: includes \"{m.group(2)}\", which does not exist")
            elif target_layer not in allowed:
                problems.append(f"{rel}:{lineno}: {layer} includes {m.group(2)} ({target_layer}), "
                                f"which is not below it")
    exceptions_file = root / "scripts" / "layer-exceptions.txt"
    exceptions = set()
    if exceptions_file.is_file():
        for line in exceptions_file.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                exceptions.add(line)
    seen = set()
    kept = []
    for p in problems:
        key = p.split(":", 1)[0] + ": " + p.rsplit(" includes ", 1)[-1].split(" ", 1)[0] \
            if " includes " in p else p
        if key in exceptions:
            seen.add(key)
        else:
            kept.append(p)
    for stale in sorted(exceptions - seen):
        kept.append(f"scripts/layer-exceptions.txt: '{stale}' no longer occurs: remove it")
    problems = kept
    for p in problems:
        print(p)
    if problems:
        print(f"check-layers: {len(problems)} include(s) break the layering")
        return 1
    print("check-layers: every include goes down the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
