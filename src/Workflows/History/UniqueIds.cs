using System.Security.Cryptography;

namespace Workflows.History;

/// <summary>
/// Event ids and lock tokens: 32 hex digits, unique across processes and machines without a system call per id
/// (a random 64-bit process prefix and a counter that starts at a random value). They are identifiers, not secrets.
/// </summary>
internal static class UniqueIds
{
    private static readonly ulong s_prefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private static long s_counter = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;

    /// <summary>A new id.</summary>
    public static string Next()
    {
        ulong counter = (ulong)Interlocked.Increment(ref s_counter);
        return string.Create(32, (s_prefix, counter), static (span, state) =>
        {
            state.s_prefix.TryFormat(span[..16], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
            state.counter.TryFormat(span[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        });
    }
}
