using System.Reflection;
using System.Runtime.Loader;
using Workflows.Worker;

namespace Workflows.Cli;

/// <summary>
/// Loads a built worker (or workflow library) assembly and registers the workflows its generated code declares,
/// so that <c>replay</c> checks stored histories against exactly that build. The assembly and its private
/// dependencies load in their own context, resolved from its <c>.deps.json</c>; the Workflows assemblies are shared
/// with the tool, so the registration types are the tool's own (use the tool of the same version as the build).
/// </summary>
internal sealed class WorkflowAssemblyLoader : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;

    private WorkflowAssemblyLoader(string path)
        : base($"workflows-replay:{Path.GetFileName(path)}", isCollectible: false)
        => _resolver = new AssemblyDependencyResolver(path);

    /// <summary>Registers every generated workflow of the assembly at <paramref name="path"/> and of the assemblies it references.</summary>
    /// <exception cref="CliException">The file does not exist, is not a .NET assembly, or has no generated workflows.</exception>
    public static WorkflowRegistry Register(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new CliException($"The assembly '{full}' does not exist (build the worker first and give the path of its .dll).");
        }

        var context = new WorkflowAssemblyLoader(full);
        Assembly main;
        try
        {
            main = context.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException e)
        {
            throw new CliException($"'{full}' is not a .NET assembly: {e.Message}");
        }

        var registry = new WorkflowRegistry();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int registrations = RegisterFrom(context, main, registry, seen);
        if (registrations == 0)
        {
            throw new CliException($"No generated workflow registration in '{full}' or the assemblies it references: the replayer finds workflows declared with [Workflow] (built with the Workflows source generator).");
        }

        return registry;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Assemblies the tool itself ships (Workflows, its backends, the logging abstractions) are shared, so the
        // registry and attribute types the build uses are the ones the tool reads.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, assemblyName.Name + ".dll")))
        {
            return null;
        }

        string? path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static int RegisterFrom(AssemblyLoadContext context, Assembly assembly, WorkflowRegistry registry, HashSet<string> seen)
    {
        if (!seen.Add(assembly.FullName ?? assembly.GetName().Name ?? ""))
        {
            return 0;
        }

        int count = 0;
        if (assembly.GetCustomAttribute<GeneratedWorkflowRegistrationAttribute>() is { } attribute)
        {
            // The generated class has Add{Assembly}Workflows(WorkflowRegistry): the workflows and static activities.
            // Activities are never run by a replay, so the overloads that take activity instances are not needed.
            var method = attribute.RegistrationType.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .FirstOrDefault(m => m.Name.StartsWith("Add", StringComparison.Ordinal) && m.Name.EndsWith("Workflows", StringComparison.Ordinal)
                    && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(WorkflowRegistry))
                ?? throw new CliException($"The generated registration class {attribute.RegistrationType.FullName} in {assembly.GetName().Name} has no Add...Workflows(WorkflowRegistry) method; the assembly was built with a different Workflows version than this tool.");
            method.Invoke(null, [registry]);
            count++;
        }

        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name is null || reference.Name.StartsWith("System", StringComparison.Ordinal) || reference.Name.StartsWith("Microsoft", StringComparison.Ordinal)
                || reference.Name is "netstandard" or "mscorlib")
            {
                continue;
            }

            Assembly referenced;
            try
            {
                referenced = context.LoadFromAssemblyName(reference);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            count += RegisterFrom(context, referenced, registry, seen);
        }

        return count;
    }
}
