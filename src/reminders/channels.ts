// The state of the two send channels during one run (DESIGN §3, docs/reminders.md "Channels"):
// open, or closed with a reason the run answer reports. A channel starts closed when no template
// is configured (disabled), its message configuration breaks WeChat's rules, or it was stopped for
// the day; it closes during the run on a configuration errcode, 45103 (retired) or 45009 (quota).
// Each subscribe template is also checked against the account's real one (getTemplateList): a
// template that does not fit has none of its credits spent, and its users keep them.
import type { MessageTemplate } from '../config';
import type { ChannelReport, ChannelsReport, ChannelState } from '../contract';
import type { ClosedChannels, CreditKind, OpenChannels } from '../domain/credits';
import { checkMessage, problemText } from '../domain/message/reminderMessage';
import { fitProblems } from '../domain/message/templateFit';
import type { ChannelStop } from '../domain/sendOutcome';
import type { SendConfig, SendDeps } from './context';
import { accountTemplates, type TemplateListing } from './templates';

const KINDS: readonly CreditKind[] = ['form', 'subscribe'];

/** What a send spends: its kind, and the form id or the subscribe template id it was given for. */
type Spendable = { kind: CreditKind; value: string };
/** Where a stop or a note is written the moment it happens (the function's log). */
type Log = (message: string) => void;
const runLog: Log = (message) => console.error(`[sendReminders] ${message}`);

export class Channels {
  private readonly states: Record<CreditKind, ChannelReport>;
  private readonly notes = new Map<string, string>();
  /** Subscribe templates whose credits are not spent, and why. */
  private readonly unfit = new Map<string, string>();

  /**
   * `listing`: the account's subscribe templates; 'not-read' where nothing is sent (quiet hours,
   * none configured), which checks the data against WeChat's rules only.
   */
  constructor(
    private readonly config: Pick<SendConfig, 'subscribeTemplates' | 'formTemplate'>,
    closed: ClosedChannels,
    date: string,
    listing: TemplateListing | 'not-read',
    private readonly log: Log = runLog,
  ) {
    this.states = { form: this.formState(), subscribe: this.subscribeState(listing) };
    for (const kind of KINDS) {
      const state = closed[kind];
      if (!state || !this.isOpen(kind)) continue;
      this.states[kind] = {
        state,
        message: state === 'quota'
          ? `the ${kind} channel is stopped for ${date}: WeChat's daily quota (45009) was reached`
          : `the ${kind} channel is retired (WeChat answered 45103; remembered, probed again once a day): no ${kind} credit is spent, and users holding only ${kind} credits are not taken on and keep them`,
      };
    }
  }

  private formState(): ChannelReport {
    const template = this.config.formTemplate;
    if (!template) return { state: 'disabled', message: 'no form template is configured (formTemplate.id in app.config.json, or REMINDER_FORM_TEMPLATE_ID): the form channel is off' };
    // Checked before any credit is spent: a message WeChat would refuse must not cost a credit.
    const problems = checkMessage(template.data, 'form');
    if (problems.length === 0) return { state: 'open' };
    return { state: 'misconfigured', message: `form template ${template.id}: its data breaks WeChat's rules, nothing is sent on the form channel: ${problemText(problems)}` };
  }

  private subscribeState(listing: TemplateListing | 'not-read'): ChannelReport {
    const templates = this.config.subscribeTemplates;
    if (templates.length === 0) {
      return { state: 'disabled', message: 'no subscribe template is configured (subscribeTemplates in app.config.json, or REMINDER_SUBSCRIBE_TEMPLATE_ID): the subscribe channel is off' };
    }
    if (listing !== 'not-read' && !listing.ok) {
      return { state: 'broken', message: `could not read the account's subscribe templates to check them (${listing.error}); no subscribe credit is spent this run` };
    }
    for (const template of templates) {
      const account = listing === 'not-read' ? undefined : listing.templates.find((t) => t.id === template.id);
      const fit = listing === 'not-read' ? [] : fitProblems(template.data, account);
      const problems = [...fit, ...checkMessage(template.data, 'subscribe')];
      if (problems.length === 0) continue;
      const name = account ? `${template.id} (${account.title})` : template.id;
      this.unfit.set(template.id, `subscribe template ${name} does not fit its data in the configuration, so none of its credits is spent (users keep them): ${problemText(problems)}`);
    }
    if (this.unfit.size < templates.length) {
      for (const [id, message] of this.unfit) this.note(`unfit-${id}`, message);
      return { state: 'open' };
    }
    return { state: 'misconfigured', message: [...this.unfit.values()].join(' | ') };
  }

  isOpen(kind: CreditKind): boolean {
    return this.states[kind].state === 'open';
  }

  /** Closed for the rest of the date: a daily quota, or a retired API (probed again tomorrow). */
  closedForDay(kind: CreditKind): boolean {
    return this.states[kind].state === 'quota' || this.states[kind].state === 'retired';
  }

  open(): OpenChannels {
    return { form: this.isOpen('form'), subscribe: this.isOpen('subscribe') };
  }

  anyOpen(): boolean {
    return KINDS.some((k) => this.isOpen(k));
  }

  /** The template a credit is sent with: the form template, or the subscribe template it was given for. */
  templateFor(credit: Spendable): MessageTemplate | undefined {
    return credit.kind === 'form' ? (this.config.formTemplate ?? undefined) : this.config.subscribeTemplates.find((t) => t.id === credit.value);
  }

  /** Whether a credit's template does not fit the account's (its credits are kept). */
  isUnfit(credit: Spendable): boolean {
    return credit.kind === 'subscribe' && this.unfit.has(credit.value);
  }

  /** A send may spend this credit now: its channel is open and its template configured and fitting. */
  canSend(credit: Spendable): boolean {
    return this.isOpen(credit.kind) && this.templateFor(credit) !== undefined && !this.isUnfit(credit);
  }

  /** Closes an open channel; true when this call closed it (the caller then reports or persists it once). */
  stop(kind: CreditKind, state: ChannelStop['state'], message: string): boolean {
    if (!this.isOpen(kind)) return false;
    this.states[kind] = { state, message };
    this.log(message);
    return true;
  }

  /** Reports, once per template, credits users hold that this configuration does not send (I7: kept, never a reason to rest them). */
  noteUnconfigured(credit: Spendable): void {
    if (credit.kind === 'form') {
      this.note('unconfigured-form', 'users hold form credits while the form channel is off (no form template configured): the credits are kept until they expire and their users are not rested');
      return;
    }
    this.note(
      `unconfigured-${credit.value}`,
      `users hold credits for subscribe template ${credit.value}, which this configuration does not list: the credits are kept, not sent, and their users are not rested; ` +
        'list the template in subscribeTemplates again (saveFormId and sendReminders must agree) and build, or let its grants go unused',
    );
  }

  /** A loud line for the run answer, once per key (e.g. an unknown errcode). */
  note(key: string, message: string): void {
    if (this.notes.has(key)) return;
    this.notes.set(key, message);
    this.log(message);
  }

  report(): ChannelsReport {
    return { form: { ...this.states.form }, subscribe: { ...this.states.subscribe } };
  }

  /** Everything worth a person's attention: closed channels (other than disabled ones) and notes. */
  problems(): string[] {
    const closed = KINDS.filter((k) => !['open', 'disabled'].includes(this.states[k].state)).map((k) => this.states[k].message ?? `${k} channel ${this.states[k].state}`);
    const none = KINDS.every((k) => this.states[k].state === 'disabled')
      ? ['no channel is configured, nothing can be sent: set a subscribe template id (subscribeTemplates[0].id in app.config.json) and build again']
      : [];
    return [...none, ...closed, ...this.notes.values()];
  }
}

/** The channels of a run or a test send: the account's templates are read when a subscribe template is configured. */
export async function openChannels(deps: Pick<SendDeps, 'config' | 'messenger' | 'clock' | 'sleep'>, closed: ClosedChannels, date: string, log?: Log): Promise<Channels> {
  const listing = deps.config.subscribeTemplates.length > 0 ? await accountTemplates(deps) : 'not-read';
  return new Channels(deps.config, closed, date, listing, log);
}

/** Which state wins when workers report different ones (the most telling first). */
const RANK: readonly ChannelState[] = ['misconfigured', 'broken', 'quota', 'retired', 'disabled', 'open'];

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
