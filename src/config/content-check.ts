// Checks the seller's content files when the portal is built, so a broken store.yaml or
// shipping.yaml or a reply draft (shared or a store's own) fails the build with the same
// one-line-per-mistake message as the server start.
import type { AstroIntegration } from 'astro';
import { ConfigError } from './format-error.ts';
import { loadStores } from '../stores/stores.ts';

export function sellerContentCheck(): AstroIntegration {
  return {
    name: 'seller-content-check',
    hooks: {
      'astro:config:setup': () => {
        try {
          loadStores();
        } catch (err) {
          if (err instanceof ConfigError) throw new Error(`Seller content is invalid:\n${err.lines.join('\n')}`);
          throw err;
        }
      },
    },
  };
}
