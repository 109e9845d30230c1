using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1015: logging that repeats on every replay: <c>Console.Write*</c>, <c>Trace</c>, and
/// <c>ILogger</c> calls through a logger that does not come from the workflow context (a field, a
/// property or a factory call). Loggers received as parameters are assumed to come from the context.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LoggingAnalyzer : WorkflowAnalyzerBase
{
    /// <summary>Fix marker: replace the logger expression with <c>ctx.Logger</c>.</summary>
    internal const string LoggerFix = "logger";

    private const string Replacement = "'ctx.Logger'";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonReplaySafeLogging);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        var compilation = context.Compilation;
        var console = compilation.GetTypeByMetadataName("System.Console");
        var trace = compilation.GetTypeByMetadataName("System.Diagnostics.Trace");
        var logger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        var extensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
        context.RegisterOperationAction(c => Analyze(c, model, console, trace, logger, extensions), OperationKind.Invocation, OperationKind.PropertyReference);
    }

    private static void Analyze(OperationAnalysisContext context, WorkflowModel model, INamedTypeSymbol? console, INamedTypeSymbol? trace, INamedTypeSymbol? logger, INamedTypeSymbol? extensions)
    {
        var operation = context.Operation;
        if (operation is IPropertyReferenceOperation property)
        {
            if (property.Property.Name is "Out" or "Error" && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, console))
            {
                Report(context, model, operation, "Console." + property.Property.Name, fix: false);
            }

            return;
        }

        var invocation = (IInvocationOperation)operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, console))
        {
            if (method.Name is "Write" or "WriteLine")
            {
                Report(context, model, operation, "Console." + method.Name, fix: false);
            }

            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, trace))
        {
            if (method.Name.StartsWith("Write", StringComparison.Ordinal) || method.Name.StartsWith("Trace", StringComparison.Ordinal))
            {
                Report(context, model, operation, "Trace." + method.Name, fix: false);
            }

            return;
        }

        if (logger is null)
        {
            return;
        }

        IOperation? receiver = null;
        if (SymbolEqualityComparer.Default.Equals(type, extensions) && invocation.Arguments.Length > 0)
        {
            receiver = invocation.Arguments[0].Value;
        }
        else if (method.Name == "Log" && IsLogger(type, logger))
        {
            receiver = invocation.Instance;
        }

        if (receiver is null || !IsForeignLogger(receiver, 0))
        {
            return;
        }

        var fix = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax };
        Report(context, model, operation, Describe(Unwrap(receiver)) + "." + method.Name, fix);
    }

    private static bool IsLogger(INamedTypeSymbol? type, INamedTypeSymbol logger) =>
        type is not null && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, logger) || type.AllInterfaces.Contains(logger, SymbolEqualityComparer.Default));

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { Operand: { } operand })
        {
            operation = operand;
        }

        return operation;
    }

    private static string Describe(IOperation receiver) => receiver switch
    {
        IFieldReferenceOperation f => f.Field.Name,
        IPropertyReferenceOperation p => p.Property.Name,
        ILocalReferenceOperation l => l.Local.Name,
        IParameterReferenceOperation p => p.Parameter.Name,
        IInvocationOperation i => i.TargetMethod.Name + "()",
        _ => "logger",
    };

    /// <summary>True when the logger certainly does not come from the workflow context.</summary>
    private static bool IsForeignLogger(IOperation receiver, int depth)
    {
        receiver = Unwrap(receiver);
        switch (receiver)
        {
            case IPropertyReferenceOperation property:
                return !WorkflowModel.IsWorkflowsSdkSymbol(property.Property.ContainingType);
            case IInvocationOperation invocation:
                return !WorkflowModel.IsWorkflowsSdkSymbol(invocation.TargetMethod.ContainingType);
            case IFieldReferenceOperation:
                return true;
            case IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } }:
                // A primary constructor parameter captured by the class: an injected logger.
                return true;
            case ILocalReferenceOperation local when depth < 4:
                foreach (var reference in local.Local.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value }
                        && receiver.SemanticModel?.SyntaxTree == value.SyntaxTree
                        && receiver.SemanticModel.GetOperation(value) is { } initializer)
                    {
                        return IsForeignLogger(initializer, depth + 1);
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static void Report(OperationAnalysisContext context, WorkflowModel model, IOperation operation, string api, bool fix)
    {
        if (IsGuardedByNotReplaying(operation))
        {
            return;
        }

        var properties = fix ? ImmutableDictionary<string, string?>.Empty.Add(ApiTable.FixProperty, LoggerFix) : null;
        ReportIfWorkflowCode(context, model, Descriptors.NonReplaySafeLogging, operation, operation.Syntax.GetLocation(), api, Replacement, properties);
    }

    /// <summary>
    /// True inside the true branch of <c>if (!ctx.IsReplaying)</c> (or <c>ctx.IsReplaying == false</c>): output there is
    /// written once, when the workflow makes progress, which is the documented way to print from a workflow.
    /// </summary>
    private static bool IsGuardedByNotReplaying(IOperation operation)
    {
        for (IOperation? child = operation, parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && conditional.WhenTrue == child && IsNotReplaying(conditional.Condition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNotReplaying(IOperation condition) => condition switch
    {
        IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var operand } => IsReplayingFlag(operand),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals, LeftOperand: var left, RightOperand: ILiteralOperation { ConstantValue.Value: false } } => IsReplayingFlag(left),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd, LeftOperand: var left, RightOperand: var right } => IsNotReplaying(left) || IsNotReplaying(right),
        _ => false,
    };

    private static bool IsReplayingFlag(IOperation operation)
        => Unwrap(operation) is IPropertyReferenceOperation { Property.Name: "IsReplaying" } property
            && WorkflowModel.IsWorkflowsSdkSymbol(property.Property.ContainingType);
}
