using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.Serialization;

/// <summary>
/// The resolver chain behind <see cref="JsonPayloadConverter"/>: linked user contexts, generated contexts and
/// built-in primitives (<see cref="PayloadJsonResolvers"/>), then reflection, only where the runtime allows it.
/// </summary>
/// <remarks>
/// It is asked only when <see cref="JsonSerializerOptions"/> has no cached metadata for a type, so the walk
/// below is off the hot path; the options' own cache serves every later call.
/// </remarks>
internal sealed class PayloadTypeInfoResolver : IJsonTypeInfoResolver
{
    private static readonly DefaultJsonTypeInfoResolver? s_reflection = CreateReflectionResolver();

    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
    {
        int version = PayloadJsonResolvers.Version;
        if (Find(type, options) is { } info)
        {
            return info;
        }

        // A payload type from an assembly none of whose code has run yet: its module initializer registers the
        // assembly's generated context, so run it and look again.
        RunModuleInitializers(type);
        if (PayloadJsonResolvers.Version != version && Find(type, options) is { } late)
        {
            return late;
        }

        return s_reflection?.GetTypeInfo(type, options);
    }

    private static JsonTypeInfo? Find(Type type, JsonSerializerOptions options)
    {
        foreach (var resolver in PayloadJsonResolvers.Chain)
        {
            if (resolver.GetTypeInfo(type, options) is { } info)
            {
                return info;
            }
        }

        return null;
    }

    private static void RunModuleInitializers(Type type)
    {
        RuntimeHelpers.RunModuleConstructor(type.Module.ModuleHandle);
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            RunModuleInitializers(element);
        }
        else if (type.IsConstructedGenericType)
        {
            foreach (var argument in type.GenericTypeArguments)
            {
                RunModuleInitializers(argument);
            }
        }
    }

    // The feature switch is a constant under trimming and NativeAOT, so with reflection disabled the reflection
    // resolver and everything it roots are removed.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only when reflection-based serialization is enabled; generated metadata comes first.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only when reflection-based serialization is enabled; generated metadata comes first.")]
    private static DefaultJsonTypeInfoResolver? CreateReflectionResolver()
        => JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : null;
}
