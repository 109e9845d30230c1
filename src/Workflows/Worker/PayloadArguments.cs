using Workflows.Serialization;

namespace Workflows.Worker;

/// <summary>The encoded arguments of one workflow or activity call, decoded on demand with the payload converter.</summary>
public sealed class PayloadArguments
{
    private readonly IReadOnlyList<string?> _inputs;
    private readonly IPayloadConverter _converter;
    private readonly string _target;

    /// <summary>Creates the arguments.</summary>
    /// <param name="inputs">One payload per argument.</param>
    /// <param name="converter">The payload converter.</param>
    /// <param name="target">What is being called, for error messages (e.g. <c>activity 'Charge'</c>).</param>
    public PayloadArguments(IReadOnlyList<string?> inputs, IPayloadConverter converter, string target)
    {
        _inputs = inputs;
        _converter = converter;
        _target = target;
    }

    /// <summary>How many arguments were passed.</summary>
    public int Count => _inputs.Count;

    /// <summary>Checks the argument count.</summary>
    /// <exception cref="ArgumentMismatchException">The count differs.</exception>
    public void ExpectCount(int count)
    {
        if (_inputs.Count != count)
        {
            throw new ArgumentMismatchException($"{_target} takes {count} argument(s) but was called with {_inputs.Count}.");
        }
    }

    /// <summary>Decodes argument <paramref name="index"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentMismatchException">It is missing or does not decode as <typeparamref name="T"/>.</exception>
    public T Get<T>(int index) => (T)Get(index, typeof(T))!;

    /// <summary>Decodes argument <paramref name="index"/> as <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentMismatchException">It is missing or does not decode as <paramref name="type"/>.</exception>
    public object? Get(int index, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (index >= _inputs.Count)
        {
            throw new ArgumentMismatchException($"{_target}: argument {index} ({type.Name}) is missing; the call passed {_inputs.Count}.");
        }

        try
        {
            return _converter.Deserialize(_inputs[index], type);
        }
        catch (PayloadException ex)
        {
            throw new ArgumentMismatchException($"{_target}: argument {index} does not decode as {type.Name}: {ex.Message}", ex);
        }
    }
}
