using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Generators.Benchmarks;

/// <summary>Finds the [Workflow] and [Activity] methods and emits one empty file: the cost floor of any such generator.</summary>
internal sealed class AttributeOnlyGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var workflows = context.SyntaxProvider.ForAttributeWithMetadataName("Workflows.WorkflowAttribute", static (n, _) => n is MethodDeclarationSyntax, static (c, _) => c.TargetSymbol.Name);
        var activities = context.SyntaxProvider.ForAttributeWithMetadataName("Workflows.ActivityAttribute", static (n, _) => n is MethodDeclarationSyntax, static (c, _) => c.TargetSymbol.Name);
        context.RegisterSourceOutput(workflows.Collect().Combine(activities.Collect()), static (spc, all) => spc.AddSource("Count.g.cs", $"// {all.Left.Length + all.Right.Length}"));
    }
}
