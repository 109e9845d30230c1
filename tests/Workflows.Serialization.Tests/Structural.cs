using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workflows.Serialization.Tests;

/// <summary>Deep equality over public and non-public instance state, for values whose Equals is by reference.</summary>
internal static class Structural
{
    public static void AssertEqual(object? expected, object? actual, string path)
    {
        if (Difference(expected, actual, path, depth: 0) is { } difference)
        {
            Assert.Fail(difference);
        }
    }

    private static string? Difference(object? expected, object? actual, string path, int depth)
    {
        if (depth > 32)
        {
            return $"{path}: nested too deeply to compare";
        }

        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}";
        }

        if (expected.GetType() != actual.GetType())
        {
            return $"{path}: expected a {expected.GetType()}, got a {actual.GetType()}";
        }

        switch (expected)
        {
            case JsonElement { ValueKind: JsonValueKind.Undefined }:
                return ((JsonElement)actual).ValueKind == JsonValueKind.Undefined ? null : $"{path}: undefined != {((JsonElement)actual).GetRawText()}";
            case JsonElement e:
                return e.GetRawText() == ((JsonElement)actual).GetRawText() ? null : $"{path}: {e.GetRawText()} != {((JsonElement)actual).GetRawText()}";
            case JsonNode n:
                return n.ToJsonString() == ((JsonNode)actual).ToJsonString() ? null : $"{path}: {n.ToJsonString()} != {((JsonNode)actual).ToJsonString()}";
            case string or Uri or Version or decimal or DateTime or DateTimeOffset or TimeSpan or Guid or Enum or DateOnly or TimeOnly or Int128 or UInt128 or Half:
                return expected.Equals(actual) && expected.ToString() == actual.ToString() ? null : $"{path}: {expected} != {actual}";
            case IDictionary dictionary:
                var other = (IDictionary)actual;
                if (dictionary.Count != other.Count)
                {
                    return $"{path}: {dictionary.Count} entries != {other.Count}";
                }

                foreach (DictionaryEntry entry in dictionary)
                {
                    if (!other.Contains(entry.Key))
                    {
                        return $"{path}: key {entry.Key} missing";
                    }

                    if (Difference(entry.Value, other[entry.Key], $"{path}[{entry.Key}]", depth + 1) is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case IEnumerable sequence:
                var left = sequence.Cast<object?>().ToList();
                var right = ((IEnumerable)actual).Cast<object?>().ToList();
                if (left.Count != right.Count)
                {
                    return $"{path}: {left.Count} items != {right.Count}";
                }

                for (int i = 0; i < left.Count; i++)
                {
                    if (Difference(left[i], right[i], $"{path}[{i}]", depth + 1) is { } d)
                    {
                        return d;
                    }
                }

                return null;
        }

        var type = expected.GetType();
        if (type.IsPrimitive)
        {
            return expected.Equals(actual) ? null : $"{path}: {expected} != {actual}";
        }

        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (Difference(field.GetValue(expected), field.GetValue(actual), $"{path}.{field.Name}", depth + 1) is { } d)
                {
                    return d;
                }
            }
        }

        return null;
    }
}
