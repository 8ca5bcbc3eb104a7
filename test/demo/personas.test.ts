import { formatPersonas, personaFigures, shareText } from '../../demo/summary/personas';

const at = (iso: string) => new Date(iso);
const sources = {
  runLog: [
    { runId: 'r1', state: 'done', date: '2024-06-03', due: 2, sent: 1, failedBy: {} },
    { runId: 'r2', state: 'done', date: '2024-06-03', due: 1, sent: 0, failedBy: {} },
    { runId: 'r3', state: 'done', date: '2024-06-04', due: 1, sent: 1, failedBy: {} },
    { runId: 'r0', state: 'done', date: '2024-06-02', due: 1, sent: 1, failedBy: {} },
  ],
  claims: new Map([['r1', ['a', 'b']], ['r2', ['b']], ['r3', ['a']], ['r0', ['c']]]),
  // 10:00 and 09:00 in Shanghai on the 3rd and 4th; c's message is from before the week.
  outbox: [
    { touser: 'a', at: at('2024-06-03T02:00:00Z') },
    { touser: 'a', at: at('2024-06-04T01:00:00Z') },
    { touser: 'c', at: at('2024-06-02T01:00:00Z') },
  ],
} as unknown as Parameters<typeof personaFigures>[0];
const users = [{ openid: 'a', persona: 'morning' }, { openid: 'b', persona: 'morning' }, { openid: 'c', persona: 'muted' }];
const personas = [{ persona: 'morning', description: 'early' }, { persona: 'muted', description: 'muted' }, { persona: 'skipper', description: 'skips' }];

describe('per persona figures', () => {
  it('count a user-day due once however many runs took it on, and reminded when the outbox has its message', () => {
    expect(personaFigures(sources, ['2024-06-03', '2024-06-04'], users, personas)).toEqual([
      { persona: 'morning', description: 'early', users: 2, due: 3, reminded: 2 },
      { persona: 'muted', description: 'muted', users: 1, due: 0, reminded: 0 },
      { persona: 'skipper', description: 'skips', users: 0, due: 0, reminded: 0 },
    ]);
  });

  it('print the share with one decimal, a dash when nothing was due, and a total row', () => {
    expect(shareText({ due: 3, reminded: 2 })).toBe('66.7 %');
    expect(shareText({ due: 0, reminded: 0 })).toBe('–');
    const text = formatPersonas(personaFigures(sources, ['2024-06-03', '2024-06-04'], users, personas));
    expect(text.split('\n')[0]).toMatch(/^persona\s+users\s+due user-days\s+reminded\s+share reminded$/);
    expect(text).toMatch(/morning\s+2\s+3\s+2\s+66\.7 %/);
    expect(text).toMatch(/muted\s+1\s+0\s+0\s+–/);
    expect(text.split('\n').at(-1)).toMatch(/^all\s+3\s+3\s+2\s+66\.7 %$/);
  });
});
