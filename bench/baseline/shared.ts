// What both ports of the 2019 article's send task share: the SDK set-up, the two collections that
// stand for its two MySQL tables, its date helper and its template message.
// The article (../../../shared/original-article.txt, "sendMessageTaskAction") ran SQL on MySQL from a
// Node server; here the same statements become cloud-database calls through the real wx-server-sdk,
// one request per statement, so the request pattern is the article's. Bundled for the benchmark
// only (bench/baseline/build.ts), never deployed.
import cloud from 'wx-server-sdk';
import type { Database } from '../../src/wechat/types';

/** Table `wx_save_form_id`: { open_id, user_id, form_id, expire (ms), status (0 unsent, 1 sent, 2 expired) }. */
export const FORM_IDS = 'wx_save_form_id';
/** Table `wx_message_push_status`: { user_id, count (credits left), last_date (YYYYMMDD of the last push, 0 = never) }. */
export const PUSH_STATUS = 'wx_message_push_status';
/** The article's mock-id filter (`form_id != 'the formId is a mock one'`). */
export const MOCK_FORM_ID = 'the formId is a mock one';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
export const db = cloud.database() as unknown as Database;
export const _ = db.command;

const openapi = cloud.openapi as { templateMessage: { send(params: object): Promise<unknown> } };

/** `utils.getCurrentDateInt()`: YYYYMMDD of the server's local date (the cloud runtime's zone is UTC). */
export function getCurrentDateInt(): number {
  const d = new Date();
  return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
}

/** `_sendMessageToUser`'s request body: the article's keywords and its `YYYY.M.D` date (local getters). */
export function templateMessage(open_id: string, form_id: string) {
  const oDate = new Date();
  const time = oDate.getFullYear() + '.' + (oDate.getMonth() + 1) + '.' + oDate.getDate();
  return {
    touser: open_id,
    formId: form_id,
    page: 'pages/checkin/index', // the article's 'pages/xxx/xxx'
    templateId: process.env.BASELINE_TEMPLATE_ID ?? '',
    data: {
      keyword1: { value: '日领积分' },
      keyword2: { value: '已经连续答题N天,连续答题7天有惊喜,加油~' },
      keyword3: { value: '叮!该签到啦~锲而不舍,金石可镂。' },
      keyword4: { value: time },
    },
  };
}

/** templateMessage.send through cloud.openapi (the article called the HTTPS API with an access token). */
export function sendTemplateMessage(open_id: string, form_id: string): Promise<unknown> {
  return openapi.templateMessage.send(templateMessage(open_id, form_id));
}

export interface PushStatusRecord {
  user_id: number;
}

export interface FormIdRecord {
  open_id: string;
  form_id: string;
}
