// saveFormId event → what to store (DESIGN.md §2 saveFormId, PLATFORM.md §1).
// Pure: duplicates against stored credits and the per-kind caps need the database and are the
// store's; it reports them with the reasons `duplicate` and `quota`. What makes a form id or an
// answer worth keeping is miniprogram/logic/creditRules.ts, shared with the mini-program.
import type { Rejection } from '../../contract';
import { FORM_ID_LIFETIME_MS, formIdProblem, isCleanText, isGrant, MAX_FORM_ID_LENGTH, MAX_FORM_IDS_PER_CALL } from '../../../miniprogram/logic/creditRules';
import type { Validation } from '../validation';
import { eventFields, FieldError, isPlainObject, parsing, type Fields } from './fields';

/** wx.requestSubscribeMessage asks for ≤ 3 (newer docs: 5) templates; anything far larger is not its result. */
export const MAX_SUBSCRIPTION_ENTRIES = 20;
const MAX_REQUEST_ID_LENGTH = 64;

/** A form id worth storing, with the instant its 7 days start from. */
export interface FormIdToStore {
  value: string;
  tappedAt: Date;
}

export interface SavePlan {
  /** Distinct form ids worth storing, in the order sent. */
  forms: FormIdToStore[];
  rejected: Rejection[];
  /** Subscribe credits to add: one per granting answer for a configured template, by template id. */
  subscribeGrants: Record<string, number>;
  requestId: string | null;
}

export interface SaveContext {
  /** The configured subscribe templates: answers for others are rejected (`template`). */
  templateIds: readonly string[];
  /** False while no form template is configured or template messages are retired: form ids are rejected (`channel-off`). */
  formChannelOpen: boolean;
  now: Date;
}

interface SentFormId {
  value: string;
  /** The tap's instant (epoch ms) as the client says, or null: collected now. */
  at: number | null;
}

function sentFormId(raw: unknown, field: string): SentFormId {
  if (typeof raw === 'string') return { value: raw, at: null };
  if (!isPlainObject(raw) || typeof raw.value !== 'string') throw new FieldError(field, 'must be a string or { value: string, at: number }');
  if (typeof raw.at !== 'number' || !Number.isFinite(raw.at)) throw new FieldError(`${field}.at`, 'must be the time of the tap in epoch milliseconds');
  return { value: raw.value, at: raw.at };
}

function formIdsOf(fields: Fields): SentFormId[] {
  const ids: SentFormId[] = [];
  if (fields.formId !== undefined) {
    if (typeof fields.formId !== 'string') throw new FieldError('formId', 'must be a string');
    ids.push({ value: fields.formId, at: null });
  }
  if (fields.formIds !== undefined) {
    if (!Array.isArray(fields.formIds)) throw new FieldError('formIds', 'must be an array of form ids');
    fields.formIds.forEach((raw: unknown, i) => ids.push(sentFormId(raw, `formIds[${i}]`)));
  }
  // Counted as sent, before removing repeats: a client sending more is misbehaving.
  if (ids.length > MAX_FORM_IDS_PER_CALL) throw new FieldError('formIds', `at most ${MAX_FORM_IDS_PER_CALL} form ids per call`);
  return ids;
}

function requestIdOf(fields: Fields): string | null {
  const id = fields.requestId;
  if (id === undefined) return null;
  if (typeof id !== 'string' || id === '' || id.length > MAX_REQUEST_ID_LENGTH || !isCleanText(id)) {
    throw new FieldError('requestId', `must be 1 to ${MAX_REQUEST_ID_LENGTH} characters without control characters`);
  }
  return id;
}

// A too-long value is echoed shortened: the answer need not carry kilobytes back.
const echo = (value: string) => (value.length > MAX_FORM_ID_LENGTH ? `${value.slice(0, 32)}…` : value);

function grantsOf(fields: Fields, templateIds: readonly string[], rejected: Rejection[]): Record<string, number> {
  const result = fields.subscriptions;
  const grants: Record<string, number> = {};
  if (result === undefined) return grants;
  if (!isPlainObject(result)) throw new FieldError('subscriptions', 'must be the result object of wx.requestSubscribeMessage');
  const entries = Object.entries(result).filter(([key]) => key !== 'errMsg');
  if (entries.length > MAX_SUBSCRIPTION_ENTRIES) throw new FieldError('subscriptions', `at most ${MAX_SUBSCRIPTION_ENTRIES} template ids`);
  for (const [templateId, answer] of entries) {
    if (typeof answer !== 'string') throw new FieldError(`subscriptions.${echo(templateId)}`, 'must be a string such as "accept"');
    if (!templateIds.includes(templateId)) rejected.push({ value: echo(templateId), reason: 'template' });
    // Unknown answer strings add nothing rather than failing: WeChat adds new ones over time.
    else if (isGrant(answer)) grants[templateId] = (grants[templateId] ?? 0) + 1;
  }
  return grants;
}

/**
 * The instant a form id's 7 days start from: its tap, clamped to now (a phone clock ahead of the
 * server's), or null when the tap was 7 days ago or more (the id is dead).
 */
export function tapInstant(at: number | null, now: Date): Date | null {
  if (at === null || at >= now.getTime()) return now;
  return now.getTime() - at >= FORM_ID_LIFETIME_MS ? null : new Date(at);
}

/**
 * Validates a saveFormId event. Wrong types, more than 20 form ids or a bad requestId fail the
 * whole call (nothing is saved); form ids and answers that cannot become a credit are rejected one
 * by one with a reason.
 */
export function parseSaveFormIdEvent(event: unknown, context: SaveContext): Validation<SavePlan> {
  return parsing(() => {
    const fields = eventFields(event);
    const sent = formIdsOf(fields);
    const requestId = requestIdOf(fields);
    const rejected: Rejection[] = [];
    const subscribeGrants = grantsOf(fields, context.templateIds, rejected);
    const forms: FormIdToStore[] = [];
    const seen = new Set<string>();
    for (const { value, at } of sent) {
      if (seen.has(value)) continue; // a repeat within the call is the same credit: collapsed silently
      seen.add(value);
      const problem = formIdProblem(value);
      const tappedAt = tapInstant(at, context.now);
      if (problem) rejected.push({ value: echo(value), reason: problem });
      else if (!context.formChannelOpen) rejected.push({ value, reason: 'channel-off' });
      else if (!tappedAt) rejected.push({ value, reason: 'expired' });
      else forms.push({ value, tappedAt });
    }
    return { forms, rejected, subscribeGrants, requestId };
  });
}
