// The parts of `wx` that miniprogram-simulate leaves out or stubs, made real enough to test with:
// storage that keeps values, `wx.cloud` whose callFunction goes over a "network" to a CloudBackend,
// and a scripted `wx.requestSubscribeMessage`. Faults of the phone itself (no network, the dialog
// failing) are switches here; faults of the cloud are the backend's (`crash`, `failDatabase`).
import 'miniprogram-simulate'; // installs its global `wx` first; we complete it below
import type { CloudBackend } from './backend';

export interface RecordedCall {
  name: string;
  data: Record<string, unknown>;
  /** What became of it: no network, the function failed on the platform (-504002), or it answered. */
  outcome: 'offline' | 'crashed' | 'answered';
}

export type SubscribeReply = { answer: string } | { failCode: number };

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
  /** What the subscribe dialog answers next; every request is recorded with its template ids. */
  subscribeReply: SubscribeReply;
  readonly subscribeRequests: string[][];
  /** The env `wx.cloud.init` was called with. */
  readonly cloudInits: unknown[];
  /** Titles of the toasts shown (wx.showToast). */
  readonly toasts: string[];
  /** How often WeChat's settings page was opened (wx.openSetting), with its options. */
  readonly openedSettings: unknown[];
  /** The button the user taps in the next wx.showModal dialogs; every dialog is recorded. */
  modalReply: 'confirm' | 'cancel';
  readonly modals: ShownModal[];
  readonly storage: Map<string, string>;
  /** Resolves when no callFunction or dialog is in flight and the page had two turns to render. */
  settle(): Promise<void>;
}

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));
const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function installWx(backend: CloudBackend): WxHarness {
  let inFlight = 0;
  const storage = new Map<string, string>();
  const harness: WxHarness = {
    calls: [],
    callsTo: (name) => harness.calls.filter((c) => c.name === name),
    offline: false,
    subscribeReply: { answer: 'accept' },
    subscribeRequests: [],
    cloudInits: [],
    toasts: [],
    openedSettings: [],
    modalReply: 'confirm',
    modals: [],
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
    return { errMsg: 'cloud.callFunction:ok', result, requestID: `req-${harness.calls.length}` };
  }

  const cloud = {
    init(config: unknown) {
      harness.cloudInits.push(config);
    },
    callFunction(param: { name: string; data?: Record<string, unknown>; success?: (r: unknown) => void; fail?: (e: unknown) => void }) {
      inFlight++;
      const done = callFunction(param).finally(() => inFlight--);
      if (param.success || param.fail) done.then(param.success, param.fail);
      return done;
    },
  };

  Object.assign(wx, {
    cloud,
    getStorageSync: (key: string) => (storage.has(key) ? JSON.parse(storage.get(key)!) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, JSON.stringify(value)),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    requestSubscribeMessage(param: { tmplIds: string[]; success?: (r: unknown) => void; fail?: (e: unknown) => void }) {
      harness.subscribeRequests.push([...param.tmplIds]);
      const reply = harness.subscribeReply;
      // The dialog answers after the user taps: asynchronously, once WeChat has recorded the answer.
      inFlight++;
      setTimeout(async () => {
        try {
          if ('failCode' in reply) return param.fail?.({ errCode: reply.failCode, errMsg: `requestSubscribeMessage:fail ${reply.failCode}` });
          for (const id of param.tmplIds) await backend.subscribeAnswered(id, reply.answer);
          param.success?.({ errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(param.tmplIds.map((id) => [id, reply.answer])) });
        } finally {
          inFlight--;
        }
      }, 0);
    },
    stopPullDownRefresh() {},
    showToast(param: { title: string }) {
      harness.toasts.push(param.title);
    },
    openSetting(param: Record<string, unknown>) {
      harness.openedSettings.push({ ...param, fail: undefined });
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
