// Simulated WeChat for the message APIs. It knows what each simulated user really gave — subscribe
// grants per template, form ids from form submits — and answers sends the way WeChat does: errcode 0
// consumes the grant or form id and puts the message in the outbox; anything else changes nothing.
// subscribeMessage.getTemplateList answers the account's subscribe templates.
// State lives in its own small store (persisted next to the database when there is a data folder);
// the attempt log is kept in memory only.
import crypto from 'node:crypto';
import type { Clock } from '../../clock';
import type { Doc } from '../ejson';
import { Store } from '../store/store';
import { checkSubscribeData } from './fieldRules';
import { checkTemplate, listEntry, templateFields, type TemplateListEntry, type TemplateSpec } from './templates';
import { clone } from '../values';

export type { TemplateListEntry, TemplateSpec };
export type MessageApi = 'subscribeMessage.send' | 'templateMessage.send';
export type TemplateMessageMode = 'legacy' | 'retired';

export interface OutboxEntry {
  at: Date;
  api: MessageApi;
  touser: string;
  templateId: string;
  page: string | undefined;
  data: Record<string, { value: string }>;
  formId?: string;
  miniprogramState?: string;
  lang?: string;
}

export interface Attempt {
  at: Date;
  api: string;
  touser: unknown;
  templateId: unknown;
  formId?: unknown;
  errcode: number;
  errmsg: string;
  /** Set when the answer came from fault injection rather than from the rules. */
  fault?: string;
}

/**
 * The mini-program as WeChat knows it: its message templates, the pages of its released version and
 * how templateMessage.send behaves. A wipe keeps it; registerTemplate, setPages and
 * setTemplateMessageMode change it until the next wipe.
 */
export interface WeChatAccount {
  templates?: Record<string, TemplateSpec>;
  /** A send to another page fails with 41030; absent or null: any page. */
  pages?: string[] | null;
  /** Default 'retired' (45103), as WeChat answers since 2020-01-10. */
  templateMessageMode?: TemplateMessageMode;
}

export interface SendAnswer {
  errcode: number;
  errmsg: string;
}

/** getTemplateList's JSON body. */
export interface TemplateListAnswer extends SendAnswer {
  data: TemplateListEntry[];
}

/** Form ids were usable for 7 days after the form was submitted. */
export const FORM_ID_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export const WECHAT_ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40003: 'invalid openid',
  40037: 'invalid template_id',
  41028: 'invalid form id',
  41029: 'form id used count reach limit',
  41030: 'invalid page',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  45103: 'This API has been unsupported',
};

const rid = () => `rid: ${crypto.randomBytes(4).toString('hex')}-${crypto.randomBytes(4).toString('hex')}`;
export const answer = (errcode: number, errmsg = WECHAT_ERRMSG[errcode] ?? 'error'): SendAnswer =>
  errcode === 0 ? { errcode: 0, errmsg: 'ok' } : { errcode, errmsg: `${errmsg} ${rid()}` };

function checkMode(mode: TemplateMessageMode): void {
  if (mode !== 'legacy' && mode !== 'retired') throw new Error(`template message mode must be legacy or retired, got ${String(mode)}`);
}

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];
// Named for WeChat's side of things: the simulator's memory, not an app's data.
const COLLECTIONS = ['wechatUsers', 'grants', 'formIds', 'templates', 'settings', 'outbox'];

export class WeChatSimulator {
  private readonly store: Store;
  private readonly attemptLog: Attempt[] = [];
  private outboxSeq = 0;

  constructor(
    private readonly clock: Clock,
    file: string | null,
    private readonly account: WeChatAccount = {},
  ) {
    for (const [id, spec] of Object.entries(account.templates ?? {})) checkTemplate(id, spec);
    if (account.templateMessageMode !== undefined) checkMode(account.templateMessageMode);
    this.store = new Store({ file });
    this.init();
  }

  private init(): void {
    for (const c of COLLECTIONS) this.store.create(c);
    this.outboxSeq = this.store.mustGet('outbox').docs.size;
  }

  private doc(c: string, id: string): Doc | undefined {
    return this.store.mustGet(c).get(id);
  }

  private put(c: string, doc: Doc): void {
    this.store.write((w) => w.put(c, doc));
  }

  /** A user WeChat knows (any openid that was granted or submitted a form is one too). */
  addUser(openid: string): void {
    if (!this.doc('wechatUsers', openid)) this.put('wechatUsers', { _id: openid });
  }

  grantSubscribe(openid: string, templateId: string, count = 1): void {
    if (!(Number.isInteger(count) && count > 0)) throw new Error(`grant count must be a positive integer, got ${count}`);
    this.addUser(openid);
    const id = `${openid}|${templateId}`;
    const remaining = Number(this.doc('grants', id)?.remaining ?? 0);
    this.put('grants', { _id: id, openid, templateId, remaining: remaining + count });
  }

  remainingGrants(openid: string, templateId: string): number {
    return Number(this.doc('grants', `${openid}|${templateId}`)?.remaining ?? 0);
  }

  /**
   * A form id as a real device produced it for this user at the current emulator time: random, or
   * `formId` when a test drives the device side and chose the value its tap yielded.
   */
  issueFormId(openid: string, formId: string = crypto.randomBytes(16).toString('hex')): string {
    if (formId === '') throw new Error('a form id cannot be empty');
    this.addUser(openid);
    this.put('formIds', { _id: formId, openid, issuedAt: this.clock.now(), usedAt: null });
    return formId;
  }

  registerTemplate(templateId: string, spec: TemplateSpec): void {
    checkTemplate(templateId, spec);
    this.put('templates', { _id: templateId, spec: clone(spec) });
  }

  private templateOf(templateId: unknown): TemplateSpec | undefined {
    if (typeof templateId !== 'string') return undefined;
    const registered = this.doc('templates', templateId);
    return registered ? (registered.spec as unknown as TemplateSpec) : this.account.templates?.[templateId];
  }

  /** getTemplateList: the account's subscribe templates, those registered at run time included. */
  templateList(): TemplateListAnswer {
    const ids = [...Object.keys(this.account.templates ?? {}), ...this.store.mustGet('templates').find().map((d) => d._id)];
    const data = [...new Set(ids)].flatMap((id) => {
      const spec = this.templateOf(id);
      return spec?.kind === 'subscribe' ? [listEntry(id, spec)] : [];
    });
    return { ...answer(0), data };
  }

  setTemplateMessageMode(mode: TemplateMessageMode): void {
    checkMode(mode);
    this.put('settings', { ...(this.doc('settings', 'settings') ?? { _id: 'settings' }), templateMessageMode: mode });
  }

  templateMessageMode(): TemplateMessageMode {
    return (this.doc('settings', 'settings')?.templateMessageMode as TemplateMessageMode | undefined) ?? this.account.templateMessageMode ?? 'retired';
  }

  /** Pages that exist in the released mini-program; a send to another page fails with 41030. null: any page. */
  setPages(pages: string[] | null): void {
    this.put('settings', { ...(this.doc('settings', 'settings') ?? { _id: 'settings' }), pages });
  }

  outbox(): OutboxEntry[] {
    return this.store
      .mustGet('outbox')
      .find(undefined, { sort: [['_id', 1]] })
      .map(({ _id, ...entry }) => clone(entry) as unknown as OutboxEntry);
  }

  attempts(): Attempt[] {
    return this.attemptLog.map((a) => ({ ...a }));
  }

  wipe(): void {
    this.store.wipe();
    this.attemptLog.length = 0;
    this.init();
  }

  close(): void {
    this.store.close();
  }

  /** Records an attempt answered by fault injection (WeChat state untouched). */
  recordFault(api: string, params: Record<string, unknown>, errcode: number, errmsg: string, fault: string): void {
    this.attemptLog.push({ ...this.describe(api, params), errcode, errmsg, fault });
  }

  private describe(api: string, p: Record<string, unknown>) {
    const a = { at: this.clock.now(), api, touser: p.touser, templateId: p.template_id };
    return api === 'templateMessage.send' ? { ...a, formId: p.form_id } : a;
  }

  /** Answers a send like WeChat; `fault` notes an injected fault that will replace the answer the caller sees. */
  send(api: MessageApi, params: Record<string, unknown>, fault?: string): SendAnswer {
    const result = api === 'subscribeMessage.send' ? this.subscribe(params) : this.template(params);
    this.attemptLog.push({ ...this.describe(api, params), ...result, ...(fault ? { fault } : {}) });
    return result;
  }

  private pageError(page: unknown): SendAnswer | null {
    const settings = this.doc('settings', 'settings');
    const pages = (settings && 'pages' in settings ? settings.pages : this.account.pages) as string[] | null | undefined;
    if (page === undefined || page === '' || !pages) return null;
    if (typeof page !== 'string') return answer(41030);
    const path = page.split('?')[0]?.replace(/^\//, '') ?? '';
    return pages.some((p) => p.replace(/^\//, '') === path) ? null : answer(41030);
  }

  /** Puts the message in the outbox and spends the credit (`spent`) in one write. */
  private deliver(api: MessageApi, p: Record<string, unknown>, extra: Partial<OutboxEntry>, spent: [string, Doc]): SendAnswer {
    const entry: OutboxEntry = {
      at: this.clock.now(),
      api,
      touser: p.touser as string,
      templateId: p.template_id as string,
      page: typeof p.page === 'string' ? p.page : undefined,
      data: p.data as OutboxEntry['data'],
      ...extra,
    };
    const id = String(++this.outboxSeq).padStart(12, '0');
    this.store.write((w) => {
      w.put(spent[0], spent[1]);
      w.put('outbox', { _id: id, ...entry } as unknown as Doc);
    });
    return answer(0);
  }

  private knownUser(touser: unknown): touser is string {
    return typeof touser === 'string' && touser.length > 0 && !!this.doc('wechatUsers', touser);
  }

  private subscribe(p: Record<string, unknown>): SendAnswer {
    if (!this.knownUser(p.touser)) return answer(40003);
    const template = this.templateOf(p.template_id);
    if (!template || template.kind !== 'subscribe') return answer(40037);
    const pageError = this.pageError(p.page);
    if (pageError) return pageError;
    const state = p.miniprogram_state;
    if (state !== undefined && !MINIPROGRAM_STATES.includes(state as string)) return answer(47003, `argument invalid! miniprogram_state must be ${MINIPROGRAM_STATES.join(', ')}`);
    const lang = p.lang;
    if (lang !== undefined && !LANGS.includes(lang as string)) return answer(47003, `argument invalid! lang must be ${LANGS.join(', ')}`);
    const invalid = checkSubscribeData(p.data, templateFields(template.content), template.enums);
    if (invalid) return answer(47003, invalid);
    const grantId = `${p.touser}|${String(p.template_id)}`;
    const grant = this.doc('grants', grantId);
    const remaining = Number(grant?.remaining ?? 0);
    if (!grant || remaining <= 0) return answer(43101);
    const extra = { ...(typeof state === 'string' ? { miniprogramState: state } : {}), ...(typeof lang === 'string' ? { lang } : {}) };
    return this.deliver('subscribeMessage.send', p, extra, ['grants', { ...grant, remaining: remaining - 1 }]);
  }

  private template(p: Record<string, unknown>): SendAnswer {
    if (this.templateMessageMode() === 'retired') return answer(45103);
    if (!this.knownUser(p.touser)) return answer(40003);
    const template = this.templateOf(p.template_id);
    if (!template || template.kind !== 'form') return answer(40037);
    const pageError = this.pageError(p.page);
    if (pageError) return pageError;
    const form = typeof p.form_id === 'string' ? this.doc('formIds', p.form_id) : undefined;
    if (!form || form.openid !== p.touser) return answer(41028);
    if (this.clock.now().getTime() - (form.issuedAt as Date).getTime() >= FORM_ID_LIFETIME_MS) return answer(41028);
    if (form.usedAt) return answer(41029);
    const data = p.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return answer(47003, 'argument invalid! data is empty');
    const fields = templateFields(template.content);
    const extra = Object.keys(data).find((k) => !fields.includes(k));
    if (extra) return answer(47003, `argument invalid! data.${extra} is not a field of the template`);
    return this.deliver('templateMessage.send', p, { formId: p.form_id as string }, ['formIds', { ...form, usedAt: this.clock.now() }]);
  }
}
