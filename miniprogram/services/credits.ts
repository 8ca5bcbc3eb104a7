// Collects push credits on the device and uploads them to saveFormId in batches: a tap's form id
// is queued (placeholders never enter), 20 of them make one upload, and page hide, app hide, app
// show and a subscribe answer upload whatever waits. A failed upload keeps everything queued
// (in storage, so it survives the app being killed) and is retried at the next of those moments.
import type { CreditCounts, SavedCredits, SaveFormIdEvent, SubscribeAnswer } from '../../src/contract';
import { asServiceError, type ServiceError } from '../logic/errors';
import { acknowledge, addFormId, addSubscription, batchReady, nextUpload, parsePending, recordFailure, uploadEvent, type Pending } from '../logic/creditQueue';
import { api } from './api';
import { KEYS, read, write } from './storage';

export type FlushReason = 'batch' | 'page-hide' | 'app-hide' | 'app-show' | 'subscribe';

export interface FlushResult {
  /** saveFormId calls that succeeded. */
  uploads: number;
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
}

export function createCreditCollector(deps: CreditCollectorDeps) {
  // One upload run at a time, and at most one more waiting: every request made meanwhile (ten
  // collectors on a hiding page, a tap, an app hide) joins the waiting run instead of adding calls.
  let running: Promise<FlushResult> | null = null;
  let waiting: Promise<FlushResult> | null = null;
  let waitingReason: FlushReason = 'batch';

  async function run(reason: FlushReason): Promise<FlushResult> {
    const result: FlushResult = { uploads: 0, credits: null, error: null };
    for (;;) {
      const state = deps.load();
      // A tap-triggered flush sends full batches only, and waits out the backoff after a failure.
      if (reason === 'batch' && !batchReady(state, deps.now())) return result;
      const upload = nextUpload(state, deps.now());
      if (!upload) return result;
      try {
        const answer = await deps.upload(uploadEvent(upload));
        deps.save(acknowledge(deps.load(), upload, deps.now()));
        result.uploads++;
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
      const before = deps.load();
      const after = addFormId(before, formId, deps.now());
      if (after === before) return;
      deps.save(after);
      if (batchReady(after, deps.now())) void collector.flush('batch');
    },

    /** Queues a subscribe answer; the caller flushes right away to learn the new credit count. */
    addSubscription(templateId: string, answer: SubscribeAnswer): void {
      deps.save(addSubscription(deps.load(), templateId, answer, deps.now()));
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

export const credits = createCreditCollector({
  upload: (event) => api.saveCredits(event),
  load: () => parsePending(read(KEYS.pendingCredits)),
  save: (state) => write(KEYS.pendingCredits, state),
  now: () => Date.now(),
});
