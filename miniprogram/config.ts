// Mini-program settings. Replace cloudEnv with your cloud environment id (云开发控制台 → 环境 ID)
// and the template id with the subscribe template you added in 微信公众平台 → 订阅消息.
export const appConfig = {
  /** Cloud environment id; empty means the default environment DevTools selected. */
  cloudEnv: '',
  /** One-time subscribe template for the check-in reminder (must match REMINDER_SUBSCRIBE_TEMPLATE_ID); empty hides the offer. */
  reminderTemplateId: '',
  /** Hours at which a reminder may be sent (must match the functions' REMINDER_WINDOW, default 8-21). */
  reminderWindow: { start: 8, end: 21 },
};
