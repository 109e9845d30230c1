using System.Text.Json;
using Workflows.Backends.Tests.EndToEnd;
using Workflows.Serialization;

namespace Workflows.Backends.Tests;

/// <summary>Holds this project to what it is for: the linked suite runs without System.Text.Json reflection.</summary>
public sealed class ReflectionDisabledTests
{
    private sealed record NeverDeclared(int Value);

    [Fact]
    public void Reflection_IsDisabled()
    {
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
    }

    [Fact]
    public void SuitePayloadTypes_ComeFromGeneratedOrBuiltInMetadata()
    {
        var options = JsonPayloadConverter.Default.Options;

        Assert.IsType<GeneratedPayloadJsonContext>(options.GetTypeInfo(typeof(EndToEndTestBase.StubLine)).OriginatingResolver);
        Assert.IsType<GeneratedPayloadJsonContext>(options.GetTypeInfo(typeof(EndToEndTestBase.StubLine[])).OriginatingResolver);
        Assert.NotNull(options.GetTypeInfo(typeof(TimeSpan)).OriginatingResolver);
    }

    [Fact]
    public void UndeclaredType_FailsWithTheFix()
    {
        var error = Assert.Throws<PayloadException>(() => JsonPayloadConverter.Default.Serialize(new NeverDeclared(1), typeof(NeverDeclared)));

        Assert.Contains("[WorkflowPayload(typeof(T))]", error.Message, StringComparison.Ordinal);
        Assert.Contains("WorkflowJsonContext", error.Message, StringComparison.Ordinal);
    }
}
