// The benchmark's baseline: a bare Node server that parses the multipart body with the platform's
// own parser and writes each file durably — the least any ticket server has to do.
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';

const [port, dir] = [Number(process.argv[2]), process.argv[3]!];
await fs.mkdir(dir, { recursive: true });
let n = 0;
http
  .createServer(async (req, res) => {
    if (req.method !== 'POST') return res.end('ok');
    const request = new Request('http://local/', { method: 'POST', headers: req.headers as Record<string, string>, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
    const form = await request.formData();
    for (const [, value] of form) {
      if (typeof value === 'string') continue;
      const handle = await fs.open(path.join(dir, `${process.pid}-${n++}`), 'w');
      await handle.writeFile(new Uint8Array(await value.arrayBuffer()));
      await handle.sync();
      await handle.close();
    }
    res.end('{"status":"received"}');
  })
  .listen(port, '127.0.0.1');
