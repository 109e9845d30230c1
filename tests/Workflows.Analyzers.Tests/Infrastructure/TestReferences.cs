using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Workflows.Analyzers.Tests.Infrastructure;

/// <summary>
/// Reference assemblies for test compilations, taken from the .NET SDK on this machine
/// (packs/Microsoft.NETCore.App.Ref) so that tests need no download; falls back to the running
/// runtime's assemblies when the reference pack is missing.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(Load);

    /// <summary>An empty reference set; the real references are added as additional references.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    private static readonly Lazy<PortableExecutableReference> s_sdk = new(CompileSdk);

    /// <summary>The .NET reference assemblies.</summary>
    public static ImmutableArray<MetadataReference> All => s_references.Value;

    /// <summary>The Workflows SDK stub, compiled once into an assembly named <c>Workflows</c> like the real one.</summary>
    public static MetadataReference Sdk => s_sdk.Value;

    private static PortableExecutableReference CompileSdk()
    {
        var compilation = CSharpCompilation.Create(
            "Workflows",
            [CSharpSyntaxTree.ParseText(WorkflowsStub.Logging), CSharpSyntaxTree.ParseText(WorkflowsStub.Sdk)],
            All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("The Workflows stub does not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static ImmutableArray<MetadataReference> Load()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var directory = runtimeDirectory;
        if (Directory.Exists(packs))
        {
            var candidate = Directory.GetDirectories(packs)
                .Select(d => Path.Combine(d, "ref", "net10.0"))
                .Where(Directory.Exists)
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault();
            if (candidate is not null)
            {
                directory = candidate;
            }
        }

        return Directory.GetFiles(directory, "*.dll")
            .Where(IsManagedAssembly)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
