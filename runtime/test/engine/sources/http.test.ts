import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRowsEqual } from '../../support/compare.js';
import { rowsOf, testLoader, vegaRead } from './helpers.js';

const CSV = 'a,b\n1,2001/01/01 10:00\n2,\n';
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/d.csv') res.end(CSV);
    else if (req.url === '/moved') res.writeHead(302, { location: '/d.csv' }).end();
    else if (req.url === '/away') res.writeHead(302, { location: 'http://example.invalid/d.csv' }).end();
    else if (req.url === '/big') res.end('x\n'.repeat(5000));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('http(s) data URLs', () => {
  it('fetches from an allowed host, following redirects on it', async () => {
    const loader = await testLoader({ allowedHosts: ['127.0.0.1'] });
    const format = { type: 'csv', parse: { a: 'number', b: 'date' } };
    for (const p of ['/d.csv', '/moved']) {
      const rows = await rowsOf(await loader.loadUrl(`${base}${p}`, format, { timeZone: 'America/New_York' }));
      expectRowsEqual(rows, vegaRead(CSV, format, 'America/New_York'));
    }
  });

  it('refuses other hosts, redirects to them, missing and oversized bodies', async () => {
    const loader = await testLoader({ allowedHosts: ['127.0.0.1'], maxBytes: 1000 });
    const ctx = { timeZone: 'UTC' };
    await expect(loader.loadUrl(`${base.replace('127.0.0.1', 'localhost')}/d.csv`, { type: 'csv' }, ctx)).rejects.toMatchObject({ code: 'data_forbidden' });
    await expect(loader.loadUrl(`${base}/away`, { type: 'csv' }, ctx)).rejects.toMatchObject({ code: 'data_forbidden' });
    await expect(loader.loadUrl(`${base}/missing.csv`, { type: 'csv' }, ctx)).rejects.toMatchObject({ code: 'data_not_found' });
    await expect(loader.loadUrl(`${base}/big`, { type: 'csv' }, ctx)).rejects.toMatchObject({ code: 'limit_exceeded' });
    const none = await testLoader();
    await expect(none.loadUrl(`${base}/d.csv`, { type: 'csv' }, ctx)).rejects.toMatchObject({ code: 'data_forbidden' });
  });
});
