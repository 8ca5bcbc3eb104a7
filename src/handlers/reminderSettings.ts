// reminderSettings (DESIGN.md §2): read or change whether and when the caller is reminded, send
// the caller a test reminder now, or delete everything stored about the caller.
import type { DeletedData, ReminderSettings, TestReminderResult } from '../contract';
import { parseReminderSettingsEvent } from '../domain/events/reminderSettingsEvent';
import { explainedHour } from '../domain/habit';
import { localDate } from '../domain/time';
import { SEND_CONFIG } from '../reminders/context';
import { sendTestReminder } from '../reminders/testReminder';
import { liveCreditCounts } from '../store/credits';
import { deleteUserData } from '../store/userData';
import { changeSettings, ensureUser, newUser, readUser } from '../store/users';
import { AppError } from './answers';
import { callerOpenid, validated } from './input';
import { handler } from './serve';

/**
 * deleteMyData starts no new page after this long: well inside the function's time limit. A
 * typical user is a few requests (retention keeps check-ins to 90 days); 2 s is ~50 pages.
 */
export const DELETE_BUDGET_MS = 2000;

export const reminderSettings = handler(['window', 'defaultHour', ...SEND_CONFIG])<ReminderSettings | TestReminderResult | DeletedData>(async (input) => {
  const { event, caller, config, platform, now } = input;
  const { db } = platform;
  const openid = callerOpenid(caller);
  const request = validated(parseReminderSettingsEvent(event, config.window));
  if (request.action === 'test') {
    const deps = { db, messenger: platform.messenger, config, clock: input.clock, elapsedMs: input.elapsedMs, sleep: input.sleep, random: input.random };
    return sendTestReminder(deps, openid, now, `test_${input.randomId()}`);
  }
  if (request.action === 'deleteMyData') {
    const { deleted, complete } = await deleteUserData(db, openid, () => input.elapsedMs() < DELETE_BUDGET_MS);
    // What is gone stays gone; calling again removes the rest.
    if (!complete) throw new AppError('UNAVAILABLE', 'not all of the data could be deleted in time; call again to delete the rest');
    return { ok: true, deleted };
  }
  const today = localDate(now, config.timezone);
  const { action, ...change } = request;
  const changes = action === 'set' && Object.keys(change).length > 0;
  // Reading writes nothing: a user without a document has the defaults.
  const user = changes
    ? await changeSettings(db, await ensureUser(db, openid, now), change, today, now)
    : ((await readUser(db, openid)) ?? newUser(openid, now));

  const hourOf = (chosenHour: number | null) => explainedHour({ chosenHour, recentCheckIns: user.recentCheckIns }, today, config);
  const { hour: effectiveHour, source: hourSource, habit } = hourOf(user.hour);
  return {
    ok: true,
    enabled: user.enabled,
    hour: user.hour,
    effectiveHour,
    hourSource,
    habit,
    automaticHour: hourOf(null).hour,
    credits: await liveCreditCounts(db, openid, now),
    lastRemindedDate: user.lastRemindedDate || null,
  };
});
