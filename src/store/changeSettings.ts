import type { SettingsChange } from '../domain/events/reminderSettingsEvent';
import { NEVER_DATE } from '../domain/remindDate';
import type { LocalDate } from '../domain/time';
import type { Database } from '../wechat/types';
import { updateUser } from './updateUser';
import { updateUserAllowingReminder } from './updateUserAllowingReminder';
import type { UserDoc } from './users';

/** Writes the fields `change` names (last writer wins) and returns the user as now stored. */
export async function changeSettings(db: Database, user: UserDoc, change: SettingsChange, today: LocalDate, now: Date): Promise<UserDoc> {
  const data: Record<string, unknown> = { ...change, updatedAt: now };
  if (change.enabled === true) {
    const { nextRemindDate } = await updateUserAllowingReminder(db, user, today, data);
    return { ...user, ...change, nextRemindDate };
  }
  // Off: the sender need not look at this user until reminders are switched on again.
  if (change.enabled === false) data.nextRemindDate = NEVER_DATE;
  await updateUser(db, user._id, data);
  return { ...user, ...change, nextRemindDate: change.enabled === false ? NEVER_DATE : user.nextRemindDate };
}
