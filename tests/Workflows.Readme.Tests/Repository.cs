using System.Reflection;

namespace Workflows.Readme.Tests;

/// <summary>The files the tests read: README.md, the rule pages and the snippets' shared context.</summary>
internal static class Repository
{
    public static string Directory { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryDirectory").Value!;

    public static string Readme => File.ReadAllText(Path.Combine(Directory, "README.md"));

    public static string SnippetContext => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Snippets", "Context.cs"));

    public static IReadOnlyList<ReadmeSnippet> Snippets { get; } = ReadmeSnippet.Parse(Readme);
}
