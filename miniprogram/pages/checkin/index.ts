// 答题签到: today's question, the answer's result, the streak, and what was picked for the rest of the day.
// Written with Component() so miniprogram-simulate can render it in tests.
import type { AnswerRecord, CheckInResult, CheckInStatus } from '../../../src/contract';
import { copy } from '../../logic/copy';
import { chineseDate, shanghaiDate } from '../../logic/dates';
import { asServiceError } from '../../logic/errors';
import type { OfferReason } from '../../logic/subscribePolicy';
import { creditsText, markAnswer, markSubmitting, questionView, resultView, streakText, type QuestionView, type ResultView } from '../../logic/views';
import { api } from '../../services/api';
import { formChannelOn } from '../../services/credits';
import { lastKnownCredits } from '../../services/storage';
import { openSubscriptionSettings, refreshSubscriptionSettings, reminderOffer, requestReminder, topUpReminder } from '../../services/subscribe';

type Status = 'loading' | 'error' | 'empty' | 'ready';

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
    /** The option whose answer failed to reach the server, for the 重试 next to the error (-1: none). */
    failedChoice: -1,
    remindersEnabled: true,
    offer: '' as OfferReason | '',
    offerText: '',
    subscribing: false,
    notice: '',
    /** Subscription messages are off for the app (20004): the notice has a button to WeChat's settings. */
    openSetting: false,
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
      this.setData({ status: 'loading', answerError: '', failedChoice: -1, notice: '', openSetting: false });
      let today: CheckInStatus;
      try {
        // The subscription settings decide the offer: read them alongside (no tap needed).
        [today] = await Promise.all([api.today(), refreshSubscriptionSettings()]);
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('checkin: cannot load today', failure.message);
        this.setData({ status: 'error', errorTitle: failure.title, errorHint: failure.hint });
        return;
      }
      const view = questionView(today.question);
      const answered = today.checkedIn ? today.answer : null;
      this.setData({
        status: today.checkedIn || view ? 'ready' : 'empty',
        date: today.date,
        dateText: chineseDate(today.date),
        // A checked-in day whose pick is unknown (an older record) shows no question at all.
        question: view && answered ? markAnswer(view, answered) : today.checkedIn ? null : view,
        checkedIn: today.checkedIn,
        streakText: streakText(today.streak, today.checkedIn),
        result: today.checkedIn ? resultView(answered, 'reopened') : null,
        remindersEnabled: today.remindersEnabled,
      });
      this.showOffer(false);
    },

    onChoose(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { index: number }>) {
      // Answering is the day's natural tap: a user who keeps "accept" gets one more grant, silently,
      // asked before the answer's cloud call uses the tap up.
      if (!this.data.checkedIn && !this.data.submitting) {
        void topUpReminder(this.data.remindersEnabled)?.then((result) => {
          if (result.credits && this.data.checkedIn) this.setData({ creditsText: creditsText(result.credits, formChannelOn()) });
        });
      }
      void this.submit(Number(event.currentTarget.dataset.index));
    },

    onRetryAnswer() {
      if (this.data.failedChoice >= 0) void this.submit(this.data.failedChoice);
    },

    async submit(choice: number): Promise<void> {
      const { question, submitting, checkedIn } = this.data;
      if (!question || submitting || checkedIn || !Number.isInteger(choice)) return;
      this.setData({ submitting: true, answerError: '', failedChoice: -1, question: markSubmitting(question, choice) });
      let answer: CheckInResult;
      try {
        answer = await api.answer(question.id, choice);
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('checkin: answer failed', failure.message);
        if (failure.code === 'INVALID_ARGUMENT') {
          // The question is no longer today's (the page stayed open past midnight): show the new one.
          await this.load();
          this.setData({ answerError: copy.checkIn.questionChanged });
          return;
        }
        this.setData({ submitting: false, question, failedChoice: choice, answerError: copy.checkIn.answerFailed(failure.title, failure.hint) });
        return;
      }
      const recorded: AnswerRecord = { choice: answer.choice, correct: answer.correct, correctChoice: answer.correctChoice };
      this.setData({
        submitting: false,
        checkedIn: true,
        question: markAnswer(question, recorded),
        streakText: streakText(answer.streak, true),
        result: resultView(recorded, answer.alreadyCheckedIn ? 'again' : 'answered'),
      });
      this.showOffer(!answer.alreadyCheckedIn);
    },

    /** The reminder offer belongs to the checked-in state, and only while reminders are on. */
    showOffer(justCheckedIn: boolean) {
      const { checkedIn, remindersEnabled } = this.data;
      const known = lastKnownCredits();
      const offer = checkedIn ? reminderOffer(justCheckedIn, remindersEnabled, known) : null;
      const text = copy.reminders;
      const offerText = offer === 'checked-in' ? text.offerAfterCheckIn : offer === 'switched-off' ? text.offerSwitchedOff : offer === 'low-credits' && known ? text.offerLow(known.subscribe) : '';
      this.setData({
        offer: offer ?? '',
        offerText,
        creditsText: !remindersEnabled ? text.offOnCheckIn : known ? creditsText(known, formChannelOn()) : '',
      });
    },

    onSubscribe() {
      if (this.data.subscribing) return;
      // All subscription messages are off: only WeChat's settings page can turn them on.
      if (this.data.offer === 'switched-off') {
        this.onOpenSetting();
        return;
      }
      // Asked first, before any await or setData: WeChat only allows it inside the tap.
      const asked = requestReminder();
      this.setData({ subscribing: true, notice: '', openSetting: false });
      void asked.then((result) => {
        this.setData({
          subscribing: false,
          // After a failed dialog the offer stays, so the user can simply tap again.
          offer: result.asked.outcome === 'failed' || result.asked.outcome === 'missing' ? this.data.offer : '',
          notice: result.feedback.notice,
          openSetting: result.feedback.openSetting,
          creditsText: result.credits ? creditsText(result.credits, formChannelOn()) : this.data.creditsText,
        });
      });
    },

    /**
     * WeChat's settings page (inside the tap); coming back, the offer follows what the user changed
     * there: one who just switched messages on for it is offered the reminder it was about.
     */
    onOpenSetting() {
      const offered = this.data.offer !== '';
      void openSubscriptionSettings().then(() => {
        this.setData({ notice: '', openSetting: false });
        this.showOffer(offered);
      });
    },
  },
});
