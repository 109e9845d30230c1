using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.CultureSensitiveTextAnalyzer,
    Workflows.Analyzers.CodeFixes.CultureSensitiveTextCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.CultureSensitiveTextAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class CultureSensitiveTextAnalyzerTests
{
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Culture(int location, string api, string replacement, string chain) =>
        Verify.Diagnostic(DiagnosticIds.CultureSensitiveText).WithLocation(location).WithArguments(api, replacement, chain);

    [Fact]
    public async Task ParseFormatAndCase_InWorkflow_FixToInvariantOverloads()
    {
        const string source = """
            using System.Globalization;

            public static class Prices
            {
                [Workflow]
                public static Task<string> PriceWorkflow(WorkflowContext ctx, string amount, string code, decimal total)
                {
                    var price = {|#0:double.Parse(amount)|};
                    var shown = {|#1:total.ToString("N2")|};
                    var line = {|#2:string.Format("{0} x {1}", code, price)|};
                    var key = {|#3:code.ToUpper()|};
                    var ok = {|#4:DateTime.TryParse(amount, out var when)|};
                    var first = {|#5:string.Compare(code, key)|};
                    return Task.FromResult(shown + line + key + ok + when.Ticks + first);
                }
            }
            """;
        const string fixedSource = """
            using System.Globalization;

            public static class Prices
            {
                [Workflow]
                public static Task<string> PriceWorkflow(WorkflowContext ctx, string amount, string code, decimal total)
                {
                    var price = double.Parse(amount, CultureInfo.InvariantCulture);
                    var shown = total.ToString("N2", CultureInfo.InvariantCulture);
                    var line = string.Format(CultureInfo.InvariantCulture, "{0} x {1}", code, price);
                    var key = code.ToUpperInvariant();
                    var ok = DateTime.TryParse(amount, CultureInfo.InvariantCulture, out var when);
                    var first = string.Compare(code, key, StringComparison.Ordinal);
                    return Task.FromResult(shown + line + key + ok + when.Ticks + first);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Culture(0, "Double.Parse", "'Parse(…, CultureInfo.InvariantCulture)'", "PriceWorkflow → Double.Parse"),
                Culture(1, "Decimal.ToString", "'ToString(…, CultureInfo.InvariantCulture)'", "PriceWorkflow → Decimal.ToString"),
                Culture(2, "String.Format", "'Format(…, CultureInfo.InvariantCulture)'", "PriceWorkflow → String.Format"),
                Culture(3, "String.ToUpper", "'ToUpperInvariant()'", "PriceWorkflow → String.ToUpper"),
                Culture(4, "DateTime.TryParse", "'TryParse(…, CultureInfo.InvariantCulture)'", "PriceWorkflow → DateTime.TryParse"),
                Culture(5, "String.Compare", "'Compare(…, StringComparison.Ordinal)'", "PriceWorkflow → String.Compare"),
            ],
            fixedSource);
    }

    [Fact]
    public async Task InterpolationAndConcatenation_ThroughHelper_FixToInvariant()
    {
        const string source = """
            public static class Prices
            {
                [Workflow]
                public static Task<string> PriceWorkflow(WorkflowContext ctx, double price, DateTime due) => Task.FromResult(Describe(price, due));

                private static string Describe(double price, DateTime due) =>
                    {|#0:$"{price:F2} due {due}"|} + " / " + {|#1:price|};
            }
            """;
        const string fixedSource = """
            public static class Prices
            {
                [Workflow]
                public static Task<string> PriceWorkflow(WorkflowContext ctx, double price, DateTime due) => Task.FromResult(Describe(price, due));

                private static string Describe(double price, DateTime due) =>
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{price:F2} due {due}") + " / " + price.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Culture(0, "$\"…{double}…\"", "'string.Create(CultureInfo.InvariantCulture, $\"…\")'", "PriceWorkflow → Describe → $\"…{double}…\""),
                Culture(1, "string + double", "'value.ToString(CultureInfo.InvariantCulture)'", "PriceWorkflow → Describe → string + double"),
            ],
            fixedSource);
    }

    [Fact]
    public async Task CompareTo_WithoutComparisonOverload_ReportsWithoutFix()
    {
        const string source = """
            public static class Names
            {
                [Workflow]
                public static Task<int> SortWorkflow(WorkflowContext ctx, string a, string b) => Task.FromResult({|#0:a.CompareTo(b)|});
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Culture(0, "String.CompareTo", "'string.CompareOrdinal' or an overload that takes 'StringComparison.Ordinal'", "SortWorkflow → String.CompareTo"));
    }

    [Fact]
    public async Task ExplicitCultureOrInvariantValues_NoDiagnostic()
    {
        const string source = """
            using System.Globalization;

            public enum Tier { Gold }

            public static class Prices
            {
                [Workflow]
                public static Task<string> PriceWorkflow(WorkflowContext ctx, string amount, int count, Guid id, DateTime due, Tier tier, bool flag, string code)
                {
                    var price = double.Parse(amount, CultureInfo.InvariantCulture);
                    var n = int.Parse(amount);
                    var text = count.ToString() + count.ToString("D4") + id.ToString("N") + due.ToString("O") + tier.ToString() + flag.ToString();
                    var key = code.ToUpperInvariant() + code.ToLower(CultureInfo.InvariantCulture);
                    var same = string.Equals(code, key, StringComparison.OrdinalIgnoreCase) && code.StartsWith('a') && code.Contains("b");
                    var line = $"{code}-{count}-{id}-{due:o}";
                    var invariant = FormattableString.Invariant($"{price}") + string.Create(CultureInfo.InvariantCulture, $"{price:F2}");
                    var joined = string.Format("{0}/{1}", code, count) + price.ToString(CultureInfo.InvariantCulture);
                    var compared = string.Compare(code, key, StringComparison.Ordinal);
                    return Task.FromResult(text + key + same + line + invariant + joined + n + compared + "n=" + count);
                }

                [Activity]
                public static string Show(double price) => price.ToString("N2") + $"{DateTime.UtcNow}";
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task CultureSensitive_OutsideWorkflowAndInSideEffect_NoDiagnostic()
    {
        const string source = """
            public static class Prices
            {
                [Workflow]
                public static async Task<string> PriceWorkflow(WorkflowContext ctx, double price) =>
                    await ctx.SideEffectAsync(() => price.ToString("N2"));

                public static string Show(double price) => $"{price}";
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
