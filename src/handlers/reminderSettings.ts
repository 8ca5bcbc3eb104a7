// reminderSettings (DESIGN.md §2): read or change whether and when the caller is reminded.
import { parseReminderSettingsEvent } from '../domain/events/reminderSettingsEvent';
import { effectiveHour } from '../domain/habit';
import { NEVER_DATE } from '../domain/remindDate';
import { localDate } from '../domain/time';
import { liveCreditCounts, type CreditCounts } from '../store/credits';
import { ensureUser } from '../store/ensureUser';
import { updateUserAllowingReminder } from '../store/updateUserAllowingReminder';
import { readUser } from '../store/readUser';
import { updateUser } from '../store/updateUser';
import { newUser, type UserDoc } from '../store/users';
import { callerOpenid, validated } from './input';
import type { Handler } from './serve';

export interface SettingsAnswer {
  ok: true;
  enabled: boolean;
  hour: number | null;
  effectiveHour: number;
  credits: CreditCounts;
  lastRemindedDate: string | null;
}

export const reminderSettings: Handler<SettingsAnswer> = async ({ event, caller, config, platform: { db }, now }) => {
  const openid = callerOpenid(caller);
  const request = validated(parseReminderSettingsEvent(event, config.window));
  const today = localDate(now, config.timezone);
  let user: UserDoc;

  if (request.action === 'get' || (request.enabled === undefined && request.hour === undefined)) {
    // Reading writes nothing: a user without a document has the defaults.
    user = (await readUser(db, openid)) ?? newUser(openid, now);
  } else {
    const stored = await ensureUser(db, openid, now);
    const change: Record<string, unknown> = { updatedAt: now };
    if (request.enabled !== undefined) change.enabled = request.enabled;
    if (request.hour !== undefined) change.hour = request.hour;
    user = { ...stored, ...(change as Partial<UserDoc>) };
    if (request.enabled === false) {
      // Off: the sender need not look at this user until reminders are switched on again.
      await updateUser(db, openid, { ...change, nextRemindDate: NEVER_DATE });
    } else if (request.enabled === true) {
      user = { ...user, nextRemindDate: (await updateUserAllowingReminder(db, stored, today, change)).nextRemindDate };
    } else {
      await updateUser(db, openid, change);
    }
  }

  return {
    ok: true,
    enabled: user.enabled,
    hour: user.hour,
    effectiveHour: effectiveHour({ chosenHour: user.hour, recentCheckIns: user.recentCheckIns }, today, config),
    credits: await liveCreditCounts(db, openid, now),
    lastRemindedDate: user.lastRemindedDate || null,
  };
};
