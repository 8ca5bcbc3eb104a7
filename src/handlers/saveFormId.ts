// saveFormId (DESIGN.md §2): stores the caller's push credits and answers their live counts.
import type { SavedCredits } from '../contract';
import { parseSaveFormIdEvent } from '../domain/events/saveFormIdEvent';
import { localDate } from '../domain/time';
import { liveCreditCounts, saveCredits } from '../store/credits';
import { ensureUser, updateUserAllowingReminder } from '../store/users';
import { handler } from './serve';
import { callerOpenid, validated } from './input';

export const saveFormId = handler(['subscribeTemplates', 'timezone'])<SavedCredits>(async ({ event, caller, config, platform: { db }, now, randomId }) => {
  const openid = callerOpenid(caller);
  const plan = validated(parseSaveFormIdEvent(event, config.subscribeTemplates.map((t) => t.id)));
  const subscribe = Object.entries(plan.subscribeGrants).map(([templateId, grants]) => ({ templateId, grants }));
  if (plan.accepted.length === 0 && subscribe.length === 0) {
    return { ok: true, saved: 0, rejected: plan.rejected, credits: await liveCreditCounts(db, openid, now) };
  }
  // The user document first: the sender finds users there, never from their credits.
  const user = await ensureUser(db, openid, now);
  const result = await saveCredits(
    db,
    openid,
    { formIds: plan.accepted, subscribe },
    now,
    randomId(),
  );
  // After the insert, so that a sender which found no credit before it sees the new creditsRev
  // and does not mark the user creditless. Also when nothing new was stored: a retry after a
  // fault that hit between the insert and this update (its credits now count as duplicates)
  // must still lower nextRemindDate.
  await updateUserAllowingReminder(db, user, localDate(now, config.timezone), { creditsRev: db.command.inc(1), updatedAt: now });
  return { ok: true, saved: result.saved.length, rejected: [...plan.rejected, ...result.rejected], credits: result.credits };
});
