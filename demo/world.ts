// The demo's cloud: the emulator with the built functions and a fresh data folder, the database's
// indexes as a deployer creates them (database/indexes.json), WeChat's side set up as for a real
// mini-program (its pages, one subscribe template and one legacy template-message template, each
// with the field labels WeChat shows), the template-message mode and send faults.
import fs from 'node:fs';
import path from 'node:path';
import defaults from '../src/config/defaults.json';
import { startEmulator, type Emulator } from '../emulator';
import { virtualClock } from '../emulator/clock';
import type { TemplateMessageMode } from '../emulator/backend';

export interface TemplateInfo {
  id: string;
  /** The template's title in the WeChat template library. */
  title: string;
  /** Data key → the label WeChat prints before its value. */
  labels: Record<string, string>;
}

export const TEMPLATES: { subscribe: TemplateInfo; form: TemplateInfo } = {
  subscribe: { id: 'DEMO_SUBSCRIBE_CHECKIN', title: '签到提醒', labels: { thing1: '活动名称', thing2: '温馨提示', date3: '日期', thing4: '备注' } },
  form: { id: 'DEMO_FORM_CHECKIN', title: '签到提醒', labels: { keyword1: '签到奖励', keyword2: '签到进度', keyword3: '温馨提示', keyword4: '日期' } },
};

/** The pages of the released mini-program (a send to any other page fails with 41030). */
const PAGES = ['pages/checkin/index', 'pages/settings/index'];
const FUNCTIONS = ['saveFormId', 'checkIn', 'reminderSettings', 'sendReminders', 'expireFormIds'];

export interface WorldOptions {
  /** Emptied first (the emulator's lock keeps a running one safe): the demo always starts fresh. */
  dataDir: string;
  start: Date;
  templateMessage: TemplateMessageMode;
  /** Share of message sends WeChat answers with -1 (system busy), 0..1. */
  faultRate: number;
  seed: number;
}

/** database/indexes.json: the indexes the README has a deployer create in the console. */
function projectIndexes(): Array<[string, string[]]> {
  const file = path.join(__dirname, '..', 'database', 'indexes.json');
  const declared = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Array<{ fields: Array<[string, string]> }>>;
  return Object.entries(declared).flatMap(([collection, list]) => list.map((i): [string, string[]] => [collection, i.fields.map(([field]) => field)]));
}

function sameKeys(a: object, b: object): boolean {
  return Object.keys(a).sort().join() === Object.keys(b).sort().join();
}

export async function startWorld(options: WorldOptions): Promise<Emulator> {
  // The templates must carry the fields the functions' message data fills in.
  if (!sameKeys(TEMPLATES.subscribe.labels, defaults.subscribeData) || !sameKeys(TEMPLATES.form.labels, defaults.formData)) {
    throw new Error('demo/world.ts: the demo templates no longer match the message data in src/config/defaults.json');
  }
  const env = { REMINDER_SUBSCRIBE_TEMPLATE_ID: TEMPLATES.subscribe.id, REMINDER_FORM_TEMPLATE_ID: TEMPLATES.form.id };
  // One send at a time, so that the seed decides everything: with sends in flight side by side,
  // which of them the fault dice hit, and how many form sends meet 45103 before the run closes
  // that channel, would depend on timing.
  const functionEnv = Object.fromEntries(FUNCTIONS.map((f) => [f, f === 'sendReminders' ? { ...env, REMINDER_SEND_CONCURRENCY: '1' } : env]));
  const emulator = await startEmulator({
    clock: virtualClock(options.start, { flowing: false }),
    dataDir: options.dataDir,
    functionEnv,
  });
  try {
    const { wechat, instrument, db } = emulator.backend;
    emulator.backend.wipe();
    for (const [collection, fields] of projectIndexes()) db.ensureIndex(collection, fields);
    wechat.registerTemplate(TEMPLATES.subscribe.id, { kind: 'subscribe', fields: Object.keys(TEMPLATES.subscribe.labels) });
    wechat.registerTemplate(TEMPLATES.form.id, { kind: 'form', fields: Object.keys(TEMPLATES.form.labels) });
    wechat.setPages(PAGES);
    wechat.setTemplateMessageMode(options.templateMessage);
    instrument.seed(options.seed);
    if (options.faultRate > 0) instrument.injectFault({ action: 'wx.openApi:*', rate: options.faultRate, errcode: -1 });
    return emulator;
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
