using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>One banned API: the rule it breaks, the suggested replacement and an optional fix template.</summary>
internal sealed class ApiEntry
{
    public ApiEntry(DiagnosticDescriptor descriptor, string replacement, string? fix, Func<IOperation, bool>? applies)
    {
        Descriptor = descriptor;
        Replacement = replacement;
        Fix = fix;
        Applies = applies;
    }

    public DiagnosticDescriptor Descriptor { get; }

    public string Replacement { get; }

    /// <summary>Template of the code fix, where <c>{ctx}</c> stands for the workflow context expression.</summary>
    public string? Fix { get; }

    public Func<IOperation, bool>? Applies { get; }
}

/// <summary>
/// A lookup of banned members keyed by containing type (matched through base types) and member
/// name; <c>*</c> bans every member of a type and <c>.ctor</c> its constructors.
/// </summary>
internal sealed class ApiTable
{
    public const string AnyMember = "*";
    public const string Constructor = ".ctor";
    public const string FixProperty = "WorkflowsFix";

    private readonly Dictionary<INamedTypeSymbol, Dictionary<string, ApiEntry>> _byType = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, ApiEntry> _bySymbol = new(SymbolEqualityComparer.Default);

    public bool IsEmpty => _byType.Count == 0 && _bySymbol.Count == 0;

    public void Add(Compilation compilation, string typeMetadataName, string member, DiagnosticDescriptor descriptor, string replacement, string? fix = null, Func<IOperation, bool>? applies = null)
    {
        var type = compilation.GetTypeByMetadataName(typeMetadataName);
        if (type is not null)
        {
            Add(type, member, new ApiEntry(descriptor, replacement, fix, applies));
        }
    }

    public void Add(INamedTypeSymbol type, string member, ApiEntry entry)
    {
        if (!_byType.TryGetValue(type, out var members))
        {
            members = new Dictionary<string, ApiEntry>(StringComparer.Ordinal);
            _byType.Add(type, members);
        }

        members[member] = entry;
    }

    public void AddSymbol(ISymbol symbol, ApiEntry entry) => _bySymbol[symbol.OriginalDefinition] = entry;

    public bool TryMatch(ISymbol member, IOperation operation, out ApiEntry entry, out string display)
    {
        display = string.Empty;
        if (_bySymbol.TryGetValue(member.OriginalDefinition, out entry!) && (entry.Applies is null || entry.Applies(operation)))
        {
            display = Display(member.ContainingType, member);
            return true;
        }

        var name = member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? Constructor : member.Name;
        for (var type = member.ContainingType; type is not null; type = type.BaseType)
        {
            if (!_byType.TryGetValue(type.OriginalDefinition, out var members))
            {
                continue;
            }

            if ((members.TryGetValue(name, out entry!) || members.TryGetValue(AnyMember, out entry!))
                && (entry.Applies is null || entry.Applies(operation)))
            {
                display = Display(member.ContainingType, member);
                return true;
            }
        }

        entry = null!;
        return false;
    }

    public static string Display(INamedTypeSymbol? type, ISymbol member)
    {
        var typeName = type?.Name ?? string.Empty;
        return member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "new " + typeName : typeName + "." + member.Name;
    }
}
