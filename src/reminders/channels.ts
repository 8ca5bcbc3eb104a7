// The state of the two send channels during one run (DESIGN §3, docs/reminders.md "Channels"):
// open, or closed with a reason the run answer reports. A channel starts closed when its template
// id is empty (disabled), its message configuration breaks WeChat's rules, or it was stopped for
// the day; it closes during the run on a configuration errcode, 45103 (retired) or 45009 (quota).
import type { Config } from '../config';
import type { ChannelReport, ChannelsReport, ChannelState } from '../contract';
import type { CreditKind, OpenChannels } from '../domain/credits';
import { checkReminderConfig } from '../domain/message/reminderMessage';
import type { ChannelStop } from '../domain/sendOutcome';

const KINDS: readonly CreditKind[] = ['form', 'subscribe'];
const TEMPLATE_VAR: Record<CreditKind, string> = { form: 'REMINDER_FORM_TEMPLATE_ID', subscribe: 'REMINDER_SUBSCRIBE_TEMPLATE_ID' };
const DATA_VAR: Record<CreditKind, string> = { form: 'REMINDER_FORM_DATA', subscribe: 'REMINDER_SUBSCRIBE_DATA' };
/** Which state wins when workers report different ones (the most telling first). */
const RANK: readonly ChannelState[] = ['misconfigured', 'broken', 'quota', 'retired', 'disabled', 'open'];

export class Channels {
  private readonly states: Record<CreditKind, ChannelReport>;
  private readonly notes = new Map<string, string>();

  constructor(config: Config, stoppedForDay: readonly CreditKind[], date: string) {
    const templateIds: Record<CreditKind, string> = { form: config.formTemplateId, subscribe: config.subscribeTemplateId };
    this.states = { form: { state: 'open' }, subscribe: { state: 'open' } };
    for (const kind of KINDS) {
      if (templateIds[kind] === '') {
        this.states[kind] = { state: 'disabled', message: `${TEMPLATE_VAR[kind]} is empty: the ${kind} channel is disabled` };
        continue;
      }
      // Checked before any credit is spent: a message WeChat would refuse must not cost a credit.
      const problems = checkReminderConfig(config, kind);
      if (problems.length > 0) {
        const detail = problems.map((p) => `${p.key}: ${p.message}`).join('; ');
        this.states[kind] = { state: 'misconfigured', message: `${DATA_VAR[kind]} breaks WeChat's rules, nothing sent on the ${kind} channel: ${detail}` };
        continue;
      }
      if (stoppedForDay.includes(kind)) {
        this.states[kind] = { state: 'quota', message: `the ${kind} channel is stopped for ${date}: WeChat's daily quota (45009) was reached` };
      }
    }
  }

  isOpen(kind: CreditKind): boolean {
    return this.states[kind].state === 'open';
  }

  open(): OpenChannels {
    return { form: this.isOpen('form'), subscribe: this.isOpen('subscribe') };
  }

  anyOpen(): boolean {
    return KINDS.some((k) => this.isOpen(k));
  }

  /** Closes an open channel; true when this call closed it (the caller then reports or persists it once). */
  stop(kind: CreditKind, state: ChannelStop['state'], message: string): boolean {
    if (!this.isOpen(kind)) return false;
    this.states[kind] = { state, message };
    console.error(`[sendReminders] ${message}`);
    return true;
  }

  /** A loud line for the run answer, once per key (e.g. an unknown errcode). */
  note(key: string, message: string): void {
    if (this.notes.has(key)) return;
    this.notes.set(key, message);
    console.error(`[sendReminders] ${message}`);
  }

  report(): ChannelsReport {
    return { form: { ...this.states.form }, subscribe: { ...this.states.subscribe } };
  }

  /** Everything worth a person's attention: closed channels (other than disabled ones) and notes. */
  problems(): string[] {
    const closed = KINDS.filter((k) => !['open', 'disabled'].includes(this.states[k].state)).map((k) => this.states[k].message ?? `${k} channel ${this.states[k].state}`);
    const none = KINDS.every((k) => this.states[k].state === 'disabled') ? ['both channels are disabled: set REMINDER_SUBSCRIBE_TEMPLATE_ID'] : [];
    return [...none, ...closed, ...this.notes.values()];
  }
}

/** The channel reports of several workers as one: the most telling state per channel. */
export function mergeChannelReports(reports: readonly ChannelsReport[]): ChannelsReport | null {
  if (reports.length === 0) return null;
  const pick = (kind: CreditKind) =>
    reports.map((r) => r[kind]).reduce((best, r) => (RANK.indexOf(r.state) < RANK.indexOf(best.state) ? r : best));
  return { form: pick('form'), subscribe: pick('subscribe') };
}

const isReport = (v: unknown): v is ChannelReport =>
  typeof v === 'object' && v !== null && RANK.includes((v as ChannelReport).state) && ['string', 'undefined'].includes(typeof (v as ChannelReport).message);

export function channelsReportOf(v: unknown): ChannelsReport | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  return isReport(r.form) && isReport(r.subscribe) ? { form: r.form, subscribe: r.subscribe } : null;
}
