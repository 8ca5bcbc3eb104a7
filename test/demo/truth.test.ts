import { trueLift, type ResponseModel } from '../../demo/truth';

const H = 3600_000;
const DATE = '2024-06-03';
const MIDNIGHT = Date.parse('2024-06-03T16:00:00Z'); // the end of 2024-06-03 in Shanghai
const at = (hour: number) => MIDNIGHT - 24 * H + hour * H;

/** User n: habit at habits[n] (or none), answers a reminder after answers[n] hours (or not). */
const model = (habits: Array<number | null>, answers: Array<number | null>): ResponseModel => ({
  habitAt: (user) => (habits[user] === null ? null : at(habits[user]!)),
  answerAt: (user, when) => (answers[user] === null ? null : when + answers[user]! * H),
  dayEnd: () => MIDNIGHT,
});

describe('the true lift of the simulated users', () => {
  it.each<[string, number | null, number | null, number]>([
    ['would not come, answers the reminder: the reminder made the check-in', null, 1, 1],
    ['would not come, ignores it: nothing changes', null, null, 0],
    ['would come later anyway and answers earlier: the day was a check-in either way', 15, 1, 0],
    ['came before the decision by habit, answers: the habit visit was not after it, so only the answer counts', 9, 1, 1],
    ['would not come, answers after midnight: that is the next day', null, 15, 0],
  ])('%s', (_name, habit, answer, effect) => {
    expect(trueLift([{ user: 0, date: DATE, at: at(10) }], model([habit], [answer]))).toBe(effect);
  });

  it('is the mean over the user-days, reminded or held out alike', () => {
    const m = model([null, null, 15, null], [1, null, 1, 2]);
    const exposures = [0, 1, 2, 3].map((user) => ({ user, date: DATE, at: at(10) }));
    expect(trueLift(exposures, m)).toBe(0.5);
  });

  it('is unknown without user-days', () => {
    expect(trueLift([], model([], []))).toBeNull();
  });
});
