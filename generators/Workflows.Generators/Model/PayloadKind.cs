namespace Workflows.Generators.Model;

/// <summary>How the generated context builds metadata for one payload type.</summary>
internal enum PayloadKind
{
    /// <summary>A built-in converter of <c>JsonMetadataServices</c> (<see cref="PayloadTypeModel.Converter"/> names it).</summary>
    Primitive,

    /// <summary>An enum, through System.Text.Json's enum converter (numbers unless the options say otherwise).</summary>
    Enum,

    /// <summary><c>Nullable&lt;T&gt;</c>; <see cref="PayloadTypeModel.Element"/> is <c>T</c>.</summary>
    Nullable,

    /// <summary>A type with <c>[JsonConverter]</c>; <see cref="PayloadTypeModel.Converter"/> is the converter type.</summary>
    CustomConverter,

    /// <summary><c>T[]</c>.</summary>
    Array,

    /// <summary><c>List&lt;T&gt;</c>.</summary>
    List,

    /// <summary><c>IEnumerable&lt;T&gt;</c>, <c>IReadOnlyCollection&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c>: read into a <c>List&lt;T&gt;</c>.</summary>
    Enumerable,

    /// <summary><c>IList&lt;T&gt;</c>.</summary>
    IList,

    /// <summary><c>ICollection&lt;T&gt;</c>.</summary>
    ICollection,

    /// <summary><c>Dictionary&lt;TKey, TValue&gt;</c>.</summary>
    Dictionary,

    /// <summary><c>IDictionary&lt;TKey, TValue&gt;</c>.</summary>
    IDictionary,

    /// <summary><c>IReadOnlyDictionary&lt;TKey, TValue&gt;</c>.</summary>
    IReadOnlyDictionary,

    /// <summary>A class, record or struct, described by its constructor and members.</summary>
    Object,
}
