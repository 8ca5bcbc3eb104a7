// Every sentence the app composes in code, in one place, so the wording can be reviewed as a whole
// (docs/miniprogram.md lists each one with the state that shows it). Fixed labels stay in the
// WXML next to what they label. Pure: no wx.* here.
//
// Rules the wording keeps: it is true in the state that shows it (no promise of a reminder the
// server will not send), counts are exact, one subscription is one reminder (never "开启", which
// reads like a switch, nor "领", which reads like a prize), and every error says what to do next
// with a control that exists where it is shown.
import { hourText as hh } from './dates';

export const copy = {
  checkIn: {
    streakToday: (days: number) => `连续答题${days}天`,
    streakBefore: (days: number) => `已连续答题${days}天，今天答题继续保持`,
    streakNone: '今天答题，开始连续签到',
    /** Option tags: what a mark means, in words (the colour only repeats it). */
    tagSubmitting: '提交中…',
    tagPickedRight: '你的选择 · 正确',
    tagPickedWrong: '你的选择',
    tagRight: '正确答案',
    optionLabel: (label: string, text: string, tag: string) => `选项${label}：${text}${tag ? `（${tag}）` : ''}`,
    right: { title: '回答正确，签到成功', detail: '明天记得再来' },
    wrong: (rightLabel: string) => ({ title: '回答错误，签到已完成', detail: `正确答案是 ${rightLabel}，明天继续加油` }),
    /** A second answer the same day (another device, a double tap): the first one stands. */
    again: (pickedLabel: string) => ({ title: '今天已经签到过了', detail: `今天的记录是你之前选的 ${pickedLabel}，这次不再计入` }),
    /** Reopened after checking in. */
    done: (pickedLabel: string | null, rightLabel: string | null) => ({
      title: '今天已签到',
      detail:
        pickedLabel === null || rightLabel === null
          ? '明天再来答题吧'
          : pickedLabel === rightLabel
            ? `你选了 ${pickedLabel}，回答正确。明天再来答题吧`
            : `你选了 ${pickedLabel}，正确答案是 ${rightLabel}。明天再来答题吧`,
    }),
    questionChanged: '题目已更新到今天，请重新作答',
    answerFailed: (title: string, hint: string) => `${title}，答案没有提交。${hint}`,
  },

  reminders: {
    /** The check-in page's offer, right after a check-in. */
    offerAfterCheckIn: '明天忘了签到时，用微信提醒你一次',
    /** The offer when few reminders are left (exact count). */
    offerLow: (left: number) => (left === 0 ? '还没有订阅提醒，忘了签到时不会提醒你' : `订阅的提醒还剩 ${left} 次，用完就不再提醒`),
    left: (n: number) => (n === 0 ? '还没有可用的提醒次数' : `还可以提醒你 ${n} 次`),
    offOnCheckIn: '签到提醒已关闭，可在“提醒设置”中打开',
    count: (n: number) => `${n} 次`,
    never: '还没有提醒过',
    automatic: (hour: number) => `自动（目前约 ${hh(hour)}）`,
    hour: hh,
    summaryOff: (left: number) => (left === 0 ? '已关闭，不会提醒你' : `已关闭，不会提醒你；剩下的 ${left} 次会保留`),
    summaryNoCredit: '还没有可用的提醒次数：订阅一次，忘了签到时才能提醒你',
    summaryChosen: (hour: number) => `没签到的日子，会在 ${hh(hour)} 左右提醒你`,
    /** Automatic, learned: an hour before the time the user usually checks in by themselves. */
    summaryLearned: (hour: number, habitHour: number) => `没签到的日子，会在 ${hh(hour)} 左右提醒你（你常在 ${hh(habitHour)} 左右签到，提前一小时）`,
    /** Automatic, no habit yet (fewer than 3 check-ins not prompted by a reminder in 14 days). */
    summaryDefault: (hour: number) => `没签到的日子，会在 ${hh(hour)} 左右提醒你（自己签到几次后，会按你的习惯调整）`,
    /** Reminders left that are form ids (only while the form channel is on): they die after 7 days. */
    expiringPart: (n: number) => `剩余提醒中有 ${n} 次会在 7 天内失效`,
    /** The check-in page's card while subscription messages are off (the button opens WeChat's settings). */
    offerSwitchedOff: '你关闭了小程序的订阅消息，打开后才能在你忘了签到时提醒你',
    /** The settings page's hint above its subscribe button (shown while few are left). */
    hintLow: (left: number) => (left === 0 ? '每订阅一次，可以在你忘了签到时提醒你一次' : `还能提醒 ${left} 次，每订阅一次多提醒一次`),
    hintOff: '打开“忘记签到时提醒我”后，才能订阅提醒',
    /** The user ticked "总是保持以上选择" with accept: each answer tops up by itself. */
    hintAlways: (stock: number) => `你选了总是接收提醒：每次答题会自动补充提醒次数，最多存 ${stock} 次`,
    /** Every template kept as declined ("总是保持以上选择" with reject): never asked again, so say how to undo it. */
    hintDeclinedForGood: '你选了不再接收签到提醒。想重新接收：点“去设置”，在“订阅消息”里打开签到提醒',
    hintSwitchedOff: '你关闭了小程序的订阅消息。想接收提醒：点“去设置”，打开“接收订阅消息”',
    saveFailed: (title: string, hint: string) => `没有保存：${title}。${hint}`,
  },

  /** 删除我的数据 on the settings page: the confirmation says exactly what goes. */
  deleteData: {
    confirmTitle: '删除我的数据',
    confirmContent: '将删除你的提醒设置、剩余提醒次数、签到记录与积分，删除后无法恢复。',
    confirmButton: '删除',
    done: '已删除',
    failed: (title: string, hint: string) => `删除没有完成：${title}。${hint}`,
  },

  /** What the user is told after the subscribe dialog (logic/subscribePolicy.ts decides which). */
  subscribe: {
    /** A toast: at most 7 characters fit next to WeChat's success icon. */
    granted: (n: number) => (n === 1 ? '已订阅一次提醒' : `已订阅${n}次提醒`),
    /** The server stored the grant's answer but not the grant (saveFormId's reason). */
    notCounted: (reason: string) =>
      reason === 'quota' ? '提醒次数已经攒满 100 次，这次没有再增加' : reason === 'template' ? '这个提醒已经停用，这次没有计入提醒次数' : '这次订阅没有计入提醒次数，请稍后再试',
    grantedOffline: '已订阅，网络恢复后计入提醒次数',
    declined: '没有订阅，今天不再询问',
    blocked: '微信暂时不允许订阅这个提醒',
    switchedOff: '你关闭了小程序的订阅消息，打开后才能订阅提醒',
    failed: '订阅没有完成，请再点一次“订阅一次提醒”',
  },

  /**
   * After 发送测试提醒 (logic/testReminder.ts): whether it went out and, when not, why and whether
   * a reminder was used up. The cause a developer needs is in the function's log, not here.
   */
  testReminder: {
    sent: '测试提醒已发出，请到微信“服务通知”里查看；用掉了一次提醒',
    reasons: {
      'no-credit': '还没有可用的提醒次数，订阅一次提醒后再试',
      'template-unfit': '小程序的提醒设置有误，这次没有发送，也没有用掉提醒次数',
      'cap-reached': '今天的测试提醒已经用完，明天再试；忘了签到时的提醒不受影响',
      disabled: '小程序还没有设置提醒，暂时不能发送',
      refused: '微信没有发出这条提醒：你可能关闭了这个小程序的服务通知。这次的提醒次数已失效',
      misconfigured: '微信拒绝了这条提醒（小程序的提醒设置有误），这次没有用掉提醒次数',
      unavailable: '微信暂时发不出提醒，这次没有用掉提醒次数，请稍后重试',
      unconfirmed: '提醒可能已经发出，但微信没有确认，请到“服务通知”里看看；用掉了一次提醒',
    },
    /** A reason this version does not know (a newer server). */
    other: '测试提醒没有发出，请稍后重试',
    failed: (title: string, hint: string) => `测试提醒没有发送：${title}。${hint}`,
  },

  /** Failures of a cloud call: a title and what to do (logic/errors.ts); a 重试 button is always next to them. */
  errors: {
    network: { title: '网络连接失败', hint: '请检查网络后重试' },
    server: { title: '服务暂时出了点问题', hint: '请稍后重试' },
    notDeployed: { title: '服务暂不可用', hint: '小程序暂时无法使用，请稍后再来' },
    noCloud: { title: '服务暂不可用', hint: '请把微信升级到最新版本后再试' },
    identity: { title: '无法确认你的身份', hint: '请退出小程序后重新打开' },
    permission: { title: '没有权限完成这个操作', hint: '请退出小程序后重新打开' },
    stale: { title: '页面内容已过期', hint: '请退出页面后重新进入' },
    busy: { title: '操作太频繁', hint: '请稍后重试' },
  },
} as const;
