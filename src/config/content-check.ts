// Checks the seller's content files when the portal is built, so a broken store.yaml or
// shipping.yaml or a reply draft fails the build with the same one-line-per-mistake message as the server start.
import type { AstroIntegration } from 'astro';
import { ConfigError } from './format-error.ts';
import { loadShipping } from './shipping.ts';
import { loadStore } from './store.ts';
import { loadReplies } from '../triage/replies.ts';

export function sellerContentCheck(): AstroIntegration {
  return {
    name: 'seller-content-check',
    hooks: {
      'astro:config:setup': () => {
        try {
          loadStore();
          loadShipping();
          loadReplies();
        } catch (err) {
          if (err instanceof ConfigError) throw new Error(`Seller content is invalid:\n${err.lines.join('\n')}`);
          throw err;
        }
      },
    },
  };
}
