// reminderSettings (DESIGN.md §2): read or change whether and when the caller is reminded, or send
// the caller a test reminder now.
import type { ReminderSettings, TestReminderResult } from '../contract';
import { parseReminderSettingsEvent } from '../domain/events/reminderSettingsEvent';
import { effectiveHour } from '../domain/habit';
import { localDate } from '../domain/time';
import { SEND_CONFIG } from '../reminders/context';
import { sendTestReminder } from '../reminders/testReminder';
import { liveCreditCounts } from '../store/credits';
import { changeSettings, ensureUser, newUser, readUser } from '../store/users';
import { callerOpenid, validated } from './input';
import { handler } from './serve';

export const reminderSettings = handler(['window', 'defaultHour', ...SEND_CONFIG])<ReminderSettings | TestReminderResult>(async (input) => {
  const { event, caller, config, platform, now } = input;
  const { db } = platform;
  const openid = callerOpenid(caller);
  const request = validated(parseReminderSettingsEvent(event, config.window));
  if (request.action === 'test') {
    const deps = { db, messenger: platform.messenger, config, clock: input.clock, elapsedMs: input.elapsedMs, sleep: input.sleep, random: input.random };
    return sendTestReminder(deps, openid, now, `test_${input.randomId()}`);
  }
  const today = localDate(now, config.timezone);
  const { action, ...change } = request;
  const changes = action === 'set' && Object.keys(change).length > 0;
  // Reading writes nothing: a user without a document has the defaults.
  const user = changes
    ? await changeSettings(db, await ensureUser(db, openid, now), change, today, now)
    : ((await readUser(db, openid)) ?? newUser(openid, now));

  const hourOf = (chosenHour: number | null) => effectiveHour({ chosenHour, recentCheckIns: user.recentCheckIns }, today, config);
  return {
    ok: true,
    enabled: user.enabled,
    hour: user.hour,
    effectiveHour: hourOf(user.hour),
    automaticHour: hourOf(null),
    credits: await liveCreditCounts(db, openid, now),
    lastRemindedDate: user.lastRemindedDate || null,
  };
});
