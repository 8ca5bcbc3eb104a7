// What the summary is made of — all read back from the emulator after the run: the timer runs and
// the functions' answers, WeChat's outbox and send attempts, and the database's collections.
import type { Emulator } from '../../emulator';
import type { Attempt, OutboxEntry } from '../../emulator/backend';
import type { TimerFiring } from '../../emulator/timers';

export interface CheckInRecord {
  openid: string;
  date: string;
  at: Date;
}

export interface CreditRecord {
  kind: string;
  status: string;
  expireAt: Date;
}

export interface Sources {
  firings: TimerFiring[];
  outbox: OutboxEntry[];
  attempts: Attempt[];
  checkins: CheckInRecord[];
  credits: CreditRecord[];
}

export function readSources(emulator: Emulator): Sources {
  const { db, wechat } = emulator.backend;
  const all = (name: string) => (db.collections().includes(name) ? db.find(name, {}) : []);
  return {
    firings: emulator.timers.firings(),
    outbox: wechat.outbox(),
    attempts: wechat.attempts(),
    checkins: all('checkins').map((c) => ({ openid: String(c.openid), date: String(c.date), at: c.at as Date })),
    credits: all('credits').map((c) => ({ kind: String(c.kind), status: String(c.status), expireAt: c.expireAt as Date })),
  };
}
