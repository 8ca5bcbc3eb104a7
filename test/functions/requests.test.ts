// The database requests each call makes (docs/data-model.md, "Requests per call"), counted by the
// emulator: the user-facing functions stay at a few requests whatever the user's history.
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, type FunctionName, type TestCloud } from './support/cloud';

let cloud: TestCloud;
const q = questionOfDay('2026-09-01', QUESTION_BANK);

beforeAll(async () => {
  cloud = await startCloud({ start: '2026-09-01T02:00:00.000Z', formChannel: true });
  // A user with history, so counts are those of a returning user, collections all existing.
  await cloud.call('saveFormId', { formIds: ['h-1', 'h-2'], subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' }, requestId: 'history' }, 'o-known');
  await cloud.call('reminderSettings', { action: 'set', hour: 9 }, 'o-known');
  await cloud.call('checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, 'o-other');
});
afterAll(() => cloud.close());

async function requests(name: FunctionName, event: unknown, openid: string): Promise<number> {
  const instrument = cloud.emulator.backend.instrument;
  instrument.resetCounts();
  expect(await cloud.call(name, event, openid)).toMatchObject({ ok: true });
  const counts = instrument.counts();
  return Object.entries(counts).filter(([action]) => action.startsWith('database.')).reduce((n, [, c]) => n + c, 0);
}

it.each<[string, FunctionName, unknown, string, number]>([
  ['checkIn today', 'checkIn', { action: 'today' }, 'o-known', 2],
  ['checkIn answer', 'checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, 'o-known', 4],
  ['checkIn answer again', 'checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, 'o-known', 4],
  ['checkIn answer by a new user', 'checkIn', { action: 'answer', questionId: q.id, choice: q.answer }, 'o-new-1', 5],
  ['saveFormId with new form ids and a grant', 'saveFormId', { formIds: ['n-1', 'n-2'], subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, 'o-known', 6],
  ['saveFormId with duplicates only', 'saveFormId', { formIds: ['n-1', 'n-2'] }, 'o-known', 5],
  ['saveFormId with a grant and a request id', 'saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' }, requestId: 'req-1' }, 'o-known', 7],
  ['saveFormId repeating that request id', 'saveFormId', { subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' }, requestId: 'req-1' }, 'o-known', 2],
  ['saveFormId with nothing valid', 'saveFormId', { formId: 'the formId is a mock one' }, 'o-known', 1],
  ['saveFormId by a new user', 'saveFormId', { formId: 'n-3' }, 'o-new-2', 7],
  ['reminderSettings get', 'reminderSettings', { action: 'get' }, 'o-known', 2],
  ['reminderSettings set', 'reminderSettings', { action: 'set', hour: 20 }, 'o-known', 3],
  ['reminderSettings set by a new user', 'reminderSettings', { action: 'set', enabled: false }, 'o-new-3', 4],
  ['reminderSettings deleteMyData', 'reminderSettings', { action: 'deleteMyData' }, 'o-known', 8],
  ['reminderSettings deleteMyData with nothing stored', 'reminderSettings', { action: 'deleteMyData' }, 'o-new-4', 4],
])('%s makes the documented number of database requests', async (_name, fn, event, openid, expected) => {
  expect(await requests(fn, event, openid)).toBe(expected);
});
