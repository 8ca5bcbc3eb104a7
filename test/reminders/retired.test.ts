// DESIGN §3 "channel retired": 45103 on templateMessage.send is remembered in the database and
// re-probed at most once a day. While it lasts, users holding only form credits are not taken on,
// not counted as failures, and keep their credits; users with subscribe credits are reminded.
import { addDays } from '../../src/domain/time';
import { startReminderCloud, SUBSCRIBE_TEMPLATE, type ReminderCloud } from './support/cloud';

let cloud: ReminderCloud;
beforeAll(async () => {
  cloud = await startReminderCloud({ start: '2026-09-21T02:00:00.000Z', legacyForms: true });
});
afterAll(() => cloud.close());

const formSends = () => cloud.emulator.backend.wechat.attempts().filter((a) => a.api === 'templateMessage.send');
const FORM_ONLY = ['o-form-0', 'o-form-1', 'o-form-2'];
const formOnlyCredits = () => cloud.find('credits', { openid: { $in: FORM_ONLY } }).map((c) => c.status);

function seedWeek(): void {
  cloud.seed([...FORM_ONLY.map((openid) => ({ openid, forms: 2 })), { openid: 'o-both', forms: 1, subscribe: 2 }]);
}

it('is remembered: later runs make no form send, take on no form-only user, count no failure and keep every credit', async () => {
  const today = cloud.freshDay(10);
  cloud.emulator.backend.wechat.setTemplateMessageMode('retired');
  seedWeek();
  const first = await cloud.runAnswer(); // learns it
  expect(first).toMatchObject({ sent: 1, channels: { form: { state: 'retired' } } });
  expect(cloud.find('reminderState', { _id: 'retired:form' })).toEqual([expect.objectContaining({ channel: 'form', probedOn: today })]);
  const learnt = formSends().length;

  for (const hour of [11, 12, 13]) {
    cloud.atHour(hour);
    const answer = await cloud.runAnswer();
    expect(answer).toMatchObject({ due: 0, failed: 0, failedBy: {}, channels: { form: { state: 'retired' } } });
    expect(answer.problems).toEqual([expect.stringMatching(/form channel is retired .*45103.*users holding only form credits are not taken on/)]);
  }
  expect(formSends()).toHaveLength(learnt);
  expect(formOnlyCredits()).toEqual(Array(6).fill('unused'));
  // Not due again today: their next chance is tomorrow's probe.
  expect(FORM_ONLY.map((id) => cloud.user(id).nextRemindDate)).toEqual(Array(3).fill(addDays(today, 1)));
});

it('is re-probed once a day, without a credit or a recipient; when the API answers again the channel reopens', async () => {
  const today = cloud.freshDay(10);
  cloud.emulator.backend.wechat.setTemplateMessageMode('retired');
  seedWeek();
  await cloud.runAnswer();

  // The next day: the first run probes (one send, to nobody, with no form id), the others do not.
  cloud.at(new Date(cloud.now().getTime() + 24 * 3600_000));
  const before = formSends().length;
  const probing = await cloud.runAnswer();
  expect(probing).toMatchObject({ failed: 0, channels: { form: { state: 'retired' } } });
  const probes = formSends().slice(before);
  expect(probes).toHaveLength(1);
  expect(FORM_ONLY).not.toContain(probes[0]!.touser);
  expect(cloud.find('credits', { value: probes[0]!.formId })).toEqual([]);
  cloud.atHour(14);
  await cloud.runAnswer();
  expect(formSends()).toHaveLength(before + 1);
  expect(cloud.find('reminderState', { _id: 'retired:form' })[0]).toMatchObject({ probedOn: addDays(today, 1) });

  // WeChat serves template messages again: the next day's probe finds it, the form-only users are reminded.
  cloud.emulator.backend.wechat.setTemplateMessageMode('legacy');
  cloud.at(new Date(cloud.now().getTime() + 24 * 3600_000));
  const back = await cloud.runAnswer();
  expect(back).toMatchObject({ sent: 4, channels: { form: { state: 'open' } } });
  expect(cloud.find('reminderState', { _id: 'retired:form' })).toEqual([]);
});

it('makes saveFormId store no form id while it is remembered, saying why, and store them again once a probe reopens the channel', async () => {
  cloud.freshDay(10);
  cloud.emulator.backend.wechat.setTemplateMessageMode('retired');
  seedWeek();
  await cloud.runAnswer();
  const upload = (formId: string) => cloud.call('saveFormId', { formIds: [formId], subscriptions: { [SUBSCRIBE_TEMPLATE]: 'accept' } }, 'o-uploader');
  expect(await upload('while-retired')).toMatchObject({ ok: true, saved: 1, rejected: [{ value: 'while-retired', reason: 'channel-off' }] });
  expect(cloud.find('credits', { openid: 'o-uploader' }).map((c) => c.kind)).toEqual(['subscribe']);

  cloud.emulator.backend.wechat.setTemplateMessageMode('legacy');
  cloud.at(new Date(cloud.now().getTime() + 24 * 3600_000));
  expect(await cloud.runAnswer()).toMatchObject({ channels: { form: { state: 'open' } } });
  expect(await upload('after-reopening')).toMatchObject({ ok: true, saved: 2, rejected: [] });
});

it('two runs at once take the day\'s probe once', async () => {
  cloud.freshDay(10);
  cloud.emulator.backend.wechat.setTemplateMessageMode('retired');
  seedWeek();
  await cloud.runAnswer();
  cloud.at(new Date(cloud.now().getTime() + 24 * 3600_000));
  const before = formSends().length;
  await Promise.all([cloud.runAnswer(), cloud.runAnswer()]);
  expect(formSends()).toHaveLength(before + 1);
});
