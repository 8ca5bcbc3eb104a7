// Random events against the three bundled functions, from any SOURCE, some under injected database
// faults: they never throw, never answer outside the contract's shapes, never write when they refuse
// the input, answer a fault UNAVAILABLE (and the same call then succeeds), act only for the
// context's user (I5), and never leave a user rested while holding a live credit (I7).
import fc from 'fast-check';
import type { FaultRule } from 'wx-cloud-emulator/backend';
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, type FunctionName, type TestCloud } from './support/cloud';
import { answerProblems, failureProblems, saveFormIdProblems, settingsProblems, todayProblems } from './support/shapes';

const DATE = '2026-08-01';
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startCloud({ start: `${DATE}T03:00:00.000Z`, formChannel: true });
});
afterAll(() => cloud.close());

// Values that are sometimes right and often wrong for any field.
const junk = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const orJunk = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: junk });
const spoofed = { openid: orJunk(fc.constant('o-victim')), _openid: orJunk(fc.constant('o-victim')), userId: junk };

const formIdText = fc.oneof(
  fc.string({ minLength: 0, maxLength: 40 }),
  fc.constantFrom('the formId is a mock one', 'the formId is no longer available in develop or trial version of this mini program', 'x'.repeat(129)),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
  fc.constantFrom('undefined', 'null', '[object Object]', 'bad\u0000id', 'half\ud800'),
);
const tapped = fc.record({ value: formIdText, at: orJunk(fc.integer({ min: Date.parse(`${DATE}T03:00:00.000Z`) - 9 * 86_400_000, max: Date.parse(`${DATE}T03:00:00.000Z`) + 86_400_000 })) });
const saveEvent = fc.record(
  {
    formId: orJunk(formIdText),
    formIds: orJunk(fc.array(orJunk(fc.oneof(formIdText, tapped)), { maxLength: 24 })),
    requestId: orJunk(fc.constantFrom('req-1', 'req-2', '', 'x'.repeat(65))),
    subscriptions: orJunk(fc.dictionary(
      fc.oneof(fc.constant(SUBSCRIBE_TEMPLATE), fc.constant('errMsg'), fc.string({ maxLength: 8 })),
      orJunk(fc.constantFrom('accept', 'acceptWithAudio', 'acceptWithAlert', 'acceptWithForcePush', 'reject', 'ban', 'filter')),
      { maxKeys: 4 },
    )),
    ...spoofed,
  },
  { requiredKeys: [] },
);

const question = questionOfDay(DATE, QUESTION_BANK);
const checkInEvent = fc.record(
  {
    action: orJunk(fc.constantFrom('today', 'answer')),
    questionId: orJunk(fc.constantFrom(question.id, questionOfDay('2026-07-31', QUESTION_BANK).id, 'nope')),
    choice: orJunk(fc.integer({ min: -1, max: 5 })),
    ...spoofed,
  },
  { requiredKeys: [] },
);

const settingsEvent = fc.record(
  { action: orJunk(fc.constantFrom('get', 'set')), enabled: orJunk(fc.boolean()), hour: orJunk(fc.oneof(fc.integer({ min: -1, max: 24 }), fc.constant(null))), ...spoofed },
  { requiredKeys: [] },
);

const anyEvent = fc.oneof({ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.constant(undefined) });
// A database request failing, or its answer lost, somewhere in the call.
const fault: fc.Arbitrary<FaultRule | null> = fc.option(
  fc.record({
    action: fc.constantFrom('database.getDocument', 'database.insertDocument', 'database.modifyDocument', 'database.removeDocument'),
    nth: fc.integer({ min: 1, max: 3 }),
    kind: fc.constantFrom('error' as const, 'drop' as const, 'http500' as const),
    when: fc.constantFrom('before' as const, 'after' as const),
  }),
  { nil: null, freq: 3 },
);
const call = fc.record({
  name: fc.constantFrom<FunctionName>('saveFormId', 'checkIn', 'reminderSettings'),
  openid: fc.constantFrom(null, 'o-prop-1', 'o-prop-2', 'o-prop-3'),
  // Identity is the context's OPENID whatever the SOURCE says.
  source: fc.constantFrom('wx_client', 'wx_client,scf', 'wx_devtools', 'wx_http', 'wx_trigger', 'wx_crawler', null),
  pick: fc.integer({ min: 0, max: 4 }),
  save: saveEvent,
  checkIn: checkInEvent,
  settings: settingsEvent,
  any: anyEvent,
  fault,
}).map(({ name, openid, source, pick, any, fault, ...events }) => ({ name, openid, source, fault, event: pick === 0 ? any : events[name === 'saveFormId' ? 'save' : name === 'checkIn' ? 'checkIn' : 'settings'] }));

function problems(name: FunctionName, event: unknown, answer: unknown): string[] {
  if ((answer as { ok?: unknown } | null)?.ok === false) return failureProblems(answer);
  if (name === 'saveFormId') return saveFormIdProblems(answer);
  if (name === 'reminderSettings') return settingsProblems(answer);
  return (event as { action?: unknown } | null)?.action === 'answer' ? answerProblems(answer) : todayProblems(answer);
}

const isRead = (name: FunctionName, event: unknown) => {
  const action = (event as { action?: unknown } | null | undefined)?.action;
  return (name === 'checkIn' && action !== 'answer') || (name === 'reminderSettings' && action !== 'set');
};

/** I7: a user who is on and holds a live credit may be due (nextRemindDate is not "never"). */
function restedWithCredits(): string[] {
  const now = cloud.now().getTime();
  return cloud
    .find('users', { enabled: { $ne: false }, nextRemindDate: '9999-12-31' })
    .filter((u) => cloud.find('credits', { openid: u._id, status: 'unused' }).some((c) => (c.expireAt as Date).getTime() > now))
    .map((u) => `I7: ${u._id} is rested while holding a live credit`);
}

it('answers random events within the contract, under faults and from any source, and writes nothing when it refuses them or only reads', async () => {
  let refused = 0;
  let accepted = 0;
  let unavailable = 0;
  await fc.assert(
    fc.asyncProperty(call, async ({ name, openid, source, fault, event }) => {
      const before = cloud.fingerprint();
      const invoke = () => cloud.emulator.invoke(name, event, { source, ...(openid === null ? {} : { openid }) });
      if (fault) cloud.emulator.backend.instrument.injectFault(fault);
      let run = await invoke();
      cloud.emulator.backend.instrument.clearFaults();
      expect(run.error).toBeUndefined();
      expect(run.ok).toBe(true);
      expect(problems(name, event, run.result)).toEqual([]);
      let answer = run.result as { ok: boolean; code?: string };
      if (answer.code === 'UNAVAILABLE') {
        // Only a fault makes it; the same call again (the app's retry) answers as it would have.
        unavailable++;
        expect(fault).not.toBeNull();
        run = await invoke();
        expect(problems(name, event, run.result)).toEqual([]);
        answer = run.result as { ok: boolean; code?: string };
      }
      if (answer.ok) accepted++;
      else {
        refused++;
        expect(['INVALID_ARGUMENT', 'UNAUTHENTICATED']).toContain(answer.code);
        if (openid === null) expect(answer.code).toBe('UNAUTHENTICATED');
      }
      if (!answer.ok || isRead(name, event)) expect(cloud.fingerprint()).toBe(before);
      expect(cloud.find('users', { _id: 'o-victim' })).toEqual([]);
      expect(restedWithCredits()).toEqual([]);
    }),
    { numRuns: 300 },
  );
  // Both sides of the contract were exercised, not only refusals, and faults were met.
  expect(refused).toBeGreaterThan(30);
  expect(accepted).toBeGreaterThan(30);
  expect(unavailable).toBeGreaterThan(5);
});
