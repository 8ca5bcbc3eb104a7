// One user's visit to the mini-program, through the real functions, the way the mini-program makes
// it (docs/miniprogram.md): open the check-in page (`checkIn` today), answer the question, tap a few
// form-collector areas (each tap a form id from WeChat), answer the subscribe offer when it is shown
// (after a check-in, while fewer than 3 subscribe credits are known), and upload form ids and the
// offer's answer in one `saveFormId` call when the page hides.
import type { Emulator } from 'wx-cloud-emulator';
import { PERSONAS, type DemoUser } from './population';
import type { Dice } from './random';

/** Below this many known subscribe credits the check-in page shows the subscribe offer. */
const OFFER_BELOW = 3;

export interface ClientState {
  /** Subscribe credits the client last heard of (saveFormId answers them). */
  knownSubscribeCredits: number;
  settingsDone: boolean;
}

export interface CallLog {
  calls: number;
  /** Calls whose answer was not ok (the instance failed, or the function answered ok: false). */
  failures: Array<{ at: Date; fn: string; openid: string; error: string }>;
}

export interface Channel {
  subscribeTemplateId: string;
}

type Answer = Record<string, unknown> & { ok?: boolean };

export class MiniProgramClient {
  constructor(
    private readonly emulator: Emulator,
    private readonly channel: Channel,
    readonly log: CallLog = { calls: 0, failures: [] },
  ) {}

  private async call(fn: string, event: unknown, openid: string): Promise<Answer | null> {
    this.log.calls++;
    const run = await this.emulator.invoke(fn, event, { openid });
    const answer = run.result as Answer | null;
    if (run.ok && answer?.ok === true) return answer;
    const error = run.ok ? `${String(answer?.code)}: ${String(answer?.message)}` : (run.error ?? 'failed');
    this.log.failures.push({ at: this.emulator.clock.now(), fn, openid, error });
    return null;
  }

  /** 删除我的数据 on the settings page, confirmed. */
  async deleteMyData(user: DemoUser): Promise<void> {
    await this.call('reminderSettings', { action: 'deleteMyData' }, user.openid);
  }

  /** One visit; the persona's settings change (if any) happens on the first one. */
  async visit(user: DemoUser, state: ClientState, d: Dice): Promise<void> {
    const persona = PERSONAS[user.persona];
    const wechat = this.emulator.backend.wechat;
    const today = await this.call('checkIn', { action: 'today' }, user.openid);
    if (!today) return;
    const formIds: string[] = [];
    let offered = false;
    if (today.checkedIn !== true) {
      const question = today.question as { id: string; options: string[] };
      formIds.push(wechat.issueFormId(user.openid)); // the answer button sits in a form-collector
      const answered = await this.call('checkIn', { action: 'answer', questionId: question.id, choice: d.int(0, question.options.length - 1) }, user.openid);
      offered = answered !== null && state.knownSubscribeCredits < OFFER_BELOW;
    }
    for (let taps = d.int(0, 3); taps > 0; taps--) formIds.push(wechat.issueFormId(user.openid));

    if (persona.settings && !state.settingsDone) {
      const set = await this.call('reminderSettings', { action: 'set', ...persona.settings }, user.openid);
      if (set) state.settingsDone = true;
    }

    const subscriptions: Record<string, string> = {};
    if (offered && this.channel.subscribeTemplateId) {
      const accepted = d.chance(persona.accepts);
      subscriptions[this.channel.subscribeTemplateId] = accepted ? 'accept' : 'reject';
      if (accepted && persona.wechatHoldsGrants) wechat.grantSubscribe(user.openid, this.channel.subscribeTemplateId);
    }
    if (formIds.length === 0 && Object.keys(subscriptions).length === 0) return;
    const saved = await this.call('saveFormId', { formIds, subscriptions }, user.openid);
    const credits = saved?.credits as { subscribe?: number } | undefined;
    if (typeof credits?.subscribe === 'number') state.knownSubscribeCredits = credits.subscribe;
  }
}
