// Drives the real wx-server-sdk in this process against a backend started for the test.
// jest gives each test file its own copy of process.env and its own module registry, so the SDK
// is required only after the variables below point at the backend (the SDK reads them per call).
import { virtualClock, type Clock } from '../../../emulator/clock';
import { sdkEnvironment, startBackend, type Backend, type BackendOptions } from '../../../emulator/backend';

export const START = new Date('2024-03-01T02:00:00.000Z');

export interface SdkHarness {
  backend: Backend;
  clock: Clock;
  // The SDK's own typings are loose; tests use it the way cloud functions do.
  cloud: any;
  db: any;
}

export async function startWithSdk(
  options: Partial<BackendOptions> = {},
  context: Record<string, string> = { WX_OPENID: 'o-tester', WX_APPID: 'wx-test' },
  init: Record<string, unknown> = {},
): Promise<SdkHarness> {
  const clock = options.clock ?? virtualClock(START, { flowing: false });
  const backend = await startBackend({ dataDir: null, ...options, clock });
  Object.assign(process.env, sdkEnvironment(backend), { WX_CONTEXT_KEYS: Object.keys(context).join(','), ...context });
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV, ...init });
  return { backend, clock, cloud, db: cloud.database() };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<{ errCode?: number; errMsg?: string; message?: string; code?: string }> {
  try {
    await p;
  } catch (error) {
    return error as { errCode?: number; errMsg?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
