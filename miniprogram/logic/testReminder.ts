// What the user is told after 发送测试提醒 (reminderSettings `test`, DESIGN.md §2): whether the
// reminder went out and, for each reason it did not, whether a reminder was used up. The wording
// is logic/copy.ts. Pure.
import type { TestReminderReason, TestReminderResult } from '../../src/contract';
import { copy } from './copy';

// Typed by the contract: a reason without its sentence does not compile.
const REASONS: Readonly<Record<TestReminderReason, string>> = copy.testReminder.reasons;

export function testReminderMessage(result: TestReminderResult): string {
  if (result.sent) return copy.testReminder.sent;
  return (result.reason && REASONS[result.reason]) || copy.testReminder.other;
}
