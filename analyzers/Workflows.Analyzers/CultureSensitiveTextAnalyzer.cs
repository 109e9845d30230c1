using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1017: text parsed, formatted, case-mapped or compared with the worker's current culture in workflow code.
/// The rule follows the shape of the BCL rather than a list of methods: a call is culture-sensitive when
/// the same type offers an overload that takes one more parameter, an <c>IFormatProvider</c> or
/// <c>CultureInfo</c> (Parse, TryParse, ToString, Format, Convert.To*, ToLower, ToUpper…), or, for the
/// linguistic string operations, a <c>StringComparison</c>. Interpolated strings and string
/// concatenation that format numbers or dates are reported too. Values whose text does not depend on
/// the culture (strings, booleans, chars, GUIDs, enums, integers without a format, round-trip date
/// formats) are not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CultureSensitiveTextAnalyzer : WorkflowAnalyzerBase
{
    /// <summary>Diagnostic property telling the code fix what to do: see <see cref="FixKind"/>.</summary>
    public const string FixProperty = "WorkflowsCultureFix";

    /// <summary>Diagnostic property: the argument index at which the fix inserts the culture or comparison.</summary>
    public const string IndexProperty = "WorkflowsCultureIndex";

    internal const string Invariant = "CultureInfo.InvariantCulture";
    internal const string Ordinal = "StringComparison.Ordinal";

    /// <summary>The linguistic string operations; Contains, Replace, Equals and the char overloads are ordinal already.</summary>
    private static readonly ImmutableHashSet<string> s_linguisticStringMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Compare", "CompareTo", "StartsWith", "EndsWith", "IndexOf", "LastIndexOf");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CultureSensitiveText);

    /// <summary>What the code fix does.</summary>
    internal static class FixKind
    {
        public const string InsertCulture = "insert-culture";
        public const string InsertOrdinal = "insert-ordinal";
        public const string RenameInvariant = "rename-invariant";
        public const string WrapInterpolation = "wrap-interpolation";
        public const string ToStringInvariant = "tostring-invariant";
    }

    private sealed class Types
    {
        public Types(Compilation compilation)
        {
            FormatProvider = compilation.GetTypeByMetadataName("System.IFormatProvider");
            CultureInfo = compilation.GetTypeByMetadataName("System.Globalization.CultureInfo");
            StringComparison = compilation.GetTypeByMetadataName("System.StringComparison");
            CompareOptions = compilation.GetTypeByMetadataName("System.Globalization.CompareOptions");
            NumberStyles = compilation.GetTypeByMetadataName("System.Globalization.NumberStyles");
            Convert = compilation.GetTypeByMetadataName("System.Convert");
            DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
            TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
            DateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
            TimeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
            Guid = compilation.GetTypeByMetadataName("System.Guid");
            FormattableString = compilation.GetTypeByMetadataName("System.FormattableString");
            Formattable = compilation.GetTypeByMetadataName("System.IFormattable");
        }

        public INamedTypeSymbol? FormatProvider { get; }

        public INamedTypeSymbol? CultureInfo { get; }

        public INamedTypeSymbol? StringComparison { get; }

        public INamedTypeSymbol? CompareOptions { get; }

        public INamedTypeSymbol? NumberStyles { get; }

        public INamedTypeSymbol? Convert { get; }

        public INamedTypeSymbol? DateTimeOffset { get; }

        public INamedTypeSymbol? TimeSpan { get; }

        public INamedTypeSymbol? DateOnly { get; }

        public INamedTypeSymbol? TimeOnly { get; }

        public INamedTypeSymbol? Guid { get; }

        public INamedTypeSymbol? FormattableString { get; }

        public INamedTypeSymbol? Formattable { get; }

        public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) => known is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, known);
    }

    /// <summary>The culture-explicit overload found for a method: how the fix adds the argument, and where.</summary>
    private sealed class Shape(string fix, int index, string replacement)
    {
        public string Fix { get; } = fix;

        public int Index { get; } = index;

        public string Replacement { get; } = replacement;
    }

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        var types = new Types(context.Compilation);
        if (types.FormatProvider is null)
        {
            return;
        }

        // Overload lookups are per method, not per call: most calls end at this cache.
        var shapes = new ConcurrentDictionary<IMethodSymbol, Shape?>(SymbolEqualityComparer.Default);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, model, types, shapes), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeInterpolation(c, model, types), OperationKind.InterpolatedString);
        context.RegisterOperationAction(c => AnalyzeConcatenation(c, model, types), OperationKind.Binary);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, WorkflowModel model, Types types, ConcurrentDictionary<IMethodSymbol, Shape?> shapes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var shape = shapes.GetOrAdd(method.OriginalDefinition, m => FindShape(m, types));
        if (shape is null || IsInvariantSubject(invocation, types) || !FormatsCultureSensitiveValue(invocation, types))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(FixProperty, shape.Fix)
            .Add(IndexProperty, shape.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var api = ApiTable.Display(method.ContainingType, method);
        ReportIfWorkflowCode(context, model, Descriptors.CultureSensitiveText, invocation, invocation.Syntax.GetLocation(), api, shape.Replacement, properties);
    }

    /// <summary>
    /// Finds the culture-explicit sibling of <paramref name="method"/>, or null when the method takes a
    /// culture or comparison already or has no such sibling.
    /// </summary>
    private static Shape? FindShape(IMethodSymbol method, Types types)
    {
        foreach (var parameter in method.Parameters)
        {
            if (IsCultureParameter(parameter.Type, types) || Types.Is(parameter.Type, types.StringComparison) || Types.Is(parameter.Type, types.CompareOptions))
            {
                return null;
            }
        }

        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        var isString = type.SpecialType == SpecialType.System_String;
        var isChar = type.SpecialType == SpecialType.System_Char;
        if ((isString || isChar) && method.Name is "ToLower" or "ToUpper")
        {
            return new Shape(FixKind.RenameInvariant, -1, "'" + method.Name + "Invariant()'");
        }

        if (isString && !s_linguisticStringMethods.Contains(method.Name))
        {
            // string.Format is the one other string API whose result depends on a provider.
            if (method.Name != "Format")
            {
                return null;
            }
        }

        if (isString && s_linguisticStringMethods.Contains(method.Name))
        {
            if (method.Parameters.Length == 0 || method.Parameters[0].Type.SpecialType is not (SpecialType.System_String or SpecialType.System_Object))
            {
                return null;
            }

            var comparison = FindSibling(method, p => Types.Is(p, types.StringComparison));
            return comparison >= 0
                ? new Shape(FixKind.InsertOrdinal, comparison, AddArgument(method, Ordinal))
                : new Shape(string.Empty, -1, "'string.CompareOrdinal' or an overload that takes 'StringComparison.Ordinal'");
        }

        var provider = FindSibling(method, p => IsCultureParameter(p, types));
        return provider >= 0 ? new Shape(FixKind.InsertCulture, provider, AddArgument(method, Invariant)) : null;
    }

    private static string AddArgument(IMethodSymbol method, string argument) =>
        "'" + (method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name : method.Name) + "(…, " + argument + ")'";

    private static bool IsCultureParameter(ITypeSymbol type, Types types) => Types.Is(type, types.FormatProvider) || Types.Is(type, types.CultureInfo);

    /// <summary>
    /// The index of the extra parameter in a sibling overload (same name, same static-ness, one more
    /// parameter that <paramref name="extra"/> accepts, the others equal in order), or -1.
    /// </summary>
    private static int FindSibling(IMethodSymbol method, Func<ITypeSymbol, bool> extra)
    {
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is not IMethodSymbol candidate
                || candidate.IsStatic != method.IsStatic
                || candidate.Parameters.Length != method.Parameters.Length + 1
                || candidate.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }

            for (var index = 0; index < candidate.Parameters.Length; index++)
            {
                if (extra(candidate.Parameters[index].Type) && SameParametersWithout(candidate, index, method))
                {
                    return index;
                }
            }
        }

        return -1;
    }

    private static bool SameParametersWithout(IMethodSymbol candidate, int skip, IMethodSymbol method)
    {
        for (int i = 0, j = 0; i < candidate.Parameters.Length; i++)
        {
            if (i == skip)
            {
                continue;
            }

            var a = candidate.Parameters[i];
            var b = method.Parameters[j++];
            if (a.RefKind != b.RefKind || !SymbolEqualityComparer.Default.Equals(a.Type.OriginalDefinition, b.Type.OriginalDefinition))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The type whose text is produced or parsed: the receiver of an instance call, the first argument of
    /// Convert.ToString, the result of Convert.ToX(string), or the declaring type of a static Parse.
    /// </summary>
    private static ITypeSymbol? Subject(IInvocationOperation invocation, Types types)
    {
        var method = invocation.TargetMethod;
        if (!method.IsStatic)
        {
            // The receiver's own type: Enum.ToString is called on a DayOfWeek, object.ToString on a double.
            return invocation.Instance is { } instance ? Unwrap(instance).Type ?? method.ContainingType : method.ContainingType;
        }

        if (Types.Is(method.ContainingType, types.Convert))
        {
            return method.Name == "ToString" && invocation.Arguments.Length > 0 ? Unwrap(invocation.Arguments[0].Value).Type : method.ReturnType;
        }

        return method.ContainingType;
    }

    /// <summary>True when the text of the subject does not depend on the culture for this call.</summary>
    private static bool IsInvariantSubject(IInvocationOperation invocation, Types types)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType.SpecialType is SpecialType.System_String or SpecialType.System_Char && method.Name is "ToLower" or "ToUpper" || s_linguisticStringMethods.Contains(method.Name) && method.ContainingType.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        var subject = Subject(invocation, types);
        if (subject is null || method.ContainingType.SpecialType == SpecialType.System_String && method.Name == "Format")
        {
            return false;
        }

        if (subject.SpecialType is SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_Char
            || subject.TypeKind == TypeKind.Enum
            || Types.Is(subject, types.Guid))
        {
            return true;
        }

        var hasFormat = TryGetFormat(invocation, out var format);
        if (IsIntegral(subject))
        {
            // Integers print the same digits in every culture unless a format or NumberStyles asks for
            // group separators or currency; "D" and "X" are culture-free.
            return !HasNumberStyles(invocation, types) && (!hasFormat || format is { Length: > 0 } && "DdXx".IndexOf(format[0]) >= 0);
        }

        return format is not null && IsInvariantFormat(subject, format, types);
    }

    private static bool IsInvariantFormat(ITypeSymbol type, string format, Types types)
    {
        if (type.SpecialType == SpecialType.System_DateTime || Types.Is(type, types.DateTimeOffset) || Types.Is(type, types.DateOnly) || Types.Is(type, types.TimeOnly))
        {
            return format is "o" or "O" or "s" or "u" or "r" or "R";
        }

        if (Types.Is(type, types.TimeSpan))
        {
            return format is "c" or "t" or "T";
        }

        return false;
    }

    /// <summary>
    /// True when the call passes a parameter named <c>format</c>; <paramref name="constant"/> is its
    /// value when that is a constant string.
    /// </summary>
    private static bool TryGetFormat(IInvocationOperation invocation, out string? constant)
    {
        constant = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Name: "format", Type.SpecialType: SpecialType.System_String })
            {
                constant = Unwrap(argument.Value).ConstantValue is { HasValue: true, Value: string text } ? text : null;
                return true;
            }
        }

        return false;
    }

    private static bool HasNumberStyles(IInvocationOperation invocation, Types types)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (Types.Is(argument.Parameter?.Type, types.NumberStyles))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For string.Format-like calls (a composite format and values), true when a value is of a
    /// culture-sensitive type; other calls are judged by <see cref="IsInvariantSubject"/> alone.
    /// </summary>
    private static bool FormatsCultureSensitiveValue(IInvocationOperation invocation, Types types)
    {
        if (!(invocation.TargetMethod.Name is "Format" or "AppendFormat"))
        {
            return true;
        }

        var sawFormat = false;
        foreach (var argument in invocation.Arguments)
        {
            if (!sawFormat)
            {
                sawFormat = argument.Parameter?.Name == "format";
                continue;
            }

            var value = Unwrap(argument.Value);
            if (value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    if (IsCultureSensitiveType(Unwrap(element).Type, types))
                    {
                        return true;
                    }
                }
            }
            else if (IsCultureSensitiveType(value.Type, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIntegral(ITypeSymbol type) => type.SpecialType is SpecialType.System_Byte or SpecialType.System_SByte
        or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
        or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>Types whose default text depends on the culture: floating point, decimal, dates, times and durations.</summary>
    private static bool IsCultureSensitiveType(ITypeSymbol? type, Types types)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: { Length: 1 } arguments })
        {
            type = arguments[0];
        }

        return type is not null
            && (type.SpecialType is SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_DateTime
                || Types.Is(type, types.DateTimeOffset) || Types.Is(type, types.DateOnly) || Types.Is(type, types.TimeOnly) || Types.Is(type, types.TimeSpan)
                || type.Name == "Half" && type.ContainingNamespace?.Name == "System");
    }

    /// <summary>A hole of an interpolated string is culture-sensitive by its type, or for an integer by its format.</summary>
    private static bool IsCultureSensitiveHole(IInterpolationOperation hole, Types types)
    {
        var type = Unwrap(hole.Expression).Type;
        if (type is null)
        {
            return false;
        }

        var format = hole.FormatString is { ConstantValue: { HasValue: true, Value: string f } } ? f : null;
        if (IsIntegral(type))
        {
            return format is { Length: > 0 } && "DdXx".IndexOf(format[0]) < 0;
        }

        if (!IsCultureSensitiveType(type, types))
        {
            return false;
        }

        if (Types.Is(type, types.TimeSpan) && format is null)
        {
            return false;
        }

        return format is null || !IsInvariantFormat(type, format, types);
    }

    private static void AnalyzeInterpolation(OperationAnalysisContext context, WorkflowModel model, Types types)
    {
        var interpolation = (IInterpolatedStringOperation)context.Operation;

        // Formatted through a handler that takes a provider (string.Create(provider, ...)), or kept as a
        // FormattableString for FormattableString.Invariant: the caller chooses the culture.
        var parent = interpolation.Parent;
        if (parent is IInterpolatedStringHandlerCreationOperation
            || parent is IConversionOperation { Type: { } target } && (Types.Is(target, types.FormattableString) || Types.Is(target, types.Formattable)))
        {
            return;
        }

        foreach (var part in interpolation.Parts)
        {
            if (part is IInterpolationOperation hole && IsCultureSensitiveHole(hole, types))
            {
                var api = "$\"…{" + Unwrap(hole.Expression).Type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "}…\"";
                var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperty, FixKind.WrapInterpolation);
                ReportIfWorkflowCode(context, model, Descriptors.CultureSensitiveText, interpolation, interpolation.Syntax.GetLocation(), api, "'string.Create(" + Invariant + ", $\"…\")'", properties);
                return;
            }
        }
    }

    private static void AnalyzeConcatenation(OperationAnalysisContext context, WorkflowModel model, Types types)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind != BinaryOperatorKind.Add || binary.Type?.SpecialType != SpecialType.System_String)
        {
            return;
        }

        foreach (var operand in new[] { binary.LeftOperand, binary.RightOperand })
        {
            var value = Unwrap(operand);
            if (IsCultureSensitiveType(value.Type, types))
            {
                var api = "string + " + value.Type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
                var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperty, FixKind.ToStringInvariant);
                ReportIfWorkflowCode(context, model, Descriptors.CultureSensitiveText, value, value.Syntax.GetLocation(), api, "'value.ToString(" + Invariant + ")'", properties);
            }
        }
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true, Operand: { } operand })
        {
            operation = operand;
        }

        return operation;
    }
}
