// The few values the app keeps on the device (wx storage survives the app being closed).
import type { CreditCounts } from '../../src/contract';

export const KEYS = {
  /** Form ids and subscribe answers not yet accepted by saveFormId (logic/creditQueue.ts). */
  pendingCredits: 'reminder.pendingCredits',
  /** The day the user last declined the subscription offer (logic/subscribePolicy.ts). */
  subscribeMemory: 'reminder.subscribeMemory',
  /** The credit counts of the last answer that carried them. */
  lastCredits: 'reminder.lastCredits',
  /** The Shanghai date on which saveFormId said the form channel is off (form ids are not collected that day). */
  formChannelOff: 'reminder.formChannelOff',
} as const;

type Key = (typeof KEYS)[keyof typeof KEYS];

export function read(key: Key): unknown {
  try {
    return wx.getStorageSync(key);
  } catch (error) {
    console.warn(`storage: cannot read ${key}`, error);
    return undefined;
  }
}

export function write(key: Key, value: unknown): void {
  try {
    wx.setStorageSync(key, value);
  } catch (error) {
    // Only a full storage (10 MB) fails here; what we keep is a few KB.
    console.error(`storage: cannot write ${key}`, error);
  }
}

/** Forgets everything the app keeps on the device: after the user deleted their data, no queued form id of theirs is uploaded. */
export function forgetAll(): void {
  for (const key of Object.values(KEYS)) {
    try {
      wx.removeStorageSync(key);
    } catch (error) {
      console.error(`storage: cannot remove ${key}`, error);
    }
  }
}

export function rememberCredits(credits: CreditCounts): void {
  write(KEYS.lastCredits, credits);
}

/** The credits of the last answer that carried them, or null before the first one. */
export function lastKnownCredits(): CreditCounts | null {
  const raw = read(KEYS.lastCredits) as Partial<CreditCounts> | undefined;
  if (typeof raw !== 'object' || raw === null) return null;
  return typeof raw.form === 'number' && typeof raw.subscribe === 'number' ? { form: raw.form, subscribe: raw.subscribe } : null;
}
