using Workflows.Worker;

namespace Workflows.Testing;

/// <summary>
/// Decides whether one argument of a call matches a mock. Build them with <see cref="Arg"/>; a plain value passed
/// where a matcher is expected matches an argument that decodes to an equal value.
/// </summary>
public abstract class ArgumentMatcher
{
    private protected ArgumentMatcher()
    {
    }

    internal abstract bool Matches(PayloadArguments arguments, int index);

    internal static ArgumentMatcher From(object? value) => value as ArgumentMatcher ?? new EqualsMatcher(value);

    private sealed class EqualsMatcher(object? expected) : ArgumentMatcher
    {
        internal override bool Matches(PayloadArguments arguments, int index)
        {
            try
            {
                return Same(arguments.Get(index, expected?.GetType() ?? typeof(object)), expected);
            }
            catch (ArgumentMismatchException)
            {
                return false;
            }
        }

        public override string ToString() => expected is string s ? $"\"{s}\"" : expected?.ToString() ?? "null";

        // Arrays and lists decode to new instances, so they compare by their elements.
        private static bool Same(object? actual, object? wanted)
            => Equals(actual, wanted)
                || (actual is System.Collections.IEnumerable a && wanted is System.Collections.IEnumerable w && actual is not string
                    && a.Cast<object?>().SequenceEqual(w.Cast<object?>()));
    }
}
