using Microsoft.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

/// <summary>
/// Walks the graph of payload types reachable from one declaration and describes each type the way
/// System.Text.Json's reflection serializer sees it: the same members, in the same order, created through the
/// same constructor, so generated metadata writes and reads the same JSON.
/// </summary>
internal sealed class TypeWalker
{
    private static readonly SymbolDisplayFormat s_fullName = SymbolDisplayFormat.FullyQualifiedFormat;

    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ITypeSymbol, Status> _seen = new(SymbolEqualityComparer.Default);
    private readonly List<PayloadTypeModel> _types = [];
    private readonly List<PayloadDiagnostic> _diagnostics = [];
    private readonly HashSet<ITypeSymbol> _owned;
    private string _root = "";
    private LocationModel? _location;

    public TypeWalker(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _cancellationToken = cancellationToken;
        _owned = LinkedContextTypes(compilation);
    }

    /// <summary>What the walk found for a type.</summary>
    private enum Status
    {
        /// <summary>Metadata is generated for it.</summary>
        Generated,

        /// <summary>Owned by a linked context, or left to reflection: it can still be named in generated code.</summary>
        Elsewhere,

        /// <summary>Generated code cannot name it, so nothing that contains it can be generated either.</summary>
        Unnameable,
    }

    /// <summary>Describes <paramref name="type"/> and everything it reaches; <paramref name="root"/> says where it was found, for messages.</summary>
    public void Walk(ITypeSymbol type, string root, LocationModel? location)
    {
        _root = root;
        _location = location;
        Visit(type);
    }

    public PayloadRoots ToRoots(EquatableArray<string> userContexts)
    {
        var types = _types.ToArray();
        Array.Sort(types, static (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return new PayloadRoots(new EquatableArray<PayloadTypeModel>(types), userContexts, new EquatableArray<PayloadDiagnostic>([.. _diagnostics]));
    }

    private Status Visit(ITypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_seen.TryGetValue(type, out var known))
        {
            return known;
        }

        if (!IsNameable(type))
        {
            _seen[type] = Status.Unnameable;
            Report(PayloadDiagnostics.InaccessiblePayloadTypeId, type, "it, a type that contains it or one of its type arguments is private or protected, or internal to another assembly");
            return Status.Unnameable;
        }

        if (_owned.Contains(type))
        {
            _seen[type] = Status.Elsewhere;
            return Status.Elsewhere;
        }

        // Recorded before the members are visited, so a type that contains itself (a tree node) terminates.
        _seen[type] = Status.Generated;
        var status = Describe(type, out var model, out string? unsupported);
        if (model is not null)
        {
            _types.Add(model);
        }
        else
        {
            _seen[type] = status;
            if (unsupported is not null)
            {
                Report(PayloadDiagnostics.UnsupportedPayloadTypeId, type, unsupported);
            }
        }

        return model is null ? status : Status.Generated;
    }

    private Status Describe(ITypeSymbol type, out PayloadTypeModel? model, out string? unsupported)
    {
        model = null;
        unsupported = null;
        string name = type.ToDisplayString(s_fullName);

        if (Primitive(type) is { } converter)
        {
            model = new PayloadTypeModel(name, PayloadKind.Primitive, null, null, converter, null);
            return Status.Generated;
        }

        if (TypeConverter(type) is { } custom)
        {
            if (custom.Converter is null)
            {
                unsupported = custom.Problem;
                return Status.Elsewhere;
            }

            model = new PayloadTypeModel(name, PayloadKind.CustomConverter, null, null, custom.Converter, null);
            return Status.Generated;
        }

        switch (type)
        {
            case INamedTypeSymbol { TypeKind: TypeKind.Enum }:
                model = new PayloadTypeModel(name, PayloadKind.Enum, null, null, null, null);
                return Status.Generated;

            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                return Container(name, PayloadKind.Nullable, nullable.TypeArguments[0], null, out model);

            case IArrayTypeSymbol array:
                if (!array.IsSZArray)
                {
                    unsupported = "multi-dimensional arrays are not supported by System.Text.Json";
                    return Status.Elsewhere;
                }

                return Container(name, PayloadKind.Array, array.ElementType, null, out model);

            case INamedTypeSymbol named when CollectionKind(named) is { } collection:
                VisitConcreteCollections(collection, named);
                return collection is PayloadKind.Dictionary or PayloadKind.IDictionary or PayloadKind.IReadOnlyDictionary
                    ? Container(name, collection, named.TypeArguments[1], named.TypeArguments[0], out model)
                    : Container(name, collection, named.TypeArguments[0], null, out model);

            case INamedTypeSymbol named when Unsupported(named) is { } reason:
                unsupported = reason;
                return Status.Elsewhere;

            case INamedTypeSymbol named:
                return DescribeObject(named, name, out model, out unsupported);

            default:
                unsupported = "it is not a class, struct, record, enum, array or supported collection";
                return Status.Elsewhere;
        }
    }

    // Arguments are encoded by their run-time type: an IReadOnlyList<T> parameter usually receives a List<T> or
    // a T[], an IDictionary<TKey, TValue> a Dictionary<TKey, TValue>. They are described too (they write the same
    // JSON), so the common concrete collections need no reflection.
    private void VisitConcreteCollections(PayloadKind kind, INamedTypeSymbol type)
    {
        switch (kind)
        {
            case PayloadKind.Enumerable or PayloadKind.IList or PayloadKind.ICollection:
                if (_compilation.GetTypeByMetadataName("System.Collections.Generic.List`1") is { } list)
                {
                    Visit(list.Construct(type.TypeArguments[0]));
                }

                Visit(_compilation.CreateArrayTypeSymbol(type.TypeArguments[0]));
                break;
            case PayloadKind.IDictionary or PayloadKind.IReadOnlyDictionary:
                if (_compilation.GetTypeByMetadataName("System.Collections.Generic.Dictionary`2") is { } dictionary)
                {
                    Visit(dictionary.Construct(type.TypeArguments[0], type.TypeArguments[1]));
                }

                break;
        }
    }

    private Status Container(string name, PayloadKind kind, ITypeSymbol element, ITypeSymbol? key, out PayloadTypeModel? model)
    {
        model = null;
        if (Visit(element) == Status.Unnameable || (key is not null && Visit(key) == Status.Unnameable))
        {
            return Status.Unnameable;
        }

        model = new PayloadTypeModel(name, kind, Spell(element), key is null ? null : Spell(key), null, null);
        return Status.Generated;
    }

    private Status DescribeObject(INamedTypeSymbol type, string name, out PayloadTypeModel? model, out string? unsupported)
    {
        model = null;
        unsupported = null;
        var open = type.OriginalDefinition;
        bool generic = type.IsGenericType;
        var holderParameters = generic ? open.TypeParameters.Select(p => p.Name).ToArray() : [];

        var (creation, constructor, problem) = ChooseConstructor(type);
        problem ??= UnsupportedAttributes(type);
        if (problem is not null)
        {
            unsupported = problem;
            return Status.Elsewhere;
        }

        // A constructor with [SetsRequiredMembers] takes care of `required`; reflection then checks only [JsonRequired].
        bool setsRequired = constructor is not null && constructor.GetAttributes().Any(a => a.AttributeClass?.Name == "SetsRequiredMembersAttribute");
        var members = new List<MemberModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool needsAccessor = false;
        string? accessorProblem = null;

        // Reflection lists the most derived type's members first, then each base type's; a member hidden or
        // overridden further down the chain is listed once, as the most derived type declares it.
        for (var level = type; level is not null && level.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); level = level.BaseType)
        {
            foreach (var member in level.GetMembers().Where(m => m is IPropertySymbol).Concat(level.GetMembers().Where(m => m is IFieldSymbol)))
            {
                if (member.IsStatic || member.IsImplicitlyDeclared || !names.Add(member.Name))
                {
                    continue;
                }

                var described = DescribeMember(member, level, type, setsRequired, out var memberStatus);
                if (memberStatus == Status.Unnameable)
                {
                    return Status.Unnameable;
                }

                if (described is null)
                {
                    continue;
                }

                if (described.Getter == AccessKind.Accessor || described.Setter == AccessKind.Accessor)
                {
                    needsAccessor = true;
                    if (!SymbolEqualityComparer.Default.Equals(level, type) && level.IsGenericType)
                    {
                        accessorProblem = $"member '{member.Name}' of its generic base type '{level.ToDisplayString()}' needs an unsafe accessor (init-only, or non-public with [JsonInclude])";
                    }
                }

                members.Add(described);
            }
        }

        var parameters = new List<ConstructorParameterModel>();
        if (constructor is not null)
        {
            var openParameters = ((IMethodSymbol)constructor.OriginalDefinition).Parameters;
            for (int i = 0; i < constructor.Parameters.Length; i++)
            {
                var parameter = constructor.Parameters[i];
                if (Visit(parameter.Type) == Status.Unnameable)
                {
                    return Status.Unnameable;
                }

                parameters.Add(new ConstructorParameterModel(parameter.Name, Spell(parameter.Type), Spell(openParameters[i].Type), DefaultValue(parameter)));
            }
        }

        needsAccessor |= creation == CreationKind.ParameterizedUnchecked;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (needsAccessor && outer.IsGenericType)
            {
                accessorProblem = "it is nested in a generic type and needs an unsafe accessor (an init-only or required member, or non-public with [JsonInclude])";
            }
        }

        if (accessorProblem is not null)
        {
            unsupported = accessorProblem;
            return Status.Elsewhere;
        }

        var objectModel = new ObjectModel(
            type.IsValueType,
            creation,
            new EquatableArray<ConstructorParameterModel>([.. parameters]),
            new EquatableArray<MemberModel>([.. members]),
            needsAccessor ? open.ToDisplayString(s_fullName) : null,
            new EquatableArray<string>(holderParameters),
            new EquatableArray<string>(generic ? [.. type.TypeArguments.Select(Spell)] : []));
        model = new PayloadTypeModel(name, PayloadKind.Object, null, null, null, objectModel);
        return Status.Generated;
    }

    private MemberModel? DescribeMember(ISymbol member, INamedTypeSymbol level, INamedTypeSymbol type, bool setsRequired, out Status status)
    {
        status = Status.Generated;
        ITypeSymbol memberType;
        ISymbol openMember = member.OriginalDefinition;
        ITypeSymbol openType;
        bool isProperty = member is IPropertySymbol;
        bool include = HasAttribute(member, "JsonIncludeAttribute");
        bool isPublic = member.DeclaredAccessibility == Accessibility.Public;
        AccessKind getter;
        AccessKind setter;
        if (member is IPropertySymbol property)
        {
            if (property.IsIndexer || property.ReturnsByRef || property.ReturnsByRefReadonly || property.ExplicitInterfaceImplementations.Length > 0)
            {
                return null;
            }

            memberType = property.Type;
            openType = ((IPropertySymbol)openMember).Type;
            getter = Access(property.GetMethod, include, isPublic);
            setter = property.SetMethod is { IsInitOnly: true } init && init.DeclaredAccessibility == Accessibility.Public && isPublic
                ? AccessKind.Accessor
                : Access(property.SetMethod, include, isPublic);
        }
        else if (member is IFieldSymbol field)
        {
            // Web defaults leave fields out; a field is serialized only with [JsonInclude].
            if (!include || field.IsConst || field.AssociatedSymbol is not null)
            {
                return null;
            }

            memberType = field.Type;
            openType = ((IFieldSymbol)openMember).Type;
            getter = isPublic ? AccessKind.Direct : AccessKind.Accessor;
            setter = field.IsReadOnly ? AccessKind.None : getter;
        }
        else
        {
            return null;
        }

        // A non-public member without [JsonInclude] is invisible to the serializer.
        if (!isPublic && !include)
        {
            return null;
        }

        string? ignore = IgnoreCondition(member);
        if (ignore == "Always")
        {
            return null;
        }

        if (getter == AccessKind.None && setter == AccessKind.None)
        {
            return null;
        }

        if (memberType.IsRefLikeType || memberType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            return null;
        }

        string? converter = null;
        if (ConverterAttribute(member) is { } custom)
        {
            if (custom.Converter is null)
            {
                Report(PayloadDiagnostics.UnsupportedPayloadTypeId, type, $"the [JsonConverter] of member '{member.Name}' cannot be used: {custom.Problem}");
                status = Status.Unnameable;
                return null;
            }

            converter = custom.Converter;
            if (!IsNameable(memberType))
            {
                status = Status.Unnameable;
                return null;
            }
        }
        else if (Visit(memberType) == Status.Unnameable)
        {
            status = Status.Unnameable;
            return null;
        }

        string? jsonName = null;
        int? order = null;
        bool required = HasAttribute(member, "JsonRequiredAttribute") || (!setsRequired && member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true });
        foreach (var attribute in member.GetAttributes())
        {
            if (IsJsonAttribute(attribute, "JsonPropertyNameAttribute") && attribute.ConstructorArguments.Length == 1)
            {
                jsonName = attribute.ConstructorArguments[0].Value as string;
            }
            else if (IsJsonAttribute(attribute, "JsonPropertyOrderAttribute") && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value)
            {
                order = value;
            }
        }

        // An accessor's signature is spelled with the declaring type's own type parameters.
        string accessorType = SymbolEqualityComparer.Default.Equals(level, type) ? Spell(openType) : Spell(memberType);
        return new MemberModel(
            member.Name,
            jsonName,
            Spell(memberType),
            accessorType,
            level.ToDisplayString(s_fullName),
            SymbolEqualityComparer.Default.Equals(level, type) && type.IsGenericType ? type.OriginalDefinition.ToDisplayString(s_fullName) : level.ToDisplayString(s_fullName),
            isProperty,
            isPublic,
            getter,
            setter,
            ignore,
            include,
            required,
            converter,
            order);
    }

    private static AccessKind Access(IMethodSymbol? accessor, bool include, bool memberIsPublic)
    {
        if (accessor is null)
        {
            return AccessKind.None;
        }

        if (accessor.DeclaredAccessibility == Accessibility.Public && memberIsPublic)
        {
            return AccessKind.Direct;
        }

        return include ? AccessKind.Accessor : AccessKind.None;
    }

    // The constructor reflection would use: [JsonConstructor], else a public parameterless one, else (classes
    // only) the single public one; a struct without either is created as default.
    private static (CreationKind Creation, IMethodSymbol? Constructor, string? Problem) ChooseConstructor(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.TypeKind == TypeKind.Interface)
        {
            return (CreationKind.None, null, null);
        }

        var constructors = type.InstanceConstructors;
        var marked = constructors.Where(c => HasAttribute(c, "JsonConstructorAttribute")).ToList();
        IMethodSymbol? chosen = null;
        if (marked.Count > 1)
        {
            return (CreationKind.None, null, "more than one constructor has [JsonConstructor]");
        }

        if (marked.Count == 1)
        {
            chosen = marked[0];
        }
        else
        {
            var publicOnes = constructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
            chosen = publicOnes.FirstOrDefault(c => c.Parameters.Length == 0);
            if (chosen is null && type.IsValueType)
            {
                return (CreationKind.Default, null, null);
            }

            if (chosen is null && publicOnes.Count == 1)
            {
                chosen = publicOnes[0];
            }
        }

        if (chosen is null)
        {
            return (CreationKind.None, null, null);
        }

        if (chosen.IsImplicitlyDeclared && type.IsValueType && chosen.Parameters.Length == 0)
        {
            return (CreationKind.Default, null, null);
        }

        // C# refuses `new T(...)` when required members are left unset; reflection sets them after construction,
        // and so does generated code, calling the constructor through an accessor.
        bool unchecked_ = chosen.DeclaredAccessibility != Accessibility.Public
            || (HasRequiredMembers(type) && !chosen.GetAttributes().Any(a => a.AttributeClass?.Name == "SetsRequiredMembersAttribute"));
        if (chosen.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            return (CreationKind.None, null, "its constructor takes a parameter by reference");
        }

        return (chosen.Parameters.Length == 0 && !unchecked_ ? CreationKind.Parameterless : unchecked_ ? CreationKind.ParameterizedUnchecked : CreationKind.Parameterized, chosen, null);
    }

    // Features the metadata here does not describe; reflection (or a linked context) must own such a type.
    private static string? UnsupportedAttributes(INamedTypeSymbol type)
    {
        foreach (string name in new[] { "JsonDerivedTypeAttribute", "JsonPolymorphicAttribute", "JsonNumberHandlingAttribute", "JsonUnmappedMemberHandlingAttribute", "JsonObjectCreationHandlingAttribute" })
        {
            if (HasAttribute(type, name))
            {
                return $"it has [{name.Substring(0, name.Length - "Attribute".Length)}], which the generated metadata does not describe";
            }
        }

        for (var level = type; level is not null; level = level.BaseType)
        {
            foreach (var member in level.GetMembers())
            {
                foreach (string name in new[] { "JsonExtensionDataAttribute", "JsonNumberHandlingAttribute", "JsonObjectCreationHandlingAttribute" })
                {
                    if (member is IPropertySymbol or IFieldSymbol && HasAttribute(member, name))
                    {
                        return $"its member '{member.Name}' has [{name.Substring(0, name.Length - "Attribute".Length)}], which the generated metadata does not describe";
                    }
                }
            }
        }

        return null;
    }

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.GetMembers().Any(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }))
            {
                return true;
            }
        }

        return false;
    }

    private static string? DefaultValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue)
        {
            return null;
        }

        var value = parameter.ExplicitDefaultValue;
        var type = parameter.Type;
        string typeName = type.ToDisplayString(s_fullName);
        if (value is null)
        {
            return type.IsValueType ? $"default({typeName})" : "null";
        }

        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;
        string literal = Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) ?? "null";
        literal = value switch
        {
            float f when float.IsNaN(f) || float.IsInfinity(f) => "float." + (float.IsNaN(f) ? "NaN" : f > 0 ? "PositiveInfinity" : "NegativeInfinity"),
            double d when double.IsNaN(d) || double.IsInfinity(d) => "double." + (double.IsNaN(d) ? "NaN" : d > 0 ? "PositiveInfinity" : "NegativeInfinity"),
            float => literal + "F",
            decimal => literal + "M",
            long => literal + "L",
            ulong => literal + "UL",
            uint => literal + "U",
            char c => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true),
            _ => literal,
        };
        return underlying.TypeKind == TypeKind.Enum || value is byte or sbyte or short or ushort
            ? $"({underlying.ToDisplayString(s_fullName)}){literal}"
            : literal;
    }

    private static string? Primitive(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "BooleanConverter";
            case SpecialType.System_Char: return "CharConverter";
            case SpecialType.System_SByte: return "SByteConverter";
            case SpecialType.System_Byte: return "ByteConverter";
            case SpecialType.System_Int16: return "Int16Converter";
            case SpecialType.System_UInt16: return "UInt16Converter";
            case SpecialType.System_Int32: return "Int32Converter";
            case SpecialType.System_UInt32: return "UInt32Converter";
            case SpecialType.System_Int64: return "Int64Converter";
            case SpecialType.System_UInt64: return "UInt64Converter";
            case SpecialType.System_Single: return "SingleConverter";
            case SpecialType.System_Double: return "DoubleConverter";
            case SpecialType.System_Decimal: return "DecimalConverter";
            case SpecialType.System_String: return "StringConverter";
            case SpecialType.System_DateTime: return "DateTimeConverter";
            case SpecialType.System_Object: return "ObjectConverter";
        }

        if (type is IArrayTypeSymbol { IsSZArray: true, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return "ByteArrayConverter";
        }

        if (type is not INamedTypeSymbol { ContainingType: null, Arity: 0 } named)
        {
            return null;
        }

        return (named.ContainingNamespace?.ToDisplayString(), named.Name) switch
        {
            ("System", "DateTimeOffset") => "DateTimeOffsetConverter",
            ("System", "TimeSpan") => "TimeSpanConverter",
            ("System", "Guid") => "GuidConverter",
            ("System", "Uri") => "UriConverter",
            ("System", "Version") => "VersionConverter",
            ("System", "DateOnly") => "DateOnlyConverter",
            ("System", "TimeOnly") => "TimeOnlyConverter",
            ("System", "Int128") => "Int128Converter",
            ("System", "UInt128") => "UInt128Converter",
            ("System", "Half") => "HalfConverter",
            ("System.Text.Json", "JsonElement") => "JsonElementConverter",
            ("System.Text.Json", "JsonDocument") => "JsonDocumentConverter",
            ("System.Text.Json.Nodes", "JsonNode") => "JsonNodeConverter",
            ("System.Text.Json.Nodes", "JsonObject") => "JsonObjectConverter",
            ("System.Text.Json.Nodes", "JsonArray") => "JsonArrayConverter",
            ("System.Text.Json.Nodes", "JsonValue") => "JsonValueConverter",
            _ => null,
        };
    }

    private static PayloadKind? CollectionKind(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        string ns = definition.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns != "System.Collections.Generic" || definition.ContainingType is not null)
        {
            return null;
        }

        return (definition.Name, definition.Arity) switch
        {
            ("List", 1) => PayloadKind.List,
            ("IEnumerable", 1) or ("IReadOnlyCollection", 1) or ("IReadOnlyList", 1) => PayloadKind.Enumerable,
            ("IList", 1) => PayloadKind.IList,
            ("ICollection", 1) => PayloadKind.ICollection,
            ("Dictionary", 2) => PayloadKind.Dictionary,
            ("IDictionary", 2) => PayloadKind.IDictionary,
            ("IReadOnlyDictionary", 2) => PayloadKind.IReadOnlyDictionary,
            _ => null,
        };
    }

    private static string? Unsupported(INamedTypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            return "interfaces other than IEnumerable<T>, IReadOnlyCollection<T>, IReadOnlyList<T>, IList<T>, ICollection<T>, IDictionary<TKey, TValue> and IReadOnlyDictionary<TKey, TValue> have no generated metadata";
        }

        if (type.TypeKind is TypeKind.Delegate or TypeKind.Error || type.IsAnonymousType || type.IsTupleType || type.IsRefLikeType)
        {
            return "delegates, tuples, anonymous and ref struct types cannot be payloads";
        }

        // Other framework types (HashSet<T>, ImmutableArray<T>, Exception, Stream, ...) carry behaviour the
        // serializer handles with special converters, or none; member-by-member metadata would be wrong.
        string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        if (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns == "Microsoft" || ns.StartsWith("Microsoft.", StringComparison.Ordinal))
        {
            return "framework types other than primitives, List<T>, Dictionary<TKey, TValue> and their interfaces have no generated metadata";
        }

        return null;
    }

    private (string? Converter, string? Problem)? TypeConverter(ITypeSymbol type) => ConverterAttribute(type);

    private (string? Converter, string? Problem)? ConverterAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (!IsJsonAttribute(attribute, "JsonConverterAttribute"))
            {
                continue;
            }

            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol converter)
            {
                return (null, "it names no converter type (a derived JsonConverterAttribute is not supported)");
            }

            if (converter.IsUnboundGenericType || !IsNameable(converter))
            {
                return (null, $"the converter '{converter.ToDisplayString()}' is generic, private or protected");
            }

            if (!converter.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
            {
                return (null, $"the converter '{converter.ToDisplayString()}' has no accessible parameterless constructor");
            }

            return (converter.ToDisplayString(s_fullName), null);
        }

        return null;
    }

    private static string? IgnoreCondition(ISymbol member)
    {
        foreach (var attribute in member.GetAttributes())
        {
            if (!IsJsonAttribute(attribute, "JsonIgnoreAttribute"))
            {
                continue;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Condition" && named.Value.Value is int value)
                {
                    return value switch
                    {
                        0 => "Never",
                        1 => "Always",
                        2 => "WhenWritingDefault",
                        3 => "WhenWritingNull",
                        4 => "WhenWriting",
                        5 => "WhenReading",
                        _ => "Always",
                    };
                }
            }

            return "Always";
        }

        return null;
    }

    private static bool HasAttribute(ISymbol symbol, string name) => symbol.GetAttributes().Any(a => IsJsonAttribute(a, name));

    private static bool IsJsonAttribute(AttributeData attribute, string name)
        => attribute.AttributeClass is { } c && c.Name == name
            && c.ContainingNamespace?.ToDisplayString() is "System.Text.Json.Serialization" or "System.Diagnostics.CodeAnalysis";

    // Whether code in this assembly, outside every type, can name the type (and its type arguments).
    private bool IsNameable(ITypeSymbol type)
        => type switch
        {
            IArrayTypeSymbol array => IsNameable(array.ElementType),
            ITypeParameterSymbol or IErrorTypeSymbol or IPointerTypeSymbol or IFunctionPointerTypeSymbol => false,
            INamedTypeSymbol named => named.TypeArguments.All(IsNameable) && _compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, _compilation.Assembly),
            _ => type.TypeKind != TypeKind.Dynamic,
        };

    private void Report(string id, ITypeSymbol type, string reason)
    {
        var arguments = new EquatableArray<string>([type.ToDisplayString(), _root, reason]);
        var diagnostic = new PayloadDiagnostic(id, _location, arguments);
        if (!_diagnostics.Contains(diagnostic))
        {
            _diagnostics.Add(diagnostic);
        }
    }

    private static string Spell(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(s_fullName);

    // Types a linked context declares with [JsonSerializable(typeof(T))] belong to it: nothing is generated for them.
    private static HashSet<ITypeSymbol> LinkedContextTypes(Compilation compilation)
    {
        var owned = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != PayloadParserNames.JsonContextAttribute
                || attribute.ConstructorArguments.Length != 1
                || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol context)
            {
                continue;
            }

            foreach (var serializable in context.GetAttributes())
            {
                if (IsJsonAttribute(serializable, "JsonSerializableAttribute") && serializable.ConstructorArguments.Length >= 1 && serializable.ConstructorArguments[0].Value is ITypeSymbol type)
                {
                    owned.Add(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
                }
            }
        }

        return owned;
    }
}

/// <summary>Attribute names shared by the walker and the pipeline.</summary>
internal static class PayloadParserNames
{
    public const string JsonContextAttribute = "Workflows.Serialization.WorkflowJsonContextAttribute";
}
