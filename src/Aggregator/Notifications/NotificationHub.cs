using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Dm.Aggregator.History;
using Dm.Domain;
using Dm.Hosting.Election;
using Dm.ResourceRepo;
using Dm.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Dm.Aggregator.Notifications;

/// <summary>
/// Turns what the aggregator observes each refresh (new commits, the deployer's and transitioner's reports) into
/// events, routes them by <c>notifications.yaml</c>, and delivers them asynchronously: one bounded queue and worker per
/// receiver (a slow or dead receiver holds up only its own queue, never a commit or a refresh), retries with capped
/// exponential backoff and jitter, an idempotency key per event. The journal next to the mirror makes delivery
/// at-least-once across restarts without sending an old event again.
/// </summary>
public sealed partial class NotificationHub : IHostedService, IAsyncDisposable
{
    /// <summary>The journal's file, inside the mirror's git directory (git ignores it).</summary>
    public const string JournalFileName = "dm-notifications.json";

    private readonly Lock _gate = new();
    private readonly NotificationOptions _options;
    private readonly string? _journalPath;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationHub> _logger;
    private readonly NotificationMetrics _metrics;
    private readonly Leadership _leadership;
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, ReceiverQueue> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Receiver, string EventId), PendingDelivery> _pending = [];
    private readonly LinkedList<DeliveryRecord> _records = new();
    private readonly Dictionary<(string Receiver, string EventId), LinkedListNode<DeliveryRecord>> _recordIndex = [];
    private IReadOnlyDictionary<string, NotificationReceiver> _receivers = new Dictionary<string, NotificationReceiver>();
    private IReadOnlyList<RepoError> _errors = [];
    private NotificationJournal _journal;
    private int? _historyPosition;
    private bool _restored;
    private int _stopped;

    public NotificationHub(
        IOptions<AggregatorOptions> options,
        IHttpClientFactory httpClients,
        TimeProvider time,
        NotificationMetrics metrics,
        Leadership leadership,
        ILogger<NotificationHub> logger)
    {
        _leadership = leadership;
        _options = options.Value.Notifications;
        _journalPath = string.IsNullOrEmpty(options.Value.CheckoutPath) ? null : Path.Combine(Path.GetFullPath(options.Value.CheckoutPath), JournalFileName);
        _http = httpClients.CreateClient(nameof(NotificationHub));
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _journal = NotificationJournal.Load(_journalPath, out var problem);
        if (problem is not null)
        {
            LogJournalUnreadable(_logger, _journalPath!, problem);
        }

        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.RetryMaxDelay,
                ShouldHandle = new PredicateBuilder().Handle<DeliveryException>(e => e.Transient),
            })
            .Build();
    }

    /// <summary>
    /// Derives the events of one refresh and queues them. History events after the journal's commit are new; the first
    /// refresh of a journal-less aggregator takes the head and the reports as they are (nothing old is sent).
    /// </summary>
    public void Observe(ResourceRepoModel model, HistoryIndex history, DeployerStatusReport? deployer, TransitionerStatusReport? transitioner)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _receivers = model.Notifications.Receivers.ToDictionary(r => r.Name, StringComparer.Ordinal);
            _errors = model.ProblemsIn(NotificationRules.FileName);
            var events = new List<DmEvent>();
            if (_historyPosition is null)
            {
                var (all, end) = history.Since(0);
                var cursor = -1;
                for (var i = all.Count - 1; i >= 0 && _journal.Commit is not null; i--)
                {
                    if (all[i].Commit == _journal.Commit)
                    {
                        cursor = i;
                        break;
                    }
                }

                _historyPosition = cursor >= 0 ? cursor + 1 : end;
                if (_journal.Commit is not null && cursor < 0)
                {
                    LogCursorLost(_logger, _journal.Commit);
                }

                _journal = _journal with { Commit = all.Count > 0 ? all[cursor >= 0 ? cursor : all.Count - 1].Commit : null };
            }

            var (fresh, next) = history.Since(_historyPosition.Value);
            _historyPosition = next;
            foreach (var e in fresh)
            {
                events.AddRange(EventDeriver.FromHistory(e, model));
            }

            var rollouts = _journal.Rollouts;
            if (deployer is not null)
            {
                var (rolloutEvents, marks) = EventDeriver.FromDeployer(rollouts, deployer, model, now);
                events.AddRange(rolloutEvents);
                rollouts = marks;
            }

            var approvals = _journal.Approvals;
            if (transitioner is not null)
            {
                var (approvalEvents, marks) = EventDeriver.FromTransitioner(approvals, transitioner, now);
                events.AddRange(approvalEvents);
                approvals = marks;
            }

            // With two replicas only the leader sends; a standby follows the repo and the reports without queueing, so
            // it does not send the old leader's events again when it takes over (what was pending there is not resent).
            var sends = !_leadership.Elected || _leadership.IsLeader;
            if (!sends)
            {
                events.Clear();
            }

            if (!_restored && sends)
            {
                _restored = true;
                foreach (var pending in _journal.Pending)
                {
                    Enqueue(pending);
                }
            }

            foreach (var e in events)
            {
                foreach (var receiver in model.Notifications.ReceiversFor(e.Type, e.Environment, e.Resource).Where(r => ReceiverRequests.Sends(r, e)))
                {
                    Enqueue(new PendingDelivery(receiver.Name, e, now));
                }
            }

            var changed = events.Count > 0 || fresh.Count > 0 || !Same(rollouts, _journal.Rollouts) || !Same(approvals, _journal.Approvals);
            _journal = _journal with { Commit = fresh.Count > 0 ? fresh[^1].Commit : _journal.Commit, Rollouts = rollouts, Approvals = approvals };
            if (changed)
            {
                SaveJournal();
            }
        }
    }

    /// <summary>What <c>GET /api/notifications</c> serves.</summary>
    public NotificationsResponse Snapshot()
    {
        lock (_gate)
        {
            var receivers = _receivers.Values
                .Select(r => _queues.GetValueOrDefault(r.Name) is { } q
                    ? new ReceiverView(r.Name, r.Type, q.Failing, q.LastError, q.LastSentAt, q.LastFailedAt, q.Queued, q.Sent, q.Failed, q.Dropped)
                    : new ReceiverView(r.Name, r.Type, false, null, null, null, 0, 0, 0, 0))
                .ToList();
            return new NotificationsResponse(receivers, [.. _records], _errors);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the workers; what is still pending stays in the journal and is delivered after the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        Task[] workers;
        lock (_gate)
        {
            workers = [.. _queues.Values.Select(q => q.Worker)];
        }

        await Task.WhenAll(workers).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private void Enqueue(PendingDelivery delivery)
    {
        if (!_pending.TryAdd((delivery.Receiver, delivery.Event.Id), delivery))
        {
            return;
        }

        var queue = QueueOf(delivery.Receiver);
        queue.Queued++;
        _metrics.Queued.WithLabels(queue.Name).Set(queue.Queued);
        Record(delivery, DeliveryStatuses.Queued, 0, null, null);
        if (!queue.Channel.Writer.TryWrite(delivery))
        {
            Finish(queue, delivery, DeliveryStatuses.Dropped, 0, "the aggregator is stopping");
        }
    }

    private ReceiverQueue QueueOf(string receiver)
    {
        if (_queues.TryGetValue(receiver, out var queue))
        {
            return queue;
        }

        ReceiverQueue? created = null;
        var channel = Channel.CreateBounded<PendingDelivery>(
            new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                lock (_gate)
                {
                    created!.Dropped++;
                    _metrics.Dropped.WithLabels(receiver).Inc();
                    LogDropped(_logger, receiver, dropped.Event.Type, dropped.Event.Id, _options.QueueCapacity);
                    Finish(created, dropped, DeliveryStatuses.Dropped, 0, $"dropped: the queue of {receiver} was full ({_options.QueueCapacity})");
                }
            });
        created = new ReceiverQueue(receiver, channel);
        _queues[receiver] = created;
        created.Worker = Task.Run(() => RunAsync(created));
        return created;
    }

    private async Task RunAsync(ReceiverQueue queue)
    {
        try
        {
            await foreach (var delivery in queue.Channel.Reader.ReadAllAsync(_stopping.Token))
            {
                await DeliverAsync(queue, delivery);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Pending deliveries stay in the journal.
        }
    }

    private async Task DeliverAsync(ReceiverQueue queue, PendingDelivery delivery)
    {
        NotificationReceiver? receiver;
        lock (_gate)
        {
            receiver = _receivers.GetValueOrDefault(delivery.Receiver);
            if (receiver is null)
            {
                Finish(queue, delivery, DeliveryStatuses.Dropped, 0, $"receiver {delivery.Receiver} is no longer in notifications.yaml");
                return;
            }
        }

        var attempts = 0;
        try
        {
            await _retry.ExecuteAsync(
                async ct =>
                {
                    attempts++;
                    if (attempts > 1)
                    {
                        lock (_gate)
                        {
                            Record(delivery, DeliveryStatuses.Queued, attempts, queue.LastError, null);
                        }
                    }

                    await SendAsync(receiver, delivery.Event, queue, ct);
                },
                _stopping.Token);
            lock (_gate)
            {
                queue.Sent++;
                queue.Failing = false;
                queue.LastSentAt = _time.GetUtcNow();
                _metrics.Sent.WithLabels(queue.Name).Inc();
                Finish(queue, delivery, DeliveryStatuses.Sent, attempts, null);
            }
        }
        catch (Exception ex) when (ex is DeliveryException or ReceiverNotConfiguredException)
        {
            lock (_gate)
            {
                queue.Failed++;
                queue.Failing = true;
                queue.LastError = ex.Message;
                queue.LastFailedAt = _time.GetUtcNow();
                _metrics.Failed.WithLabels(queue.Name).Inc();
                LogFailed(_logger, queue.Name, delivery.Event.Type, delivery.Event.Id, attempts, ex.Message);
                Finish(queue, delivery, DeliveryStatuses.Failed, attempts, ex.Message);
            }
        }
    }

    private async Task SendAsync(NotificationReceiver receiver, DmEvent e, ReceiverQueue queue, CancellationToken cancellationToken)
    {
        var secrets = ResolvedSecrets.None;
        try
        {
            secrets = ResolvedSecrets.Resolve(_options.Receivers.GetValueOrDefault(receiver.Name));
            if (ReceiverRequests.Build(receiver, secrets, e, _options.UiUrl) is not { } request)
            {
                return;
            }

            using var timeout = new CancellationTokenSource(_options.Timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            message.Headers.UserAgent.Add(new ProductInfoHeaderValue("DM-Notifications", "1"));
            foreach (var (name, value) in request.Headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            try
            {
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                var code = (int)response.StatusCode;
                var transient = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                throw new DeliveryException(secrets.Redact($"{receiver.Name} answered {code} {response.ReasonPhrase}"), transient);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new DeliveryException($"{receiver.Name} did not answer within {_options.Timeout.TotalSeconds:0.#} s", transient: true);
            }
            catch (HttpRequestException ex)
            {
                throw new DeliveryException(secrets.Redact($"{receiver.Name} cannot be reached: {ex.Message}"), transient: true);
            }
        }
        catch (DeliveryException ex)
        {
            lock (_gate)
            {
                queue.LastError = ex.Message;
            }

            throw;
        }
    }

    private void Finish(ReceiverQueue queue, PendingDelivery delivery, string status, int attempts, string? error)
    {
        if (!_pending.Remove((delivery.Receiver, delivery.Event.Id)))
        {
            return;
        }

        queue.Queued--;
        _metrics.Queued.WithLabels(queue.Name).Set(queue.Queued);
        var seconds = (_time.GetUtcNow() - delivery.QueuedAt).TotalSeconds;
        if (status == DeliveryStatuses.Sent)
        {
            _metrics.Latency.WithLabels(queue.Name).Observe(seconds);
        }

        Record(delivery, status, attempts, error, seconds);
        SaveJournal();
    }

    private void Record(PendingDelivery delivery, string status, int attempts, string? error, double? seconds)
    {
        var e = delivery.Event;
        var record = new DeliveryRecord(delivery.Receiver, e.Id, e.Type, e.Environment, e.Resource, e.Message, status, attempts, error,
            delivery.QueuedAt, status == DeliveryStatuses.Queued ? null : _time.GetUtcNow(), seconds);
        var key = (delivery.Receiver, e.Id);
        if (_recordIndex.TryGetValue(key, out var node))
        {
            node.Value = record;
            return;
        }

        _recordIndex[key] = _records.AddFirst(record);
        while (_records.Count > Math.Max(1, _options.HistorySize))
        {
            var last = _records.Last!;
            _recordIndex.Remove((last.Value.Receiver, last.Value.EventId));
            _records.RemoveLast();
        }
    }

    private void SaveJournal()
    {
        _journal = _journal with { Pending = [.. _pending.Values.OrderBy(p => p.QueuedAt)] };
        if (_journalPath is null)
        {
            return;
        }

        try
        {
            _journal.Save(_journalPath);
        }
        catch (IOException ex)
        {
            LogJournalNotSaved(_logger, _journalPath, ex.Message);
        }
    }

    private static bool Same<T>(IReadOnlyDictionary<string, T>? a, IReadOnlyDictionary<string, T>? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && Equals(v, p.Value)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Type} {EventId} to {Receiver} failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, string receiver, string type, string eventId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Type} {EventId} to {Receiver} dropped: its queue is full ({Capacity})")]
    private static partial void LogDropped(ILogger logger, string receiver, string type, string eventId, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification journal {Path} cannot be read ({Problem}); starting from the repo's head")]
    private static partial void LogJournalUnreadable(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification journal {Path} cannot be written: {Problem}")]
    private static partial void LogJournalNotSaved(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification journal's commit {Commit} is not in the history any more; starting from the head")]
    private static partial void LogCursorLost(ILogger logger, string commit);
}
