#!/usr/bin/env python3
"""A MariaDB general log of a benchmark run, as one session's script: what the run's statements cost on their own.

Usage: general_log_replay.py GENERAL_LOG > replay.sql
       mariadb --socket=SOCKET -uroot --force -D EMPTY_DATABASE < replay.sql > /dev/null

Start the throwaway server of docs/benchmarks.md ("MariaDB") with --general-log=1 --general-log-file=FILE, run the
harness once (e.g. `chain --backend mysql --warmup 0`), then restart the server without the log and replay the
script into a new, empty database (CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) while reading the server's CPU time
from /proc/<mariadbd>/stat. Each command the worker sent stays one command (its multi-statement text whole, so the
server answers it as it did in the run). Each session's transaction, from the command that starts it to the one that
commits it, is replayed whole, and transactions follow one another in the order they committed; commands outside a
transaction keep their place. The replay runs the same statements with the same literal values one at a time: no
lock waits, no other sessions, and a client that only sends text and reads answers. The schema's migration is in the
log too, so the database it starts from is empty. `CREATE DATABASE` is left out. Statements that compare with the
database clock see the replay's clock, so a few steps' conditional updates match differently than they did in the
run; counting the finished executions after the replay says how many.
"""
import re
import sys

ENTRY = re.compile(r'^(?:\d{6}\s+\d{1,2}:\d{2}:\d{2})?\t\t?\s*(\d+) (\w[\w ]*?)\t(.*)$')


def read_entries(path):
    entries = []  # [session id, command, text]
    with open(path, encoding='utf-8', errors='replace') as log:
        for line in log:
            line = line.rstrip('\n')
            match = ENTRY.match(line)
            if match:
                entries.append([int(match.group(1)), match.group(2), match.group(3)])
            elif entries:
                entries[-1][2] += '\n' + line  # a statement's next line
    return entries


def ends_transaction(text):
    tail = text.rstrip().rstrip(';').rstrip()
    return tail.endswith('COMMIT') or (tail.endswith('ROLLBACK') and 'START TRANSACTION' not in text)


def main():
    entries = read_entries(sys.argv[1])
    open_units = {}
    units = []  # (position of the last command, [command texts])
    for position, (session, command, text) in enumerate(entries):
        if command != 'Query' or 'CREATE DATABASE' in text:
            continue
        unit = open_units.get(session)
        if unit is None and 'START TRANSACTION' in text:
            unit = open_units[session] = []
        if unit is None:
            units.append((position, [text]))
            continue
        unit.append(text)
        if ends_transaction(text):
            units.append((position, unit))
            del open_units[session]

    units.sort(key=lambda u: u[0])
    commands = 0
    sys.stdout.write('DELIMITER $$\n')
    for _, unit in units:
        for text in unit:
            if '$$' in text:
                raise SystemExit(f'A command contains the delimiter $$: {text[:200]}')
            sys.stdout.write(text + '\n$$\n')
            commands += 1
    sys.stderr.write(f'{len(entries)} log entries, {len(units)} units, {commands} commands, '
                     f'{len(open_units)} transactions left open\n')


if __name__ == '__main__':
    main()
