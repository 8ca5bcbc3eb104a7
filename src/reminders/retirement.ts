// Which channels a run starts with closed (DESIGN §3): a daily quota, or an API WeChat retired
// (45103), remembered in reminderState. A retired channel is re-probed at most once a day, by the
// run that takes the day's probe: one send that can reach nobody and spends nothing — an OPENID no
// user has, and for the form channel a form id WeChat never issued. An API that judges such a
// request (40003, 41028 …) answers again; one that is retired answers 45103 whatever it is sent.
import type { ClosedChannels, CreditKind } from '../domain/credits';
import { renderMessage } from '../domain/message/reminderMessage';
import { classifySend, OUTCOME_POLICY } from '../domain/sendOutcome';
import type { LocalDate } from '../domain/time';
import { channelMemory, forgetRetired, takeProbe } from '../store/reminderState';
import type { SendResult } from '../wechat/types';
import type { SendDeps } from './context';

/** Not an OPENID (those are 28 characters): WeChat cannot deliver to it. */
export const PROBE_RECIPIENT = 'retirement-probe';
const PROBE_FORM_ID = 'retirement-probe';

/** The channels closed for a run of `today`; with `probe`, a retired one not yet probed today is probed first. */
export async function closedChannels(deps: SendDeps, today: LocalDate, probe: boolean): Promise<ClosedChannels> {
  const memory = await channelMemory(deps.db, today);
  const closed = { ...memory.closed };
  if (!probe) return closed;
  for (const kind of memory.unprobed) {
    if (!(await takeProbe(deps.db, today, kind))) continue; // another run took it
    const answer = await probeSend(deps, kind, today);
    if (!answer) continue;
    const says = OUTCOME_POLICY[classifySend(kind, answer.errcode, answer.errmsg)].probe;
    console.log(`[sendReminders] the ${kind} channel, remembered retired, answered a probe with errcode ${answer.errcode} (${answer.errmsg}): ${says}`);
    if (says !== 'alive') continue;
    await forgetRetired(deps.db, kind);
    delete closed[kind];
  }
  return closed;
}

/** One send to nobody on `kind`'s API; null when the channel has no template to probe with. */
async function probeSend(deps: SendDeps, kind: CreditKind, today: LocalDate): Promise<SendResult | null> {
  const { config, messenger } = deps;
  const template = kind === 'form' ? config.formTemplate : config.subscribeTemplates[0];
  if (!template) return null;
  const data = renderMessage(template.data, kind, { streak: 0, date: today });
  if (kind === 'form') return messenger.sendTemplateMessage({ touser: PROBE_RECIPIENT, templateId: template.id, formId: PROBE_FORM_ID, page: config.page, data });
  return messenger.sendSubscribeMessage({ touser: PROBE_RECIPIENT, templateId: template.id, page: config.page, data, miniprogramState: config.miniprogramState, lang: config.lang });
}
