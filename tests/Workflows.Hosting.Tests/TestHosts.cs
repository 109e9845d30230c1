using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflows.Worker;

namespace Workflows.Hosting.Tests;

/// <summary>Worker-service hosts (<see cref="Host.CreateApplicationBuilder()"/>) for the tests, on a chosen backend.</summary>
internal static class TestHosts
{
    public static readonly TheoryData<string> Backends = new() { "Sqlite", "InMemory" };

    // The SQLite files of this test run, in one directory that is removed when the test process exits.
    private static readonly string s_databases = CreateDatabaseDirectory();

    private static string CreateDatabaseDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "workflows-hosting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A host still holds a file; the OS temp cleanup takes it.
            }
        };
        return directory;
    }

    public static IHost Build(
        string backend,
        IDictionary<string, string?>? settings = null,
        Action<WorkflowsBuilder>? workers = null,
        CapturingLoggerProvider? logs = null,
        TimeSpan? shutdownTimeout = null,
        string? serverSchema = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        var configuration = new Dictionary<string, string?>
        {
            ["Workflows:Backend"] = backend,
            ["Workflows:ConnectionString"] = Path.Combine(s_databases, $"{Guid.NewGuid():N}.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        if (logs is not null)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        if (shutdownTimeout is { } timeout)
        {
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
        }

        builder.Services.AddScoped<ScopedProbe>();
        builder.Services.AddHealthChecks().AddWorkflowsChecks();
        builder.Services.AddWorkflows(w =>
        {
            // The server backends take their connection string from configuration, as an application would; the
            // schema keeps each test's tables apart on a shared server.
            w.UseSqlite().UseInMemory()
                .UseMySql(configure: o => o with { SchemaName = serverSchema })
                .UsePostgres(configure: o => o with { SchemaName = serverSchema })
                .AddActivities<ProbeActivities>()
                .AddRegistrations((registry, services) => registry.AddGeneratedWorkflows(services));
            if (workers is null)
            {
                w.AddWorker();
            }
            else
            {
                workers(w);
            }
        });
        return builder.Build();
    }
}
