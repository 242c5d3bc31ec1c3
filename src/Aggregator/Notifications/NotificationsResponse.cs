using Dm.ResourceRepo;

namespace Dm.Aggregator.Notifications;

/// <summary><c>GET /api/notifications</c>: the receivers, the recent deliveries (newest first) and the errors of <c>notifications.yaml</c>.</summary>
public sealed record NotificationsResponse(IReadOnlyList<ReceiverView> Receivers, IReadOnlyList<DeliveryRecord> Deliveries, IReadOnlyList<RepoError> Errors);
