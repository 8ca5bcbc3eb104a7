// Push credits and which one a send uses (DESIGN.md §1, §3; invariant I3).
import type { Config } from '../config';
import type { CreditKind } from '../contract';

export type { CreditKind };

/**
 * `unused` → `sending` (claimed for one send) → `used` | `invalid` (dead, see sendOutcome) |
 * back to `unused` (transient failure). A credit left in `sending` by a dead run counts as
 * used (at-most-once). `expired`: a form credit past its `expireAt`, marked by expireFormIds.
 */
export type CreditStatus = 'unused' | 'sending' | 'used' | 'invalid' | 'expired';

export interface Credit {
  id: string;
  kind: CreditKind;
  /** Form credits: collection + 7 days. Subscribe credits: null (a grant does not expire). */
  expireAt: Date | null;
  status: CreditStatus;
}

/** A channel is off for a run when disabled by configuration, retired, broken or out of quota. */
export type OpenChannels = Readonly<Record<CreditKind, boolean>>;

/**
 * Channels closed when a run starts, as the database remembers them: `quota` for the rest of the
 * date (45009), `retired` until a daily probe finds the API answering again (45103).
 */
export type ClosedChannels = Partial<Record<CreditKind, 'quota' | 'retired'>>;

export const FORM_CREDIT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** A form id may be used for 7 days after it was collected. */
export function formExpireAt(collectedAt: Date): Date {
  return new Date(collectedAt.getTime() + FORM_CREDIT_LIFETIME_MS);
}

/** Channels a configuration enables: a form template, at least one subscribe template. */
export function configuredChannels(config: Pick<Config, 'formTemplate' | 'subscribeTemplates'>): OpenChannels {
  return { form: config.formTemplate !== null, subscribe: config.subscribeTemplates.length > 0 };
}

/** Unused, and for a form credit strictly before its expiry (a form credit without expiry is never usable). */
export function isUsable(credit: Credit, now: Date): boolean {
  if (credit.status !== 'unused') return false;
  if (credit.kind === 'subscribe') return true;
  return credit.expireAt !== null && credit.expireAt.getTime() > now.getTime();
}

// Form credits first, soonest expiry first (they are lost otherwise); subscribe credits last,
// which never expire; ties by id so every run picks the same one.
function bySpendOrder(a: Credit, b: Credit): number {
  if (a.kind !== b.kind) return a.kind === 'form' ? -1 : 1;
  const ea = a.expireAt?.getTime() ?? Infinity;
  const eb = b.expireAt?.getTime() ?? Infinity;
  if (ea !== eb) return ea - eb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The usable credits on open channels, in the order they should be spent. */
export function usableCredits<C extends Credit>(credits: readonly C[], now: Date, open: OpenChannels): C[] {
  return credits.filter((c) => open[c.kind] && isUsable(c, now)).sort(bySpendOrder);
}

/** The credit to spend next, or undefined when the user has none usable on an open channel. */
export function pickCredit<C extends Credit>(credits: readonly C[], now: Date, open: OpenChannels): C | undefined {
  return usableCredits(credits, now, open)[0];
}
