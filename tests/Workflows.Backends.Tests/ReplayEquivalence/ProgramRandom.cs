namespace Workflows.Backends.Tests.ReplayEquivalence;

/// <summary>
/// SplitMix64: a seeded generator whose sequence is fixed by this code alone, so a seed names the same program on
/// every runtime (<see cref="Random"/> does not promise that), and the workflow can regenerate it on replay.
/// </summary>
internal sealed class ProgramRandom(int seed)
{
    private ulong _state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;

    /// <summary>A value in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => (int)(NextUInt64() % (ulong)max);

    /// <summary>A value in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    private ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
