// The simulated users: a mix of habits, each user's fixed by the seed. A persona says when the user
// tends to open the mini-program, how often, what they answer to the subscribe offer (and whether
// they tick "总是保持以上选择"), whether they change their reminder settings, and how they react to
// a reminder.
import type { SubscribeAnswer } from '../src/contract';
import { dice } from './random';

export type PersonaName =
  | 'morning'
  | 'evening'
  | 'skipper'
  | 'lapsing'
  | 'neverGrants'
  | 'remindersOff'
  | 'fixedHour'
  | 'muted'
  | 'alwaysAccepts'
  | 'strongReminder'
  | 'rejectsForGood'
  | 'messagesOff';

export interface Persona {
  /** What the persona stands for, for the report. */
  description: string;
  /** Share of the population. */
  share: number;
  /**
   * Base chance: opening the app by themselves on a day (and so checking in), `daysSinceJoin` 0
   * being the install day. Planned at the day's start, whatever the reminders do.
   */
  base(daysSinceJoin: number): number;
  /** Usual time of a spontaneous visit, minutes after Shanghai midnight, and its spread. */
  visitMinute: { mean: number; spread: number };
  /** Chance of accepting the subscribe offer when it is shown. */
  accepts: number;
  /**
   * Uplift: the chance of answering a reminder — opening the app 2-240 minutes after it. On a day
   * the user would not have come by themselves that is the reminder's effect; on a day they would
   * have come later anyway, they come earlier (docs/demo.md "The response model").
   */
  uplift: number;
  /** Reminder settings the user sets on their first visit. */
  settings?: { enabled?: boolean; hour?: number };
  /**
   * false: the user accepts in the dialog but has since switched the mini-program's notifications
   * off in WeChat, so WeChat holds no grant for them and a send answers 43101.
   */
  wechatHoldsGrants: boolean;
  /** The granting answer the dialog gives when the user accepts (default accept; a strong reminder: acceptWithAlert). */
  grantAnswer?: SubscribeAnswer;
  /** Ticks "总是保持以上选择" with the first answer: WeChat answers every later request with it, no dialog. */
  keepsChoice?: boolean;
  /**
   * All of the app's subscription messages are off in WeChat (mainSwitch false) at install; shown
   * why, the user switches them on in WeChat's settings with this chance each time.
   */
  messagesOff?: { switchesOn: number };
}

const steady = (p: number) => (daysSinceJoin: number) => (daysSinceJoin === 0 ? 1 : p);

/** The personas before issue 17 share this much of the population; the four added after it the rest. */
const FIRST = 0.8;

export const PERSONAS: Record<PersonaName, Persona> = {
  morning: { description: 'checks in early (around 08:00) most days', share: 0.24 * FIRST, base: steady(0.85), visitMinute: { mean: 8 * 60, spread: 35 }, accepts: 0.85, uplift: 0.5, wechatHoldsGrants: true },
  evening: { description: 'checks in in the evening (around 20:30) most days', share: 0.2 * FIRST, base: steady(0.8), visitMinute: { mean: 20 * 60 + 30, spread: 40 }, accepts: 0.85, uplift: 0.55, wechatHoldsGrants: true },
  skipper: { description: 'skips about every other day; often comes back when reminded', share: 0.2 * FIRST, base: steady(0.45), visitMinute: { mean: 14 * 60, spread: 150 }, accepts: 0.8, uplift: 0.65, wechatHoldsGrants: true },
  lapsing: { description: 'keen for three days, then rarely opens the app', share: 0.1 * FIRST, base: (d) => (d <= 2 ? 0.9 : 0.12), visitMinute: { mean: 12 * 60, spread: 120 }, accepts: 0.8, uplift: 0.35, wechatHoldsGrants: true },
  neverGrants: { description: 'never accepts the subscribe offer', share: 0.1 * FIRST, base: steady(0.6), visitMinute: { mean: 13 * 60, spread: 150 }, accepts: 0, uplift: 0.5, wechatHoldsGrants: true },
  remindersOff: { description: 'turns reminders off in the settings page', share: 0.06 * FIRST, base: steady(0.6), visitMinute: { mean: 12 * 60, spread: 150 }, accepts: 0.7, uplift: 0.5, settings: { enabled: false }, wechatHoldsGrants: true },
  fixedHour: { description: 'chooses a reminder hour of 19:00', share: 0.05 * FIRST, base: steady(0.55), visitMinute: { mean: 19 * 60 + 30, spread: 60 }, accepts: 0.85, uplift: 0.7, settings: { hour: 19 }, wechatHoldsGrants: true },
  muted: { description: "accepts, but muted the app's notifications in WeChat (sends answer 43101)", share: 0.05 * FIRST, base: steady(0.45), visitMinute: { mean: 15 * 60, spread: 150 }, accepts: 0.9, uplift: 0, wechatHoldsGrants: false },
  alwaysAccepts: {
    description: 'accepts once with "总是保持以上选择" ticked: the app tops up silently at each answer',
    share: 0.06, base: steady(0.6), visitMinute: { mean: 13 * 60, spread: 150 }, accepts: 1, uplift: 0.6, wechatHoldsGrants: true, keepsChoice: true,
  },
  strongReminder: {
    description: "accepts with WeChat's strong reminder on (acceptWithAlert)",
    share: 0.05, base: steady(0.6), visitMinute: { mean: 13 * 60, spread: 150 }, accepts: 0.85, uplift: 0.6, wechatHoldsGrants: true, grantAnswer: 'acceptWithAlert',
  },
  rejectsForGood: {
    description: 'rejects once with "总是保持以上选择" ticked: never asked again',
    share: 0.04, base: steady(0.6), visitMinute: { mean: 13 * 60, spread: 150 }, accepts: 0, uplift: 0.5, wechatHoldsGrants: true, keepsChoice: true,
  },
  messagesOff: {
    description: "has all of the app's subscription messages off; shown why, switches them on half the time",
    share: 0.05, base: steady(0.6), visitMinute: { mean: 13 * 60, spread: 150 }, accepts: 0.85, uplift: 0.6, wechatHoldsGrants: true, messagesOff: { switchesOn: 0.5 },
  },
};

export interface DemoUser {
  index: number;
  openid: string;
  persona: PersonaName;
  /** Day of the install visit relative to the first simulated day (negative: before the week). */
  joinDay: number;
}

/** Days before the week in which most users install the app (so form ids expire during the week). */
export const PRE_WEEK_DAYS = 7;
/** Share of users who install during the simulated week rather than before it. */
const JOIN_DURING_WEEK = 0.2;

/** A population of `size` users, the same for the same seed. */
export function population(size: number, seed: number, days: number): DemoUser[] {
  const names = Object.keys(PERSONAS) as PersonaName[];
  return Array.from({ length: size }, (_, index) => {
    const d = dice(seed, 'user', index);
    let roll = d.next();
    const persona = names.find((n) => (roll -= PERSONAS[n].share) < 0) ?? 'morning';
    const joinDay = d.chance(JOIN_DURING_WEEK) ? d.int(0, days - 1) : d.int(-PRE_WEEK_DAYS, -1);
    return { index, openid: `oDemo${String(seed).padStart(4, '0')}u${String(index).padStart(5, '0')}`, persona, joinDay };
  });
}
