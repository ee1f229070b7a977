// Additions of the team matrix, the staff list and the reminders (the web app's own endpoints).

/** Why a selected or due person got no reminder e-mail. */
export type ReminderSkipReason = 'nothing_due' | 'already_reminded' | 'no_email' | 'send_failed';

export const REMINDER_SKIP_REASONS: readonly ReminderSkipReason[] = [
  'nothing_due',
  'already_reminded',
  'no_email',
  'send_failed',
];

export interface ReminderSkippedPerson {
  employeeNo: string;
  /** null for a selected 職員番号 that is not among the people the caller may see. */
  name: string | null;
  reason: ReminderSkipReason;
}

/** One e-mail exactly as POST /team/reminders would send it now. */
export interface ReminderPreviewMessage {
  employeeNo: string;
  name: string;
  to: string;
  subject: string;
  text: string;
  courses: string[];
}

/** POST /api/v1/team/reminders/preview (the same body as the reminders): nothing is sent or recorded. */
export interface ReminderPreview {
  /** How many people would get an e-mail. */
  recipients: number;
  /** The first messages (at most 50), in the order they would be sent. */
  messages: ReminderPreviewMessage[];
  skippedPeople: ReminderSkippedPerson[];
}

/** The order of the matrix's and the staff list's people: by unit (org order, then 職員番号), either way. */
export type PeopleSort = 'unit' | '-unit';
export const PEOPLE_SORTS: readonly PeopleSort[] = ['unit', '-unit'];
