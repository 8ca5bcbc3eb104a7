/**
 * @jest-environment jsdom
 */
// Three subscribe templates configured (the most one wx.requestSubscribeMessage asks for): the
// app asks for all of them in one dialog, and each accept is one reminder for its template.
import { useTestCloud } from './harness';
import { all, mount, one, text } from './harness/render';

const cloud = useTestCloud({ subscribeTemplates: 3 });

async function subscribeAfterCheckIn() {
  const page = mount('pages/checkin/index');
  await cloud.wx.settle();
  await cloud.tap(all(page, '.option')[0]!, 'fid-answer');
  await cloud.tap(one(page, '.subscribe'), 'fid-subscribe');
  return page;
}

it('asks for the three templates in one request, and counts one reminder per accepted template', async () => {
  const ids = cloud.backend.subscribeTemplateIds;
  expect(ids).toHaveLength(3);
  cloud.wx.subscribeReply = { answer: 'accept' };
  const page = await subscribeAfterCheckIn();
  expect(cloud.wx.subscribeRequests).toEqual([ids]);
  expect(cloud.wx.dialogsShown).toBe(1);
  expect(cloud.wx.callsTo('saveFormId').map((c) => c.data.subscriptions)).toEqual([Object.fromEntries(ids.map((id) => [id, 'accept']))]);
  expect(await cloud.backend.credits()).toMatchObject({ subscribe: 3 });
  for (const id of ids) expect(await cloud.backend.grantsLeft(id)).toBe(1);
  expect(cloud.wx.toasts).toEqual(['已订阅3次提醒']);
  expect(text(page, '.credits')).toBe('还可以提醒你 3 次');
});

it('stores a reminder for each template the user left on in the dialog, none for the others', async () => {
  const [a, b, c] = cloud.backend.subscribeTemplateIds as [string, string, string];
  cloud.wx.subscribeReply = { answers: { [a]: 'accept', [b]: 'reject', [c]: 'acceptWithAlert' } };
  await subscribeAfterCheckIn();
  expect(await cloud.backend.credits()).toMatchObject({ subscribe: 2 });
  expect(cloud.wx.toasts).toEqual(['已订阅2次提醒']);
});
