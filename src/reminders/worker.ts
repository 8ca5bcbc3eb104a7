// The work of one instance over a range of user shards (docs/reminders.md "One instance"): pages
// of candidates are read and claimed ahead while `sendConcurrency` lanes remind the claimed users.
// At its budget the instance starts no new user, lets claimed ones go, writes what is queued and
// answers how many may remain.
import type { Tally } from '../contract';
import { candidatePage, countCandidates, USERS_PAGE } from '../store/users/reminders';
import { errorText, outOfTime, type RunContext } from './context';
import { preparePage, type ClaimedUser } from './preparePage';
import { Recorder } from './recorder';
import { remindUser } from './remindUser';
import { addTally, emptyTally } from './tally';

const PAGE_ATTEMPTS = 3;

export async function runShards(ctx: RunContext, shards: readonly number[]): Promise<Tally> {
  const tally = emptyTally();
  const recorder = new Recorder({
    db: ctx.db,
    holder: { runId: ctx.runId, owner: ctx.owner },
    today: ctx.today,
    clock: ctx.clock,
    elapsedMs: ctx.elapsedMs,
    sleep: ctx.sleep,
    problem: (message) => ctx.channels.note(message, message),
  });
  const queue: ClaimedUser[] = [];
  let cursor = '';
  let exhausted = false;
  let broken = false;
  let producing: Promise<void> | null = null;

  async function nextPage(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const page = await candidatePage(ctx.db, shards, ctx.today, cursor);
        if (page.length > 0) {
          // The cursor and the figures move once the page is claimed: a failure reads it again.
          const counted = emptyTally();
          const claimed = await preparePage(ctx, page, counted, recorder);
          addTally(tally, counted);
          cursor = page[page.length - 1]!._id;
          queue.push(...claimed);
        }
        if (page.length === 0 || page.length < USERS_PAGE) exhausted = true;
        return;
      } catch (error) {
        if (attempt >= PAGE_ATTEMPTS) {
          broken = true;
          exhausted = true;
          ctx.channels.note('db-page', `reading or claiming users failed ${attempt} times (${errorText(error)}); the rest waits for a later run`);
          return;
        }
        await ctx.sleep(200 * attempt);
      }
    }
  }

  /** Keeps at least one page of claimed users ahead of the lanes; one producer at a time. */
  function produce(): Promise<void> {
    producing ??= (async () => {
      while (!exhausted && queue.length < ctx.config.sendConcurrency && !outOfTime(ctx)) await nextPage();
    })().finally(() => {
      producing = null;
    });
    return producing;
  }

  async function lane(): Promise<void> {
    for (;;) {
      if (outOfTime(ctx)) return;
      if (queue.length < ctx.config.sendConcurrency && !exhausted) void produce();
      const next = queue.shift();
      if (next) {
        await remindUser(ctx, next, tally, recorder);
        await recorder.maybeFlush();
        continue;
      }
      if (producing) await producing;
      else if (exhausted) return;
      else await produce();
    }
  }

  await Promise.all(Array.from({ length: ctx.config.sendConcurrency }, lane));
  if (producing) await producing;

  // Claimed but not started: let them go for the next run.
  const left = queue.splice(0);
  for (const u of left) recorder.releasedUser(u.user._id);
  await recorder.flush();
  tally.remaining = left.length;
  if (!exhausted || broken) {
    try {
      tally.remaining += await countCandidates(ctx.db, shards, ctx.today, cursor);
    } catch (error) {
      tally.remaining += 1; // unknown, but not nothing
      ctx.channels.note('db-count', `could not count the users left (${errorText(error)})`);
    }
  }
  return tally;
}
