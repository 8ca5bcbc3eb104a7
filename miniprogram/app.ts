import { appConfig } from './config';
import { credits } from './services/credits';

App({
  onLaunch() {
    if (!wx.cloud) {
      console.error('wx.cloud is missing: use base library 2.2.3 or later with cloud development enabled');
      return;
    }
    wx.cloud.init({ env: appConfig.cloudEnv || undefined, traceUser: true });
  },

  /** Credits a previous session could not upload are retried when the app comes back. */
  onShow() {
    if (wx.cloud) void credits.flush('app-show');
  },

  /** Leaving the app uploads whatever taps collected (the batch may not be full). */
  onHide() {
    if (wx.cloud) void credits.flush('app-hide');
  },
});
