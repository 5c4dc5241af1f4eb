// Inline styles that depend on settings (store colours, a flow's conditional reveals) are not
// known at build time, so their CSP hashes are added per response here.
import { createHash } from 'node:crypto';
import type { AstroGlobal } from 'astro';

export function allowInlineStyle(Astro: AstroGlobal, css: string): string {
  const hash = createHash('sha256').update(css).digest('base64');
  Astro.csp?.insertStyleHash(`sha256-${hash}`);
  return css;
}
