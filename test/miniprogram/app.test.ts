/**
 * @jest-environment jsdom
 */
// app.ts: cloud initialisation from configuration, and the app-level uploads of pending credits.
import { appConfig } from '../../miniprogram/config';
import { credits } from '../../miniprogram/services/credits';
import { KEYS } from '../../miniprogram/services/storage';
import { TEMPLATE_ID, useTestCloud } from './harness';

const cloud = useTestCloud({ formChannel: true });

interface AppHooks {
  onLaunch(): void;
  onShow(): void;
  onHide(): void;
}

let app: AppHooks;
beforeAll(() => {
  (globalThis as unknown as { App: (options: AppHooks) => void }).App = (options) => void (app = options);
  require('../../miniprogram/app');
});

describe('the app', () => {
  const configuredEnv = appConfig.cloudEnv;
  afterEach(() => void (appConfig.cloudEnv = configuredEnv));

  it('initialises wx.cloud with the environment from configuration', () => {
    appConfig.cloudEnv = 'checkin-prod-1a2b3c';
    app.onLaunch();
    expect(cloud.wx.cloudInits).toEqual([{ env: 'checkin-prod-1a2b3c', traceUser: true }]);
  });

  it("leaves the environment to DevTools' default when none is configured", () => {
    appConfig.cloudEnv = '';
    app.onLaunch();
    expect(cloud.wx.cloudInits).toEqual([{ env: undefined, traceUser: true }]);
  });

  it('uploads the taps collected so far when the app goes to the background', async () => {
    ['a', 'the formId is a mock one', 'b'].forEach((id) => credits.collect(id));
    app.onHide();
    await cloud.wx.settle();
    expect(cloud.wx.callsTo('saveFormId').map((c) => c.data)).toEqual([{ requestId: expect.any(String), formIds: [{ value: 'a', at: Date.now() }, { value: 'b', at: Date.now() }] }]);
  });

  it('retries, when the app comes back, what an earlier session could not upload', async () => {
    // Left in storage by a session of the previous version that was killed while offline.
    cloud.wx.storage.set(KEYS.pendingCredits, JSON.stringify({ formIds: [{ value: 'left-over', at: Date.now() - 60_000 }], subscriptions: [{ templateId: TEMPLATE_ID, answer: 'accept', at: Date.now() - 60_000 }], failures: 3, retryAt: Date.now() + 60_000 }));
    app.onShow();
    await cloud.wx.settle();
    expect(await cloud.backend.credits()).toEqual({ form: 1, subscribe: 1 });
    expect(JSON.parse(cloud.wx.storage.get(KEYS.pendingCredits)!)).toEqual({ formIds: [], subscriptions: [], sending: null, failures: 0, retryAt: 0 });
  });
});
