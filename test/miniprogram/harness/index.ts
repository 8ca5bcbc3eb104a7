// Test set-up for the mini-program: the cloud behind a completed `wx`, a shared clock for the
// device and the cloud, and the configured subscribe template.
//
// The cloud is the real bundled functions on the local emulator (emulatorBackend.ts): one emulator
// per test file, started before the first test and stopped after the last; each test starts from a
// clean environment (`reset`) with the clock at START. Tests talk to the CloudBackend interface
// (backend.ts) only.
import type { RenderedComponent } from 'miniprogram-simulate';
import { appConfig } from '../../../miniprogram/config';
import { TEMPLATES } from '../../../local/deployment';
import type { CloudBackend } from './backend';
import { emulatorBackend } from './emulatorBackend';
import { installWx, type WxHarness } from './wx';

export const TEST_OPENID = 'o-miniprogram-test-user';
export const TEMPLATE_ID = TEMPLATES.subscribe.id;
/** Monday 2024-05-06 09:00 in Shanghai. */
export const START = new Date('2024-05-06T01:00:00Z');

export function startBackend(start: Date, options: TestCloudOptions = {}): Promise<CloudBackend> {
  return emulatorBackend({ openid: TEST_OPENID, start, ...options });
}

export interface TestCloud {
  readonly backend: CloudBackend;
  readonly wx: WxHarness;
  /** Moves the phone's clock and the backend's clock to `iso` together (forward only). */
  travelTo(iso: string): Promise<void>;
  /**
   * A real tap on content inside <form-collector>, then waits for what it started: WeChat issues
   * `formId`, the content's own tap runs, and the form around it submits with `formId`, both as
   * handlers of one tap (wx.withTap), so WeChat's sensitive APIs may be called in them.
   * simulate's built-in form and button are stubs, so the submit is dispatched by hand; it starts at
   * the tapped content and bubbles (composed) to the enclosing form, so only content really inside
   * a collector yields a form id.
   */
  tap(element: RenderedComponent, formId: string): Promise<void>;
  /**
   * Settles until `check` holds (10 s at most): for what the app does after a wait of its own, such
   * as a service retrying a call after its backoff (no call is in flight while it waits).
   */
  until(check: () => boolean, what: string): Promise<void>;
  /** What the mini-program logged with console.warn during the test (kept out of the output). */
  readonly warnings: string[];
}

export interface TestCloudOptions {
  /**
   * A form template configured, on the functions and in the app's configuration: taps' form ids are
   * collected and stored. Off by default, as the checked-in configuration has it (template messages
   * are retired).
   */
  formChannel?: boolean;
  /** How many subscribe templates are configured, on the functions and in the app (1–3, default 1). */
  subscribeTemplates?: number;
}

/** Registers the file's cloud (started once) and per-test set-up: a clean cloud and device, the clock at START. */
export function useTestCloud(options: TestCloudOptions = {}): TestCloud {
  let backend: CloudBackend | undefined;
  let harness: WxHarness | undefined;
  const warnings: string[] = [];
  const cloud: TestCloud = {
    warnings,
    get backend() {
      if (!backend) throw new Error('useTestCloud: no backend outside a test');
      return backend;
    },
    get wx() {
      if (!harness) throw new Error('useTestCloud: no wx outside a test');
      return harness;
    },
    async tap(element, formId) {
      await cloud.backend.formIdIssued(formId);
      // One user gesture: the content's tap and the form's submit run in it.
      cloud.wx.withTap(() => {
        element.dispatchEvent('tap');
        element.dispatchEvent('submit', { detail: { formId, value: {} } });
      });
      await cloud.wx.settle();
    },
    async until(check, what) {
      const deadline = performance.now() + 10_000;
      for (;;) {
        await cloud.wx.settle();
        if (check()) return;
        if (performance.now() > deadline) throw new Error(`until: ${what} did not happen within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async travelTo(iso) {
      const at = new Date(iso);
      jest.setSystemTime(at);
      await cloud.backend.setNow(at);
    },
  };

  beforeAll(async () => {
    backend = await startBackend(START, options);
  });

  afterAll(async () => {
    await backend?.close();
    backend = undefined;
  });

  beforeEach(async () => {
    // Only Date is faked: timers stay real so rendering and the calls to the emulator run as usual.
    jest.useFakeTimers({
      now: START,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    await cloud.backend.reset(START);
    harness = installWx(cloud.backend);
    appConfig.reminderTemplateIds = [...cloud.backend.subscribeTemplateIds];
    appConfig.formChannel = options.formChannel ?? false;
    warnings.length = 0;
    jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  });

  afterEach(async () => {
    await harness?.settle();
    harness = undefined;
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  return cloud;
}
