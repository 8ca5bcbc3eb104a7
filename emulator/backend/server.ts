// The HTTP face of the backend: one POST endpoint, as wx-server-sdk expects (PLATFORM.md §7). Each
// request is counted, delayed by any injected latency (a timer: other requests go on meanwhile),
// possibly faulted, then dispatched to the database, the simulated WeChat or the function invoker.
import crypto from 'node:crypto';
import http from 'node:http';
import { callerOf, type Caller } from './callers';
import { DatabaseActions, type Params } from './db/actions';
import { DbFailure } from './db/modify';
import { UnsupportedValue } from './ejson';
import type { FaultRule, Instruments } from './instrument';
import { parseMultipart } from './openapi/multipart';
import { decodeCommApiData, encodeCommOpenApiResp } from './openapi/protobuf';
import { DuplicateKeyError } from './store/index';
import { CollectionMissingError } from './store/store';
import { answer, type MessageApi, type SendAnswer, type TemplateListAnswer, type WeChatSimulator } from './wechat/simulator';

export type FunctionInvoker = (name: string, data: unknown, caller: Caller) => Promise<unknown>;

export interface ServerParts {
  env: string;
  db: DatabaseActions;
  wechat: WeChatSimulator;
  instruments: Instruments;
  invoker: () => FunctionInvoker | undefined;
}

interface Reply {
  status: number;
  contentType: string;
  body: Buffer;
}

const MESSAGE_APIS = new Set(['subscribeMessage.send', 'templateMessage.send']);
const TEMPLATE_LIST_API = 'subscribeMessage.getTemplateList';
/** The SDK's agent drops idle sockets after 4.8 s; the server must keep them longer so the client closes first. */
const KEEP_ALIVE_MS = 10_000;
/** CommOpenApiResp errorCode for an API the backend does not know ("API not found" in the SDK). */
const ERR_API_NOT_FOUND = -604100;
/** What the SDK reports for a dropped connection or an HTTP 500 (recorded as the attempt's errcode). */
const ERR_NO_ANSWER = -501001;
/** Default delay of a `later` fault's effect. */
const LATER_MS = 1000;

const json = (obj: Record<string, unknown>, status = 200): Reply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: Buffer.from(JSON.stringify({ requestId: crypto.randomUUID(), ...obj })),
});

/** An open-API answer: protobuf CommOpenApiResp carrying WeChat's JSON body (contentType is required). */
const openApiReply = (body: SendAnswer | TemplateListAnswer | null, errorCode?: number): Reply => ({
  status: 200,
  contentType: 'application/octet-stream',
  body: encodeCommOpenApiResp(
    body ? { respData: Buffer.from(JSON.stringify(body)), contentType: 'application/json; charset=utf-8' } : { errorCode },
  ),
});

/** The request body (listeners rather than `for await`: an async iterator costs more than the small bodies it reads). */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** CloudBase error code and message for a failed database request. */
function dbFailure(error: unknown): { code: string; message: string } {
  if (error instanceof DbFailure) return { code: error.code, message: error.message };
  if (error instanceof CollectionMissingError) return { code: 'DATABASE_COLLECTION_NOT_EXIST', message: error.message };
  if (error instanceof DuplicateKeyError || error instanceof UnsupportedValue) return { code: 'DATABASE_REQUEST_FAILED', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  // mingo rejects unknown or malformed operators while compiling a query.
  if (/operator/i.test(message)) return { code: 'DATABASE_INVALID_OPERRATOR', message };
  console.error('[emulator backend] internal error:', error);
  return { code: 'SYS_ERR', message };
}

export function createServer(parts: ServerParts): { server: http.Server; stop: () => Promise<void> } {
  let stopped = false;
  /**
   * Injected-latency waits in flight, each ended at once when the server stops. A timer of its own
   * per request: an abort listener per wait on one shared signal would pile up with concurrency.
   */
  const waits = new Set<() => void>();
  const warned = new Set<string>();

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        waits.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      waits.add(end);
    });
  }

  function unknownAction(action: string): Reply {
    if (!warned.has(action)) {
      warned.add(action);
      console.warn(`[emulator backend] unknown action ${JSON.stringify(action)}: answered INVALID_ACTION`);
    }
    return json({ code: 'INVALID_ACTION', message: `Invalid API call name: ${action} (not emulated by the local backend)` });
  }

  /** The open-API call in a multipart request: its api name and its parameters (snake_case, JSON-decoded). */
  function decodeOpenApi(params: Record<string, unknown>): { api: string; args: Record<string, unknown> } | undefined {
    const api = String(params.apiName ?? '');
    const raw = params.requestData;
    const request = decodeCommApiData(Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : '', 'latin1'));
    if (request.apiType !== 0 || !(MESSAGE_APIS.has(api) || api === TEMPLATE_LIST_API)) return undefined;
    const args: Record<string, unknown> = {};
    for (const { key, value } of request.pairs) {
      const text = value.toString('utf8');
      try {
        args[key] = JSON.parse(text);
      } catch {
        args[key] = text;
      }
    }
    return { api, args };
  }

  /** Runs `effect` when a `later` fault says the request arrives (unless the backend stopped meanwhile). */
  function later(fault: FaultRule, effect: () => unknown): void {
    setTimeout(() => {
      if (!stopped) void Promise.resolve().then(effect).catch(() => undefined);
    }, fault.laterMs ?? LATER_MS).unref();
  }

  /** WeChat's answer, or the injected fault's; every send attempt is recorded by the simulator. */
  function openApi(params: Record<string, unknown>, fault: FaultRule | undefined): Reply | 'drop' {
    const call = decodeOpenApi(params);
    if (!call) return openApiReply(null, ERR_API_NOT_FOUND);
    const transport = fault?.kind === 'drop' || fault?.kind === 'http500';
    // A read: nothing to record or to apply later.
    if (call.api === TEMPLATE_LIST_API) {
      if (fault) return transport ? faultReply('wx.openApi', fault) : openApiReply(answer(fault.errcode ?? -1));
      return openApiReply(parts.wechat.templateList());
    }
    if (fault?.when === 'later') {
      later(fault, () => parts.wechat.send(call.api as MessageApi, call.args, `${fault.kind ?? 'error'} answered before the send`));
      return transport ? faultReply('wx.openApi', fault) : openApiReply(answer(fault.errcode ?? -1));
    }
    if (fault && fault.when !== 'after') {
      const errcode = transport ? ERR_NO_ANSWER : (fault.errcode ?? -1);
      const a = answer(errcode);
      parts.wechat.recordFault(call.api, call.args, errcode, a.errmsg, fault.kind ?? 'error');
      return transport ? faultReply('wx.openApi', fault) : openApiReply(a);
    }
    const result = parts.wechat.send(call.api as MessageApi, call.args, fault && `${fault.kind ?? 'error'} after the send`);
    if (!fault) return openApiReply(result);
    return transport ? faultReply('wx.openApi', fault) : openApiReply(answer(fault.errcode ?? -1));
  }

  async function invoke(params: Params, headers: http.IncomingHttpHeaders): Promise<Reply> {
    const invoker = parts.invoker();
    const name = params.function_name;
    if (typeof name !== 'string' || !name) return json({ code: 'INVALID_PARAM', message: 'function_name is required' });
    if (!invoker) return json({ code: 'FUNCTIONS_EXECUTE_FAIL', message: `no function host is attached to run ${name}` });
    let data: unknown = {};
    try {
      data = typeof params.request_data === 'string' && params.request_data ? JSON.parse(params.request_data) : {};
    } catch {
      return json({ code: 'INVALID_PARAM', message: 'request_data is not JSON' });
    }
    try {
      const caller = callerOf(params.wxCloudApiToken, headers['x-tcb-source'] as string | undefined);
      const result = await invoker(name, data, caller);
      return json({ data: { response_data: JSON.stringify(result ?? null) } });
    } catch (error) {
      return json({ code: 'FUNCTIONS_EXECUTE_FAIL', message: error instanceof Error ? error.message : String(error) });
    }
  }

  function database(action: string, params: Params): Reply {
    try {
      const out = parts.db.run(action, params);
      return json(DatabaseActions.answersAtTopLevel(action) ? out : { data: out });
    } catch (error) {
      return json(dbFailure(error));
    }
  }

  function faultReply(action: string, fault: FaultRule): Reply | 'drop' {
    if (fault.kind === 'drop') return 'drop';
    // A JSON body: the SDK parses the body before it looks at the status, and reports the status then.
    if (fault.kind === 'http500') return json({ code: 'SYS_ERR', message: 'Internal Server Error (injected)' }, 500);
    if (action === 'functions.invokeFunction') return json({ code: fault.code ?? 'FUNCTIONS_EXECUTE_FAIL', message: 'injected fault' });
    return json({ code: fault.code ?? 'SYS_ERR', message: 'injected fault' });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const send = (r: Reply | 'drop') => {
      if (r === 'drop') return void req.socket.destroy();
      res.writeHead(r.status, { 'content-type': r.contentType, 'content-length': r.body.length });
      res.end(r.body);
    };
    if (req.method !== 'POST') return send(json({ code: 'INVALID_REQUEST', message: 'POST only' }, 405));

    const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/form-data');
    let params: Record<string, unknown>;
    try {
      params = multipart ? parseMultipart(req.headers['content-type'] as string, body) : (JSON.parse(body.toString('utf8') || '{}') as Params);
    } catch {
      return send(json({ code: 'INVALID_PARAM', message: 'unreadable request body' }));
    }
    const action = typeof params.action === 'string' ? params.action : '';
    const key = action === 'wx.openApi' ? `wx.openApi:${String(params.apiName ?? '')}` : action;
    parts.instruments.count(key);
    const env = typeof params.envName === 'string' ? params.envName : '';
    if (env !== '' && env !== parts.env) {
      return send(json({ code: 'INVALIID_ENV', message: `environment ${env} does not exist (this backend serves ${parts.env})` }));
    }
    const latency = parts.instruments.latencyFor(key);
    if (latency > 0) await wait(latency);
    if (stopped) return void req.socket.destroy();
    const fault = parts.instruments.faultFor(key);
    const before = fault && fault.when !== 'after' && fault.when !== 'later';

    if (action === 'wx.openApi') return send(openApi(params, fault));
    if (before) return send(faultReply(action, fault));
    if (fault?.when === 'later') {
      later(fault, () => (action === 'functions.invokeFunction' ? invoke(params, req.headers) : parts.db.handles(action) ? database(action, params) : undefined));
      return send(faultReply(action, fault));
    }
    let reply: Reply;
    if (action === 'functions.invokeFunction') reply = await invoke(params, req.headers);
    else if (parts.db.handles(action)) reply = database(action, params);
    else reply = unknownAction(action);
    if (stopped) return void req.socket.destroy();
    send(fault ? faultReply(action, fault) : reply);
  }

  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[emulator backend] request failed:', error);
      if (!res.headersSent) res.writeHead(500).end();
      else req.socket.destroy();
    });
  });

  return {
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = true;
        for (const end of [...waits]) end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
