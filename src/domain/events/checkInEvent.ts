// checkIn event, read strictly (DESIGN.md §2 checkIn). Whether `questionId` is today's question and
// `choice` one of its options is the handler's check (see questions/questionOfDay checkAnswer).
import type { CheckInEvent } from '../../contract';
import type { Validation } from '../validation';
import { action, eventFields, FieldError, parsing } from './fields';

const MAX_QUESTION_ID_LENGTH = 64;

export function parseCheckInEvent(event: unknown): Validation<CheckInEvent> {
  return parsing((): CheckInEvent => {
    const fields = eventFields(event);
    if (action(fields, ['today', 'answer'], 'today') === 'today') return { action: 'today' };
    const { questionId, choice } = fields;
    if (typeof questionId !== 'string' || questionId === '' || questionId.length > MAX_QUESTION_ID_LENGTH) {
      throw new FieldError('questionId', 'must be the id of today\'s question');
    }
    if (typeof choice !== 'number' || !Number.isSafeInteger(choice) || choice < 0) {
      throw new FieldError('choice', 'must be the index (0, 1, …) of the chosen option');
    }
    return { action: 'answer', questionId, choice };
  });
}
