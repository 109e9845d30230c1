namespace Workflows.Testing;

/// <summary>Argument matchers for <see cref="WorkflowTester.OnActivity"/> and <see cref="WorkflowTester.OnSubWorkflow"/>.</summary>
public static class Arg
{
    /// <summary>Matches any value of the argument in its position.</summary>
    public static ArgumentMatcher Any { get; } = new AnyMatcher();

    /// <summary>Matches when the argument, decoded as <typeparamref name="T"/>, satisfies <paramref name="predicate"/>.</summary>
    /// <typeparam name="T">The type to decode the argument as.</typeparam>
    /// <param name="predicate">The condition.</param>
    public static ArgumentMatcher Is<T>(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new PredicateMatcher<T>(predicate);
    }

    private sealed class AnyMatcher : ArgumentMatcher
    {
        internal override bool Matches(Worker.PayloadArguments arguments, int index) => true;

        public override string ToString() => "Arg.Any";
    }

    private sealed class PredicateMatcher<T>(Func<T, bool> predicate) : ArgumentMatcher
    {
        internal override bool Matches(Worker.PayloadArguments arguments, int index)
        {
            try
            {
                return predicate(arguments.Get<T>(index));
            }
            catch (ArgumentMismatchException)
            {
                return false;
            }
        }

        public override string ToString() => $"Arg.Is<{typeof(T).Name}>(...)";
    }
}
