#!/usr/bin/env python3
"""A MariaDB general log of a benchmark run, as one session's script: what the run's statements cost on their own.

Usage: general_log_replay.py [--steps-per-transaction K | --steps-without-bookkeeping] GENERAL_LOG > replay.sql
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

The two options rewrite the fused steps (a transaction of two commands: the one that begins it and locks the
execution and the held activity, and the one that deletes the held row, writes the history and commits) to measure
what a different way of sending the same row work would cost. --steps-per-transaction K joins K consecutive fused
steps into one transaction of two commands: the K first commands in one, with the transaction's bookkeeping
(ROLLBACK, SET TRANSACTION, START TRANSACTION, the clock's pin and read) only once, then the K second commands in
one, with one COMMIT. --steps-without-bookkeeping keeps each step its own transaction but begins it with START
TRANSACTION alone (start the server with --transaction-isolation=READ-COMMITTED so that the isolation is the run's).
Commands that are not fused steps keep their place.
"""
import argparse
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


BOOKKEEPING = re.compile(r'^ROLLBACK; SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION;\s*'
                         r'SET timestamp = DEFAULT;\s*(?:SET timestamp = @@timestamp;\s*)?SELECT UTC_TIMESTAMP\(6\);')
COMMIT = re.compile(r';\s*COMMIT\s*$')


def is_fused_step(unit):
    return (len(unit) == 2 and BOOKKEEPING.match(unit[0]) is not None and 'SELECT 1 FROM activities' in unit[0]
            and unit[1].startswith('DELETE FROM activities') and COMMIT.search(unit[1]) is not None)


def rewrite_steps(units, per_transaction, without_bookkeeping):
    """The units with their fused steps joined per_transaction at a time, or begun without the bookkeeping."""
    rewritten = []
    group = []

    def flush():
        if group:
            first = [group[0][0]] + [BOOKKEEPING.sub('', step[0], count=1) for step in group[1:]]
            second = [COMMIT.sub('', step[1]) for step in group]
            rewritten.append([';'.join(first), ';'.join(second) + ';COMMIT'])
            group.clear()

    for unit in units:
        if not is_fused_step(unit):
            rewritten.append(unit)
        elif without_bookkeeping:
            rewritten.append(['START TRANSACTION;' + BOOKKEEPING.sub('', unit[0], count=1), unit[1]])
        else:
            group.append(unit)
            if len(group) == per_transaction:
                flush()
    flush()
    return rewritten


def main():
    parser = argparse.ArgumentParser(description='A MariaDB general log of a benchmark run, as one session\'s script.')
    parser.add_argument('general_log')
    rewrite = parser.add_mutually_exclusive_group()
    rewrite.add_argument('--steps-per-transaction', type=int, default=1, metavar='K')
    rewrite.add_argument('--steps-without-bookkeeping', action='store_true')
    args = parser.parse_args()
    if args.steps_per_transaction < 1:
        parser.error('--steps-per-transaction must be at least 1')
    entries = read_entries(args.general_log)
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
    units = [unit for _, unit in units]
    steps = sum(1 for unit in units if is_fused_step(unit))
    if args.steps_per_transaction > 1 or args.steps_without_bookkeeping:
        if steps == 0:
            raise SystemExit('No fused step in the log has the shape the rewrite knows (is_fused_step): nothing to rewrite.')
        units = rewrite_steps(units, args.steps_per_transaction, args.steps_without_bookkeeping)
    commands = 0
    sys.stdout.write('DELIMITER $$\n')
    for unit in units:
        for text in unit:
            if '$$' in text:
                raise SystemExit(f'A command contains the delimiter $$: {text[:200]}')
            sys.stdout.write(text + '\n$$\n')
            commands += 1
    sys.stderr.write(f'{len(entries)} log entries, {len(units)} units, {commands} commands, {steps} fused steps, '
                     f'{len(open_units)} transactions left open\n')


if __name__ == '__main__':
    main()
