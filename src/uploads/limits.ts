// Upload limits in one place: the form tells the buyer these, the server enforces them, and
// astro.config.mjs sizes the request body limit from them.
export const UPLOAD_LIMITS = {
  maxFiles: 10,
  maxFileBytes: 15 * 1024 * 1024,
  maxTotalBytes: 40 * 1024 * 1024,
} as const;

/** Whole request body: every file at once plus the form fields. */
export const MAX_BODY_BYTES = UPLOAD_LIMITS.maxTotalBytes + 1024 * 1024;
