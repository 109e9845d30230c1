using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Workflows.Backends.Tests.MySql.SkipWithoutMariaDbFramework", "Workflows.Backends.Tests")]

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// The standard xunit framework, except that when no MariaDB (or PostgreSQL) can be had, every test of the MariaDB (or
/// PostgreSQL) collection is reported as skipped with the reason. The shared suites' inherited facts cannot carry a Skip of their own, and a
/// silently passing or missing test would hide that the backend went untested.
/// </summary>
public sealed class SkipWithoutMariaDbFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo)
        => new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            string collection = testMethod.TestClass.TestCollection.DisplayName;
            string? unavailable = collection switch
            {
                MariaDbCollection.Name => MariaDbServer.UnavailableReason,
                Postgres.PostgresCollection.Name => Postgres.PostgresServer.UnavailableReason,
                _ => null,
            };
            if (unavailable is { } reason
                && testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any())
            {
                var skipped = new XunitSkippedDataRowTestCase(
                    DiagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    reason);
                return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
            }

            return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
        }
    }
}
