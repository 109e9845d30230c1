namespace Workflows.Serialization;

/// <summary>
/// A codec could not decode a payload (a wrong key, corrupt data) or a payload names a codec that is not configured.
/// It reaches callers as the inner exception of a <see cref="PayloadException"/>, the error every payload decode throws.
/// </summary>
public sealed class PayloadCodecException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="codecName">The codec that failed or is missing.</param>
    /// <param name="message">What happened.</param>
    /// <param name="inner">The codec's own error.</param>
    public PayloadCodecException(string codecName, string message, Exception? inner = null)
        : base(message, inner)
    {
        CodecName = codecName;
    }

    /// <summary>The name of the codec that failed or is missing.</summary>
    public string CodecName { get; }
}
