// WeChat's value rules for subscribe-message template fields (PLATFORM.md §2, from the
// subscribeMessage.send doc "订阅消息参数值内容限制说明"). The field type is the key without its
// number: `thing1` → thing, `character_string2` → character_string. Lengths count characters
// (code points), as WeChat does. A value breaking its rule makes the send fail with 47003.

const HAN = '\\p{Script=Han}';
const DATE_POINT = '(?:\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{4}/\\d{1,2}/\\d{1,2})';
const TIME_POINT = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?';
const range = (point: string) => new RegExp(`^${point}(?:\\s*~\\s*${point})?$`, 'u');

interface Rule {
  /** Human description, used in error messages. */
  rule: string;
  test(value: string): boolean;
}

const length = (value: string) => [...value].length;
const digits = (value: string) => value.replace(/\D/g, '').length;

const RULES: Readonly<Record<string, Rule>> = {
  thing: { rule: 'at most 20 characters', test: (v) => length(v) <= 20 },
  number: { rule: 'only digits (decimals allowed), at most 32', test: (v) => /^\d+(\.\d+)?$/.test(v) && digits(v) <= 32 },
  letter: { rule: 'only letters, at most 32', test: (v) => /^[A-Za-z]{1,32}$/.test(v) },
  symbol: { rule: 'only symbols, at most 5', test: (v) => /^[^\p{L}\p{N}\s]{1,5}$/u.test(v) },
  character_string: { rule: 'digits, letters or symbols, at most 32', test: (v) => /^[\x21-\x7e]{1,32}$/.test(v) },
  time: {
    rule: '24-hour time, optionally after a date, e.g. 15:01 or 2019年10月1日 15:01; a range joined by ~',
    test: (v) => range(`(?:${DATE_POINT}\\s?)?${TIME_POINT}`).test(v),
  },
  date: {
    rule: 'a date, optionally with a 24-hour time, e.g. 2019年10月1日 or 2019年10月1日 15:01; a range joined by ~',
    test: (v) => range(`${DATE_POINT}(?:\\s?${TIME_POINT})?`).test(v),
  },
  amount: { rule: 'a currency sign and at most 10 digits (decimals allowed), optionally ending in 元', test: (v) => /^[¥￥$€£]?\d+(\.\d+)?元?$/u.test(v) && digits(v) <= 10 },
  phone_number: { rule: 'digits and symbols, at most 17', test: (v) => /^[\d\p{P}\p{S}]{1,17}$/u.test(v) && /\d/.test(v) },
  car_number: {
    rule: 'at most 8: letters or digits, the first and last may be Chinese',
    test: (v) => new RegExp(`^[${HAN}A-Za-z0-9](?:[A-Za-z0-9]{0,6}[${HAN}A-Za-z0-9])?$`, 'u').test(v),
  },
  name: {
    rule: 'at most 10 Chinese characters, or at most 20 letters/symbols',
    // Mixed Chinese and letters counts as a Chinese name.
    test: (v) => /^[A-Za-z\p{P}\p{S} ]{1,20}$/u.test(v) || new RegExp(`^(?=.*${HAN})[${HAN}A-Za-z·]{1,10}$`, 'u').test(v),
  },
  phrase: { rule: 'at most 5 Chinese characters', test: (v) => new RegExp(`^${HAN}{1,5}$`, 'u').test(v) },
  // The allowed values come from the template's own list, which only WeChat knows.
  enum: { rule: 'one of the template\'s listed values', test: () => true },
};

export function fieldType(key: string): string {
  return key.replace(/\d+$/, '');
}

/** The rule `value` breaks for field `key`, or null when WeChat should accept it. */
export function subscribeValueProblem(key: string, value: string): string | null {
  if (value.trim() === '') return 'must not be empty';
  const rule = RULES[fieldType(key)];
  if (!rule) return `"${fieldType(key)}" is not a known field type (${Object.keys(RULES).join(', ')})`;
  return rule.test(value) ? null : `a ${fieldType(key)} field takes ${rule.rule}`;
}
