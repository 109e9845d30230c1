using Workflows.Worker;

namespace Workflows.Testing;

/// <summary>
/// One mocked activity or sub-workflow call: which arguments it matches and what it does. Calls are matched against
/// the mocks of a name in the order the mocks were set up; the first whose matchers accept the arguments (and whose
/// <see cref="Times"/> are not used up) answers. Set exactly one outcome: <see cref="Returns"/>, <see cref="Throws"/>
/// or one of the <c>Calls</c> overloads.
/// </summary>
public sealed class WorkflowMock
{
    private readonly Lock _gate = new();
    private readonly IReadOnlyList<ArgumentMatcher>? _matchers;
    private Func<PayloadArguments, CancellationToken, Task<object?>>? _outcome;
    private int? _times;
    private bool _optional;
    private int _calls;

    internal WorkflowMock(MockKind kind, string name, IReadOnlyList<ArgumentMatcher>? matchers)
    {
        Kind = kind;
        Name = name;
        _matchers = matchers;
    }

    /// <summary>The mocked activity or workflow name.</summary>
    public string Name { get; }

    /// <summary>How many calls this mock has answered.</summary>
    public int CallCount
    {
        get
        {
            lock (_gate)
            {
                return _calls;
            }
        }
    }

    internal MockKind Kind { get; }

    /// <summary>Answers with <paramref name="value"/> (encoded as its runtime type).</summary>
    public WorkflowMock Returns(object? value) => Set((_, _) => Task.FromResult(value));

    /// <summary>Answers by throwing <paramref name="exception"/>: the workflow sees it as an activity or sub-workflow failure.</summary>
    public WorkflowMock Throws(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Set((_, _) => Task.FromException<object?>(exception));
    }

    /// <summary>Answers with what <paramref name="function"/> returns for the call's encoded arguments.</summary>
    public WorkflowMock Calls(Func<PayloadArguments, object?> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Set((args, _) => Task.FromResult(function(args)));
    }

    /// <summary>Answers with what the asynchronous <paramref name="function"/> returns; it gets the activity's cancellation token.</summary>
    public WorkflowMock Calls(Func<PayloadArguments, CancellationToken, Task<object?>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Set(function);
    }

    /// <summary>Answers with what <paramref name="function"/> returns for the decoded first argument.</summary>
    public WorkflowMock Calls<T1, TResult>(Func<T1, TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Set((args, _) => Task.FromResult<object?>(function(args.Get<T1>(0))));
    }

    /// <summary>Answers with what <paramref name="function"/> returns for the decoded first two arguments.</summary>
    public WorkflowMock Calls<T1, T2, TResult>(Func<T1, T2, TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Set((args, _) => Task.FromResult<object?>(function(args.Get<T1>(0), args.Get<T2>(1))));
    }

    /// <summary>Answers with what <paramref name="function"/> returns for the decoded first three arguments.</summary>
    public WorkflowMock Calls<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Set((args, _) => Task.FromResult<object?>(function(args.Get<T1>(0), args.Get<T2>(1), args.Get<T3>(2))));
    }

    /// <summary>
    /// Answers at most <paramref name="count"/> calls; later calls fall through to the next matching mock. With
    /// <see cref="WorkflowTester.AssertExpectations"/>, exactly <paramref name="count"/> calls are expected.
    /// </summary>
    public WorkflowMock Times(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _times = count;
        return this;
    }

    /// <summary>Answers one call only; shorthand for <c>Times(1)</c>.</summary>
    public WorkflowMock Once() => Times(1);

    /// <summary>Leaves this mock out of <see cref="WorkflowTester.AssertExpectations"/>: it may or may not be called.</summary>
    public WorkflowMock Maybe()
    {
        _optional = true;
        return this;
    }

    /// <summary>Describes the mock: its name and argument matchers.</summary>
    public override string ToString()
        => $"{(Kind == MockKind.Activity ? "activity" : "sub-workflow")} '{Name}'({(_matchers is null ? "any arguments" : string.Join(", ", _matchers))})";

    // Claims one call when the arguments match and the mock has calls left; the count is taken under the lock so
    // parallel activities never over-use a Times(n) mock.
    internal bool TryClaim(PayloadArguments arguments)
    {
        if (_matchers is not null)
        {
            if (arguments.Count != _matchers.Count)
            {
                return false;
            }

            for (int i = 0; i < _matchers.Count; i++)
            {
                if (!_matchers[i].Matches(arguments, i))
                {
                    return false;
                }
            }
        }

        lock (_gate)
        {
            if (_times is { } limit && _calls >= limit)
            {
                return false;
            }

            _calls++;
            return true;
        }
    }

    internal Task<object?> InvokeAsync(PayloadArguments arguments, CancellationToken cancellationToken)
        => _outcome is null
            ? throw new InvalidOperationException($"The mock of {this} has no outcome: call Returns, Throws or Calls on it.")
            : _outcome(arguments, cancellationToken);

    // Null when the expectation holds, else why not.
    internal string? Unmet()
    {
        int calls = CallCount;
        if (_optional)
        {
            return null;
        }

        if (_times is { } expected)
        {
            return calls == expected ? null : $"{this} was expected {expected} time(s) but was called {calls} time(s)";
        }

        return calls > 0 ? null : $"{this} was expected but never called";
    }

    private WorkflowMock Set(Func<PayloadArguments, CancellationToken, Task<object?>> outcome)
    {
        if (_outcome is not null)
        {
            throw new InvalidOperationException($"The mock of {this} already has an outcome.");
        }

        _outcome = outcome;
        return this;
    }
}

/// <summary>What a mock stands in for.</summary>
internal enum MockKind
{
    Activity,
    SubWorkflow,
}
