import { EMPTY_SUMMARY, foldCheckIns, pointsFor, type CheckInRecord, type CheckInSummary } from '../../src/domain/checkInSummary';

const rec = (date: string, hour = 9, correct = true, choice = 0, prompted = false): CheckInRecord => ({ date, hour, prompted, choice, correct, points: pointsFor(correct) });

describe('pointsFor', () => {
  it('gives points for answering and a bonus for a right answer', () => {
    expect(pointsFor(false)).toBeGreaterThan(0);
    expect(pointsFor(true)).toBeGreaterThan(pointsFor(false));
  });
});

describe('foldCheckIns', () => {
  it('records a first check-in', () => {
    expect(foldCheckIns(EMPTY_SUMMARY, [rec('2026-03-09', 8, false, 2)])).toEqual({
      lastCheckInDate: '2026-03-09', streak: 1, recentCheckIns: [{ date: '2026-03-09', hour: 8 }], checkIns: 1, correct: 0, points: pointsFor(false), lastChoice: 2,
    });
  });

  it('changes nothing for records already in the summary', () => {
    const summary = foldCheckIns(EMPTY_SUMMARY, [rec('2026-03-08'), rec('2026-03-09')]);
    expect(foldCheckIns(summary, [rec('2026-03-09', 20, false), rec('2026-03-01')])).toEqual(summary);
  });

  it('folds a record a crashed call left behind together with today\'s, in date order', () => {
    const before = foldCheckIns(EMPTY_SUMMARY, [rec('2026-03-07')]);
    const after = foldCheckIns(before, [rec('2026-03-09', 21), rec('2026-03-08', 7)]);
    expect(after.lastCheckInDate).toBe('2026-03-09');
    expect(after.streak).toBe(3);
    expect(after.checkIns).toBe(3);
    expect(after.recentCheckIns.map((r) => r.hour)).toEqual([9, 7, 21]);
  });

  it("keeps the choice of the latest date's check-in, whatever order the records come in", () => {
    const after = foldCheckIns(EMPTY_SUMMARY, [rec('2026-03-09', 9, true, 3), rec('2026-03-08', 9, false, 1)]);
    expect(after.lastChoice).toBe(3);
  });

  it('counts the streak across a month end and restarts it after a gap', () => {
    const days = ['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02'];
    expect(foldCheckIns(EMPTY_SUMMARY, days.map((d) => rec(d))).streak).toBe(4);
    expect(foldCheckIns(EMPTY_SUMMARY, [...days, '2026-02-04'].map((d) => rec(d))).streak).toBe(1);
  });

  it('keeps totals of answers, right answers and points', () => {
    const s: CheckInSummary = foldCheckIns(EMPTY_SUMMARY, [rec('2026-03-01', 9, true), rec('2026-03-02', 9, false), rec('2026-03-03', 9, true)]);
    expect([s.checkIns, s.correct, s.points]).toEqual([3, 2, 2 * pointsFor(true) + pointsFor(false)]);
  });

  it('keeps only the hours the habitual hour can use (14 dates)', () => {
    const days = Array.from({ length: 20 }, (_, i) => rec(`2026-03-${String(i + 1).padStart(2, '0')}`, i % 24));
    const s = foldCheckIns(EMPTY_SUMMARY, days);
    expect(s.recentCheckIns).toHaveLength(14);
    expect(s.recentCheckIns[0]!.date).toBe('2026-03-07');
    expect(s.streak).toBe(20);
  });

  it('marks the hours of check-ins that followed a reminder, so the learned hour can leave them out', () => {
    const s = foldCheckIns(EMPTY_SUMMARY, [rec('2026-03-01', 12), rec('2026-03-02', 11, true, 0, true)]);
    expect(s.recentCheckIns).toEqual([{ date: '2026-03-01', hour: 12 }, { date: '2026-03-02', hour: 11, prompted: true }]);
  });
});
