// DESIGN §3 on the emulator: what a run does with each answer WeChat (or the network) gives, row
// by row; then every errcode driven through a run, its observed effect checked against its
// OUTCOME_POLICY row (test/unit/sendOutcome.test.ts checks the rows against DESIGN §3).
import type { CreditKind } from '../../src/domain/credits';
import { MAX_CREDIT_TRIES, MAX_TRANSIENT_RETRIES, OUTCOME_POLICY, type SendOutcome } from '../../src/domain/sendOutcome';
import { FORM_TEMPLATE, manyUsers, startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud } from './support/cloud';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-08-02T02:00:00.000Z', legacyForms: true });
});
afterAll(() => cloud.close());

const credits = (openid: string) => cloud.find('credits', { openid }).sort((a, b) => (a._id < b._id ? -1 : 1));
const statuses = (openid: string) => credits(openid).map((c) => c.status);
const attempts = () => cloud.emulator.backend.wechat.attempts();
type FaultRule = Parameters<ReminderCloud['emulator']['backend']['instrument']['injectFault']>[0];
const fault = (rule: FaultRule) => cloud.emulator.backend.instrument.injectFault(rule);
const API: Record<CreditKind, string> = { form: 'templateMessage.send', subscribe: 'subscribeMessage.send' };

describe('delivered', () => {
  it('sends the configured message once, uses the credit and records the user reminded until tomorrow', async () => {
    const today = cloud.freshDay(10);
    cloud.seed([{ openid: 'o-ann', subscribe: 1, user: { lastCheckInDate: '2026-08-02', streak: 6 } }]);
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ ok: true, date: today, hour: 10, due: 1, sent: 1, failed: 0, skipped: 0, remaining: 0 });
    const [message, ...more] = cloud.outbox();
    expect(more).toEqual([]);
    expect(message).toMatchObject({ touser: 'o-ann', templateId: SUBSCRIBE_TEMPLATE, page: 'pages/checkin/index' });
    expect(message!.data.thing2!.value).toBe('已连续答题6天，今天还没签到哦');
    expect(message!.data.date3!.value).toBe('2026年8月3日');
    expect(statuses('o-ann')).toEqual(['used']);
    expect(cloud.user('o-ann')).toMatchObject({ lastRemindedDate: today, nextRemindDate: '2026-08-04', remind: { date: today, state: 'sent' } });
    expect(cloud.find('dailyStats')).toEqual([expect.objectContaining({ _id: today, reminded: 1, delivered: 1 })]);
  });
});

describe('dead credit', () => {
  it('marks a refused subscribe credit invalid and sends with the next one', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-bo', subscribe: 2 }]);
    fault({ action: 'wx.openApi:subscribeMessage.send', errcode: 43101 });
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(statuses('o-bo').sort()).toEqual(['invalid', 'used']);
    expect(cloud.outbox()).toHaveLength(1);
  });

  it('tries at most three credits of a user in one run and leaves the rest for the next run', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-dee', subscribe: 5 }]);
    fault({ action: 'wx.openApi:subscribeMessage.send', errcode: 43101, times: 5, rate: 1 });
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 1, sent: 0, failed: 1, failedBy: { 'credits-dead': 1 } });
    expect(attempts()).toHaveLength(3);
    expect(statuses('o-dee').filter((s) => s === 'invalid')).toHaveLength(3);
    expect(cloud.user('o-dee').lastRemindedDate).toBe('');
    cloud.emulator.backend.instrument.clearFaults();
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });

  it('rests a user whose every credit is dead until a new credit arrives', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-eve', subscribe: 1 }]);
    fault({ action: 'wx.openApi:subscribeMessage.send', errcode: 43101 });
    expect(await cloud.runAnswer()).toMatchObject({ sent: 0, failedBy: { 'credits-dead': 1 } });
    expect(cloud.user('o-eve')).toMatchObject({ nextRemindDate: '9999-12-31', remind: { state: 'released' } });
  });
});

describe('transient', () => {
  it('retries a busy answer (-1) within the run and delivers', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-fay', subscribe: 1 }]);
    fault({ action: 'wx.openApi:subscribeMessage.send', errcode: -1 });
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1, failed: 0 });
    expect(attempts().map((a) => a.errcode)).toEqual([-1, 0]);
  });

  it('retries an HTTP 5xx answer (the request never reached WeChat) and delivers', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-gus', subscribe: 1 }]);
    fault({ action: 'wx.openApi:subscribeMessage.send', kind: 'http500' });
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
    expect(cloud.outbox()).toHaveLength(1);
  });

  it('gives the credit back after the capped retries (45011) and leaves the user to the next run', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-hal', subscribe: 1 }]);
    fault({ action: 'wx.openApi:subscribeMessage.send', errcode: 45011, rate: 1, times: 3 });
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 1, sent: 0, failed: 1, failedBy: { transient: 1 } });
    expect(attempts()).toHaveLength(3); // the send and MAX_TRANSIENT_RETRIES = 2 retries
    expect(credits('o-hal')).toEqual([expect.objectContaining({ status: 'unused', attempts: 1 })]);
    expect(cloud.user('o-hal')).toMatchObject({ lastRemindedDate: '', nextRemindDate: cloud.today() });
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });
});

describe('lost answer (at most once)', () => {
  it.each([
    ['after WeChat delivered', 'after', 1],
    ['before it reached WeChat', 'before', 0],
  ] as const)('a connection dropped %s counts the credit used and the user reminded, and nothing is resent', async (_, when, delivered) => {
    const today = cloud.freshDay(10);
    cloud.seed([{ openid: 'o-ida', subscribe: 2 }]);
    fault({ action: 'wx.openApi:subscribeMessage.send', kind: 'drop', when });
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 1, sent: 0, failed: 1, failedBy: { ambiguous: 1 } });
    expect(answer.problems).toEqual([]);
    expect(statuses('o-ida').sort()).toEqual(['unused', 'used']);
    expect(cloud.user('o-ida')).toMatchObject({ lastRemindedDate: today, remind: { state: 'ambiguous' } });
    expect(await cloud.runAnswer()).toMatchObject({ due: 0, sent: 0 });
    expect(cloud.outbox()).toHaveLength(delivered);
  });
});

describe('configuration broken', () => {
  it('stops the channel for the run on 41030, spends no credit, reports it, and the next run delivers once fixed', async () => {
    cloud.freshDay(10);
    cloud.seed(manyUsers(40, 'o-cfg'));
    cloud.emulator.backend.wechat.setPages(['pages/other/index']);
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ sent: 0, channels: { subscribe: { state: 'broken' } } });
    expect(answer.problems.join('\n')).toMatch(/subscribe channel is stopped for this run.*41030/);
    // Only the sends already in flight when the first answer came back were made.
    expect(attempts().length).toBeLessThanOrEqual(20);
    expect(cloud.find('credits').every((c) => c.status === 'unused')).toBe(true);
    cloud.emulator.backend.wechat.setPages(null);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 40 });
  });
});

describe('channel retired', () => {
  it('on 45103 burns no form credit and sends with the subscribe credit instead', async () => {
    cloud.freshDay(10);
    cloud.emulator.backend.wechat.setTemplateMessageMode('retired');
    cloud.seed([{ openid: 'o-jo', forms: 2, subscribe: 1 }, { openid: 'o-kit', forms: 1 }]);
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 2, sent: 1, failedBy: { 'channel-stopped': 1 }, channels: { form: { state: 'retired' } } });
    expect(answer.problems.join('\n')).toMatch(/form channel is retired.*45103/);
    expect(cloud.find('credits', { kind: 'form' }).every((c) => c.status === 'unused')).toBe(true);
    expect(cloud.outbox()).toEqual([expect.objectContaining({ touser: 'o-jo', api: 'subscribeMessage.send' })]);
  });
});

describe('quota', () => {
  it('on 45009 stops the channel for the rest of the day, keeps the credits, and resumes the next day', async () => {
    const today = cloud.freshDay(10);
    cloud.seed(manyUsers(3, 'o-q'));
    fault({ action: 'wx.openApi:subscribeMessage.send', errcode: 45009, rate: 1 });
    const first = await cloud.runAnswer();
    expect(first).toMatchObject({ sent: 0, channels: { subscribe: { state: 'quota' } } });
    expect(first.problems.join('\n')).toMatch(/stopped for .*quota/);
    expect(cloud.find('reminderState')).toEqual([expect.objectContaining({ _id: `${today}:subscribe` })]);
    expect(cloud.find('credits').every((c) => c.status === 'unused')).toBe(true);
    const tried = attempts().length;
    cloud.at(new Date(cloud.now().getTime() + 3600_000));
    const later = await cloud.runAnswer();
    expect(later).toMatchObject({ sent: 0, channels: { subscribe: { state: 'quota' } } });
    expect(attempts()).toHaveLength(tried);
    // The quota is WeChat's per day: tomorrow it answers again (how many sends the first run
    // made before its lanes saw the stop depends on timing, so the fault is lifted, not counted).
    cloud.emulator.backend.instrument.clearFaults();
    cloud.at(new Date(cloud.now().getTime() + 86_400_000));
    expect(await cloud.runAnswer()).toMatchObject({ sent: 3 });
  });
});

describe('database failures', () => {
  it('leaves a user whose credit claim failed to the next run, credit kept', async () => {
    const today = cloud.freshDay(10);
    cloud.seed([{ openid: 'o-db', subscribe: 1 }]);
    // The run's second modifyDocument is the credit claim (the first claims the user-day).
    fault({ action: 'database.modifyDocument', nth: 2 });
    expect(await cloud.runAnswer()).toMatchObject({ due: 1, sent: 0, failedBy: { database: 1 } });
    expect(statuses('o-db')).toEqual(['unused']);
    expect(cloud.user('o-db')).toMatchObject({ nextRemindDate: today, remind: { state: 'released' } });
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });

  it('reads back a credit claim whose answer was lost, and sends with it', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-lost', subscribe: 1 }]);
    fault({ action: 'database.modifyDocument', nth: 2, kind: 'drop', when: 'after' });
    expect(await cloud.runAnswer()).toMatchObject({ due: 1, sent: 1 });
    expect(statuses('o-lost')).toEqual(['used']);
  });

  it('gives back a credit whose claim arrived only after the read-back said it had not, and sends with it next run', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-late', subscribe: 1 }]);
    // The claim's answer is lost and the claim lands 500 ms later: after the read-back (unused, so
    // the run sends nothing with it) and before the run's grouped credit write (1 s of latency).
    cloud.emulator.backend.instrument.setLatency('database.modifyDocument', 1000);
    fault({ action: 'database.modifyDocument', nth: 2, kind: 'drop', when: 'later', laterMs: 500 });
    expect(await cloud.runAnswer()).toMatchObject({ due: 1, sent: 0, failedBy: { database: 1 } });
    cloud.emulator.backend.instrument.setLatency('database.modifyDocument', 0);
    expect(credits('o-late')).toEqual([expect.objectContaining({ status: 'unused', attempts: 1, lastError: 'not sent: its claim failed' })]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
    expect(cloud.outbox()).toHaveLength(1);
  });

  it('voids a failed credit claim that arrives after the run ended: the credit stays usable', async () => {
    cloud.freshDay(10);
    cloud.seed([{ openid: 'o-later', subscribe: 1 }]);
    fault({ action: 'database.modifyDocument', nth: 2, kind: 'drop', when: 'later', laterMs: 1500 });
    expect(await cloud.runAnswer()).toMatchObject({ due: 1, sent: 0, failedBy: { database: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the claim has arrived by now
    expect(credits('o-later')).toEqual([expect.objectContaining({ status: 'unused', voidOwner: expect.any(String) })]);
    expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  });
});

it('uses the form template and form id for a form credit while template messages still work', async () => {
  cloud.freshDay(10);
  cloud.emulator.backend.wechat.setTemplateMessageMode('legacy');
  cloud.seed([{ openid: 'o-mo', forms: 1, subscribe: 1 }]);
  expect(await cloud.runAnswer()).toMatchObject({ sent: 1 });
  const [message] = cloud.outbox();
  expect(message).toMatchObject({ api: 'templateMessage.send', templateId: FORM_TEMPLATE, formId: credits('o-mo').find((c) => c.kind === 'form')!.value });
  const [y, m, d] = cloud.today().split('-').map(Number);
  expect(message!.data.keyword4!.value).toBe(`${y}.${m}.${d}`); // the original article's keyword4
});

interface Case {
  outcome: SendOutcome;
  channel: CreditKind;
  /** What the send answers: an errcode, or a transport fault; none: WeChat accepts it. */
  answer: string;
  rule?: Omit<FaultRule, 'action'>;
}
const code = (outcome: SendOutcome, channel: CreditKind, errcode: number): Case => ({ outcome, channel, answer: `errcode ${errcode}`, rule: { errcode } });
const CASES: Case[] = [
  { outcome: 'delivered', channel: 'subscribe', answer: 'errcode 0' },
  { outcome: 'delivered', channel: 'form', answer: 'errcode 0' },
  code('dead-credit', 'subscribe', 43101),
  code('dead-credit', 'subscribe', 40003),
  code('dead-credit', 'form', 41028),
  code('dead-credit', 'form', 41029),
  code('dead-credit', 'form', 40003),
  code('transient', 'subscribe', -1),
  code('transient', 'subscribe', 45011),
  code('transient', 'subscribe', -501004),
  code('transient', 'subscribe', -601001),
  code('transient', 'subscribe', -601003),
  code('transient', 'form', -1),
  { outcome: 'transient', channel: 'subscribe', answer: 'an HTTP 500', rule: { kind: 'http500' } },
  { outcome: 'ambiguous', channel: 'subscribe', answer: 'a connection dropped after WeChat delivered', rule: { kind: 'drop', when: 'after' } },
  { outcome: 'ambiguous', channel: 'subscribe', answer: 'a connection dropped before WeChat', rule: { kind: 'drop', when: 'before' } },
  code('ambiguous', 'subscribe', -604102),
  code('ambiguous', 'subscribe', -501002),
  code('config-broken', 'subscribe', 40037),
  code('config-broken', 'subscribe', 41030),
  code('config-broken', 'subscribe', 47003),
  code('config-broken', 'subscribe', -604101),
  code('config-broken', 'subscribe', 48001),
  code('config-broken', 'form', 40037),
  code('channel-retired', 'form', 45103),
  code('quota', 'subscribe', 45009),
  code('quota', 'form', 45009),
  code('unknown', 'subscribe', 61234),
  code('unknown', 'subscribe', 41028), // a form-only code on the subscribe channel
  code('unknown', 'form', 43101), // a subscribe-only code on the form channel
];

describe('each answer has the effect its OUTCOME_POLICY row says', () => {
  it.each(CASES)('$answer on the $channel channel: $outcome', async ({ outcome, channel, rule }) => {
    const row = OUTCOME_POLICY[outcome];
    const today = cloud.freshDay(10);
    // The credit the answer hits is spent first (form before subscribe, then by id); `next` after it.
    cloud.seed([{ openid: 'o-row', forms: channel === 'form' ? 1 : 0, subscribe: channel === 'form' ? 1 : 2 }]);
    const [hit, next] = channel === 'form' ? [credits('o-row').find((c) => c.kind === 'form')!, credits('o-row').find((c) => c.kind === 'subscribe')!] : credits('o-row');
    const sends = 1 + (row.retry ? MAX_TRANSIENT_RETRIES : 0);
    if (rule) fault({ action: `wx.openApi:${API[channel]}`, rate: 1, times: sends, ...rule });

    const answer = await cloud.runAnswer();
    const nextSent = row.reminded === null && row.tryNextCredit;
    const reminded = row.reminded ?? (nextSent ? 'sent' : null);
    const stored = (id: string) => cloud.find('credits', { _id: id })[0]!;

    expect(stored(hit!._id)).toMatchObject({ status: row.credit, lastError: row.failure ? expect.stringContaining(outcome) : null });
    expect(stored(next!._id).status).toBe(nextSent ? 'used' : 'unused');
    expect(attempts().filter((a) => a.api === API[channel])).toHaveLength(sends + (nextSent && channel === 'subscribe' ? 1 : 0));
    expect(cloud.user('o-row')).toMatchObject(
      reminded ? { lastRemindedDate: today, remind: { state: reminded } } : { lastRemindedDate: '', nextRemindDate: today, remind: { state: 'released' } },
    );
    expect(answer).toMatchObject({ due: 1, sent: reminded === 'sent' ? 1 : 0, failed: reminded === 'sent' ? 0 : 1 });
    expect(answer.failedBy).toEqual(reminded === 'sent' ? {} : { [row.failure!]: 1 });
    expect(answer.channels[channel].state).toBe(row.stop?.state ?? 'open');
    const remembered = { run: [], day: [`${today}:${channel}`], 'until-probed': [`retired:${channel}`] }[row.stop?.scope ?? 'run'];
    expect(cloud.find('reminderState').map((d) => d._id)).toEqual(remembered);
    expect(answer.problems).toHaveLength(row.report ? 1 : 0);
    if (row.report && rule?.errcode !== undefined) expect(answer.problems[0]).toContain(String(rule.errcode));
    expect(cloud.outbox()).toHaveLength((reminded === 'sent' ? 1 : 0) + (rule?.when === 'after' ? 1 : 0));
  });

  it.each([code('dead-credit', 'form', 41028), code('channel-retired', 'form', 45103)])(
    'after $answer on the $channel channel ($outcome) a user whose other credits are all dead gets the tries its row counts',
    async ({ outcome, rule }) => {
      cloud.freshDay(10);
      cloud.seed([{ openid: 'o-tries', forms: 1, subscribe: 4 }]);
      fault({ action: 'wx.openApi:templateMessage.send', ...rule });
      fault({ action: 'wx.openApi:subscribeMessage.send', errcode: 43101, rate: 1 });
      expect(await cloud.runAnswer()).toMatchObject({ due: 1, sent: 0, failedBy: { 'credits-dead': 1 } });
      const subscribeTries = MAX_CREDIT_TRIES - (OUTCOME_POLICY[outcome].countsAsTry ? 1 : 0);
      expect(attempts().map((a) => a.api)).toEqual([API.form, ...Array<string>(subscribeTries).fill(API.subscribe)]);
    },
  );
});
