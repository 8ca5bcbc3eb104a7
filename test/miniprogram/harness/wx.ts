// The parts of `wx` that miniprogram-simulate leaves out or stubs, made real enough to test with:
// storage that keeps values, `wx.cloud` whose callFunction goes over a "network" to a CloudBackend,
// and WeChat's subscription machinery as PLATFORM.md §1 describes it: a scripted subscribe dialog
// with "总是保持以上选择", the choices it keeps (wx.getSetting's itemSettings), the main switch,
// wx.openSetting, and the tap that requestSubscribeMessage and openSetting need (the tap state: a
// cloud call uses it up; wx.getSetting carries it into its callbacks). Faults of the phone itself
// (no network, the dialog failing) are switches here; faults of the cloud are the backend's.
import 'miniprogram-simulate'; // installs its global `wx` first; we complete it below
import type { CloudBackend } from './backend';

export interface RecordedCall {
  name: string;
  data: Record<string, unknown>;
  /** What became of it: no network, the function failed on the platform (-504002), or it answered. */
  outcome: 'offline' | 'crashed' | 'answered';
}

/**
 * What the user does in the subscribe dialog: the same answer for every template shown, or one per
 * template; `keep` ticks "总是保持以上选择" (WeChat then answers later requests without a dialog).
 * `failCode` makes the dialog itself fail (10002 network, …).
 */
export type SubscribeReply = { answer: string; keep?: boolean } | { answers: Record<string, string>; keep?: boolean } | { failCode: number };

/** WeChat's subscription settings for this app and user (wx.getSetting's subscriptionsSetting). */
export interface SubscriptionsSetting {
  mainSwitch: boolean;
  /** Only the templates the user ticked "总是保持以上选择" for. */
  itemSettings: Record<string, 'accept' | 'reject' | 'ban'>;
}

/** What a wx.showModal dialog showed. */
export interface ShownModal {
  title: string;
  content: string;
  confirmText: string | undefined;
}

export interface WxHarness {
  /** Every callFunction the mini-program made, in order, whatever became of it. */
  readonly calls: RecordedCall[];
  callsTo(name: string): RecordedCall[];
  /** While true, callFunction fails like a phone without network. */
  offline: boolean;
  /** The next callFunction runs, and its answer is lost on the way back (the phone sees a network failure). */
  loseNextAnswer: boolean;
  /** What the subscribe dialog answers next; every request is recorded with its template ids. */
  subscribeReply: SubscribeReply;
  readonly subscribeRequests: string[][];
  /** How often WeChat really showed the dialog (a request for kept templates only shows none). */
  dialogsShown: number;
  /** The user's subscription settings as WeChat keeps them. */
  readonly subscriptions: SubscriptionsSetting;
  /** What the user does on WeChat's settings page when the app opens it (default: nothing). */
  onSettingsPage: (settings: SubscriptionsSetting) => void;
  /** Requests refused because no tap preceded them (WeChat: "can only be invoked by user TAP gesture"). */
  readonly refusedWithoutTap: string[];
  /** Runs `action` as a real tap: the handlers it dispatches may call one of WeChat's sensitive APIs. */
  withTap(action: () => void): void;
  /** The env `wx.cloud.init` was called with. */
  readonly cloudInits: unknown[];
  /** Titles of the toasts shown (wx.showToast). */
  readonly toasts: string[];
  /** How often WeChat's settings page was opened (wx.openSetting), with its options. */
  readonly openedSettings: unknown[];
  /** The button the user taps in the next wx.showModal dialogs; every dialog is recorded. */
  modalReply: 'confirm' | 'cancel';
  readonly modals: ShownModal[];
  /** How often the app read the settings (wx.getSetting). */
  settingsReads: number;
  readonly storage: Map<string, string>;
  /** Resolves when no callFunction or dialog is in flight and the page had two turns to render. */
  settle(): Promise<void>;
}

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The tap a handler runs in: WeChat's sensitive APIs check it and use it up. */
interface Tap {
  live: boolean;
}

const GRANTS = ['accept', 'acceptWithAudio', 'acceptWithAlert', 'acceptWithForcePush'];
const NO_TAP = 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.';

export function installWx(backend: CloudBackend): WxHarness {
  let inFlight = 0;
  /** The tap the code now running may use: set during a tap's handlers and in callbacks that carry it. */
  let tap: Tap | null = null;
  const storage = new Map<string, string>();
  const harness: WxHarness = {
    calls: [],
    callsTo: (name) => harness.calls.filter((c) => c.name === name),
    offline: false,
    loseNextAnswer: false,
    subscribeReply: { answer: 'accept' },
    subscribeRequests: [],
    dialogsShown: 0,
    subscriptions: { mainSwitch: true, itemSettings: {} },
    onSettingsPage: () => {},
    refusedWithoutTap: [],
    withTap(action) {
      // A tap's state lasts for the macrotask of its handlers (simulate dispatches events in
      // microtasks, as WeChat's handlers may continue after an await), and no longer.
      const mine: Tap = { live: true };
      tap = mine;
      action();
      setTimeout(() => {
        if (tap === mine) tap = null;
      }, 0);
    },
    cloudInits: [],
    toasts: [],
    openedSettings: [],
    modalReply: 'confirm',
    modals: [],
    settingsReads: 0,
    storage,
    async settle() {
      const deadline = performance.now() + 10_000; // Date is the phone's, and frozen
      for (let quiet = 0; quiet < 2; ) {
        await turn();
        quiet = inFlight === 0 ? quiet + 1 : 0;
        if (performance.now() > deadline) throw new Error(`settle: ${inFlight} callFunction still in flight after 10 s`);
      }
    },
  };

  /** Uses the current tap up: true when there was one to use. */
  const useTap = (): boolean => {
    if (!tap?.live) return false;
    tap.live = false;
    return true;
  };

  /** Runs a callback later, in a macrotask of its own: with the tap it was started in if it carries one (wx.getSetting's do). */
  const later = (carried: Tap | null, callback: () => void | Promise<void>) => {
    inFlight++;
    setTimeout(async () => {
      tap = carried;
      let running: void | Promise<void>;
      try {
        running = callback();
      } finally {
        tap = null;
      }
      try {
        await running;
      } finally {
        inFlight--;
      }
    }, 0);
  };

  const subscriptionsSetting = () => {
    const { mainSwitch, itemSettings } = harness.subscriptions;
    // itemSettings is absent until the user ticks "总是保持以上选择" for a template.
    return Object.keys(itemSettings).length > 0 ? { mainSwitch, itemSettings: { ...itemSettings } } : { mainSwitch };
  };

  async function callFunction(param: { name: string; data?: Record<string, unknown> }) {
    // What travels is JSON, both ways.
    const call: RecordedCall = { name: param.name, data: clone(param.data ?? {}), outcome: 'offline' };
    harness.calls.push(call);
    if (harness.offline) throw { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail' };
    let result: unknown;
    try {
      result = clone(await backend.call(call.name, call.data));
    } catch (failure) {
      if ((failure as { errCode?: number }).errCode === -504002) call.outcome = 'crashed';
      throw failure;
    }
    call.outcome = 'answered';
    if (harness.loseNextAnswer) {
      harness.loseNextAnswer = false;
      throw { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' };
    }
    return { errMsg: 'cloud.callFunction:ok', result, requestID: `req-${harness.calls.length}` };
  }

  const cloud = {
    init(config: unknown) {
      harness.cloudInits.push(config);
    },
    callFunction(param: { name: string; data?: Record<string, unknown>; success?: (r: unknown) => void; fail?: (e: unknown) => void }) {
      useTap(); // a cloud call uses the tap up (observed on WeChat: requestSubscribeMessage after it fails)
      inFlight++;
      const done = callFunction(param).finally(() => inFlight--);
      if (param.success || param.fail) done.then(param.success, param.fail);
      return done;
    },
  };

  /** The dialog's answer for each template WeChat shows it for, and what the user keeps. */
  function dialogAnswers(shown: string[]): Record<string, string> | null {
    const reply = harness.subscribeReply;
    if ('failCode' in reply) return null;
    harness.dialogsShown++;
    const answers = Object.fromEntries(shown.map((id) => [id, 'answers' in reply ? (reply.answers[id] ?? 'reject') : reply.answer]));
    if (reply.keep) {
      for (const id of shown) harness.subscriptions.itemSettings[id] = GRANTS.includes(answers[id]!) ? 'accept' : 'reject';
    }
    return answers;
  }

  function requestSubscribeMessage(param: { tmplIds: string[]; success?: (r: unknown) => void; fail?: (e: unknown) => void }) {
    harness.subscribeRequests.push([...param.tmplIds]);
    if (!useTap()) {
      harness.refusedWithoutTap.push('requestSubscribeMessage');
      later(null, () => param.fail?.({ errMsg: NO_TAP }));
      return;
    }
    // The dialog answers after the user taps: asynchronously, once WeChat has recorded the answer.
    later(null, async () => {
      const { mainSwitch, itemSettings } = harness.subscriptions;
      if (!mainSwitch) return param.fail?.({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail 20004 The main switch is switched off' });
      // Templates with a kept choice are answered without asking; a dialog shows for the others.
      const shown = param.tmplIds.filter((id) => itemSettings[id] === undefined);
      const asked = shown.length > 0 ? dialogAnswers(shown) : {};
      if (!asked) {
        const { failCode } = harness.subscribeReply as { failCode: number };
        return param.fail?.({ errCode: failCode, errMsg: `requestSubscribeMessage:fail ${failCode}` });
      }
      const answers = Object.fromEntries(param.tmplIds.map((id) => [id, asked[id] ?? itemSettings[id]!]));
      for (const [id, answer] of Object.entries(answers)) await backend.subscribeAnswered(id, answer);
      param.success?.({ errMsg: 'requestSubscribeMessage:ok', ...answers });
    });
  }

  Object.assign(wx, {
    cloud,
    getStorageSync: (key: string) => (storage.has(key) ? JSON.parse(storage.get(key)!) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, JSON.stringify(value)),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    requestSubscribeMessage,
    getSetting(param: { withSubscriptions?: boolean; success?: (r: unknown) => void }) {
      harness.settingsReads++;
      // Called in a tap, its callbacks may still use that tap (WeChat's documented exception).
      later(tap?.live ? tap : null, () => param.success?.({ errMsg: 'getSetting:ok', authSetting: {}, ...(param.withSubscriptions ? { subscriptionsSetting: subscriptionsSetting() } : {}) }));
    },
    openSetting(param: { withSubscriptions?: boolean; success?: (r: unknown) => void; fail?: (e: unknown) => void }) {
      harness.openedSettings.push({ withSubscriptions: param.withSubscriptions });
      if (!useTap()) {
        harness.refusedWithoutTap.push('openSetting');
        later(null, () => param.fail?.({ errMsg: 'openSetting:fail can only be invoked by user TAP gesture.' }));
        return;
      }
      later(null, () => {
        harness.onSettingsPage(harness.subscriptions);
        param.success?.({ errMsg: 'openSetting:ok', authSetting: {}, ...(param.withSubscriptions ? { subscriptionsSetting: subscriptionsSetting() } : {}) });
      });
    },
    stopPullDownRefresh() {},
    showToast(param: { title: string }) {
      harness.toasts.push(param.title);
    },
    showModal(param: { title: string; content: string; confirmText?: string; success?: (r: { errMsg: string; confirm: boolean; cancel: boolean }) => void }) {
      harness.modals.push({ title: param.title, content: param.content, confirmText: param.confirmText });
      const confirm = harness.modalReply === 'confirm';
      // The user taps a button later: asynchronously.
      inFlight++;
      setTimeout(() => {
        try {
          param.success?.({ errMsg: 'showModal:ok', confirm, cancel: !confirm });
        } finally {
          inFlight--;
        }
      }, 0);
    },
  });
  return harness;
}
