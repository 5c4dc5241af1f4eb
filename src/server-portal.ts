// The web server's single portal instance, made on first use. Settings errors surface here
// too, but the start script has already checked them before the server listens.
import { createPortal, type Portal } from './portal.ts';

let portal: Portal | undefined;

export function serverPortal(): Portal {
  portal ??= createPortal();
  return portal;
}
