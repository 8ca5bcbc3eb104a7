// Random events against the three bundled functions: they never throw, never answer outside the
// contract's shapes, and never write when they refuse the input.
import fc from 'fast-check';
import { QUESTION_BANK } from '../../src/domain/questions/bank';
import { questionOfDay } from '../../src/domain/questions/questionOfDay';
import { SUBSCRIBE_TEMPLATE, startCloud, type FunctionName, type TestCloud } from './support/cloud';
import { answerProblems, failureProblems, saveFormIdProblems, settingsProblems, todayProblems } from './support/shapes';

const DATE = '2026-08-01';
let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startCloud({ start: `${DATE}T03:00:00.000Z` });
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
);
const saveEvent = fc.record(
  {
    formId: orJunk(formIdText),
    formIds: orJunk(fc.array(orJunk(formIdText), { maxLength: 24 })),
    subscriptions: orJunk(fc.dictionary(
      fc.oneof(fc.constant(SUBSCRIBE_TEMPLATE), fc.constant('errMsg'), fc.string({ maxLength: 8 })),
      orJunk(fc.constantFrom('accept', 'acceptWithAudio', 'reject', 'ban', 'filter')),
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
const call = fc.record({
  name: fc.constantFrom<FunctionName>('saveFormId', 'checkIn', 'reminderSettings'),
  openid: fc.constantFrom(null, 'o-prop-1', 'o-prop-2', 'o-prop-3'),
  pick: fc.integer({ min: 0, max: 4 }),
  save: saveEvent,
  checkIn: checkInEvent,
  settings: settingsEvent,
  any: anyEvent,
}).map(({ name, openid, pick, any, ...events }) => ({ name, openid, event: pick === 0 ? any : events[name === 'saveFormId' ? 'save' : name === 'checkIn' ? 'checkIn' : 'settings'] }));

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

it('answers random events within the contract, and writes nothing when it refuses them or only reads', async () => {
  let refused = 0;
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(call, async ({ name, openid, event }) => {
      const before = cloud.fingerprint();
      const run = await cloud.emulator.invoke(name, event, openid === null ? {} : { openid });
      expect(run.error).toBeUndefined();
      expect(run.ok).toBe(true);
      expect(problems(name, event, run.result)).toEqual([]);
      const answer = run.result as { ok: boolean; code?: string };
      if (answer.ok) accepted++;
      else {
        refused++;
        expect(['INVALID_ARGUMENT', 'UNAUTHENTICATED']).toContain(answer.code);
        if (openid === null) expect(answer.code).toBe('UNAUTHENTICATED');
      }
      if (!answer.ok || isRead(name, event)) expect(cloud.fingerprint()).toBe(before);
      expect(cloud.find('users', { _id: 'o-victim' })).toEqual([]);
    }),
    { numRuns: 300 },
  );
  // Both sides of the contract were exercised, not only refusals.
  expect(refused).toBeGreaterThan(30);
  expect(accepted).toBeGreaterThan(30);
});
