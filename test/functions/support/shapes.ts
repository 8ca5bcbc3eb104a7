// The answer shapes of DESIGN.md §2, checked exactly: no missing field, no extra field, right types.
// Each checker returns a list of problems (empty = the answer fits the contract).

type Json = Record<string, unknown>;
const CODES = ['UNAUTHENTICATED', 'PERMISSION_DENIED', 'INVALID_ARGUMENT', 'RESOURCE_EXHAUSTED', 'UNAVAILABLE', 'INTERNAL'];
const REASONS = ['empty', 'too-long', 'placeholder', 'junk', 'malformed', 'expired', 'duplicate', 'quota', 'template', 'channel-off'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isHour = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 23;

function fields(answer: unknown, spec: Record<string, (v: unknown) => boolean>): string[] {
  if (!isObject(answer)) return [`not an object: ${JSON.stringify(answer)}`];
  const problems: string[] = [];
  const keys = Object.keys(answer).sort();
  const expected = Object.keys(spec).sort();
  if (keys.join() !== expected.join()) problems.push(`keys ${keys.join()} instead of ${expected.join()}`);
  for (const [key, ok] of Object.entries(spec)) if (!ok(answer[key])) problems.push(`${key} = ${JSON.stringify(answer[key])}`);
  return problems;
}

const credits = (v: unknown) => fields(v, { form: isCount, subscribe: isCount }).length === 0;

export const failureProblems = (a: unknown) => fields(a, { ok: (v) => v === false, code: (v) => CODES.includes(v as string), message: (v) => typeof v === 'string' && v !== '' });

export const saveFormIdProblems = (a: unknown) =>
  fields(a, {
    ok: (v) => v === true,
    saved: isCount,
    rejected: (v) => Array.isArray(v) && v.every((r) => fields(r, { value: (x) => typeof x === 'string', reason: (x) => REASONS.includes(x as string) }).length === 0),
    credits,
  });

const recordedAnswer = { choice: isCount, correct: (v: unknown) => typeof v === 'boolean', correctChoice: isCount };

export const todayProblems = (a: unknown) =>
  fields(a, {
    ok: (v) => v === true,
    date: isDate,
    checkedIn: (v) => typeof v === 'boolean',
    streak: isCount,
    question: (v) =>
      fields(v, { id: (x) => typeof x === 'string', text: (x) => typeof x === 'string', options: (x) => Array.isArray(x) && x.length >= 2 && x.every((o) => typeof o === 'string') }).length === 0,
    answer: (v) => v === null || fields(v, recordedAnswer).length === 0,
    remindersEnabled: (v) => typeof v === 'boolean',
    credits,
  });

export const answerProblems = (a: unknown) =>
  fields(a, { ok: (v) => v === true, date: isDate, ...recordedAnswer, streak: (v) => isCount(v) && (v as number) >= 1, alreadyCheckedIn: (v) => typeof v === 'boolean' });

export const settingsProblems = (a: unknown) =>
  fields(a, {
    ok: (v) => v === true,
    enabled: (v) => typeof v === 'boolean',
    hour: (v) => v === null || isHour(v),
    effectiveHour: isHour,
    hourSource: (v) => v === 'chosen' || v === 'learned' || v === 'default',
    habit: (v) => v === null || fields(v, { hour: isHour, checkIns: (x) => isCount(x) && (x as number) >= 3 }).length === 0,
    automaticHour: isHour,
    credits,
    lastRemindedDate: (v) => v === null || isDate(v),
  });
