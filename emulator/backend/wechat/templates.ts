// The account's message templates as WeChat keeps them: a title and a content whose
// `{{key.DATA}}` placeholders are the data keys a send must fill (`会议时间:{{date2.DATA}}`).
// subscribeMessage.getTemplateList answers the subscribe ones in WeChat's shape.

export interface TemplateSpec {
  kind: 'subscribe' | 'form';
  /** The template's title in the account's library, e.g. 签到提醒. */
  title: string;
  /** One `label:{{key.DATA}}` line per field, as getTemplateList shows it. */
  content: string;
  /** getTemplateList's `type`: 2 one-time subscription (the default), 3 long-term. */
  type?: 2 | 3;
  /** getTemplateList's `example`. */
  example?: string;
  /** Allowed values of the template's `enum` fields (getTemplateList's keywordEnumValueList). */
  enums?: Record<string, string[]>;
}

/** One entry of getTemplateList's `data`, keys as WeChat sends them. */
export interface TemplateListEntry {
  priTmplId: string;
  title: string;
  content: string;
  example: string;
  type: 2 | 3;
  keywordEnumValueList?: Array<{ keywordCode: string; enumValueList: string[] }>;
}

const PLACEHOLDER_RE = /\{\{([A-Za-z_]+[0-9]+)\.DATA\}\}/g;

/** The data keys of a template, in the order its content shows them. */
export function templateFields(content: string): string[] {
  return [...content.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!);
}

/** Throws, naming the template, when WeChat could not hold such a template. */
export function checkTemplate(templateId: string, spec: TemplateSpec): void {
  const fail = (why: string) => {
    throw new Error(`template ${templateId}: ${why}`);
  };
  if (spec.kind !== 'subscribe' && spec.kind !== 'form') fail(`kind must be subscribe or form, got ${String(spec.kind)}`);
  if (typeof spec.title !== 'string' || spec.title.trim() === '') fail('title must be non-empty text');
  if (typeof spec.content !== 'string') fail('content must be text with {{key.DATA}} placeholders');
  const fields = templateFields(spec.content);
  if (fields.length === 0) fail(`content ${JSON.stringify(spec.content)} has no {{key.DATA}} placeholder`);
  const repeated = fields.find((f, i) => fields.indexOf(f) !== i);
  if (repeated) fail(`content shows {{${repeated}.DATA}} twice`);
  if (spec.type !== undefined && spec.type !== 2 && spec.type !== 3) fail(`type must be 2 (one-time) or 3 (long-term), got ${String(spec.type)}`);
  for (const [key, values] of Object.entries(spec.enums ?? {})) {
    if (!fields.includes(key)) fail(`enums names ${key}, which the content does not show`);
    if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) fail(`enums.${key} must list the allowed values`);
  }
}

export function listEntry(templateId: string, spec: TemplateSpec): TemplateListEntry {
  const enums = Object.entries(spec.enums ?? {});
  return {
    priTmplId: templateId,
    title: spec.title,
    content: spec.content,
    example: spec.example ?? '',
    type: spec.type ?? 2,
    ...(enums.length > 0 ? { keywordEnumValueList: enums.map(([keywordCode, enumValueList]) => ({ keywordCode, enumValueList: [...enumValueList] })) } : {}),
  };
}
