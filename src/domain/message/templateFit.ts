// Whether a subscribe template's configured data fits the account's real template (DESIGN.md §2
// sendReminders): the template, as subscribeMessage.getTemplateList shows it, must exist, and
// its `{{key.DATA}}` keys are exactly the keys a send fills — WeChat refuses a missing or an
// unknown key with 47003. A key's type is its name without the number (thing1 → thing), so the
// same keys mean the same types; the values' rules are checkMessage's (./reminderMessage.ts).
import { fieldType } from './fieldRules';
import { renderMessage, SAMPLE_FACTS, type MessageProblem } from './reminderMessage';

/** A subscribe template of the account (getTemplateList's priTmplId, title, content, keywordEnumValueList). */
export interface AccountTemplate {
  id: string;
  title: string;
  /** One `label:{{key.DATA}}` line per field. */
  content: string;
  /** The values each `enum` field takes. */
  enums: Record<string, string[]>;
}

export interface TemplateField {
  key: string;
  /** What WeChat prints before the value (活动名称), or the key when the content has no label. */
  label: string;
}

const FIELD_RE = /([^\n{}:：]*)[:：]?\s*\{\{([A-Za-z_]+[0-9]+)\.DATA\}\}/g;

/** The fields of a template's content, in order. */
export function templateFields(content: string): TemplateField[] {
  return [...content.matchAll(FIELD_RE)].map((m) => ({ key: m[2]!, label: m[1]!.trim() || m[2]! }));
}

const numberOf = (key: string) => /[0-9]+$/.exec(key)?.[0];

/**
 * What keeps `data` from fitting `template` (undefined: the account has no template with that
 * id). Each problem names the data key to change; empty means the data fits.
 */
export function fitProblems(data: Readonly<Record<string, string>>, template: AccountTemplate | undefined): MessageProblem[] {
  if (!template) return [{ key: '*', message: "the account has no such subscribe template (getTemplateList does not list it): check the id in 公众平台 → 订阅消息 → 我的模板" }];
  const fields = templateFields(template.content);
  const shown = new Set(fields.map((f) => f.key));
  const problems: MessageProblem[] = [];
  const explained = new Set<string>();
  for (const field of fields) {
    if (field.key in data) continue;
    // The same position with another type (time3 in the template, date3 in the data): say so once.
    const other = Object.keys(data).find((k) => !shown.has(k) && !explained.has(k) && numberOf(k) === numberOf(field.key));
    if (other) {
      explained.add(other);
      problems.push({ key: other, message: `the template's field ${numberOf(field.key)} is ${field.key} (${field.label}), a ${fieldType(field.key)} field: rename the key and give it a value that fits` });
    } else {
      problems.push({ key: field.key, message: `the template shows ${field.label} ({{${field.key}.DATA}}), which the data does not fill` });
    }
  }
  for (const key of Object.keys(data)) {
    if (!shown.has(key) && !explained.has(key)) problems.push({ key, message: `is not a field of the template (${fields.map((f) => f.key).join(', ')})` });
  }
  for (const [key, allowed] of Object.entries(template.enums)) {
    const text = data[key];
    if (text === undefined) continue;
    const value = SAMPLE_FACTS.map((facts) => renderMessage({ [key]: text }, 'subscribe', facts)[key]!.value).find((v) => !allowed.includes(v));
    if (value !== undefined) problems.push({ key, message: `"${value}" is not one of the template's values (${allowed.join(', ')})` });
  }
  return problems;
}
