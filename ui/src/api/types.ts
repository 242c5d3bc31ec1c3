// Every shape the UI exchanges with the aggregator (DESIGN §4, issue 6), in one place.
// Mirrors src/Aggregator/{State,Api,History,Events} and src/Common/Status: camelCase, enums as strings, nulls omitted.

export type EnvironmentState = 'Clean' | 'Progressing' | 'Failed' | 'Outdated' | 'Unknown';
export type ResourceState = 'Healthy' | 'Progressing' | 'Failed' | 'Pending' | 'Unknown';
export type TransitionResult = 'Promoted' | 'NoChange' | 'Blocked' | 'Skipped' | 'Error';

export interface LockReasonView {
  reason: string;
  by?: string;
  at?: string;
  expires?: string;
  expired: boolean;
}

export interface LockView {
  locked: boolean;
  reasons: LockReasonView[];
}

export interface EnvironmentView {
  name: string;
  deployed: boolean;
  state?: EnvironmentState;
  reason?: string;
  message?: string;
  revision?: string;
  healthyRevision?: string;
  lastReconciledAt?: string;
  lock?: LockView;
  /** Set when the environment's locks.yaml cannot be read: the reader's message. The environment then counts as locked. */
  locksProblem?: string;
}

export interface ResourceCell {
  version?: string;
  broken: boolean;
  deployedVersion?: string;
  state?: ResourceState;
  reason?: string;
  message?: string;
  lock?: LockView;
  /** When the current rollout began (deployer's report), ISO time. */
  rolloutStartedAt?: string;
  /** Expected rollout duration in seconds, from past completed rollouts of this resource. */
  expectedRolloutSeconds?: number;
}

export interface ResourceView {
  name: string;
  environments: Record<string, ResourceCell>;
}

export interface TransitionRun {
  time: string;
  result: TransitionResult;
  reason?: string;
  message: string;
  commit?: string;
}

export interface PendingMove {
  resource: string;
  from?: string;
  to: string;
}

export interface TransitionApproval {
  by: string;
  at: string;
  reason?: string;
  versions: Record<string, string>;
}

export interface TransitionView {
  name: string;
  source: string;
  target: string;
  schedule?: string;
  manual: boolean;
  lastRun?: TransitionRun;
  pending?: PendingMove[];
  nextScheduled?: string;
  approval?: TransitionApproval;
}

export interface SourceAvailability {
  configured: boolean;
  available: boolean;
  message?: string;
  checkedAt?: string;
}

export interface RepoError {
  file: string;
  line: number;
  column: number;
  keyPath?: string;
  environment?: string;
  resource?: string;
  reason: string;
  message: string;
}

/** GET api/state */
export interface StateResponse {
  revision?: string;
  generatedAt: string;
  environments: EnvironmentView[];
  resources: ResourceView[];
  transitions: TransitionView[];
  deployer: SourceAvailability;
  transitioner: SourceAvailability;
  errors: RepoError[];
}

export type HistoryEventKind =
  | 'new-version' | 'promotion' | 'transition' | 'rollback' | 'lock' | 'unlock' | 'approval' | 'manual-edit';

export const historyEventKinds: HistoryEventKind[] = [
  'new-version', 'promotion', 'transition', 'rollback', 'lock', 'unlock', 'approval', 'manual-edit',
];

export interface HistoryMove {
  resource: string;
  from?: string;
  to: string;
}

export interface HistoryEvent {
  /** The commit id, with `:part` for the later changes of a commit that batched several (unique per event). */
  id: string;
  commit: string;
  /** Position of this change inside its commit (0 for a commit with one change). */
  part?: number;
  time: string;
  author: string;
  kind: HistoryEventKind | string;
  subject: string;
  environment?: string;
  resource?: string;
  version?: string;
  transition?: string;
  source?: string;
  moves: HistoryMove[];
  changelog?: string;
  by?: string;
  paths?: string[];
}

/** GET api/history?env=&resource=&kind=&limit=&before= — pass `next` as `before` for the next page. */
export interface HistoryPage {
  events: HistoryEvent[];
  next?: string;
}

export interface ResourceVersionEntry {
  time: string;
  commit: string;
  kind: string;
}

export interface ResourceVersion {
  version: string;
  changelog?: string;
  commit: string;
  time: string;
  author: string;
  environments: Record<string, ResourceVersionEntry>;
}

/** GET api/resources/{resource} */
export interface ResourceResponse {
  name: string;
  environments: Record<string, ResourceCell>;
  versions: ResourceVersion[];
}

/** Answer of every write. */
export interface WriteResponse {
  commit: string;
  changed: boolean;
}

/** RFC 7807 problem+json. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
}

// Request bodies (the aggregator rejects unknown fields: send only these).
export interface LockRequest {
  reason: string;
  expires?: string;
}
export interface UnlockRequest {
  reason?: string;
  /** Clears the lock even when locks.yaml cannot be read (rewriting it with every reason that could be read). */
  force?: boolean;
}
export interface PromotionRequest {
  resource: string;
  version: string;
  env: string;
  reason?: string;
  force?: boolean;
}
export interface RollbackRequest {
  resource: string;
  env: string;
  version?: string;
  reason: string;
}
export interface ApprovalRequest {
  transition: string;
  versions?: Record<string, string>;
  reason?: string;
}

// Server-Sent Events of GET api/events (event name → data).
export interface StreamEvents {
  head: { revision?: string };
  resource: { resource: string; environment: string; cell?: ResourceCell | null };
  environment: { environment: EnvironmentView };
  transition: { transition: TransitionView };
  availability: { deployer: SourceAvailability; transitioner: SourceAvailability };
  history: HistoryEvent;
  reset: { reason?: string; revision?: string };
}
export type StreamEventType = keyof StreamEvents;
export const streamEventTypes: StreamEventType[] = [
  'head', 'resource', 'environment', 'transition', 'availability', 'history', 'reset',
];

/** A receiver in GET api/notifications. */
export interface NotificationReceiverView {
  name: string;
  type: string;
  failing: boolean;
  lastError?: string;
  lastSentAt?: string;
  lastFailedAt?: string;
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
}

/** One delivery in GET api/notifications. */
export interface DeliveryRecord {
  receiver: string;
  eventId: string;
  type: string;
  environment?: string;
  resource?: string;
  message: string;
  status: 'Queued' | 'Sent' | 'Failed' | 'Dropped';
  attempts: number;
  lastError?: string;
  queuedAt: string;
  finishedAt?: string;
  seconds?: number;
}

/** GET api/notifications */
export interface NotificationsResponse {
  receivers: NotificationReceiverView[];
  deliveries: DeliveryRecord[];
  errors: RepoError[];
}
