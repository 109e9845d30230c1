namespace Workflows.Cli;

/// <summary>The tool's exit codes, for scripts and deploy pipelines (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and failed: no such instance, not finished, a database that cannot be opened.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: an unknown command or option, a missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary><c>replay</c> found histories the given build does not reproduce.</summary>
    public const int ReplayMismatch = 3;
}
