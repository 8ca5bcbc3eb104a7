// The 2019 article's send task with its obvious paging and await bugs fixed, and nothing else:
// - pages through every user with count > 0 and last_date != today, 1000 at a time, on a user_id
//   cursor (a `skip` would jump over users, since each send takes its user out of the filter);
// - awaits every user, BASELINE_CONCURRENCY at a time, and awaits the send itself.
// Still the article's design: the counter table, per-user queries, templateMessage only, and the
// credit burnt and the user marked whatever WeChat answered; no time budget, so a run longer than
// the function timeout is killed where it stands.
import { _, db, FORM_IDS, getCurrentDateInt, MOCK_FORM_ID, PUSH_STATUS, sendTemplateMessage, type FormIdRecord, type PushStatusRecord } from './shared';

const PAGE = 1000;

function concurrency(): number {
  const n = Number(process.env.BASELINE_CONCURRENCY ?? 10);
  return Number.isInteger(n) && n >= 1 ? n : 10;
}

/** The article's per-user body, with the send awaited (its outcome still ignored). */
async function remindUser(user_id: number, Today: number): Promise<void> {
  try {
    const currentTime = new Date().getTime();
    const getFormIdTemp = await db
      .collection(FORM_IDS)
      .where({ user_id, status: 0, expire: _.gte(currentTime), form_id: _.neq(MOCK_FORM_ID) })
      .orderBy('expire', 'asc')
      .get();
    const getUserFormIds = getFormIdTemp.data as unknown as FormIdRecord[];
    const { open_id, form_id } = getUserFormIds[0]!;
    await sendTemplateMessage(open_id, form_id).catch(() => undefined);
    await db.collection(PUSH_STATUS).where({ count: _.gt(0), user_id }).update({ data: { count: _.inc(-1), last_date: Today } });
    await db.collection(FORM_IDS).where({ user_id, open_id, form_id }).update({ data: { status: 1 } });
  } catch (err) {
    // as in the article: a user without a usable form id is skipped
  }
}

/** Runs `work` over `items` with at most `limit` in flight, and waits for all. */
async function eachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function main(): Promise<unknown> {
  const Today = getCurrentDateInt();
  const limit = concurrency();
  let cursor = -1;
  let users = 0;
  for (;;) {
    const page = await db
      .collection(PUSH_STATUS)
      .where({ count: _.gt(0), last_date: _.neq(Today), user_id: _.gt(cursor) })
      .orderBy('user_id', 'asc')
      .limit(PAGE)
      .get();
    const records = page.data as unknown as PushStatusRecord[];
    if (records.length === 0) break;
    await eachBounded(records, limit, (r) => remindUser(r.user_id, Today));
    users += records.length;
    cursor = records[records.length - 1]!.user_id;
  }
  return { status: 0, users };
}
