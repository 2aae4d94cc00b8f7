#!/usr/bin/env python3
"""Writes a realistic static site for the sync benchmark: many small pages, styles and scripts, some
images of 100 KB to 2 MB, a few downloads of 5 to 10 MB (5,000 files: about 100 MiB; 20,000: about 400 MiB).
The same seed writes the same bytes.

    make-site.py directory [files]"""
import os
import random
import sys

WORDS = ("edge site bucket origin cache login token region stack deploy page guide release notes "
         "install build module plugin goal phase artifact version policy header cookie session").split()


def text(rng, size):
    words = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


def page(rng, title, size):
    head = f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>" \
           f"<link rel=\"stylesheet\" href=\"/assets/css/site.css\"></head><body><main><h1>{title}</h1><p>"
    tail = "</p></main></body></html>\n"
    return (head + text(rng, max(0, size - len(head) - len(tail))) + tail).encode()


def write(root, key, content):
    path = os.path.join(root, key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)
    return len(content)


def main():
    root, files, seed = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5000, 20241124
    rng = random.Random(seed)
    # Downloads and images grow with the site, as pages do: 4 and 48 for every 5,000 files.
    large, images = max(1, round(files * 4 / 5000)), max(1, round(files * 48 / 5000))
    small = files - large - images
    total = 0
    for i in range(large):
        kind = ("pdf", "zip")[i % 2]
        total += write(root, f"downloads/manual-{i}.{kind}", rng.randbytes(rng.randint(5 << 20, 10 << 20)))
    for i in range(images):
        kind = ("png", "jpg", "webp")[i % 3]
        total += write(root, f"img/section{i % 12}/figure-{i}.{kind}", rng.randbytes(rng.randint(100 << 10, 2 << 20)))
    for i in range(small):
        bucket = i % 10
        if bucket < 7:
            key = "index.html" if i == 0 else f"docs/section{i % 60}/page-{i}.html"
            total += write(root, key, page(rng, f"Page {i}", rng.randint(1 << 10, 12 << 10)))
        elif bucket < 9:
            kind = ("css", "js")[bucket - 7]
            total += write(root, f"assets/{kind}/part-{i}.{rng.getrandbits(32):08x}.{kind}",
                           text(rng, rng.randint(300, 8 << 10)).encode())
        else:
            total += write(root, f"data/entry-{i}.json", ("{\"id\": %d, \"text\": \"%s\"}\n" % (
                i, text(rng, rng.randint(100, 4 << 10)))).encode())
    print(f"{files} files, {total / (1 << 20):.1f} MiB in {root}")


if __name__ == "__main__":
    main()
