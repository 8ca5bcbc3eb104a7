// Collects push credits on the device and uploads them to saveFormId in batches: a tap's form id
// is queued (placeholders and junk never enter, nothing at all while the form channel is off),
// 20 of them make one upload, and page hide, app hide, app show and a subscribe answer upload
// whatever waits. A failed upload stays queued as it was, with its requestId (in storage, so it
// survives the app being killed), and is sent again at the next of those moments.
import type { CreditCounts, SavedCredits, SaveFormIdEvent, SubscribeAnswer } from '../../src/contract';
import { shanghaiDate } from '../logic/dates';
import { asServiceError, type ServiceError } from '../logic/errors';
import { acknowledge, addFormId, addSubscription, batchReady, dropFormIds, nextUpload, parsePending, recordFailure, uploadEvent, type Pending, type PendingSubscription } from '../logic/creditQueue';
import { appConfig } from '../config';
import { api } from './api';
import { KEYS, read, write } from './storage';

export type FlushReason = 'batch' | 'page-hide' | 'app-hide' | 'app-show' | 'subscribe';

/** What saveFormId answered to one upload. */
export interface UploadReport {
  subscription: PendingSubscription | null;
  answer: SavedCredits;
}

export interface FlushResult {
  /** saveFormId calls that succeeded, with their answers. */
  reports: UploadReport[];
  /** Credits from the last successful answer, if any. */
  credits: CreditCounts | null;
  /** The failure that stopped this flush; what it would have sent is still queued. */
  error: ServiceError | null;
}

export interface CreditCollectorDeps {
  upload(event: SaveFormIdEvent): Promise<SavedCredits>;
  load(): Pending;
  save(state: Pending): void;
  now(): number;
  /** A new upload's requestId (unique per device and upload). */
  requestId(): string;
  /** Whether form ids are worth collecting now. */
  formChannelOn(): boolean;
  /** saveFormId said the form channel is off (reason channel-off). */
  formChannelOff(): void;
}

export function createCreditCollector(deps: CreditCollectorDeps) {
  // One upload run at a time, and at most one more waiting: every request made meanwhile (ten
  // collectors on a hiding page, a tap, an app hide) joins the waiting run instead of adding calls.
  let running: Promise<FlushResult> | null = null;
  let waiting: Promise<FlushResult> | null = null;
  let waitingReason: FlushReason = 'batch';

  async function run(reason: FlushReason): Promise<FlushResult> {
    const result: FlushResult = { reports: [], credits: null, error: null };
    for (;;) {
      const state = deps.load();
      // A tap-triggered flush sends full batches only, and waits out the backoff after a failure.
      if (reason === 'batch' && !batchReady(state, deps.now())) return result;
      const next = nextUpload(state, deps.now(), deps.requestId);
      if (!next) return result;
      deps.save(next.state);
      try {
        const answer = await deps.upload(uploadEvent(next.upload));
        deps.save(acknowledge(deps.load(), next.upload, deps.now()));
        if (answer.rejected.some((r) => r.reason === 'channel-off')) {
          deps.formChannelOff();
          deps.save(dropFormIds(deps.load()));
        }
        result.reports.push({ subscription: next.upload.subscription, answer });
        result.credits = answer.credits;
      } catch (error) {
        result.error = asServiceError(error);
        deps.save(recordFailure(deps.load(), deps.now()));
        console.warn(`credits: upload failed (${reason}), kept for later: ${result.error.message}`);
        return result;
      }
    }
  }

  function start(reason: FlushReason): Promise<FlushResult> {
    const current = run(reason).finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  }

  const collector = {
    /** A form submit's `detail.formId`. Never throws; uploads in the background when a batch is full. */
    collect(formId: unknown): void {
      if (!deps.formChannelOn()) return;
      const before = deps.load();
      const after = addFormId(before, formId, deps.now());
      if (after === before) return;
      deps.save(after);
      if (batchReady(after, deps.now())) void collector.flush('batch');
    },

    /** Queues one dialog's answers and returns what identifies them in a flush's reports. */
    addSubscription(answers: Record<string, SubscribeAnswer>): PendingSubscription {
      const state = addSubscription(deps.load(), answers, deps.now());
      deps.save(state);
      return state.subscriptions[state.subscriptions.length - 1]!;
    },

    /** Uploads what waits; never rejects. */
    flush(reason: FlushReason): Promise<FlushResult> {
      if (!running) return start(reason);
      if (!waiting) {
        waitingReason = reason;
        waiting = running.then((previous) => {
          waiting = null;
          // It failed a moment ago: the network or the function is down, so don't call again now.
          return previous.error ? previous : start(waitingReason);
        });
      } else if (reason !== 'batch') {
        // A hide or a subscribe answer asks the waiting run to send everything, not full batches only.
        waitingReason = reason;
      }
      return waiting;
    },
  };
  return collector;
}

const today = () => shanghaiDate(Date.now());

/**
 * Form ids are worth collecting while the build's configuration names a form template and
 * saveFormId has not said today that the channel is off (retired, or switched off since the build).
 */
export function formChannelOn(): boolean {
  return appConfig.formChannel && read(KEYS.formChannelOff) !== today();
}

export const credits = createCreditCollector({
  upload: (event) => api.saveCredits(event),
  load: () => parsePending(read(KEYS.pendingCredits)),
  save: (state) => write(KEYS.pendingCredits, state),
  now: () => Date.now(),
  requestId: () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
  formChannelOn,
  formChannelOff: () => write(KEYS.formChannelOff, today()),
});
