namespace Workflows;

/// <summary>
/// An instance id, workflow, activity, signal or queue name, or signal request id breaks the identifier rules: it
/// must be non-empty and not only white space, valid UTF-16 (no lone surrogate), free of control characters, and at
/// most <see cref="MaxLength"/> UTF-16 characters, which every backend stores exactly. Raised by the call that was
/// given the identifier, before anything is stored.
/// </summary>
public sealed class InvalidIdentifierException : WorkflowsException
{
    /// <summary>The longest identifier, in UTF-16 characters.</summary>
    public const int MaxLength = 200;

    internal InvalidIdentifierException(string kind, string? value, string reason)
        : base($"The {kind} {Display(value)} is not valid: {reason}.")
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>What the identifier is (<c>instance id</c>, <c>workflow name</c>, <c>queue</c>, ...).</summary>
    public string Kind { get; }

    /// <summary>The identifier as given.</summary>
    public string? Value { get; }

    // Shown escaped and shortened, so the message itself is printable whatever the identifier holds.
    private static string Display(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var text = new System.Text.StringBuilder("'");
        foreach (char c in value.Length > 64 ? value.AsSpan(0, 64) : value.AsSpan())
        {
            if (char.IsSurrogate(c) || char.IsControl(c))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        text.Append(value.Length > 64 ? $"…' ({value.Length:N0} characters)" : "'");
        return text.ToString();
    }
}
