namespace Workflows.Generators.Model;

/// <summary>One type the generated serializer context holds metadata for.</summary>
/// <param name="FullName">Fully qualified with <c>global::</c>, without nullable reference annotations.</param>
/// <param name="Kind">How its metadata is built.</param>
/// <param name="Element">The element (collections, nullable) or value (dictionaries) type, fully qualified.</param>
/// <param name="Key">The key type of a dictionary.</param>
/// <param name="Converter">For primitives the <c>JsonMetadataServices</c> converter property; for custom converters the converter type.</param>
/// <param name="Object">For <see cref="PayloadKind.Object"/>, how to create and read it.</param>
internal sealed record PayloadTypeModel(string FullName, PayloadKind Kind, string? Element, string? Key, string? Converter, ObjectModel? Object);

/// <summary>How a class, record or struct is created and which members it has.</summary>
/// <param name="IsValueType">Whether it is a struct (setters write through the unboxed value).</param>
/// <param name="Creation">How an instance is made.</param>
/// <param name="Parameters">The chosen constructor's parameters, in order (empty for a parameterless one).</param>
/// <param name="Members">The serialized properties and fields, in the order reflection lists them.</param>
/// <param name="AccessorHolder">The open type the generated unsafe accessors target (<c>global::N.Box&lt;T&gt;</c>), or null when none is needed.</param>
/// <param name="TypeParameters">The type parameters of a generic type definition, for the accessor holder (empty otherwise).</param>
/// <param name="TypeArguments">The type arguments of this closed generic type, fully qualified (empty otherwise).</param>
internal sealed record ObjectModel(
    bool IsValueType,
    CreationKind Creation,
    EquatableArray<ConstructorParameterModel> Parameters,
    EquatableArray<MemberModel> Members,
    string? AccessorHolder,
    EquatableArray<string> TypeParameters,
    EquatableArray<string> TypeArguments);

/// <summary>How the generated metadata creates an object.</summary>
internal enum CreationKind
{
    /// <summary>No usable constructor: it serializes, and reading it fails as it does with reflection.</summary>
    None,

    /// <summary><c>new T()</c>.</summary>
    Parameterless,

    /// <summary><c>default(T)</c>: a struct without a parameterless constructor of its own.</summary>
    Default,

    /// <summary>The chosen constructor, with arguments.</summary>
    Parameterized,

    /// <summary>The chosen constructor, called through an unsafe accessor, because the type has <c>required</c> members that reflection sets after construction.</summary>
    ParameterizedUnchecked,
}

/// <summary>One parameter of the deserialization constructor.</summary>
/// <param name="Name">The parameter's name as declared.</param>
/// <param name="Type">Its type, fully qualified.</param>
/// <param name="OpenType">Its type as the generic type definition spells it (for accessors), fully qualified.</param>
/// <param name="DefaultValue">A C# expression for its default value, or null when it has none.</param>
internal sealed record ConstructorParameterModel(string Name, string Type, string OpenType, string? DefaultValue);

/// <summary>One serialized property or field.</summary>
/// <param name="Name">The CLR name.</param>
/// <param name="JsonName">The name from <c>[JsonPropertyName]</c>, or null for the naming policy.</param>
/// <param name="Type">Its type, fully qualified.</param>
/// <param name="OpenType">Its type as the generic type definition spells it (for accessors).</param>
/// <param name="DeclaringType">The type that declares it, fully qualified.</param>
/// <param name="AccessorTarget">The type an unsafe accessor for it targets, spelled with the accessor holder's type parameters.</param>
/// <param name="IsProperty">A property, not a field.</param>
/// <param name="IsPublic">Whether it is public (non-public members are serialized only with <c>[JsonInclude]</c>).</param>
/// <param name="Getter">How it is read.</param>
/// <param name="Setter">How it is written.</param>
/// <param name="IgnoreCondition">The <c>JsonIgnoreCondition</c> member name from <c>[JsonIgnore(Condition = ...)]</c>, or null.</param>
/// <param name="HasJsonInclude">Whether it carries <c>[JsonInclude]</c>.</param>
/// <param name="IsRequired">A <c>required</c> member or one with <c>[JsonRequired]</c>.</param>
/// <param name="Converter">The converter type from <c>[JsonConverter]</c> on the member, or null.</param>
/// <param name="Order">The value of <c>[JsonPropertyOrder]</c>, or null.</param>
internal sealed record MemberModel(
    string Name,
    string? JsonName,
    string Type,
    string OpenType,
    string DeclaringType,
    string AccessorTarget,
    bool IsProperty,
    bool IsPublic,
    AccessKind Getter,
    AccessKind Setter,
    string? IgnoreCondition,
    bool HasJsonInclude,
    bool IsRequired,
    string? Converter,
    int? Order);

/// <summary>How generated code reaches a member's getter or setter.</summary>
internal enum AccessKind
{
    /// <summary>There is none to use.</summary>
    None,

    /// <summary>Directly (<c>obj.P</c>, <c>obj.P = value</c>).</summary>
    Direct,

    /// <summary>Through a generated <c>[UnsafeAccessor]</c> (an <c>init</c> or non-public accessor), as reflection would call it.</summary>
    Accessor,
}
