using Microsoft.CodeAnalysis;

namespace Workflows.Generators.Tests;

public sealed class PayloadDiagnosticTests
{
    private static (GeneratorRunResult Result, Compilation Output) Run(string source)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    private static string Context(GeneratorRunResult result)
        => result.GeneratedSources.Single(s => s.HintName == "Workflows.GeneratedPayloadJsonContext.g.cs").SourceText.ToString();

    [Fact]
    public void IncludedMemberOfPrivateType_ReportsWF2101_AndLeavesTheContainerToReflection()
    {
        const string source = """
            using System.Text.Json.Serialization;

            public sealed class Outer
            {
                [JsonInclude]
                private Hidden? Value { get; set; }

                private sealed class Hidden
                {
                    public int Number { get; set; }
                }
            }

            public static class Flows
            {
                [Activity]
                public static int Open(Outer outer, int count) => count;
            }
            """;

        var (result, output) = Run(source);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WF2101", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Descriptor.DefaultSeverity);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Outer.Hidden", message, StringComparison.Ordinal);
        Assert.Contains("parameter 'outer' of activity 'Open'", message, StringComparison.Ordinal);
        Assert.Contains("[assembly: WorkflowJsonContext(typeof(...))]", message, StringComparison.Ordinal);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.DoesNotContain("typeof(global::Outer)", Context(result), StringComparison.Ordinal);
        Assert.Contains("typeof(int)", Context(result), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void Tuple_ReportsWF2102()
    {
        const string source = """
            public static class Flows
            {
                [Activity]
                public static int Sum((int A, int B) pair) => pair.A + pair.B;
            }
            """;

        var (result, _) = Run(source);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WF2102", diagnostic.Id);
        Assert.Contains("tuples", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.EndsWith("docs/rules/WF2102.md", diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedFrameworkCollection_ReportsWF2102()
    {
        const string source = """
            using System.Collections.Generic;

            public static class Flows
            {
                [Activity]
                public static int Count(HashSet<string> names) => names.Count;
            }
            """;

        var (result, _) = Run(source);

        Assert.Equal("WF2102", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void LinkedContext_OwnsItsTypes_AndIsRegisteredFirst()
    {
        const string source = """
            using System.Text.Json.Serialization;
            using Workflows.Serialization;

            [assembly: WorkflowJsonContext(typeof(AppJsonContext))]

            public sealed record Owned(int Value);

            public sealed record Generated(string Name);

            [JsonSerializable(typeof(Owned))]
            public partial class AppJsonContext : JsonSerializerContext
            {
            }

            public static class Flows
            {
                [Activity]
                public static int Use(Owned owned, Generated generated) => owned.Value;
            }
            """;

        var (result, _) = Run(source);

        Assert.Empty(result.Diagnostics);
        string context = Context(result);
        Assert.DoesNotContain("typeof(global::Owned)", context, StringComparison.Ordinal);
        Assert.Contains("typeof(global::Generated)", context, StringComparison.Ordinal);
        int user = context.IndexOf("RegisterUser(new global::AppJsonContext())", StringComparison.Ordinal);
        int generated = context.IndexOf("RegisterGenerated(new GeneratedPayloadJsonContext())", StringComparison.Ordinal);
        Assert.True(user >= 0 && generated > user, context);
    }

    [Fact]
    public void LinkedTypeThatIsNoContext_ReportsWF2103()
    {
        const string source = """
            using Workflows.Serialization;

            [assembly: WorkflowJsonContext(typeof(NotAContext))]

            public sealed class NotAContext
            {
            }
            """;

        var (result, _) = Run(source);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WF2103", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Descriptor.DefaultSeverity);
        Assert.Contains("does not derive from JsonSerializerContext", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredPayload_OnWorkflowMethod_AddsTheTypeAndWhatItReaches()
    {
        const string source = """
            using System.Collections.Generic;
            using Workflows.Serialization;

            public sealed record Approval(string By, List<Note> Notes);

            public sealed record Note(string Text);

            public static class Flows
            {
                [Workflow, WorkflowPayload(typeof(Approval))]
                public static async Task<bool> Approve(WorkflowContext ctx)
                {
                    var approval = await ctx.Signals<Approval>("approval").ReceiveAsync();
                    return approval.By.Length > 0;
                }
            }
            """;

        var (result, output) = Run(source);

        Assert.Empty(result.Diagnostics);
        string context = Context(result);
        Assert.Contains("typeof(global::Approval)", context, StringComparison.Ordinal);
        Assert.Contains("typeof(global::Note)", context, StringComparison.Ordinal);
        Assert.Contains("typeof(global::System.Collections.Generic.List<global::Note>)", context, StringComparison.Ordinal);
        Assert.Contains("typeof(bool)", context, StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Theory]
    [InlineData("[JsonExtensionData] public Dictionary<string, object>? Rest { get; set; }", "JsonExtensionData")]
    [InlineData("[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] public int Count { get; set; }", "JsonNumberHandling")]
    public void MemberFeatureNotDescribed_ReportsWF2102_AndLeavesTheTypeToReflection(string member, string attribute)
    {
        string source = $$"""
            using System.Collections.Generic;
            using System.Text.Json.Serialization;

            public sealed class Bag
            {
                {{member}}
            }

            public static class Flows
            {
                [Activity]
                public static int Open(Bag bag) => 0;
            }
            """;

        var (result, _) = Run(source);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WF2102", diagnostic.Id);
        Assert.Contains(attribute, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("PayloadJsonContext", StringComparison.Ordinal) && s.SourceText.ToString().Contains("typeof(global::Bag)", StringComparison.Ordinal));
    }

    [Fact]
    public void KeywordMemberNamesAndStructs_Compile()
    {
        const string source = """
            public sealed class Keywords
            {
                public int @class { get; set; }

                public string? @event { get; init; }
            }

            public struct Mutable
            {
                public int @base { get; set; }

                public string? Name { get; init; }
            }

            public static class Flows
            {
                [Activity]
                public static int Use(Keywords keywords, Mutable mutable) => keywords.@class + mutable.@base;
            }
            """;

        var (result, output) = Run(source);

        Assert.Empty(result.Diagnostics);
        Assert.Contains("((global::Keywords)obj).@class", Context(result), StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.Problems(output));
    }
}
