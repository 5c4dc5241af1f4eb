// One friendly formatter for every schema failure (environment, seller content, input):
// a person fixing a setting wants one line per mistake naming where it is and what is wrong.
import type { z } from 'zod';

export function formatIssues(source: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    return `${source}: ${path}: ${issue.message}`;
  });
}

/** Thrown when settings or content are invalid; its message is ready to print. */
export class ConfigError extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
    this.lines = lines;
  }
}
