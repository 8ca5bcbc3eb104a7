// reminderSettings (DESIGN.md §2): read or change whether and when the caller is reminded.
import type { ReminderSettings } from '../contract';
import { parseReminderSettingsEvent } from '../domain/events/reminderSettingsEvent';
import { effectiveHour } from '../domain/habit';
import { localDate } from '../domain/time';
import { liveCreditCounts } from '../store/credits';
import { changeSettings, ensureUser, newUser, readUser } from '../store/users';
import { callerOpenid, validated } from './input';
import type { Handler } from './serve';

export const reminderSettings: Handler<ReminderSettings> = async ({ event, caller, config, platform: { db }, now }) => {
  const openid = callerOpenid(caller);
  const request = validated(parseReminderSettingsEvent(event, config.window));
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
};
