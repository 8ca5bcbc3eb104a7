// The question of the day: deterministic per local date, and never the same on consecutive dates.
//
// Days are grouped into cycles of `bank.length` days; each cycle walks a seeded shuffle of the
// whole bank, so a question returns at most once per cycle. Where one cycle's last question
// would also open the next cycle, the next cycle swaps its first two entries. The schedule
// depends on the bank's size and order: adding questions reshuffles every later date.
import type { PublicQuestion } from '../../contract';
import { daysBetween, type LocalDate } from '../time';
import { invalidField, valid, type Validation } from '../validation';
import type { Question } from './bank';
import { seededRandom } from '../random';

const EPOCH: LocalDate = '2000-01-01';


function shuffled(size: number, cycle: number): number[] {
  const next = seededRandom(Math.imul(cycle, 0x9e3779b1) ^ 0x20190709);
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function cycleOrder(size: number, cycle: number): number[] {
  const order = shuffled(size, cycle);
  // With size ≥ 3 the swap never moves the last entry, so the previous cycle's raw shuffle
  // already tells its final question.
  const previousLast = shuffled(size, cycle - 1)[size - 1];
  if (order[0] === previousLast) [order[0], order[1]] = [order[1]!, order[0]!];
  return order;
}

export function questionOfDay(date: LocalDate, bank: readonly Question[]): Question {
  if (bank.length < 3) throw new Error('questionOfDay needs a bank of at least 3 questions');
  const day = daysBetween(EPOCH, date);
  const cycle = Math.floor(day / bank.length);
  const position = day - cycle * bank.length;
  return bank[cycleOrder(bank.length, cycle)[position]!]!;
}

export function publicQuestion(question: Question): PublicQuestion {
  return { id: question.id, text: question.text, options: [...question.options] };
}

/** Whether `choice` is the right option; a choice outside the options is an invalid `choice`. */
export function checkAnswer(question: Question, choice: number): Validation<boolean> {
  if (!Number.isInteger(choice) || choice < 0 || choice >= question.options.length) {
    return invalidField('choice', `must be an option index from 0 to ${question.options.length - 1}`);
  }
  return valid(choice === question.answer);
}
