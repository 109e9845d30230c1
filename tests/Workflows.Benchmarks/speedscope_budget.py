#!/usr/bin/env python3
"""Sorts the samples of a dotnet-trace speedscope file (--format Speedscope) into the budget of a workflow step.

Usage: speedscope_budget.py TRACE.speedscope.json [CPU_MS_PER_WORKFLOW STEPS_PER_WORKFLOW]

A sample counts when its thread ran managed code (CPU_TIME) or native code under SQLite's provider (the
statements themselves); native time anywhere else is a thread blocked in a wait and is left out. Each counted
sample goes to the category of the innermost frame on its stack that one of the rules below recognises. With the
run's measured CPU per workflow (the harness's cpuMsPerWorkflow) the shares become microseconds per step; the
sampler also counts threads that were runnable but waiting for a core, so shares are firmer than sample totals.
"""
import collections
import json
import sys

# First match from the innermost frame outwards wins; the order inside the list breaks ties within one frame.
RULES = [
    ("GC and finalizer", ("PollGC", "GC.RunFinalizers", "GCHeap", "!System.GC.")),
    ("SQL statement preparation", ("sqlite3_prepare", "GetStatements", "SqliteCommand.Prepare",
                                   "MySqlConnector.Core.StatementPreparer", "MySqlConnector.Core.SqlParser", "Npgsql.SqlQueryParser")),
    ("SQL parameter binding", ("SqliteParameter", "SqliteValueBinder", "sqlite3_bind", "MySqlConnector.MySqlParameter",
                               "Npgsql.NpgsqlParameter", "Npgsql.Internal.Converters", "Npgsql.Internal.PgWriter")),
    ("SQL execution (sqlite3_step, commit included)", ("sqlite3_step", "SqliteDataReader", "SQLitePCL", "Microsoft.Data.Sqlite")),
    # The server backends' providers: the wire protocol, result reading and the pool (the statements themselves run
    # in the server process, whose CPU the harness reports as serverCpuMsPerWorkflow).
    ("SQL client: protocol, results, pool (MySqlConnector, Npgsql)", ("MySqlConnector", "Npgsql")),
    ("socket I/O", ("System.Net.Sockets", "Interop+Sys.Send", "Interop+Sys.Receive", "Interop+Sys.Read", "Interop+Sys.Write")),
    ("payload encode/decode", ("Workflows.Serialization", "System.Text.Json")),
    ("history event building and reading", ("Workflows.History", "EventRows")),
    ("executor (replay, commands, workflow code)", ("Workflows.Runtime", "Workflows.WorkflowContext", "Workflows.Benchmarks.Workloads+<>c")),
    ("backend write queue and transactions", ("Workflows.Sqlite", "Workflows.MySql", "Workflows.Postgres", "Workflows.Sql")),
    ("worker: polling, leases, dispatch", ("Workflows.Worker", "Workflows.Backends")),
    ("client and harness", ("Workflows.Client", "Workflows.Benchmarks")),
    ("thread hops (thread pool, task continuations, signalling)", ("System.Threading", "System.Runtime.CompilerServices", "Interop+Kernel32", "Interop+Sys")),
]
WAITS = ("LowLevelLifoSemaphore.Wait", "WaitForSignal", "WaitNative", "WaitOneNoCheck", "Monitor.Wait", "SpinThenBlockingWait", "Thread.Sleep", "LowLevelSpinWaiter.Wait",
         "TimerQueue.TimerThread", "epoll", "SocketAsyncEngine", "LeaseRenewer.Run()")


def category(names):
    # Whatever the finalizer thread runs (a ThreadLocal's cleanup, a pool trim) is finalization, not the frame's namespace.
    if any("GC.RunFinalizers" in n for n in names):
        return "GC and finalizer"
    for name in reversed(names):
        for label, needles in RULES:
            if any(n in name for n in needles):
                return label
    return "other"


def main():
    data = json.load(open(sys.argv[1]))
    frames = [f["name"] for f in data["shared"]["frames"]]
    totals = collections.Counter()
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            if stack and last is not None:
                names = [frames[i] for i in stack]
                leaf = names[-1]
                sqlite_native = leaf == "UNMANAGED_CODE_TIME" and any("SQLitePCL" in n for n in names[-3:])
                waiting = any(w in n for n in names[-4:] for w in WAITS)
                if (leaf == "CPU_TIME" or sqlite_native) and not (waiting and leaf != "CPU_TIME"):
                    totals["(waiting, spinning)" if waiting else category(names[:-1])] += at - last
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            else:
                stack.pop()

    all_ms = sum(totals.values())
    cpu_per_wf = float(sys.argv[2]) if len(sys.argv) > 2 else None
    steps = float(sys.argv[3]) if len(sys.argv) > 3 else 10
    print(f"samples: {all_ms / 1000:.1f} s counted")
    print("| category | share | µs per step |" if cpu_per_wf else "| category | share |")
    print("|---|---:|---:|" if cpu_per_wf else "|---|---:|")
    for label, ms in totals.most_common():
        share = ms / all_ms
        if cpu_per_wf:
            print(f"| {label} | {share:.1%} | {share * cpu_per_wf * 1000 / steps:.0f} |")
        else:
            print(f"| {label} | {share:.1%} |")


if __name__ == "__main__":
    main()
