// The narrow, typed surface of wx-server-sdk that the rest of the code may use.
import type { AccountTemplate } from '../domain/message/templateFit';

// wx-server-sdk's own typings are loose (every call returns a union with void/string and
// openapi is Record<string, any>), so store and domain code program against these instead.

/** A stored document. `_id` is always a string in this project. */
export type Doc = { _id: string } & Record<string, unknown>;

/** A query condition: field paths to values or query commands (db.command.*). */
export type Condition = Record<string, unknown>;

declare const queryBrand: unique symbol;
declare const updateBrand: unique symbol;
/** Result of db.command query operators; only meaningful inside a Condition. */
export interface QueryCommand { readonly [queryBrand]: true }
/** Result of db.command update operators; only meaningful inside update data. */
export interface UpdateCommand { readonly [updateBrand]: true }

export interface Command {
  eq(value: unknown): QueryCommand;
  neq(value: unknown): QueryCommand;
  gt(value: unknown): QueryCommand;
  gte(value: unknown): QueryCommand;
  lt(value: unknown): QueryCommand;
  lte(value: unknown): QueryCommand;
  in(values: readonly unknown[]): QueryCommand;
  nin(values: readonly unknown[]): QueryCommand;
  exists(present: boolean): QueryCommand;
  and(...conditions: Array<Condition | QueryCommand>): QueryCommand;
  or(...conditions: Array<Condition | QueryCommand>): QueryCommand;
  set(value: unknown): UpdateCommand;
  remove(): UpdateCommand;
  inc(by: number): UpdateCommand;
  min(value: unknown): UpdateCommand;
  max(value: unknown): UpdateCommand;
  push(value: unknown): UpdateCommand;
  pull(condition: unknown): UpdateCommand;
  addToSet(value: unknown): UpdateCommand;
}

export interface GetResult { data: Doc[] }
export interface CountResult { total: number }
export interface UpdateResult { stats: { updated: number } }
export interface RemoveResult { stats: { removed: number } }
export interface SetResult { _id?: string; stats: { updated: number; created?: number } }
export interface AddResult { _id: string }
export interface AddManyResult { _ids: string[] }

export interface Query {
  where(condition: Condition | QueryCommand): Query;
  orderBy(field: string, direction: 'asc' | 'desc'): Query;
  limit(max: number): Query;
  skip(offset: number): Query;
  field(projection: Record<string, boolean>): Query;
  get(): Promise<GetResult>;
  count(): Promise<CountResult>;
  update(options: { data: Record<string, unknown> }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}

export interface DocRef {
  get(): Promise<{ data: Doc }>;
  set(options: { data: Record<string, unknown> }): Promise<SetResult>;
  update(options: { data: Record<string, unknown> }): Promise<UpdateResult>;
  remove(): Promise<RemoveResult>;
}

export interface CollectionRef extends Query {
  doc(id: string): DocRef;
  add(options: { data: Record<string, unknown> }): Promise<AddResult>;
  /** Batch insert: one request; fails as a whole on a duplicate `_id` (what was stored before it is server-dependent). */
  add(options: { data: Record<string, unknown>[] }): Promise<AddManyResult>;
}

/** Inside db.runTransaction only single-document operations exist. */
export interface Transaction {
  collection(name: string): {
    doc(id: string): Omit<DocRef, 'get'> & { get(): Promise<{ data: Doc }> };
    add(options: { data: Record<string, unknown> }): Promise<AddResult>;
  };
}

export interface Database {
  collection(name: string): CollectionRef;
  readonly command: Command;
  serverDate(options?: { offset?: number }): unknown;
  createCollection(name: string): Promise<unknown>;
  runTransaction<T>(run: (tx: Transaction) => Promise<T>, retries?: number): Promise<T>;
}

/** Who called this invocation, read only from cloud.getWXContext(). */
export interface CallerContext {
  openid: string | null;
  appid: string | null;
  unionid: string | null;
  /** `wx_client`, `wx_devtools`, `wx_trigger`, … ; null when the runtime did not say. */
  source: string | null;
}

/** What the runtime says of one invocation (main's `context` argument). */
export interface InvocationLimits {
  /** When the platform ends this invocation, in ms from its start (`time_limit_in_ms`); null when it did not say. */
  timeLimitMs: number | null;
  /** This invocation's id (`request_id`; a fresh UUID when the platform gave none): what its claims are held by. */
  invocationId: string;
}

/** WeChat's answer to one message send: errcode 0 is success. */
export interface SendResult {
  errcode: number;
  errmsg: string;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

export interface TemplateMessage {
  touser: string;
  templateId: string;
  formId: string;
  page?: string;
  data: Record<string, { value: string }>;
}

/** subscribeMessage.getTemplateList: the account's subscribe templates, or why they could not be read. */
export type TemplateList = { errcode: 0; templates: AccountTemplate[] } | { errcode: number; errmsg: string };

export interface Messenger {
  sendSubscribeMessage(message: SubscribeMessage): Promise<SendResult>;
  sendTemplateMessage(message: TemplateMessage): Promise<SendResult>;
  subscribeTemplates(): Promise<TemplateList>;
}

/** Everything a cloud function needs from the platform, built once per instance. */
export interface Platform {
  db: Database;
  messenger: Messenger;
  context(): CallerContext;
  /**
   * Calls another cloud function and waits for its answer. `timeoutMs` overrides the SDK's 15 s
   * request timeout (a worker that runs for 40 s needs more).
   */
  callFunction(name: string, data: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<unknown>;
}
