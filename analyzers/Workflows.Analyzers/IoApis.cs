using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Workflows.Analyzers;

/// <summary>
/// The environment and I/O APIs banned in workflow code (WF1010, WF1011), including those listed by
/// the user in a <c>WorkflowsBannedApis.txt</c> additional file.
/// </summary>
internal static class IoApis
{
    public const string BannedApisFileName = "WorkflowsBannedApis.txt";

    private const string Activity = "an activity ('ctx.ExecuteActivityAsync')";
    private const string Input = "a value passed in as workflow input or returned by an activity";

    public static ApiTable Build(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var env = Descriptors.EnvironmentAccess;
        var io = Descriptors.InputOutput;
        var table = new ApiTable();
        foreach (var member in new[]
        {
            "GetEnvironmentVariable", "GetEnvironmentVariables", "ExpandEnvironmentVariables", "SetEnvironmentVariable",
            "MachineName", "UserName", "UserDomainName", "ProcessorCount", "ProcessId", "ProcessPath", "CurrentDirectory",
            "CurrentManagedThreadId", "OSVersion", "Is64BitProcess", "Is64BitOperatingSystem", "SystemDirectory",
            "GetCommandLineArgs", "CommandLine", "WorkingSet", "SystemPageSize", "GetFolderPath", "GetLogicalDrives",
            "Version", "UserInteractive", "Exit", "FailFast",
        })
        {
            table.Add(compilation, "System.Environment", member, env, Input);
        }

        table.Add(compilation, "System.Runtime.InteropServices.RuntimeInformation", ApiTable.AnyMember, env, Input);
        table.Add(compilation, "System.OperatingSystem", ApiTable.AnyMember, env, Input);
        table.Add(compilation, "System.Net.Dns", ApiTable.AnyMember, io, Activity);
        table.Add(compilation, "System.Threading.Thread", "CurrentThread", env, Input);
        table.Add(compilation, "System.Globalization.CultureInfo", "CurrentCulture", env, "'CultureInfo.InvariantCulture'");
        table.Add(compilation, "System.Globalization.CultureInfo", "CurrentUICulture", env, "'CultureInfo.InvariantCulture'");

        foreach (var type in new[]
        {
            "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
            "System.IO.FileStream", "System.IO.DriveInfo", "System.IO.FileSystemWatcher", "System.Net.Http.HttpClient",
            "System.Net.Http.HttpMessageInvoker", "System.Net.WebRequest", "System.Net.WebClient", "System.Data.Common.DbConnection",
            "System.Data.Common.DbCommand", "System.Data.Common.DbDataReader", "System.Data.Common.DbTransaction",
            "System.Data.IDbConnection", "System.Data.IDbCommand", "System.Net.Sockets.Socket", "System.Net.Sockets.TcpClient",
            "System.Net.Sockets.TcpListener", "System.Net.Sockets.UdpClient", "System.Net.Sockets.NetworkStream",
            "System.Diagnostics.Process", "System.IO.Pipes.PipeStream", "System.Net.WebSockets.WebSocket",
        })
        {
            table.Add(compilation, type, ApiTable.AnyMember, io, Activity);
        }

        table.Add(compilation, "System.IO.Path", "GetTempFileName", io, Activity);
        table.Add(compilation, "System.IO.Path", "GetTempPath", io, Activity);
        table.Add(compilation, "System.IO.Path", "GetFullPath", env, Input);
        table.Add(compilation, "System.IO.StreamReader", ApiTable.Constructor, io, Activity, applies: HasPathArgument);
        table.Add(compilation, "System.IO.StreamWriter", ApiTable.Constructor, io, Activity, applies: HasPathArgument);
        foreach (var member in new[] { "ReadLine", "Read", "ReadKey", "In", "OpenStandardInput", "KeyAvailable" })
        {
            table.Add(compilation, "System.Console", member, io, Input);
        }

        AddUserBannedApis(compilation, options, table, cancellationToken);
        return table;
    }

    private static bool HasPathArgument(Microsoft.CodeAnalysis.IOperation operation) =>
        operation is Microsoft.CodeAnalysis.Operations.IObjectCreationOperation { Constructor: { } ctor }
        && ctor.Parameters.Length > 0
        && ctor.Parameters[0].Type.SpecialType == SpecialType.System_String;

    /// <summary>
    /// Reads <c>WorkflowsBannedApis.txt</c>: one documentation comment id (<c>M:System.IO.Path.GetTempPath</c>,
    /// <c>T:Contoso.Billing.Gateway</c>) or type name (<c>Contoso.Billing.Gateway</c>) per line, optionally
    /// followed by <c>;</c> and the replacement to suggest; blank lines and lines starting with <c>#</c> or <c>//</c> are ignored.
    /// </summary>
    private static void AddUserBannedApis(Compilation compilation, AnalyzerOptions options, ApiTable table, CancellationToken cancellationToken)
    {
        foreach (var file in options.AdditionalFiles)
        {
            if (!string.Equals(Path.GetFileName(file.Path), BannedApisFileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var text = file.GetText(cancellationToken);
            if (text is null)
            {
                continue;
            }

            foreach (TextLine line in text.Lines)
            {
                AddLine(compilation, table, line.ToString());
            }
        }
    }

    internal static void AddLine(Compilation compilation, ApiTable table, string line)
    {
        line = line.Trim();
        if (line.Length == 0 || line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith("//", StringComparison.Ordinal))
        {
            return;
        }

        var replacement = Activity;
        var separator = line.IndexOf(';');
        if (separator >= 0)
        {
            var custom = line.Substring(separator + 1).Trim();
            if (custom.Length > 0)
            {
                // A bare API name is quoted like the built-in replacements; a phrase is the user's own sentence.
                replacement = custom.IndexOf(' ') < 0 ? "'" + custom + "'" : custom;
            }

            line = line.Substring(0, separator).Trim();
        }

        var entry = new ApiEntry(Descriptors.InputOutput, replacement, fix: null, applies: null);
        if (line.Length > 2 && line[1] == ':')
        {
            foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(line, compilation))
            {
                if (symbol is INamedTypeSymbol type)
                {
                    table.Add(type, ApiTable.AnyMember, entry);
                }
                else
                {
                    table.AddSymbol(symbol, entry);
                }
            }

            return;
        }

        if (compilation.GetTypeByMetadataName(line) is { } named)
        {
            table.Add(named, ApiTable.AnyMember, entry);
        }
    }
}
