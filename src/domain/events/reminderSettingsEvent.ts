// reminderSettings event, read strictly (DESIGN.md §2 reminderSettings).
import type { SendWindow } from '../../config';
import type { ReminderSettingsEvent } from '../../contract';
import type { Validation } from '../validation';
import { action, eventFields, FieldError, parsing } from './fields';

export function parseReminderSettingsEvent(event: unknown, window: SendWindow): Validation<ReminderSettingsEvent> {
  return parsing((): ReminderSettingsEvent => {
    const fields = eventFields(event);
    const requested = action(fields, ['get', 'set', 'test', 'deleteMyData'], 'get');
    if (requested !== 'set') return { action: requested };
    const request: ReminderSettingsEvent = { action: 'set' };
    if (fields.enabled !== undefined) {
      if (typeof fields.enabled !== 'boolean') throw new FieldError('enabled', 'must be true or false');
      request.enabled = fields.enabled;
    }
    if (fields.hour !== undefined) {
      const hour = fields.hour;
      const inWindow = typeof hour === 'number' && Number.isInteger(hour) && hour >= window.start && hour <= window.end;
      if (hour !== null && !inWindow) {
        throw new FieldError('hour', `must be a whole hour from ${window.start} to ${window.end}, or null for automatic`);
      }
      request.hour = hour as number | null;
    }
    return request;
  });
}
