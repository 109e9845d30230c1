namespace Workflows.Worker;

/// <summary>The services of one activity execution; disposed when the execution ends.</summary>
public interface IActivityScope : IAsyncDisposable
{
    /// <summary>Resolves the services of this execution.</summary>
    IServiceProvider Services { get; }
}
