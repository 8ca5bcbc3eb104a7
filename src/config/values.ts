// How each kind of configuration value is read: from app.config.json (JSON values) or from a
// console variable (text). A bad value is a ConfigError naming where it came from and why.
import { FIXED_OFFSET_ZONES } from '../domain/time';

/** Where a value came from: a path in app.config.json, or a console variable (环境变量). */
export interface Origin {
  key: string;
  source: 'file' | 'env';
}

export const CONFIG_FILE = 'app.config.json';

export class ConfigError extends Error {
  /** The app.config.json path (`window`, `subscribeTemplates[0].id`) or the console variable. */
  readonly field: string;

  constructor(
    origin: Origin,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${origin.key} ${JSON.stringify(value)} (${origin.source === 'env' ? 'console variable' : CONFIG_FILE}): ${reason}`);
    this.name = 'ConfigError';
    this.field = origin.key;
  }
}

export interface SendWindow {
  /** First hour (0-23, Shanghai) at which a send may start. */
  start: number;
  /** Last hour at which a send may start; `8-21` allows 08:00 through 21:59. */
  end: number;
}

/** A message template: its id in the account and the text of each of its fields. */
export interface MessageTemplate {
  id: string;
  /** WeChat field key (thing1, date3, keyword1, …) → text with {streak} and {date}. */
  data: Record<string, string>;
}

const TEMPLATE_ID_RE = /^[A-Za-z0-9_-]{1,128}$/;
const PAGE_RE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*(\?[^\s]*)?$/;
const SUBSCRIBE_KEY_RE = /^[a-z_]+[0-9]+$/;
const FORM_KEY_RE = /^keyword[0-9]+$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (origin: Origin, path: string): Origin => ({ ...origin, key: `${origin.key}${path}` });
const wholeText = (raw: unknown) => (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw);

/** A JSON value given as text by a console variable; as it is from the file. */
function json(raw: unknown, origin: Origin, expected: string): unknown {
  if (origin.source === 'file' || typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConfigError(origin, raw, `must be JSON: ${expected}`);
  }
}

export function templateId(raw: unknown, origin: Origin): string {
  if (raw === undefined || raw === null) return '';
  if (typeof raw !== 'string') throw new ConfigError(origin, raw, 'must be a string (empty turns the channel off)');
  const id = raw.trim();
  if (id !== '' && !TEMPLATE_ID_RE.test(id)) throw new ConfigError(origin, raw, 'a template id is 1-128 letters, digits, "_" or "-" (copy it from 公众平台 → 订阅消息)');
  return id;
}

export function wholeNumber(raw: unknown, origin: Origin, min: number, max: number): number {
  const n = wholeText(raw);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new ConfigError(origin, raw, `must be a whole number ${min}-${max}`);
  return n;
}

export function hour(raw: unknown, origin: Origin): number {
  const n = wholeText(raw);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 23) throw new ConfigError(origin, raw, 'must be a whole hour 0-23');
  return n;
}

export function sendWindow(raw: unknown, origin: Origin): SendWindow {
  const m = typeof raw === 'string' ? /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(raw) : null;
  if (!m) throw new ConfigError(origin, raw, 'must look like "8-21" (first and last hour a send may start)');
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > 23 || end > 23 || start > end) throw new ConfigError(origin, raw, 'hours must be 0-23 with start <= end');
  return { start, end };
}

export function timezone(raw: unknown, origin: Origin): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new ConfigError(origin, raw, 'must be an IANA time zone such as Asia/Shanghai');
  if (Object.hasOwn(FIXED_OFFSET_ZONES, raw.trim())) return raw.trim(); // known without touching Intl (src/domain/time.ts)
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: raw.trim() });
  } catch {
    throw new ConfigError(origin, raw, 'is not a time zone this runtime knows');
  }
  return raw.trim();
}

export function page(raw: unknown, origin: Origin): string {
  if (typeof raw !== 'string' || !PAGE_RE.test(raw.trim())) {
    throw new ConfigError(origin, raw, 'must be a mini-program page path such as pages/checkin/index (no leading "/")');
  }
  return raw.trim();
}

/** One of `allowed`, as written. */
export function oneOf<T extends string>(raw: unknown, origin: Origin, allowed: readonly T[]): T {
  if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw.trim())) throw new ConfigError(origin, raw, `must be one of ${allowed.join(', ')}`);
  return raw.trim() as T;
}

export function messageData(raw: unknown, origin: Origin, kind: 'subscribe' | 'form'): Record<string, string> {
  const [keyRe, example] = kind === 'subscribe' ? [SUBSCRIBE_KEY_RE, '{"thing1":"…","date2":"{date}"}'] : [FORM_KEY_RE, '{"keyword1":"…"}'];
  const value = json(raw, origin, `an object such as ${example}`);
  if (!isObject(value)) throw new ConfigError(origin, raw, `must be an object such as ${example}`);
  const entries = Object.entries(value);
  if (entries.length === 0) throw new ConfigError(origin, raw, 'must name at least one template field');
  const out: Record<string, string> = {};
  for (const [key, text] of entries) {
    const field = at(origin, `.${key}`);
    if (!keyRe.test(key)) throw new ConfigError(field, text, `"${key}" is not a WeChat template field key (e.g. ${example})`);
    if (typeof text !== 'string' || text.trim() === '') throw new ConfigError(field, text, 'must be non-empty text');
    out[key] = text;
  }
  return out;
}

/** `{ id, data }`; an empty id keeps the entry (its data is still checked) but sends nothing with it. */
export function messageTemplate(raw: unknown, origin: Origin, kind: 'subscribe' | 'form'): MessageTemplate {
  if (!isObject(raw)) throw new ConfigError(origin, raw, 'must be an object { "id": "<template id>", "data": { … } }');
  const unknown = Object.keys(raw).find((k) => k !== 'id' && k !== 'data');
  if (unknown) throw new ConfigError(at(origin, `.${unknown}`), raw[unknown], 'is not a template setting (id, data)');
  return { id: templateId(raw.id, at(origin, '.id')), data: messageData(raw.data, at(origin, '.data'), kind) };
}

/** The subscribe templates (at most `max`, distinct ids), empty ids included. */
export function subscribeTemplates(raw: unknown, origin: Origin, max: number): MessageTemplate[] {
  const value = json(raw, origin, 'a list of { "id", "data" }');
  if (!Array.isArray(value)) throw new ConfigError(origin, raw, 'must be a list of { "id": "<template id>", "data": { … } }');
  if (value.length > max) throw new ConfigError(origin, raw, `at most ${max} subscribe templates (wx.requestSubscribeMessage asks for ${max} at a time)`);
  const templates = value.map((t, i) => messageTemplate(t, at(origin, `[${i}]`), 'subscribe'));
  templates.forEach((t, i) => {
    if (t.id !== '' && templates.findIndex((o) => o.id === t.id) !== i) throw new ConfigError(at(origin, `[${i}].id`), t.id, 'is listed twice');
  });
  return templates;
}
