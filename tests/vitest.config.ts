/// <reference types="vitest/config" />
// Unit and integration tests run under Vite with Astro's config, so `astro:*` modules resolve.
import { getViteConfig } from 'astro/config';

export default getViteConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
