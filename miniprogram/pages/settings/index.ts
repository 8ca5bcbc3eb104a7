// 提醒设置: reminders on/off, preferred hour (or automatic), credits left, last reminder date.
import type { ReminderSettings } from '../../../src/contract';
import { asServiceError } from '../../logic/errors';
import { hourAt, settingsView, type SettingsView } from '../../logic/views';
import { appConfig } from '../../config';
import { api } from '../../services/api';
import { reminderOffer, requestReminder } from '../../services/subscribe';

type Status = 'loading' | 'error' | 'ready';

Component({
  data: {
    status: 'loading' as Status,
    errorTitle: '',
    errorHint: '',
    view: null as SettingsView | null,
    saving: false,
    saveError: '',
    /** A subscribe template is configured, so the user can add reminders. */
    canSubscribe: false,
    /** Credits are low and the user has not declined today: say so. */
    lowHint: false,
    subscribing: false,
    notice: '',
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
        this.show(await api.reminderSettings());
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('settings: cannot load', failure.message);
        if (!quiet) this.setData({ status: 'error', errorTitle: failure.title, errorHint: failure.hint });
      }
    },

    show(answer: ReminderSettings) {
      this.setData({
        status: 'ready',
        view: settingsView(answer, appConfig.reminderWindow),
        canSubscribe: appConfig.reminderTemplateId !== '',
        lowHint: reminderOffer(false, answer.credits) === 'low-credits',
      });
    },

    onToggle(event: WechatMiniprogram.SwitchChange) {
      void this.save({ enabled: Boolean(event.detail.value) });
    },

    onHourChange(event: WechatMiniprogram.PickerChange) {
      void this.save({ hour: hourAt(appConfig.reminderWindow, Number(event.detail.value)) });
    },

    async save(change: { enabled?: boolean; hour?: number | null }): Promise<void> {
      if (this.data.saving) return;
      const before = this.data.view;
      this.setData({ saving: true, saveError: '' });
      try {
        this.show(await api.reminderSettings(change));
        this.setData({ saving: false });
      } catch (error) {
        const failure = asServiceError(error);
        console.warn('settings: save failed', failure.message);
        // Put the switch and picker back where the server still has them.
        this.setData({ saving: false, view: before, saveError: `没有保存：${failure.title}，${failure.hint}` });
      }
    },

    onSubscribe() {
      if (this.data.subscribing) return;
      const asked = requestReminder(); // first, inside the tap (WeChat's rule)
      this.setData({ subscribing: true, notice: '' });
      void asked.then(async (result) => {
        this.setData({ subscribing: false, notice: result.message, lowHint: false });
        if (result.reported) await this.load(true);
      });
    },
  },
});
