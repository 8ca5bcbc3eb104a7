// This project on the local emulator, set up once the way the README's deploy steps set up a real
// environment: the built functions (project.config.json's cloudfunctionRoot) with their console
// variables (环境变量), the database indexes (database/indexes.json, passed unchanged), and the
// mini-program account as WeChat knows it: the released pages (miniprogram/app.json) and the
// reminder templates as 公众平台 shows them, whose fields are what the default message data in
// app.config.json fills. Tests, `npm start` and the benchmark all start from here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOptions } from 'wx-cloud-emulator';
import type { IndexDeclarations, TemplateMessageMode, TemplateSpec } from 'wx-cloud-emulator/backend';
import { cloudfunctionRoot } from 'wx-cloud-emulator/host';
import indexes from '../database/indexes.json';
import app from '../miniprogram/app.json';
import { loadConfig } from '../src/config';

export interface TemplateInfo {
  id: string;
  /** The template's title in WeChat's template library. */
  title: string;
  /** Data key → the label WeChat prints before its value, in the template's order. */
  labels: Record<string, string>;
}

/** The account's reminder templates: a one-time subscribe template, and a legacy template-message one. */
export const TEMPLATES: { subscribe: TemplateInfo; form: TemplateInfo } = {
  subscribe: { id: 'TPL_CHECKIN_REMINDER', title: '签到提醒', labels: { thing1: '活动名称', thing2: '温馨提示', date3: '日期', thing4: '备注' } },
  form: { id: 'TPL_FORM_REMINDER', title: '签到提醒', labels: { keyword1: '签到奖励', keyword2: '签到进度', keyword3: '温馨提示', keyword4: '日期' } },
};

/**
 * The account's first `n` reminder subscribe templates (at most 3, as many as one dialog asks for):
 * TEMPLATES.subscribe, then more of its kind (a deployment may choose, say, 签到提醒 and 学习提醒
 * with the same keywords), so the configured message data fits each.
 */
export function subscribeTemplates(n: number): TemplateInfo[] {
  const titles = ['签到提醒', '打卡提醒', '学习提醒'];
  return titles.slice(0, n).map((title, i) => ({ ...TEMPLATES.subscribe, id: i === 0 ? TEMPLATES.subscribe.id : `${TEMPLATES.subscribe.id}_${i + 1}`, title }));
}

/** A template as the emulator's account holds it: `label:{{key.DATA}}` lines, as getTemplateList shows them. */
export function templateSpec(kind: TemplateSpec['kind'], info: Pick<TemplateInfo, 'title' | 'labels'>): TemplateSpec {
  return { kind, title: info.title, content: Object.entries(info.labels).map(([key, label]) => `${label}:{{${key}.DATA}}\n`).join('') };
}

export interface DeploymentOptions {
  /** Which templates the functions are configured with (REMINDER_*_TEMPLATE_ID); default the subscribe one only. */
  channels?: { subscribe?: boolean; form?: boolean };
  /** How many subscribe templates (subscribeTemplates(n)) the functions are configured with; default 1. */
  subscribeTemplates?: number;
  /** templateMessage.send as WeChat answers it today ('retired', 45103; the default) or as in 2019 ('legacy'). */
  templateMessageMode?: TemplateMessageMode;
  /** The account's templates by id, over TEMPLATES' (a test's own, or a changed one). */
  templates?: Record<string, TemplateSpec>;
  /** More console variables for every function (REMINDER_*)… */
  env?: Record<string, string>;
  /** …and for single functions, over those. */
  functionEnv?: Record<string, Record<string, string>>;
}

/** The emulator options that deploy this project; spread them into startEmulator's. */
export type ProjectDeployment = Required<Pick<EmulatorOptions, 'functionsDir' | 'functionEnv' | 'indexes' | 'account'>>;

const ROOT = join(__dirname, '..');

const sameKeys = (a: object, b: object) => Object.keys(a).join() === Object.keys(b).join();

export function projectDeployment(options: DeploymentOptions = {}): ProjectDeployment {
  // The data the functions send with once these ids are set (as below), read as they read it.
  const configured = loadConfig(['subscribeTemplates', 'formTemplate'], { REMINDER_SUBSCRIBE_TEMPLATE_ID: TEMPLATES.subscribe.id, REMINDER_FORM_TEMPLATE_ID: TEMPLATES.form.id });
  if (!sameKeys(TEMPLATES.subscribe.labels, configured.subscribeTemplates[0]!.data) || !sameKeys(TEMPLATES.form.labels, configured.formTemplate!.data)) {
    throw new Error('local/deployment.ts: the templates no longer have the fields of the message data in app.config.json');
  }
  const functionsDir = cloudfunctionRoot(ROOT);
  const channels = options.channels ?? { subscribe: true };
  const subscribe = subscribeTemplates(options.subscribeTemplates ?? 1);
  // Several templates take the whole list (each with the configured data); one takes the shorthand.
  const subscribeEnv = (): Record<string, string> =>
    subscribe.length > 1 && channels.subscribe
      ? { REMINDER_SUBSCRIBE_TEMPLATES: JSON.stringify(subscribe.map((t) => ({ id: t.id, data: configured.subscribeTemplates[0]!.data }))) }
      : { REMINDER_SUBSCRIBE_TEMPLATE_ID: channels.subscribe ? TEMPLATES.subscribe.id : '' };
  // The checked-in configuration names no template (a deployment's own ids go there): the
  // console variables name the emulator account's, unless the caller lists its own templates.
  const envOf = (name: string): Record<string, string> => {
    const own = { ...options.env, ...options.functionEnv?.[name] };
    return {
      ...(own.REMINDER_SUBSCRIBE_TEMPLATES === undefined ? subscribeEnv() : {}),
      REMINDER_FORM_TEMPLATE_ID: channels.form ? TEMPLATES.form.id : '',
      ...own,
    };
  };
  const functions = readdirSync(functionsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return {
    functionsDir,
    functionEnv: Object.fromEntries(functions.map((name) => [name, envOf(name)])),
    indexes: indexes as IndexDeclarations,
    account: {
      templates: {
        ...Object.fromEntries(subscribeTemplates(3).map((t) => [t.id, templateSpec('subscribe', t)])),
        [TEMPLATES.form.id]: templateSpec('form', TEMPLATES.form),
        ...options.templates,
      },
      pages: app.pages,
      templateMessageMode: options.templateMessageMode ?? 'retired',
    },
  };
}
