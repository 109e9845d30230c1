using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workflows.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

/// <summary>
/// Generates, for every <c>[Workflow]</c> and <c>[Activity]</c> method: typed calls from workflow code
/// (<c>ctx.Activities.XxxAsync</c>, <c>ctx.Workflows.XxxAsync</c>), typed client calls
/// (<c>client.StartXxxAsync</c>, <c>client.RunXxxAsync</c>), reflection-free invokers, and one registration
/// entry point per assembly (<c>registry.AddGeneratedWorkflows()</c>, which also registers every referenced assembly's
/// generated public <c>registry.Add{Assembly}Workflows()</c>), and one serializer context per assembly with
/// metadata for every payload type those methods (and <c>[WorkflowPayload]</c>) reach.
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

        // [Activity] on a class: one model per public method, joined to the method pipeline's models.
        var classActivities = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.ActivityAttributeName, static (node, _) => node is ClassDeclarationSyntax, Parser.ParseActivityClass)
            .SelectMany(static (models, _) => models)
            .WithTrackingName(TrackingNames.ClassActivities);

        var classes = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.WorkflowAttributeName, static (node, _) => node is ClassDeclarationSyntax, ClassParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.WorkflowClasses);

        // One file per method (per workflow class): a signature change rewrites only that file.
        context.RegisterSourceOutput(workflows, static (spc, model) => spc.AddSource(model.HintName, Emitter.EmitMethod(model)));
        context.RegisterSourceOutput(activities, static (spc, model) => spc.AddSource(model.HintName, Emitter.EmitMethod(model)));
        context.RegisterSourceOutput(classActivities, static (spc, model) => spc.AddSource(model.HintName, Emitter.EmitMethod(model)));
        context.RegisterSourceOutput(classes, static (spc, model) => spc.AddSource(model.HintName, Emitter.EmitClass(model)));

        // The registration file depends only on names and factory methods, never on signatures.
        var workflowEntries = workflows.Select(static (model, _) => Parser.ToRegistration(model)).WithTrackingName(TrackingNames.WorkflowRegistrations).Collect();
        var activityEntries = activities.Select(static (model, _) => Parser.ToRegistration(model)).WithTrackingName(TrackingNames.ActivityRegistrations).Collect();
        var classEntries = classes.Select(static (model, _) => ClassParser.ToRegistration(model)).WithTrackingName(TrackingNames.WorkflowClassRegistrations).Collect();
        var classActivityEntries = classActivities.Select(static (model, _) => Parser.ToRegistration(model)).Collect();
        var registration = workflowEntries
            .Combine(activityEntries)
            .Combine(classEntries)
            .Combine(classActivityEntries)
            .Select(static (all, _) => Emitter.SortEntries(all.Left.Left.Left.AddRange(all.Left.Left.Right).AddRange(all.Left.Right).AddRange(all.Right)))
            .WithTrackingName(TrackingNames.Registration);

        // The assembly's public registration (and its marker) depends only on its own entries and its name; the
        // internal AddGeneratedWorkflows also calls every referenced assembly's public registration.
        var assemblyName = context.CompilationProvider
            .Select(static (compilation, _) => compilation.AssemblyName ?? "")
            .WithTrackingName(TrackingNames.AssemblyName);
        var libraries = context.CompilationProvider
            .Select(Parser.FindLibraries)
            .WithTrackingName(TrackingNames.ReferencedLibraries);
        var ownRegistration = registration.Combine(assemblyName);

        context.RegisterSourceOutput(ownRegistration, static (spc, input) =>
        {
            if (input.Left.Count > 0)
            {
                spc.AddSource(Emitter.AssemblyRegistrationHintName, Emitter.EmitAssemblyRegistration(input.Left, input.Right));
            }
        });
        context.RegisterSourceOutput(ownRegistration.Combine(libraries), static (spc, input) =>
        {
            if (input.Left.Left.Count > 0 || input.Right.Count > 0)
            {
                spc.AddSource(Emitter.RegistrationHintName, Emitter.EmitRegistration(input.Left.Left, input.Left.Right, input.Right));
            }
        });

        InitializeSerializerContext(context);
    }

    // The payload types of each declaration become equatable models; the context file is rewritten only when the
    // set of types or their shapes change, never for an edit inside a method body.
    private static void InitializeSerializerContext(IncrementalGeneratorInitializationContext context)
    {
        var workflowPayloads = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.WorkflowAttributeName, static (node, _) => node is MethodDeclarationSyntax, PayloadParser.ParseWorkflow)
            .WithTrackingName(TrackingNames.WorkflowPayloads);
        var activityPayloads = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.ActivityAttributeName, static (node, _) => node is MethodDeclarationSyntax, PayloadParser.ParseActivity)
            .WithTrackingName(TrackingNames.ActivityPayloads);
        var classActivityPayloads = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.ActivityAttributeName, static (node, _) => node is ClassDeclarationSyntax, PayloadParser.ParseActivityClass)
            .WithTrackingName(TrackingNames.ClassActivityPayloads);
        var classPayloads = context.SyntaxProvider
            .ForAttributeWithMetadataName(DefinitionRules.WorkflowAttributeName, static (node, _) => node is ClassDeclarationSyntax, ClassParser.ParsePayloads)
            .WithTrackingName(TrackingNames.WorkflowClassPayloads);
        var declaredPayloads = context.SyntaxProvider
            .ForAttributeWithMetadataName(PayloadParser.PayloadAttributeName, static (node, _) => node is MethodDeclarationSyntax or TypeDeclarationSyntax or CompilationUnitSyntax, PayloadParser.ParseDeclared)
            .WithTrackingName(TrackingNames.DeclaredPayloads);
        var linkedContexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(PayloadParser.JsonContextAttributeName, static (node, _) => node is CompilationUnitSyntax, PayloadParser.ParseLinkedContexts)
            .WithTrackingName(TrackingNames.LinkedContexts);

        var roots = workflowPayloads.Collect()
            .Combine(activityPayloads.Collect())
            .Combine(declaredPayloads.Collect())
            .Combine(linkedContexts.Collect())
            .Combine(classPayloads.Collect())
            .Combine(classActivityPayloads.Collect())
            .Select(static (all, _) => all.Left.Left.Left.Left.Left.AddRange(all.Left.Left.Left.Left.Right).AddRange(all.Left.Left.Left.Right).AddRange(all.Left.Left.Right).AddRange(all.Left.Right).AddRange(all.Right));

        var serializerContext = roots.Select(static (r, _) => ContextEmitter.Merge(r)).WithTrackingName(TrackingNames.SerializerContext);
        var diagnostics = roots.Select(static (r, _) => ContextEmitter.Diagnostics(r)).WithTrackingName(TrackingNames.PayloadDiagnostics);

        context.RegisterSourceOutput(serializerContext, static (spc, model) =>
        {
            if (model.Types.Count > 0 || model.UserContexts.Count > 0)
            {
                spc.AddSource(ContextEmitter.HintName, ContextEmitter.Emit(model));
            }
        });
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list)
            {
                spc.ReportDiagnostic(ContextEmitter.ToDiagnostic(diagnostic));
            }
        });
    }
}
