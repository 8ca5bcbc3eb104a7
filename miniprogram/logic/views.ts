// What the pages show, computed from the functions' answers. Pure, so the wording and the edge
// cases (empty question bank, streak 0, unknown hour) are tested without rendering.
import type { CheckInResult, CreditCounts, PublicQuestion, ReminderSettings } from '../../src/contract';
import { chineseDate, hourText } from './dates';

export type OptionMark = '' | 'chosen' | 'correct' | 'wrong';

export interface OptionView {
  index: number;
  label: string;
  text: string;
  mark: OptionMark;
}

export interface QuestionView {
  id: string;
  text: string;
  options: OptionView[];
}

const LABELS = 'ABCDEFGH';

/** The question as shown, or null when there is nothing to answer (empty bank, broken question). */
export function questionView(question: PublicQuestion | null | undefined): QuestionView | null {
  if (!question || typeof question.id !== 'string' || question.id === '' || typeof question.text !== 'string' || question.text.trim() === '') return null;
  const options = Array.isArray(question.options) ? question.options.filter((o) => typeof o === 'string') : [];
  if (options.length < 2) return null;
  return {
    id: question.id,
    text: question.text,
    options: options.map((text, index) => ({ index, label: LABELS[index] ?? String(index + 1), text, mark: '' })),
  };
}

/** Marks the user's choice: while waiting (`null`), then right or wrong. */
export function markChoice(view: QuestionView, choice: number, correct: boolean | null): QuestionView {
  const mark: OptionMark = correct === null ? 'chosen' : correct ? 'correct' : 'wrong';
  return { ...view, options: view.options.map((o) => ({ ...o, mark: o.index === choice ? mark : '' })) };
}

export function streakText(streak: number, checkedInToday: boolean): string {
  if (checkedInToday) return `连续答题${Math.max(streak, 1)}天`;
  return streak > 0 ? `已连续答题${streak}天，今天答题继续保持` : '今天答题，开始连续签到';
}

export interface ResultView {
  tone: 'good' | 'bad' | 'info';
  title: string;
  detail: string;
}

export function resultView(answer: CheckInResult): ResultView {
  if (answer.alreadyCheckedIn) return { tone: 'info', title: '今天已经签到过了', detail: '这次作答不再重复计入' };
  if (answer.correct) return { tone: 'good', title: '回答正确！', detail: '签到成功，明天记得再来' };
  return { tone: 'bad', title: '回答错误', detail: '没关系，签到已完成，明天继续加油' };
}

export function creditsText(credits: CreditCounts): string {
  if (credits.subscribe === 0) return '还没有可用的提醒次数';
  return `还可以提醒你 ${credits.subscribe} 次`;
}

export interface SendWindow {
  start: number;
  end: number;
}

export interface HourChoice {
  hour: number | null;
  label: string;
}

/** "Automatic" first, then every hour a reminder may be sent at. */
export function hourChoices(window: SendWindow, effectiveHour: number): HourChoice[] {
  const hours: HourChoice[] = [{ hour: null, label: `自动（目前约 ${hourText(effectiveHour)}）` }];
  for (let h = window.start; h <= window.end; h++) hours.push({ hour: h, label: hourText(h) });
  return hours;
}

export interface SettingsView {
  enabled: boolean;
  hourLabels: string[];
  hourIndex: number;
  hourSummary: string;
  subscribeCredits: number;
  formCredits: number;
  creditsSummary: string;
  lastReminded: string;
}

export function settingsView(answer: ReminderSettings, window: SendWindow): SettingsView {
  const choices = hourChoices(window, answer.effectiveHour);
  const index = choices.findIndex((c) => c.hour === answer.hour);
  return {
    enabled: answer.enabled,
    hourLabels: choices.map((c) => c.label),
    hourIndex: Math.max(index, 0),
    hourSummary: answer.enabled ? `每天 ${hourText(answer.effectiveHour)} 左右提醒未签到的你` : '提醒已关闭',
    subscribeCredits: answer.credits.subscribe,
    formCredits: answer.credits.form,
    creditsSummary: creditsText(answer.credits),
    lastReminded: answer.lastRemindedDate ? chineseDate(answer.lastRemindedDate) : '还没有提醒过',
  };
}

/** The hour to store for a picker position (null = automatic). */
export function hourAt(window: SendWindow, index: number): number | null {
  if (index <= 0) return null;
  const hour = window.start + index - 1;
  return hour <= window.end ? hour : null;
}
