// WeChat's value rules for subscribe-message data ("订阅消息参数值内容限制说明" in the
// subscribeMessage.send doc, summarised in PLATFORM.md §2). A key is a field type plus a number
// (`thing1`, `date3`); the type decides what the value may hold.

const DATE = String.raw`\d{4}(?:年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})`;
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const ranged = (one: string) => new RegExp(`^${one}(?:\\s*~\\s*${one})?$`, 'u');

const chars = (s: string) => [...s].length;

/** Each rule answers null when the value is fine, or why it is not. */
const RULES: Record<string, (v: string) => string | null> = {
  thing: (v) => (chars(v) <= 20 ? null : 'at most 20 characters'),
  number: (v) => (/^\d+(?:\.\d+)?$/.test(v) && v.replace('.', '').length <= 32 ? null : 'at most 32 digits, decimals allowed'),
  letter: (v) => (/^[A-Za-z]{1,32}$/.test(v) ? null : 'at most 32 letters'),
  symbol: (v) => (/^[^\p{L}\p{N}\s]{1,5}$/u.test(v) ? null : 'at most 5 symbols'),
  character_string: (v) => (/^[A-Za-z0-9\p{P}\p{S}]{1,32}$/u.test(v) ? null : 'at most 32 digits, letters or symbols'),
  time: (v) => (ranged(`(?:${DATE}\\s*)?${TIME}`).test(v) ? null : 'a 24-hour time, optionally after a date, e.g. 15:01 or 2019年10月1日 15:01'),
  date: (v) => (ranged(`${DATE}(?:\\s*${TIME})?`).test(v) ? null : 'a date, e.g. 2019年10月1日, optionally with a time'),
  amount: (v) => (/^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/u.test(v) ? null : 'a currency sign and at most 10 digits'),
  phone_number: (v) => (/^[\d+\-() ]{1,17}$/.test(v) ? null : 'at most 17 digits and phone symbols'),
  car_number: (v) => (chars(v) <= 8 && /^[\p{Script=Han}A-Za-z0-9]+$/u.test(v) ? null : 'a licence plate of at most 8 characters'),
  name: (v) => (/^[\p{Script=Han}·]{1,10}$/u.test(v) || /^[A-Za-z ]{1,20}$/.test(v) ? null : 'at most 10 Chinese characters or 20 letters'),
  phrase: (v) => (/^\p{Script=Han}{1,5}$/u.test(v) ? null : 'at most 5 Chinese characters'),
};

export function fieldType(key: string): string | undefined {
  return /^([a-z_]+?)\d+$/.exec(key)?.[1];
}

/**
 * Checks subscribe-message `data` against the template's fields. Returns WeChat's 47003 errmsg
 * (naming the field, like `argument invalid! data.thing1.value is empty`) or null when it fits:
 * every field of the template filled, no other key. An `enum` field takes one of the template's
 * listed values (`enums`); other types without a listed rule only need a non-empty value.
 */
export function checkSubscribeData(data: unknown, fields: string[], enums: Record<string, string[]> = {}): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'argument invalid! data is empty';
  const entries = data as Record<string, unknown>;
  for (const key of Object.keys(entries)) {
    if (!fields.includes(key)) return `argument invalid! data.${key} is not a field of the template`;
  }
  for (const key of fields) {
    const raw = (entries[key] as { value?: unknown } | undefined)?.value;
    const value = typeof raw === 'number' ? String(raw) : raw;
    if (value === undefined || value === null || value === '') return `argument invalid! data.${key}.value is empty`;
    if (typeof value !== 'string') return `argument invalid! data.${key}.value must be a string`;
    const listed = enums[key];
    if (listed && !listed.includes(value)) return `argument invalid! data.${key}.value invalid: must be one of ${listed.join(', ')}`;
    const why = RULES[fieldType(key) ?? '']?.(value);
    if (why) return `argument invalid! data.${key}.value invalid: ${why}`;
  }
  return null;
}
