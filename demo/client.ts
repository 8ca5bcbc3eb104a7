// One user's visit to the mini-program, through the real functions, the way the mini-program makes
// it (docs/miniprogram.md), with the app's own rules for asking (miniprogram/logic/subscribePolicy.ts):
// open the check-in page (`checkIn` today); a user who keeps "accept" is topped up silently at the
// answer tap; answer the question; tap a few form-collector areas (each tap a form id from WeChat,
// while the form channel is on); answer the subscribe offer when it is shown (after a check-in,
// while fewer than 3 subscribe credits are known) — or, with all subscription messages off, the
// way to WeChat's settings; and upload each dialog's answers and the form ids to `saveFormId`,
// each upload with a request id.
import type { Emulator } from 'wx-cloud-emulator';
import type { SubscribeAnswer } from '../src/contract';
import { isGrant } from '../miniprogram/logic/creditRules';
import { askPlan, topUpWanted, type SubscriptionSettings } from '../miniprogram/logic/subscribePolicy';
import { PERSONAS, type DemoUser, type Persona } from './population';
import type { Dice } from './random';

/** Below this many known subscribe credits the check-in page shows the subscribe offer. */
const OFFER_BELOW = 3;

export interface ClientState {
  /** Subscribe credits the client last heard of (saveFormId answers them). */
  knownSubscribeCredits: number;
  settingsDone: boolean;
  /** What WeChat keeps for this user and app: the main switch and the choices kept with "总是保持以上选择". */
  wechat: SubscriptionSettings;
  /** saveFormId said the form channel is off: the app collects no form ids. */
  formChannelOff: boolean;
  uploads: number;
}

export function newClientState(persona: Persona): ClientState {
  return { knownSubscribeCredits: 0, settingsDone: false, wechat: { mainSwitch: !persona.messagesOff, kept: {} }, formChannelOff: false, uploads: 0 };
}

export interface CallLog {
  calls: number;
  /** Calls whose answer was not ok (the instance failed, or the function answered ok: false). */
  failures: Array<{ at: Date; fn: string; openid: string; error: string }>;
}

export interface Channel {
  /** The subscribe templates the app asks for, all in one dialog. */
  subscribeTemplateIds: string[];
  /** The build configured a form template (appConfig.formChannel). */
  formChannel: boolean;
}

type Answer = Record<string, unknown> & { ok?: boolean };
type Answers = Record<string, SubscribeAnswer>;

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

  /**
   * wx.requestSubscribeMessage for `templateIds`: kept choices answer at once, the dialog the rest
   * (the persona's answer, kept when the persona ticks the box). WeChat records each grant.
   */
  private ask(user: DemoUser, state: ClientState, templateIds: readonly string[], accepted: boolean): Answers {
    const persona = PERSONAS[user.persona];
    const answers: Answers = {};
    for (const id of templateIds) {
      const kept = state.wechat.kept[id];
      const answer: SubscribeAnswer = kept === 'accept' ? 'accept' : kept ?? (accepted ? (persona.grantAnswer ?? 'accept') : 'reject');
      if (kept === undefined && persona.keepsChoice) state.wechat.kept[id] = isGrant(answer) ? 'accept' : 'reject';
      if (isGrant(answer) && persona.wechatHoldsGrants) this.emulator.backend.wechat.grantSubscribe(user.openid, id);
      answers[id] = answer;
    }
    return answers;
  }

  /** One visit; the persona's settings change (if any) happens on the first one. */
  async visit(user: DemoUser, state: ClientState, d: Dice): Promise<void> {
    const persona = PERSONAS[user.persona];
    const wechat = this.emulator.backend.wechat;
    const today = await this.call('checkIn', { action: 'today' }, user.openid);
    if (!today) return;
    // As the app does: the page's load tells the stock that reminders have been spending.
    const held = today.credits as { subscribe?: number } | undefined;
    if (typeof held?.subscribe === 'number') state.knownSubscribeCredits = held.subscribe;
    const collecting = this.channel.formChannel && !state.formChannelOff;
    const formIds: string[] = [];
    const dialogs: Answers[] = [];
    let offered = false;
    if (today.checkedIn !== true) {
      const plan = askPlan(this.channel.subscribeTemplateIds, state.wechat);
      // The answer tap first tops up a user who keeps "accept", silently (no dialog).
      if (plan.kind === 'silent' && topUpWanted(plan, today.remindersEnabled === true, { form: 0, subscribe: state.knownSubscribeCredits })) {
        dialogs.push(this.ask(user, state, plan.templateIds, true));
      }
      const question = today.question as { id: string; options: string[] };
      if (collecting) formIds.push(wechat.issueFormId(user.openid)); // the answer button sits in a form-collector
      const answered = await this.call('checkIn', { action: 'answer', questionId: question.id, choice: d.int(0, question.options.length - 1) }, user.openid);
      offered = answered !== null && state.knownSubscribeCredits < OFFER_BELOW;
    }
    for (let taps = d.int(0, 3); taps > 0; taps--) if (collecting) formIds.push(wechat.issueFormId(user.openid));

    if (persona.settings && !state.settingsDone) {
      const set = await this.call('reminderSettings', { action: 'set', ...persona.settings }, user.openid);
      if (set) state.settingsDone = true;
    }

    if (offered) {
      let plan = askPlan(this.channel.subscribeTemplateIds, state.wechat);
      // All messages off: the card explains and offers WeChat's settings; some users switch them on.
      if (plan.kind === 'switched-off' && d.chance(persona.messagesOff?.switchesOn ?? 0)) {
        state.wechat.mainSwitch = true;
        plan = askPlan(this.channel.subscribeTemplateIds, state.wechat);
      }
      if (plan.kind === 'dialog') dialogs.push(this.ask(user, state, plan.templateIds, d.chance(persona.accepts)));
    }
    // One call per dialog's answers (the event maps a template to one answer), the form ids with the last.
    const uploads = dialogs.length > 0 ? dialogs.map((subscriptions, i) => ({ subscriptions, ...(i === dialogs.length - 1 && formIds.length > 0 ? { formIds } : {}) })) : formIds.length > 0 ? [{ formIds }] : [];
    for (const upload of uploads) {
      const saved = await this.call('saveFormId', { ...upload, requestId: `${user.openid}-${++state.uploads}` }, user.openid);
      const credits = saved?.credits as { subscribe?: number } | undefined;
      if (typeof credits?.subscribe === 'number') state.knownSubscribeCredits = credits.subscribe;
      if ((saved?.rejected as Array<{ reason: string }> | undefined)?.some((r) => r.reason === 'channel-off')) state.formChannelOff = true;
    }
  }
}
