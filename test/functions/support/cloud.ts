// Boots the local emulator with the real bundled functions (cloudfunctions/<name>/index.js, built by
// `npm test` before jest), deployed as local/deployment.ts says, and gives tests a small vocabulary:
// call a function as a user, set the virtual clock, read collections, and fingerprint the whole
// database to prove nothing was written.
import { startEmulator, type Emulator } from 'wx-cloud-emulator';
import { virtualClock } from 'wx-cloud-emulator/clock';
import { projectDeployment, TEMPLATES } from '../../../local/deployment';

export const SUBSCRIBE_TEMPLATE = TEMPLATES.subscribe.id;
/** The functions the mini-program calls. */
export type FunctionName = 'saveFormId' | 'checkIn' | 'reminderSettings';

// Answers are JSON; tests read fields freely and assert their types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = any;
export type Doc = Record<string, unknown> & { _id: string };

export interface TestCloud {
  readonly emulator: Emulator;
  /** Invokes a function as the mini-program user `openid` (null: a call without identity). */
  call(name: FunctionName, event: unknown, openid: string | null): Promise<Answer>;
  /** Sets the virtual clock (it only moves forward). */
  at(instant: string | Date): void;
  now(): Date;
  find(collection: string, query?: Record<string, unknown>): Doc[];
  /** The whole database as text: equal fingerprints mean nothing was written. */
  fingerprint(): string;
  close(): Promise<void>;
}

export interface CloudOptions {
  start: string;
  /** Console variables of single functions (REMINDER_*), as local/deployment.ts takes them. */
  functionEnv?: Record<string, Record<string, string>>;
  /** The functions also configured with the form template (the form channel on); default off, as deployed. */
  formChannel?: boolean;
}

export async function startCloud(options: CloudOptions): Promise<TestCloud> {
  const clock = virtualClock(new Date(options.start), { flowing: false });
  const deployment = projectDeployment({
    ...(options.functionEnv ? { functionEnv: options.functionEnv } : {}),
    ...(options.formChannel ? { channels: { subscribe: true, form: true } } : {}),
  });
  const emulator = await startEmulator({ ...deployment, clock, dataDir: null });
  const db = emulator.backend.db;
  return {
    emulator,
    async call(name, event, openid) {
      const run = await emulator.invoke(name, event, openid === null ? { source: 'wx_client' } : { openid });
      if (!run.ok) throw new Error(`${name} did not answer: ${run.error ?? 'no error text'}`);
      return run.result;
    },
    at(instant) {
      clock.set(new Date(instant));
    },
    now: () => clock.now(),
    find: (collection, query = {}) => (db.collections().includes(collection) ? (db.find(collection, query) as Doc[]) : []),
    fingerprint() {
      const names = [...db.collections()].sort();
      return JSON.stringify(names.map((n) => [n, (db.find(n, {}) as Doc[]).sort((a, b) => (a._id < b._id ? -1 : 1))]));
    },
    close: () => emulator.close(),
  };
}

/** The one document with `_id`, or a test failure naming it. */
export function docOf(cloud: TestCloud, collection: string, id: string): Doc {
  const [doc] = cloud.find(collection, { _id: id });
  if (!doc) throw new Error(`${collection}/${id} does not exist`);
  return doc;
}
