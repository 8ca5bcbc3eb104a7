// What the pages show, computed from the functions' answers. Pure, so the states and their edge
// cases (empty question bank, streak 0, no credit, reminders off) are tested without rendering;
// the sentences themselves are logic/copy.ts.
import type { AnswerRecord, CreditCounts, PublicQuestion, ReminderSettings } from '../../src/contract';
import { copy } from './copy';
import { chineseDate } from './dates';
import { TOP_UP_STOCK, type AskPlan } from './subscribePolicy';

export type OptionMark = '' | 'chosen' | 'correct' | 'wrong';

export interface OptionView {
  index: number;
  label: string;
  text: string;
  mark: OptionMark;
  /** The mark in words, shown on the option: state is never told by colour alone. */
  tag: string;
  /** What a screen reader says for the option. */
  ariaLabel: string;
}

export interface QuestionView {
  id: string;
  text: string;
  options: OptionView[];
}

const LABELS = 'ABCDEFGH';
const labelOf = (index: number) => LABELS[index] ?? String(index + 1);

function option(index: number, text: string, mark: OptionMark, tag: string): OptionView {
  const label = labelOf(index);
  return { index, label, text, mark, tag, ariaLabel: copy.checkIn.optionLabel(label, text, tag) };
}

/** The question as shown, or null when there is nothing to answer (empty bank, broken question). */
export function questionView(question: PublicQuestion | null | undefined): QuestionView | null {
  if (!question || typeof question.id !== 'string' || question.id === '' || typeof question.text !== 'string' || question.text.trim() === '') return null;
  const options = Array.isArray(question.options) ? question.options.filter((o) => typeof o === 'string') : [];
  if (options.length < 2) return null;
  return { id: question.id, text: question.text, options: options.map((text, index) => option(index, text, '', '')) };
}

/** The user's choice while its answer is on the way. */
export function markSubmitting(view: QuestionView, choice: number): QuestionView {
  return { ...view, options: view.options.map((o) => option(o.index, o.text, o.index === choice ? 'chosen' : '', o.index === choice ? copy.checkIn.tagSubmitting : '')) };
}

/** The recorded answer: the pick (right or wrong) and, after a wrong one, the right option. */
export function markAnswer(view: QuestionView, answer: AnswerRecord): QuestionView {
  const { tagPickedRight, tagPickedWrong, tagRight } = copy.checkIn;
  return {
    ...view,
    options: view.options.map((o) => {
      if (o.index === answer.choice) return option(o.index, o.text, answer.correct ? 'correct' : 'wrong', answer.correct ? tagPickedRight : tagPickedWrong);
      if (o.index === answer.correctChoice) return option(o.index, o.text, 'correct', tagRight);
      return option(o.index, o.text, '', '');
    }),
  };
}

export function streakText(streak: number, checkedInToday: boolean): string {
  if (checkedInToday) return copy.checkIn.streakToday(Math.max(streak, 1));
  return streak > 0 ? copy.checkIn.streakBefore(streak) : copy.checkIn.streakNone;
}

export interface ResultView {
  tone: 'good' | 'bad' | 'info';
  title: string;
  detail: string;
}

/**
 * The card under the question: `answered` right after this answer, `again` when the day was
 * already checked in (the first answer stands), `reopened` when the page opens on a checked-in day.
 */
export function resultView(answer: AnswerRecord | null, how: 'answered' | 'again' | 'reopened'): ResultView {
  if (how === 'reopened' || answer === null) {
    const text = answer ? copy.checkIn.done(labelOf(answer.choice), labelOf(answer.correctChoice)) : copy.checkIn.done(null, null);
    // The day is done, right or wrong: the detail says which.
    return { tone: 'good', ...text };
  }
  if (how === 'again') return { tone: 'info', ...copy.checkIn.again(labelOf(answer.choice)) };
  return answer.correct ? { tone: 'good', ...copy.checkIn.right } : { tone: 'bad', ...copy.checkIn.wrong(labelOf(answer.correctChoice)) };
}

/**
 * Reminders the server can still send: subscribe grants, and form ids only while the form channel
 * is on (the build configured a form template and the server has not said it is off).
 */
export function remindersLeft(credits: CreditCounts, formChannelOn: boolean): number {
  return credits.subscribe + (formChannelOn ? credits.form : 0);
}

export function creditsText(credits: CreditCounts, formChannelOn: boolean): string {
  return copy.reminders.left(remindersLeft(credits, formChannelOn));
}

export interface SendWindow {
  start: number;
  end: number;
}

export interface HourChoice {
  hour: number | null;
  label: string;
}

/** "Automatic" (labelled with the hour it gives today) first, then every hour a reminder may be sent at. */
export function hourChoices(window: SendWindow, automaticHour: number): HourChoice[] {
  const hours: HourChoice[] = [{ hour: null, label: copy.reminders.automatic(automaticHour) }];
  for (let h = window.start; h <= window.end; h++) hours.push({ hour: h, label: copy.reminders.hour(h) });
  return hours;
}

export interface SettingsView {
  enabled: boolean;
  hourLabels: string[];
  hourIndex: number;
  hourLabel: string;
  /** What will happen, in one sentence true for this state (off, no credit, chosen, learned or default hour). */
  summary: string;
  /** Reminders left (remindersLeft). */
  left: number;
  leftText: string;
  /** How many of them die within 7 days (form ids), '' when none. */
  expiringText: string;
  lastReminded: string;
}

export function settingsView(answer: ReminderSettings, window: SendWindow, formChannelOn: boolean): SettingsView {
  const choices = hourChoices(window, answer.automaticHour);
  const index = Math.max(choices.findIndex((c) => c.hour === answer.hour), 0);
  const left = remindersLeft(answer.credits, formChannelOn);
  const expiring = formChannelOn ? answer.credits.form : 0;
  const text = copy.reminders;
  const summary = !answer.enabled
    ? text.summaryOff(left)
    : left === 0
      ? text.summaryNoCredit
      : answer.hourSource === 'chosen'
        ? text.summaryChosen(answer.effectiveHour)
        : answer.hourSource === 'learned' && answer.habit
          ? text.summaryLearned(answer.effectiveHour, answer.habit.hour)
          : text.summaryDefault(answer.effectiveHour);
  return {
    enabled: answer.enabled,
    hourLabels: choices.map((c) => c.label),
    hourIndex: index,
    hourLabel: choices[index]!.label,
    summary,
    left,
    leftText: text.count(left),
    expiringText: expiring > 0 ? text.expiringPart(expiring) : '',
    lastReminded: answer.lastRemindedDate ? chineseDate(answer.lastRemindedDate) : text.never,
  };
}

/** The settings page's subscribe row: the line above it, whether its 订阅一次提醒 and 去设置 buttons show. */
export interface SubscribeRow {
  hint: string;
  canSubscribe: boolean;
  /** WeChat's settings page is the only way forward (all subscription messages off, or declined for good). */
  openSetting: boolean;
}

export function subscribeRow(plan: AskPlan, enabled: boolean, low: boolean, left: number): SubscribeRow {
  const text = copy.reminders;
  const row = (hint: string, canSubscribe: boolean, openSetting = false): SubscribeRow => ({ hint, canSubscribe, openSetting });
  if (plan.kind === 'none') return row('', false);
  if (!enabled) return row(text.hintOff, false);
  if (plan.kind === 'declined-for-good') return row(text.hintDeclinedForGood, false, true);
  if (plan.kind === 'switched-off') return row(text.hintSwitchedOff, false, true);
  if (plan.kind === 'silent') return row(text.hintAlways(TOP_UP_STOCK), true);
  return row(low ? text.hintLow(left) : '', true);
}

/** The hour to store for a picker position (null = automatic). */
export function hourAt(window: SendWindow, index: number): number | null {
  if (index <= 0) return null;
  const hour = window.start + index - 1;
  return hour <= window.end ? hour : null;
}
