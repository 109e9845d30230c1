using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.Serialization;

/// <summary>
/// The default converter: System.Text.Json, UTF-8 JSON text. Type metadata comes, in order, from contexts linked
/// with <see cref="WorkflowJsonContextAttribute"/>, the contexts the Workflows generator emits for each assembly,
/// built-in primitives, and reflection only where <see cref="JsonSerializer.IsReflectionEnabledByDefault"/> holds.
/// </summary>
public sealed class JsonPayloadConverter : IPayloadConverter
{
    private readonly JsonSerializerOptions _template;
    private readonly bool _usesChain;
    private readonly Lock _gate = new();
    private volatile Snapshot _current;

    /// <summary>A shared instance with web defaults (camelCase).</summary>
    public static JsonPayloadConverter Default { get; } = new();

    /// <summary>Creates a converter with web defaults and the resolver chain.</summary>
    public JsonPayloadConverter()
        : this(new JsonSerializerOptions(JsonSerializerDefaults.Web))
    {
    }

    /// <summary>
    /// Creates a converter with the given options. Options without a <see cref="JsonSerializerOptions.TypeInfoResolver"/>
    /// get the resolver chain (linked contexts, generated contexts, reflection where enabled); options with one use
    /// only that resolver.
    /// </summary>
    public JsonPayloadConverter(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _usesChain = options.TypeInfoResolver is null;
        _template = options;
        _current = Build();
    }

    /// <summary>The serializer options in use; with the resolver chain, a new instance after an assembly registers generated metadata.</summary>
    public JsonSerializerOptions Options => Current.Options;

    /// <inheritdoc />
    public string? Serialize(object? value, Type type)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Serialize(value, Current.TypeInfo(type));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new PayloadException($"A value of type '{type}' could not be encoded: {ex.Message}{Hint(ex)}", ex);
        }
    }

    /// <inheritdoc />
    public object? Deserialize(string? payload, Type type)
    {
        if (payload is null)
        {
            if (type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            {
                throw new PayloadException($"A null payload cannot be decoded as '{type}'.");
            }

            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(payload, Current.TypeInfo(type));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new PayloadException($"A payload could not be decoded as '{type}': {ex.Message}{Hint(ex)}", ex);
        }
    }

    // One volatile read and an int compare per call: no lock and no allocation unless the chain has grown.
    private Snapshot Current
    {
        get
        {
            var current = _current;
            if (!_usesChain || current.Version == PayloadJsonResolvers.Version)
            {
                return current;
            }

            lock (_gate)
            {
                if (_current.Version != PayloadJsonResolvers.Version)
                {
                    _current = Build();
                }

                return _current;
            }
        }
    }

    // JsonSerializerOptions caches metadata per type, and options with equal settings and the same resolver
    // instance share one cache process-wide; a registration after a type was first resolved (an assembly
    // loaded later) is seen only by fresh options with a fresh resolver, so each version gets both.
    private Snapshot Build()
    {
        int version = PayloadJsonResolvers.Version;
        if (!_usesChain)
        {
            _template.MakeReadOnly();
            return new Snapshot(_template, version);
        }

        var options = new JsonSerializerOptions(_template) { TypeInfoResolver = new PayloadTypeInfoResolver() };
        options.MakeReadOnly();
        return new Snapshot(options, version);
    }

    private static string Hint(Exception ex)
        => ex is NotSupportedException && !JsonSerializer.IsReflectionEnabledByDefault
            ? " Reflection-based serialization is disabled: declare the type in a [Workflow] or [Activity] signature, with [WorkflowPayload(typeof(T))], or in a context linked with [assembly: WorkflowJsonContext(typeof(...))]."
            : "";

    private sealed record Snapshot(JsonSerializerOptions Options, int Version)
    {
        // JsonSerializerOptions.GetTypeInfo validates the type by reflection on every call; a payload type's
        // metadata is looked up once per snapshot instead.
        private readonly ConcurrentDictionary<Type, JsonTypeInfo> _typeInfos = new();

        public JsonTypeInfo TypeInfo(Type type) => _typeInfos.TryGetValue(type, out var info)
            ? info
            : _typeInfos.GetOrAdd(type, static (t, options) => options.GetTypeInfo(t), Options);
    }
}
