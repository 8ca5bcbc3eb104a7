// This project on the local emulator, set up once the way the README's deploy steps set up a real
// environment: the built functions (project.config.json's cloudfunctionRoot) with their console
// variables (环境变量), the database indexes (database/indexes.json, passed unchanged), and the
// mini-program account as WeChat knows it: the released pages (miniprogram/app.json) and the
// reminder templates, whose fields are what the default message data fills (src/config/defaults.json).
// Tests, `npm start` and the benchmark all start from here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOptions } from 'wx-cloud-emulator';
import type { IndexDeclarations, TemplateMessageMode } from 'wx-cloud-emulator/backend';
import { cloudfunctionRoot } from 'wx-cloud-emulator/host';
import indexes from '../database/indexes.json';
import app from '../miniprogram/app.json';
import defaults from '../src/config/defaults.json';

export interface TemplateInfo {
  id: string;
  /** The template's title in WeChat's template library. */
  title: string;
  /** Data key → the label WeChat prints before its value. */
  labels: Record<string, string>;
}

/** The account's reminder templates: a one-time subscribe template, and a legacy template-message one. */
export const TEMPLATES: { subscribe: TemplateInfo; form: TemplateInfo } = {
  subscribe: { id: 'TPL_CHECKIN_REMINDER', title: '签到提醒', labels: { thing1: '活动名称', thing2: '温馨提示', date3: '日期', thing4: '备注' } },
  form: { id: 'TPL_FORM_REMINDER', title: '签到提醒', labels: { keyword1: '签到奖励', keyword2: '签到进度', keyword3: '温馨提示', keyword4: '日期' } },
};

export interface DeploymentOptions {
  /** Which templates the functions are configured with (REMINDER_*_TEMPLATE_ID); default the subscribe one only. */
  channels?: { subscribe?: boolean; form?: boolean };
  /** templateMessage.send as WeChat answers it today ('retired', 45103; the default) or as in 2019 ('legacy'). */
  templateMessageMode?: TemplateMessageMode;
  /** More console variables for every function (REMINDER_*)… */
  env?: Record<string, string>;
  /** …and for single functions, over those. */
  functionEnv?: Record<string, Record<string, string>>;
}

/** The emulator options that deploy this project; spread them into startEmulator's. */
export type ProjectDeployment = Required<Pick<EmulatorOptions, 'functionsDir' | 'functionEnv' | 'indexes' | 'account'>>;

const ROOT = join(__dirname, '..');

const sameKeys = (a: object, b: object) => Object.keys(a).sort().join() === Object.keys(b).sort().join();

export function projectDeployment(options: DeploymentOptions = {}): ProjectDeployment {
  if (!sameKeys(TEMPLATES.subscribe.labels, defaults.subscribeData) || !sameKeys(TEMPLATES.form.labels, defaults.formData)) {
    throw new Error('local/deployment.ts: the templates no longer have the fields of the message data in src/config/defaults.json');
  }
  const functionsDir = cloudfunctionRoot(ROOT);
  const channels = options.channels ?? { subscribe: true };
  const env = {
    ...(channels.subscribe ? { REMINDER_SUBSCRIBE_TEMPLATE_ID: TEMPLATES.subscribe.id } : {}),
    ...(channels.form ? { REMINDER_FORM_TEMPLATE_ID: TEMPLATES.form.id } : {}),
    ...options.env,
  };
  const functions = readdirSync(functionsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return {
    functionsDir,
    functionEnv: Object.fromEntries(functions.map((name) => [name, { ...env, ...options.functionEnv?.[name] }])),
    indexes: indexes as IndexDeclarations,
    account: {
      templates: {
        [TEMPLATES.subscribe.id]: { kind: 'subscribe', fields: Object.keys(TEMPLATES.subscribe.labels) },
        [TEMPLATES.form.id]: { kind: 'form', fields: Object.keys(TEMPLATES.form.labels) },
      },
      pages: app.pages,
      templateMessageMode: options.templateMessageMode ?? 'retired',
    },
  };
}
