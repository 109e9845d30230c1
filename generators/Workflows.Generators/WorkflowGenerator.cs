using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workflows.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

/// <summary>
/// Generates, for every <c>[Workflow]</c> and <c>[Activity]</c> method: typed calls from workflow code
/// (<c>ctx.Activities.XxxAsync</c>, <c>ctx.Workflows.XxxAsync</c>), typed client calls
/// (<c>client.StartXxxAsync</c>, <c>client.RunXxxAsync</c>), reflection-free invokers, and one registration
/// entry point per assembly (<c>registry.AddGeneratedWorkflows()</c>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class WorkflowGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Each method becomes an equatable model; an edit that leaves the model equal (a body, a comment)
        // stops here and every output below is served from the cache.
        var workflows = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.WorkflowAttributeName, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseWorkflow)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Workflows);

        var activities = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.ActivityAttributeName, static (node, _) => node is MethodDeclarationSyntax, Parser.ParseActivity)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Activities);

        // One file per method: a signature change rewrites only that method's file.
        context.RegisterSourceOutput(workflows, static (spc, model) => spc.AddSource(model.HintName, Emitter.EmitMethod(model)));
        context.RegisterSourceOutput(activities, static (spc, model) => spc.AddSource(model.HintName, Emitter.EmitMethod(model)));

        // The registration file depends only on names and factory methods, never on signatures.
        var workflowEntries = workflows.Select(static (model, _) => Parser.ToRegistration(model)).WithTrackingName(TrackingNames.WorkflowRegistrations).Collect();
        var activityEntries = activities.Select(static (model, _) => Parser.ToRegistration(model)).WithTrackingName(TrackingNames.ActivityRegistrations).Collect();
        var registration = workflowEntries
            .Combine(activityEntries)
            .Select(static (pair, _) => Emitter.SortEntries(pair.Left.AddRange(pair.Right)))
            .WithTrackingName(TrackingNames.Registration);

        context.RegisterSourceOutput(registration, static (spc, entries) =>
        {
            if (entries.Count > 0)
            {
                spc.AddSource(Emitter.RegistrationHintName, Emitter.EmitRegistration(entries));
            }
        });
    }
}
