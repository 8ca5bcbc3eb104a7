// saveFormId event → what to store (DESIGN.md §2 saveFormId, PLATFORM.md §1).
// Pure: duplicates against stored credits and the 100-unused-credit quota need the database and
// are the handler's; it reports them with the reasons `duplicate` and `quota`.
import type { RejectReason, Rejection } from '../../contract';
import type { Validation } from '../validation';
import { eventFields, FieldError, isPlainObject, parsing, type Fields } from './fields';

export const MAX_FORM_IDS_PER_CALL = 20;
export const MAX_FORM_ID_LENGTH = 128;
/** wx.requestSubscribeMessage asks for ≤ 3 (newer docs: 5) templates; anything far larger is not its result. */
export const MAX_SUBSCRIPTION_ENTRIES = 20;

/**
 * Answers that grant one message for the template (DESIGN.md §2). WeChat has also been seen to
 * answer `acceptWithAlert` / `acceptWithForcePush`; the contract does not count them yet.
 */
export const GRANTING_ANSWERS: readonly string[] = ['accept', 'acceptWithAudio'];

export interface SavePlan {
  /** Distinct form ids worth storing, in the order sent. */
  accepted: string[];
  rejected: Rejection[];
  /** Subscribe credits to add: one per granting answer for a configured template, by template id. */
  subscribeGrants: Record<string, number>;
}

// DevTools answers the first; develop/trial builds since base library 2.10.0 the second.
const PLACEHOLDER_PREFIX = 'the formid is';

/** Why a form id cannot be a real one, or null when it may be. */
export function formIdProblem(value: string): Exclude<RejectReason, 'duplicate' | 'quota'> | null {
  if (value.trim() === '') return 'empty';
  if (value.length > MAX_FORM_ID_LENGTH) return 'too-long';
  const lower = value.toLowerCase();
  if (lower.includes('mock') || lower.startsWith(PLACEHOLDER_PREFIX)) return 'placeholder';
  return null;
}

function formIdsOf(fields: Fields): string[] {
  const ids: string[] = [];
  if (fields.formId !== undefined) {
    if (typeof fields.formId !== 'string') throw new FieldError('formId', 'must be a string');
    ids.push(fields.formId);
  }
  if (fields.formIds !== undefined) {
    if (!Array.isArray(fields.formIds)) throw new FieldError('formIds', 'must be an array of strings');
    fields.formIds.forEach((id: unknown, i) => {
      if (typeof id !== 'string') throw new FieldError(`formIds[${i}]`, 'must be a string');
      ids.push(id);
    });
  }
  // Counted as sent, before removing repeats: a client sending more is misbehaving.
  if (ids.length > MAX_FORM_IDS_PER_CALL) throw new FieldError('formIds', `at most ${MAX_FORM_IDS_PER_CALL} form ids per call`);
  return ids;
}

function grantsOf(fields: Fields, templateIds: readonly string[]): Record<string, number> {
  const result = fields.subscriptions;
  const grants: Record<string, number> = {};
  if (result === undefined) return grants;
  if (!isPlainObject(result)) throw new FieldError('subscriptions', 'must be the result object of wx.requestSubscribeMessage');
  const entries = Object.entries(result).filter(([key]) => key !== 'errMsg');
  if (entries.length > MAX_SUBSCRIPTION_ENTRIES) throw new FieldError('subscriptions', `at most ${MAX_SUBSCRIPTION_ENTRIES} template ids`);
  for (const [templateId, answer] of entries) {
    if (typeof answer !== 'string') throw new FieldError(`subscriptions.${templateId}`, 'must be a string such as "accept"');
    // Unknown answer strings add nothing rather than failing: WeChat adds new ones over time.
    if (templateIds.includes(templateId) && GRANTING_ANSWERS.includes(answer)) grants[templateId] = (grants[templateId] ?? 0) + 1;
  }
  return grants;
}

/**
 * Validates a saveFormId event. Wrong types and more than 20 form ids fail the whole call
 * (nothing is saved); form ids that cannot be real are rejected one by one with a reason.
 * Only answers for the configured subscribe templates (`templateIds`) grant anything.
 */
export function parseSaveFormIdEvent(event: unknown, templateIds: readonly string[]): Validation<SavePlan> {
  return parsing(() => {
    const fields = eventFields(event);
    const ids = formIdsOf(fields);
    const subscribeGrants = grantsOf(fields, templateIds);
    const accepted: string[] = [];
    const rejected: Rejection[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) continue; // a repeat within the call is the same credit: collapsed silently
      seen.add(id);
      const problem = formIdProblem(id);
      // A too-long value is echoed shortened: the answer need not carry kilobytes back.
      if (problem) rejected.push({ value: problem === 'too-long' ? `${id.slice(0, 32)}…` : id, reason: problem });
      else accepted.push(id);
    }
    return { accepted, rejected, subscribeGrants };
  });
}
