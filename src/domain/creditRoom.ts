// How many new credits of each kind one saveFormId call may store, exactly, when several calls of
// one user run at once (docs/data-model.md "The caps"). Pure: the store reads the inputs.
//
// Each call first appends an entry (what it means to store) to the user's `creditSaves` list, then
// reads the list and the user's live credits. The list's order is the order of the appends, so
// every pair of overlapping calls agrees which came first. A call's room is the cap minus:
// - the live credits, except those of calls listed before it (counted by their entry instead,
//   which is never less than what they store) and those stored by calls that already counted this
//   one's entry (their credits carry the ids they counted, `countedSaves`);
// - the entries of the calls listed before it that are still running.
// So of two overlapping calls the later counts the earlier's entry and the earlier never counts
// the later's credits: together they store min(sent, cap − held), never more, and never less
// unless an earlier call was refused for other reasons (a duplicate form id, a crash).
import type { CreditCounts, CreditKind } from '../contract';

/** A running saveFormId call as its entry in the user's `creditSaves` list. */
export interface SaveEntry {
  /** The invocation (unique per call, also for two calls that retry one request). */
  id: string;
  /** The credits' `saveId` (shared by the retries of one request). */
  saveId: string;
  at: Date;
  /** New credits it means to store, by kind. */
  wants: CreditCounts;
}

/** A live credit as the room needs it. */
export interface HeldCredit {
  kind: CreditKind;
  saveId: string;
  /** The saveIds of the calls whose entries the storing call counted. */
  countedSaves: readonly string[];
}

/** An entry older than this belongs to a call that died: it no longer holds room. Longer than any function timeout. */
export const SAVE_ENTRY_LEASE_MS = 2 * 60 * 1000;

export const isRunning = (entry: SaveEntry, now: Date) => now.getTime() - entry.at.getTime() < SAVE_ENTRY_LEASE_MS;

/** An earlier call of the same request (a retry that overtook it) is still storing its credits. */
export function twinRunning(me: SaveEntry, entries: readonly SaveEntry[], now: Date): boolean {
  const mine = entries.findIndex((e) => e.id === me.id);
  return (mine < 0 ? entries : entries.slice(0, mine)).some((e) => e.saveId === me.saveId && isRunning(e, now));
}

export interface Room {
  /** New credits of each kind this call may store. */
  room: CreditCounts;
  /** The saveIds of the running calls listed before this one: stored with its credits. */
  counted: string[];
}

export function roomFor(me: SaveEntry, entries: readonly SaveEntry[], live: readonly HeldCredit[], caps: CreditCounts, now: Date): Room {
  const mine = entries.findIndex((e) => e.id === me.id);
  const before = (mine < 0 ? entries : entries.slice(0, mine)).filter((e) => isRunning(e, now) && e.saveId !== me.saveId);
  const counted = [...new Set(before.map((e) => e.saveId))];
  const taken: CreditCounts = { form: 0, subscribe: 0 };
  for (const e of before) {
    taken.form += e.wants.form;
    taken.subscribe += e.wants.subscribe;
  }
  for (const c of live) {
    if (c.saveId === me.saveId || counted.includes(c.saveId) || c.countedSaves.includes(me.saveId)) continue;
    taken[c.kind] += 1;
  }
  return {
    room: { form: Math.max(0, caps.form - taken.form), subscribe: Math.max(0, caps.subscribe - taken.subscribe) },
    counted,
  };
}
