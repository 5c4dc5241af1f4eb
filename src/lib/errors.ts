// Stable error codes, used in logs, in the outbox CLI and by tests. One table so a code
// means the same thing everywhere and a seller can search the README for it.
export const ERROR_CODES = {
  CONFIG_INVALID: 'A setting or content file is missing or malformed.',
  INPUT_INVALID: 'The submitted form did not pass validation.',
  SPOOL_WRITE: 'The ticket could not be written to disk; the buyer was told it was NOT received.',
  SPOOL_CORRUPT: 'A spooled ticket could not be read back.',
  REFERENCE_TAKEN: 'A generated reference already exists (retried with a new one).',
  MAIL_TEMPORARY: 'The mail server was unreachable or answered 4xx; delivery will be retried.',
  MAIL_PERMANENT: 'The mail server refused the message (5xx); the ticket needs attention.',
  MAIL_GIVE_UP: 'Delivery kept failing past the give-up time; the ticket moved to failed/.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PortalError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PortalError';
    this.code = code;
  }
}
