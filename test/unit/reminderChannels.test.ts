import { loadConfig } from '../../src/config';
import type { AccountTemplate } from '../../src/domain/message/templateFit';
import { Channels, channelsReportOf, mergeChannelReports } from '../../src/reminders/channels';
import type { TemplateListing } from '../../src/reminders/templates';
import { addTally, countFailure, countSkip, emptyTally, tallyOf } from '../../src/reminders/tally';

const config = (env: Record<string, string> = {}) =>
  loadConfig(['subscribeTemplates', 'formTemplate'], { REMINDER_SUBSCRIBE_TEMPLATE_ID: 'TPL', REMINDER_FORM_TEMPLATE_ID: 'FORM', ...env });
/** The account's template TPL, fitting the default data (app.config.json). */
const account = (over: Partial<AccountTemplate> = {}): AccountTemplate => ({
  id: 'TPL',
  title: '签到提醒',
  content: '活动名称:{{thing1.DATA}}\n温馨提示:{{thing2.DATA}}\n日期:{{date3.DATA}}\n备注:{{thing4.DATA}}\n',
  enums: {},
  ...over,
});
const listed = (...templates: AccountTemplate[]): TemplateListing => ({ ok: true, templates });
const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
afterAll(() => quiet.mockRestore());

describe('a run\'s channels', () => {
  it('start open when a template is configured, its message fits WeChat\'s rules and the account\'s template', () => {
    expect(new Channels(config(), {}, '2026-08-03', listed(account())).open()).toEqual({ form: true, subscribe: true });
  });

  it('start disabled, saying what to set, when no template is configured', () => {
    const report = new Channels(config({ REMINDER_FORM_TEMPLATE_ID: '' }), {}, '2026-08-03', listed(account())).report();
    expect(report.form).toEqual({ state: 'disabled', message: 'no form template is configured (formTemplate.id in app.config.json, or REMINDER_FORM_TEMPLATE_ID): the form channel is off' });
  });

  it('start misconfigured when the message would break a field rule', () => {
    const tpl = account({ content: '名称:{{thing1.DATA}}\n次数:{{number2.DATA}}' });
    const channels = new Channels(config({ REMINDER_SUBSCRIBE_DATA: '{"thing1":"{streak}{date}","number2":"abc"}' }), {}, '2026-08-03', listed(tpl));
    expect(channels.report().subscribe.state).toBe('misconfigured');
    expect(channels.problems().join()).toMatch(/subscribe template TPL \(签到提醒\) does not fit.*number2: "abc" breaks the rule: a number field/);
  });

  it('start stopped when the day\'s quota was reached', () => {
    const channels = new Channels(config(), { subscribe: 'quota' }, '2026-08-03', listed(account()));
    expect(channels.open()).toEqual({ form: true, subscribe: false });
    expect(channels.problems()).toEqual(["the subscribe channel is stopped for 2026-08-03: WeChat's daily quota (45009) was reached"]);
    expect(channels.closedForDay('subscribe')).toBe(true);
  });

  it('start retired when the database remembers WeChat retired the API, saying what that means for users', () => {
    const channels = new Channels(config(), { form: 'retired' }, '2026-08-03', listed(account()));
    expect(channels.open()).toEqual({ form: false, subscribe: true });
    expect(channels.closedForDay('form')).toBe(true);
    expect(channels.problems()).toEqual([expect.stringMatching(/^the form channel is retired \(WeChat answered 45103; remembered, probed again once a day\).*users holding only form credits are not taken on and keep them$/)]);
  });

  it('start disabled rather than retired when no form template is configured', () => {
    expect(new Channels(config({ REMINDER_FORM_TEMPLATE_ID: '' }), { form: 'retired' }, '2026-08-03', listed(account())).report().form.state).toBe('disabled');
  });

  it('close once: only the first stop is reported as closing it', () => {
    const channels = new Channels(config(), {}, '2026-08-03', listed(account()));
    expect(channels.stop('form', 'retired', 'retired')).toBe(true);
    expect(channels.stop('form', 'broken', 'broken')).toBe(false);
    expect(channels.report().form).toEqual({ state: 'retired', message: 'retired' });
  });
});

describe('the account\'s templates', () => {
  const TWO = JSON.stringify([
    { id: 'TPL', data: { thing1: '每日答题', thing2: '连续{streak}天', date3: '{date}', thing4: '快来' } },
    { id: 'TPL2', data: { thing1: '连续{streak}天', date2: '{date}' } },
  ]);

  it('a template the account does not have spends none of its credits, and the others still send', () => {
    const two = loadConfig(['subscribeTemplates', 'formTemplate'], { REMINDER_SUBSCRIBE_TEMPLATES: TWO });
    const channels = new Channels(two, {}, '2026-08-03', listed(account()));
    expect(channels.isOpen('subscribe')).toBe(true);
    expect(channels.canSend({ kind: 'subscribe', value: 'TPL' })).toBe(true);
    expect(channels.canSend({ kind: 'subscribe', value: 'TPL2' })).toBe(false);
    expect(channels.isUnfit({ kind: 'subscribe', value: 'TPL2' })).toBe(true);
    expect(channels.problems().join()).toMatch(/subscribe template TPL2 does not fit .*none of its credits is spent.*getTemplateList does not list it/);
  });

  it('a template whose keys differ names the key: missing, unknown, or the same field with another type', () => {
    const tpl = account({ content: '活动名称:{{thing1.DATA}}\n温馨提示:{{thing2.DATA}}\n时间:{{time3.DATA}}\n地点:{{thing5.DATA}}' });
    const channels = new Channels(config(), {}, '2026-08-03', listed(tpl));
    expect(channels.report().subscribe.state).toBe('misconfigured');
    const text = channels.problems().join();
    expect(text).toMatch(/date3: the template's field 3 is time3 \(时间\), a time field/);
    expect(text).toMatch(/thing5: the template shows 地点 \(\{\{thing5\.DATA\}\}\), which the data does not fill/);
    expect(text).toMatch(/thing4: is not a field of the template \(thing1, thing2, time3, thing5\)/);
    expect(channels.canSend({ kind: 'subscribe', value: 'TPL' })).toBe(false);
  });

  it('an enum field must hold one of the template\'s values', () => {
    const tpl = account({ content: '活动名称:{{thing1.DATA}}\n温馨提示:{{thing2.DATA}}\n日期:{{date3.DATA}}\n状态:{{thing4.DATA}}', enums: { thing4: ['未签到', '已签到'] } });
    expect(new Channels(config(), {}, '2026-08-03', listed(tpl)).problems().join()).toMatch(/thing4: "叮！该签到啦~锲而不舍，金石可镂" is not one of the template's values \(未签到, 已签到\)/);
  });

  it('a list that cannot be read stops the subscribe channel for the run, saying why', () => {
    const channels = new Channels(config(), {}, '2026-08-03', { ok: false, error: 'getTemplateList answered errcode -1 system error' });
    expect(channels.report().subscribe).toEqual({ state: 'broken', message: expect.stringMatching(/could not read the account's subscribe templates .*errcode -1.*no subscribe credit is spent/) });
    expect(channels.isOpen('form')).toBe(true);
  });

  it('are not read where nothing is sent: the data is checked against the rules alone', () => {
    expect(new Channels(config(), {}, '2026-08-03', 'not-read').open()).toEqual({ form: true, subscribe: true });
  });
});

describe('the run\'s channel reports', () => {
  it('merge the workers\' reports keeping the most telling state per channel', () => {
    const open = { form: { state: 'open' as const }, subscribe: { state: 'open' as const } };
    const merged = mergeChannelReports([open, { form: { state: 'retired', message: 'r' }, subscribe: { state: 'open' } }, { form: { state: 'broken', message: 'b' }, subscribe: { state: 'open' } }]);
    expect(merged).toEqual({ form: { state: 'broken', message: 'b' }, subscribe: { state: 'open' } });
    expect(channelsReportOf(JSON.parse(JSON.stringify(merged)))).toEqual(merged);
    expect(channelsReportOf({ form: { state: 'weird' }, subscribe: { state: 'open' } })).toBeNull();
  });
});

describe('a run\'s figures', () => {
  it('add up across workers, reason by reason', () => {
    const a = emptyTally();
    a.due = 3;
    a.sent = 1;
    countFailure(a, 'transient');
    countFailure(a, 'ambiguous');
    countSkip(a, 'too-early', 4);
    const b = emptyTally();
    b.due = 1;
    countFailure(b, 'transient');
    b.remaining = 7;
    b.heldOut = 2;
    expect(addTally(addTally(emptyTally(), a), b)).toEqual({
      due: 4, sent: 1, heldOut: 2, failed: 3, failedBy: { transient: 2, ambiguous: 1 }, skipped: 4, skippedBy: { 'too-early': 4 }, remaining: 7,
    });
  });

  it('are read back from a worker\'s answer only when complete', () => {
    const answer = { ok: true, due: 2, sent: 2, heldOut: 1, failed: 0, failedBy: {}, skipped: 1, skippedBy: { reminded: 1 }, remaining: 0 };
    expect(tallyOf(answer)).toEqual({ due: 2, sent: 2, heldOut: 1, failed: 0, failedBy: {}, skipped: 1, skippedBy: { reminded: 1 }, remaining: 0 });
    expect(tallyOf({ ...answer, heldOut: undefined })).toBeNull();
    expect(tallyOf({ ...answer, sent: -1 })).toBeNull();
    expect(tallyOf({ ok: false, code: 'INTERNAL' })).toBeNull();
  });
});
