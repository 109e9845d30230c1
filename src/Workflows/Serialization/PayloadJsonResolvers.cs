using System.ComponentModel;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.Serialization;

/// <summary>
/// The serializer metadata the payload converter consults, in order: contexts linked with
/// <see cref="WorkflowJsonContextAttribute"/>, then the contexts the Workflows generator emits (one per
/// assembly), then the built-in metadata for primitives. Generated code registers here from a module
/// initializer; user code has no reason to call it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PayloadJsonResolvers
{
    private static readonly Lock s_gate = new();
    private static readonly List<IJsonTypeInfoResolver> s_user = [];
    private static readonly List<IJsonTypeInfoResolver> s_generated = [];

    // Readers take the array without a lock; writers replace it whole, so a reader sees a complete chain.
    private static volatile IJsonTypeInfoResolver[] s_chain = [PrimitivePayloadJsonContext.Default];
    private static volatile int s_version;

    /// <summary>Adds a context a user linked with <see cref="WorkflowJsonContextAttribute"/>; it comes before every generated one.</summary>
    /// <param name="resolver">The context.</param>
    public static void RegisterUser(IJsonTypeInfoResolver resolver) => Register(s_user, resolver);

    /// <summary>Adds the context the generator emitted for one assembly.</summary>
    /// <param name="resolver">The context.</param>
    public static void RegisterGenerated(IJsonTypeInfoResolver resolver) => Register(s_generated, resolver);

    /// <summary>Changes every time a resolver is added; converters rebuild their options when it moves.</summary>
    internal static int Version => s_version;

    /// <summary>The current chain, user contexts first.</summary>
    internal static IJsonTypeInfoResolver[] Chain => s_chain;

    private static void Register(List<IJsonTypeInfoResolver> list, IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        lock (s_gate)
        {
            // One registration per context type: an assembly's module initializer runs once, but a test may
            // register by hand as well.
            foreach (var existing in list)
            {
                if (existing.GetType() == resolver.GetType())
                {
                    return;
                }
            }

            list.Add(resolver);
            s_chain = [.. s_user, .. s_generated, PrimitivePayloadJsonContext.Default];
            s_version++;
        }
    }
}
