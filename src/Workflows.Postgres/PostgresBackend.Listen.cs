using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Workflows.Postgres;

public sealed partial class PostgresBackend
{
    // Marks this backend's own notifications, which its local signals have already delivered.
    private readonly string _sender = Guid.NewGuid().ToString("N")[..12];
    private readonly NpgsqlDataSource _listenDataSource;
    private readonly Lock _listenGate = new();
    private readonly CancellationTokenSource _listenStop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _listenLoop;
    private string _channel = "workflows";

    /// <summary>Tests only: the channel this backend notifies and listens on (known once initialized).</summary>
    internal string Channel => _channel;

    /// <summary>How many times the listening connection was (re)established; tests watch it across a restart.</summary>
    internal int ListenSessions => Volatile.Read(ref _listenSessions);

    private int _listenSessions;

    /// <summary>
    /// The notification channel of a schema: one per schema, so backends on different schemas of one database do not
    /// wake each other. Channel names are identifiers of at most 63 bytes; longer schema names are hashed.
    /// </summary>
    internal static string ChannelFor(string schema)
    {
        string channel = "workflows." + schema;
        return Encoding.UTF8.GetByteCount(channel) <= 63
            ? channel
            : "workflows." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schema)))[..40];
    }

    private string NotificationPayload(bool workflows, bool activities)
        => (workflows ? "w" : "") + (activities ? "a" : "") + ":" + _sender;

    // Before a wait looks for work: the schema (and so the channel) is known once initialized, and the session
    // listens before the first look, so a write committed after the look wakes the waiter.
    private async Task BeforeWaitAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await EnsureListeningAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the listening connection on first use and waits (briefly) until it listens, so a poller that looked and
    /// found nothing is woken by whatever commits next. Polling covers the time before, and any time it is down.
    /// </summary>
    private async Task EnsureListeningAsync(CancellationToken cancellationToken)
    {
        if (!_options.ListenForWork || _listening.Task.IsCompleted)
        {
            return;
        }

        lock (_listenGate)
        {
            _listenLoop ??= Task.Run(ListenLoopAsync, CancellationToken.None);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_listening.Task, Task.Delay(TimeSpan.FromSeconds(5), cts.Token)).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Holds one session that <c>LISTEN</c>s on the schema's channel and turns notifications from other processes
    /// into local wake-ups. When the session is lost it wakes every poller (they poll while it is down, and anything
    /// committed meanwhile was not announced) and connects again with capped back-off.
    /// </summary>
    private async Task ListenLoopAsync()
    {
        var stop = _listenStop.Token;
        for (int failures = 0; !stop.IsCancellationRequested;)
        {
            try
            {
                await using var connection = await _listenDataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = connection.CreateCommand())
                {
                    listen.CommandText = "LISTEN \"" + _channel.Replace("\"", "\"\"", StringComparison.Ordinal) + "\";";
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }

                Interlocked.Increment(ref _listenSessions);
                if (failures > 0)
                {
                    // Work announced while the session was down was missed: let every poller look.
                    _workflowSignal.Notify();
                    _activitySignal.Notify();
                }

                failures = 0;
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
            {
                failures++;
                _workflowSignal.Notify();
                _activitySignal.Notify();
                double ms = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16)));
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble())), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        string payload = e.Payload;
        int colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || payload.AsSpan(colon + 1).SequenceEqual(_sender))
        {
            return;
        }

        var kinds = payload.AsSpan(0, colon);
        if (kinds.Contains('w'))
        {
            _workflowSignal.Notify();
        }

        if (kinds.Contains('a'))
        {
            _activitySignal.Notify();
        }
    }

    private async Task StopListeningAsync()
    {
        Task? loop;
        lock (_listenGate)
        {
            loop = _listenLoop;
            _listenLoop = Task.CompletedTask;
        }

        await _listenStop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _listenStop.Dispose();
    }
}
