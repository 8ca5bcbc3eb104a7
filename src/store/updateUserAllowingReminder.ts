import { lowerNextRemindDate } from '../domain/remindDate';
import type { LocalDate } from '../domain/time';
import type { Database } from '../wechat/types';
import { readUser } from './readUser';
import { updateUser } from './updateUser';
import type { UserDoc } from './users';

const ATTEMPTS = 5;

/**
 * Writes `data` to the user together with the nextRemindDate a new chance to remind needs (a new
 * credit, reminders switched on). The lowering is decided on the stored value, so the update is
 * conditioned on nextRemindDate still being what was read; on a concurrent change it re-reads.
 * Without that, a sender that just set "never" (no credit found) could strand the new credit.
 */
export async function updateUserAllowingReminder(db: Database, user: UserDoc, today: LocalDate, data: Record<string, unknown>): Promise<UserDoc> {
  let current = user;
  for (let attempt = 1; ; attempt++) {
    const lowered = lowerNextRemindDate(current, today);
    const write = lowered === null ? data : { ...data, nextRemindDate: lowered };
    if (await updateUser(db, current._id, write, { nextRemindDate: current.nextRemindDate })) {
      return { ...current, nextRemindDate: lowered ?? current.nextRemindDate };
    }
    const again = await readUser(db, current._id);
    if (!again || attempt >= ATTEMPTS) throw new Error(`users/${current._id}: nextRemindDate kept changing (${attempt} attempts)`);
    current = again;
  }
}
