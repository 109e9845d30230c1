using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1018: the worker's local time zone in workflow code: TimeZoneInfo.Local, conversions to and from local
/// time (DateTime.ToLocalTime/ToUniversalTime, DateTimeOffset.LocalDateTime/ToLocalTime) and the
/// TimeZoneInfo conversions whose source zone is taken from the DateTime's kind, which means local for
/// an unspecified kind.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LocalTimeZoneAnalyzer : ApiUsageAnalyzerBase
{
    private const string Convert = "'TimeZoneInfo.ConvertTime(value, zone)' with a zone from workflow input";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LocalTimeZone);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var d = Descriptors.LocalTimeZone;
        var table = new ApiTable();
        table.Add(compilation, "System.TimeZoneInfo", "Local", d, "'TimeZoneInfo.Utc' or a zone from workflow input");
        table.Add(compilation, "System.TimeZone", "CurrentTimeZone", d, "'TimeZoneInfo.Utc' or a zone from workflow input");
        table.Add(compilation, "System.DateTime", "ToLocalTime", d, Convert);
        table.Add(compilation, "System.DateTime", "ToUniversalTime", d, "'TimeZoneInfo.ConvertTimeToUtc(value, zone)' with a zone from workflow input");
        table.Add(compilation, "System.DateTime", "IsDaylightSavingTime", d, "'zone.IsDaylightSavingTime(value)' with a zone from workflow input");
        table.Add(compilation, "System.DateTimeOffset", "LocalDateTime", d, Convert);
        table.Add(compilation, "System.DateTimeOffset", "ToLocalTime", d, Convert);

        // With a DateTime and only a destination zone, the source zone comes from DateTime.Kind: local unless Utc.
        table.Add(compilation, "System.TimeZoneInfo", "ConvertTime", d, "'TimeZoneInfo.ConvertTime(value, sourceZone, destinationZone)'", applies: static o => IsDateTimeWithOneZone(o));
        table.Add(compilation, "System.TimeZoneInfo", "ConvertTimeBySystemTimeZoneId", d, "'TimeZoneInfo.ConvertTimeBySystemTimeZoneId(value, sourceId, destinationId)'", applies: static o => IsDateTimeWithOneZone(o));
        table.Add(compilation, "System.TimeZoneInfo", "ConvertTimeToUtc", d, "'TimeZoneInfo.ConvertTimeToUtc(value, zone)' with a zone from workflow input", applies: static o => o is IInvocationOperation { Arguments.Length: 1 });
        return table;
    }

    private static bool IsDateTimeWithOneZone(IOperation operation) =>
        operation is IInvocationOperation { Arguments.Length: 2 } invocation
        && invocation.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_DateTime;
}
