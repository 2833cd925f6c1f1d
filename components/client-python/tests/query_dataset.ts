/**
 * Asks a runtime over WebSocket for the rows of an uploaded dataset, as a chart does, and
 * prints the reply as JSON: {"rows": n} or {"error": {"code", "message"}}.
 * Usage: node --import tsx query_dataset.ts <runtime url> <token> <hash>
 */
import WebSocket from 'ws';
import { arrowToRows, decodeArrow, encodeClientMessage, Namespace, ServerFrameReader } from '@vegafusion-ts/proto';

const [url, token, hash] = process.argv.slice(2);
const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const reader = new ServerFrameReader();
ws.on('open', () => {
  ws.send(encodeClientMessage({
    query: {
      requestId: 1, timeZone: 'UTC', items: [{ node: 0 }],
      graph: { nodes: [{ variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: `vegafusion+dataset://${hash}`, formatJson: '{}' } } }] },
    },
  }));
});
ws.on('message', (data: Buffer) => {
  const m = reader.push(new Uint8Array(data));
  if (!m) return;
  const out = m.error
    ? { error: { code: m.error.code, message: m.error.message } }
    : { rows: arrowToRows(decodeArrow(m.result!.values![0].value!.arrow!)).length };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  ws.close();
});
ws.on('error', (e) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
