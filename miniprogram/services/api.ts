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
import { rememberCredits } from './storage';

async function call<T>(name: ClientFunctionName, data: CheckInEvent | SaveFormIdEvent | ReminderSettingsEvent): Promise<T> {
  if (!wx.cloud) throw new ServiceError('server', 'NO_CLOUD', copy.errors.noCloud.title, copy.errors.noCloud.hint, 'wx.cloud is missing');
  let response: ICloud.CallFunctionResult;
  try {
    response = await wx.cloud.callFunction({ name, data });
  } catch (failure) {
    throw fromCallFailure(name, failure);
  }
  return readAnswer<T>(name, response.result);
}

export const api = {
  today: () => call<CheckInStatus>('checkIn', { action: 'today' }),

  answer: (questionId: string, choice: number) => call<CheckInResult>('checkIn', { action: 'answer', questionId, choice }),

  async saveCredits(event: SaveFormIdEvent): Promise<SavedCredits> {
    const answer = await call<SavedCredits>('saveFormId', event);
    rememberCredits(answer.credits);
    return answer;
  },

  async reminderSettings(change?: { enabled?: boolean; hour?: number | null }): Promise<ReminderSettings> {
    const answer = await call<ReminderSettings>('reminderSettings', change ? { action: 'set', ...change } : { action: 'get' });
    rememberCredits(answer.credits);
    return answer;
  },

  /** One reminder to the user now, with one of their credits (发送测试提醒). */
  testReminder: () => call<TestReminderResult>('reminderSettings', { action: 'test' }),

  /** Deletes everything stored about the user (删除我的数据). */
  deleteMyData: () => call<DeletedData>('reminderSettings', { action: 'deleteMyData' }),
};
