#!/usr/bin/env python3
"""What one durable commit costs this machine's disk, with no database in the way.

Usage: fsync_floor.py [DIRECTORY] [COMMITS]   (DIRECTORY: where the benchmark's database lives, /tmp by default;
COMMITS: how many to time per row, 2,000 by default)

A commit to a SQLite WAL at synchronous=FULL writes its frames (a 24-byte frame header and a 4 KiB page each, one
system call apiece) and then syncs the file before it returns. This script does the same with a plain file, for a
commit of 1, 4, 11 and 16 pages: 11 is what a W3 step appends (`walPagesPerWorkflow` per step), 4 what a W1 write
dirties, 16 a W3 step that splits pages. It times each commit from its first write to the end of the sync, both
while the file grows (a WAL before its first checkpoint) and over frames already written (a WAL that started over
after a checkpoint, the steady state), with fsync and with fdatasync. Whatever the engine does, a step that must
be durable before the next one starts cannot take less than the sync of its own pages.
"""
import os
import statistics
import sys
import tempfile
import time

PAGE = 4096
FRAME_HEADER = 24


def time_commits(fd, pages, commits, sync, start):
    header, page = b"h" * FRAME_HEADER, b"p" * PAGE
    offset, times = start, []
    for _ in range(commits):
        began = time.perf_counter()
        for _ in range(pages):
            os.pwrite(fd, header, offset)
            os.pwrite(fd, page, offset + FRAME_HEADER)
            offset += FRAME_HEADER + PAGE
        sync(fd)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return times[len(times) // 2], times[len(times) * 9 // 10], statistics.fmean(times)


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
    commits = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    print(f"{'file':<10} {'sync':<10} {'pages':>5} {'p50 ms':>8} {'p90 ms':>8} {'mean ms':>8}")
    for pages in (1, 4, 11, 16):
        for sync_name, sync in (("fsync", os.fsync), ("fdatasync", os.fdatasync)):
            span = commits * pages * (FRAME_HEADER + PAGE)
            with tempfile.NamedTemporaryFile(dir=directory, prefix="fsync-floor-") as growing:
                p50, p90, mean = time_commits(growing.fileno(), pages, commits, sync, 0)
                print(f"{'grows':<10} {sync_name:<10} {pages:>5} {p50:>8.3f} {p90:>8.3f} {mean:>8.3f}")
            with tempfile.NamedTemporaryFile(dir=directory, prefix="fsync-floor-") as reused:
                os.pwrite(reused.fileno(), b"\0" * span, 0)
                os.fsync(reused.fileno())
                p50, p90, mean = time_commits(reused.fileno(), pages, commits, sync, 0)
                print(f"{'reused':<10} {sync_name:<10} {pages:>5} {p50:>8.3f} {p90:>8.3f} {mean:>8.3f}")


if __name__ == "__main__":
    main()
