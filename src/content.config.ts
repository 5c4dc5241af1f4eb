// Seller-written help articles, loaded from the top-level content/ folder so a seller edits
// files there only: content/help/ for every store, content/stores/<id>/help/ for one store.
// A broken front matter stops the build naming the file and field.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const help = defineCollection({
  loader: glob({ pattern: ['help/**/*.md', 'stores/*/help/**/*.md'], base: './content' }),
  schema: z
    .object({
      title: z.string().min(1).max(120),
      /** Which part of a flow shows it: see `help` in src/flows/*.ts. */
      topic: z.enum(['customs', 'delivered', 'how-to-use', 'in-transit']),
      lang: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language like en or pt-BR'),
    })
    .strict(),
});

export const collections = { help };
