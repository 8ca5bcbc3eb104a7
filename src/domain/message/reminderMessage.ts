// The reminder's template data (DESIGN.md §2, last paragraphs): configured text per template
// field with {streak} and {date} filled in, checked against WeChat's rules before any credit
// is spent.
import type { Config } from '../../config';
import type { CreditKind } from '../credits';
import { formatChinese, formatDotted, type LocalDate } from '../time';
import { subscribeValueProblem } from './fieldRules';

/** WeChat's `data` parameter: `{ thing1: { value: '…' } }`. */
export type TemplateData = Record<string, { value: string }>;

export interface MessageFacts {
  /** Days in a row the user has answered (streakOn today). */
  streak: number;
  date: LocalDate;
}

export interface MessageProblem {
  channel: CreditKind;
  /** Template field key, or `*` for a rule about the whole message. */
  key: string;
  message: string;
}

const PLACEHOLDER_RE = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['streak', 'date']);
/** The longest streak validation assumes: 27 years of daily check-ins. */
export const WORST_CASE_STREAK = 9999;
// Dates with the most and the fewest characters, so every date's length is covered.
const SAMPLE_FACTS: readonly MessageFacts[] = [
  { streak: WORST_CASE_STREAK, date: '2099-12-31' },
  { streak: 0, date: '2099-01-01' },
];

// Subscribe `date` fields want 2019年7月9日; the original form template's keyword4 wants 2019.7.9.
const DATE_FORMAT: Readonly<Record<CreditKind, (date: LocalDate) => string>> = { subscribe: formatChinese, form: formatDotted };

type MessageConfig = Pick<Config, 'subscribeData' | 'formData'>;

const templateOf = (config: MessageConfig, channel: CreditKind) => (channel === 'subscribe' ? config.subscribeData : config.formData);

/** The `data` to send on `channel` for one user. */
export function reminderData(config: MessageConfig, channel: CreditKind, facts: MessageFacts): TemplateData {
  return renderTemplate(templateOf(config, channel), channel, facts);
}

function renderTemplate(template: Record<string, string>, channel: CreditKind, facts: MessageFacts): TemplateData {
  const date = DATE_FORMAT[channel](facts.date);
  const data: TemplateData = {};
  for (const [key, text] of Object.entries(template)) {
    data[key] = { value: text.replaceAll('{streak}', String(facts.streak)).replaceAll('{date}', date) };
  }
  return data;
}

/**
 * Everything wrong with a channel's configured template, rendered with the worst cases
 * (a 4-digit streak, the longest and shortest dates) so no user's message can fail mid-run.
 * Empty means safe to send. The message must carry the streak and the date somewhere.
 */
export function checkReminderConfig(config: MessageConfig, channel: CreditKind): MessageProblem[] {
  const template = templateOf(config, channel);
  const problems: MessageProblem[] = [];
  const texts = Object.values(template);
  for (const name of ['streak', 'date']) {
    if (!texts.some((text) => text.includes(`{${name}}`))) {
      problems.push({ channel, key: '*', message: `no field shows {${name}}; the reminder must say it` });
    }
  }
  for (const [key, text] of Object.entries(template)) {
    const unknown = [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!).filter((name) => !KNOWN_PLACEHOLDERS.has(name));
    if (unknown.length > 0) {
      problems.push({ channel, key, message: `unknown placeholder {${unknown[0]}}: only {streak} and {date} are filled in` });
      continue;
    }
    for (const facts of SAMPLE_FACTS) {
      const { value } = renderTemplate({ [key]: text }, channel, facts)[key]!;
      // Template messages (form channel) had no published per-type rules: only emptiness is checked.
      const problem = channel === 'subscribe' ? subscribeValueProblem(key, value) : value.trim() === '' ? 'must not be empty' : null;
      if (problem) {
        problems.push({ channel, key, message: `"${value}" breaks the rule: ${problem}` });
        break;
      }
    }
  }
  return problems;
}
