using System.IO.Compression;
using Workflows.Serialization;

namespace Workflows.Tests.Codecs;

/// <summary>A compression codec for the chain tests.</summary>
internal sealed class GzipCodec : IPayloadCodec
{
    public string Name => "gzip";

    public byte[] Encode(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public byte[] Decode(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
