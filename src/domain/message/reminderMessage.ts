// The reminder's template data (DESIGN.md §2, last paragraphs): a template's configured text per
// field with {streak} and {date} filled in, checked against WeChat's rules before any credit is
// spent. How the data fits the account's real template is ./templateFit.ts.
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
  /** Template field key, or `*` for a rule about the whole message. */
  key: string;
  message: string;
}

const PLACEHOLDER_RE = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['streak', 'date']);
/** The longest streak validation assumes: 27 years of daily check-ins. */
export const WORST_CASE_STREAK = 9999;
/** Dates with the most and the fewest characters, so every date's length is covered. */
export const SAMPLE_FACTS: readonly MessageFacts[] = [
  { streak: WORST_CASE_STREAK, date: '2099-12-31' },
  { streak: 0, date: '2099-01-01' },
];

// Subscribe `date` fields want 2019年7月9日; the original form template's keyword4 wants 2019.7.9.
const DATE_FORMAT: Readonly<Record<CreditKind, (date: LocalDate) => string>> = { subscribe: formatChinese, form: formatDotted };

/** The `data` to send with a template of `kind` for one user: its configured text, filled in. */
export function renderMessage(template: Readonly<Record<string, string>>, kind: CreditKind, facts: MessageFacts): TemplateData {
  const date = DATE_FORMAT[kind](facts.date);
  const data: TemplateData = {};
  for (const [key, text] of Object.entries(template)) {
    data[key] = { value: text.replaceAll('{streak}', String(facts.streak)).replaceAll('{date}', date) };
  }
  return data;
}

/**
 * Everything wrong with a template's configured data, rendered with the worst cases (a 4-digit
 * streak, the longest and shortest dates) so no user's message can fail mid-run. Empty means
 * safe to send. The message must carry the streak and the date somewhere.
 */
export function checkMessage(template: Readonly<Record<string, string>>, kind: CreditKind): MessageProblem[] {
  const problems: MessageProblem[] = [];
  const texts = Object.values(template);
  for (const name of ['streak', 'date']) {
    if (!texts.some((text) => text.includes(`{${name}}`))) {
      problems.push({ key: '*', message: `no field shows {${name}}; the reminder must say it` });
    }
  }
  for (const [key, text] of Object.entries(template)) {
    const unknown = [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!).filter((name) => !KNOWN_PLACEHOLDERS.has(name));
    if (unknown.length > 0) {
      problems.push({ key, message: `unknown placeholder {${unknown[0]}}: only {streak} and {date} are filled in` });
      continue;
    }
    for (const facts of SAMPLE_FACTS) {
      const { value } = renderMessage({ [key]: text }, kind, facts)[key]!;
      // Template messages (form channel) had no published per-type rules: only emptiness is checked.
      const problem = kind === 'subscribe' ? subscribeValueProblem(key, value) : value.trim() === '' ? 'must not be empty' : null;
      if (problem) {
        problems.push({ key, message: `"${value}" breaks the rule: ${problem}` });
        break;
      }
    }
  }
  return problems;
}

/** Problems as one line: `thing2: "…" breaks the rule: …; *: no field shows {date}…`. */
export function problemText(problems: readonly MessageProblem[]): string {
  return problems.map((p) => `${p.key}: ${p.message}`).join('; ');
}
