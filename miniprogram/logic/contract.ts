// The cloud functions' events and answers as the mini-program sees them (DESIGN.md §2).
// Types only: the mini-program cannot import from src/ (outside miniprogramRoot).

export type FunctionName = 'checkIn' | 'saveFormId' | 'reminderSettings';

export type ErrorCode = 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'INVALID_ARGUMENT' | 'RESOURCE_EXHAUSTED' | 'UNAVAILABLE' | 'INTERNAL';

/** What `wx.requestSubscribeMessage` answers for one template id. */
export type SubscribeAnswer = 'accept' | 'acceptWithAudio' | 'reject' | 'ban' | 'filter';

export interface Credits {
  form: number;
  subscribe: number;
}

export interface SaveFormIdEvent {
  formIds?: string[];
  formId?: string;
  subscriptions?: Record<string, SubscribeAnswer>;
}

export interface SaveFormIdAnswer {
  ok: true;
  saved: number;
  rejected: { value: string; reason: string }[];
  credits: Credits;
}

export interface Question {
  id: string;
  text: string;
  options: string[];
}

export type CheckInEvent = { action: 'today' } | { action: 'answer'; questionId: string; choice: number };

export interface TodayAnswer {
  ok: true;
  date: string;
  checkedIn: boolean;
  streak: number;
  question: Question;
}

export interface CheckInAnswer {
  ok: true;
  date: string;
  correct: boolean;
  streak: number;
  alreadyCheckedIn: boolean;
}

export type ReminderSettingsEvent = { action: 'get' } | { action: 'set'; enabled?: boolean; hour?: number | null };

export interface ReminderSettingsAnswer {
  ok: true;
  enabled: boolean;
  hour: number | null;
  effectiveHour: number;
  credits: Credits;
  lastRemindedDate: string | null;
}
