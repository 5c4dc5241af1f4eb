// Reading a seller's YAML file through its schema: a syntax error or a wrong field becomes a
// ConfigError whose lines name the file (relative to where the portal runs) and the field.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatIssues } from './format-error.ts';

export function readYamlFile<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  const rel = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${rel}: ${(err as Error).message.split('\n')[0]}`]);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatIssues(rel, result.error));
  return result.data;
}
