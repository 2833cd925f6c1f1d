import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
const { evaluateExpression } = await import('./src/engine/expressions/index.js');
for (const src of [`replace('${'a'.repeat(40)}!', /(a+)+$/, 'x')`, `replace('${'a'.repeat(40)}!', /(a|aa)+$/, 'x')`, `replace('abcabc', /(abc)\\1/, 'x')`, `replace('${'a'.repeat(28)}!', /(?=a)(a+)+$/, 'x')`]) {
const t = performance.now();
try { console.log(evaluateExpression(src, { timeZone: 'UTC', signal: () => 0, data: () => undefined })); } catch (e) { console.log('err', (e as Error).message.slice(0, 200)); }
console.log('ms', Math.round(performance.now() - t));
}
