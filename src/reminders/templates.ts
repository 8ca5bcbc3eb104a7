// The account's subscribe templates (subscribeMessage.getTemplateList), which every send is checked
// against before a credit is spent (DESIGN.md §2 sendReminders). Read once per instance every few
// minutes: a run, its workers and a test reminder in the same warm instance share one read.
import type { AccountTemplate } from '../domain/message/templateFit';
import { ERR_NO_OPENAPI_PERMISSION } from '../wechat/errors';
import type { Messenger } from '../wechat/types';

/** How long one instance trusts a list it read (a template added in 公众平台 shows up after this). */
export const TEMPLATE_LIST_TTL_MS = 5 * 60_000;
const ATTEMPTS = 2;

export type TemplateListing = { ok: true; templates: AccountTemplate[] } | { ok: false; error: string };

interface Deps {
  messenger: Messenger;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
}

// Per messenger, i.e. per instance (the platform is built once per instance).
const cache = new WeakMap<Messenger, { at: number; templates: AccountTemplate[] }>();

/** The account's subscribe templates, or why they could not be read (failures are not cached). */
export async function accountTemplates(deps: Deps): Promise<TemplateListing> {
  const now = deps.clock().getTime();
  const hit = cache.get(deps.messenger);
  if (hit && now >= hit.at && now - hit.at < TEMPLATE_LIST_TTL_MS) return { ok: true, templates: hit.templates };
  for (let attempt = 1; ; attempt++) {
    const res = await deps.messenger.subscribeTemplates();
    if ('templates' in res) {
      cache.set(deps.messenger, { at: now, templates: res.templates });
      return { ok: true, templates: res.templates };
    }
    const why = `getTemplateList answered errcode ${res.errcode} ${res.errmsg}`;
    if (res.errcode === ERR_NO_OPENAPI_PERMISSION) {
      return { ok: false, error: `${why}: this function's config.json must list subscribeMessage.getTemplateList in permissions.openapi (upload the function again; WeChat applies permissions within about 10 minutes)` };
    }
    if (attempt >= ATTEMPTS) return { ok: false, error: why };
    await deps.sleep(300);
  }
}
