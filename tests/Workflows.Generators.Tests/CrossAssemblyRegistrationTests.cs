using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Workflows.Worker;

namespace Workflows.Generators.Tests;

/// <summary>
/// A workflows library, a host with workflows of its own, and a test project that references both, compiled
/// together the way a solution builds them: each one's <c>AddGeneratedWorkflows</c> must register its own
/// definitions and every referenced library's, and the registrations are run, not just compiled.
/// </summary>
public sealed class CrossAssemblyRegistrationTests
{
    private const string Library = """
        namespace Shop.Payments;

        public static class PaymentWorkflows
        {
            [Workflow]
            public static async Task<int> Pay(WorkflowContext ctx, int amount)
                => await ctx.Activities.ChargeAsync(amount) + await ctx.Activities.AuditAsync();
        }

        public static class AuditActivities
        {
            [Activity]
            public static int Audit() => 0;
        }

        public sealed class PaymentActivities
        {
            public int Fee { get; set; }

            [Activity]
            public Task<int> Charge(int amount) => Task.FromResult(amount + Fee);
        }

        internal sealed class LedgerActivities
        {
            [Activity]
            public int Post(int amount) => amount;
        }

        public static class LibraryEntry
        {
            public static WorkflowRegistry Build() => new WorkflowRegistry().AddGeneratedWorkflows(new LedgerActivities(), new PaymentActivities());
        }
        """;

    private const string Host = """
        using Shop.Payments;

        namespace Shop.Host;

        public static class HostWorkflows
        {
            [Workflow]
            public static async Task<int> Checkout(WorkflowContext ctx, int amount)
                => await ctx.Workflows.PayAsync(amount) + await ctx.Activities.GreetAsync();

            [Activity]
            public static int Greet() => 1;
        }

        public static class HostEntry
        {
            public static WorkflowRegistry WithInstances(Shop.Payments.PaymentActivities payments)
                => new WorkflowRegistry().AddGeneratedWorkflows(payments);

            public static WorkflowRegistry WithoutInstances() => new WorkflowRegistry().AddGeneratedWorkflows();

            public static WorkflowRegistry LibraryOnly() => new WorkflowRegistry().AddShopPaymentsWorkflows(new Shop.Payments.PaymentActivities());

            public static Task<Workflows.Client.WorkflowHandle<int>> Start(Workflows.Client.WorkflowClient client)
                => client.StartPayAsync(5, new() { InstanceId = "order-1" });
        }
        """;

    private const string Tests = """
        namespace Shop.Tests;

        public static class TestEntry
        {
            public static WorkflowRegistry Build() => new WorkflowRegistry().AddGeneratedWorkflows(new Shop.Payments.PaymentActivities { Fee = 2 });
        }
        """;

    [Fact]
    public void AddGeneratedWorkflows_HostWithOwnWorkflows_RegistersHostAndLibrary()
    {
        using var trio = Trio.Build();

        var registry = trio.Call<WorkflowRegistry>("Shop.Host", "Shop.Host.HostEntry", "WithInstances", trio.NewPaymentActivities());

        Assert.Equal(["Checkout", "Pay"], registry.Workflows.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Audit", "Charge", "Greet"], registry.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddGeneratedWorkflows_TestProjectWithoutWorkflows_RegistersEveryReferencedAssembly()
    {
        using var trio = Trio.Build();

        var registry = trio.Call<WorkflowRegistry>("Shop.Tests", "Shop.Tests.TestEntry", "Build");

        Assert.Equal(["Checkout", "Pay"], registry.Workflows.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Audit", "Charge", "Greet"], registry.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddGeneratedWorkflows_WithoutInstances_LeavesOutOnlyInstanceActivities()
    {
        using var trio = Trio.Build();

        var registry = trio.Call<WorkflowRegistry>("Shop.Host", "Shop.Host.HostEntry", "WithoutInstances");

        Assert.Equal(["Checkout", "Pay"], registry.Workflows.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Audit", "Greet"], registry.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddGeneratedWorkflows_MissingInstance_ThrowsNamingIt()
    {
        using var trio = Trio.Build();

        var error = Assert.Throws<ArgumentNullException>(() => trio.Call<WorkflowRegistry>("Shop.Host", "Shop.Host.HostEntry", "WithInstances", [null]));

        Assert.Equal("paymentActivities", error.ParamName);
    }

    [Fact]
    public void AddLibraryWorkflows_InLibrary_BindsInternalActivityClassesToo()
    {
        using var trio = Trio.Build();

        var fromInside = trio.Call<WorkflowRegistry>("Shop.Payments", "Shop.Payments.LibraryEntry", "Build");
        var fromOutside = trio.Call<WorkflowRegistry>("Shop.Host", "Shop.Host.HostEntry", "LibraryOnly");

        Assert.Equal(["Audit", "Charge", "Post"], fromInside.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Audit", "Charge"], fromOutside.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Pay"], fromOutside.Workflows.Select(w => w.Name));
    }

    [Fact]
    public void Generate_Library_MarksAssemblyWithItsPublicRegistration()
    {
        using var trio = Trio.Build();

        var marker = trio.Assembly("Shop.Payments").GetCustomAttribute<GeneratedWorkflowRegistrationAttribute>();

        Assert.NotNull(marker);
        Assert.Equal("Workflows.Worker.ShopPaymentsWorkflowRegistration", marker.RegistrationType.FullName);
        Assert.True(marker.RegistrationType.IsPublic);
    }

    [Fact]
    public void Generate_HostWithoutReferencedLibraries_RegistersOnlyItsOwn()
    {
        var (result, _) = GeneratorHarness.Run(Sources.Simple);

        var registration = result.GeneratedSources.Single(s => s.HintName == "Workflows.GeneratedWorkflowRegistration.g.cs").SourceText.ToString();
        Assert.DoesNotContain("Referenced assemblies included", registration, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Shop.Orders", "AddShopOrdersWorkflows", "ShopOrdersWorkflowRegistration")]
    [InlineData("Shop.Workflows", "AddShopWorkflows", "ShopWorkflowsWorkflowRegistration")]
    [InlineData("my-app.v2", "AddMyAppV2Workflows", "MyAppV2WorkflowRegistration")]
    [InlineData("2fast", "AddAssembly2fastWorkflows", "Assembly2fastWorkflowRegistration")]
    [InlineData("Generated", "AddGeneratedAssemblyWorkflows", "GeneratedAssemblyWorkflowRegistration")]
    public void AssemblyNames_AnyAssemblyName_GiveIdentifiers(string assembly, string method, string className)
    {
        Assert.Equal(method, WorkflowGenerator.Emitter.AssemblyMethodName(assembly));
        Assert.Equal(className, WorkflowGenerator.Emitter.AssemblyClassName(assembly));
    }

    /// <summary>The three assemblies, compiled with the generator and loaded into a context of their own.</summary>
    private sealed class Trio : AssemblyLoadContext, IDisposable
    {
        private readonly Dictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

        private Trio() : base(isCollectible: true)
        {
        }

        public static Trio Build()
        {
            var trio = new Trio();
            var library = trio.Compile("Shop.Payments", [], Library);
            var host = trio.Compile("Shop.Host", [library], Host);
            trio.Compile("Shop.Tests", [library, host], Tests);
            return trio;
        }

        public Assembly Assembly(string name) => _loaded[name];

        public object NewPaymentActivities() => Activator.CreateInstance(_loaded["Shop.Payments"].GetType("Shop.Payments.PaymentActivities", throwOnError: true)!)!;

        public T Call<T>(string assembly, string type, string method, params object?[] arguments)
        {
            var target = _loaded[assembly].GetType(type, throwOnError: true)!.GetMethod(method)!;
            try
            {
                return (T)target.Invoke(null, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }

        public void Dispose() => Unload();

        protected override Assembly? Load(AssemblyName assemblyName)
            => assemblyName.Name is { } name && _loaded.TryGetValue(name, out var assembly) ? assembly : null;

        private PortableExecutableReference Compile(string name, MetadataReference[] references, string source)
        {
            var compilation = GeneratorHarness.CreateCompilation(name, references, source);
            GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            var problems = GeneratorHarness.Problems(output);
            Assert.True(problems.Count == 0, name + ": " + GeneratorHarness.Format(problems));

            using var image = new MemoryStream();
            // The test sources carry no XML docs; Problems above already held the generated files to them.
            var emitted = output.WithOptions(output.Options.WithSpecificDiagnosticOptions([new("CS1591", ReportDiagnostic.Suppress)])).Emit(image);
            Assert.True(emitted.Success, GeneratorHarness.Format(emitted.Diagnostics));
            image.Position = 0;
            _loaded[name] = LoadFromStream(image);
            image.Position = 0;
            return MetadataReference.CreateFromStream(image);
        }
    }
}
