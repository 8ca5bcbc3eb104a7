// 提醒设置: reminders on/off, preferred hour (or automatic), reminders left, last reminder date,
// and 删除我的数据.
import type { ReminderSettings, SettingsChange } from '../../../src/contract';
import { copy } from '../../logic/copy';
import { asServiceError } from '../../logic/errors';
import { testReminderMessage } from '../../logic/testReminder';
import { hourAt, settingsView, subscribeRow, type SettingsView } from '../../logic/views';
import { appConfig } from '../../config';
import { api } from '../../services/api';
import { formChannelOn } from '../../services/credits';
import { confirmDeletion, deleteMyData } from '../../services/dataDeletion';
import { currentPlan, openSubscriptionSettings, refreshSubscriptionSettings, reminderOffer, requestReminder, topUpReminder } from '../../services/subscribe';

type Status = 'loading' | 'error' | 'ready';

Component({
  data: {
    status: 'loading' as Status,
    errorTitle: '',
    errorHint: '',
    view: null as SettingsView | null,
    saving: false,
    saveError: '',
    /** The change that could not be saved, for the 重试 next to the error. */
    failedChange: null as SettingsChange | null,
    /** The user can add reminders here (a template is configured, reminders are on, WeChat would ask). */
    canSubscribe: false,
    /** The line above the subscribe button: few left, reminders off, always accepted, or how to undo a "never". */
    hint: '',
    /** The hint's way forward is WeChat's settings page (subscription messages off, or declined for good). */
    hintOpensSetting: false,
    subscribing: false,
    notice: '',
    /** Subscription messages are off for the app (20004): the notice has a button to WeChat's settings. */
    openSetting: false,
    testing: false,
    /** What became of the last 发送测试提醒. */
    testNotice: '',
    deleting: false,
    /** Why 删除我的数据 did not finish, shown with a 重试 that deletes again (already confirmed). */
    deleteError: '',
  },

  lifetimes: {
    attached() {
      void this.load();
    },
  },

  methods: {
    /** Page lifecycle: coming back to the tab refreshes the counts quietly. */
    onShow() {
      if (this.data.status === 'ready') void this.load(true);
    },

    onRetry() {
      void this.load();
    },

    async load(quiet = false): Promise<void> {
      if (!quiet) this.setData({ status: 'loading' });
      try {
        const [answer] = await Promise.all([api.reminderSettings(), refreshSubscriptionSettings()]);
        this.show(answer);
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('settings: cannot load', failure.message);
        if (!quiet) this.setData({ status: 'error', errorTitle: failure.title, errorHint: failure.hint });
      }
    },

    show(answer: ReminderSettings) {
      const low = reminderOffer(false, answer.enabled, answer.credits) === 'low-credits';
      const view = settingsView(answer, appConfig.reminderWindow, formChannelOn());
      const row = subscribeRow(currentPlan(), answer.enabled, low, view.left);
      this.setData({ status: 'ready', view, canSubscribe: row.canSubscribe, hint: row.hint, hintOpensSetting: row.openSetting });
    },

    onToggle(event: WechatMiniprogram.SwitchChange) {
      void this.save({ enabled: Boolean(event.detail.value) });
    },

    onHourChange(event: WechatMiniprogram.PickerChange) {
      void this.save({ hour: hourAt(appConfig.reminderWindow, Number(event.detail.value)) });
    },

    onRetrySave() {
      if (this.data.failedChange) void this.save(this.data.failedChange);
    },

    async save(change: SettingsChange): Promise<void> {
      if (this.data.saving) return;
      const before = this.data.view;
      this.setData({ saving: true, saveError: '', failedChange: null });
      try {
        this.show(await api.reminderSettings(change));
        this.setData({ saving: false });
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('settings: save failed', failure.message);
        // Put the switch and picker back where the server still has them.
        this.setData({ saving: false, view: before, failedChange: change, saveError: copy.reminders.saveFailed(failure.title, failure.hint) });
      }
    },

    onSubscribe() {
      if (this.data.subscribing) return;
      const asked = requestReminder(); // first, inside the tap (WeChat's rule)
      this.setData({ subscribing: true, notice: '', openSetting: false });
      void asked.then(async (result) => {
        this.setData({ subscribing: false, notice: result.feedback.notice, openSetting: result.feedback.openSetting, hint: '' });
        if (result.reported) await this.load(true);
      });
    },

    /** WeChat's settings page (inside the tap); coming back, the page shows what the user changed there. */
    onOpenSetting() {
      void openSubscriptionSettings().then(() => {
        this.setData({ notice: '', openSetting: false });
        return this.load(true);
      });
    },

    async onTestReminder(): Promise<void> {
      if (this.data.testing) return;
      // A natural tap: one more grant for a user who keeps "accept", before the cloud call uses the tap up.
      const toppedUp = topUpReminder(this.data.view?.enabled ?? false);
      this.setData({ testing: true, testNotice: '' });
      if (toppedUp) await toppedUp;
      try {
        this.setData({ testNotice: testReminderMessage(await api.testReminder()) });
        await this.load(true); // a reminder may have been used up
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('settings: test reminder failed', failure.message);
        this.setData({ testNotice: copy.testReminder.failed(failure.title, failure.hint) });
      }
      this.setData({ testing: false });
    },

    onDeleteData() {
      if (this.data.deleting) return;
      void confirmDeletion().then((confirmed) => {
        if (confirmed) void this.deleteData();
      });
    },

    onRetryDelete() {
      void this.deleteData();
    },

    /** Deletes, then shows the state as the server now has it: a user with nothing stored. */
    async deleteData(): Promise<void> {
      if (this.data.deleting) return;
      this.setData({ deleting: true, deleteError: '', notice: '', testNotice: '', saveError: '', failedChange: null });
      try {
        await deleteMyData();
        this.setData({ deleting: false });
        await this.load();
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('settings: delete failed', failure.message);
        this.setData({ deleting: false, deleteError: copy.deleteData.failed(failure.title, failure.hint) });
      }
    },
  },
});
