// Reading a seller's YAML file through its schema: a syntax error or a wrong field becomes a
// ConfigError whose lines name the file (relative to where the portal runs) and the field.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatIssues } from './format-error.ts';

const relative = (file: string) => path.relative(process.cwd(), file) || file;

/** The file's YAML as plain data, for callers that combine files before validating. */
export function readYamlData(file: string): unknown {
  try {
    return parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${relative(file)}: ${(err as Error).message.split('\n')[0]}`]);
  }
}

/** Validate data read from `file`; problems are reported against that file. */
export function parseYamlData<T extends z.ZodType>(file: string, data: unknown, schema: T): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) throw new ConfigError(formatIssues(relative(file), result.error));
  return result.data;
}

export function readYamlFile<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  return parseYamlData(file, readYamlData(file), schema);
}
