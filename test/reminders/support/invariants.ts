// DESIGN §4's invariants, checked on the emulator's state: the database, WeChat's outbox and the
// attempt log. Each check answers a list of violations (empty = it holds) so a failing property
// test says which invariant broke and for whom.
import { localDate, type LocalDate } from '../../../src/domain/time';
import type { ReminderCloud } from './cloud';

const TZ = 'Asia/Shanghai';
const at = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** I1: at most one message per user per Shanghai date. */
export function i1(cloud: ReminderCloud): string[] {
  return [...cloud.remindersPerUserDay()].filter(([, n]) => n > 1).map(([key, n]) => `I1: ${key} got ${n} reminders`);
}

/** I2, for one run: no message to a user whose check-in for the date was recorded before it began. */
export function i2(checkedInBefore: ReadonlySet<string>, newMessages: ReturnType<ReminderCloud['outbox']>): string[] {
  return newMessages
    .filter((m) => checkedInBefore.has(`${m.touser}@${localDate(at(m.at), TZ)}`))
    .map((m) => `I2: ${m.touser} was reminded on ${localDate(at(m.at), TZ)} after checking in`);
}

/** Users with a check-in record, as `openid@date`. */
export function checkedIn(cloud: ReminderCloud): Set<string> {
  return new Set(cloud.find('checkins').map((c) => `${c.openid}@${c.date}`));
}

/**
 * I3: each credit sent at most once, no form credit at or after its expireAt. Form ids are
 * unique in the outbox and each belonged to a credit alive when sent; a user never got more
 * subscribe messages than subscribe credits spent (used, or caught mid-send).
 */
export function i3(cloud: ReminderCloud): string[] {
  const problems: string[] = [];
  const outbox = cloud.outbox();
  const credits = cloud.find('credits');
  const seen = new Set<string>();
  for (const m of outbox.filter((m) => m.api === 'templateMessage.send')) {
    if (seen.has(m.formId!)) problems.push(`I3: form id of ${m.touser} sent twice`);
    seen.add(m.formId!);
    const credit = credits.find((c) => c.openid === m.touser && c.value === m.formId);
    if (credit && at(credit.expireAt).getTime() <= at(m.at).getTime()) problems.push(`I3: form credit of ${m.touser} sent at/after expireAt`);
  }
  const users = new Set(outbox.map((m) => m.touser));
  for (const u of users) {
    const sent = outbox.filter((m) => m.touser === u && m.api === 'subscribeMessage.send').length;
    const spent = credits.filter((c) => c.openid === u && c.kind === 'subscribe' && (c.status === 'used' || c.status === 'sending')).length;
    if (sent > spent) problems.push(`I3: ${u} got ${sent} subscribe messages for ${spent} spent credits`);
  }
  return problems;
}

/** Credits that are no longer unused (spent in any way), per user. */
export function spentCredits(cloud: ReminderCloud): Map<string, number> {
  const per = new Map<string, number>();
  for (const c of cloud.find('credits')) if (c.status !== 'unused' && c.status !== 'expired') per.set(String(c.openid), (per.get(String(c.openid)) ?? 0) + 1);
  return per;
}

/**
 * I6 for a run whose only faults were transient (busy, minute quota, HTTP 5xx before WeChat): a
 * user's credits left `unused` exactly as often as a message reached the user.
 */
export function i6(before: Map<string, number>, after: Map<string, number>, newMessages: ReturnType<ReminderCloud['outbox']>): string[] {
  const problems: string[] = [];
  for (const u of new Set([...before.keys(), ...after.keys(), ...newMessages.map((m) => m.touser)])) {
    const spent = (after.get(u) ?? 0) - (before.get(u) ?? 0);
    const delivered = newMessages.filter((m) => m.touser === u).length;
    if (spent !== delivered) problems.push(`I6: ${u} lost ${spent} credits for ${delivered} messages under transient faults`);
  }
  return problems;
}

/**
 * I4 after a day's closing run (no faults, every claim stale or ended): every user who is on, has
 * not checked in and holds a credit a send can use is reminded today, or held out by the holdout
 * (docs/holdout.md: not reminded on purpose, credits kept).
 */
export function i4(cloud: ReminderCloud, today: LocalDate, subscribeTemplate: string, options: { formRetired?: boolean } = {}): string[] {
  const now = cloud.now().getTime();
  const problems: string[] = [];
  for (const u of cloud.find('users')) {
    if (u.enabled === false || u.lastCheckInDate === today || u.lastRemindedDate === today) continue;
    const remind = u.remind as { date?: string; state?: string } | null | undefined;
    if (remind?.date === today && remind.state === 'held-out') continue;
    const usable = cloud.find('credits', { openid: u._id, status: 'unused' }).filter((c) =>
      c.kind === 'subscribe' ? c.value === subscribeTemplate : !options.formRetired && at(c.expireAt).getTime() > now + 60_000,
    );
    if (usable.length > 0) problems.push(`I4: ${u._id} holds ${usable.length} usable credits but was not reminded on ${today}`);
  }
  return problems;
}

/** The holdout (DESIGN §2): a user-day marked held out gets no reminder, also when runs race. */
export function heldOutNotReminded(cloud: ReminderCloud): string[] {
  const reminded = new Set(cloud.outbox().map((m) => `${m.touser}@${localDate(at(m.at), TZ)}`));
  return cloud.find('users', { 'remind.state': 'held-out' })
    .map((u) => `${u._id}@${(u.remind as { date: string }).date}`)
    .filter((key) => reminded.has(key))
    .map((key) => `holdout: ${key} was held out and reminded`);
}

/**
 * I7: no user is lost silently. A user the sender rested ("never" due, reminders on) holds no live
 * credit: resting is only for users without any (a configuration, a time limit or a fault never
 * rests anyone who could still be reminded).
 */
export function i7(cloud: ReminderCloud): string[] {
  const now = cloud.now().getTime();
  const problems: string[] = [];
  for (const u of cloud.find('users', { enabled: { $ne: false }, nextRemindDate: '9999-12-31' })) {
    const live = cloud.find('credits', { openid: u._id, status: 'unused' }).filter((c) => at(c.expireAt).getTime() > now);
    if (live.length > 0) problems.push(`I7: ${u._id} is rested while holding ${live.length} live credits`);
  }
  return problems;
}
