// @ts-check
import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';
import { sellerContentCheck } from './src/config/content-check.ts';
import { MAX_BODY_BYTES } from './src/uploads/limits.ts';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone', bodySizeLimit: MAX_BODY_BYTES }),
  integrations: [preact(), sellerContentCheck()],
  // Drafts and receipts live in the spool under PORTAL_DATA_DIR; Astro's own sessions would
  // write under node_modules with the build machine's path baked in.
  session: false,
  security: { checkOrigin: true, actionBodySizeLimit: MAX_BODY_BYTES, csp: true },
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
});
