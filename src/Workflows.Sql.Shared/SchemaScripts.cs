using System.Globalization;
using System.Reflection;

namespace Workflows.Backends.SqlCore;

/// <summary>
/// The numbered, append-only schema scripts a backend embeds (<c>Scripts/NNNN_name.sql</c>, under a resource
/// prefix), in order. The journal of applied scripts lives in each database; how a script is applied (and under
/// which lock) is the backend's, as DDL behaves differently in each engine.
/// </summary>
internal static class SchemaScripts
{
    /// <summary>The scripts under <paramref name="resourcePrefix"/>, sorted; numbered 1..N without gaps, or this throws.</summary>
    public static List<(int Version, string Name, string Text)> Load(Assembly assembly, string resourcePrefix)
    {
        var scripts = new List<(int, string, string)>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            string name = resource[resourcePrefix.Length..];
            int version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (int i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Item1 != i + 1)
            {
                throw new InvalidOperationException($"Schema scripts must be numbered 1..N without gaps; found {scripts[i].Item2} at position {i + 1}.");
            }
        }

        return scripts;
    }
}
