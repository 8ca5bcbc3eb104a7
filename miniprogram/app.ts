import { appConfig } from './config';

App({
  onLaunch() {
    if (!wx.cloud) {
      console.error('wx.cloud is missing: use base library 2.2.3 or later with cloud development enabled');
      return;
    }
    wx.cloud.init({ env: appConfig.cloudEnv || undefined, traceUser: true });
  },
});
