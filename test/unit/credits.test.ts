import { configuredChannels, formExpireAt, isUsable, pickCredit, usableCredits, type Credit } from '../../src/domain/credits';

const NOW = new Date('2026-03-09T02:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const HOUR = 3_600_000;
const form = (id: string, expireAt: Date | null, status: Credit['status'] = 'unused'): Credit => ({ id, kind: 'form', expireAt, status });
const sub = (id: string, status: Credit['status'] = 'unused'): Credit => ({ id, kind: 'subscribe', expireAt: null, status });
const BOTH = { form: true, subscribe: true };

describe('formExpireAt', () => {
  it('is exactly 7 days after collection', () => {
    expect(formExpireAt(new Date('2026-03-09T15:59:59.500Z')).toISOString()).toBe('2026-03-16T15:59:59.500Z');
  });
});

describe('isUsable', () => {
  it.each<[string, Credit, boolean]>([
    ['an unused form credit before its expiry', form('f', later(1)), true],
    ['a form credit at its expiry instant', form('f', NOW), false],
    ['a form credit after its expiry', form('f', later(-1)), false],
    ['a form credit without an expiry', form('f', null), false],
    ['an unused subscribe credit', sub('s'), true],
    ['a credit being sent', sub('s', 'sending'), false],
    ['a used credit', form('f', later(HOUR), 'used'), false],
    ['an invalid credit', sub('s', 'invalid'), false],
    ['an expired credit', form('f', later(HOUR), 'expired'), false],
  ])('%s → %p', (_name, credit, expected) => {
    expect(isUsable(credit, NOW)).toBe(expected);
  });
});

describe('pickCredit', () => {
  it('spends the form credit that expires soonest', () => {
    const credits = [form('late', later(5 * HOUR)), form('soon', later(HOUR)), form('mid', later(2 * HOUR))];
    expect(pickCredit(credits, NOW, BOTH)?.id).toBe('soon');
  });

  it('spends form credits before subscribe credits', () => {
    expect(pickCredit([sub('s1'), form('f', later(6 * 24 * HOUR))], NOW, BOTH)?.id).toBe('f');
  });

  it('skips expired, used and in-flight credits', () => {
    const credits = [form('gone', later(-1)), form('used', later(HOUR), 'used'), sub('busy', 'sending'), sub('ok')];
    expect(pickCredit(credits, NOW, BOTH)?.id).toBe('ok');
  });

  it('skips a channel that is off for this run (form retired → subscribe)', () => {
    expect(pickCredit([form('f', later(HOUR)), sub('s')], NOW, { form: false, subscribe: true })?.id).toBe('s');
  });

  it('finds nothing when the only credits are on a closed channel', () => {
    expect(pickCredit([sub('s')], NOW, { form: true, subscribe: false })).toBeUndefined();
  });

  it('finds nothing in an empty pool', () => {
    expect(pickCredit([], NOW, BOTH)).toBeUndefined();
  });

  it('breaks ties by id, so overlapping runs agree', () => {
    expect(pickCredit([sub('b'), sub('a'), sub('c')], NOW, BOTH)?.id).toBe('a');
    expect(pickCredit([form('y', later(HOUR)), form('x', later(HOUR))], NOW, BOTH)?.id).toBe('x');
  });

  it('returns the caller\'s own record, extra fields included', () => {
    const record = { ...sub('s'), _openid: 'o1', collectedAt: NOW };
    expect(pickCredit([record], NOW, BOTH)).toBe(record);
  });
});

describe('usableCredits', () => {
  it('lists every usable credit in spending order without changing the input', () => {
    const credits = [sub('s'), form('f2', later(2 * HOUR)), form('dead', later(-1)), form('f1', later(HOUR))];
    const copy = [...credits];
    expect(usableCredits(credits, NOW, BOTH).map((c) => c.id)).toEqual(['f1', 'f2', 's']);
    expect(credits).toEqual(copy);
  });
});

describe('configuredChannels', () => {
  it.each([
    ['', '', { form: false, subscribe: false }],
    ['formTpl', '', { form: true, subscribe: false }],
    ['', 'subTpl', { form: false, subscribe: true }],
  ])('form template %p, subscribe template %p → %j', (formTemplateId, subscribeTemplateId, expected) => {
    const template = (id: string) => ({ id, data: { keyword1: '{streak} {date}' } });
    expect(configuredChannels({ formTemplate: formTemplateId ? template(formTemplateId) : null, subscribeTemplates: subscribeTemplateId ? [template(subscribeTemplateId)] : [] })).toEqual(expected);
  });
});
