// Thumbnails of photos staged in a draft. The draft id is the only key, so only the buyer who
// holds it can see them; images are served as their sniffed type and never cached.
import type { APIRoute } from 'astro';
import { requestSite, serverPortal } from '../../../server-portal.ts';

export const GET: APIRoute = async ({ params, locals }) => {
  const { drafts } = serverPortal();
  const site = requestSite(locals);
  const draft = site ? await drafts.get(params.id ?? '', site.id) : null;
  const file = draft?.files.find((f) => f.storedName === params.name && f.mediaType.startsWith('image/'));
  const data = draft && file ? await drafts.readFile(draft, file.storedName) : null;
  if (!file || !data) return new Response('Not found', { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: {
      'content-type': file.mediaType,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
    },
  });
};
