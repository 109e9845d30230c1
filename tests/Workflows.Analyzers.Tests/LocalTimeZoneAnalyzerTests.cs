using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.LocalTimeZoneAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class LocalTimeZoneAnalyzerTests
{
    private const string Convert = "'TimeZoneInfo.ConvertTime(value, zone)' with a zone from workflow input";

    [Fact]
    public async Task LocalConversions_InWorkflow_ReportEach()
    {
        const string source = """
            public static class Reminders
            {
                [Workflow]
                public static Task<string> ReminderWorkflow(WorkflowContext ctx, DateTimeOffset due, DateTime at)
                {
                    var a = {|#0:due.LocalDateTime|};
                    var b = {|#1:due.ToLocalTime()|};
                    var c = {|#2:at.ToLocalTime()|};
                    var d = {|#3:TimeZoneInfo.Local|}.Id;
                    return Task.FromResult($"{a}{b}{c}{d}");
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.LocalTimeZone).WithLocation(0).WithArguments("DateTimeOffset.LocalDateTime", Convert, "ReminderWorkflow → DateTimeOffset.LocalDateTime"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.LocalTimeZone).WithLocation(1).WithArguments("DateTimeOffset.ToLocalTime", Convert, "ReminderWorkflow → DateTimeOffset.ToLocalTime"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.LocalTimeZone).WithLocation(2).WithArguments("DateTime.ToLocalTime", Convert, "ReminderWorkflow → DateTime.ToLocalTime"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.LocalTimeZone).WithLocation(3).WithArguments("TimeZoneInfo.Local", "'TimeZoneInfo.Utc' or a zone from workflow input", "ReminderWorkflow → TimeZoneInfo.Local"));
    }

    [Fact]
    public async Task ConvertTimeWithOnlyDestination_ThroughHelper_Reports()
    {
        const string source = """
            public static class Reminders
            {
                [Workflow]
                public static Task<DateTime> ReminderWorkflow(WorkflowContext ctx, DateTime at, string zoneId) =>
                    Task.FromResult(ToZone(at, TimeZoneInfo.FindSystemTimeZoneById(zoneId)));

                private static DateTime ToZone(DateTime at, TimeZoneInfo zone) =>
                    {|#0:TimeZoneInfo.ConvertTime(at, zone)|}.Add({|#1:TimeZoneInfo.ConvertTimeToUtc(at)|} - at);
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.LocalTimeZone).WithLocation(0).WithArguments("TimeZoneInfo.ConvertTime", "'TimeZoneInfo.ConvertTime(value, sourceZone, destinationZone)'", "ReminderWorkflow → ToZone → TimeZoneInfo.ConvertTime"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.LocalTimeZone).WithLocation(1).WithArguments("TimeZoneInfo.ConvertTimeToUtc", "'TimeZoneInfo.ConvertTimeToUtc(value, zone)' with a zone from workflow input", "ReminderWorkflow → ToZone → TimeZoneInfo.ConvertTimeToUtc"));
    }

    [Fact]
    public async Task ExplicitZones_OffsetsOrActivity_NoDiagnostic()
    {
        const string source = """
            public static class Reminders
            {
                [Workflow]
                public static Task<string> ReminderWorkflow(WorkflowContext ctx, DateTimeOffset due, DateTime at, string zoneId)
                {
                    var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
                    var a = TimeZoneInfo.ConvertTime(due, zone);
                    var b = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.Utc, zone);
                    var c = TimeZoneInfo.ConvertTimeFromUtc(at, zone);
                    var d = TimeZoneInfo.ConvertTimeToUtc(at, zone);
                    var e = due.UtcDateTime;
                    return Task.FromResult($"{a:O}{b:O}{c:O}{d:O}{e:O}");
                }

                [Activity]
                public static DateTime Local(DateTime at) => at.ToLocalTime();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task LocalTime_OutsideWorkflow_NoDiagnostic()
    {
        const string source = """
            public static class Reports
            {
                public static DateTime Local(DateTime at) => at.ToLocalTime();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task LocalTime_WithoutSdk_NoDiagnostic()
    {
        const string source = """
            public static class Reminders
            {
                public static System.DateTime Local(System.DateTime at) => at.ToLocalTime();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, includeSdk: false, additionalFiles: []);
    }

    [Fact]
    public async Task EmptySource_NoDiagnostic() => await VerifyAnalyzer.VerifyAsync(string.Empty);
}
