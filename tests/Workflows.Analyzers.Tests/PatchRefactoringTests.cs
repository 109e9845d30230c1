using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Workflows.Analyzers.CodeFixes;
using Workflows.Analyzers.Tests.Infrastructure;

namespace Workflows.Analyzers.Tests;

/// <summary>"Put this change behind a patch", run the way the IDE runs it, and the result compiled.</summary>
public class PatchRefactoringTests
{
    [Fact]
    public async Task CaretOnAStatement_WrapsItInBothBranchesOfANewPatch()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx, int amount)
                {
                    int total = amount;
                    total += await ctx.ExecuteActivityAsync<int>("Ch$$arge", null, amount);
                    return total;
                }
            }
            """;

        string result = await RefactorAsync(source) ?? throw new Xunit.Sdk.XunitException("The refactoring was not offered.");

        Assert.Contains("if (ctx.IsPatched(\"OrderWorkflow-1\"))", result, StringComparison.Ordinal);
        Assert.Contains("else", result, StringComparison.Ordinal);
        Assert.Contains("// The code as it was before the change", result, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences(result, "total += await ctx.ExecuteActivityAsync<int>(\"Charge\", null, amount);"));
        Assert.Equal(1, Occurrences(result, "int total = amount;"));
    }

    [Fact]
    public async Task MethodWithPatches_TakesTheNextFreeId()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    ctx.DeprecatePatch("OrderWorkflow-1");
                    if (ctx.IsPatched("OrderWorkflow-2"))
                    {
                        await ctx.DelayAsync(TimeSpan.FromMinutes(1));
                    }

                    await ctx.ExecuteActivityAsync("Sh$$ip", null);
                }
            }
            """;

        string result = await RefactorAsync(source) ?? throw new Xunit.Sdk.XunitException("The refactoring was not offered.");

        Assert.Contains("if (ctx.IsPatched(\"OrderWorkflow-3\"))", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectionAcrossStatements_WrapsEachOfThem()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    await ctx.ExecuteActivityAsync("Reserve", null);
                    [|await ctx.ExecuteActivityAsync("Charge", null);
                    await ctx.ExecuteActivityAsync("Ship", null);|]
                }
            }
            """;

        string result = await RefactorAsync(source) ?? throw new Xunit.Sdk.XunitException("The refactoring was not offered.");

        Assert.Equal(1, Occurrences(result, "\"Reserve\""));
        Assert.Equal(2, Occurrences(result, "\"Charge\""));
        Assert.Equal(2, Occurrences(result, "\"Ship\""));
        Assert.True(result.IndexOf("\"Reserve\"", StringComparison.Ordinal) < result.IndexOf("IsPatched", StringComparison.Ordinal), result);
    }

    [Fact]
    public async Task StatementDeclaringALocalUsedLater_IsNotOffered()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    int price = await ctx.ExecuteActivityAsync<int>("Pr$$ice", null);
                    return price * 2;
                }
            }
            """;

        Assert.Null(await RefactorAsync(source));
    }

    [Fact]
    public async Task CodeWithoutAWorkflowContext_IsNotOffered()
    {
        const string source = """
            public static class Helpers
            {
                public static int Twice(int x)
                {
                    int y = x;
                    y *= 2$$;
                    return y;
                }
            }
            """;

        Assert.Null(await RefactorAsync(source));
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // Runs the refactoring at the caret ($$) or on the selection ([| |]); returns the changed file, checked to
    // compile, or null when the refactoring is not offered.
    private static async Task<string?> RefactorAsync(string markup)
    {
        TextSpan span;
        string code;
        int caret = markup.IndexOf("$$", StringComparison.Ordinal);
        if (caret >= 0)
        {
            code = markup.Remove(caret, 2);
            span = new TextSpan(caret, 0);
        }
        else
        {
            int start = markup.IndexOf("[|", StringComparison.Ordinal);
            code = markup.Remove(start, 2);
            int end = code.IndexOf("|]", StringComparison.Ordinal);
            code = code.Remove(end, 2);
            span = TextSpan.FromBounds(start, end);
        }

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Refactored", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithMetadataReferences([.. TestReferences.All, TestReferences.Sdk]);
        project = project.AddDocument("GlobalUsings.cs", WorkflowsStub.GlobalUsings).Project;
        var document = project.AddDocument("Orders.cs", code);

        var actions = new List<CodeAction>();
        var context = new CodeRefactoringContext(document, span, actions.Add, CancellationToken.None);
        await new PatchRefactoringProvider().ComputeRefactoringsAsync(context);
        if (actions.Count == 0)
        {
            return null;
        }

        var action = Assert.Single(actions);
        Assert.Equal(PatchRefactoringProvider.Title, action.Title);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var compilation = await changed.Project.GetCompilationAsync();
        var errors = compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        string text = (await changed.GetTextAsync()).ToString();
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + text);
        return text;
    }
}
