// The 2019 article's send task as written ("sendMessageTaskAction"), statement for statement:
// - one query for users with count > 0 and last_date != today, without a limit — the cloud answers
//   at most 100 documents, and the article reads only that first page;
// - `forEach(async …)` that nobody awaits: main answers at once while the sends are still running
//   (on the cloud the instance is frozen after main returns; the emulator lets them finish);
// - per user: a query for the oldest usable form id, the send, and two updates;
// - the send's outcome is never looked at (`request(…, callback)`): the credit is burnt and the user
//   marked as pushed today whatever WeChat answered;
// - templateMessage.send only.
import { _, db, FORM_IDS, getCurrentDateInt, MOCK_FORM_ID, PUSH_STATUS, sendTemplateMessage, type FormIdRecord, type PushStatusRecord } from './shared';

/**
 * `_sendMessageToUser`: the article awaited its access token, then started `request(...)` with a
 * callback and returned without waiting for it, so the caller's `await` got `undefined` at once.
 */
async function _sendMessageToUser(open_id: string, form_id: string): Promise<void> {
  void sendTemplateMessage(open_id, form_id).then(
    () => undefined,
    () => undefined, // the article's callback: `(res) => { ... }`
  );
}

export async function main(): Promise<unknown> {
  const Today = getCurrentDateInt();
  // select user_id from wx_message_push_status WHERE count > 0 AND last_date != ${Today}
  const temp = await db.collection(PUSH_STATUS).where({ count: _.gt(0), last_date: _.neq(Today) }).get();
  const selectCanPush = temp.data as unknown as PushStatusRecord[];
  if (selectCanPush.length) {
    selectCanPush.forEach(async (record) => {
      try {
        const user_id = record.user_id;
        const currentTime = new Date().getTime();
        // select open_id, user_id, form_id from wx_save_form_id WHERE user_id = … AND status = 0
        //   AND expire >= now AND form_id != 'the formId is a mock one' ORDER BY expire ASC
        const getFormIdTemp = await db
          .collection(FORM_IDS)
          .where({ user_id, status: 0, expire: _.gte(currentTime), form_id: _.neq(MOCK_FORM_ID) })
          .orderBy('expire', 'asc')
          .get();
        const getUserFormIds = getFormIdTemp.data as unknown as FormIdRecord[];
        const { open_id, form_id } = getUserFormIds[0]!; // throws for a user without one: caught below
        await _sendMessageToUser(open_id, form_id);
        // UPDATE wx_message_push_status SET count = count - 1, last_date = ${Today} WHERE count > 0 AND user_id = …
        await db.collection(PUSH_STATUS).where({ count: _.gt(0), user_id }).update({ data: { count: _.inc(-1), last_date: Today } });
        // UPDATE wx_save_form_id SET status = 1 WHERE user_id = … AND open_id = … AND form_id = …
        await db.collection(FORM_IDS).where({ user_id, open_id, form_id }).update({ data: { status: 1 } });
      } catch (err) {
        // the article: `catch(err){ ... }`
      }
    });
  }
  return { status: 0 };
}
