namespace Workflows.Backends.Tests.Faults;

/// <summary>
/// A fact of the soak tier: it runs only when <c>WORKFLOWS_SOAK</c> is set (<c>.ci/run --soak</c>), and is reported
/// as skipped, saying so, otherwise. The value, when a number, is how many rounds to run.
/// </summary>
public sealed class SoakFactAttribute : FactAttribute
{
    public const string Variable = "WORKFLOWS_SOAK";

    public SoakFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Soak tier: set {Variable}=1 (or a number of rounds), or run .ci/run --soak.";
        }
    }

    /// <summary>Rounds to run: the variable's value when it is a number above 1, else <paramref name="fallback"/>.</summary>
    public static int Rounds(int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(Variable), out int rounds) && rounds > 1 ? rounds : fallback;

    /// <summary>The seed: <c>WORKFLOWS_SOAK_SEED</c> when set (to replay a failure), else a fresh one.</summary>
    public static int Seed()
        => int.TryParse(Environment.GetEnvironmentVariable("WORKFLOWS_SOAK_SEED"), out int seed) ? seed : Random.Shared.Next();
}
