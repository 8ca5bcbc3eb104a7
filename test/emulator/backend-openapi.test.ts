// cloud.openapi.subscribeMessage.send / templateMessage.send / subscribeMessage.getTemplateList
// through the real SDK (multipart + protobuf): WeChat's answers for grants, form ids and template
// data, the account's templates, the outbox, and faults.
import { startBackend } from '../../emulator/backend';
import { virtualClock } from '../../emulator/clock';
import { FORM_ID_LIFETIME_MS } from '../../emulator/backend/wechat/simulator';
import { rejection, startWithSdk, type SdkHarness } from './support/sdk';

let h: SdkHarness;
const SUB = 'tmpl-sub';
const FORM = 'tmpl-form';
const goodData = { thing1: { value: '每日答题' }, number2: { value: 3 }, date3: { value: '2024年3月1日' } };
const SUB_CONTENT = '活动名称:{{thing1.DATA}}\n连续天数:{{number2.DATA}}\n日期:{{date3.DATA}}\n';

beforeAll(async () => {
  h = await startWithSdk({
    account: {
      templates: {
        [SUB]: { kind: 'subscribe', title: '签到提醒', content: SUB_CONTENT, example: '活动名称:每日答题' },
        [FORM]: { kind: 'form', title: '签到提醒', content: '奖励:{{keyword1.DATA}}\n进度:{{keyword2.DATA}}' },
      },
      pages: ['pages/checkin/index', 'pages/settings/index'],
      templateMessageMode: 'legacy',
    },
  });
});
afterAll(() => h.backend.close());
beforeEach(() => {
  h.backend.wipe();
  h.backend.instrument.clearFaults();
});

const subscribe = (over: Record<string, unknown> = {}) =>
  h.cloud.openapi.subscribeMessage.send({ touser: 'o-1', templateId: SUB, page: 'pages/checkin/index', data: goodData, ...over });
const template = (formId: string, over: Record<string, unknown> = {}) =>
  h.cloud.openapi.templateMessage.send({ touser: 'o-1', templateId: FORM, formId, data: { keyword1: { value: 'a' } }, ...over });
const errcode = async (p: Promise<unknown>) => (await rejection(p)).errCode;

describe('subscribeMessage.send', () => {
  test('a granted send is delivered, lands in the outbox and spends the grant', async () => {
    h.backend.wechat.grantSubscribe('o-1', SUB, 2);
    const res = await subscribe({ miniprogramState: 'trial', lang: 'en_US' });
    expect(res.errCode).toBe(0);
    expect(h.backend.wechat.remainingGrants('o-1', SUB)).toBe(1);
    expect(h.backend.wechat.outbox()).toEqual([
      { at: h.clock.now(), api: 'subscribeMessage.send', touser: 'o-1', templateId: SUB, page: 'pages/checkin/index', data: goodData, miniprogramState: 'trial', lang: 'en_US' },
    ]);
    expect(h.backend.instrument.counts()['wx.openApi:subscribeMessage.send']).toBe(1);
  });

  test('without a grant left WeChat answers 43101 and nothing is delivered', async () => {
    h.backend.wechat.grantSubscribe('o-1', SUB, 1);
    await subscribe();
    expect(await errcode(subscribe())).toBe(43101);
    expect(h.backend.wechat.outbox()).toHaveLength(1);
    expect(h.backend.wechat.attempts().map((a) => a.errcode)).toEqual([0, 43101]);
  });

  test('an unknown user gets 40003 and an unregistered template 40037', async () => {
    h.backend.wechat.grantSubscribe('o-1', SUB);
    expect(await errcode(subscribe({ touser: 'o-nobody' }))).toBe(40003);
    expect(await errcode(subscribe({ templateId: 'tmpl-unknown' }))).toBe(40037);
    expect(h.backend.wechat.remainingGrants('o-1', SUB)).toBe(1);
  });

  const badData: Array<[string, object, RegExp]> = [
    ['thing longer than 20 characters', { thing1: { value: '这是一个超过二十个字符的非常非常长的活动名称啊' } }, /data\.thing1\.value/],
    ['empty value', { thing1: { value: '' } }, /data\.thing1\.value is empty/],
    ['number with letters', { number2: { value: '3天' } }, /data\.number2\.value/],
    ['date in the wrong format', { date3: { value: 'March 1' } }, /data\.date3\.value/],
    ['a field the template lacks', { thing9: { value: 'x' } }, /data\.thing9 is not a field of the template/],
    ['a field of the template left out', { date3: undefined }, /data\.date3\.value is empty/],
  ];
  test.each(badData)('%s is refused with 47003 naming the field, keeping the grant', async (_name, patch, message) => {
    h.backend.wechat.grantSubscribe('o-1', SUB);
    const e = await rejection(subscribe({ data: JSON.parse(JSON.stringify({ ...goodData, ...patch })) }));
    expect(e.errCode).toBe(47003);
    expect(e.errMsg).toMatch(message);
    expect(h.backend.wechat.remainingGrants('o-1', SUB)).toBe(1);
  });

  test.each([
    ['miniprogram_state', { miniprogramState: 'beta' }, /miniprogram_state must be developer, trial, formal/],
    ['lang', { lang: 'fr_FR' }, /lang must be zh_CN, en_US, zh_HK, zh_TW/],
  ])('an unknown %s is refused with 47003, keeping the grant', async (_name, over, message) => {
    h.backend.wechat.grantSubscribe('o-1', SUB);
    const e = await rejection(subscribe(over));
    expect(e.errCode).toBe(47003);
    expect(e.errMsg).toMatch(message);
    expect(h.backend.wechat.remainingGrants('o-1', SUB)).toBe(1);
  });

  test('an enum field takes only the values the template lists', async () => {
    h.backend.wechat.registerTemplate('tmpl-enum', { kind: 'subscribe', title: '状态', content: '状态:{{phrase1.DATA}}\n结果:{{enum2.DATA}}', enums: { enum2: ['通过', '未通过'] } });
    h.backend.wechat.grantSubscribe('o-1', 'tmpl-enum', 2);
    const send = (value: string) => subscribe({ templateId: 'tmpl-enum', data: { phrase1: { value: '已审核' }, enum2: { value } } });
    expect((await rejection(send('待定'))).errMsg).toMatch(/data\.enum2\.value invalid: must be one of 通过, 未通过/);
    expect((await send('通过')).errCode).toBe(0);
  });

  test('with a list of released pages, another page gets 41030', async () => {
    h.backend.wechat.grantSubscribe('o-1', SUB);
    h.backend.wechat.setPages(['pages/checkin/index']);
    expect(await errcode(subscribe({ page: 'pages/missing/index' }))).toBe(41030);
    expect((await subscribe({ page: 'pages/checkin/index?from=reminder' })).errCode).toBe(0);
  });
});

test('the account given at start outlives a wipe; templates, pages and mode changed at run time do not', async () => {
  h.backend.wechat.registerTemplate('tmpl-later', { kind: 'subscribe', title: '稍后', content: '内容:{{thing1.DATA}}' });
  h.backend.wechat.setPages(['pages/other/index']);
  h.backend.wechat.setTemplateMessageMode('retired');
  h.backend.wipe();
  h.backend.wechat.grantSubscribe('o-1', SUB);
  h.backend.wechat.grantSubscribe('o-1', 'tmpl-later');
  expect(await errcode(subscribe({ templateId: 'tmpl-later', data: { thing1: { value: 'x' } } }))).toBe(40037);
  expect(await errcode(subscribe({ page: 'pages/other/index' }))).toBe(41030);
  expect((await subscribe({ page: 'pages/settings/index' })).errCode).toBe(0);
  expect(h.backend.wechat.templateMessageMode()).toBe('legacy');
});

describe('subscribeMessage.getTemplateList', () => {
  test("answers the account's subscribe templates in WeChat's shape, with those registered at run time", async () => {
    h.backend.wechat.registerTemplate('tmpl-later', { kind: 'subscribe', title: '稍后', content: '内容:{{thing1.DATA}}', type: 3 });
    const res = await h.cloud.openapi.subscribeMessage.getTemplateList();
    expect(res.errCode).toBe(0);
    expect(res.data).toEqual([
      { priTmplId: SUB, title: '签到提醒', content: SUB_CONTENT, example: '活动名称:每日答题', type: 2 },
      { priTmplId: 'tmpl-later', title: '稍后', content: '内容:{{thing1.DATA}}', example: '', type: 3 },
    ]);
    expect(h.backend.instrument.counts()['wx.openApi:subscribeMessage.getTemplateList']).toBe(1);
  });

  test('lists the allowed values of enum fields as keywordEnumValueList', async () => {
    h.backend.wechat.registerTemplate('tmpl-enum', { kind: 'subscribe', title: '状态', content: '结果:{{enum1.DATA}}', enums: { enum1: ['通过', '未通过'] } });
    const res = await h.cloud.openapi.subscribeMessage.getTemplateList();
    expect(res.data.find((t: { priTmplId: string }) => t.priTmplId === 'tmpl-enum').keywordEnumValueList).toEqual([{ keywordCode: 'enum1', enumValueList: ['通过', '未通过'] }]);
  });

  test('answers an injected errcode, and is not a send attempt', async () => {
    h.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.getTemplateList', errcode: -1 });
    expect(await errcode(h.cloud.openapi.subscribeMessage.getTemplateList())).toBe(-1);
    expect((await h.cloud.openapi.subscribeMessage.getTemplateList()).data).toHaveLength(1);
    expect(h.backend.wechat.attempts()).toEqual([]);
  });
});

test.each([
  ['no placeholder', { kind: 'subscribe', title: '签到提醒', content: '每日答题' }, /template T: content "每日答题" has no \{\{key\.DATA\}\} placeholder/],
  ['a placeholder twice', { kind: 'subscribe', title: '签到提醒', content: 'a:{{thing1.DATA}}\nb:{{thing1.DATA}}' }, /shows \{\{thing1\.DATA\}\} twice/],
  ['no title', { kind: 'subscribe', title: '', content: 'a:{{thing1.DATA}}' }, /title must be non-empty/],
])('a template definition with %s stops the start, naming the template', async (_what, spec, message) => {
  await expect(startBackend({ clock: virtualClock(new Date()), dataDir: null, account: { templates: { T: spec as never } } })).rejects.toThrow(message);
});

describe('templateMessage.send', () => {
  test('in legacy mode a fresh form id of the user is delivered once, then 41029', async () => {
    const formId = h.backend.wechat.issueFormId('o-1');
    expect((await template(formId)).errCode).toBe(0);
    expect(await errcode(template(formId))).toBe(41029);
    expect(h.backend.wechat.outbox()).toMatchObject([{ api: 'templateMessage.send', touser: 'o-1', templateId: FORM, formId }]);
  });

  test('an unknown form id, another user’s form id, or one 7 days old gets 41028', async () => {
    const mine = h.backend.wechat.issueFormId('o-1');
    const theirs = h.backend.wechat.issueFormId('o-2');
    expect(await errcode(template('made-up-form-id'))).toBe(41028);
    expect(await errcode(template(theirs))).toBe(41028);
    h.clock.advance(FORM_ID_LIFETIME_MS - 1000);
    const stillFresh = h.backend.wechat.issueFormId('o-1');
    h.clock.advance(1000);
    expect(await errcode(template(mine))).toBe(41028);
    expect((await template(stillFresh)).errCode).toBe(0);
  });

  test('a form id issued with a chosen value is delivered like a random one, to its user only', async () => {
    expect(h.backend.wechat.issueFormId('o-1', 'fid-from-the-test')).toBe('fid-from-the-test');
    h.backend.wechat.addUser('o-2');
    expect(await errcode(template('fid-from-the-test', { touser: 'o-2' }))).toBe(41028);
    expect((await template('fid-from-the-test')).errCode).toBe(0);
  });

  test('in retired mode every send gets 45103 and no form id is used', async () => {
    const formId = h.backend.wechat.issueFormId('o-1');
    h.backend.wechat.setTemplateMessageMode('retired');
    expect(await errcode(template(formId))).toBe(45103);
    h.backend.wechat.setTemplateMessageMode('legacy');
    expect((await template(formId)).errCode).toBe(0);
  });
});

describe('fault injection', () => {
  beforeEach(() => h.backend.wechat.grantSubscribe('o-1', SUB, 10));

  test('the Nth send answers the injected errcode, keeps the grant and is recorded as an attempt', async () => {
    h.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', nth: 2, errcode: 45011 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push(await subscribe().then((r: { errCode: number }) => r.errCode, (e: { errCode: number }) => e.errCode));
    expect(codes).toEqual([0, 45011, 0]);
    expect(h.backend.wechat.remainingGrants('o-1', SUB)).toBe(8);
    expect(h.backend.wechat.attempts().map((a) => a.errcode)).toEqual([0, 45011, 0]);
  });

  test('a seeded failure rate fails the same sends on every run', async () => {
    const run = async () => {
      h.backend.instrument.clearFaults();
      h.backend.instrument.seed(42);
      h.backend.instrument.injectFault({ action: 'wx.openApi:*', rate: 0.5, errcode: -1 });
      const out: number[] = [];
      for (let i = 0; i < 8; i++) out.push(await subscribe().then(() => 0, (e: { errCode: number }) => e.errCode));
      return out;
    };
    const first = await run();
    h.backend.wechat.grantSubscribe('o-1', SUB, 10);
    expect(await run()).toEqual(first);
    expect(first).toContain(-1);
    expect(first).toContain(0);
  });

  test('a dropped connection or HTTP 500 surfaces as -501001', async () => {
    h.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', kind: 'drop' });
    expect(await errcode(subscribe())).toBe(-501001);
    h.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', kind: 'http500' });
    expect(await errcode(subscribe())).toBe(-501001);
    expect(h.backend.wechat.outbox()).toHaveLength(0);
  });

  test('a connection dropped after WeChat accepted the message leaves it delivered', async () => {
    h.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', kind: 'drop', when: 'after' });
    expect(await errcode(subscribe())).toBe(-501001);
    expect(h.backend.wechat.outbox()).toHaveLength(1);
    expect(h.backend.wechat.attempts()).toMatchObject([{ errcode: 0, fault: 'drop after the send' }]);
  });

  test('a send whose answer was lost can be delivered later, as one the SDK gave up on', async () => {
    const grants = h.backend.wechat.remainingGrants('o-1', SUB);
    h.backend.instrument.injectFault({ action: 'wx.openApi:subscribeMessage.send', kind: 'drop', when: 'later', laterMs: 300 });
    expect(await errcode(subscribe())).toBe(-501001);
    expect(h.backend.wechat.outbox()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(h.backend.wechat.outbox()).toHaveLength(1);
    expect(h.backend.wechat.remainingGrants('o-1', SUB)).toBe(grants - 1);
  });

  test('latency on sends does not hold up other requests', async () => {
    h.backend.instrument.setLatency('wx.openApi:subscribeMessage.send', 400);
    const started = Date.now();
    const send = subscribe();
    await h.db.createCollection('other').catch(() => undefined);
    const dbDone = Date.now() - started;
    await send;
    const sendDone = Date.now() - started;
    h.backend.instrument.setLatency('wx.openApi:subscribeMessage.send', 0);
    expect(dbDone).toBeLessThan(300);
    expect(sendDone).toBeGreaterThanOrEqual(400);
  });
});
