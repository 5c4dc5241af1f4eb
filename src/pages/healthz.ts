// For load balancers and monitoring: pending and failed tickets, and how old the oldest
// pending one is (a growing age means mail is not getting out).
import type { APIRoute } from 'astro';
import { serverPortal } from '../server-portal.ts';

export const GET: APIRoute = async () => {
  const counts = await serverPortal().spool.counts();
  return new Response(JSON.stringify({ status: 'ok', ...counts }), {
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
};
