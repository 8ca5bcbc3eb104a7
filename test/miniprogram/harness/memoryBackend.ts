// An in-test double of the cloud *behind the network*: it answers the DESIGN.md §2 contract for one
// user from memory. It stands in for the emulator until that lands (see index.ts); the mini-program
// code under test (services, SDK calls, error mapping) runs unchanged against it.
import type { CloudBackend, StoredCheckIn } from './backend';

const DAY_MS = 24 * 60 * 60 * 1000;
const SHANGHAI_MS = 8 * 60 * 60 * 1000;
const FORM_LIFETIME_MS = 7 * DAY_MS;
const MAX_CREDITS = 100;
const WINDOW = { start: 8, end: 21 };
const DEFAULT_HOUR = 10;

export const QUESTION_BANK = [
  { id: 'q-tang-poet', text: '“床前明月光”的作者是谁？', options: ['杜甫', '李白', '白居易', '王维'], answer: 1 },
  { id: 'q-great-wall', text: '长城的东端起点是哪里？', options: ['嘉峪关', '山海关', '居庸关'], answer: 1 },
  { id: 'q-boiling', text: '标准大气压下水的沸点是多少摄氏度？', options: ['90', '100', '110'], answer: 1 },
  { id: 'q-planet', text: '太阳系中最大的行星是？', options: ['地球', '土星', '木星', '火星'], answer: 2 },
];

type Answer = Record<string, unknown>;
const fail = (code: string, message: string): Answer => ({ ok: false, code, message });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const dateOf = (ms: number) => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const previousDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

interface FormCredit {
  value: string;
  expireAt: number;
}

export function memoryBackend(options: { openid: string; subscribeTemplateId: string; start: Date }): CloudBackend {
  let now = options.start.getTime();
  let databaseDown = false;
  const checkIns = new Map<string, StoredCheckIn>();
  const forms: FormCredit[] = [];
  let subscribeCredits = 0;
  const settings = { enabled: true, hour: null as number | null, lastRemindedDate: null as string | null };

  const today = () => dateOf(now);
  const questionOf = (date: string) => QUESTION_BANK[dayNumber(date) % QUESTION_BANK.length]!;
  const liveForms = () => forms.filter((f) => f.expireAt > now);
  const credits = () => ({ form: liveForms().length, subscribe: subscribeCredits });

  function streak(): number {
    let date = checkIns.has(today()) ? today() : previousDate(today());
    let n = 0;
    while (checkIns.has(date)) {
      n++;
      date = previousDate(date);
    }
    return n;
  }

  function checkIn(event: Record<string, unknown>): Answer {
    const action = event.action ?? 'today';
    const date = today();
    const question = questionOf(date);
    if (action === 'today') {
      return { ok: true, date, checkedIn: checkIns.has(date), streak: streak(), question: { id: question.id, text: question.text, options: question.options } };
    }
    if (action !== 'answer') return fail('INVALID_ARGUMENT', 'action: must be today or answer');
    const { questionId, choice } = event;
    if (typeof questionId !== 'string' || questionId !== question.id) return fail('INVALID_ARGUMENT', "questionId: not today's question");
    if (typeof choice !== 'number' || !Number.isInteger(choice) || choice < 0 || choice >= question.options.length) return fail('INVALID_ARGUMENT', 'choice: not an option');
    const already = checkIns.get(date);
    if (already) return { ok: true, date, correct: already.correct, streak: streak(), alreadyCheckedIn: true };
    checkIns.set(date, { date, correct: choice === question.answer });
    return { ok: true, date, correct: choice === question.answer, streak: streak(), alreadyCheckedIn: false };
  }

  function saveFormId(event: Record<string, unknown>): Answer {
    const raw = event.formIds ?? (event.formId === undefined ? [] : [event.formId]);
    if (!Array.isArray(raw)) return fail('INVALID_ARGUMENT', 'formIds: must be an array');
    if (raw.length > 20) return fail('INVALID_ARGUMENT', 'formIds: at most 20 per call');
    if (event.subscriptions !== undefined && !isObject(event.subscriptions)) return fail('INVALID_ARGUMENT', 'subscriptions: must be an object');
    const rejected: { value: string; reason: string }[] = [];
    let saved = 0;
    const room = () => MAX_CREDITS - liveForms().length - subscribeCredits;
    for (const value of raw) {
      const text = typeof value === 'string' ? value : String(value);
      if (typeof value !== 'string' || value.trim() === '' || value.length > 128) rejected.push({ value: text, reason: 'invalid' });
      else if (/mock|no longer available/i.test(value)) rejected.push({ value, reason: 'placeholder' });
      else if (forms.some((f) => f.value === value)) rejected.push({ value, reason: 'duplicate' });
      else if (room() <= 0) rejected.push({ value, reason: 'quota' });
      else {
        forms.push({ value, expireAt: now + FORM_LIFETIME_MS });
        saved++;
      }
    }
    for (const [templateId, answer] of Object.entries(event.subscriptions ?? {})) {
      if (templateId !== options.subscribeTemplateId || (answer !== 'accept' && answer !== 'acceptWithAudio')) continue;
      if (room() <= 0) rejected.push({ value: templateId, reason: 'quota' });
      else {
        subscribeCredits++;
        saved++;
      }
    }
    return { ok: true, saved, rejected, credits: credits() };
  }

  function settingsAnswer(): Answer {
    return { ok: true, enabled: settings.enabled, hour: settings.hour, effectiveHour: settings.hour ?? DEFAULT_HOUR, credits: credits(), lastRemindedDate: settings.lastRemindedDate };
  }

  function reminderSettings(event: Record<string, unknown>): Answer {
    const action = event.action ?? 'get';
    if (action === 'get') return settingsAnswer();
    if (action !== 'set') return fail('INVALID_ARGUMENT', 'action: must be get or set');
    const { enabled, hour } = event;
    if (enabled !== undefined && typeof enabled !== 'boolean') return fail('INVALID_ARGUMENT', 'enabled: must be a boolean');
    if (hour !== undefined && hour !== null && !(typeof hour === 'number' && Number.isInteger(hour) && hour >= WINDOW.start && hour <= WINDOW.end)) {
      return fail('INVALID_ARGUMENT', `hour: must be null or a whole hour ${WINDOW.start}-${WINDOW.end}`);
    }
    if (enabled !== undefined) settings.enabled = enabled;
    if (hour !== undefined) settings.hour = hour;
    return settingsAnswer();
  }

  const functions: Record<string, (event: Record<string, unknown>) => Answer> = { checkIn, saveFormId, reminderSettings };

  return {
    openid: options.openid,
    subscribeTemplateId: options.subscribeTemplateId,
    async call(name, data) {
      const fn = functions[name];
      if (!fn) throw Object.assign(new Error(`function not found: ${name}`), { errCode: -501000 });
      if (!isObject(data)) return fail('INVALID_ARGUMENT', 'event: must be an object');
      if (databaseDown) return fail('INTERNAL', 'internal error');
      return fn(data);
    },
    async checkIns() {
      return [...checkIns.values()].sort((a, b) => a.date.localeCompare(b.date));
    },
    async storedFormIds() {
      return liveForms().map((f) => f.value);
    },
    async credits() {
      return credits();
    },
    async correctChoice(questionId) {
      const question = QUESTION_BANK.find((q) => q.id === questionId);
      if (!question) throw new Error(`no question ${questionId}`);
      return question.answer;
    },
    // It sends nothing, so it need not know what WeChat issued.
    async formIdIssued() {},
    async subscribeAnswered() {},
    async setNow(at) {
      if (at.getTime() < now) throw new Error('the clock only moves forward');
      now = at.getTime();
    },
    async fireReminders() {
      const date = today();
      const hour = new Date(now + SHANGHAI_MS).getUTCHours();
      const due = settings.enabled && !checkIns.has(date) && settings.lastRemindedDate !== date && hour >= (settings.hour ?? DEFAULT_HOUR) && hour <= WINDOW.end;
      // The form channel is off by default (REMINDER_FORM_TEMPLATE_ID empty): subscribe credits deliver.
      if (due && subscribeCredits > 0) {
        subscribeCredits--;
        settings.lastRemindedDate = date;
      }
    },
    async failDatabase(on) {
      databaseDown = on;
    },
    async close() {},
  };
}
