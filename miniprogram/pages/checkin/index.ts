// 答题签到: today's question, the answer's result, the streak, and "已签到" for the rest of the day.
// Written with Component() so miniprogram-simulate can render it in tests.
import type { CheckInResult, CheckInStatus } from '../../../src/contract';
import { chineseDate, shanghaiDate } from '../../logic/dates';
import { asServiceError } from '../../logic/errors';
import type { OfferReason } from '../../logic/subscribePolicy';
import { creditsText, markChoice, questionView, resultView, streakText, type QuestionView, type ResultView } from '../../logic/views';
import { api } from '../../services/api';
import { lastKnownCredits } from '../../services/storage';
import { reminderOffer, requestReminder } from '../../services/subscribe';

type Status = 'loading' | 'error' | 'empty' | 'ready';

const OFFER_TEXT: Record<OfferReason, string> = {
  'checked-in': '明天没来签到时，提醒我一次',
  'low-credits': '提醒次数快用完了，再领一次提醒',
};

Component({
  data: {
    status: 'loading' as Status,
    errorTitle: '',
    errorHint: '',
    date: '',
    dateText: '',
    question: null as QuestionView | null,
    checkedIn: false,
    streakText: '',
    submitting: false,
    result: null as ResultView | null,
    answerError: '',
    offer: '' as OfferReason | '',
    offerText: '',
    subscribing: false,
    notice: '',
    creditsText: '',
  },

  lifetimes: {
    attached() {
      void this.load();
    },
  },

  methods: {
    /** Page lifecycle: a page left open past midnight shows the new day's question. */
    onShow() {
      if (this.data.status === 'ready' && this.data.date !== shanghaiDate(Date.now())) void this.load();
    },

    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },

    onRetry() {
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ status: 'loading', answerError: '', notice: '' });
      let today: CheckInStatus;
      try {
        today = await api.today();
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('checkin: cannot load today', failure.message);
        this.setData({ status: 'error', errorTitle: failure.title, errorHint: failure.hint });
        return;
      }
      const question = questionView(today.question);
      this.setData({
        status: today.checkedIn || question ? 'ready' : 'empty',
        date: today.date,
        dateText: chineseDate(today.date),
        question,
        checkedIn: today.checkedIn,
        streakText: streakText(today.streak, today.checkedIn),
        result: null,
      });
      this.showOffer(false);
    },

    async onChoose(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { index: number }>) {
      const { question, submitting, checkedIn } = this.data;
      const choice = Number(event.currentTarget.dataset.index);
      if (!question || submitting || checkedIn || !Number.isInteger(choice)) return;
      this.setData({ submitting: true, answerError: '', question: markChoice(question, choice, null) });
      let answer: CheckInResult;
      try {
        answer = await api.answer(question.id, choice);
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('checkin: answer failed', failure.message);
        if (failure.code === 'INVALID_ARGUMENT') {
          // The question is no longer today's (the page stayed open past midnight): show the new one.
          await this.load();
          this.setData({ answerError: '题目已更新，请重新作答' });
          return;
        }
        this.setData({ submitting: false, question, answerError: `${failure.title}，${failure.hint}` });
        return;
      }
      this.setData({
        submitting: false,
        checkedIn: true,
        question: markChoice(question, choice, answer.alreadyCheckedIn ? null : answer.correct),
        streakText: streakText(answer.streak, true),
        result: resultView(answer),
      });
      this.showOffer(!answer.alreadyCheckedIn);
    },

    /** The reminder offer belongs to the checked-in state. */
    showOffer(justCheckedIn: boolean) {
      const known = lastKnownCredits();
      const offer = this.data.checkedIn ? reminderOffer(justCheckedIn, known) : null;
      this.setData({ offer: offer ?? '', offerText: offer ? OFFER_TEXT[offer] : '', creditsText: known ? creditsText(known) : '' });
    },

    onSubscribe() {
      if (this.data.subscribing) return;
      // Asked first, before any await or setData: WeChat only allows it inside the tap.
      const asked = requestReminder();
      this.setData({ subscribing: true });
      void asked.then((result) => {
        this.setData({
          subscribing: false,
          // After a failed dialog the offer stays, so the user can simply tap again.
          offer: result.outcome === 'failed' || result.outcome === 'missing' ? this.data.offer : '',
          notice: result.message,
          creditsText: result.credits ? creditsText(result.credits) : this.data.creditsText,
        });
      });
    },
  },
});
