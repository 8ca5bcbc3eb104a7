import type { TestReminderReason } from '../../../src/contract';
import { testReminderMessage } from '../../../miniprogram/logic/testReminder';

describe('the message after 发送测试提醒', () => {
  it('says where to look when the reminder went out, and that one was used up', () => {
    expect(testReminderMessage({ ok: true, sent: true })).toBe('测试提醒已发出，请到微信“服务通知”里查看；用掉了一次提醒');
  });

  // Whether a reminder was used up is said honestly: only a credit WeChat refused and a send whose
  // answer was lost cost one.
  it.each<[TestReminderReason, RegExp]>([
    ['no-credit', /还没有可用的提醒次数，订阅一次提醒后再试/],
    ['template-unfit', /提醒设置有误.*没有用掉提醒次数/],
    ['cap-reached', /今天的测试提醒已经用完，明天再试/],
    ['disabled', /还没有设置提醒/],
    ['refused', /关闭了这个小程序的服务通知.*已失效/],
    ['misconfigured', /微信拒绝了这条提醒.*没有用掉提醒次数/],
    ['unavailable', /暂时发不出提醒.*没有用掉提醒次数/],
    ['unconfirmed', /微信没有确认.*用掉了一次提醒/],
  ])('explains %s', (reason, message) => {
    expect(testReminderMessage({ ok: true, sent: false, reason })).toMatch(message);
  });

  it('has a plain message for a reason this version does not know', () => {
    expect(testReminderMessage({ ok: true, sent: false, reason: 'new-reason' as TestReminderReason })).toBe('测试提醒没有发出，请稍后重试');
  });
});
