// Typed calls to the cloud functions (DESIGN.md §2). Every failure — offline, a crashed function,
// an `{ ok: false }` answer — arrives as a ServiceError (logic/errors.ts) the pages can show.
import type {
  CheckInEvent,
  CheckInResult,
  CheckInStatus,
  ClientFunctionName,
  DeletedData,
  ReminderSettings,
  ReminderSettingsEvent,
  SavedCredits,
  SaveFormIdEvent,
  TestReminderResult,
} from '../../src/contract';
import { copy } from '../logic/copy';
import { fromCallFailure, readAnswer, ServiceError } from '../logic/errors';
import { retryWait, worthRetrying } from '../logic/retry';
import { rememberCredits } from './storage';

type Event = CheckInEvent | SaveFormIdEvent | ReminderSettingsEvent;

async function callOnce<T>(name: ClientFunctionName, data: Event): Promise<T> {
  if (!wx.cloud) throw new ServiceError('server', 'NO_CLOUD', copy.errors.noCloud.title, copy.errors.noCloud.hint, 'wx.cloud is missing');
  let response: ICloud.CallFunctionResult;
  try {
    response = await wx.cloud.callFunction({ name, data });
  } catch (failure) {
    throw fromCallFailure(name, failure);
  }
  return readAnswer<T>(name, response.result);
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The call, tried again after an UNAVAILABLE answer when `repeatable` (reading, recording the day's
 * answer, setting a value, an upload under a requestId that the function deduplicates): a passing
 * database fault then costs the user a moment, not an error screen.
 */
async function call<T>(name: ClientFunctionName, data: Event, repeatable = true): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await callOnce<T>(name, data);
    } catch (error) {
      const waitMs = retryWait(retry);
      if (!repeatable || !(error instanceof ServiceError) || !worthRetrying(error) || waitMs === null) throw error;
      await wait(waitMs);
    }
  }
}

export const api = {
  async today(): Promise<CheckInStatus> {
    const answer = await call<CheckInStatus>('checkIn', { action: 'today' });
    rememberCredits(answer.credits);
    return answer;
  },

  answer: (questionId: string, choice: number) => call<CheckInResult>('checkIn', { action: 'answer', questionId, choice }),

  async saveCredits(event: SaveFormIdEvent): Promise<SavedCredits> {
    // Without a requestId a repeat could store a grant twice: the queue keeps it for a later flush instead.
    const answer = await call<SavedCredits>('saveFormId', event, typeof (event as { requestId?: unknown }).requestId === 'string');
    rememberCredits(answer.credits);
    return answer;
  },

  async reminderSettings(change?: { enabled?: boolean; hour?: number | null }): Promise<ReminderSettings> {
    const answer = await call<ReminderSettings>('reminderSettings', change ? { action: 'set', ...change } : { action: 'get' });
    rememberCredits(answer.credits);
    return answer;
  },

  /** One reminder to the user now, with one of their credits (发送测试提醒). */
  testReminder: () => call<TestReminderResult>('reminderSettings', { action: 'test' }, false), // spends a credit

  /** Deletes everything stored about the user (删除我的数据); a repeat deletes what is left. */
  deleteMyData: () => call<DeletedData>('reminderSettings', { action: 'deleteMyData' }),
};
