using System.Reflection;
using Microsoft.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators.Tests;

public sealed class ModelTests
{
    private static readonly Type[] s_forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree)];

    public static IEnumerable<object[]> ModelTypes =>
        typeof(MethodModel).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(MethodModel).Namespace && !t.IsNested && !t.Name.StartsWith('<'))
            .Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void ModelType_Fields_HoldNoSymbolsSyntaxOrLocations(string typeName)
    {
        var type = typeof(MethodModel).Assembly.GetTypes().Single(t => t.Namespace == typeof(MethodModel).Namespace && t.Name == typeName);

        var offenders = new List<string>();
        Check(type, type.Name, offenders, []);

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void ModelType_IsValueEquatable(string typeName)
    {
        var type = typeof(MethodModel).Assembly.GetTypes().Single(t => t.Namespace == typeof(MethodModel).Namespace && t.Name == typeName);

        bool isSealedRecord = type.IsClass && type.IsSealed && type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;
        bool isEquatableStruct = type.IsValueType && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>));
        Assert.True(isSealedRecord || isEquatableStruct || type.IsEnum, $"{type.Name} must be a sealed record, an equatable struct or an enum.");
    }

    [Fact]
    public void ForbiddenCheck_CatchesASymbolField()
    {
        var offenders = new List<string>();
        Check(typeof(Offender), nameof(Offender), offenders, []);

        Assert.Single(offenders);
    }

    private static void Check(Type type, string path, List<string> offenders, HashSet<Type> seen)
    {
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Check(argument, $"{path}<{argument.Name}>", offenders, seen);
            }
        }

        if (type.IsArray)
        {
            Check(type.GetElementType()!, path + "[]", offenders, seen);
            return;
        }

        if (s_forbidden.Any(f => f.IsAssignableFrom(type)))
        {
            offenders.Add($"{path} is a {type.Name}");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true || !seen.Add(type))
        {
            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Check(field.FieldType, $"{path}.{field.Name}", offenders, seen);
        }
    }

    private sealed record Offender(string Name, EquatableArray<Holder> Items);

    private sealed record Holder(ISymbol? Symbol) : IEquatable<Holder>;
}
