import * as vega from 'vega';
process.env.TZ = process.argv[2];
const rnd = (seed) => { let a = seed; return () => { a = (a + 0x6d2b79f5) | 0; let t = Math.imul(a ^ (a >>> 15), 1 | a); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; };
const r = rnd(42); const xs = []; for (let i = 0; i < 60; i++) xs.push(Math.round(-3.8e12 + r() * 7.9e12));
const t = Number(process.argv[3]) || xs[41];
const d = new Date(t); console.log(d.toString(), d.toISOString());
const spec = { data: [{ name: 'i', values: [{ d }] }, { name: 'o', source: 'i', transform: [JSON.parse(process.argv[4])] }] };
const view = new vega.View(vega.parse(spec), { renderer: 'none' }); await view.runAsync();
for (const row of view.data('o')) for (const [k, v] of Object.entries(row)) console.log(k, v instanceof Date ? v.toString() + ' ' + v.toISOString() : v);
