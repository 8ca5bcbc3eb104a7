// saveFormId (DESIGN.md §2): stores the caller's push credits and answers their live counts.
import type { SavedCredits } from '../contract';
import { twinRunning, type SaveEntry } from '../domain/creditRoom';
import { configuredChannels } from '../domain/credits';
import { parseSaveFormIdEvent } from '../domain/events/saveFormIdEvent';
import { localDate } from '../domain/time';
import { creditsSeen, liveCreditCounts, requestedCredits, storeCredits } from '../store/credits';
import { isRetired } from '../store/reminderState';
import { earlierRequest, rememberAnswer } from '../store/saveRequests';
import { readUser, updateUserAllowingReminder } from '../store/users';
import { abandonSave, announceSave, endSaves } from '../store/users/creditSaves';
import { AppError } from './answers';
import { handler } from './serve';
import { callerOpenid, validated } from './input';

export const saveFormId = handler(['subscribeTemplates', 'formTemplate', 'timezone'])<SavedCredits>(async ({ event, caller, config, platform: { db }, now, randomId }) => {
  const openid = callerOpenid(caller);
  const parse = (formChannelOpen: boolean) => validated(parseSaveFormIdEvent(event, { templateIds: config.subscribeTemplates.map((t) => t.id), formChannelOpen, now }));
  const parsed = parse(configuredChannels(config).form);
  // Form ids to store: only while sendReminders has not found template messages retired (45103).
  const plan = parsed.forms.length > 0 && (await isRetired(db, 'form')) ? parse(false) : parsed;
  const { requestId } = plan;
  const earlier = requestId !== null ? await earlierRequest(db, openid, requestId, now) : null;
  if (earlier?.answer) return { ok: true, ...earlier.answer, credits: await liveCreditCounts(db, openid, now) };
  const subscribe = Object.entries(plan.subscribeGrants).map(([templateId, grants]) => ({ templateId, grants }));
  const saveId = earlier?.saveId ?? randomId();
  const wanted = requestedCredits(openid, { forms: plan.forms, subscribe }, saveId, now);
  // Nothing to store: a repeat of the call answers the same without a record of it.
  if (wanted.length === 0) return { ok: true, saved: 0, rejected: plan.rejected, credits: await liveCreditCounts(db, openid, now) };

  const entry: SaveEntry = { id: randomId(), saveId, at: now, wants: { form: plan.forms.length, subscribe: wanted.length - plan.forms.length } };
  // The user document first (the sender finds users there, never from their credits), with this
  // call's entry, which the room of every overlapping call of this user counts.
  await announceSave(db, openid, entry, now);
  // Any failure removes the call's entry, so that the app's retry of this request is not taken for
  // a twin still running and completes it (nextRemindDate lowered for the credits stored here).
  const result = await (async () => {
    try {
      const [user, seen] = await Promise.all([readUser(db, openid), creditsSeen(db, openid, wanted, now)]);
      if (!user) throw new Error(`users/${openid} vanished while saving credits`);
      // A retry that overtook its own request: the first call's answer is not known yet.
      if (twinRunning(entry, user.creditSaves, now)) throw new AppError('UNAVAILABLE', 'this request is still being saved by an earlier call: try again in a moment');
      const stored = await storeCredits(db, openid, wanted, entry, user.creditSaves, seen, now);
      // After the insert, so that a sender which found no credit before it sees the new creditsRev
      // and does not mark the user creditless. Also when nothing new was stored: a retry after a
      // fault that hit between the insert and this update (its credits now count as its own)
      // must still lower nextRemindDate.
      await updateUserAllowingReminder(db, user, localDate(now, config.timezone), { ...endSaves(db, user, entry, now), creditsRev: db.command.inc(1), updatedAt: now });
      return stored;
    } catch (error) {
      await abandonSave(db, openid, entry).catch((e: unknown) => console.error('[saveFormId] could not remove the entry of a failed save', e));
      throw error;
    }
  })();
  const rejected = [...plan.rejected, ...result.rejected];
  if (requestId !== null) await rememberAnswer(db, openid, requestId, { saved: result.saved.length, rejected }, now);
  return { ok: true, saved: result.saved.length, rejected, credits: result.credits };
});
