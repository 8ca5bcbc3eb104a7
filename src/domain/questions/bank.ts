// The question bank that ships with the project, checked when the module loads so a broken
// edit fails every test and every deploy instead of one user's check-in.
import raw from './bank.json';

export interface Question {
  /** Stable id: never reuse or renumber one, answers refer to it. */
  id: string;
  text: string;
  /** 2-4 distinct options. */
  options: string[];
  /** Index of the correct option. */
  answer: number;
}

const ID_RE = /^[a-z0-9-]{1,64}$/;

/** Validates bank data; throws naming the first bad entry. Needs ≥ 3 questions (see questionOfDay). */
export function checkBank(data: unknown): Question[] {
  if (!Array.isArray(data) || data.length < 3) throw new Error('question bank: must be an array of at least 3 questions');
  const ids = new Set<string>();
  return data.map((entry: unknown, i) => {
    const q = entry as Partial<Question> | null;
    const where = `question bank[${i}]`;
    if (!q || typeof q !== 'object') throw new Error(`${where}: must be an object`);
    if (typeof q.id !== 'string' || !ID_RE.test(q.id)) throw new Error(`${where}.id: must be 1-64 of a-z, 0-9, "-"`);
    if (ids.has(q.id)) throw new Error(`${where}.id: "${q.id}" is used twice`);
    ids.add(q.id);
    if (typeof q.text !== 'string' || q.text.trim() === '') throw new Error(`${where}.text: must be non-empty text`);
    const options = q.options;
    if (!Array.isArray(options) || options.length < 2 || options.length > 4) throw new Error(`${where}.options: must hold 2-4 options`);
    if (options.some((o) => typeof o !== 'string' || o.trim() === '')) throw new Error(`${where}.options: each option must be non-empty text`);
    if (new Set(options).size !== options.length) throw new Error(`${where}.options: options must differ`);
    if (typeof q.answer !== 'number' || !Number.isInteger(q.answer) || q.answer < 0 || q.answer >= options.length) {
      throw new Error(`${where}.answer: must be the index of one of its options`);
    }
    return { id: q.id, text: q.text, options: [...options] as string[], answer: q.answer };
  });
}

export const QUESTION_BANK: readonly Question[] = checkBank(raw);
