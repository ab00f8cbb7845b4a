#!/usr/bin/env python3
"""What the split build in DIST fetches for each part: the part's file and every chunk it needs, read
from the parts' loader (__wasm_split.js, written by wasm-split-cli), with their gzip -9 sizes.

Prints one line per part: `NAME BYTES FILE...` (BYTES: the part and its chunks, gzipped). The dialect
parts (`dialect_*`) are what connecting to a server of that dialect adds to the first load.

Usage: parts.py DIST
"""
import gzip
import os
import re
import sys

# One loader per chunk or part: its name, the file it fetches, the loaders it needs first.
LOADER = re.compile(
    r'(?:const __(chunk_\d+)|export const __wasm_split_load_(\w+)) = .*?'
    r'fetch\(new URL\("\./([^"]+)".*?\n, \[([^\]]*)\]',
    re.S,
)


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), 9))


def main():
    dist = sys.argv[1]
    with open(os.path.join(dist, "__wasm_split.js"), encoding="utf-8") as f:
        js = f.read()
    loaders = {}
    for chunk, part, file, deps in LOADER.findall(js):
        needs = [d.strip().removeprefix("__") for d in deps.split(",") if d.strip()]
        loaders[chunk or part] = (file, needs)
    if not loaders:
        sys.exit(f"parts.py: no loader found in {dist}/__wasm_split.js")
    for name in sorted(n for n in loaders if not n.startswith("chunk_")):
        files, todo = [], [name]
        while todo:  # the chunks a chunk needs, each once (no recursion: the depth is the file's)
            file, needs = loaders[todo.pop()]
            if file not in files:
                files.append(file)
                todo.extend(needs)
        size = sum(gz(os.path.join(dist, f)) for f in files)
        print(name, size, *files)


if __name__ == "__main__":
    main()
