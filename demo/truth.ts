// The simulated users' true lift: what the simulation knows and a real team never does. Every
// user-day of the experiment — reminded, or held out by sendReminders — has two potential outcomes
// (docs/demo.md "The response model"):
//   without a reminder: the user checks in that day iff their habitual visit comes after the
//     decision (planned at the day's start, whatever the reminders do);
//   with one: also when they answer it (the persona's uplift) and the answer's visit falls that day.
// The true lift is the mean difference over the experiment's user-days: the quantity a holdout
// estimates.

export interface Exposure {
  user: number;
  /** The Shanghai date of the user-day. */
  date: string;
  /** When the reminder went (or would have gone: the hold-out's instant), epoch ms. */
  at: number;
}

export interface ResponseModel {
  /** The instant of the user's habitual visit that day, if they make one. */
  habitAt(user: number, date: string): number | null;
  /** The instant of the visit answering a reminder received at `at`, if the user answers it. */
  answerAt(user: number, at: number): number | null;
  /** The first instant after `date` (Shanghai midnight). */
  dayEnd(date: string): number;
}

/** Mean of Y(reminded) − Y(not reminded) over `exposures`; null without any. */
export function trueLift(exposures: readonly Exposure[], model: ResponseModel): number | null {
  if (exposures.length === 0) return null;
  let effect = 0;
  for (const e of exposures) {
    const habit = model.habitAt(e.user, e.date);
    const withoutReminder = habit !== null && habit > e.at;
    const answer = model.answerAt(e.user, e.at);
    const withReminder = withoutReminder || (answer !== null && answer < model.dayEnd(e.date));
    effect += Number(withReminder) - Number(withoutReminder);
  }
  return effect / exposures.length;
}
