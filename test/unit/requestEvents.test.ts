import { parseCheckInEvent } from '../../src/domain/events/checkInEvent';
import { parseReminderSettingsEvent } from '../../src/domain/events/reminderSettingsEvent';

const bad = (field: string, message: RegExp) => ({ ok: false, field, message: expect.stringMatching(message) });

describe('checkIn events', () => {
  it.each<[string, unknown, unknown]>([
    ['no action means today', {}, { action: 'today' }],
    ['an empty call means today', undefined, { action: 'today' }],
    ['action today', { action: 'today' }, { action: 'today' }],
    ['today ignores answer fields', { action: 'today', questionId: 'x', choice: 'nonsense' }, { action: 'today' }],
    ['an answer', { action: 'answer', questionId: 'geo-01', choice: 2 }, { action: 'answer', questionId: 'geo-01', choice: 2 }],
    ['an answer ignores identity fields', { action: 'answer', questionId: 'geo-01', choice: 0, openid: 'o' }, { action: 'answer', questionId: 'geo-01', choice: 0 }],
  ])('%s', (_name, event, value) => {
    expect(parseCheckInEvent(event)).toEqual({ ok: true, value });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['an unknown action', { action: 'cheat' }, 'action', /"today", "answer"/],
    ['a numeric action', { action: 1 }, 'action', /one of/],
    ['an answer without questionId', { action: 'answer', choice: 1 }, 'questionId', /today's question/],
    ['an empty questionId', { action: 'answer', questionId: '', choice: 1 }, 'questionId', /today's question/],
    ['a numeric questionId', { action: 'answer', questionId: 5, choice: 1 }, 'questionId', /today's question/],
    ['a huge questionId', { action: 'answer', questionId: 'q'.repeat(65), choice: 1 }, 'questionId', /today's question/],
    ['an answer without choice', { action: 'answer', questionId: 'q' }, 'choice', /index/],
    ['choice as a string', { action: 'answer', questionId: 'q', choice: '1' }, 'choice', /index/],
    ['a fractional choice', { action: 'answer', questionId: 'q', choice: 1.5 }, 'choice', /index/],
    ['a negative choice', { action: 'answer', questionId: 'q', choice: -1 }, 'choice', /index/],
    ['an array event', [], 'event', /object/],
  ])('refuses %s, naming the field', (_name, event, field, message) => {
    expect(parseCheckInEvent(event)).toEqual(bad(field, message));
  });
});

describe('reminderSettings events', () => {
  const window = { start: 8, end: 21 };
  it.each<[string, unknown, unknown]>([
    ['no action means get', {}, { action: 'get' }],
    ['get', { action: 'get', hour: 'ignored' }, { action: 'get' }],
    ['set with nothing changes nothing', { action: 'set' }, { action: 'set' }],
    ['turn reminders off', { action: 'set', enabled: false }, { action: 'set', enabled: false }],
    ['the first hour of the window', { action: 'set', hour: 8 }, { action: 'set', hour: 8 }],
    ['the last hour of the window', { action: 'set', hour: 21 }, { action: 'set', hour: 21 }],
    ['null: back to automatic', { action: 'set', hour: null }, { action: 'set', hour: null }],
    ['undefined hour is absent', { action: 'set', enabled: true, hour: undefined }, { action: 'set', enabled: true }],
    ['both', { action: 'set', enabled: true, hour: 9 }, { action: 'set', enabled: true, hour: 9 }],
    ['deleteMyData, whose identity-looking fields are never read', { action: 'deleteMyData', openid: 'o-victim', hour: 'x' }, { action: 'deleteMyData' }],
  ])('%s', (_name, event, value) => {
    expect(parseReminderSettingsEvent(event, window)).toEqual({ ok: true, value });
  });

  it.each<[string, unknown, string]>([
    ['an hour before the window', { action: 'set', hour: 7 }, 'hour'],
    ['an hour after the window', { action: 'set', hour: 22 }, 'hour'],
    ['a fractional hour', { action: 'set', hour: 9.5 }, 'hour'],
    ['an hour as a string', { action: 'set', hour: '9' }, 'hour'],
    ['enabled as a string', { action: 'set', enabled: 'yes' }, 'enabled'],
    ['enabled null', { action: 'set', enabled: null }, 'enabled'],
    ['an unknown action', { action: 'delete' }, 'action'],
    ['deleteMyData spelt otherwise', { action: 'deletemydata' }, 'action'],
  ])('refuses %s, naming the field', (_name, event, field) => {
    expect(parseReminderSettingsEvent(event, window)).toMatchObject({ ok: false, field });
  });

  it('tells the allowed hours of the configured window', () => {
    expect(parseReminderSettingsEvent({ action: 'set', hour: 5 }, { start: 6, end: 23 })).toEqual(
      bad('hour', /^must be a whole hour from 6 to 23, or null for automatic$/),
    );
    expect(parseReminderSettingsEvent({ action: 'set', hour: 23 }, { start: 6, end: 23 })).toEqual({ ok: true, value: { action: 'set', hour: 23 } });
  });
});
