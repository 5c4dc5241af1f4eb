// @ts-check
import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';
import { sellerContentCheck } from './src/config/content-check.ts';
import { MAX_BODY_BYTES } from './src/uploads/limits.ts';

export default defineConfig({
  output: 'server',
  // The adapter's limit sits 1 MiB above the action's, so Astro's own check (which stops reading
  // a body without Content-Length at its limit) answers first with CONTENT_TOO_LARGE, a page the
  // buyer can read, instead of the adapter's stream error (a blank 500).
  adapter: node({ mode: 'standalone', bodySizeLimit: MAX_BODY_BYTES + 1024 * 1024 }),
  integrations: [preact(), sellerContentCheck()],
  // Drafts and receipts live in the spool under PORTAL_DATA_DIR; Astro's own sessions would
  // write under node_modules with the build machine's path baked in.
  session: false,
  security: { checkOrigin: true, actionBodySizeLimit: MAX_BODY_BYTES, csp: true },
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
});
