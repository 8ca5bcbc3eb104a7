// checkIn (DESIGN.md §2): today's question, and answering it records the day's check-in once.
import type { CheckInResult, CheckInStatus } from '../contract';
import { pointsFor } from '../domain/checkInSummary';
import { parseCheckInEvent } from '../domain/events/checkInEvent';
import { dayGroup, promptedBy, type DayGroup } from '../domain/holdout';
import { QUESTION_BANK } from '../domain/questions/bank';
import { checkAnswer, publicQuestion, questionOfDay } from '../domain/questions/questionOfDay';
import { checkedInOn, streakOn } from '../domain/streak';
import { localDate, localHour } from '../domain/time';
import { checkInId, insertCheckIn } from '../store/checkins';
import { liveCreditCounts } from '../store/credits';
import { addDailyCounts, type DailyCounts } from '../store/dailyStats';
import { ensureUser, readUser, syncCheckInSummary } from '../store/users';
import { invalid } from './answers';
import { callerOpenid, validated } from './input';
import { handler } from './serve';

/** What a check-in adds to the day's figures: its group's check-ins, and those within 2 hours. */
function countsFor({ group, within }: DayGroup): Partial<DailyCounts> {
  return group === 'reminded'
    ? { checkedInAfterReminder: 1, checkedInWithin2hAfterReminder: within ? 1 : 0 }
    : { checkedInHeldOut: 1, checkedInWithin2hHeldOut: within ? 1 : 0 };
}

/** The stored summary in the domain's terms ('' = never is null there). */
const streakState = (s: { lastCheckInDate: string; streak: number }) => ({ lastCheckInDate: s.lastCheckInDate || null, streak: s.streak });

export const checkIn = handler(['timezone'])<CheckInStatus | CheckInResult>(async ({ event, caller, config, platform: { db }, now }) => {
  const openid = callerOpenid(caller);
  const request = validated(parseCheckInEvent(event));
  const today = localDate(now, config.timezone);
  const question = questionOfDay(today, QUESTION_BANK);

  if (request.action === 'today') {
    const [user, credits] = await Promise.all([readUser(db, openid), liveCreditCounts(db, openid, now)]);
    // The summary keeps the latest check-in's choice: today's answer costs no second read.
    const choice = user && user.lastCheckInDate === today ? user.lastChoice : null;
    return {
      ok: true,
      date: today,
      checkedIn: user !== null && checkedInOn(user.lastCheckInDate || null, today),
      streak: user ? streakOn(streakState(user), today) : 0,
      question: publicQuestion(question),
      answer: choice === null ? null : { choice, correct: choice === question.answer, correctChoice: question.answer },
      remindersEnabled: user?.enabled ?? true,
      credits,
    };
  }

  if (request.questionId !== question.id) throw invalid('questionId', `is not the question of ${today}`);
  const correct = validated(checkAnswer(question, request.choice));
  const user = await ensureUser(db, openid, now);
  // Read from the user document: which group today is in, and whether this answer followed a reminder.
  const group = dayGroup(user, today, now);
  // The record decides "once per day": its _id is the user-day, a second insert is a duplicate.
  const inserted = await insertCheckIn(db, {
    _id: checkInId(openid, today),
    openid,
    date: today,
    questionId: question.id,
    choice: request.choice,
    correct,
    points: pointsFor(correct),
    hour: localHour(now, config.timezone),
    prompted: promptedBy(group),
    at: now,
  });
  // The day's check-in rates of reminded and held-out users (docs/holdout.md): figures, never worth failing the answer for.
  if (inserted && group) {
    await addDailyCounts(db, today, countsFor(group), now).catch((error: unknown) => {
      console.error(`[checkIn] could not count the check-in of a ${group.group} user: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  // Also when the insert was a duplicate: a call that crashed after its insert left the summary behind.
  const { summary, records } = await syncCheckInSummary(db, user, today, now);
  const recorded = records.find((r) => r.date === today);
  return {
    ok: true,
    date: today,
    // What was recorded for today: a second answer changes nothing, its own choice included.
    choice: recorded ? recorded.choice : request.choice,
    correct: recorded ? recorded.correct : correct,
    correctChoice: question.answer,
    streak: streakOn(streakState(summary), today),
    alreadyCheckedIn: !inserted,
  };
});
