// The only module that imports wx-server-sdk. It turns the SDK's loose API into the typed
// Platform of ./types; everything else receives a Platform as a parameter.
import cloud from 'wx-server-sdk';
import { callerFromWXContext } from './context';
import { toCloudError } from './errors';
import type { AccountTemplate } from '../domain/message/templateFit';
import type { Database, Messenger, Platform, SendResult, TemplateList } from './types';

let platform: Platform | undefined;

async function sendVia(call: () => Promise<unknown>): Promise<SendResult> {
  try {
    await call();
    return { errcode: 0, errmsg: 'ok' };
  } catch (error) {
    // The SDK throws for any non-zero errcode, carrying it as errCode; network faults get SDK codes.
    const e = toCloudError(error);
    return { errcode: e.errCode, errmsg: e.errMsg };
  }
}

/** One entry of getTemplateList's `data` (the SDK turns WeChat's keys to camelCase). */
interface ListedTemplate {
  priTmplId?: unknown;
  title?: unknown;
  content?: unknown;
  keywordEnumValueList?: Array<{ keywordCode?: unknown; enumValueList?: unknown }>;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

function accountTemplate(t: ListedTemplate): AccountTemplate {
  const enums: Record<string, string[]> = {};
  for (const e of t.keywordEnumValueList ?? []) {
    if (typeof e.keywordCode === 'string' && Array.isArray(e.enumValueList)) enums[e.keywordCode] = e.enumValueList.map(String);
  }
  return { id: text(t.priTmplId), title: text(t.title), content: text(t.content), enums };
}

async function templateList(call: () => Promise<{ data?: unknown }>): Promise<TemplateList> {
  try {
    const res = await call();
    return { errcode: 0, templates: Array.isArray(res.data) ? (res.data as ListedTemplate[]).map(accountTemplate) : [] };
  } catch (error) {
    const e = toCloudError(error);
    return { errcode: e.errCode, errmsg: e.errMsg };
  }
}

function createMessenger(): Messenger {
  const openapi = cloud.openapi as {
    subscribeMessage: { send(params: object): Promise<unknown>; getTemplateList(params: object): Promise<{ data?: unknown }> };
    templateMessage: { send(params: object): Promise<unknown> };
  };
  return {
    sendSubscribeMessage: (m) => sendVia(() => openapi.subscribeMessage.send(m)),
    sendTemplateMessage: (m) => sendVia(() => openapi.templateMessage.send(m)),
    subscribeTemplates: () => templateList(() => openapi.subscribeMessage.getTemplateList({})),
  };
}

/** The platform for this instance; the SDK is initialised on first use with the current environment. */
export function getPlatform(): Platform {
  if (!platform) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    const db = cloud.database() as unknown as Database;
    platform = {
      db,
      messenger: createMessenger(),
      context: () => callerFromWXContext(cloud.getWXContext() as Record<string, unknown>),
      callFunction: async (name, data, options = {}) => {
        const call = options.timeoutMs === undefined ? { name, data } : { name, data, timeout: options.timeoutMs };
        const res = (await cloud.callFunction(call)) as { result?: unknown } | undefined;
        return res?.result;
      },
    };
  }
  return platform;
}
