#!/usr/bin/env python3
"""Which tables and indexes the pages written to a SQLite WAL belong to, while a harness run writes it.

Usage: wal_pages.py DATABASE [SECONDS_BETWEEN_SNAPSHOTS]   (the harness run started with `--db DATABASE`)

Every few tenths of a second (0.5 s by default) it copies DATABASE and DATABASE-wal, counts the frames of the WAL's
current generation (the frames whose salts match the WAL header, written since the WAL last started over) that no
earlier snapshot counted, and names each frame's page by the B-tree that owns it in that snapshot (SQLite's dbstat
table on the copy; needs the sqlite3 shell with dbstat, as Debian's has). A transient row's page is named while it
still belongs to its table, which one snapshot at the end of a run would miss. Frames written and overwritten
between two snapshots are not seen, so the counts are a sample of the run's commits; the shares are what it is for.
It stops when the database file is gone or its WAL has not changed for five seconds.
"""
import collections
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

WAL_HEADER = 32
FRAME_HEADER = 24


def read_frames(wal):
    """(salts, [(frame index, page number, ends a commit)]) of the WAL's current generation."""
    data = open(wal, "rb").read()
    if len(data) < WAL_HEADER:
        return None, []
    page_size, _, salt1, salt2 = struct.unpack(">IIII", data[8:24])
    frames, at = [], WAL_HEADER
    while at + FRAME_HEADER + page_size <= len(data):
        page, size_after_commit, s1, s2 = struct.unpack(">IIII", data[at:at + 16])
        if (s1, s2) != (salt1, salt2):
            break  # a frame of an earlier generation: the current one ends here
        frames.append((len(frames), page, size_after_commit != 0))
        at += FRAME_HEADER + page_size
    return (salt1, salt2), frames


def owners(copy):
    listing = subprocess.run(["sqlite3", copy, "SELECT pageno, name FROM dbstat"], capture_output=True, text=True, check=True).stdout
    return {int(page): name for page, name in (line.split("|", 1) for line in listing.splitlines())}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    database = sys.argv[1]
    every = float(sys.argv[2]) if len(sys.argv) == 3 else 0.5
    while not os.path.exists(database + "-wal"):
        time.sleep(0.01)
    seen, by_tree, commits, snapshots = set(), collections.Counter(), 0, 0
    last_change, last_stat = time.monotonic(), None
    with tempfile.TemporaryDirectory() as scratch:
        copy = os.path.join(scratch, "copy.db")
        while os.path.exists(database) and time.monotonic() - last_change < 5:
            try:
                stat = os.stat(database + "-wal")
                shutil.copyfile(database + "-wal", copy + "-wal")  # the WAL first: the database file only lags behind it
                shutil.copyfile(database, copy)
            except FileNotFoundError:
                break
            if (stat.st_size, stat.st_mtime_ns) != last_stat:
                last_stat, last_change = (stat.st_size, stat.st_mtime_ns), time.monotonic()
            salts, frames = read_frames(copy + "-wal")
            fresh = [f for f in frames if (salts, f[0]) not in seen]
            if fresh:
                owner = owners(copy)
                snapshots += 1
                for index, page, ends_commit in fresh:
                    seen.add((salts, index))
                    by_tree[owner.get(page, "(free list)")] += 1
                    commits += ends_commit
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(copy + suffix):
                    os.remove(copy + suffix)
            time.sleep(every)
    total = sum(by_tree.values())
    print(f"{total} frames in {commits} commits ({total / max(commits, 1):.1f} per commit), {snapshots} snapshots")
    for name, count in by_tree.most_common():
        print(f"{name:36} {count:8} {100 * count / max(total, 1):5.1f} % {count / max(commits, 1):7.2f} per commit")


if __name__ == "__main__":
    main()
