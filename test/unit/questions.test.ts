import { checkBank, QUESTION_BANK, type Question } from '../../src/domain/questions/bank';
import { checkAnswer, publicQuestion, questionOfDay } from '../../src/domain/questions/questionOfDay';
import { addDays, daysBetween } from '../../src/domain/time';

function datesFrom(first: string, last: string): string[] {
  return Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));
}

const tinyBank = (size: number): Question[] =>
  Array.from({ length: size }, (_, i) => ({ id: `t-${i}`, text: `题${i}`, options: ['对', '错'], answer: 0 }));

describe('the shipped question bank', () => {
  it('holds at least 80 questions with unique ids', () => {
    expect(QUESTION_BANK.length).toBeGreaterThanOrEqual(80);
    expect(new Set(QUESTION_BANK.map((q) => q.id)).size).toBe(QUESTION_BANK.length);
  });

  it('gives every question 2-4 distinct options and an answer among them', () => {
    for (const q of QUESTION_BANK) {
      expect(q.options.length).toBeGreaterThanOrEqual(2);
      expect(q.options.length).toBeLessThanOrEqual(4);
      expect(new Set(q.options).size).toBe(q.options.length);
      expect(q.options[q.answer]).toBeDefined();
    }
  });

  it('does not always put the right answer in the same place', () => {
    const positions = new Set(QUESTION_BANK.map((q) => q.answer));
    expect(positions.size).toBeGreaterThanOrEqual(3);
  });
});

describe('checkBank refuses broken bank data, naming the entry', () => {
  const good = { id: 'a-1', text: '问题', options: ['甲', '乙'], answer: 1 };
  const bank = (...extra: unknown[]) => [good, { ...good, id: 'a-2' }, { ...good, id: 'a-3' }, ...extra];
  it.each([
    ['fewer than 3 questions', [good], /at least 3/],
    ['a repeated id', bank({ ...good, id: 'a-2' }), /\[3\]\.id: "a-2" is used twice/],
    ['an id with capitals', bank({ ...good, id: 'A-9' }), /\[3\]\.id/],
    ['empty text', bank({ ...good, id: 'a-4', text: ' ' }), /\[3\]\.text/],
    ['one option', bank({ ...good, id: 'a-4', options: ['甲'] }), /\[3\]\.options: must hold 2-4/],
    ['five options', bank({ ...good, id: 'a-4', options: ['1', '2', '3', '4', '5'] }), /\[3\]\.options: must hold 2-4/],
    ['the same option twice', bank({ ...good, id: 'a-4', options: ['甲', '甲'] }), /\[3\]\.options: options must differ/],
    ['an answer past the options', bank({ ...good, id: 'a-4', answer: 2 }), /\[3\]\.answer/],
    ['a fractional answer', bank({ ...good, id: 'a-4', answer: 0.5 }), /\[3\]\.answer/],
  ])('%s', (_name, data, message) => {
    expect(() => checkBank(data)).toThrow(message);
  });

  it('accepts good data', () => {
    expect(checkBank(bank()).map((q) => q.id)).toEqual(['a-1', 'a-2', 'a-3']);
  });
});

describe('questionOfDay', () => {
  it('gives the same question for the same date every time', () => {
    expect(questionOfDay('2026-05-20', QUESTION_BANK)).toBe(questionOfDay('2026-05-20', [...QUESTION_BANK]));
  });

  it('never gives consecutive dates the same question over ten years of the shipped bank', () => {
    const dates = datesFrom('2020-01-01', '2029-12-31');
    const ids = dates.map((d) => questionOfDay(d, QUESTION_BANK).id);
    const repeats = dates.slice(1).filter((_d, i) => ids[i] === ids[i + 1]);
    expect(repeats).toEqual([]);
  });

  it.each([3, 4, 5, 7])('never repeats on consecutive dates with a bank of only %i questions (many cycle seams)', (size) => {
    const bank = tinyBank(size);
    const dates = datesFrom('1999-06-01', '2005-06-01'); // crosses the internal epoch 2000-01-01 too
    const ids = dates.map((d) => questionOfDay(d, bank).id);
    expect(dates.slice(1).filter((_d, i) => ids[i] === ids[i + 1])).toEqual([]);
  });

  it('varies the order from one cycle to the next instead of rotating the bank', () => {
    const bank = tinyBank(5);
    const sequences = new Set<string>();
    for (const start of datesFrom('2026-01-01', '2026-03-01')) sequences.add([0, 1, 2].map((i) => questionOfDay(addDays(start, i), bank).id).join());
    expect(sequences.size).toBeGreaterThan(5);
  });

  it('asks every question of the shipped bank about equally often over the years', () => {
    const counts = new Map<string, number>();
    for (const d of datesFrom('2024-01-01', '2031-12-31')) {
      const id = questionOfDay(d, QUESTION_BANK).id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBe(QUESTION_BANK.length);
    const values = [...counts.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(2);
  });

  it('refuses a bank too small to avoid repeats', () => {
    expect(() => questionOfDay('2026-01-01', tinyBank(2))).toThrow(/at least 3/);
  });
});

describe('publicQuestion', () => {
  it('shows id, text and options but never the answer', () => {
    const q = QUESTION_BANK[0]!;
    const view = publicQuestion(q);
    expect(view).toEqual({ id: q.id, text: q.text, options: q.options });
    expect(JSON.stringify(view)).not.toContain('answer');
  });

  it('hands out a copy of the options, so callers cannot change the bank', () => {
    const q = QUESTION_BANK[0]!;
    publicQuestion(q).options.push('extra');
    expect(QUESTION_BANK[0]!.options).not.toContain('extra');
  });
});

describe('checkAnswer', () => {
  const q: Question = { id: 'x-1', text: '1+1=?', options: ['1', '2', '3'], answer: 1 };
  it.each([
    [1, { ok: true, value: true }],
    [0, { ok: true, value: false }],
    [2, { ok: true, value: false }],
  ])('choice %i → %j', (choice, expected) => {
    expect(checkAnswer(q, choice)).toEqual(expected);
  });

  it.each([-1, 3, 1.5, Number.NaN])('rejects choice %p as an invalid choice naming the range', (choice) => {
    expect(checkAnswer(q, choice)).toEqual({ ok: false, field: 'choice', message: 'must be an option index from 0 to 2' });
  });
});
