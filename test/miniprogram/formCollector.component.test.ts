/**
 * @jest-environment jsdom
 */
// <form-collector> on a page of ten wrapped buttons, uploading through wx.cloud to the backend.
import simulate from 'miniprogram-simulate';
import { KEYS } from '../../miniprogram/services/storage';
import { TEMPLATE_ID, useTestCloud } from './harness';
import { all, loadOnce, mount, pageHide, text } from './harness/render';

const cloud = useTestCloud({ formChannel: true });

let hostId: string | undefined;
function mountHost() {
  hostId ??= simulate.load({
    usingComponents: { 'form-collector': loadOnce('components/form-collector/index') },
    template: `<form-collector wx:for="{{items}}" wx:key="*this"><view class="item" data-name="{{item}}" bindtap="onTap">{{item}}</view></form-collector>`,
    data: { items: ['签到', '排行', '积分', '商城', '分享', '设置', '帮助', '消息', '活动', '我的'], tapped: [] as string[] },
    methods: {
      onTap(this: { data: { tapped: string[] }; setData(d: object): void }, event: { currentTarget: { dataset: { name: string } } }) {
        this.setData({ tapped: [...this.data.tapped, event.currentTarget.dataset.name] });
      },
    },
  });
  const host = simulate.render(hostId);
  host.attach(document.createElement('parent-wrapper'));
  return host;
}

async function tapTimes(host: ReturnType<typeof mountHost>, n: number, id: (i: number) => string) {
  const items = all(host, '.item');
  for (let i = 0; i < n; i++) await cloud.tap(items[i % items.length]!, id(i));
}

/** The ids queued on the device, the upload on its way included. */
const pendingIds = () => {
  const state = JSON.parse(cloud.wx.storage.get(KEYS.pendingCredits) ?? '{"formIds":[]}') as { formIds: { value: string }[]; sending?: { formIds: { value: string }[] } | null };
  return [...(state.sending?.formIds ?? []), ...state.formIds].map((f) => f.value);
};
/** The form id values an upload carried (each travels with the time of its tap). */
const idsOf = (call: { data: Record<string, unknown> }) => ((call.data.formIds ?? []) as { value: string }[]).map((f) => f.value);

describe('<form-collector>', () => {
  it("keeps the wrapped content's own tap behaviour and queues the tap's form id", async () => {
    const host = mountHost();
    await tapTimes(host, 2, (i) => `fid-${i}`);
    expect(host.data.tapped).toEqual(['签到', '排行']);
    expect(pendingIds()).toEqual(['fid-0', 'fid-1']);
    expect(cloud.wx.callsTo('saveFormId')).toHaveLength(0);
  });

  it('uploads twenty taps in one call carrying the twenty ids', async () => {
    const host = mountHost();
    await tapTimes(host, 19, (i) => `fid-${i}`);
    expect(cloud.wx.callsTo('saveFormId')).toHaveLength(0);
    await tapTimes(host, 1, () => 'fid-19');
    const uploads = cloud.wx.callsTo('saveFormId');
    expect(uploads).toHaveLength(1);
    expect(idsOf(uploads[0]!)).toEqual(Array.from({ length: 20 }, (_, i) => `fid-${i}`));
    expect(uploads[0]!.data).toEqual({ requestId: expect.any(String), formIds: Array.from({ length: 20 }, (_, i) => ({ value: `fid-${i}`, at: Date.now() })) });
    expect((await cloud.backend.storedFormIds()).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `fid-${i}`).sort());
    expect(pendingIds()).toEqual([]);
  });

  it("never lets WeChat's placeholder ids leave the device", async () => {
    const host = mountHost();
    await tapTimes(host, 25, (i) => (i % 2 ? 'the formId is a mock one' : 'the formId is no longer available in develop or trial version of this mini program'));
    pageHide(host);
    await cloud.wx.settle();
    expect(cloud.wx.callsTo('saveFormId')).toHaveLength(0);
    expect(cloud.wx.storage.get(KEYS.pendingCredits)).toBeUndefined();
    expect(await cloud.backend.storedFormIds()).toEqual([]);
  });

  it('uploads a partial batch once when the page hides, whatever the number of collectors on it', async () => {
    const host = mountHost();
    await tapTimes(host, 3, (i) => (i === 1 ? 'the formId is a mock one' : `fid-${i}`));
    pageHide(host);
    await cloud.wx.settle();
    expect(cloud.wx.callsTo('saveFormId').map(idsOf)).toEqual([['fid-0', 'fid-2']]);
    expect(await cloud.backend.credits()).toEqual({ form: 2, subscribe: 0 });
  });

  it('keeps every id through a failed upload and sends them all on the next page hide', async () => {
    const host = mountHost();
    cloud.wx.offline = true;
    await tapTimes(host, 20, (i) => `fid-${i}`);
    expect(cloud.wx.callsTo('saveFormId').map((c) => c.outcome)).toEqual(['offline']);
    expect(pendingIds()).toHaveLength(20);
    // The failure backs off: five more taps, even back online, do not call again at once.
    cloud.wx.offline = false;
    await tapTimes(host, 5, (i) => `late-${i}`);
    expect(cloud.wx.callsTo('saveFormId')).toHaveLength(1);
    pageHide(host);
    await cloud.wx.settle();
    const calls = cloud.wx.callsTo('saveFormId');
    expect(calls.map((c) => idsOf(c).length)).toEqual([20, 20, 5]);
    // The failed upload is sent again as it was, with its request id.
    expect(calls[1]!.data).toEqual(calls[0]!.data);
    expect(calls[2]!.data.requestId).not.toBe(calls[0]!.data.requestId);
    expect(await cloud.backend.storedFormIds()).toHaveLength(25);
    expect(pendingIds()).toEqual([]);
  });

  it("on the check-in page, queues the answer tap's form id and uploads it when the page hides", async () => {
    const page = mount('pages/checkin/index');
    await cloud.wx.settle();
    await cloud.tap(all(page, '.option')[0]!, 'form-id-from-answer');
    pageHide(page);
    await cloud.wx.settle();
    expect(await cloud.backend.storedFormIds()).toEqual(['form-id-from-answer']);
  });

  it('counts form ids among the reminders left on the settings page while the form channel is on, saying they die within 7 days', async () => {
    await cloud.backend.call('saveFormId', { formIds: ['f1', 'f2'], subscriptions: { [TEMPLATE_ID]: 'accept' } });
    const page = mount('pages/settings/index');
    await cloud.wx.settle();
    expect(text(page, '.credits')).toBe('3 次');
    expect(text(page, '.expiring')).toBe('剩余提醒中有 2 次会在 7 天内失效');
  });

  it('keeps the ids when the function crashes or answers a failure, and retries later', async () => {
    const host = mountHost();
    await cloud.backend.crash('saveFormId', true);
    await tapTimes(host, 20, (i) => `fid-${i}`);
    await cloud.backend.failDatabase(true);
    await cloud.backend.crash('saveFormId', false);
    pageHide(host);
    // The UNAVAILABLE answer is tried twice more (same request id) before the app gives up for now.
    await cloud.until(() => cloud.wx.callsTo('saveFormId').length === 4, 'the retries of the failed upload');
    await cloud.wx.settle();
    // One call per event, although ten collectors on the page each asked for an upload.
    const calls = cloud.wx.callsTo('saveFormId');
    expect(calls.map((c) => [c.outcome, idsOf(c).length])).toEqual([['crashed', 20], ...Array.from({ length: 3 }, () => ['answered', 20])]);
    expect(new Set(calls.slice(1).map((c) => c.data.requestId)).size).toBe(1);
    expect(pendingIds()).toHaveLength(20);
    await cloud.backend.failDatabase(false);
    pageHide(host);
    await cloud.until(() => pendingIds().length === 0, 'the queue emptied');
    expect(await cloud.backend.storedFormIds()).toHaveLength(20);
    expect(pendingIds()).toEqual([]);
  });
});
