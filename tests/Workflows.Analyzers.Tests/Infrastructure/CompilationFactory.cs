using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workflows.Analyzers.Tests.Infrastructure;

/// <summary>Builds compilations against the .NET references and the Workflows SDK stub, outside the test framework.</summary>
internal static class CompilationFactory
{
    public static CSharpCompilation Create(params string[] sources)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(WorkflowsStub.GlobalUsings, path: "GlobalUsings.cs") };
        trees.AddRange(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"Source{i}.cs")));
        return CSharpCompilation.Create(
            "TestAssembly",
            trees,
            [.. TestReferences.All, TestReferences.Sdk],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
