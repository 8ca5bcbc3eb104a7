// checkIn (DESIGN.md §2): today's question, and answering it records the day's check-in once.
import type { CheckInResult, CheckInStatus } from '../contract';
import { pointsFor } from '../domain/checkInSummary';
import { parseCheckInEvent } from '../domain/events/checkInEvent';
import { QUESTION_BANK } from '../domain/questions/bank';
import { checkAnswer, publicQuestion, questionOfDay } from '../domain/questions/questionOfDay';
import { checkedInOn, streakOn } from '../domain/streak';
import { localDate, localHour } from '../domain/time';
import { checkInId, insertCheckIn } from '../store/checkins';
import { addDailyCounts } from '../store/dailyStats';
import { ensureUser, readUser, syncCheckInSummary } from '../store/users';
import { invalid } from './answers';
import { callerOpenid, validated } from './input';
import { handler } from './serve';

/** The stored summary in the domain's terms ('' = never is null there). */
const streakState = (s: { lastCheckInDate: string; streak: number }) => ({ lastCheckInDate: s.lastCheckInDate || null, streak: s.streak });

export const checkIn = handler(['timezone'])<CheckInStatus | CheckInResult>(async ({ event, caller, config, platform: { db }, now }) => {
  const openid = callerOpenid(caller);
  const request = validated(parseCheckInEvent(event));
  const today = localDate(now, config.timezone);
  const question = questionOfDay(today, QUESTION_BANK);

  if (request.action === 'today') {
    const user = await readUser(db, openid);
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
    };
  }

  if (request.questionId !== question.id) throw invalid('questionId', `is not the question of ${today}`);
  const correct = validated(checkAnswer(question, request.choice));
  const user = await ensureUser(db, openid, now);
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
    at: now,
  });
  // The day's reminder → check-in conversion (docs/reminders.md): a figure, never worth failing the answer for.
  if (inserted && user.lastRemindedDate === today) {
    await addDailyCounts(db, today, { checkedInAfterReminder: 1 }, now).catch((error: unknown) => {
      console.error(`[checkIn] could not count the check-in after a reminder: ${error instanceof Error ? error.message : String(error)}`);
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
